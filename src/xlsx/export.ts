/**
 * The meeting export (SPEC §5.4): a separate workbook holding 会議資料 and 集計_地区 only — values
 * and formats, the chart, print settings; no formulas pointing back, no personal data.
 *
 * Browser-safe on purpose: ExcelJS and fflate only, bytes in memory (no fs, no path). The CLI
 * (src/cli/export.ts) writes the bytes to a file; the add-in hands them, base64-encoded, to
 * `Excel.createWorkbook`.
 */
import ExcelJS from 'exceljs';
import type { OutputPlan, SheetPlan } from '../sheets/plan-types';
import { applySheet } from './apply';
import { chartsOf, graftCharts } from './chart';

/** The sheets of the export, in this order (the handout first). */
export const EXPORT_SHEETS = ['会議資料', '集計_地区'] as const;

/** The plan's sheets that go into the export, checked to hold no formula. */
export function exportSheets(plan: OutputPlan): SheetPlan[] {
  const out: SheetPlan[] = [];
  for (const name of EXPORT_SHEETS) {
    const sp = plan.sheets.find((s) => s.name === name);
    if (!sp) throw new Error(`the plan has no ${name} sheet`);
    // Values only: a formula would point back into the roster workbook.
    const values: SheetPlan = {
      ...sp,
      mode: 'owned',
      rows: sp.rows.map((r) => r.map((c) => (c && c.t === 'f' ? { t: 's', v: String(c.v) } : c))),
    };
    out.push(values);
  }
  return out;
}

/** Builds the meeting workbook as .xlsx bytes. */
export async function meetingWorkbookBytes(plan: OutputPlan): Promise<Uint8Array> {
  const sheets = exportSheets(plan);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kakari Roster';
  wb.lastModifiedBy = 'Kakari Roster';
  for (const sp of sheets) applySheet(wb, sp, { marker: false });
  const buf = await wb.xlsx.writeBuffer();
  return graftCharts(new Uint8Array(buf as ArrayBuffer), chartsOf(sheets));
}
