/** Builds small workbooks for tests: as snapshots (engine input) and as .xlsx files (CLI input). */
import ExcelJS from 'exceljs';
import type { RawCell, SheetSnapshot, WorkbookSnapshot } from '../../src/sheets/types';

export type Rows = RawCell[][];

export function snapshot(
  sheets: Record<string, Rows>,
  opts: Partial<WorkbookSnapshot> = {},
): WorkbookSnapshot {
  const list: SheetSnapshot[] = Object.entries(sheets).map(([name, rows]) => ({
    name,
    hidden: false,
    protected: false,
    rows,
    tables: [],
    merges: [],
  }));
  return { sheets: list, date1904: false, protected: false, definedNames: new Map(), ...opts };
}

/** Writes sheets of plain values with ExcelJS (strings stay strings, Dates become dates). */
export async function xlsxBuffer(
  sheets: Record<string, Rows>,
  textCols: Record<string, number[]> = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    rows.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v === undefined || v === null) return;
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = v as ExcelJS.CellValue;
        if ((textCols[name] ?? []).includes(c + 1)) cell.numFmt = '@';
      });
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const MINIMAL: Record<string, Rows> = {
  医師: [
    ['会員番号', '氏名', '医療機関コード'],
    ['0001', '山田 太郎', '4017716434'],
    ['0002', '鈴木 花子', '4017716434'],
    ['0003', '佐藤 次郎', null],
  ],
  研修記録: [
    ['会員番号', '受講日', '区分', '研修名', '単位', '承認'],
    ['0001', '2025/10/01', '座学', '講座A', 5, null],
    ['0001', '2025/11/01', '実地', '学校医', 5, '承認'],
    ['0002', '2025/10/02', '座学', '講座B', 9.5, null],
    ['0003', '2025/10/03', '座学', '講座C', 1.25, null],
  ],
  医療機関: [
    ['医療機関コード', '名称', 'G-MIS'],
    ['4017716434', '坂口こどもクリニック', '○'],
  ],
};
