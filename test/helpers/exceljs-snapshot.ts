/**
 * ExcelJS workbook → WorkbookSnapshot (raw cells from A1): the reader the CLI used before the
 * package reader (package-read.ts). Kept as the reference the package reader is tested against
 * (test/xlsx/package-writer.test.ts); test-only, so it lives under test/.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { promises as fs } from 'fs';
import { parseRange } from '../../src/sheets/address';
import { FatalError } from '../../src/sheets/fatal';
import {
  FORMULA_NO_VALUE,
  cellKey,
  type MergeSnapshot,
  type RawCell,
  type SheetSnapshot,
  type TableSnapshot,
  type WorkbookSnapshot,
} from '../../src/sheets/types';

/** Converts one ExcelJS cell value to a raw cell (rich text and hyperlinks to text, formulas to their result). */
export function rawFromExcelJs(v: ExcelJS.CellValue): { value: RawCell; formula: boolean } {
  if (v === null || v === undefined) return { value: null, formula: false };
  if (typeof v !== 'object' || v instanceof Date) return { value: v as RawCell, formula: false };
  const o = v as unknown as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    const r = o.result as ExcelJS.CellValue | undefined;
    if (r === undefined || r === null) return { value: FORMULA_NO_VALUE, formula: true };
    return { value: rawFromExcelJs(r).value, formula: true };
  }
  if ('error' in o) return { value: { error: String(o.error) }, formula: false };
  if ('richText' in o && Array.isArray(o.richText)) {
    return { value: (o.richText as { text: string }[]).map((t) => t.text).join(''), formula: false };
  }
  if ('text' in o) {
    const t = o.text as unknown;
    if (typeof t === 'string') return { value: t, formula: false };
    if (t && typeof t === 'object' && 'richText' in (t as object)) {
      return {
        value: ((t as { richText: { text: string }[] }).richText ?? []).map((x) => x.text).join(''),
        formula: false,
      };
    }
  }
  return { value: null, formula: false };
}

function tablesOf(ws: ExcelJS.Worksheet): TableSnapshot[] {
  const out: TableSnapshot[] = [];
  const tables = (ws as unknown as { getTables?: () => unknown[] }).getTables?.() ?? [];
  for (const entry of tables) {
    const t = (Array.isArray(entry) ? entry[0] : entry) as { table?: Record<string, unknown>; name?: string };
    const model = (t.table ?? t) as Record<string, unknown>;
    const ref = (model.ref ?? model.tableRef) as string | undefined;
    const name = (model.name ?? model.displayName) as string | undefined;
    const b = ref ? parseRange(ref) : null;
    if (!b || !name) continue;
    const totals = model.totalsRow === true;
    out.push({ name, top: b.top, left: b.left, bottom: totals ? b.bottom - 1 : b.bottom, right: b.right });
  }
  return out;
}

function mergesOf(ws: ExcelJS.Worksheet): MergeSnapshot[] {
  const merges = ((ws as unknown as { model: { merges?: string[] } }).model.merges ?? []) as string[];
  return merges.map((m) => parseRange(m)).filter((m): m is MergeSnapshot => m !== null);
}

export function snapshotFromExcelJs(
  wb: ExcelJS.Workbook,
  opts: { workbookProtected?: boolean } = {},
): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = [];
  wb.eachSheet((ws) => {
    const rows: RawCell[][] = [];
    const formulaCells = new Set<number>();
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const arr: RawCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // Merged cells give their value to the top-left cell only.
        if (cell.isMerged && cell.master !== cell) return;
        const { value, formula } = rawFromExcelJs(cell.value);
        arr[c - 1] = value;
        if (formula) formulaCells.add(cellKey(r, c));
      });
      rows[r - 1] = arr;
    });
    sheets.push({
      name: ws.name,
      hidden: ws.state !== 'visible' && ws.state !== undefined,
      protected: !!(ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet,
      rows,
      formulaCells,
      tables: tablesOf(ws),
      merges: mergesOf(ws),
    });
  });
  const definedNames = new Map<string, string>();
  const model = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model ?? [];
  for (const dn of model) definedNames.set(dn.name, dn.ranges.join(','));
  return {
    sheets,
    date1904: !!(wb.properties as { date1904?: boolean }).date1904,
    protected: !!opts.workbookProtected,
    definedNames,
  };
}

/** Loads a file with ExcelJS's full reader (slow and memory-hungry on large rosters; tests only). */
export async function loadWorkbook(
  file: string,
): Promise<{ wb: ExcelJS.Workbook; workbookProtected: boolean }> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    throw new FatalError('file-not-xlsx', {
      params: { value: file, reason: (e as NodeJS.ErrnoException).code ?? '' },
    });
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new FatalError('file-corrupt');
  }
  const files = unzipSync(new Uint8Array(buf), { filter: (f) => f.name === 'xl/workbook.xml' });
  const wbXml = files['xl/workbook.xml'] ? strFromU8(files['xl/workbook.xml']) : '';
  const prot = /<workbookProtection\b[^>]*>/.exec(wbXml);
  return { wb, workbookProtected: !!prot && /lockStructure="(1|true)"/.test(prot[0]) };
}
