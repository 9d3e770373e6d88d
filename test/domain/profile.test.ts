import { day, profile } from './helpers';
import { DEFAULT_PROFILE, isCustomized, profileJson, reportWindow } from '../../src/domain/profile';
import { profileText } from '../../src/sheets/outcome';
import { SETTINGS } from '../../src/sheets/settings';
import { isoFromDay } from '../../src/domain/day';
import type { Profile } from '../../src/domain/types';

describe('DEFAULT_PROFILE (§3.7)', () => {
  test('values', () => {
    expect(DEFAULT_PROFILE).toEqual({
      id: 'jma-2025',
      customized: false,
      totalUnits: 10,
      unitsPerJitchi: 5,
      zagakuStep: 0.5,
      minZagakuUnits: 0.5,
      minJitchiActivities: 1,
      certificateValidityYears: null,
      countFrom: null,
      jitchiCountFrom: null,
      asOfSetting: null,
      reportWindowStart: null,
      reportWindowEnd: null,
      gmisNewAccountDays: 14,
      permissionAddDays: 30,
      nearZagakuThreshold: 2,
      minPublishCount: 0,
    });
  });
  test('is frozen', () => expect(Object.isFrozen(DEFAULT_PROFILE)).toBe(true));
  test('is not customized', () => expect(isCustomized(DEFAULT_PROFILE)).toBe(false));
});

describe('SETTINGS', () => {
  test('keys, props and kinds in §3.7 order', () => {
    // rev 2: 実地の集計開始日 added; 修了証の有効年数 is ≥ 1 (positive).
    expect(SETTINGS.map((s) => [s.key, s.prop, s.kind, s.default, s.positive, s.rule])).toEqual([
      ['基準日', 'asOfSetting', 'date', null, false, false],
      ['集計開始日', 'countFrom', 'date', null, false, true],
      ['実地の集計開始日', 'jitchiCountFrom', 'date', null, false, true],
      ['合計必要単位', 'totalUnits', 'number', 10, true, true],
      ['実地1件の単位', 'unitsPerJitchi', 'number', 5, true, true],
      ['座学の単位刻み', 'zagakuStep', 'number', 0.5, true, true],
      ['座学の最小単位数', 'minZagakuUnits', 'number', 0.5, false, true],
      ['実地の最小件数', 'minJitchiActivities', 'integer', 1, false, true],
      ['修了証の有効年数', 'certificateValidityYears', 'integer', null, true, true],
      ['報告期間開始', 'reportWindowStart', 'date', null, false, false],
      ['報告期間終了', 'reportWindowEnd', 'date', null, false, false],
      ['G-MIS新規発行日数', 'gmisNewAccountDays', 'integer', 14, false, true],
      ['報告権限追加日数', 'permissionAddDays', 'integer', 30, false, true],
      ['座学あと少しの上限', 'nearZagakuThreshold', 'number', 2, false, true],
      ['最小公表人数', 'minPublishCount', 'integer', 0, false, false],
    ]);
  });
  test('every key has a Japanese description', () => {
    for (const s of SETTINGS) {
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.description).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
  });
  test('defaults equal DEFAULT_PROFILE', () => {
    for (const s of SETTINGS) expect(DEFAULT_PROFILE[s.prop]).toBe(s.default);
  });
});

describe('isCustomized', () => {
  const changed: [keyof Profile, number][] = [
    ['countFrom', day('2025-04-01')],
    ['jitchiCountFrom', day('2024-04-01')],
    ['totalUnits', 12],
    ['unitsPerJitchi', 4],
    ['zagakuStep', 1],
    ['minZagakuUnits', 1],
    ['minJitchiActivities', 2],
    ['certificateValidityYears', 3],
    ['gmisNewAccountDays', 7],
    ['permissionAddDays', 20],
    ['nearZagakuThreshold', 3],
  ];
  test.each(changed)('a changed rule key %s is customized', (prop, value) => {
    expect(isCustomized(profile({ [prop]: value }))).toBe(true);
  });
  test.each([
    ['asOfSetting', day('2026-01-31')],
    ['reportWindowStart', day('2026-01-14')],
    ['reportWindowEnd', day('2026-02-27')],
    ['minPublishCount', 5],
  ] as [keyof Profile, number][])('a changed non-rule key %s is not customized', (prop, value) => {
    expect(isCustomized(profile({ [prop]: value }))).toBe(false);
  });
  test('a value set equal to its default is not customized', () => {
    expect(isCustomized(profile({ totalUnits: 10, zagakuStep: 0.5 }))).toBe(false);
  });
  test('derived from the values, not from the flag', () => {
    expect(isCustomized(profile({ customized: true }))).toBe(false);
  });
});

describe('reportWindow (§3.5)', () => {
  const iso = (w: { start: number; end: number }) => [isoFromDay(w.start), isoFromDay(w.end)];
  test('as-of on 31 March: the same year', () =>
    expect(iso(reportWindow(DEFAULT_PROFILE, day('2026-03-31')))).toEqual(['2026-01-01', '2026-03-31']));
  test('as-of on 1 April: the next year', () =>
    expect(iso(reportWindow(DEFAULT_PROFILE, day('2026-04-01')))).toEqual(['2027-01-01', '2027-03-31']));
  test('as-of on 1 January', () =>
    expect(iso(reportWindow(DEFAULT_PROFILE, day('2026-01-01')))).toEqual(['2026-01-01', '2026-03-31']));
  test('as-of on 31 December', () =>
    expect(iso(reportWindow(DEFAULT_PROFILE, day('2025-12-31')))).toEqual(['2026-01-01', '2026-03-31']));
  test('explicit window', () =>
    expect(
      iso(
        reportWindow(
          profile({ reportWindowStart: day('2026-01-14'), reportWindowEnd: day('2026-02-27') }),
          day('2026-01-31'),
        ),
      ),
    ).toEqual(['2026-01-14', '2026-02-27']));
  test('only the end set: the start is derived', () =>
    expect(iso(reportWindow(profile({ reportWindowEnd: day('2026-02-28') }), day('2025-11-01')))).toEqual([
      '2026-01-01',
      '2026-02-28',
    ]));
  test('only the start set: the end is derived', () =>
    expect(iso(reportWindow(profile({ reportWindowStart: day('2026-01-14') }), day('2026-04-02')))).toEqual([
      '2026-01-14',
      '2027-03-31',
    ]));
});

describe('profileJson (§6.3)', () => {
  test('defaults: exact object and field order', () => {
    const j = profileJson(DEFAULT_PROFILE, day('2026-01-01'), day('2026-03-31'));
    expect(JSON.stringify(j)).toBe(
      JSON.stringify({
        id: 'jma-2025',
        customized: false,
        totalUnits: 10,
        unitsPerJitchi: 5,
        zagakuStep: 0.5,
        minZagakuUnits: 0.5,
        minJitchiActivities: 1,
        certificateValidityYears: null,
        countFrom: null,
        jitchiCountFrom: null,
        reportWindowStart: '2026-01-01',
        reportWindowEnd: '2026-03-31',
        gmisNewAccountDays: 14,
        permissionAddDays: 30,
        nearZagakuThreshold: 2,
        minPublishCount: 0,
      }),
    );
  });
  test('customized profile with dates', () => {
    const p = profile({
      countFrom: day('2025-04-01'),
      certificateValidityYears: 3,
      asOfSetting: day('2026-02-01'),
      reportWindowEnd: day('2026-02-27'),
    });
    const j = profileJson(p, day('2026-01-01'), day('2026-02-27'));
    expect(j).toEqual({
      id: 'jma-2025',
      customized: true,
      totalUnits: 10,
      unitsPerJitchi: 5,
      zagakuStep: 0.5,
      minZagakuUnits: 0.5,
      minJitchiActivities: 1,
      certificateValidityYears: 3,
      countFrom: '2025-04-01',
      jitchiCountFrom: null,
      reportWindowStart: '2026-01-01',
      reportWindowEnd: '2026-02-27',
      gmisNewAccountDays: 14,
      permissionAddDays: 30,
      nearZagakuThreshold: 2,
      minPublishCount: 0,
    });
    expect(j).not.toHaveProperty('asOfSetting');
  });
});

describe('profileText (Appendix B)', () => {
  test('defaults', () =>
    expect(profileText(DEFAULT_PROFILE)).toBe(
      '座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）',
    ));
  test('validity set: customized as well', () =>
    expect(profileText(profile({ certificateValidityYears: 3 }))).toBe(
      '座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）、修了証の有効期間3年（一部変更）',
    ));
  test('changed numbers use the shortest decimal', () =>
    expect(profileText(profile({ totalUnits: 12.5, minZagakuUnits: 2, unitsPerJitchi: 2.5 }))).toBe(
      '座学2単位以上かつ実地1件以上、合計12.5単位以上（実地1件＝2.5単位）（一部変更）',
    ));
  test('a non-rule change is not 一部変更', () =>
    expect(profileText(profile({ minPublishCount: 5, reportWindowEnd: day('2026-02-27') }))).toBe(
      '座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）',
    ));
});
