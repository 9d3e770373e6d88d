/**
 * Office.js → WorkbookSnapshot: the add-in's reader (the CLI's is src/xlsx/package-read.ts).
 *
 * Round trips:
 *  1. metadata — worksheets (name, visibility, protection), workbook protection, defined names,
 *     tables (name, totals row, sheet) and the date system (DATE(1904,1,1) evaluated by the
 *     workbook; plus whatever the caller queued before, e.g. the run lock);
 *  2. per sheet the values-only used range; per input sheet its merged areas (ExcelApi 1.13) and
 *     its conditional formats; per owned sheet its charts and auto-filter; per table its range;
 *  3…n. the values of the input sheets from A1 to the used range's bottom-right, in row blocks sized
 *     by a cell budget and a byte budget (several blocks per round trip while the estimated
 *     response stays under the budget; the estimate per cell is measured on each sheet's first
 *     block, a small probe, and adapted after every block). The custom conditional formats'
 *     formulas and ranges ride along with the first of these round trips.
 *
 * Only sheets that can be inputs (the sheet name, or the name of one of its tables, matches an
 * input alias by normalised key) have their values read; every other sheet is listed with
 * `rows: []` but keeps its name, visibility and protection (ownership checks need them), and its
 * used range (実行履歴 is appended after its last used row).
 *
 * Values: '' → null; error values stay strings ('#N/A'); numbers stay numbers (dates are serials;
 * the pipeline handles serials and the 1904 system). Formula cells give their cached result, as in
 * the package reader; merged cells other than the top-left read as '' (Office.js), i.e. blank.
 *
 * Merged areas come from one getMergedAreasOrNullObject() per input sheet (cheap; ExcelApi 1.13).
 * Without 1.13, or when Excel refuses it (more than 512 merged areas), merges are not read: a
 * merged area in a column about to be added is then not reported as "in the way" (its values
 * still are). Formula cells are not listed (`formulaCells` stays undefined): reading `formulas`
 * would double the response; a formula in a column about to be added (its blank result makes it
 * invisible in the values) is found by `checkAddedColumns` (apply.ts) before the first write.
 */
import { normKey } from '../sheets/cells';
import { OWNED_SHEETS } from '../sheets/owned';
import { INPUT_SHEETS } from '../sheets/schema';
import type { MergeSnapshot, RawCell, SheetSnapshot, TableSnapshot, WorkbookSnapshot } from '../sheets/types';
import { areasOf } from './address';
import {
  SIZE_ERRORS,
  defaultIsSetSupported,
  errorCode,
  gridJsonBytes,
  throwIfAborted,
  yieldToEventLoop,
  type IsSetSupported,
} from './host';

/** Budgets of the reader; the defaults keep every response under 4 MB and every read under 5M cells. */
export interface ReadBudget {
  /** Largest number of cells in one `values` read. */
  maxCellsPerRead: number;
  /** Target size of one round trip's response (UTF-8 JSON bytes). */
  maxResponseBytes: number;
  /** Bytes per cell assumed for a sheet before its first block was measured. */
  initialBytesPerCell: number;
  /** The first block of a sheet is a probe of at most this share of the byte budget. */
  probeShare: number;
}

export const DEFAULT_READ_BUDGET: ReadBudget = {
  maxCellsPerRead: 1_000_000,
  maxResponseBytes: 3_400_000,
  initialBytesPerCell: 40,
  probeShare: 0.25,
};

export interface ReadOptions {
  isSetSupported?: IsSetSupported;
  /** Progress of the read phase, fraction 0…1 of the cells to read. */
  onProgress?: (p: { phase: 'read'; fraction: number }) => void;
  signal?: AbortSignal;
  budget?: Partial<ReadBudget>;
  /** Called between round trips (default: a macrotask, so Excel and the pane stay responsive). */
  yieldFn?: () => Promise<void>;
  /** Queues loads that ride along with the first round trip (called again if that one is retried). */
  beforeFirstSync?: () => void;
  /**
   * Called after the first round trip with the workbook's defined names (name → formula with
   * '='); may throw, or queue work that rides along with the second.
   */
  afterFirstSync?: (names: ReadonlyMap<string, string>) => void;
}

/** A custom conditional format found on an input sheet (a previous run's highlight or the user's). */
export interface CustomFormatInfo {
  /** ConditionalFormat.id. */
  id: string;
  formula: string;
  /** Sheet-relative areas. */
  areas: { top: number; left: number; bottom: number; right: number }[];
}

/** What the writer needs to know about a sheet besides its cells. */
export interface OfficeSheetInfo {
  name: string;
  /** 0-based position in the workbook. */
  position: number;
  /** The values were read (the sheet can be an input). */
  input: boolean;
  /** Bottom row / right column (1-based) of the values-only used range; 0 when the sheet holds no value. */
  lastRow: number;
  lastCol: number;
  /** Charts on the sheet (owned sheets only; they are deleted when the sheet is rewritten). */
  charts: number;
  /** The sheet has an auto-filter (owned sheets only). */
  autoFilter: boolean;
  /** Custom conditional formats (input sheets only). */
  customFormats: CustomFormatInfo[];
}

export interface ReadStats {
  syncs: number;
  blocks: number;
  cellsRead: number;
  /** Largest single `values` read, in cells. */
  maxReadCells: number;
  /** Largest measured response of one round trip (UTF-8 bytes of the loaded JSON). */
  maxResponseBytes: number;
}

/** The snapshot plus what the Office.js writer needs (a WorkbookSnapshot for the pipeline). */
export interface OfficeSnapshot extends WorkbookSnapshot {
  office: {
    sheets: Map<string, OfficeSheetInfo>;
    /**
     * What the host offers: merged areas were read (ExcelApi 1.13, and Excel did not refuse
     * them); Table.resize may be used (ExcelApi 1.13).
     */
    api: { v113: boolean; tableResize: boolean };
    stats: ReadStats;
  };
}

const INPUT_KEYS: ReadonlySet<string> = new Set(
  INPUT_SHEETS.flatMap((d) => d.aliases.map((a) => normKey(a))),
);
const OWNED_NAMES: ReadonlySet<string> = new Set(OWNED_SHEETS);

/** True when a sheet or table of this name can be an input (SPEC §2.0 aliases). */
export const isInputName = (name: string): boolean => INPUT_KEYS.has(normKey(name));

interface RangeDims {
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
}

function bottomRight(r: Excel.Range): { lastRow: number; lastCol: number } {
  if (r.isNullObject) return { lastRow: 0, lastCol: 0 };
  return { lastRow: r.rowIndex + r.rowCount, lastCol: r.columnIndex + r.columnCount };
}

/** A row block of one sheet to read. */
interface Block {
  sheet: SheetSnapshot;
  ws: Excel.Worksheet;
  /** 1-based first row. */
  row: number;
  rows: number;
  cols: number;
  range?: Excel.Range;
}

interface PendingSheet {
  snap: SheetSnapshot;
  ws: Excel.Worksheet;
  nextRow: number;
  lastRow: number;
  cols: number;
  /** Measured bytes per cell (null until the first block came back). */
  bytesPerCell: number | null;
}

export async function readSnapshot(
  context: Excel.RequestContext,
  opts: ReadOptions = {},
): Promise<OfficeSnapshot> {
  const budget: ReadBudget = { ...DEFAULT_READ_BUDGET, ...opts.budget };
  const supports = opts.isSetSupported ?? defaultIsSetSupported();
  const pause = opts.yieldFn ?? yieldToEventLoop;
  const api = { v113: supports('ExcelApi', '1.13'), tableResize: supports('ExcelApi', '1.13') };
  const stats: ReadStats = { syncs: 0, blocks: 0, cellsRead: 0, maxReadCells: 0, maxResponseBytes: 0 };
  const sync = async (): Promise<void> => {
    throwIfAborted(opts.signal);
    stats.syncs++;
    await context.sync();
  };
  opts.onProgress?.({ phase: 'read', fraction: 0 });

  // ---- 1. metadata
  const wb = context.workbook;
  const loadMeta = () => {
    opts.beforeFirstSync?.();
    const sheets = wb.worksheets.load('items/name,items/visibility,items/protection/protected');
    const wbProtection = wb.protection.load('protected');
    const names = wb.names.load('items/name,items/formula');
    const tables = wb.tables.load('items/name,items/showTotals,items/worksheet/name');
    // The date system: Workbook.use1904DateSystem is in no released requirement set (it is absent
    // from @types/office-js), so ask Excel for DATE(1904,1,1) instead (Workbook.functions,
    // [Api set: ExcelApi 1.2]): 1462 in the 1900 system, 0 in the 1904 system.
    const epoch1904 = wb.functions.date(1904, 1, 1).load('value');
    return { sheets, wbProtection, names, tables, epoch1904 };
  };
  const meta = loadMeta();
  await sync();
  const date1904 = isDate1904(meta.epoch1904.value);
  opts.afterFirstSync?.(new Map(meta.names.items.map((n) => [n.name, String(n.formula ?? '')])));
  await pause();

  const tablesBySheet = new Map<string, Excel.Table[]>();
  for (const t of meta.tables.items) {
    const list = tablesBySheet.get(t.worksheet.name) ?? [];
    list.push(t);
    tablesBySheet.set(t.worksheet.name, list);
  }

  // ---- 2. used ranges, table ranges, merges, conditional formats, charts
  interface SheetLoad {
    ws: Excel.Worksheet;
    snap: SheetSnapshot;
    used: Excel.Range;
    input: boolean;
    merged?: Excel.RangeAreas;
    cfs?: Excel.ConditionalFormatCollection;
    charts?: Excel.ChartCollection;
    autoFilter?: Excel.AutoFilter;
    tables: { t: Excel.Table; range: Excel.Range }[];
  }
  const queueRound2 = (withMerges: boolean): SheetLoad[] =>
    meta.sheets.items.map((ws) => {
      const tables = (tablesBySheet.get(ws.name) ?? []).map((t) => ({
        t,
        range: t.getRange().load('rowIndex,columnIndex,rowCount,columnCount'),
      }));
      const input = isInputName(ws.name) || tables.some((x) => isInputName(x.t.name));
      const snap: SheetSnapshot = {
        name: ws.name,
        hidden: ws.visibility !== 'Visible',
        protected: !!ws.protection.protected,
        rows: [],
        tables: [],
        merges: [],
      };
      const used = ws.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount');
      const l: SheetLoad = { ws, snap, used, input, tables };
      if (input) {
        // Merged areas of the whole sheet (an empty merged area may lie outside the used range).
        if (withMerges) l.merged = ws.getRange().getMergedAreasOrNullObject().load('address');
        l.cfs = ws.getRange().conditionalFormats.load('items/id,items/type');
      }
      if (OWNED_NAMES.has(ws.name)) {
        l.charts = ws.charts.load('items/name');
        l.autoFilter = ws.autoFilter.load('enabled');
      }
      return l;
    });
  let loads = queueRound2(api.v113);
  try {
    await sync();
  } catch (e) {
    // getMergedAreasOrNullObject fails on more than 512 merged areas: read again without merges
    // (merged areas are then not checked as "in the way"; values are unaffected).
    if (!api.v113 || errorCode(e) === '' || SIZE_ERRORS.has(errorCode(e))) throw e;
    api.v113 = false;
    loads = queueRound2(false);
    await sync();
  }
  await pause();

  const infos = new Map<string, OfficeSheetInfo>();
  const pending: PendingSheet[] = [];
  const customItems: { info: OfficeSheetInfo; cf: Excel.ConditionalFormat }[] = [];
  loads.forEach((l, position) => {
    const { lastRow, lastCol } = bottomRight(l.used);
    // Rows of other sheets are not read; their used range still tells a first run (§5.3, 実行履歴).
    if (!l.input) l.snap.lastUsedRow = lastRow;
    l.snap.tables = l.tables.map(({ t, range }) => tableSnapshot(t, range));
    if (l.merged && !l.merged.isNullObject) l.snap.merges = areasOf(l.merged.address) as MergeSnapshot[];
    const info: OfficeSheetInfo = {
      name: l.ws.name,
      position,
      input: l.input,
      lastRow,
      lastCol,
      charts: l.charts ? l.charts.items.length : 0,
      autoFilter: !!l.autoFilter?.enabled,
      customFormats: [],
    };
    infos.set(info.name, info);
    if (l.cfs) {
      for (const cf of l.cfs.items) {
        if (cf.type !== 'Custom') continue;
        customItems.push({ info, cf });
      }
    }
    if (l.input && lastRow > 0 && lastCol > 0) {
      pending.push({ snap: l.snap, ws: l.ws, nextRow: 1, lastRow, cols: lastCol, bytesPerCell: null });
    }
  });

  // ---- 3…n. values in row blocks
  const totalCells = pending.reduce((s, p) => s + p.lastRow * p.cols, 0);
  // The custom conditional formats' formulas and ranges ride along with the first value round.
  let customLoads: {
    info: OfficeSheetInfo;
    id: string;
    rule: Excel.ConditionalFormatRule;
    ranges: Excel.RangeAreas;
  }[] = [];
  const queueCustom = (): void => {
    customLoads = customItems.map(({ info, cf }) => ({
      info,
      id: cf.id,
      rule: cf.custom.rule.load('formula'),
      ranges: cf.getRanges().load('address'),
    }));
  };
  let firstRound = true;
  for (;;) {
    const blocks = planRound(pending, budget);
    if (blocks.length === 0 && !(firstRound && customItems.length > 0)) break;
    if (firstRound) queueCustom();
    for (const b of blocks) b.range = b.ws.getRangeByIndexes(b.row - 1, 0, b.rows, b.cols).load('values');
    const done = await syncBlocks(blocks, sync, pending, firstRound ? queueCustom : undefined);
    if (firstRound) {
      for (const c of customLoads) {
        c.info.customFormats.push({ id: c.id, formula: c.rule.formula, areas: areasOf(c.ranges.address) });
      }
      firstRound = false;
    }
    let bytes = 0;
    for (const b of done) {
      const values = b.range!.values as unknown[][];
      const measured = gridJsonBytes(values) + 12;
      bytes += measured;
      const p = pending.find((x) => x.snap === b.sheet)!;
      const perCell = measured / Math.max(1, b.rows * b.cols);
      p.bytesPerCell =
        p.bytesPerCell === null ? perCell : Math.max(perCell, p.bytesPerCell * 0.5 + perCell * 0.5);
      stats.blocks++;
      stats.cellsRead += b.rows * b.cols;
      stats.maxReadCells = Math.max(stats.maxReadCells, b.rows * b.cols);
      storeRows(b.sheet, b.row, values);
    }
    stats.maxResponseBytes = Math.max(stats.maxResponseBytes, bytes);
    opts.onProgress?.({
      phase: 'read',
      fraction: totalCells === 0 ? 1 : Math.min(1, stats.cellsRead / totalCells),
    });
    await pause();
  }

  const definedNames = new Map<string, string>();
  for (const n of meta.names.items) definedNames.set(n.name, String(n.formula ?? '').replace(/^=/, ''));
  opts.onProgress?.({ phase: 'read', fraction: 1 });
  return {
    sheets: loads.map((l) => l.snap),
    date1904,
    protected: !!meta.wbProtection.protected,
    definedNames,
    office: { sheets: infos, api, stats },
  };
}

/** The date system from DATE(1904,1,1) as the workbook computes it: 0 in the 1904 system, 1462 in the 1900 system. */
export function isDate1904(date19040101: unknown): boolean {
  return date19040101 === 0;
}

function tableSnapshot(t: Excel.Table, r: RangeDims): TableSnapshot {
  const top = r.rowIndex + 1;
  const bottom = r.rowIndex + r.rowCount - (t.showTotals ? 1 : 0);
  return { name: t.name, top, left: r.columnIndex + 1, bottom, right: r.columnIndex + r.columnCount };
}

/** The blocks of one round trip: as many rows as fit the cell and byte budgets. */
function planRound(pending: PendingSheet[], budget: ReadBudget): Block[] {
  const blocks: Block[] = [];
  let bytes = 0;
  for (const p of pending) {
    while (p.nextRow <= p.lastRow) {
      const perCell = (p.bytesPerCell ?? budget.initialBytesPerCell) * 1.15;
      const rowBytes = p.cols * perCell + 4;
      const room = budget.maxResponseBytes - bytes - 64;
      const cap =
        p.bytesPerCell === null ? Math.min(room, budget.maxResponseBytes * budget.probeShare) : room;
      let rows = Math.min(
        p.lastRow - p.nextRow + 1,
        Math.floor(budget.maxCellsPerRead / p.cols),
        Math.floor(cap / rowBytes),
      );
      if (rows < 1) {
        if (blocks.length > 0) return blocks;
        rows = 1;
      }
      // Do not end a round trip with a sliver of a block: leave it for the next one.
      if (
        blocks.length > 0 &&
        rows < p.lastRow - p.nextRow + 1 &&
        rows * rowBytes < budget.maxResponseBytes * 0.05
      )
        return blocks;
      blocks.push({ sheet: p.snap, ws: p.ws, row: p.nextRow, rows, cols: p.cols });
      p.nextRow += rows;
      bytes += rows * rowBytes + 64;
      // A probe block is measured before the sheet is read further.
      if (p.bytesPerCell === null) break;
    }
  }
  return blocks;
}

/**
 * Syncs the loads of a round trip. When Excel refuses it for its size (response payload, range
 * limit), nothing was delivered: the blocks are read again in halves, one half per round trip
 * (`requeue` queues again whatever else rode along, with the first half).
 */
async function syncBlocks(
  blocks: Block[],
  sync: () => Promise<void>,
  pending: PendingSheet[],
  requeue?: () => void,
  depth = 0,
): Promise<Block[]> {
  try {
    await sync();
    return blocks;
  } catch (e) {
    if (
      !SIZE_ERRORS.has(errorCode(e)) ||
      depth > 12 ||
      (blocks.length <= 1 && blocks.every((b) => b.rows === 1))
    )
      throw e;
    const halves: Block[] = [];
    for (const b of blocks) {
      if (b.rows === 1) {
        halves.push({ ...b, range: undefined });
        continue;
      }
      const first = Math.ceil(b.rows / 2);
      halves.push(
        { ...b, rows: first, range: undefined },
        { ...b, row: b.row + first, rows: b.rows - first, range: undefined },
      );
    }
    const mid = Math.ceil(halves.length / 2);
    const groups = [halves.slice(0, mid), halves.slice(mid)].filter((g) => g.length > 0);
    const out: Block[] = [];
    for (const [gi, g] of groups.entries()) {
      if (gi === 0) requeue?.();
      for (const b of g) b.range = b.ws.getRangeByIndexes(b.row - 1, 0, b.rows, b.cols).load('values');
      out.push(...(await syncBlocks(g, sync, pending, gi === 0 ? requeue : undefined, depth + 1)));
    }
    // Later rounds of these sheets assume denser data.
    for (const p of pending)
      if (blocks.some((b) => b.sheet === p.snap) && p.bytesPerCell !== null) p.bytesPerCell *= 2;
    return out;
  }
}

/** Copies a block's values into the sheet's rows: '' → null, everything else as Excel gave it. */
function storeRows(sheet: SheetSnapshot, firstRow: number, values: unknown[][]): void {
  for (let i = 0; i < values.length; i++) {
    const row = values[i] as RawCell[];
    for (let j = 0; j < row.length; j++) if (row[j] === '') row[j] = null;
    sheet.rows[firstRow - 1 + i] = row;
  }
}
