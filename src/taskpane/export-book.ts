/**
 * The export workbooks, built in the browser (SPEC §5.4) with the project's own package writer
 * (src/xlsx: fflate and strings only — ExcelJS is not in the pane's bundle at all). This module
 * is reached through a dynamic import() from the pane, so even that writer stays out of the
 * pane's first load.
 *
 * Built in time slices (planWorkbookParts yields between blocks of rows, the zip is deflated
 * chunk by chunk), so no synchronous stretch exceeds 200 ms; the pane pauses between slices.
 * When a file is too large for Excel on the web's single 5 MB request (src/excel/create-workbook.ts),
 * 要対応リスト is offered per district: the same sheet holding one 地区's rows.
 */
import type { CellOut, OutputPlan, SheetPlan } from '../sheets/plan-types';
import { openNewWorkbook, type CreateWorkbookHost } from '../excel/create-workbook';
import { exportSheets, planWorkbookParts } from '../xlsx/export';
import { zipPackageSliced } from '../xlsx/zip-sliced';

/** Name of the sheet the CSV export is made from. */
export const ACTION_LIST_SHEET = '要対応リスト';
/** 要対応リスト's 地区 column (Appendix C: 区分 | 地区 | …), 0-based. */
const DISTRICT_COL = 1;

export interface BuildOptions {
  /** Called between slices (default: a macrotask). */
  pause?: () => Promise<void>;
  /** Longest synchronous slice, ms (default 40). */
  sliceMs?: number;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A workbook of planned sheets, built in time slices. */
export async function sheetsWorkbookBytes(
  sheets: readonly SheetPlan[],
  opts: BuildOptions = {},
): Promise<Uint8Array> {
  const pause = opts.pause ?? macrotask;
  const sliceMs = opts.sliceMs ?? 40;
  const steps = planWorkbookParts(sheets);
  let t0 = Date.now();
  let r = steps.next();
  while (!r.done) {
    if (Date.now() - t0 >= sliceMs) {
      await pause();
      t0 = Date.now();
    }
    r = steps.next();
  }
  await pause();
  return zipPackageSliced(r.value, pause, sliceMs);
}

/** The meeting workbook (会議資料 and 集計_地区, values only). */
export function meetingWorkbookBytes(plan: OutputPlan, opts: BuildOptions = {}): Promise<Uint8Array> {
  return sheetsWorkbookBytes(exportSheets(plan), opts);
}

function actionListSheet(plan: OutputPlan): SheetPlan {
  const sp = plan.sheets.find((s) => s.name === ACTION_LIST_SHEET);
  if (!sp) throw new Error(`the plan has no ${ACTION_LIST_SHEET} sheet`);
  return sp;
}

const districtOf = (row: CellOut[]): string => {
  const c = row[DISTRICT_COL] ?? null;
  return c === null ? '' : c.t === 's' ? c.v : c.t === 'n' || c.t === 'd' ? String(c.v) : '';
};

/** The districts of 要対応リスト, in its order (SPEC §3.6 district order). */
export function actionListDistricts(plan: OutputPlan): string[] {
  const seen = new Set<string>();
  for (const row of actionListSheet(plan).rows.slice(1)) seen.add(districtOf(row));
  return [...seen];
}

/** 要対応リスト restricted to one district's rows (header kept; heights, fitted rows, filter renumbered). */
export function actionListForDistrict(plan: OutputPlan, district: string): SheetPlan {
  const sp = actionListSheet(plan);
  const rows: CellOut[][] = [sp.rows[0]];
  const heights: Record<number, number> = {};
  if (sp.rowHeights?.[1] !== undefined) heights[1] = sp.rowHeights[1];
  const fit = sp.fitRows;
  let fitFirst = 0;
  let fitLast = 0;
  sp.rows.forEach((row, i) => {
    if (i === 0 || districtOf(row) !== district) return;
    rows.push(row);
    const h = sp.rowHeights?.[i + 1];
    if (h !== undefined) heights[rows.length] = h;
    if (fit && i + 1 >= fit.first && i + 1 <= fit.last) {
      fitLast = rows.length;
      if (fitFirst === 0) fitFirst = fitLast;
    }
  });
  const right = sp.autoFilter?.split(':')[1]?.replace(/\d+$/, '') ?? null;
  return {
    ...sp,
    rows,
    rowHeights: heights,
    fitRows: fitFirst > 0 ? { first: fitFirst, last: fitLast } : undefined,
    autoFilter: sp.autoFilter && right ? `A1:${right}${rows.length}` : sp.autoFilter,
  };
}

/**
 * A workbook holding 要対応リスト only (values and formats, no marker) — all of it, or one
 * district's rows: in the add-in the CSV export opens it and tells the user to save it as CSV
 * (webview downloads are unreliable).
 */
export function actionListWorkbookBytes(
  plan: OutputPlan,
  opts: BuildOptions & { district?: string } = {},
): Promise<Uint8Array> {
  const sp = opts.district === undefined ? actionListSheet(plan) : actionListForDistrict(plan, opts.district);
  return sheetsWorkbookBytes([{ ...sp, mode: 'owned' }], opts);
}

export type OpenExportOutcome =
  | { kind: 'opened' }
  | { kind: 'unsupported' }
  /** Too large for one createWorkbook request; `districts` can each be opened on their own. */
  | { kind: 'too-large'; base64Bytes: number; limit: number; districts: string[] };

/**
 * Builds and opens 要対応リスト (all of it, or one district's rows). When the whole list is too
 * large for the host, nothing is sent and the districts to offer are returned (SPEC §5.4 "Size").
 */
export async function openActionList(
  host: CreateWorkbookHost,
  plan: OutputPlan,
  opts: BuildOptions & { district?: string } = {},
): Promise<OpenExportOutcome> {
  const bytes = await actionListWorkbookBytes(plan, opts);
  const out = await openNewWorkbook(host, bytes, opts.pause ?? macrotask);
  if (out.kind !== 'too-large') return out.kind === 'opened' ? { kind: 'opened' } : out;
  return { ...out, districts: opts.district === undefined ? actionListDistricts(plan) : [] };
}

/** Builds and opens the meeting workbook (never split: it holds no per-person rows). */
export async function openMeeting(
  host: CreateWorkbookHost,
  plan: OutputPlan,
  opts: BuildOptions = {},
): Promise<OpenExportOutcome> {
  const out = await openNewWorkbook(host, await meetingWorkbookBytes(plan, opts), opts.pause ?? macrotask);
  return out.kind === 'too-large'
    ? { ...out, districts: [] }
    : out.kind === 'opened'
      ? { kind: 'opened' }
      : out;
}
