/**
 * 集計_地区 (SPEC §5.3, Appendix C): the district table, shared with 会議資料, and the colour legend.
 */
import type { Readiness, Status } from '../domain/types';
import { READINESS_LABELS, STATUS_LABELS } from '../strings/texts';
import { READINESS_COLOURS, STATUS_COLOURS, emptySheet, headerRow, text } from './plan';
import type { DistrictOutcome, Outcome } from './outcome';
import { pageSetup } from './plan-context';
import type { CellOut, SheetPlan } from './plan-types';

export const DISTRICT_HEADERS = [
  '地区',
  '対象医療機関数',
  '対象外',
  '修了者のいる医療機関数',
  '修了者のいる医療機関の割合',
  '準備完了',
  '報告済',
  '要対応',
  '医師数',
  '修了証あり',
  '要件充足',
  '未充足',
  '記録なし',
  '修了率',
] as const;

export const PERCENT_FORMAT = '0.0%';

/** One row of the district table (集計_地区 and 会議資料 share it). */
export function districtRow(d: DistrictOutcome, total = false): CellOut[] {
  const st = total ? 'total' : undefined;
  const c = (v: number): CellOut => ({ t: 'n', v, fmt: '#,##0', ...(st ? { s: st } : {}) });
  const p = (v: number | null): CellOut =>
    v === null ? null : { t: 'n', v, fmt: PERCENT_FORMAT, ...(st ? { s: st } : {}) };
  return [
    { t: 's', v: d.district, ...(st ? { s: st } : {}) },
    c(d.clinicsInScope),
    c(d.clinicsOutOfScope),
    c(d.clinicsWithCompleter),
    p(d.clinicsWithCompleterRate),
    c(d.clinicsReady),
    c(d.clinicsReported),
    c(d.clinicsActionNeeded),
    c(d.doctors),
    c(d.certified),
    c(d.eligible),
    c(d.inProgress),
    c(d.noRecords),
    p(d.completionRate),
  ];
}

/** The colour legend written under the district table: label cells carrying the highlight colours. */
export function legendRows(startRow: number): { rows: CellOut[][]; highlights: SheetPlan['highlights'] } {
  const rows: CellOut[][] = [
    [text('凡例（判定_状態・判定_準備状況の色分け。色だけでなく文字でも判定を示しています）', 'label')],
  ];
  const highlights: SheetPlan['highlights'] = [];
  const add = (label: string, [fill, font]: readonly [string, string], meaning: string) => {
    const r = startRow + rows.length;
    rows.push([text(label), text(meaning)]);
    highlights.push({ range: `A${r}`, formula: `=$A${r}="${label}"`, fill, fontColor: font, text: label });
  };
  const statusMeaning: Record<Status, string> = {
    certified: '修了証が発行済み（有効）',
    eligible: '要件を満たしている（MAMISでの修了申請・承認待ち）',
    'in-progress': '研修記録はあるが要件に不足がある',
    'no-records': '数えられる研修記録がない',
  };
  const readinessMeaning: Record<Readiness, string> = {
    ready: 'G-MISアカウントがあり修了者がいる（「修了者 有」で報告できる）',
    reported: '報告済み',
    'action-needed': '報告の前に対応が必要（判定_要対応を参照）',
    'out-of-scope': '報告の対象外（特定機能病院・歯科・休院）',
  };
  for (const k of Object.keys(STATUS_LABELS) as Status[])
    add(STATUS_LABELS[k], STATUS_COLOURS[k], `医師：${statusMeaning[k]}`);
  for (const k of Object.keys(READINESS_LABELS) as Readiness[])
    add(READINESS_LABELS[k], READINESS_COLOURS[k], `医療機関：${readinessMeaning[k]}`);
  return { rows, highlights };
}

export function districtSheet(engine: Outcome): SheetPlan {
  const sh = emptySheet('集計_地区');
  sh.rows.push(headerRow(DISTRICT_HEADERS));
  for (const d of engine.districts) sh.rows.push(districtRow(d));
  sh.rows.push(districtRow(engine.districtTotal, true));
  const tableEnd = sh.rows.length;
  sh.freezeRows = 1;
  sh.autoFilter = `A1:N${tableEnd}`;
  sh.widths = [16, 14, 8, 22, 24, 10, 10, 10, 10, 12, 12, 10, 10, 10];
  // Printed as it is exported with 会議資料 (SPEC §5.4): one page wide, header row repeated.
  sh.page = pageSetup('landscape', '1:1');
  sh.rows.push([]);
  const legend = legendRows(tableEnd + 2);
  sh.rows.push(...legend.rows);
  sh.highlights = legend.highlights;
  return sh;
}
