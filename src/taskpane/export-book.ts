/**
 * The export workbooks, built in the browser (SPEC §5.4). This module is only reached through a
 * dynamic import() from the pane, so ExcelJS stays out of the pane's first load.
 */
import ExcelJS from 'exceljs';
import type { OutputPlan } from '../sheets/plan-types';
import { applySheet } from '../xlsx/apply';
import { meetingWorkbookBytes } from '../xlsx/export';

export { meetingWorkbookBytes };

/** Name of the sheet the CSV export is made from. */
export const ACTION_LIST_SHEET = '要対応リスト';

/**
 * A workbook holding 要対応リスト only (values and formats, no marker): in the add-in the CSV export
 * opens it and tells the user to save it as CSV (webview downloads are unreliable).
 */
export async function actionListWorkbookBytes(plan: OutputPlan): Promise<Uint8Array> {
  const sp = plan.sheets.find((s) => s.name === ACTION_LIST_SHEET);
  if (!sp) throw new Error(`the plan has no ${ACTION_LIST_SHEET} sheet`);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kakari Roster';
  wb.lastModifiedBy = 'Kakari Roster';
  applySheet(wb, { ...sp, mode: 'owned' }, { marker: false });
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
