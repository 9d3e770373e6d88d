import {
  applyRates,
  compareCodePoints,
  DistrictRegistry,
  districtKey,
  emptySummary,
  totalSummary,
} from '../../src/domain/district';
// The domain names the unset district and the total row by sentinels; their words are src/sheets'.
import { districtOutcome, districtText } from '../../src/sheets/outcome';

describe('districtKey', () => {
  test.each([
    ['小倉北区', '小倉北区'],
    [' 小倉 北区 ', '小倉北区'],
    ['小倉\u3000北区', '小倉北区'],
    ['小倉\n北区', '小倉北区'],
    ['Ａ地区', 'A地区'],
    ['A地区', 'A地区'],
    ['a地区', 'a地区'], // case is kept
    ['第１班', '第1班'],
    ['北‐1', '北-1'],
    ['北－1', '北-1'],
    ['北—1', '北-1'],
    ['北−1', '北-1'],
    ['ｺｸﾗ', 'コクラ'],
    ['コーラ', 'コーラ'], // the long vowel mark is not a hyphen
  ])('%p → %p', (s, k) => expect(districtKey(s)).toBe(k));
});

describe('compareCodePoints', () => {
  test('orders by code point', () => {
    expect(compareCodePoints('A', 'B')).toBeLessThan(0);
    expect(compareCodePoints('B', 'A')).toBeGreaterThan(0);
    expect(compareCodePoints('A', 'A')).toBe(0);
    expect(compareCodePoints('A', 'AB')).toBeLessThan(0);
    expect(compareCodePoints('Z', 'a')).toBeLessThan(0);
  });
  test('astral characters sort after U+FFxx (unlike UTF-16 order)', () => {
    const astral = '𠮷'; // U+20BB7
    const halfwidth = 'ｱ'; // U+FF71
    expect(astral < halfwidth).toBe(true); // code-unit order would be wrong
    expect(compareCodePoints(astral, halfwidth)).toBeGreaterThan(0);
    expect(compareCodePoints(halfwidth, astral)).toBeLessThan(0);
  });
});

describe('DistrictRegistry', () => {
  test('variants merge; display is the first text met (trimmed)', () => {
    const r = new DistrictRegistry();
    const a = r.add('Ａ地区 ');
    const b = r.add('A地区');
    const c = r.add('A 地区');
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(r.displays[a]).toBe('Ａ地区');
    expect(r.size).toBe(1);
  });
  test('blank, null and the unset label go to the unset district', () => {
    const r = new DistrictRegistry();
    const u1 = r.add(null);
    const u2 = r.add('  ');
    const u3 = r.add('(地区未設定)');
    expect(u1).toBe(u2);
    expect(u1).toBe(u3);
    expect(districtText(r.displays[u1])).toBe('（地区未設定）');
    expect(r.isUnset(u1)).toBe(true);
  });
  test('order: by key, unset last', () => {
    const r = new DistrictRegistry();
    r.add(null);
    r.add('小倉南区');
    r.add('B');
    r.add('小倉北区');
    r.add('A');
    expect(r.order().map((i) => districtText(r.displays[i]))).toEqual([
      'A',
      'B',
      '小倉北区',
      '小倉南区',
      '（地区未設定）',
    ]);
  });
  test('no unset district unless one is met', () => {
    const r = new DistrictRegistry();
    r.add('X');
    expect(r.order().map((i) => r.displays[i])).toEqual(['X']);
  });
});

describe('summaries', () => {
  test('empty summary has null rates', () => {
    expect(emptySummary('X')).toEqual({
      district: 'X',
      clinicsInScope: 0,
      clinicsOutOfScope: 0,
      clinicsWithCompleter: 0,
      clinicsWithCompleterRate: null,
      clinicsReady: 0,
      clinicsReported: 0,
      clinicsActionNeeded: 0,
      doctors: 0,
      certified: 0,
      eligible: 0,
      inProgress: 0,
      noRecords: 0,
      completionRate: null,
    });
  });
  test('rates and total', () => {
    const a = applyRates({
      ...emptySummary('A'),
      doctors: 4,
      certified: 1,
      clinicsInScope: 2,
      clinicsWithCompleter: 1,
    });
    const b = applyRates({ ...emptySummary('B'), doctors: 0, clinicsInScope: 0, clinicsOutOfScope: 3 });
    expect(a.completionRate).toBe(0.25);
    expect(a.clinicsWithCompleterRate).toBe(0.5);
    expect(b.completionRate).toBeNull();
    expect(b.clinicsWithCompleterRate).toBeNull();
    const t = totalSummary([a, b]);
    expect(districtText(t.district)).toBe('合計');
    expect(t.doctors).toBe(4);
    expect(t.clinicsOutOfScope).toBe(3);
    expect(t.completionRate).toBe(0.25);
    expect(t.clinicsWithCompleterRate).toBe(0.5);
  });
  test('total of nothing has null rates', () => {
    expect(districtOutcome(totalSummary([]))).toEqual(emptySummary('合計'));
  });
});
