/**
 * 実行履歴 (SPEC §5.1.10, Appendix C): one row appended per run — counts only, never names.
 */
import type { Status } from '../domain/types';
import { READINESS_LABELS, STATUS_LABELS } from '../strings/texts';
import { profileText } from './outcome';
import { emptySheet, headerRow } from './plan';
import { DATE_FORMAT_SLASH, count as int, dateSerial, type SheetContext } from './plan-context';
import type { CellOut, SheetPlan } from './plan-types';

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
