/** Helpers for the task pane tests: a PaneHost over the Excel test double. */
import { createExcelDouble, type ExcelDouble } from '@kakari-roster/excel-double';
import { loadWorkbookFromXlsx } from '@kakari-roster/excel-double/fromXlsx';
import { hostFromBridge, type PaneExcel, type PaneHost } from '../../src/excel/pane-host';
import { MINIMAL, xlsxBuffer, type Rows } from '../helpers/workbook';

export const AS_OF = '2026-01-31';

export interface TestHost {
  host: PaneHost;
  notified: () => number;
}

export function paneHost(d: ExcelDouble, opts: { asOf?: string | null; lang?: string } = {}): TestHost {
  let n = 0;
  const host = hostFromBridge({
    Excel: d.Excel as unknown as PaneExcel,
    displayLanguage: opts.lang ?? 'ja-JP',
    isSetSupported: (name, version) => d.Office.context.requirements.isSetSupported(name, version),
    asOf: opts.asOf === undefined ? AS_OF : opts.asOf,
    notify: () => {
      n++;
    },
  });
  return { host, notified: () => n };
}

/** A double loaded from an .xlsx written with ExcelJS (as the CLI and the add-in would read it). */
export async function doubleOf(
  sheets: Record<string, Rows> = MINIMAL,
  textCols: Record<string, number[]> = {},
): Promise<ExcelDouble> {
  const state = await loadWorkbookFromXlsx(await xlsxBuffer(sheets, textCols));
  return createExcelDouble({ state });
}

export const MINIMAL_TEXT_COLS = { 医師: [1, 3], 研修記録: [1], 医療機関: [1] };

/** Every cell of every sheet as "sheet!A1" → value (for before/after comparisons). */
export function allCells(d: ExcelDouble): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const name of d.workbook.sheetNames()) {
    const sh = d.workbook.sheet(name);
    const used = sh.usedRange(false);
    if (!used) continue;
    const values = sh.values(used);
    const formats = sh.numberFormats(used);
    const start = used.split(':')[0];
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        out.set(`${name}!${start}+${r},${c}`, JSON.stringify([v, formats[r][c]]));
      }),
    );
  }
  return out;
}
