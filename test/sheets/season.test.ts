/**
 * SPEC rev 2 through the workbook contract: the 報告日 and 名簿外の修了者 columns, G-MIS status words,
 * settings values with units and the report window, the first run, the pinned district display
 * and 要対応リスト order, and 会議資料's report window row.
 */
import { dayFromIso } from '../../src/domain/day';
import { FatalError } from '../../src/sheets/fatal';
import { followUpEntries } from '../../src/sheets/plan-follow-up';
import { recalc, type RecalcOutput } from '../../src/sheets/recalc';
import type { SheetContext } from '../../src/sheets/plan-context';
import type { RawCell } from '../../src/sheets/types';
import { MINIMAL, snapshot, type Rows } from '../helpers/workbook';

const NOW = new Date('2027-01-20T01:00:00Z');
const run = (sheets: Record<string, Rows>, asOf: string | null = '2027-01-20', names: string[] = []) =>
  recalc(
    snapshot(sheets, { definedNames: new Map(names.map((n) => [n, `'${n}'!$A$1`])) }),
    asOf === null ? { now: NOW } : { asOf: dayFromIso(asOf)!, now: NOW },
  );

const DOCS: Rows = [
  ['会員番号', '氏名', '医療機関コード'],
  ['0001', '山田 太郎', '4017716434'],
];
const TRAIN: Rows = [['会員番号', '受講日', '区分', '研修名', '単位', '承認']];

function clinicsWith(head: RawCell[], ...rows: RawCell[][]): Record<string, Rows> {
  return { 医師: DOCS, 研修記録: TRAIN, 医療機関: [['医療機関コード', '名称', 'G-MIS', ...head], ...rows] };
}

const codes = (out: RecalcOutput, code: string) =>
  out.result.issues.filter((i) => i.code === code).map((i) => [i.cell, i.severity, i.value]);

describe('報告状況 words and 報告日 (§2.3, §3.4 step 2)', () => {
  test.each([
    ['報告済', 'reported'],
    ['報告済み', 'reported'],
    ['再報告済', 'reported'],
    ['再報告済み', 'reported'],
    ['確認完了済', 'reported'],
    ['確認完了済み', 'reported'],
    ['未報告', 'action-needed'],
    ['一時保存', 'action-needed'],
    ['差戻し', 'action-needed'],
    ['差し戻し', 'action-needed'],
  ])('%s → %s (this year’s 報告日)', (word, readiness) => {
    const out = run(clinicsWith(['報告状況', '報告日'], ['1000001', 'A', '○', word, '2027/01/15']));
    expect(out.result.clinics[0].readiness).toBe(readiness);
    expect(codes(out, 'flag-unrecognised')).toEqual([]);
  });

  test("a 2026 報告日: last year's report in a 2027 run, this year's in a 2026 run", () => {
    const sheets = clinicsWith(['報告状況', '報告日'], ['1000001', 'A', '○', '報告済', '令和8年2月10日']);
    const y2027 = run(sheets, '2027-01-20');
    expect(y2027.result.clinics[0]).toMatchObject({ readiness: 'action-needed', reportDate: '2026-02-10' });
    expect(y2027.result.issues.find((i) => i.code === 'report-previous-year')).toMatchObject({
      severity: 'info',
      sheet: '医療機関',
      row: 2,
      column: '報告日',
      cell: 'E2',
      value: '2026/02/10',
      message: '前回（2026/02/10）の報告です。今年の報告はまだ記録されていません',
    });
    const y2026 = run(sheets, '2026-03-01');
    expect(y2026.result.clinics[0]).toMatchObject({ readiness: 'reported', reportDate: '2026-02-10' });
    expect(codes(y2026, 'report-previous-year')).toEqual([]);
  });

  test('header aliases 報告年月日 and 報告完了日', () => {
    for (const h of ['報告年月日', '報告完了日']) {
      const out = run(clinicsWith(['報告状況', h], ['1000001', 'A', '○', '報告済', '2026/02/10']));
      expect(out.result.clinics[0].reportDate).toBe('2026-02-10');
    }
  });

  test('unreadable and future dates are warnings and read as blank (reportDate null)', () => {
    const out = run(
      clinicsWith(
        ['報告状況', '報告日'],
        ['1000001', 'A', '○', '報告済', '2027/02/30'],
        ['1000002', 'B', '○', '報告済', '2027/03/01'],
        ['1000003', 'C', '○', '報告済', null],
      ),
    );
    expect(out.result.clinics.map((c) => [c.readiness, c.reportDate])).toEqual([
      ['reported', null],
      ['reported', null],
      ['reported', null],
    ]);
    expect(codes(out, 'report-date-invalid')).toEqual([['E2', 'warning', '2027/02/30']]);
    expect(codes(out, 'report-date-future')).toEqual([['E3', 'warning', '2027/03/01']]);
    expect(codes(out, 'report-date-missing')).toEqual([
      ['E2', 'info', null],
      ['E3', 'info', null],
      ['E4', 'info', null],
    ]);
  });

  test('no 報告日 column: sheet-level report-date-column-missing on the 報告状況 header', () => {
    const out = run(clinicsWith(['報告状況'], ['1000001', 'A', '○', '報告済']));
    expect(out.result.clinics[0]).toMatchObject({ readiness: 'reported', reportDate: null });
    expect(out.result.issues.find((i) => i.code === 'report-date-column-missing')).toMatchObject({
      severity: 'info',
      sheet: '医療機関',
      row: null,
      column: '報告状況',
      cell: 'D1',
    });
  });
});

describe('名簿外の修了者 (§2.3 rev 2)', () => {
  test('counts, flags and invalid values; certified and 判定_修了者数 include them', () => {
    const out = run(
      clinicsWith(
        ['名簿外の修了者'],
        ['1000001', 'A', '○', 2],
        ['1000002', 'B', '○', '２人'],
        ['1000003', 'C', '○', '○'],
        ['1000004', 'D', '○', '×'],
        ['1000005', 'E', '○', 1.5],
        ['1000006', 'F', '○', 'たぶん'],
        ['1000007', 'G', '○', -1],
        ['1000008', 'H', '○', null],
      ),
    );
    expect(
      out.result.clinics.map((c) => [c.outsideCompleters, c.certified, c.completerAnswer, c.readiness]),
    ).toEqual([
      [2, 2, '有', 'ready'],
      [2, 2, '有', 'ready'],
      [1, 1, '有', 'ready'],
      [0, 0, '無', 'action-needed'],
      [0, 0, '無', 'action-needed'],
      [0, 0, '無', 'action-needed'],
      [0, 0, '無', 'action-needed'],
      [0, 0, '無', 'action-needed'],
    ]);
    expect(codes(out, 'outside-completers-invalid')).toEqual([
      ['D6', 'warning', '1.5'],
      ['D7', 'warning', 'たぶん'],
      ['D8', 'warning', '-1'],
    ]);
    expect(codes(out, 'flag-unrecognised')).toEqual([]);
    const plan = out.plan.inputs.find((p) => p.role === 'clinics')!;
    const col = (h: string) => plan.columns.find((c) => c.header === h)!.values;
    expect(col('判定_修了者数')).toEqual([2, 2, 1, 0, 0, 0, 0, 0]);
    expect(col('判定_所属医師数')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(col('判定_修了者の有無')).toEqual(['有', '有', '有', '無', '無', '無', '無', '無']);
    expect(out.result.districtTotal).toMatchObject({ clinicsWithCompleter: 3, certified: 0 });
  });

  test('header aliases', () => {
    for (const h of ['名簿外修了者', '修了者（名簿外）', '他の修了者数']) {
      const out = run(clinicsWith([h], ['1000001', 'A', '○', 1]));
      expect(out.result.clinics[0].outsideCompleters).toBe(1);
    }
  });
});

describe('settings values (§3.7 rev 2)', () => {
  const withSettings = (...rows: RawCell[][]) => ({ ...MINIMAL, 設定: [['項目', '値'], ...rows] as Rows });
  const fatalOf = (f: () => unknown): FatalError => {
    try {
      f();
    } catch (e) {
      if (e instanceof FatalError) return e;
      throw e;
    }
    throw new Error('no fatal error');
  };

  test('numbers may carry their unit', () => {
    const out = run(
      withSettings(
        ['合計必要単位', '10単位'],
        ['実地1件の単位', '５単位'],
        ['実地の最小件数', '1件'],
        ['修了証の有効年数', '3年'],
        ['G-MIS新規発行日数', '14日'],
        ['報告権限追加日数', '30 日'],
        ['最小公表人数', '5人'],
      ),
    );
    expect(out.result.profile).toMatchObject({
      totalUnits: 10,
      unitsPerJitchi: 5,
      minJitchiActivities: 1,
      certificateValidityYears: 3,
      gmisNewAccountDays: 14,
      permissionAddDays: 30,
      minPublishCount: 5,
      customized: true,
    });
  });

  test.each([
    ['修了証の有効年数', 0],
    ['修了証の有効年数', '0年'],
    ['修了証の有効年数', 2.5],
    ['合計必要単位', '10年'],
    ['G-MIS新規発行日数', '14単位'],
  ])('%s = %s is invalid and names its cell', (key, value) => {
    const e = fatalOf(() => run(withSettings([key, value])));
    expect(e.code).toBe('setting-invalid');
    expect(e.details).toMatchObject({ sheet: '設定', cell: 'B2' });
  });

  test('a window whose start is after its end is invalid; the error names the 報告期間開始 cell', () => {
    const e = fatalOf(() =>
      run(withSettings(['報告期間終了', '2027/02/27'], ['報告期間開始', '2027/03/01'])),
    );
    expect(e.code).toBe('setting-invalid');
    expect(e.details).toMatchObject({ sheet: '設定', cell: 'B3', row: 3 });
    expect(e.message).toContain('報告期間開始');
  });

  test('each blank bound takes its default independently', () => {
    const onlyEnd = run(withSettings(['報告期間開始', null], ['報告期間終了', '2027/02/27']), '2027-04-10');
    expect([onlyEnd.result.profile.reportWindowStart, onlyEnd.result.profile.reportWindowEnd]).toEqual([
      '2027-01-01',
      '2027-02-27',
    ]);
    const onlyStart = run(withSettings(['報告期間開始', '2027/01/14'], ['報告期間終了', null]), '2026-12-07');
    expect([onlyStart.result.profile.reportWindowStart, onlyStart.result.profile.reportWindowEnd]).toEqual([
      '2027-01-14',
      '2027-03-31',
    ]);
    // A set start after the derived end (31 March of the as-of year) is invalid too.
    const e = fatalOf(() => run(withSettings(['報告期間開始', '2027/05/01']), '2027-02-01'));
    expect(e.details).toMatchObject({ cell: 'B2' });
  });

  test('実地の集計開始日 is a rule key and appears in the profile JSON after countFrom', () => {
    const out = run(withSettings(['実地の集計開始日', '2024/04/01']));
    expect(Object.keys(out.result.profile).slice(8, 11)).toEqual([
      'countFrom',
      'jitchiCountFrom',
      'reportWindowStart',
    ]);
    expect(out.result.profile).toMatchObject({
      jitchiCountFrom: '2024-04-01',
      countFrom: null,
      customized: true,
    });
  });

  test('date-before-count-from names the 実地 date when 実地 rows were left out', () => {
    const out = run({
      ...MINIMAL,
      設定: [
        ['項目', '値'],
        ['集計開始日', '2025/10/02'],
        ['実地の集計開始日', '2025/12/01'],
      ],
    });
    expect(
      out.result.issues.filter((i) => i.code === 'date-before-count-from').map((i) => i.message),
    ).toEqual([
      '集計開始日（座学：2025/10/02）・実地の集計開始日（2025/12/01）より前の記録が2行あり、数えていません',
    ]);
    // 0001's 座学 of 2025/10/01 and 実地 of 2025/11/01 are both before their dates: not counted.
    expect(out.result.doctors[0]).toMatchObject({ zagakuUnits: 0, jitchiActivities: 0 });
  });

  test('医師会名 and 問い合わせ先 are not rule keys', () => {
    const out = run(withSettings(['医師会名', '小倉医師会'], ['問い合わせ先', '093-000-0000']));
    expect(out.result.profile.customized).toBe(false);
    expect(out.read.settings.texts).toEqual({ associationName: '小倉医師会', contact: '093-000-0000' });
  });
});

describe('first run (§5.3 rev 2, pinned)', () => {
  /** MINIMAL whose roster already carries empty 判定_ columns (a template or copied roster). */
  const withOwnedColumns = (): Record<string, Rows> => ({
    ...MINIMAL,
    医師: MINIMAL['医師'].map((r, i) => [...r, i === 0 ? '判定_状態' : i === 1 ? '記録なし' : null]),
    医療機関: MINIMAL['医療機関'].map((r, i) => [...r, i === 0 ? '判定_準備状況' : '要対応']),
  });
  const HISTORY: Rows = [['実行日時'], ['2027-01-10 09:00 (JST)']];

  test('判定_ columns but no 実行履歴: changes null, the history row leaves 新規 blank', () => {
    const out = run(withOwnedColumns());
    expect(out.result.changes).toBeNull();
    const history = out.plan.sheets.find((s) => s.name === '実行履歴')!;
    expect(history.append!.row.slice(-3)).toEqual([null, null, null]);
  });

  test('a marked 実行履歴 without a data row is a first run too', () => {
    const out = run({ ...withOwnedColumns(), 実行履歴: [['実行日時']] }, '2027-01-20', [
      '_KakariRoster_実行履歴',
    ]);
    expect(out.result.changes).toBeNull();
  });

  test('with 実行履歴, its marker and a data row: changes since the previous statuses', () => {
    const out = run({ ...withOwnedColumns(), 実行履歴: HISTORY }, '2027-01-20', ['_KakariRoster_実行履歴']);
    // 0001 was 記録なし, now 要件充足 (eligible); the clinic stays 要対応.
    expect(out.result.changes).toEqual({ newlyCertified: 0, newlyEligible: 1, newlyReady: 0 });
  });

  test('the Office.js reader gives no rows for 実行履歴, only its last used row', () => {
    const wb = snapshot(
      { ...withOwnedColumns(), 実行履歴: [] },
      { definedNames: new Map([['_KakariRoster_実行履歴', "'実行履歴'!$A$1"]]) },
    );
    wb.sheets.find((s) => s.name === '実行履歴')!.lastUsedRow = 1;
    expect(recalc(wb, { asOf: dayFromIso('2027-01-20')!, now: NOW }).result.changes).toBeNull();
    wb.sheets.find((s) => s.name === '実行履歴')!.lastUsedRow = 2;
    expect(recalc(wb, { asOf: dayFromIso('2027-01-20')!, now: NOW }).result.changes).not.toBeNull();
  });
});

describe('district display (§3.6) and 要対応リスト order (§5.3), pinned in rev 2', () => {
  test("display = first text met: 医師 top to bottom (own 地区, else its clinic's), then 医療機関", () => {
    const out = run({
      医師: [
        ['会員番号', '氏名', '医療機関コード', '地区'],
        ['0001', 'A', '1000001', 'Ｋｉｔａ'], // own 地区: its clinic's 地区 (Ｍｉｎａｍｉ) is not used here
        ['0002', 'B', '1000002', null], // inherits ｍｏｊｉ, met here, before every clinic
        ['0003', 'C', null, ' Minami '],
      ],
      研修記録: TRAIN,
      医療機関: [
        ['医療機関コード', '名称', '地区'],
        ['1000003', 'Z', 'moji'],
        ['1000001', 'X', 'Ｍｉｎａｍｉ'],
        ['1000002', 'Y', 'ｍｏｊｉ'],
        ['1000004', 'W', 'Wakamatsu'],
      ],
    });
    expect(out.result.districts.map((d) => d.district)).toEqual([
      'Ｋｉｔａ',
      'Minami',
      'Wakamatsu',
      'ｍｏｊｉ',
    ]);
    expect(out.result.doctors.map((d) => d.district)).toEqual(['Ｋｉｔａ', 'ｍｏｊｉ', 'Minami']);
    expect(out.result.clinics.map((c) => c.district)).toEqual([
      'ｍｏｊｉ',
      'Minami',
      'ｍｏｊｉ',
      'Wakamatsu',
    ]);
  });

  test('要対応リスト: 地区 in table order, then code (no-clinic doctors last in their 地区), 区分, 会員番号', () => {
    const eligible = (id: string): RawCell[][] => [
      [id, '2026/10/01', '座学', 'a', 5, null],
      [id, '2026/10/02', '実地', 'b', null, '承認'],
    ];
    const jitchiOnly = (id: string): RawCell[][] => [[id, '2026/10/01', '座学', 'a', 10, null]];
    const out = run({
      医師: [
        ['会員番号', '氏名', '医療機関コード', '地区'],
        ['D10', 'a', null, '北'],
        ['D09', 'b', '1000002', '北'],
        ['D08', 'c', '1000001', '北'],
        ['D07', 'd', '1000001', '北'],
        ['D06', 'e', null, null],
        ['D05', 'f', '1000003', '南'],
        ['D04', 'g', '1000001', '北'],
      ],
      研修記録: [
        ...TRAIN,
        ...eligible('D10'),
        ...jitchiOnly('D09'),
        ...jitchiOnly('D08'),
        ...eligible('D07'),
        ...eligible('D06'),
        ...eligible('D05'),
        ...eligible('D04'),
      ],
      医療機関: [
        ['医療機関コード', '名称', '地区', 'G-MIS'],
        ['1000002', 'Q', '北', '×'],
        ['1000001', 'P', '北', '○'],
        ['1000003', 'R', '南', '○'],
      ],
    });
    const entries = followUpEntries({ input: out.input, engine: out.engine } as SheetContext);
    expect(entries.map((e) => [e.district, e.clinicCode, e.kind, e.doctorId])).toEqual([
      ['北', '1000001', 'apply', 'D04'],
      ['北', '1000001', 'apply', 'D07'],
      ['北', '1000001', 'jitchiOnly', 'D08'],
      ['北', '1000001', 'clinic', null],
      ['北', '1000002', 'jitchiOnly', 'D09'],
      ['北', '1000002', 'clinic', null],
      ['北', null, 'apply', 'D10'],
      ['南', '1000003', 'apply', 'D05'],
      ['南', '1000003', 'clinic', null],
      ['（地区未設定）', null, 'apply', 'D06'],
    ]);
  });
});

describe('会議資料 A5 (Appendix C rev 2)', () => {
  test('the customized window as 「yyyy/mm/dd〜yyyy/mm/dd」; headlines stay in A6:B15, C13, C15', () => {
    const out = run({
      ...MINIMAL,
      設定: [
        ['項目', '値'],
        ['報告期間開始', '2027/01/14'],
        ['報告期間終了', '2027/02/27'],
      ],
    });
    const sh = out.plan.sheets.find((s) => s.name === '会議資料')!;
    expect(sh.rows[4]).toEqual([
      { t: 's', v: '報告期間', s: 'label' },
      { t: 's', v: '2027/01/14〜2027/02/27' },
    ]);
    expect(sh.rows[5][0]).toMatchObject({ v: '医師数' });
    expect(sh.rows[14][0]).toMatchObject({ v: '要対応（うち間に合わない恐れ）' });
    expect(sh.rows[12][2]).toMatchObject({ t: 'n' });
    expect(sh.rows[14][2]).toMatchObject({ t: 'n' });
  });
});
