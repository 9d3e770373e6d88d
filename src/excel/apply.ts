/**
 * Applies an OutputPlan through Office.js — the add-in's writer. It writes the same cells as the
 * CLI's package writer (src/xlsx/package-write.ts) from the same plan:
 *
 * - owned input columns: header + values as 2-D blocks per contiguous run of columns, chunked so
 *   that no request exceeds the byte budget; owned cells below the last read row cleared; one
 *   number format per column range (a scalar, broadcast by Excel), the owned-header style, column
 *   widths; missing columns of an Excel-table input are added as table columns;
 * - highlighting: a previous run's rules (custom conditional formats lying entirely inside owned
 *   columns whose formula equals a rule of the plan) are deleted, then one custom conditional
 *   format per rule is added — never per-cell fills;
 * - owned sheets: existing ones (marked by `_KakariRoster_<sheet>`) are cleared in place (values,
 *   formats, conditional formats, merges, filter, freeze panes, charts) and rewritten; missing ones
 *   are added at the end in plan order; 'create' sheets (設定) only when absent; 'append' (実行履歴)
 *   gets one row after its last used row, as the last write;
 * - rows as 2-D `values` blocks (`formulas` blocks where a block holds a formula), number formats
 *   and styles per rectangle of equal format (not per cell), widths, heights, freeze panes,
 *   auto-filter, merges, page layout, the chart (`charts.add`) and the marker names.
 *
 * Text is written through guardText so Excel never converts it (SPEC §5.1.11); null is written as
 * '' (clears the cell). Every write batch starts with suspendApiCalculationUntilNextSync().
 *
 * Request accounting (what Excel on the web limits to 5 MB): the UTF-8 JSON bytes of the values
 * plus an overhead per call or proxy. A batch is sent when the next operation would take it over
 * the budget; a batch Excel still refuses for its size is re-sent in halves.
 *
 * The number of formatting calls depends on the layout, not on the data (SPEC §7: the same on W1
 * and W2). Hence, where this writer differs from the package writer in invisible ways:
 * - a number-format or font/alignment rectangle also covers empty cells of its column between or
 *   after its cells (fills never do) — see `rectangles`;
 * - row heights the plan derived from wrapped text (要対応リスト) are left to Excel's autofitRows()
 *   over those rows instead of one explicit height per row; fixed heights are set as planned;
 * - Office.js adds a conditional format at the top priority, so the plan's rules sit above older
 *   user rules (the xlsx lists them after); they only meet when a user rule covers owned columns.
 */
import { FatalError } from '../sheets/fatal';
import {
  isPreviousHighlight,
  ownedHeaderStyle,
  resolveStyle,
  styleInvisibleWhenEmpty,
  tableColumnNames,
} from '../sheets/plan-apply';
import { markerName } from '../sheets/owned';
import {
  type CellOut,
  type ChartPlan,
  type HighlightRule,
  type InputSheetPlan,
  type ListValidationPlan,
  type OutputPlan,
  type PageSetupPlan,
  type SheetPlan,
  type StyleKey,
} from '../sheets/plan-types';
import { a1 } from '../sheets/address';
import { DEFAULT_READ_BUDGET, type CustomFormatInfo, type OfficeSnapshot, type ReadBudget } from './read';
import { guardText } from './guard';
import {
  SIZE_ERRORS,
  cellJsonBytes,
  errorCode,
  gridJsonBytes,
  jsonStringBytes,
  yieldToEventLoop,
} from './host';

// ---------------------------------------------------------------------------------------------
// Budgets and stats

export interface WriteBudget {
  /** Target request size of one round trip (UTF-8 JSON bytes + per-call overhead). */
  maxRequestBytes: number;
  /** Largest number of cells in one written block. */
  maxCellsPerWrite: number;
  /** Assumed request bytes per call or proxy. */
  callOverheadBytes: number;
}

export const DEFAULT_WRITE_BUDGET: WriteBudget = {
  maxRequestBytes: 3_400_000,
  maxCellsPerWrite: 1_000_000,
  callOverheadBytes: 120,
};

export interface ApplyOptions {
  budget?: Partial<WriteBudget>;
  /** Progress of the write phase, fraction 0…1. */
  onProgress?: (fraction: number) => void;
  /** Called between round trips (default: a macrotask). */
  yieldFn?: () => Promise<void>;
}

export interface ApplyStats {
  syncs: number;
  /** Largest estimated request of one round trip. */
  maxRequestBytes: number;
  /** Value blocks written. */
  blocks: number;
  /** Batches Excel refused for their size and that were re-sent in halves. */
  retries: number;
}

// ---------------------------------------------------------------------------------------------
// The batching writer

/** One queued operation: its estimated request bytes, how to issue it, how to halve it. */
interface Op {
  bytes: number;
  issue: () => void;
  split?: () => Op[] | null;
}

class Writer {
  private batch: Op[] = [];
  private bytes = 0;
  /** Shrinks when Excel refuses a batch our estimate let through. */
  private scale = 1;
  private sheets = new Map<string, Excel.Worksheet>();
  readonly stats: ApplyStats = { syncs: 0, maxRequestBytes: 0, blocks: 0, retries: 0 };

  /** Clock reading when control last came back from the event loop (a sync or a yield). */
  private since = clock();

  constructor(
    readonly ctx: Excel.RequestContext,
    readonly budget: WriteBudget,
    private readonly pause: () => Promise<void>,
  ) {}

  /**
   * Hands control back to the event loop when the work since the last sync or yield has run
   * SLICE_MS (slices sized by time, not by rows: SPEC §7, no synchronous stretch near 200 ms).
   * The queued batch stays queued; proxies stay valid across an await inside Excel.run.
   */
  async breathe(): Promise<void> {
    if (clock() - this.since < SLICE_MS) return;
    await this.pause();
    this.since = clock();
  }

  /** The worksheet proxy (one per sheet, re-created after a refused batch). */
  sheet(name: string): Excel.Worksheet {
    let ws = this.sheets.get(name);
    if (!ws) {
      ws = this.ctx.workbook.worksheets.getItem(name);
      this.sheets.set(name, ws);
    }
    return ws;
  }

  /** A sheet added in this run: its proxy comes from worksheets.add. */
  addSheet(name: string): void {
    this.sheets.set(name, this.ctx.workbook.worksheets.add(name));
  }

  get limit(): number {
    return this.budget.maxRequestBytes * this.scale;
  }

  /** Request bytes still free in the current batch. */
  room(): number {
    return this.limit - this.bytes;
  }

  /** Per-call overhead estimate for `calls` calls/proxies. */
  calls(n: number): number {
    return n * this.budget.callOverheadBytes;
  }

  async add(op: Op): Promise<void> {
    if (this.batch.length > 0 && this.bytes + op.bytes > this.limit) await this.flush();
    if (this.batch.length === 0) {
      // Calculation stays suspended until this batch's sync (ExcelApi 1.6).
      this.ctx.application.suspendApiCalculationUntilNextSync();
      this.bytes = this.calls(2);
    }
    op.issue();
    this.batch.push(op);
    this.bytes += op.bytes;
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const ops = this.batch;
    const bytes = this.bytes;
    this.batch = [];
    this.bytes = 0;
    this.stats.syncs++;
    try {
      await this.ctx.sync();
    } catch (e) {
      if (!SIZE_ERRORS.has(errorCode(e))) throw e;
      // Excel refused the whole batch before running any of it: send it again in halves.
      const parts = ops.flatMap((op) => (op.bytes > 4096 ? (op.split?.() ?? [op]) : [op]));
      if (parts.length <= 1 || this.scale < 1 / 64) throw e;
      this.stats.retries++;
      this.scale /= 2;
      this.sheets.clear();
      for (const op of parts) await this.add(op);
      await this.flush();
      return;
    }
    this.stats.maxRequestBytes = Math.max(this.stats.maxRequestBytes, bytes);
    await this.pause();
    this.since = clock();
  }
}

/** Longest synchronous stretch of the writer between two breaks, in ms (see Writer.breathe). */
const SLICE_MS = 40;
const clock = (): number => globalThis.performance?.now() ?? Date.now();

// ---------------------------------------------------------------------------------------------
// Helpers

/** Excel column width in points from a plan width (characters of the default font, Calibri 11: 7 px per digit). */
export function widthToPoints(width: number): number {
  const px = Math.trunc(((256 * width + Math.trunc(128 / 7)) / 256) * 7);
  return px * 0.75;
}

const hex = (c: string): string => `#${c.toUpperCase()}`;

/** The value written for an output cell ('' clears; text guarded; formulas with '='). */
export function writtenValue(out: CellOut): string | number {
  if (out === null) return '';
  switch (out.t) {
    case 's':
      return guardText(out.v);
    case 'n':
    case 'd':
      return out.v;
    case 'f':
      return `=${out.f}`;
  }
}

/** Number format of an output cell: null = no matter (empty), '' = General (text, plain numbers, formulas). */
function formatOf(out: CellOut): string | null {
  if (out === null) return null;
  if (out.t === 'n') return out.fmt ?? '';
  if (out.t === 'd') return out.fmt;
  return '';
}

const styleOf = (out: CellOut): string | null => (out === null ? null : (out.s ?? ''));

interface Rect {
  key: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Rectangles of equal key over a grid of output cells (placed with its first row at `top`,
 * column A), so that formatting is set per rectangle, not per cell.
 *
 * Per column, the non-empty cells form segments of equal key (empty cells in between do not break
 * a segment). A segment whose formatting is invisible on an empty cell (`spreads(key)`: number
 * formats, fonts, alignment — not fills) also covers the empty cells around it: those above it
 * back to the previous segment, and below it down to the next segment that cannot spread (or to
 * the end of the grid). So the rectangles follow the layout (header rows, total rows, the
 * columns) and not where the data happens to have empty cells — the number of formatting calls
 * does not depend on the data (SPEC §7). Segments of adjacent columns with equal key and rows are
 * merged. The key '' (General, no style) produces no rectangle.
 */
export function rectangles(
  grid: CellOut[][],
  keyOf: (c: CellOut) => string | null,
  spreads: (key: string) => boolean,
  top = 1,
): Rect[] {
  const width = grid.reduce((m, r) => Math.max(m, r.length), 0);
  const n = grid.length;
  const runs: Rect[] = [];
  for (let j = 0; j < width; j++) {
    const segs: { key: string; first: number; last: number; start: number; end: number }[] = [];
    for (let i = 0; i < n; i++) {
      const k = keyOf(grid[i][j] ?? null);
      if (k === null) continue;
      const last = segs[segs.length - 1];
      if (last && last.key === k) last.last = i;
      else segs.push({ key: k, first: i, last: i, start: i, end: i });
    }
    segs.forEach((seg, idx) => {
      const prevEnd = idx === 0 ? -1 : segs[idx - 1].end;
      seg.start = spreads(seg.key) ? prevEnd + 1 : seg.first;
      const next = segs[idx + 1];
      if (!next) seg.end = spreads(seg.key) ? n - 1 : seg.last;
      else seg.end = spreads(seg.key) && !spreads(next.key) ? next.first - 1 : seg.last;
      if (seg.key !== '')
        runs.push({ key: seg.key, top: top + seg.start, bottom: top + seg.end, left: j + 1, right: j + 1 });
    });
  }
  runs.sort(
    (a, b) =>
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.top - b.top || a.bottom - b.bottom || a.left - b.left,
  );
  const out: Rect[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (
      last &&
      last.key === r.key &&
      last.top === r.top &&
      last.bottom === r.bottom &&
      last.right + 1 === r.left
    )
      last.right = r.left;
    else out.push({ ...r });
  }
  return out;
}

/** Styles whose look on an empty cell is nothing (no fill): their rectangles may run over empty cells. */
const styleSpreads = (key: string): boolean => key === '' || styleInvisibleWhenEmpty(key as StyleKey);

/** Groups sorted columns into runs of adjacent columns with an equal key. */
function columnRuns<T>(
  items: T[],
  colOf: (t: T) => number,
  keyOf: (t: T) => string | number | null,
): { left: number; right: number; key: string | number; items: T[] }[] {
  const sorted = [...items].sort((a, b) => colOf(a) - colOf(b));
  const out: { left: number; right: number; key: string | number; items: T[] }[] = [];
  for (const it of sorted) {
    const k = keyOf(it);
    if (k === null) continue;
    const last = out[out.length - 1];
    if (last && last.key === k && last.right + 1 === colOf(it)) {
      last.right = colOf(it);
      last.items.push(it);
    } else out.push({ left: colOf(it), right: colOf(it), key: k, items: [it] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Value blocks

/** A rectangle of cells to write in row chunks. */
interface BlockSource {
  sheet: string;
  /** 1-based top-left. */
  top: number;
  left: number;
  width: number;
  rows: number;
  /** Estimated JSON bytes of each row. */
  rowBytes: Float64Array;
  /** Rows [a, b) as a 2-D array of written values. */
  grid: (a: number, b: number) => (string | number)[][];
  /** True when rows [a, b) hold a formula (written through `formulas`). */
  hasFormula: (a: number, b: number) => boolean;
}

function blockOp(w: Writer, src: BlockSource, a: number, b: number): Op {
  let bytes = w.calls(3) + 16;
  for (let i = a; i < b; i++) bytes += src.rowBytes[i];
  return {
    bytes,
    issue: () => {
      const range = w.sheet(src.sheet).getRangeByIndexes(src.top - 1 + a, src.left - 1, b - a, src.width);
      const grid = src.grid(a, b);
      if (src.hasFormula(a, b)) range.formulas = grid;
      else range.values = grid;
      w.stats.blocks++;
    },
    split: () => {
      if (b - a < 2) return null;
      const m = a + Math.ceil((b - a) / 2);
      return [blockOp(w, src, a, m), blockOp(w, src, m, b)];
    },
  };
}

/**
 * Most request bytes of one value write. A batch holds up to the request budget (3.4 MB) in
 * several writes of at most this size, with a chance to yield (Writer.breathe) between them:
 * building one write's 2-D array and handing it to the proxy is one synchronous piece, which at
 * 3.4 MB was the add-in's longest stretch on W2 (80–130 ms CPU, bench). The batches, and so the
 * number of syncs, stay the same.
 */
const MAX_WRITE_BYTES = 1_000_000;

/** Queues a block source in chunks that fill the current batch up to the budget. */
async function writeBlocks(w: Writer, src: BlockSource): Promise<void> {
  const minChunk = Math.min(256_000, w.limit * 0.1);
  let a = 0;
  while (a < src.rows) {
    await w.breathe();
    let room = w.room() - w.calls(4);
    if (room < minChunk) {
      await w.flush();
      room = w.room() - w.calls(4);
    }
    room = Math.min(room, MAX_WRITE_BYTES);
    const maxRows = Math.max(1, Math.floor(w.budget.maxCellsPerWrite / Math.max(1, src.width)));
    let b = a;
    let acc = 0;
    while (b < src.rows && b - a < maxRows && (b === a || acc + src.rowBytes[b] <= room)) {
      acc += src.rowBytes[b];
      b++;
    }
    await w.add(blockOp(w, src, a, b));
    a = b;
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting operations (each a handful of calls; their number depends on the layout only)

function formatOp(w: Writer, calls: number, issue: () => void): Op {
  return { bytes: w.calls(calls) + 256, issue };
}

function styleOps(w: Writer, sheet: string, r: Rect, key: StyleKey): Op[] {
  const d = resolveStyle(key);
  const rows = r.bottom - r.top + 1;
  const cols = r.right - r.left + 1;
  return [
    formatOp(w, 12, () => {
      const f = w.sheet(sheet).getRangeByIndexes(r.top - 1, r.left - 1, rows, cols).format;
      if (d.bold) f.font.bold = true;
      if (d.italic) f.font.italic = true;
      if (d.size !== null) f.font.size = d.size;
      if (d.fontColor !== null) f.font.color = hex(d.fontColor);
      if (d.fill !== null) f.fill.color = hex(d.fill);
      if (d.wrap) f.wrapText = true;
      if (d.horizontal !== null) f.horizontalAlignment = HORIZONTAL[d.horizontal];
      if (d.vertical !== null) f.verticalAlignment = VERTICAL[d.vertical];
    }),
  ];
}

const HORIZONTAL = { left: 'Left', center: 'Center', right: 'Right' } as const;
const VERTICAL = { top: 'Top', middle: 'Center', bottom: 'Bottom' } as const;

/** Sets a scalar number format on a whole range (Excel applies a single value to every cell). */
function numberFormatOp(
  w: Writer,
  sheet: string,
  top: number,
  left: number,
  rows: number,
  cols: number,
  fmt: string,
): Op {
  return {
    bytes: w.calls(4) + jsonStringBytes(fmt),
    issue: () => {
      const range = w.sheet(sheet).getRangeByIndexes(top - 1, left - 1, rows, cols);
      (range as unknown as { numberFormat: string }).numberFormat = fmt;
    },
  };
}

function widthOps(w: Writer, sheet: string, widths: { col: number; width: number }[]): Op[] {
  return columnRuns(
    widths,
    (x) => x.col,
    (x) => x.width,
  ).map((run) =>
    formatOp(w, 4, () => {
      w.sheet(sheet).getRangeByIndexes(0, run.left - 1, 1, run.right - run.left + 1).format.columnWidth =
        widthToPoints(Number(run.key));
    }),
  );
}

/** One custom conditional format per rule; added last-first so that the plan's first rule ends on top (as in the xlsx). */
function highlightOps(w: Writer, sheet: string, rules: HighlightRule[]): Op[] {
  return [...rules].reverse().map((h) => ({
    bytes: w.calls(10) + jsonStringBytes(h.formula) + jsonStringBytes(h.range) + 64,
    issue: () => {
      const cf = w.sheet(sheet).getRange(h.range).conditionalFormats.add('Custom');
      cf.custom.rule.formula = h.formula;
      cf.custom.format.fill.color = hex(h.fill);
      cf.custom.format.font.color = hex(h.fontColor);
    },
  }));
}

/**
 * A drop-down list (DataValidation.rule with a list source and errorAlert, [Api set: ExcelApi 1.8]:
 * https://learn.microsoft.com/javascript/api/excel/excel.datavalidation).
 */
function validationOp(w: Writer, sheet: string, v: ListValidationPlan): Op {
  const source = v.list.join(',');
  return {
    bytes:
      w.calls(6) +
      jsonStringBytes(v.range) +
      jsonStringBytes(source) +
      jsonStringBytes(v.title) +
      jsonStringBytes(v.message),
    issue: () => {
      const dv = w.sheet(sheet).getRange(v.range).dataValidation;
      dv.rule = { list: { inCellDropDown: true, source } };
      dv.errorAlert = {
        showAlert: true,
        style: v.alert === 'stop' ? 'Stop' : 'Information',
        title: v.title,
        message: v.message,
      };
    },
  };
}

/**
 * The previous run's highlights among the sheet's custom rules (the plan decides which:
 * isPreviousHighlight), in deletion order: highest position (id) first, so that each deletion
 * leaves the positions of the rules still to delete unchanged.
 */
export function ownedHighlightsBottomUp(
  cfs: readonly CustomFormatInfo[],
  plan: Pick<InputSheetPlan, 'columns' | 'highlights'>,
): CustomFormatInfo[] {
  return cfs
    .filter((cf) => isPreviousHighlight(plan, cf.areas, [cf.formula]))
    .sort((a, b) => Number(b.id) - Number(a.id));
}

/** A4 in points (210 × 297 mm). */
const A4_POINTS = { short: (210 / 25.4) * 72, long: (297 / 25.4) * 72 };
/** Left + right margins of a new sheet ("Normal": 0.7 in each), in points. */
const SIDE_MARGINS_POINTS = 2 * 0.7 * 72;

/**
 * The print scale (percent, 10–100) at which columns of these widths (characters) fit one A4
 * page wide in the given orientation, with the default margins.
 */
export function fitWidthScale(widths: readonly number[], orientation: 'portrait' | 'landscape'): number {
  const printable = (orientation === 'landscape' ? A4_POINTS.long : A4_POINTS.short) - SIDE_MARGINS_POINTS;
  const content = widths.reduce((sum, wd) => sum + widthToPoints(wd), 0);
  if (content <= printable) return 100;
  return Math.max(10, Math.floor((100 * printable) / content));
}

/**
 * Page setup. Fit to one page wide is set as a zoom with horizontalFitToPages; office-js#1860
 * (https://github.com/OfficeDev/office-js/issues/1860) reports that Excel does not apply
 * fit-to-pages unless the Page Layout view is active, while a `scale` is always applied. So the
 * zoom is first set to the scale at which the planned columns fit the page width, then to the
 * fit: where the fit is applied it replaces the scale (the two are exclusive), where it is not,
 * the sheet still prints one page wide at that scale.
 */
function pageOps(w: Writer, sheet: string, page: PageSetupPlan, widths: readonly number[]): Op[] {
  return [
    formatOp(w, 11, () => {
      const pl = w.sheet(sheet).pageLayout;
      pl.orientation = page.orientation === 'landscape' ? 'Landscape' : 'Portrait';
      pl.paperSize = 'A4';
      if (page.fitToWidth === 1) pl.zoom = { scale: fitWidthScale(widths, page.orientation) };
      pl.zoom = { horizontalFitToPages: page.fitToWidth, verticalFitToPages: page.fitToHeight };
      if (page.printTitleRows) {
        const [a, b] = page.printTitleRows.split(':');
        pl.setPrintTitleRows(`$${a}:$${b ?? a}`);
      }
      if (page.footer) pl.headersFooters.defaultForAllPages.centerFooter = page.footer;
    }),
  ];
}

function chartOps(w: Writer, sheet: string, ch: ChartPlan): Op[] {
  return [
    formatOp(w, 24, () => {
      const ws = w.sheet(sheet);
      const [first, ...rest] = ch.series;
      // Every series' values, categories and name are set explicitly (ChartSeries.setValues /
      // setXAxisValues, [Api set: ExcelApi 1.7]): charts.add guesses the shape of its source
      // ("auto" inspects the data, https://learn.microsoft.com/javascript/api/excel/excel.chartseriesby)
      // and may take a lone text cell on top — a 「－」 rate (最小公表人数) — as the series name,
      // shifting every bar by one district.
      const chart = ws.charts.add('ColumnClustered', ws.getRange(first.range), 'Columns');
      chart.title.text = ch.title;
      const s0 = chart.series.getItemAt(0);
      s0.setValues(ws.getRange(first.range));
      s0.setXAxisValues(ws.getRange(ch.categories));
      s0.name = first.name;
      for (const s of rest) {
        const added = chart.series.add(s.name);
        added.setValues(ws.getRange(s.range));
        added.setXAxisValues(ws.getRange(ch.categories));
        added.name = s.name;
      }
      const axis = chart.axes.valueAxis;
      axis.minimum = ch.valueAxis.min;
      axis.maximum = ch.valueAxis.max;
      axis.numberFormat = ch.valueAxis.numFmt;
      const { col, row, cols, rows } = ch.anchor;
      chart.setPosition(a1(row, col), a1(row + rows - 1, col + cols - 1));
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Input sheets

async function applyInput(w: Writer, p: InputSheetPlan, snap: OfficeSnapshot): Promise<void> {
  const info = snap.office.sheets.get(p.sheet);
  const resize = snap.office.api.tableResize;
  const sheet = p.sheet;
  const cols = [...p.columns].sort((a, b) => a.col - b.col);

  // 1. The previous run's highlights (user rules stay), deleted highest position first:
  //    ConditionalFormat.id is the rule's priority, i.e. its position in the collection
  //    (https://learn.microsoft.com/javascript/api/excel/excel.conditionalformat#excel-excel-conditionalformat-id-member),
  //    so deleting a rule shifts the ids of every rule below it. Deleting from the bottom up
  //    leaves the ids still to delete where they were read.
  for (const cf of ownedHighlightsBottomUp(info?.customFormats ?? [], p)) {
    await w.add(formatOp(w, 5, () => w.sheet(sheet).getRange().conditionalFormats.getItem(cf.id).delete()));
  }

  // 2. Missing columns of a table input become table columns (in plan order, at the table's end).
  //    With ExcelApi 1.13 the values are written beside the table (3.) and the table is then
  //    resized over them (Table.resize): nothing shifts, and Excel on the web does not refuse
  //    it. TableColumnCollection.add inserts cells and, on the web, fails with
  //    OperationCellsExceedLimit once rows × (16383 − table columns) > 33,554,000 when anything
  //    lies right of the table (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-error-handling),
  //    i.e. from about 2,050 rows: it is only the fallback for hosts without 1.13.
  let tableAdded = 0;
  if (p.table) {
    let right = p.table.right;
    const name = p.table.name;
    const names = tableColumnNames(p);
    for (const c of cols) {
      if (c.exists || c.col !== right + 1) continue;
      right++;
      tableAdded++;
      if (resize) continue;
      const column = names.get(c.col) ?? c.header;
      await w.add({
        bytes: w.calls(4) + jsonStringBytes(column) + jsonStringBytes(name),
        issue: () => void w.sheet(sheet).tables.getItem(name).columns.add(undefined, undefined, column),
      });
    }
  }

  // 3. Header + values per run of adjacent columns.
  const n = p.lastRow - p.headerRow + 1;
  const runs = columnRuns(
    cols,
    (c) => c.col,
    () => 'run',
  );
  for (const run of runs) {
    const width = run.right - run.left + 1;
    const written: (string | number)[][] = [];
    for (const c of run.items) {
      const col: (string | number)[] = new Array(c.values.length + 1);
      col[0] = guardText(c.header);
      for (let i = 0; i < c.values.length; i++) {
        const v = c.values[i];
        col[i + 1] = v === null ? '' : typeof v === 'string' ? guardText(v) : v;
        if ((i & 4095) === 4095) await w.breathe();
      }
      written.push(col);
    }
    const rowBytes = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let b = 2 + width;
      for (const col of written) b += cellJsonBytes(col[i] ?? '');
      rowBytes[i] = b;
      if ((i & 4095) === 4095) await w.breathe();
    }
    await writeBlocks(w, {
      sheet,
      top: p.headerRow,
      left: run.left,
      width,
      rows: n,
      rowBytes,
      grid: (a, b) => {
        const out: (string | number)[][] = new Array(b - a);
        for (let i = a; i < b; i++) out[i - a] = written.map((col) => col[i] ?? '');
        return out;
      },
      hasFormula: () => false,
    });
    // Owned cells below the last read row are cleared.
    const bottom = info?.lastRow ?? 0;
    if (bottom > p.lastRow) {
      await w.add(
        formatOp(w, 4, () =>
          w
            .sheet(sheet)
            .getRangeByIndexes(p.lastRow, run.left - 1, bottom - p.lastRow, width)
            .clear('Contents'),
        ),
      );
    }
  }

  // The table grows over the columns written beside it (Table.resize, [Api set: ExcelApi 1.13]).
  if (p.table && resize && tableAdded > 0) {
    const name = p.table.name;
    await w.add({
      bytes: w.calls(6) + jsonStringBytes(name),
      issue: () => {
        const t = w.sheet(sheet).tables.getItem(name);
        t.resize(t.getRange().getResizedRange(0, tableAdded));
      },
    });
  }

  // 4. Number formats: one scalar per run of adjacent columns with the same format.
  if (p.lastRow > p.headerRow) {
    for (const run of columnRuns(
      cols,
      (c) => c.col,
      (c) => c.numFmt,
    )) {
      await w.add(
        numberFormatOp(
          w,
          sheet,
          p.headerRow + 1,
          run.left,
          p.lastRow - p.headerRow,
          run.right - run.left + 1,
          String(run.key),
        ),
      );
    }
  }
  // 5. Header style (the plan's, per run of adjacent columns sharing it), widths, highlights.
  for (const run of columnRuns(
    cols,
    (c) => c.col,
    (c) => ownedHeaderStyle(c),
  )) {
    const key = String(run.key) as StyleKey;
    const r: Rect = { key, top: p.headerRow, bottom: p.headerRow, left: run.left, right: run.right };
    for (const op of styleOps(w, sheet, r, key)) await w.add(op);
  }
  for (const op of widthOps(
    w,
    sheet,
    cols.map((c) => ({ col: c.col, width: c.width })),
  ))
    await w.add(op);
  for (const op of highlightOps(w, sheet, p.highlights)) await w.add(op);
}

// ---------------------------------------------------------------------------------------------
// Owned sheets

async function rowsSource(
  w: Writer,
  sheet: string,
  rows: CellOut[][],
  top: number,
  width: number,
): Promise<BlockSource> {
  const n = rows.length;
  const rowBytes = new Float64Array(n);
  const formulaRows = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    // Measuring a long sheet's rows (要対応リスト, 入力チェック) is a stretch of its own.
    if ((i & 4095) === 4095) await w.breathe();
    let b = 2 + width;
    let f = 0;
    const row = rows[i];
    for (let j = 0; j < width; j++) {
      const c = row[j] ?? null;
      b += cellJsonBytes(writtenValue(c));
      if (c !== null && c.t === 'f') f = 1;
    }
    rowBytes[i] = b;
    formulaRows[i + 1] = formulaRows[i] + f;
  }
  return {
    sheet,
    top,
    left: 1,
    width,
    rows: n,
    rowBytes,
    grid: (a, b) => {
      const out: (string | number)[][] = new Array(b - a);
      for (let i = a; i < b; i++) {
        const row = rows[i];
        const vals: (string | number)[] = new Array(width);
        for (let j = 0; j < width; j++) vals[j] = writtenValue(row[j] ?? null);
        out[i - a] = vals;
      }
      return out;
    },
    hasFormula: (a, b) => formulaRows[b] - formulaRows[a] > 0,
  };
}

/** Values, number formats and styles of a grid of output cells placed at (top, 1). */
async function writeGrid(w: Writer, sheet: string, rows: CellOut[][], top: number): Promise<void> {
  const width = rows.reduce((m, r) => Math.max(m, r.length), 0);
  if (rows.length === 0 || width === 0) return;
  await writeBlocks(w, await rowsSource(w, sheet, rows, top, width));
  for (const r of rectangles(rows, formatOf, () => true, top)) {
    await w.add(numberFormatOp(w, sheet, r.top, r.left, r.bottom - r.top + 1, r.right - r.left + 1, r.key));
  }
  for (const r of rectangles(rows, styleOf, styleSpreads, top)) {
    for (const op of styleOps(w, sheet, r, r.key as StyleKey)) await w.add(op);
  }
}

/** 0-based tab position of the first existing sheet named in sp.insertBefore, or null (append). */
function insertPosition(sp: SheetPlan, snap: OfficeSnapshot): number | null {
  if (!sp.insertBefore) return null;
  let at: number | null = null;
  for (const name of sp.insertBefore) {
    const info = snap.office.sheets.get(name);
    if (info && (at === null || info.position < at)) at = info.position;
  }
  return at;
}

async function applySheetPlan(
  w: Writer,
  sp: SheetPlan,
  snap: OfficeSnapshot,
  marker: boolean,
): Promise<void> {
  const existing = snap.sheets.find((s) => s.name === sp.name);
  if (sp.mode === 'create' && existing) return;
  const info = snap.office.sheets.get(sp.name);
  const name = sp.name;
  if (!existing) {
    await w.add({ bytes: w.calls(2) + jsonStringBytes(name), issue: () => w.addSheet(name) });
    const before = insertPosition(sp, snap);
    // Worksheet.position (ExcelApi 1.1) moves the new sheet before the first listed sheet:
    // https://learn.microsoft.com/en-us/javascript/api/excel/excel.worksheet#excel-excel-worksheet-position-member
    if (before !== null)
      await w.add({ bytes: w.calls(2), issue: () => void (w.sheet(name).position = before) });
  }

  if (sp.mode === 'append') {
    const a = sp.append!;
    let last = existing ? (info?.lastRow ?? 0) : 0;
    if (last === 0) {
      await writeGrid(w, name, [a.header], 1);
      last = 1;
    }
    await writeSheetSettings(w, sp, name, marker, snap);
    // The history row is the run's last write (SPEC §5.1.10).
    await writeGrid(w, name, [a.row], last + 1);
    return;
  }

  if (existing && sp.mode === 'owned') {
    const charts = info?.charts ?? 0;
    await w.add(
      formatOp(w, 10 + charts * 3, () => {
        const ws = w.sheet(name);
        const all = ws.getRange();
        all.conditionalFormats.clearAll();
        all.unmerge();
        all.clear('All');
        ws.freezePanes.unfreeze();
        for (let i = 0; i < charts; i++) ws.charts.getItemAt(0).delete();
      }),
    );
    if (info?.autoFilter) await w.add(formatOp(w, 3, () => w.sheet(name).autoFilter.remove()));
  }
  await writeGrid(w, name, sp.rows, 1);
  await writeSheetSettings(w, sp, name, marker, snap);
}

/**
 * Row heights. Heights the plan derived from wrapped text (sp.fitRows: the entries of
 * 要対応リスト) are left to Excel: one autofitRows() over those rows, which Excel sizes from the
 * real text — one call whatever the number of rows. Other heights (fixed layout rows such as
 * 会議資料's title) are set explicitly, per run of equal height.
 */
function rowHeightOps(w: Writer, sp: SheetPlan, name: string): Op[] {
  const ops: Op[] = [];
  const rowsOf = sp.mode === 'append' ? [] : sp.rows;
  const fit = sp.mode === 'append' ? undefined : sp.fitRows;
  const fixed = Object.entries(sp.rowHeights ?? {})
    .map(([r, h]) => ({ row: Number(r), h }))
    .filter((x) => !fit || x.row < fit.first || x.row > fit.last);
  for (const run of columnRuns(
    fixed,
    (x) => x.row,
    (x) => x.h,
  )) {
    ops.push(
      formatOp(
        w,
        4,
        () =>
          (w.sheet(name).getRangeByIndexes(run.left - 1, 0, run.right - run.left + 1, 1).format.rowHeight =
            Number(run.key)),
      ),
    );
  }
  if (fit) {
    const { first, last } = fit;
    const width = Math.max(
      1,
      rowsOf.reduce((m, r) => Math.max(m, r.length), 0),
    );
    ops.push(
      formatOp(w, 4, () =>
        w
          .sheet(name)
          .getRangeByIndexes(first - 1, 0, last - first + 1, width)
          .format.autofitRows(),
      ),
    );
  }
  return ops;
}

/** Widths, heights, freeze panes, filter, merges, highlights, page layout, chart and marker. */
async function writeSheetSettings(
  w: Writer,
  sp: SheetPlan,
  name: string,
  marker: boolean,
  snap: OfficeSnapshot,
): Promise<void> {
  for (const op of widthOps(
    w,
    name,
    sp.widths.map((width, i) => ({ col: i + 1, width })),
  ))
    await w.add(op);
  for (const op of rowHeightOps(w, sp, name)) await w.add(op);
  if (sp.freezeRows > 0)
    await w.add(formatOp(w, 3, () => w.sheet(name).freezePanes.freezeRows(sp.freezeRows)));
  if (sp.autoFilter) {
    const ref = sp.autoFilter;
    await w.add(formatOp(w, 4, () => w.sheet(name).autoFilter.apply(w.sheet(name).getRange(ref))));
  }
  for (const m of sp.merges) await w.add(formatOp(w, 3, () => w.sheet(name).getRange(m).merge(false)));
  // Formats of cells left empty (a template's data rows): a scalar, which Excel applies to every
  // cell of the range (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-set-format).
  for (const f of sp.rangeFormats ?? []) {
    await w.add({
      bytes: w.calls(4) + jsonStringBytes(f.range) + jsonStringBytes(f.numFmt),
      issue: () =>
        void ((w.sheet(name).getRange(f.range) as unknown as { numberFormat: string }).numberFormat =
          f.numFmt),
    });
  }
  for (const v of sp.validations ?? []) await w.add(validationOp(w, name, v));
  for (const op of highlightOps(w, name, sp.highlights)) await w.add(op);
  if (sp.page) for (const op of pageOps(w, name, sp.page, sp.widths)) await w.add(op);
  if (sp.chart) for (const op of chartOps(w, name, sp.chart)) await w.add(op);
  if (sp.mode !== 'create' && marker) {
    const mk = markerName(name);
    if (!snap.definedNames.has(mk)) {
      await w.add({
        bytes: w.calls(4) + jsonStringBytes(mk),
        issue: () => void w.ctx.workbook.names.add(mk, w.sheet(name).getRange('A1')),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Checks, before the first write, that no formula sits in a column about to be added (SPEC
 * §5.1.4): a formula whose result is blank does not show in the values read. One round trip: per
 * added column, the values-only used range of its rows (header row … last read row); `extra`
 * queues further loads that ride along (the run locks). Only when such a used range exists (rare:
 * the values there were blank, else the pipeline would have stopped) are its formulas read —
 * budgeted like every other read (ReadBudget: cells per read, bytes per response): a small probe
 * first, then chunks sized by the measured bytes per cell, halved when Excel still refuses one
 * for its size.
 */
export async function checkAddedColumns(
  context: Excel.RequestContext,
  plan: OutputPlan,
  extra?: () => void,
  budgetIn?: Partial<ReadBudget>,
): Promise<{ syncs: number; maxReadCells: number; maxResponseBytes: number }> {
  const budget: ReadBudget = { ...DEFAULT_READ_BUDGET, ...budgetIn };
  const stats = { syncs: 0, maxReadCells: 0, maxResponseBytes: 0 };
  const probes: { sheet: string; col: number; ws: Excel.Worksheet; used: Excel.Range }[] = [];
  for (const p of plan.inputs) {
    const ws = context.workbook.worksheets.getItem(p.sheet);
    for (const c of p.columns) {
      if (c.exists) continue;
      const area = ws.getRangeByIndexes(p.headerRow - 1, c.col - 1, p.lastRow - p.headerRow + 1, 1);
      probes.push({
        sheet: p.sheet,
        col: c.col,
        ws,
        used: area.getUsedRangeOrNullObject(true).load('rowIndex,rowCount'),
      });
    }
  }
  extra?.();
  await context.sync();
  stats.syncs++;
  // Formula cells of the suspect columns (one column each).
  let bytesPerCell: number | null = null;
  for (const x of probes) {
    if (x.used.isNullObject) continue;
    let row = 0;
    while (row < x.used.rowCount) {
      const perCell = (bytesPerCell ?? budget.initialBytesPerCell) * 1.15;
      const cap =
        bytesPerCell === null ? budget.maxResponseBytes * budget.probeShare : budget.maxResponseBytes;
      let rows = Math.max(
        1,
        Math.min(
          x.used.rowCount - row,
          budget.maxCellsPerRead,
          Math.floor(cap / (perCell + 4)),
          // The probe is small: a formula can be up to 8,192 characters.
          bytesPerCell === null ? FORMULA_PROBE_ROWS : Infinity,
        ),
      );
      let formulas: unknown[][];
      for (;;) {
        const range = x.ws.getRangeByIndexes(x.used.rowIndex + row, x.col - 1, rows, 1).load('formulas');
        try {
          stats.syncs++;
          await context.sync();
          formulas = range.formulas as unknown[][];
          break;
        } catch (e) {
          if (!SIZE_ERRORS.has(errorCode(e)) || rows === 1) throw e;
          rows = Math.ceil(rows / 2);
          bytesPerCell = Math.max(bytesPerCell ?? budget.initialBytesPerCell, budget.initialBytesPerCell) * 2;
        }
      }
      const measured = gridJsonBytes(formulas) + 12;
      bytesPerCell = Math.max(measured / rows, bytesPerCell === null ? 0 : bytesPerCell * 0.5);
      stats.maxReadCells = Math.max(stats.maxReadCells, rows);
      stats.maxResponseBytes = Math.max(stats.maxResponseBytes, measured);
      const cells: string[] = [];
      formulas.forEach((r, k) => {
        if (String(r[0] ?? '').startsWith('=') && cells.length < 10)
          cells.push(a1(x.used.rowIndex + row + k + 1, x.col));
      });
      if (cells.length > 0) {
        throw new FatalError('owned-column-blocked', {
          sheet: x.sheet,
          cell: cells[0],
          params: { cells: cells.join('、'), sheet: x.sheet },
        });
      }
      row += rows;
    }
  }
  return stats;
}

/** Rows of the first `formulas` read of checkAddedColumns, before bytes per cell are measured. */
const FORMULA_PROBE_ROWS = 1_000;

export interface ApplyPlanOptions extends ApplyOptions {
  /** Add the `_KakariRoster_<sheet>` marker names (default true). */
  marker?: boolean;
  /** Queues work (e.g. releasing the run lock) into the last write batch. */
  beforeLastSync?: () => void;
  /** Queues work (e.g. taking the workbook run lock) as the first operation of the first write batch. */
  beforeFirstWrite?: () => void;
}

/** Applies the plan; every check ran before (recalc + checkAddedColumns). Returns the writer's stats. */
export async function applyPlan(
  context: Excel.RequestContext,
  plan: OutputPlan,
  snap: OfficeSnapshot,
  opts: ApplyPlanOptions = {},
): Promise<ApplyStats> {
  const budget: WriteBudget = { ...DEFAULT_WRITE_BUDGET, ...opts.budget };
  const w = new Writer(context, budget, opts.yieldFn ?? yieldToEventLoop);
  const marker = opts.marker !== false;
  const steps = plan.inputs.length + plan.sheets.length;
  let done = 0;
  const step = (): void => opts.onProgress?.(Math.min(1, ++done / Math.max(1, steps)));
  opts.onProgress?.(0);
  const first = opts.beforeFirstWrite;
  if (first) await w.add({ bytes: w.calls(6) + 256, issue: first });
  for (const p of plan.inputs) {
    await applyInput(w, p, snap);
    step();
  }
  // 実行履歴 (append) is written last: a run interrupted mid-write leaves no history row.
  const ordered = [
    ...plan.sheets.filter((s) => s.mode !== 'append'),
    ...plan.sheets.filter((s) => s.mode === 'append'),
  ];
  for (const sp of ordered) {
    await applySheetPlan(w, sp, snap, marker);
    step();
  }
  const last = opts.beforeLastSync;
  if (last) await w.add({ bytes: w.calls(4), issue: last });
  await w.flush();
  return w.stats;
}
