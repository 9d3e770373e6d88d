/**
 * The light read of the start screen and the ribbon's size gate through Office.js (SPEC §6.1):
 * per sheet its name, visibility, protection, the used range's extent, its tables, and only the
 * first HEADER_SCAN_ROWS rows (where the header row must be, SPEC §2.0). What it found is
 * summarised by the pure src/sheets/detect.ts.
 */
import { HEADER_SCAN_COLS, HEADER_SCAN_ROWS, type LightWorkbook } from '../sheets/detect';
import type { RawCell, SheetSnapshot, TableSnapshot } from '../sheets/types';
import { loadValuesBudgeted, type ValuesRequest } from './budgeted-read';
import type { OfficeSheetInfo, OfficeSnapshot, ReadBudget } from './read';

interface SheetProbe {
  ws: Excel.Worksheet;
  used: Excel.Range;
  tables: Excel.TableCollection;
  protection: Excel.WorksheetProtection;
}

/** Reads the light snapshot through Office.js (three round trips, more when the header scans exceed the read budget). */
export async function readLightWorkbook(
  context: Excel.RequestContext,
  budget?: Partial<ReadBudget>,
): Promise<LightWorkbook> {
  const wb = context.workbook;
  const sheets = wb.worksheets;
  sheets.load('items/name,items/visibility');
  const wbProtection = wb.protection;
  wbProtection.load('protected');
  await context.sync();

  const probes: SheetProbe[] = sheets.items.map((ws) => {
    const used = ws.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    const tables = ws.tables;
    tables.load('items/name');
    const protection = ws.protection;
    protection.load('protected');
    return { ws, used, tables, protection };
  });
  await context.sync();

  // The header scans are budgeted like every other read (src/excel/budgeted-read.ts); the
  // table ranges ride along with the first of those round trips.
  const headRequests: ValuesRequest[] = [];
  const headOf: (number | null)[] = [];
  const tableRanges: { range: Excel.Range; name: string }[][] = [];
  for (const p of probes) {
    if (p.used.isNullObject) {
      headOf.push(null);
    } else {
      const rows = Math.min(HEADER_SCAN_ROWS, p.used.rowIndex + p.used.rowCount);
      const cols = Math.min(HEADER_SCAN_COLS, p.used.columnIndex + p.used.columnCount);
      headOf.push(headRequests.length);
      headRequests.push({ ws: p.ws, row: 0, col: 0, rows, cols });
    }
    tableRanges.push(
      p.tables.items.map((t) => {
        const range = t.getRange();
        range.load('rowIndex,columnIndex,rowCount,columnCount');
        return { range, name: t.name };
      }),
    );
  }
  let headValues: unknown[][][] = [];
  if (headRequests.length > 0) headValues = await loadValuesBudgeted(context, headRequests, budget);
  else await context.sync();

  const lastRow = new Map<string, number>();
  const lastCol = new Map<string, number>();
  const snapSheets: SheetSnapshot[] = probes.map((p, i) => {
    const name = p.ws.name;
    const used = p.used.isNullObject ? null : p.used;
    lastRow.set(name, used ? used.rowIndex + used.rowCount : 0);
    lastCol.set(name, used ? used.columnIndex + used.columnCount : 0);
    const head = headOf[i];
    const rows: RawCell[][] = head === null ? [] : (headValues[head] as RawCell[][]).map((r) => r.slice());
    const tables: TableSnapshot[] = tableRanges[i].map(({ range, name: tn }) => ({
      name: tn,
      top: range.rowIndex + 1,
      left: range.columnIndex + 1,
      bottom: range.rowIndex + range.rowCount,
      right: range.columnIndex + range.columnCount,
    }));
    return {
      name,
      hidden: p.ws.visibility !== 'Visible',
      protected: !!p.protection.protected,
      rows,
      tables,
      merges: [],
    };
  });
  return {
    snapshot: {
      sheets: snapSheets,
      date1904: false,
      protected: !!wbProtection.protected,
      definedNames: new Map(),
    },
    lastRow,
    lastCol,
  };
}

/**
 * The light read as the plan writer's snapshot, for plans that only add 'create' sheets (the
 * template, 設定): which sheets exist and where they sit in the tab order — all such a plan asks.
 */
export function officeSnapshotOfLight(light: LightWorkbook): OfficeSnapshot {
  const sheets = new Map<string, OfficeSheetInfo>();
  light.snapshot.sheets.forEach((s, position) =>
    sheets.set(s.name, {
      name: s.name,
      position,
      input: false,
      lastRow: light.lastRow.get(s.name) ?? 0,
      lastCol: light.lastCol.get(s.name) ?? 0,
      charts: 0,
      autoFilter: false,
      customFormats: [],
    }),
  );
  return {
    ...light.snapshot,
    office: {
      sheets,
      api: { v113: false, tableResize: false },
      stats: { syncs: 0, blocks: 0, cellsRead: 0, maxReadCells: 0, maxResponseBytes: 0 },
    },
  };
}
