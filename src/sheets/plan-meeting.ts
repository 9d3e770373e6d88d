/**
 * 会議資料 (SPEC §5.3, Appendix C): the print-ready summary with a chart. A pure builder over the
 * engine's result; both writers apply what is described here.
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
 *   (a blank point), so the chart never shows what the table hides. The rule itself is
 *   src/domain/publication.ts.
 * - No personal names on 会議資料: only districts and counts.
 */
import { slashFromDay, type Day } from '../domain/day';
import { ratesSuppressed } from '../domain/publication';
import { MAMIS_NOTE, SUPPRESSED_RATE } from '../strings/texts';
import { colLetter, rangeA1 } from './address';
import { profileText, type DistrictOutcome } from './outcome';
import { emptySheet } from './plan';
import { DATE_FORMAT_JA, count as int, dateSerial, pageSetup, type SheetContext } from './plan-context';
import { DISTRICT_HEADERS, PERCENT_FORMAT, districtRow } from './plan-district';
import type { CellOut, ChartPlan, SheetPlan } from './plan-types';

/** 「（31.6%）」 while the cell stays the number 0.316. */
export const BRACKET_PERCENT_FORMAT = '"（"0.0%"）"';
/** 「（うち 3）」 while the cell stays the number 3. */
export const BRACKET_AT_RISK_FORMAT = '"（うち "#,##0"）"';

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

/** True when a district's rates must not be shown (最小公表人数, SPEC §3.7; src/domain/publication.ts). */
const isSuppressed = (d: DistrictOutcome, minPublishCount: number): boolean =>
  ratesSuppressed(d.doctors, minPublishCount);

/** A district row of the 会議資料 table: the 集計_地区 row with suppressed rates shown as 「－」. */
export function meetingDistrictRow(d: DistrictOutcome, total: boolean, minPublishCount: number): CellOut[] {
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

/** The chart of 会議資料: completion rate and clinics-with-completer rate by district (no 合計). */
export function meetingChart(
  districts: DistrictOutcome[],
  firstRow: number,
  anchorRow: number,
  minPublishCount: number,
): ChartPlan | null {
  if (districts.length === 0) return null;
  const lastRow = firstRow + districts.length - 1;
  const col = (c: number) => colLetter(c);
  const rate = (v: number | null, d: DistrictOutcome) => (isSuppressed(d, minPublishCount) ? null : v);
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
