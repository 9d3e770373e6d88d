/**
 * The meeting and follow-up sheets of the plan (SPEC §5.3, Appendix C): 会議資料 (print-ready
 * summary with a chart), 要対応リスト (who and which clinic to chase) and 実行履歴 (one appended row
 * per run). Pure builders over the engine's result; both writers apply what is described here.
 *
 * Layout decisions (documented in the README and relied on by tests):
 * - 会議資料 headline pairs are label in A and value in B. The two compound headlines keep a
 *   number in B and put the part in brackets into C as a number with a literal-text format, so
 *   every figure stays a number:
 *     修了者のいる医療機関数（割合）   B = count (#,##0)   C = rate (format "（"0.0%"）" → 「（31.6%）」)
 *     要対応（うち間に合わない恐れ）   B = count (#,##0)   C = at-risk count (format "（うち "#,##0"）")
 * - 最小公表人数 > 0: a rate of a district with fewer doctors than that is the text 「－」 in the
 *   district table; the same rule applies to the 合計 row and to the 修了率 / 割合 headlines (the
 *   whole association is then below the threshold). The chart leaves such districts' bars out
 *   (a blank point), so the chart never shows what the table hides.
 * - No personal names on 会議資料: only districts and counts.
 */
import { excelSerialFromDay, slashFromDay, type Day } from '../domain/day';
import { runSteps, SLICE_MASK, type Steps } from '../domain/steps';
import { TextIndex } from '../domain/text-index';
import { compareCodePoints } from '../domain/district';
import { profileText } from '../domain/profile';
import type { ClinicIn, DistrictSummary, Reason, Status } from '../domain/types';
import {
  AT_RISK_TEXT,
  MAMIS_NOTE,
  READINESS_LABELS,
  REASON_LABELS,
  REASON_SEPARATOR,
  STATUS_LABELS,
  SUPPRESSED_RATE,
} from '../strings/texts';
import { colLetter, rangeA1 } from './address';
import { emptySheet, fitCell, headerRow } from './plan';
import type { CellOut, ChartPlan, PageSetupPlan, SheetPlan, StyleKey } from './plan-types';
import type { SheetContext } from './plan-sheets';
import { DISTRICT_HEADERS, PERCENT_FORMAT, districtRow } from './plan-sheets';

// ---------------------------------------------------------------------------------------------
// Small cell helpers
// ---------------------------------------------------------------------------------------------

const txt = (v: string | null | undefined, s?: StyleKey): CellOut =>
  v === null || v === undefined || v === ''
    ? null
    : s
      ? { t: 's', v: fitCell(v), s }
      : { t: 's', v: fitCell(v) };
const int = (v: number | null | undefined, s?: StyleKey): CellOut =>
  v === null || v === undefined ? null : s ? { t: 'n', v, fmt: '#,##0', s } : { t: 'n', v, fmt: '#,##0' };

export const COUNT_FORMAT = '#,##0';
export const DATE_FORMAT_JA = 'yyyy"年"m"月"d"日"';
export const DATE_FORMAT_SLASH = 'yyyy/mm/dd';
/** 「（31.6%）」 while the cell stays the number 0.316. */
export const BRACKET_PERCENT_FORMAT = '"（"0.0%"）"';
/** 「（うち 3）」 while the cell stays the number 3. */
export const BRACKET_AT_RISK_FORMAT = '"（うち "#,##0"）"';
/** The page footer of the printed sheets: page number / page count. */
export const PAGE_FOOTER = '&P / &N';

// ---------------------------------------------------------------------------------------------
// 会議資料
// ---------------------------------------------------------------------------------------------

export const MEETING_SHEET = '会議資料';
export const MEETING_TITLE = 'かかりつけ医機能報告制度にかかる研修 修了・報告準備状況';
export const MEETING_CHART_TITLE = '地区別の修了率と修了者のいる医療機関の割合';

/** A5 of 会議資料 (Appendix C rev 2). */
export const MEETING_WINDOW_LABEL = '報告期間';

/** B5 of 会議資料: the effective report window, 「yyyy/mm/dd〜yyyy/mm/dd」 (text). */
export function reportWindowText(start: Day, end: Day): string {
  return `${slashFromDay(start)}〜${slashFromDay(end)}`;
}

/** The ten headline labels of A6:A15, in Appendix C order. */
export const MEETING_HEADLINE_LABELS = [
  '医師数',
  '修了証あり',
  '修了率',
  '要件充足',
  '未充足',
  '記録なし',
  '対象医療機関数',
  '修了者のいる医療機関数（割合）',
  '準備完了',
  '要対応（うち間に合わない恐れ）',
] as const;

/** Fixed rows of 会議資料 (1-based). */
export const MEETING_LAYOUT = {
  titleRow: 1,
  asOfRow: 2,
  ruleRow: 3,
  stampRow: 4,
  /** A5 報告期間 / B5 「yyyy/mm/dd〜yyyy/mm/dd」 (Appendix C rev 2). */
  windowRow: 5,
  headlineFirstRow: 6,
  headlineLastRow: 15,
  tableHeaderRow: 17,
  /** Columns of the two rates in the district table (E = 修了者のいる医療機関の割合, N = 修了率). */
  clinicRateCol: 5,
  completionRateCol: 14,
  /** Chart: starts one row below the table, as wide as the table (A..N), this many rows high. */
  chartCols: 14,
  chartRows: 20,
} as const;

/** Column widths of 会議資料 (A holds the headline labels and the district names). */
export const MEETING_WIDTHS = [31, 14, 11, 13, 13, 9.5, 9.5, 9.5, 9.5, 10, 10, 9.5, 9.5, 9.5];

/** True when a district's rates must not be shown (最小公表人数, SPEC §3.7). */
export function isSuppressed(d: DistrictSummary, minPublishCount: number): boolean {
  return minPublishCount > 0 && d.doctors < minPublishCount;
}

/** A district row of the 会議資料 table: the 集計_地区 row with suppressed rates shown as 「－」. */
export function meetingDistrictRow(d: DistrictSummary, total: boolean, minPublishCount: number): CellOut[] {
  const row = districtRow(d, total);
  if (isSuppressed(d, minPublishCount)) {
    const dash: CellOut = { t: 's', v: SUPPRESSED_RATE, s: total ? 'totalDash' : 'dash' };
    row[MEETING_LAYOUT.clinicRateCol - 1] = dash;
    row[MEETING_LAYOUT.completionRateCol - 1] = dash;
  }
  return row;
}

export interface MeetingHeadlines {
  doctors: number;
  certified: number;
  completionRate: number | null;
  eligible: number;
  inProgress: number;
  noRecords: number;
  clinicsInScope: number;
  clinicsWithCompleter: number;
  clinicsWithCompleterRate: number | null;
  clinicsReady: number;
  clinicsActionNeeded: number;
  clinicsAtRisk: number;
  /** True when the rates are hidden (最小公表人数 above the total number of doctors). */
  ratesSuppressed: boolean;
}

/** The headline figures: the 合計 row of the district table plus the number of at-risk clinics. */
export function meetingHeadlines(ctx: SheetContext): MeetingHeadlines {
  const t = ctx.engine.districtTotal;
  const suppressed = isSuppressed(t, ctx.input.profile.minPublishCount);
  return {
    doctors: t.doctors,
    certified: t.certified,
    completionRate: suppressed ? null : t.completionRate,
    eligible: t.eligible,
    inProgress: t.inProgress,
    noRecords: t.noRecords,
    clinicsInScope: t.clinicsInScope,
    clinicsWithCompleter: t.clinicsWithCompleter,
    clinicsWithCompleterRate: suppressed ? null : t.clinicsWithCompleterRate,
    clinicsReady: t.clinicsReady,
    clinicsActionNeeded: t.clinicsActionNeeded,
    clinicsAtRisk: ctx.engine.clinics.filter((c) => c.readiness === 'action-needed' && c.atRisk).length,
    ratesSuppressed: suppressed,
  };
}

function rateCell(v: number | null, suppressed: boolean, fmt: string): CellOut {
  if (suppressed) return { t: 's', v: SUPPRESSED_RATE, s: 'dash' };
  return v === null ? null : { t: 'n', v, fmt };
}

function headlineRows(h: MeetingHeadlines): CellOut[][] {
  const L = (i: number): CellOut => ({ t: 's', v: MEETING_HEADLINE_LABELS[i], s: 'label' });
  return [
    [L(0), int(h.doctors)],
    [L(1), int(h.certified)],
    [L(2), rateCell(h.completionRate, h.ratesSuppressed, PERCENT_FORMAT)],
    [L(3), int(h.eligible)],
    [L(4), int(h.inProgress)],
    [L(5), int(h.noRecords)],
    [L(6), int(h.clinicsInScope)],
    [
      L(7),
      int(h.clinicsWithCompleter),
      rateCell(h.clinicsWithCompleterRate, h.ratesSuppressed, BRACKET_PERCENT_FORMAT),
    ],
    [L(8), int(h.clinicsReady)],
    [L(9), int(h.clinicsActionNeeded), { t: 'n', v: h.clinicsAtRisk, fmt: BRACKET_AT_RISK_FORMAT }],
  ];
}

/** Page setup shared by the printed sheets. */
export function pageSetup(
  orientation: PageSetupPlan['orientation'],
  printTitleRows: string | null,
): PageSetupPlan {
  return { orientation, paperSize: 9, fitToWidth: 1, fitToHeight: 0, printTitleRows, footer: PAGE_FOOTER };
}

/** The chart of 会議資料: completion rate and clinics-with-completer rate by district (no 合計). */
export function meetingChart(
  districts: DistrictSummary[],
  firstRow: number,
  anchorRow: number,
  minPublishCount: number,
): ChartPlan | null {
  if (districts.length === 0) return null;
  const lastRow = firstRow + districts.length - 1;
  const col = (c: number) => colLetter(c);
  const rate = (v: number | null, d: DistrictSummary) => (isSuppressed(d, minPublishCount) ? null : v);
  const headerRowNo = firstRow - 1;
  return {
    type: 'clusteredColumn',
    title: MEETING_CHART_TITLE,
    categories: rangeA1(firstRow, 1, lastRow, 1),
    categoryValues: districts.map((d) => d.district),
    series: [
      {
        name: DISTRICT_HEADERS[MEETING_LAYOUT.completionRateCol - 1],
        nameCell: `${col(MEETING_LAYOUT.completionRateCol)}${headerRowNo}`,
        range: rangeA1(firstRow, MEETING_LAYOUT.completionRateCol, lastRow, MEETING_LAYOUT.completionRateCol),
        values: districts.map((d) => rate(d.completionRate, d)),
      },
      {
        name: DISTRICT_HEADERS[MEETING_LAYOUT.clinicRateCol - 1],
        nameCell: `${col(MEETING_LAYOUT.clinicRateCol)}${headerRowNo}`,
        range: rangeA1(firstRow, MEETING_LAYOUT.clinicRateCol, lastRow, MEETING_LAYOUT.clinicRateCol),
        values: districts.map((d) => rate(d.clinicsWithCompleterRate, d)),
      },
    ],
    anchor: { col: 1, row: anchorRow, cols: MEETING_LAYOUT.chartCols, rows: MEETING_LAYOUT.chartRows },
    valueAxis: { min: 0, max: 1, numFmt: '0%' },
  };
}

/**
 * A day as a serial of the workbook's date system: the 1904 system counts from 1904-01-01, 1,462
 * days after the 1900 system ("Date systems in Excel",
 * https://learn.microsoft.com/en-us/office/troubleshoot/excel/1900-and-1904-date-system).
 */
export function dateSerial(ctx: Pick<SheetContext, 'date1904'>, day: Day): number {
  return excelSerialFromDay(day) - (ctx.date1904 ? DATE1904_OFFSET : 0);
}
/** Days between the 1900 and the 1904 date systems. */
export const DATE1904_OFFSET = 1462;

/** 会議資料 (Appendix C): title, as-of, rule, time, headlines, district table, chart, MAMIS note. */
export function meetingSheet(ctx: SheetContext): SheetPlan {
  const sh = emptySheet(MEETING_SHEET);
  const min = ctx.input.profile.minPublishCount;
  const L = MEETING_LAYOUT;
  sh.rows.push([{ t: 's', v: MEETING_TITLE, s: 'title' }]);
  sh.rows.push([
    { t: 's', v: '基準日', s: 'label' },
    { t: 'd', v: dateSerial(ctx, ctx.engine.asOf), fmt: DATE_FORMAT_JA, s: 'left' },
  ]);
  sh.rows.push([
    { t: 's', v: 'ルール', s: 'label' },
    { t: 's', v: profileText(ctx.input.profile) },
  ]);
  sh.rows.push([
    { t: 's', v: '計算日時', s: 'label' },
    { t: 's', v: ctx.stamp },
  ]);
  sh.rows.push([
    { t: 's', v: MEETING_WINDOW_LABEL, s: 'label' },
    { t: 's', v: reportWindowText(ctx.engine.reportWindowStart, ctx.engine.reportWindowEnd) },
  ]);
  sh.rows.push(...headlineRows(meetingHeadlines(ctx)));
  sh.rows.push([]);
  // The district table from row 17: the 集計_地区 values.
  sh.rows.push(DISTRICT_HEADERS.map((h) => ({ t: 's', v: h, s: 'headerWrap' }) as CellOut));
  const firstDistrictRow = L.tableHeaderRow + 1;
  for (const d of ctx.engine.districts) sh.rows.push(meetingDistrictRow(d, false, min));
  sh.rows.push(meetingDistrictRow(ctx.engine.districtTotal, true, min));
  const tableEnd = sh.rows.length;
  // The chart one row below the table; the MAMIS note after it, last.
  const chartRow = tableEnd + 2;
  sh.chart = meetingChart(ctx.engine.districts, firstDistrictRow, chartRow, min);
  const noteRow = sh.chart ? chartRow + L.chartRows + 1 : tableEnd + 2;
  while (sh.rows.length < noteRow - 1) sh.rows.push([]);
  sh.rows.push([{ t: 's', v: MAMIS_NOTE, s: 'note' }]);
  sh.widths = [...MEETING_WIDTHS];
  sh.rowHeights = { [L.titleRow]: 24, [L.tableHeaderRow]: 44 };
  sh.page = pageSetup('landscape', `${L.titleRow}:${L.stampRow}`);
  return sh;
}

// ---------------------------------------------------------------------------------------------
// 要対応リスト
// ---------------------------------------------------------------------------------------------

export const FOLLOW_UP_SHEET = '要対応リスト';
export const FOLLOW_UP_HEADERS = [
  '区分',
  '地区',
  '医療機関コード',
  '医療機関名',
  '会員番号',
  '氏名',
  '不足',
  '次の対応',
  '理由',
  '残り日数',
  '間に合わない恐れ',
] as const;

export type FollowUpKind = 'apply' | 'jitchiOnly' | 'zagakuOnly' | 'clinic';
/** 区分 labels in the order of SPEC §5.3 (also the sort order within a clinic). */
export const FOLLOW_UP_KINDS: readonly FollowUpKind[] = ['apply', 'jitchiOnly', 'zagakuOnly', 'clinic'];
export const FOLLOW_UP_LABELS: Readonly<Record<FollowUpKind, string>> = Object.freeze({
  apply: '申請待ち',
  jitchiOnly: '実地のみ不足',
  zagakuOnly: '座学のみ不足',
  clinic: '医療機関要対応',
});

/** 次の対応 of an action-needed clinic, one step per reason (joined with 「／」). */
export const CLINIC_NEXT_STEPS: Readonly<Record<Reason, string>> = Object.freeze({
  'no-gmis-account': 'G-MISアカウントの発行を申請',
  'no-gmis-permission': 'G-MISでかかりつけ医機能報告の権限を追加',
  'no-linked-doctor': '所属医師の登録（医師・所属シート）を確認',
  'no-completer': '所属医師に研修の受講を案内',
  'eligible-not-applied': '要件充足の医師にMAMISでの修了申請を案内',
});

export interface FollowUpEntry {
  kind: FollowUpKind;
  district: string;
  clinicCode: string | null;
  clinicName: string | null;
  doctorId: string | null;
  doctorName: string | null;
  shortfall: string | null;
  next: string;
  reasons: string | null;
  daysLeft: number | null;
  atRisk: boolean;
}

/** Code-point order (§5.3 rev 2: 医療機関コード and 会員番号 in code-point order). */
const codePointCompare = compareCodePoints;

/** Doctor status → 区分, or null when the doctor is not on the list (SPEC §5.3). */
export function followUpKindOf(
  status: Status,
  missingJ: number,
  missingZ: number,
  nearZagaku: number,
): FollowUpKind | null {
  if (status === 'eligible') return 'apply';
  if (status !== 'in-progress' && status !== 'no-records') return null;
  if (missingJ >= 1 && missingZ === 0) return 'jitchiOnly';
  if (missingJ === 0 && missingZ > 0 && missingZ <= nearZagaku) return 'zagakuOnly';
  return null;
}

/** The rows of 要対応リスト as data, sorted by 地区, 医療機関コード, 区分, 会員番号. */
export function followUpEntries(ctx: SheetContext): FollowUpEntry[] {
  return runSteps(followUpEntriesSteps(ctx));
}

/** followUpEntries as a computation that yields between row blocks (see domain/steps.ts). */
export function* followUpEntriesSteps(ctx: Pick<SheetContext, 'input' | 'engine'>): Steps<FollowUpEntry[]> {
  const { input, engine } = ctx;
  const clinics: ClinicIn[] = input.clinics ?? [];
  // code → index of the last clinic with that code (as new Map(clinics.map(…)) would keep).
  const clinicByCode = new TextIndex(clinics.length);
  for (let i = 0; i < clinics.length; i++) clinicByCode.set(clinics[i].code, i);
  const out: FollowUpEntry[] = [];
  for (let i = 0; i < input.doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const d = input.doctors[i];
    const r = engine.doctors[i];
    const kind = followUpKindOf(
      r.status,
      r.missing.jitchiActivities,
      r.missing.zagakuUnits,
      input.profile.nearZagakuThreshold,
    );
    if (kind === null) continue;
    const code = d.clinicCode;
    out.push({
      kind,
      district: r.district,
      clinicCode: code,
      clinicName: code === null ? null : (clinics[clinicByCode.get(code) ?? -1]?.name ?? null),
      doctorId: d.id,
      doctorName: d.name,
      shortfall: r.shortfallText === '' ? null : r.shortfallText,
      next: r.next,
      reasons: null,
      daysLeft: null,
      atRisk: false,
    });
  }
  for (let i = 0; i < clinics.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const c = clinics[i];
    const r = engine.clinics[i];
    if (r.readiness !== 'action-needed') continue;
    out.push({
      kind: 'clinic',
      district: r.district,
      clinicCode: c.code,
      clinicName: c.name,
      doctorId: null,
      doctorName: null,
      shortfall: null,
      next: r.reasons.map((x) => CLINIC_NEXT_STEPS[x]).join('／'),
      reasons: r.reasons.map((x) => REASON_LABELS[x]).join(REASON_SEPARATOR),
      daysLeft: r.daysLeft,
      atRisk: r.atRisk,
    });
  }
  yield;
  // 地区 in the order of the district table (code points of the key, （地区未設定） last).
  const districtOrder = new Map(engine.districts.map((d, i) => [d.district, i]));
  const dIdx = (s: string) => districtOrder.get(s) ?? Number.MAX_SAFE_INTEGER;
  const kindIdx = (k: FollowUpKind) => FOLLOW_UP_KINDS.indexOf(k);
  // Ranks are computed once per entry, not in every comparison (a national roster has some
  // 150,000 entries): the district's, the kind's, and the clinic code's rank among the codes in
  // code-point order (pinned by §5.3 rev 2; codes without a 医療機関 sheet may be any text).
  const codeRank = new TextIndex();
  const codes: string[] = [];
  for (let i = 0; i < out.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const code = out[i].clinicCode;
    if (code !== null && !codeRank.has(code)) {
      codeRank.set(code, 0);
      codes.push(code);
    }
  }
  yield;
  codes.sort(codePointCompare);
  yield;
  for (let i = 0; i < codes.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    codeRank.set(codes[i], i);
  }
  const keyed = new Array<{ e: FollowUpEntry; d: number; c: number; k: number }>(out.length);
  for (let i = 0; i < out.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const e = out[i];
    keyed[i] = {
      e,
      d: dIdx(e.district),
      c: e.clinicCode === null ? -1 : (codeRank.get(e.clinicCode) as number),
      k: kindIdx(e.kind),
    };
  }
  yield;
  keyed.sort(
    (a, b) =>
      a.d - b.d ||
      codePointCompare(a.e.district, b.e.district) ||
      // Doctors without a clinic come after every clinic of their district.
      (a.c < 0 ? 1 : 0) - (b.c < 0 ? 1 : 0) ||
      a.c - b.c ||
      a.k - b.k ||
      codePointCompare(a.e.doctorId ?? '', b.e.doctorId ?? ''),
  );
  return keyed.map((x) => x.e);
}

/** One 要対応リスト row as output cells (the CSV export writes the same cells). */
export function followUpRow(e: FollowUpEntry): CellOut[] {
  // Every cell top-aligned, so a row reads on one line beside its wrapped texts.
  return [
    txt(FOLLOW_UP_LABELS[e.kind], 'top'),
    txt(e.district, 'top'),
    txt(e.clinicCode, 'top'),
    txt(e.clinicName, 'wrap'),
    txt(e.doctorId, 'top'),
    txt(e.doctorName, 'top'),
    txt(e.shortfall, 'top'),
    txt(e.next, 'wrap'),
    txt(e.reasons, 'wrap'),
    e.daysLeft === null ? null : { t: 'n', v: e.daysLeft, fmt: '0', s: 'top' },
    e.atRisk ? { t: 's', v: AT_RISK_TEXT, s: 'top' } : null,
  ];
}

/**
 * Approximate display width of a text in column-width units (the width of "0" at 11 pt): East
 * Asian wide characters count about 2.1, others 1.1 (slightly generous, so wrapped text is never
 * clipped).
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x20000;
    w += wide ? 2.1 : 1.1;
  }
  return w;
}

/** Points per line of 11 pt text, and the extra of a multi-line row. */
const LINE_POINTS = 15;

/**
 * Row heights for rows whose wrapped texts need more than one line. Written explicitly because
 * neither writer can rely on the spreadsheet to auto-fit row heights when it opens the file.
 */
export function wrappedRowHeights(
  rows: CellOut[][],
  widths: number[],
  firstRow: number,
): Record<number, number> {
  return runSteps(wrappedRowHeightsSteps(rows, widths, firstRow));
}

/** wrappedRowHeights as a computation that yields between row blocks (see domain/steps.ts). */
export function* wrappedRowHeightsSteps(
  rows: CellOut[][],
  widths: number[],
  firstRow: number,
): Steps<Record<number, number>> {
  const out: Record<number, number> = {};
  // Wrapped texts repeat (次の対応, 理由, a clinic's name on each of its doctors' rows): measure each once.
  const measured = new Map<string, number>();
  const widthOf = (text: string): number => {
    let w = measured.get(text);
    if (w === undefined) measured.set(text, (w = displayWidth(text)));
    return w;
  };
  for (let i = 0; i < rows.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const cells = rows[i];
    let lines = 1;
    cells.forEach((c, j) => {
      if (c === null || c.t !== 's' || (c.s !== 'wrap' && c.s !== 'headerWrap')) return;
      const usable = Math.max(1, (widths[j] ?? 8.43) - 1);
      lines = Math.max(lines, Math.ceil(widthOf(c.v) / usable));
    });
    if (lines > 1) out[firstRow + i] = lines * LINE_POINTS + 3;
  }
  return out;
}

/** Column widths of 要対応リスト: narrow enough to print portrait one page wide at a readable scale. */
export const FOLLOW_UP_WIDTHS = [13, 10, 11.5, 20, 11.5, 11, 11, 26, 22, 6.5, 9.5];

/** 要対応リスト: one flat, filterable, printable table; long texts wrap. */
export function followUpSheet(ctx: SheetContext): SheetPlan {
  return runSteps(followUpSheetSteps(ctx));
}

/** followUpSheet as a computation that yields between row blocks (see domain/steps.ts). */
export function* followUpSheetSteps(ctx: SheetContext): Steps<SheetPlan> {
  const sh = emptySheet(FOLLOW_UP_SHEET);
  sh.rows.push(FOLLOW_UP_HEADERS.map((h) => ({ t: 's', v: h, s: 'headerWrap' }) as CellOut));
  const entries = yield* followUpEntriesSteps(ctx);
  for (let i = 0; i < entries.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    sh.rows.push(followUpRow(entries[i]));
  }
  yield;
  sh.widths = [...FOLLOW_UP_WIDTHS];
  sh.rowHeights = yield* wrappedRowHeightsSteps(sh.rows, sh.widths, 1);
  sh.freezeRows = 1;
  sh.autoFilter = `A1:${colLetter(FOLLOW_UP_HEADERS.length)}${sh.rows.length}`;
  sh.page = pageSetup('portrait', '1:1');
  return sh;
}

// ---------------------------------------------------------------------------------------------
// 実行履歴
// ---------------------------------------------------------------------------------------------

export const HISTORY_SHEET = '実行履歴';
const HISTORY_ROLES = [
  ['doctors', '医師'],
  ['training', '研修記録'],
  ['clinics', '医療機関'],
  ['affiliations', '所属'],
] as const;
const HISTORY_COUNTS = [
  ['read', '読込'],
  ['used', '使用'],
  ['rejected', '除外'],
  ['blank', '空行'],
] as const;
const HISTORY_STATUSES: readonly Status[] = ['certified', 'eligible', 'in-progress', 'no-records'];
const HISTORY_READINESS = ['out-of-scope', 'reported', 'ready', 'action-needed'] as const;

export const HISTORY_HEADERS: readonly string[] = [
  '実行日時',
  '基準日',
  'ルール',
  ...HISTORY_ROLES.flatMap(([, ja]) => HISTORY_COUNTS.map(([, c]) => `${ja}_${c}`)),
  ...HISTORY_STATUSES.map((s) => STATUS_LABELS[s]),
  ...HISTORY_READINESS.map((r) => READINESS_LABELS[r]),
  '新規修了',
  '新規要件充足',
  '新規準備完了',
];

/** The row this run appends to 実行履歴: counts only, never names. */
export function historyRow(ctx: SheetContext): CellOut[] {
  const { result, engine } = ctx;
  const row: CellOut[] = [
    { t: 's', v: ctx.stamp },
    { t: 'd', v: dateSerial(ctx, engine.asOf), fmt: DATE_FORMAT_SLASH },
    { t: 's', v: profileText(ctx.input.profile) },
  ];
  for (const [role] of HISTORY_ROLES) for (const [k] of HISTORY_COUNTS) row.push(int(result.counts[role][k]));
  const st: Record<string, number> = {};
  for (const d of engine.doctors) st[d.status] = (st[d.status] ?? 0) + 1;
  for (const s of HISTORY_STATUSES) row.push(int(st[s] ?? 0));
  const rd: Record<string, number> = {};
  for (const c of engine.clinics) rd[c.readiness] = (rd[c.readiness] ?? 0) + 1;
  for (const r of HISTORY_READINESS) row.push(int(rd[r] ?? 0));
  const ch = engine.changes;
  row.push(int(ch?.newlyCertified), int(ch?.newlyEligible), int(ch?.newlyReady));
  return row;
}

/** 実行履歴: append-only; the writer adds `append.row` under the last used row (the header when new). */
export function historySheet(ctx: SheetContext): SheetPlan {
  const sh = emptySheet(HISTORY_SHEET, 'append');
  sh.append = { header: headerRow(HISTORY_HEADERS), row: historyRow(ctx) };
  sh.widths = [22, 12, 60, ...new Array(HISTORY_HEADERS.length - 3).fill(11)];
  sh.freezeRows = 1;
  return sh;
}
