/**
 * 会議資料, 集計_地区, 要対応リスト and 実行履歴 in the output plan (SPEC §5.3, Appendix C):
 * every figure against the engine's JSON, for a hand-computed fixture (exact values) and for the
 * sample roster.
 */
import { dayFromIso, excelSerialFromDay } from '../../src/domain/day';
import type { DistrictOutcome as DistrictSummary } from '../../src/sheets/outcome';
import { generateRoster } from '../../src/sample/generate';
import { rosterToSnapshot } from '../../src/sample/writeSample';
import {
  BRACKET_AT_RISK_FORMAT,
  BRACKET_PERCENT_FORMAT,
  MEETING_HEADLINE_LABELS,
  MEETING_LAYOUT,
  MEETING_TITLE,
} from '../../src/sheets/plan-meeting';
import { FOLLOW_UP_HEADERS, FOLLOW_UP_LABELS, followUpEntries } from '../../src/sheets/plan-follow-up';
import { HISTORY_HEADERS } from '../../src/sheets/plan-history';
import { DISTRICT_HEADERS } from '../../src/sheets/plan-district';
import type { CellOut, SheetPlan } from '../../src/sheets/plan-types';
import { recalc, type RecalcOutput } from '../../src/sheets/recalc';
import type { ResultJson } from '../../src/sheets/result';
import { MAMIS_NOTE } from '../../src/strings/texts';
import {
  DOCTOR_IDS,
  DOCTOR_NAMES,
  FIXTURE_AS_OF,
  FIXTURE_NOW,
  meetingFixture,
} from '../helpers/meeting-fixture';
import { snapshot, type Rows } from '../helpers/workbook';

const AS_OF = dayFromIso(FIXTURE_AS_OF)!;

function run(sheets: Record<string, Rows> = meetingFixture()): RecalcOutput {
  return recalc(snapshot(sheets), { asOf: AS_OF, now: FIXTURE_NOW });
}

const sheetOf = (out: RecalcOutput, name: string): SheetPlan => {
  const s = out.plan.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
};

/** The value of an output cell (formulas: the cached value). */
const val = (c: CellOut | undefined): string | number | null => (c === undefined || c === null ? null : c.v);
const values = (row: CellOut[] | undefined, width: number): (string | number | null)[] =>
  Array.from({ length: width }, (_, i) => val(row?.[i]));
const cell = (sh: SheetPlan, a1: string): CellOut => {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
  const col = m[1].split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return sh.rows[Number(m[2]) - 1]?.[col - 1] ?? null;
};

/** A district's figures in DISTRICT_HEADERS order, as the JSON has them. */
const jsonRow = (d: DistrictSummary): (string | number | null)[] => [
  d.district,
  d.clinicsInScope,
  d.clinicsOutOfScope,
  d.clinicsWithCompleter,
  d.clinicsWithCompleterRate,
  d.clinicsReady,
  d.clinicsReported,
  d.clinicsActionNeeded,
  d.doctors,
  d.certified,
  d.eligible,
  d.inProgress,
  d.noRecords,
  d.completionRate,
];

/** Every figure of 集計_地区 and of 会議資料 equals the JSON (the relations, for any roster). */
function expectSheetsMatchJson(out: RecalcOutput, r: ResultJson): void {
  const district = sheetOf(out, '集計_地区');
  const meeting = sheetOf(out, '会議資料');
  const n = r.districts.length;
  expect(values(district.rows[0], 14)).toEqual([...DISTRICT_HEADERS]);
  expect(values(meeting.rows[MEETING_LAYOUT.tableHeaderRow - 1], 14)).toEqual([...DISTRICT_HEADERS]);
  const all = [...r.districts, r.districtTotal];
  all.forEach((d, i) => {
    expect(values(district.rows[1 + i], 14)).toEqual(jsonRow(d));
    expect(values(meeting.rows[MEETING_LAYOUT.tableHeaderRow + i], 14)).toEqual(jsonRow(d));
  });
  expect(val(district.rows[n + 1][0])).toBe('合計');
  // Rates are numbers with a % format, never text.
  for (const row of [
    ...district.rows.slice(1, n + 2),
    ...meeting.rows.slice(MEETING_LAYOUT.tableHeaderRow, MEETING_LAYOUT.tableHeaderRow + n + 1),
  ]) {
    for (const c of [row[4], row[13]]) if (c !== null) expect(c).toMatchObject({ t: 'n', fmt: '0.0%' });
  }
  // Headlines: the 合計 row plus the at-risk clinics.
  const t = r.districtTotal;
  const atRisk = r.clinics.filter((c) => c.readiness === 'action-needed' && c.atRisk).length;
  const B = (row: number) => val(cell(meeting, `B${row}`));
  expect(MEETING_HEADLINE_LABELS.map((_, i) => val(cell(meeting, `A${6 + i}`)))).toEqual([
    ...MEETING_HEADLINE_LABELS,
  ]);
  expect([B(6), B(7), B(8), B(9), B(10), B(11), B(12), B(13), B(14), B(15)]).toEqual([
    t.doctors,
    t.certified,
    t.completionRate,
    t.eligible,
    t.inProgress,
    t.noRecords,
    t.clinicsInScope,
    t.clinicsWithCompleter,
    t.clinicsReady,
    t.clinicsActionNeeded,
  ]);
  expect(val(cell(meeting, 'C13'))).toBe(t.clinicsWithCompleterRate);
  expect(val(cell(meeting, 'C15'))).toBe(atRisk);
  expect(val(cell(meeting, 'B2'))).toBe(excelSerialFromDay(dayFromIso(r.asOf)!));
  // The chart: districts without 合計, the two rates, axis 0–100 %.
  const chart = meeting.chart!;
  expect(chart.type).toBe('clusteredColumn');
  expect(chart.categoryValues).toEqual(r.districts.map((d) => d.district));
  expect(chart.categories).toBe(`A18:A${17 + n}`);
  expect(chart.series.map((s) => [s.name, s.nameCell, s.range])).toEqual([
    ['修了率', 'N17', `N18:N${17 + n}`],
    ['修了者のいる医療機関の割合', 'E17', `E18:E${17 + n}`],
  ]);
  expect(chart.series[0].values).toEqual(r.districts.map((d) => d.completionRate));
  expect(chart.series[1].values).toEqual(r.districts.map((d) => d.clinicsWithCompleterRate));
  expect(chart.valueAxis).toEqual({ min: 0, max: 1, numFmt: '0%' });
  expect(chart.anchor.row).toBeGreaterThan(17 + n + 1);
  // The MAMIS note is the last row, below the chart.
  const last = meeting.rows.length;
  expect(values(meeting.rows[last - 1], 1)).toEqual([MAMIS_NOTE]);
  expect(last).toBeGreaterThanOrEqual(chart.anchor.row + chart.anchor.rows);
}

/** Every text on a sheet plan. */
const texts = (sh: SheetPlan): string[] =>
  sh.rows.flatMap((r) =>
    r.flatMap((c) => (c === null ? [] : c.t === 's' ? [c.v] : c.t === 'f' ? [c.f, String(c.v)] : [])),
  );

describe('hand-computed fixture (as of 2026-03-20, 11 days left in the report window)', () => {
  const out = run();
  const r = out.result;

  // rev 2 (§2.5): a created 設定 comes first, inserted before the first owned sheet.
  test('the plan holds 設定 (created, before the owned sheets), then the five owned sheets in order', () => {
    expect(out.plan.sheets.map((s) => [s.name, s.mode])).toEqual([
      ['設定', 'create'],
      ['集計_地区', 'owned'],
      ['会議資料', 'owned'],
      ['要対応リスト', 'owned'],
      ['入力チェック', 'owned'],
      ['実行履歴', 'append'],
    ]);
    expect(out.plan.sheets[0].insertBefore).toEqual([
      '集計_地区',
      '会議資料',
      '要対応リスト',
      '入力チェック',
      '実行履歴',
    ]);
  });

  test('the engine JSON has the hand-computed district figures', () => {
    const d = (district: string, o: Partial<DistrictSummary>): DistrictSummary => ({
      district,
      clinicsInScope: 0,
      clinicsOutOfScope: 0,
      clinicsWithCompleter: 0,
      clinicsWithCompleterRate: 0,
      clinicsReady: 0,
      clinicsReported: 0,
      clinicsActionNeeded: 0,
      doctors: 0,
      certified: 0,
      eligible: 0,
      inProgress: 0,
      noRecords: 0,
      completionRate: 0,
      ...o,
    });
    expect(r.districts).toEqual([
      d('小倉北区', {
        clinicsInScope: 2,
        clinicsOutOfScope: 1,
        clinicsWithCompleter: 1,
        clinicsWithCompleterRate: 0.5,
        clinicsReady: 1,
        clinicsReported: 1,
        doctors: 3,
        certified: 2,
        eligible: 1,
        completionRate: 2 / 3,
      }),
      d('門司区', { clinicsInScope: 2, clinicsActionNeeded: 2, doctors: 3, inProgress: 3 }),
      d('（地区未設定）', { clinicsInScope: 1, clinicsActionNeeded: 1, doctors: 1, noRecords: 1 }),
    ]);
    expect(r.districtTotal).toEqual(
      d('合計', {
        clinicsInScope: 5,
        clinicsOutOfScope: 1,
        clinicsWithCompleter: 1,
        clinicsWithCompleterRate: 0.2,
        clinicsReady: 1,
        clinicsReported: 1,
        clinicsActionNeeded: 3,
        doctors: 7,
        certified: 2,
        eligible: 1,
        inProgress: 3,
        noRecords: 1,
        completionRate: 2 / 7,
      }),
    );
    expect(r.clinics.map((c) => [c.code, c.readiness, c.reasons, c.daysLeft, c.atRisk])).toEqual([
      ['1000001', 'ready', [], 11, false],
      ['1000002', 'action-needed', ['no-gmis-account', 'no-completer'], 11, true],
      ['1000003', 'action-needed', ['no-gmis-permission', 'no-completer'], 11, true],
      ['1000004', 'out-of-scope', [], 11, false],
      ['1000005', 'reported', [], 11, false],
      ['1000006', 'action-needed', ['no-linked-doctor'], 11, false],
    ]);
  });

  test('集計_地区: exact cells', () => {
    const sh = sheetOf(out, '集計_地区');
    expect(sh.rows.slice(1, 5).map((row) => values(row, 14))).toEqual([
      ['小倉北区', 2, 1, 1, 0.5, 1, 1, 0, 3, 2, 1, 0, 0, 2 / 3],
      ['門司区', 2, 0, 0, 0, 0, 0, 2, 3, 0, 0, 3, 0, 0],
      ['（地区未設定）', 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0],
      ['合計', 5, 1, 1, 0.2, 1, 1, 3, 7, 2, 1, 3, 1, 2 / 7],
    ]);
    expect(sh.freezeRows).toBe(1);
    expect(sh.autoFilter).toBe('A1:N5');
    expectSheetsMatchJson(out, r);
  });

  test('会議資料: title, as-of, rule, time, the ten headlines (Appendix C), table, chart, note', () => {
    const sh = sheetOf(out, '会議資料');
    expect(values(sh.rows[0], 2)).toEqual([MEETING_TITLE, null]);
    expect(values(sh.rows[1], 2)).toEqual(['基準日', excelSerialFromDay(AS_OF)]);
    expect(sh.rows[1][1]).toMatchObject({ t: 'd' });
    expect(values(sh.rows[2], 2)).toEqual([
      'ルール',
      '座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）',
    ]);
    expect(values(sh.rows[3], 2)).toEqual(['計算日時', '2026-03-20 10:15 (JST)']);
    // rev 2 (Appendix C): A5 報告期間 / B5 the effective window as text.
    expect(sh.rows[4]).toEqual([
      { t: 's', v: '報告期間', s: 'label' },
      { t: 's', v: '2026/01/01〜2026/03/31' },
    ]);
    expect(sh.rows.slice(5, 15).map((row) => values(row, 3))).toEqual([
      ['医師数', 7, null],
      ['修了証あり', 2, null],
      ['修了率', 2 / 7, null],
      ['要件充足', 1, null],
      ['未充足', 3, null],
      ['記録なし', 1, null],
      ['対象医療機関数', 5, null],
      ['修了者のいる医療機関数（割合）', 1, 0.2],
      ['準備完了', 1, null],
      ['要対応（うち間に合わない恐れ）', 3, 2],
    ]);
    expect(cell(sh, 'B8')).toMatchObject({ t: 'n', fmt: '0.0%' });
    expect(cell(sh, 'C13')).toMatchObject({ t: 'n', fmt: BRACKET_PERCENT_FORMAT });
    expect(cell(sh, 'C15')).toMatchObject({ t: 'n', fmt: BRACKET_AT_RISK_FORMAT });
    expect(sh.rows[15]).toEqual([]);
    expect(sh.rows.slice(17, 21).map((row) => values(row, 14))).toEqual([
      ['小倉北区', 2, 1, 1, 0.5, 1, 1, 0, 3, 2, 1, 0, 0, 2 / 3],
      ['門司区', 2, 0, 0, 0, 0, 0, 2, 3, 0, 0, 3, 0, 0],
      ['（地区未設定）', 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0],
      ['合計', 5, 1, 1, 0.2, 1, 1, 3, 7, 2, 1, 3, 1, 2 / 7],
    ]);
    expect(sh.chart).toEqual({
      type: 'clusteredColumn',
      title: '地区別の修了率と修了者のいる医療機関の割合',
      categories: 'A18:A20',
      categoryValues: ['小倉北区', '門司区', '（地区未設定）'],
      series: [
        { name: '修了率', nameCell: 'N17', range: 'N18:N20', values: [2 / 3, 0, 0] },
        { name: '修了者のいる医療機関の割合', nameCell: 'E17', range: 'E18:E20', values: [0.5, 0, 0] },
      ],
      anchor: { col: 1, row: 23, cols: 14, rows: 20 },
      valueAxis: { min: 0, max: 1, numFmt: '0%' },
    });
    expect(sh.rows.length).toBe(44);
    expect(values(sh.rows[43], 1)).toEqual([MAMIS_NOTE]);
    expect(sh.page).toEqual({
      orientation: 'landscape',
      paperSize: 9,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitleRows: '1:4',
      footer: '&P / &N',
    });
    expectSheetsMatchJson(out, r);
  });

  test('会議資料 and 集計_地区 carry no doctor name or ID', () => {
    for (const name of ['会議資料', '集計_地区']) {
      const all = texts(sheetOf(out, name)).join('\n');
      for (const s of [...DOCTOR_NAMES, ...DOCTOR_IDS]) expect(all).not.toContain(s);
    }
  });

  test('要対応リスト: the four 区分, sorted by 地区, 医療機関コード, 区分, 会員番号', () => {
    const sh = sheetOf(out, '要対応リスト');
    expect(values(sh.rows[0], 11)).toEqual([...FOLLOW_UP_HEADERS]);
    expect(sh.rows.slice(1).map((row) => values(row, 11))).toEqual([
      [
        '申請待ち',
        '小倉北区',
        '1000001',
        '小倉北クリニック',
        'D002',
        '𠮷田 花子',
        null,
        '要件充足：MAMISで修了申請を',
        null,
        null,
        null,
      ],
      [
        '実地のみ不足',
        '門司区',
        '1000002',
        '門司医院',
        'D003',
        '佐藤 次郎',
        '実地1件',
        '実地研修1件で要件充足',
        null,
        null,
        null,
      ],
      [
        '座学のみ不足',
        '門司区',
        '1000002',
        '門司医院',
        'D004',
        '髙橋 三郎',
        '座学2単位',
        '座学2単位で要件充足',
        null,
        null,
        null,
      ],
      [
        '医療機関要対応',
        '門司区',
        '1000002',
        '門司医院',
        null,
        null,
        null,
        'G-MISアカウントの発行を申請／所属医師に研修の受講を案内',
        'G-MISアカウントなし、修了者・要件充足者なし',
        11,
        '間に合わない恐れ',
      ],
      [
        '医療機関要対応',
        '門司区',
        '1000003',
        '門司中央病院',
        null,
        null,
        null,
        'G-MISでかかりつけ医機能報告の権限を追加／所属医師に研修の受講を案内',
        'かかりつけ報告権限なし、修了者・要件充足者なし',
        11,
        '間に合わない恐れ',
      ],
      [
        '医療機関要対応',
        '（地区未設定）',
        '1000006',
        '若松診療所',
        null,
        null,
        null,
        '所属医師の登録（医師・所属シート）を確認',
        '所属医師なし',
        11,
        null,
      ],
    ]);
    expect(sh.freezeRows).toBe(1);
    expect(sh.autoFilter).toBe('A1:K7');
    expect(sh.page).toEqual({
      orientation: 'portrait',
      paperSize: 9,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitleRows: '1:1',
      footer: '&P / &N',
    });
  });

  test('実行履歴: an append row of counts (新規 blank on the first run), never names', () => {
    const sh = sheetOf(out, '実行履歴');
    expect(sh.mode).toBe('append');
    expect(sh.rows).toEqual([]);
    // prettier-ignore
    expect(values(sh.append!.header, HISTORY_HEADERS.length)).toEqual([
      '実行日時', '基準日', 'ルール',
      '医師_読込', '医師_使用', '医師_除外', '医師_空行',
      '研修記録_読込', '研修記録_使用', '研修記録_除外', '研修記録_空行',
      '医療機関_読込', '医療機関_使用', '医療機関_除外', '医療機関_空行',
      '所属_読込', '所属_使用', '所属_除外', '所属_空行',
      '修了証あり', '要件充足', '未充足', '記録なし',
      '対象外', '報告済', '準備完了', '要対応',
      '新規修了', '新規要件充足', '新規準備完了',
    ]);
    // prettier-ignore
    expect(values(sh.append!.row, HISTORY_HEADERS.length)).toEqual([
      '2026-03-20 10:15 (JST)', excelSerialFromDay(AS_OF), '座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）',
      7, 7, 0, 0,
      9, 7, 1, 1,
      6, 6, 0, 0,
      0, 0, 0, 0,
      2, 1, 3, 1,
      1, 1, 1, 3,
      null, null, null,
    ]);
    expect(r.counts.training).toEqual({ read: 9, used: 7, rejected: 1, blank: 1, counted: 7 });
  });
});

describe('最小公表人数 and a customised rule', () => {
  const withSettings = (rows: Rows): Record<string, Rows> => ({
    ...meetingFixture(),
    設定: [['項目', '値'], ...rows],
  });

  test('districts with fewer doctors than 最小公表人数 show 「－」 for both rates; the chart leaves them out', () => {
    const out = run(withSettings([['最小公表人数', 2]]));
    const sh = sheetOf(out, '会議資料');
    expect(values(sh.rows[19], 14)).toEqual(['（地区未設定）', 1, 0, 0, '－', 0, 0, 1, 1, 0, 0, 0, 1, '－']);
    expect(sh.rows[19][4]).toMatchObject({ t: 's', v: '－', s: 'dash' });
    // Other districts and the total (7 doctors) are shown.
    expect(val(sh.rows[17][13])).toBe(2 / 3);
    expect(val(sh.rows[20][13])).toBe(2 / 7);
    expect(val(cell(sh, 'B8'))).toBe(2 / 7);
    expect(sh.chart!.series.map((s) => s.values)).toEqual([
      [2 / 3, 0, null],
      [0.5, 0, null],
    ]);
    // 集計_地区 keeps every rate (the threshold is for what is published).
    expect(val(sheetOf(out, '集計_地区').rows[3][13])).toBe(0);
    // 最小公表人数 is not a rule key: no （一部変更）.
    expect(val(cell(sh, 'B3'))).toBe('座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）');
  });

  test('a threshold above the association total hides the headline rates and the 合計 rates too', () => {
    const out = run(withSettings([['最小公表人数', 8]]));
    const sh = sheetOf(out, '会議資料');
    expect(val(cell(sh, 'B8'))).toBe('－');
    expect(val(cell(sh, 'C13'))).toBe('－');
    expect(val(cell(sh, 'B13'))).toBe(1);
    expect(sh.rows[20][13]).toMatchObject({ t: 's', v: '－', s: 'totalDash' });
    expect(sh.chart!.series.every((s) => s.values.every((v) => v === null))).toBe(true);
  });

  test('a changed rule key prints 「（一部変更）」 after the rule text', () => {
    const out = run(
      withSettings([
        ['合計必要単位', 12],
        ['修了証の有効年数', 5],
      ]),
    );
    const sh = sheetOf(out, '会議資料');
    expect(val(cell(sh, 'B3'))).toBe(
      '座学0.5単位以上かつ実地1件以上、合計12単位以上（実地1件＝5単位）、修了証の有効期間5年（一部変更）',
    );
    expect(val(sheetOf(out, '実行履歴').append!.row[2])).toBe(val(cell(sh, 'B3')));
  });

  test('a roster without 医療機関 still builds every sheet (no clinic rows, blank clinic rates)', () => {
    const { 医療機関: _omit, ...rest } = meetingFixture();
    const out = run(rest);
    const sh = sheetOf(out, '会議資料');
    expect(val(cell(sh, 'B12'))).toBe(0);
    expect(val(cell(sh, 'C13'))).toBeNull();
    // D003 has no 地区 of its own and no clinic to take one from: （地区未設定）, listed last.
    expect(
      sheetOf(out, '要対応リスト')
        .rows.slice(1)
        .map((row) => [val(row[0]), val(row[1]), val(row[4])]),
    ).toEqual([
      ['申請待ち', '小倉北区', 'D002'],
      ['座学のみ不足', '門司区', 'D004'],
      ['実地のみ不足', '（地区未設定）', 'D003'],
    ]);
    expectSheetsMatchJson(out, out.result);
  });
});

describe('the sample roster (1,000 doctors, seed 1, as of 2026-01-31)', () => {
  const out = recalc(rosterToSnapshot(generateRoster({ doctors: 1000, seed: 1 })), {
    asOf: dayFromIso('2026-01-31'),
    now: FIXTURE_NOW,
  });
  const r = out.result;

  test('every figure on 集計_地区 and 会議資料 equals the engine JSON', () => {
    expect(r.districts.length).toBeGreaterThan(0);
    expectSheetsMatchJson(out, r);
  });

  test('要対応リスト holds exactly the doctors and clinics of SPEC §5.3, sorted', () => {
    const entries = followUpEntries({
      read: out.read,
      input: out.input,
      engine: out.engine,
      result: r,
      stamp: out.stamp,
      inputCheck: sheetOf(out, '入力チェック'),
    });
    const near = r.profile.nearZagakuThreshold;
    const expected = new Map<string, string>();
    for (const d of r.doctors) {
      const { jitchiActivities: j, zagakuUnits: z } = d.missing;
      if (d.status === 'eligible') expected.set(d.id, FOLLOW_UP_LABELS.apply);
      else if (d.status === 'in-progress' || d.status === 'no-records') {
        if (j >= 1 && z === 0) expected.set(d.id, FOLLOW_UP_LABELS.jitchiOnly);
        else if (j === 0 && z > 0 && z <= near) expected.set(d.id, FOLLOW_UP_LABELS.zagakuOnly);
      }
    }
    const doctorsListed = entries.filter((e) => e.doctorId !== null);
    expect(new Map(doctorsListed.map((e) => [e.doctorId!, FOLLOW_UP_LABELS[e.kind]]))).toEqual(expected);
    expect(
      entries
        .filter((e) => e.kind === 'clinic')
        .map((e) => e.clinicCode)
        .sort(),
    ).toEqual(
      r.clinics
        .filter((c) => c.readiness === 'action-needed')
        .map((c) => c.code)
        .sort(),
    );
    for (const e of entries.filter((x) => x.kind === 'clinic')) {
      const c = r.clinics.find((x) => x.code === e.clinicCode)!;
      expect([e.daysLeft, e.atRisk]).toEqual([c.daysLeft, c.atRisk]);
    }
    // Sorted: district (table order), clinic code (blank last), 区分, 会員番号.
    const order = new Map(r.districts.map((d, i) => [d.district, i]));
    const kinds = ['apply', 'jitchiOnly', 'zagakuOnly', 'clinic'];
    const key = (e: (typeof entries)[number]) =>
      [
        order.get(e.district)!,
        e.clinicCode === null ? 1 : 0,
        e.clinicCode ?? '',
        kinds.indexOf(e.kind),
        e.doctorId ?? '',
      ] as const;
    for (let i = 1; i < entries.length; i++) {
      const a = key(entries[i - 1]);
      const b = key(entries[i]);
      const cmp =
        a[0] - b[0] ||
        a[1] - b[1] ||
        (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) ||
        a[3] - b[3] ||
        (a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0);
      expect(cmp).toBeLessThanOrEqual(0);
    }
    expect(sheetOf(out, '要対応リスト').rows.length).toBe(entries.length + 1);
  });

  test('no doctor name on 会議資料 or 集計_地区', () => {
    const names = new Set(r.doctors.map((d) => d.name).filter((n): n is string => !!n));
    const ids = new Set(r.doctors.map((d) => d.id));
    for (const name of ['会議資料', '集計_地区']) {
      for (const t of texts(sheetOf(out, name))) {
        expect(names.has(t)).toBe(false);
        expect(ids.has(t)).toBe(false);
      }
    }
  });
});
