/**
 * The in-memory workbook behind the double (no proxies, no accounting). Everything is 0-based.
 * Cells are stored sparsely: a row array of values per sheet row, sparse maps for formulas,
 * per-cell style ids (interned styles) and hyperlinks.
 */

import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  boundingRect,
  cellKey,
  isEntireColumns,
  isEntireRows,
  keyCol,
  keyRow,
  parseAddress,
  rectsIntersect,
  sheetAddress,
  subtractRect,
} from './address';
import { ErrorCodes, excelError, notEmulated } from './errors';
import { FormulaEnv, FormulaSyntaxError, evaluate, parseFormula } from './formula';
import { CellValue } from './values';

// ---------------------------------------------------------------------------------------------
// Styles

export interface BorderModel {
  style: string;
  color: string;
  weight: string;
}

/** A cell style. Absent fields are Excel's defaults. */
export interface Style {
  numberFormat?: string;
  fillColor?: string;
  fontBold?: boolean;
  fontItalic?: boolean;
  fontColor?: string;
  fontSize?: number;
  fontName?: string;
  fontUnderline?: string;
  fontStrikethrough?: boolean;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  indentLevel?: number;
  quotePrefix?: boolean;
  locked?: boolean;
  formulaHidden?: boolean;
  borderTop?: BorderModel;
  borderBottom?: BorderModel;
  borderLeft?: BorderModel;
  borderRight?: BorderModel;
  borderDiagonalDown?: BorderModel;
  borderDiagonalUp?: BorderModel;
}

export type StylePatch = { [K in keyof Style]?: Style[K] | undefined };

export class StyleTable {
  private readonly list: Style[] = [Object.freeze({})];
  private readonly ids = new Map<string, number>([['{}', 0]]);

  get(id: number): Style {
    return this.list[id];
  }

  intern(style: Style): number {
    const clean: Record<string, unknown> = {};
    for (const k of Object.keys(style).sort()) {
      const v = (style as Record<string, unknown>)[k];
      if (v !== undefined) clean[k] = v;
    }
    const key = JSON.stringify(clean);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(Object.freeze(clean as Style));
      this.ids.set(key, id);
    }
    return id;
  }

  patch(id: number, patch: StylePatch): number {
    return this.intern({ ...this.list[id], ...patch });
  }
}

// ---------------------------------------------------------------------------------------------
// Sheet-level structures

export interface HyperlinkModel {
  address?: string;
  documentReference?: string;
  screenTip?: string;
  textToDisplay?: string;
}

export interface CfFormat {
  fillColor?: string | null;
  fontColor?: string | null;
  fontBold?: boolean | null;
  fontItalic?: boolean | null;
  fontStrikethrough?: boolean | null;
  fontUnderline?: string | null;
  numberFormat?: string | null;
}

export interface CfModel {
  id: string;
  type: 'Custom' | 'ContainsText' | 'CellValue';
  ranges: Rect[];
  stopIfTrue: boolean;
  /** Custom: {formula}; ContainsText: {operator, text}; CellValue: {formula1, formula2?, operator}. */
  rule: { formula?: string; operator?: string; text?: string; formula1?: string; formula2?: string } | null;
  format: CfFormat;
  deleted?: boolean;
}

export interface DvModel {
  ranges: Rect[];
  rule: Record<string, unknown> | null;
  errorAlert: { message: string; showAlert: boolean; style: string; title: string };
  prompt: { message: string; showPrompt: boolean; title: string };
  ignoreBlanks: boolean;
}

export interface RefModel {
  sheet: SheetModel;
  rect: Rect;
}

export interface SeriesModel {
  name: string;
  values: RefModel | null;
  xValues: RefModel | null;
  chartType?: string;
  hasDataLabels: boolean;
  deleted?: boolean;
}

export interface AxisModel {
  minimum: number | null;
  maximum: number | null;
  majorUnit: number | null;
  numberFormat: string;
  visible: boolean;
  title: { text: string; visible: boolean };
}

export interface ChartModel {
  id: string;
  name: string;
  sheet: SheetModel;
  chartType: string;
  seriesBy: string;
  source: RefModel | null;
  series: SeriesModel[];
  title: { text: string; visible: boolean; overlay: boolean };
  axes: { valueAxis: AxisModel; categoryAxis: AxisModel };
  legend: { visible: boolean; position: string; overlay: boolean };
  dataLabels: { showValue: boolean; numberFormat: string; position: string };
  position: {
    top: number;
    left: number;
    width: number;
    height: number;
    startCell?: string;
    endCell?: string;
  };
  deleted?: boolean;
}

export interface HeaderFooterModel {
  leftHeader: string;
  centerHeader: string;
  rightHeader: string;
  leftFooter: string;
  centerFooter: string;
  rightFooter: string;
}

export interface PageLayoutModel {
  orientation: string;
  paperSize: string;
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  printTitleRows: Rect | null;
  printTitleColumns: Rect | null;
  printArea: Rect[] | null;
  centerHorizontally: boolean;
  centerVertically: boolean;
  printGridlines: boolean;
  printHeadings: boolean;
  blackAndWhite: boolean;
  draftMode: boolean;
  firstPageNumber: number | '';
  printComments: string;
  printErrors: string;
  printOrder: string;
  topMargin: number;
  bottomMargin: number;
  leftMargin: number;
  rightMargin: number;
  headerMargin: number;
  footerMargin: number;
  headersFooters: {
    state: string;
    useSheetMargins: boolean;
    useSheetScale: boolean;
    defaultForAllPages: HeaderFooterModel;
    firstPage: HeaderFooterModel;
    evenPages: HeaderFooterModel;
    oddPages: HeaderFooterModel;
  };
}

const emptyHf = (): HeaderFooterModel => ({
  leftHeader: '',
  centerHeader: '',
  rightHeader: '',
  leftFooter: '',
  centerFooter: '',
  rightFooter: '',
});

export function defaultPageLayout(paperSize: string): PageLayoutModel {
  return {
    orientation: 'Portrait',
    paperSize,
    zoom: { scale: 100 },
    printTitleRows: null,
    printTitleColumns: null,
    printArea: null,
    centerHorizontally: false,
    centerVertically: false,
    printGridlines: false,
    printHeadings: false,
    blackAndWhite: false,
    draftMode: false,
    firstPageNumber: '',
    printComments: 'NoComments',
    printErrors: 'AsDisplayed',
    printOrder: 'DownThenOver',
    topMargin: 54,
    bottomMargin: 54,
    leftMargin: 50.4,
    rightMargin: 50.4,
    headerMargin: 21.6,
    footerMargin: 21.6,
    headersFooters: {
      state: 'Default',
      useSheetMargins: true,
      useSheetScale: true,
      defaultForAllPages: emptyHf(),
      firstPage: emptyHf(),
      evenPages: emptyHf(),
      oddPages: emptyHf(),
    },
  };
}

export interface ProtectionOptionsModel {
  allowAutoFilter: boolean;
  allowDeleteColumns: boolean;
  allowDeleteRows: boolean;
  allowEditObjects: boolean;
  allowEditScenarios: boolean;
  allowFormatCells: boolean;
  allowFormatColumns: boolean;
  allowFormatRows: boolean;
  allowInsertColumns: boolean;
  allowInsertHyperlinks: boolean;
  allowInsertRows: boolean;
  allowPivotTables: boolean;
  allowSort: boolean;
  selectionMode: string;
}

export const defaultProtectionOptions = (): ProtectionOptionsModel => ({
  allowAutoFilter: false,
  allowDeleteColumns: false,
  allowDeleteRows: false,
  allowEditObjects: false,
  allowEditScenarios: false,
  allowFormatCells: false,
  allowFormatColumns: false,
  allowFormatRows: false,
  allowInsertColumns: false,
  allowInsertHyperlinks: false,
  allowInsertRows: false,
  allowPivotTables: false,
  allowSort: false,
  selectionMode: 'Normal',
});

// ---------------------------------------------------------------------------------------------
// Tables and names

export interface TableColumnModel {
  id: number;
  name: string;
}

export interface TableModel {
  id: string;
  name: string;
  sheet: SheetModel;
  /** Whole table, header row included (and the totals row when showTotals). */
  rect: Rect;
  showHeaders: boolean;
  showTotals: boolean;
  style: string;
  showBandedRows: boolean;
  showBandedColumns: boolean;
  showFilterButton: boolean;
  highlightFirstColumn: boolean;
  highlightLastColumn: boolean;
  columns: TableColumnModel[];
  nextColumnId: number;
  deleted?: boolean;
}

export interface NameModel {
  name: string;
  /** null = workbook scope. */
  scope: SheetModel | null;
  /** Set when the formula is a single range reference (kept in step with sheet renames). */
  ref: RefModel | null;
  /** Formula text when `ref` is null ("=#REF!", '="text"', "=1", …). */
  formula: string;
  visible: boolean;
  comment: string;
  deleted?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Sheet

let sheetSeq = 0;

export class SheetModel {
  readonly id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  tabColor = '';
  showGridlines = true;
  deleted = false;

  /** rows[r][c] — sparse arrays. */
  rows: (CellValue | undefined)[][] = [];
  formulas = new Map<number, string>();
  styles = new Map<number, number>();
  colStyles = new Map<number, number>();
  rowStyles = new Map<number, number>();
  colWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  hyperlinks = new Map<number, HyperlinkModel>();
  merges: Rect[] = [];
  conditionalFormats: CfModel[] = [];
  dataValidations: DvModel[] = [];
  charts: ChartModel[] = [];
  protection: { protected: boolean; password?: string; options: ProtectionOptionsModel } = {
    protected: false,
    options: defaultProtectionOptions(),
  };
  freeze = { rows: 0, cols: 0 };
  pageLayout: PageLayoutModel;
  autoFilter: { rect: Rect | null } = { rect: null };

  constructor(
    readonly workbook: WorkbookModel,
    name: string,
  ) {
    sheetSeq++;
    this.id = `{${sheetSeq.toString(16).padStart(8, '0').toUpperCase()}-0001-0000-0000-000000000000}`;
    this.name = name;
    this.pageLayout = defaultPageLayout(workbook.options.paperSize);
  }

  get position(): number {
    return this.workbook.sheets.indexOf(this);
  }

  // ----- values and formulas

  getValue(r: number, c: number): CellValue | undefined {
    const row = this.rows[r];
    return row ? row[c] : undefined;
  }

  setValue(r: number, c: number, v: CellValue | undefined): void {
    let row = this.rows[r];
    if (v === undefined) {
      if (row && c < row.length && row[c] !== undefined) {
        row[c] = undefined;
        this.workbook.markDirty();
      }
      return;
    }
    if (!row) row = this.rows[r] = [];
    row[c] = v;
    this.workbook.markDirty();
  }

  getFormula(r: number, c: number): string | undefined {
    return this.formulas.get(cellKey(r, c));
  }

  /** Set a formula and its value (computed now). Throws InvalidArgument for a syntax error. */
  setFormula(r: number, c: number, formula: string): void {
    try {
      parseFormula(formula);
    } catch (e) {
      if (e instanceof FormulaSyntaxError) throw excelError(ErrorCodes.invalidArgument, 'Range.formulas');
      throw e;
    }
    this.formulas.set(cellKey(r, c), formula);
    this.setValue(r, c, this.workbook.evaluateFormula(this, formula));
    this.workbook.markDirty();
  }

  clearContent(r: number, c: number): void {
    this.formulas.delete(cellKey(r, c));
    this.setValue(r, c, undefined);
  }

  // ----- styles

  styleIdAt(r: number, c: number): number {
    const id = this.styles.get(cellKey(r, c));
    if (id !== undefined) return id;
    const rs = this.rowStyles.get(r);
    if (rs !== undefined) return rs;
    return this.colStyles.get(c) ?? 0;
  }

  styleAt(r: number, c: number): Style {
    return this.workbook.styles.get(this.styleIdAt(r, c));
  }

  numberFormatAt(r: number, c: number): string {
    return this.styleAt(r, c).numberFormat ?? 'General';
  }

  /** Apply a style patch to every cell of `rect` (whole columns/rows also patch their defaults). */
  patchStyle(rect: Rect, patch: StylePatch): void {
    const table = this.workbook.styles;
    const memo = new Map<number, number>();
    const patched = (id: number): number => {
      let n = memo.get(id);
      if (n === undefined) {
        n = table.patch(id, patch);
        memo.set(id, n);
      }
      return n;
    };
    const entireCols = isEntireColumns(rect);
    const entireRows = isEntireRows(rect);
    if (entireCols || entireRows) {
      if (entireCols)
        for (let c = rect.c0; c <= rect.c1; c++) this.colStyles.set(c, patched(this.colStyles.get(c) ?? 0));
      if (entireRows)
        for (let r = rect.r0; r <= rect.r1; r++) this.rowStyles.set(r, patched(this.rowStyles.get(r) ?? 0));
      if (entireCols && !entireRows) {
        // Row defaults win over column defaults in the lookup: give those cells their own style.
        for (const [r] of this.rowStyles)
          for (let c = rect.c0; c <= rect.c1; c++) this.setStyleId(r, c, patched(this.styleIdAt(r, c)));
      }
      for (const [k, id] of [...this.styles]) {
        const r = keyRow(k);
        const c = keyCol(k);
        if (r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1) this.styles.set(k, patched(id));
      }
      return;
    }
    for (let r = rect.r0; r <= rect.r1; r++) {
      for (let c = rect.c0; c <= rect.c1; c++) this.setStyleId(r, c, patched(this.styleIdAt(r, c)));
    }
  }

  setStyleId(r: number, c: number, id: number): void {
    const inherited = this.rowStyles.get(r) ?? this.colStyles.get(c) ?? 0;
    if (id === inherited) this.styles.delete(cellKey(r, c));
    else this.styles.set(cellKey(r, c), id);
  }

  /** Remove all formatting (per-cell styles; row/column defaults for whole rows/columns). */
  clearFormats(rect: Rect): void {
    if (isEntireColumns(rect)) for (let c = rect.c0; c <= rect.c1; c++) this.colStyles.delete(c);
    if (isEntireRows(rect)) for (let r = rect.r0; r <= rect.r1; r++) this.rowStyles.delete(r);
    const small = (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1) < this.styles.size;
    if (small) {
      for (let r = rect.r0; r <= rect.r1; r++) {
        for (let c = rect.c0; c <= rect.c1; c++) {
          this.styles.delete(cellKey(r, c));
          if (this.rowStyles.has(r) || this.colStyles.has(c)) this.styles.set(cellKey(r, c), 0);
        }
      }
    } else {
      for (const k of [...this.styles.keys()]) {
        const r = keyRow(k);
        const c = keyCol(k);
        if (r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1) {
          if (this.rowStyles.has(r) || this.colStyles.has(c)) this.styles.set(k, 0);
          else this.styles.delete(k);
        }
      }
    }
    // Formats also cover merges, conditional formats and data validation.
    this.merges = this.merges.filter((m) => !rectsIntersect(m, rect));
    this.conditionalFormats = subtractFromAreas(this.conditionalFormats, rect, (cf) => (cf.deleted = true));
    this.dataValidations = subtractFromAreas(this.dataValidations, rect);
  }

  // ----- extent

  /** Bounding rectangle of used cells (values/formulas; with formats unless valuesOnly). */
  usedRect(valuesOnly: boolean): Rect | null {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    const take = (r: number, c: number): void => {
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    };
    for (let r = 0; r < this.rows.length; r++) {
      const row = this.rows[r];
      if (!row) continue;
      for (let c = 0; c < row.length; c++) if (row[c] !== undefined) take(r, c);
    }
    for (const k of this.formulas.keys()) take(keyRow(k), keyCol(k));
    if (!valuesOnly) {
      for (const [k, id] of this.styles) if (id !== 0) take(keyRow(k), keyCol(k));
    }
    if (r1 < 0) return null;
    return { r0, c0, r1, c1 };
  }

  /** True when the cell has a value or a formula. */
  hasContent(r: number, c: number): boolean {
    return this.getValue(r, c) !== undefined || this.formulas.has(cellKey(r, c));
  }

  mergeAt(r: number, c: number): Rect | undefined {
    return this.merges.find((m) => r >= m.r0 && r <= m.r1 && c >= m.c0 && c <= m.c1);
  }
}

/** Remove `rect` from the areas of CF/DV entries; entries left without areas are dropped. */
export function subtractFromAreas<T extends { ranges: Rect[] }>(
  list: T[],
  rect: Rect,
  onDrop?: (t: T) => void,
): T[] {
  const out: T[] = [];
  for (const item of list) {
    if (!item.ranges.some((a) => rectsIntersect(a, rect))) {
      out.push(item);
      continue;
    }
    item.ranges = item.ranges.flatMap((a) => subtractRect(a, rect));
    if (item.ranges.length) out.push(item);
    else onDrop?.(item);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workbook

export interface WorkbookOptions {
  /** Format applied when a date is typed/written as text (default 'yyyy/m/d', ja-JP). */
  shortDateFormat: string;
  /** Default paper size of new sheets ('A4' in Japan). */
  paperSize: string;
  /** Default font (ja-JP Excel: 游ゴシック 11). */
  fontName: string;
  fontSize: number;
  /** Default column width and row height in points. */
  columnWidth: number;
  rowHeight: number;
  now: () => Date;
}

export const defaultWorkbookOptions = (): WorkbookOptions => ({
  shortDateFormat: 'yyyy/m/d',
  paperSize: 'A4',
  fontName: '游ゴシック',
  fontSize: 11,
  columnWidth: 48,
  rowHeight: 18.75,
  now: () => new Date(),
});

export class WorkbookModel {
  readonly options: WorkbookOptions;
  readonly styles = new StyleTable();
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  names: NameModel[] = [];
  settings = new Map<string, unknown>();
  protection: { protected: boolean; password?: string } = { protected: false };
  date1904 = false;
  calculationMode: 'Automatic' | 'AutomaticExceptTables' | 'Manual' = 'Automatic';
  name = 'Book1.xlsx';
  activeSheet: SheetModel | null = null;
  selection: RefModel | null = null;
  private tableSeq = 0;
  private cfSeq = 0;
  private chartSeq = 0;
  private dirty = false;

  constructor(options: Partial<WorkbookOptions> = {}) {
    this.options = { ...defaultWorkbookOptions(), ...options };
  }

  // ----- sheets

  findSheet(nameOrId: string): SheetModel | undefined {
    const n = nameOrId.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === n || s.id === nameOrId);
  }

  /** Add a sheet at the end (no protection checks). */
  addSheet(name?: string): SheetModel {
    const finalName = name ?? this.nextSheetName();
    validateSheetName(finalName);
    if (this.findSheet(finalName)) throw excelError(ErrorCodes.itemAlreadyExists, 'WorksheetCollection.add');
    const s = new SheetModel(this, finalName);
    this.sheets.push(s);
    if (!this.activeSheet) {
      this.activeSheet = s;
      this.selection = { sheet: s, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    }
    return s;
  }

  /** Add a sheet without Excel's name rules (loading files). */
  addSheetRaw(name: string): SheetModel {
    const s = new SheetModel(this, name);
    this.sheets.push(s);
    if (!this.activeSheet) {
      this.activeSheet = s;
      this.selection = { sheet: s, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    }
    return s;
  }

  nextSheetName(): string {
    for (let i = this.sheets.length + 1; ; i++) {
      const n = `Sheet${i}`;
      if (!this.findSheet(n)) return n;
    }
  }

  visibleSheets(): SheetModel[] {
    return this.sheets.filter((s) => s.visibility === 'Visible');
  }

  deleteSheet(s: SheetModel): void {
    if (s.visibility === 'Visible' && this.visibleSheets().length <= 1) {
      throw excelError(ErrorCodes.invalidOperation, 'Worksheet.delete');
    }
    this.sheets = this.sheets.filter((x) => x !== s);
    s.deleted = true;
    for (const t of this.tables) if (t.sheet === s) t.deleted = true;
    this.tables = this.tables.filter((t) => !t.deleted);
    for (const n of this.names) {
      if (n.scope === s) n.deleted = true;
      if (n.ref && n.ref.sheet === s) {
        n.ref = null;
        n.formula = '=#REF!';
      }
    }
    this.names = this.names.filter((n) => !n.deleted);
    for (const sh of this.sheets) {
      for (const ch of sh.charts) {
        for (const se of ch.series) {
          if (se.values?.sheet === s) se.values = null;
          if (se.xValues?.sheet === s) se.xValues = null;
        }
      }
    }
    if (this.activeSheet === s) this.activeSheet = this.visibleSheets()[0] ?? this.sheets[0] ?? null;
    if (this.selection?.sheet === s && this.activeSheet) {
      this.selection = { sheet: this.activeSheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    }
    this.markDirty();
  }

  renameSheet(s: SheetModel, name: string): void {
    if (s.name === name) return;
    validateSheetName(name);
    const other = this.findSheet(name);
    if (other && other !== s) throw excelError(ErrorCodes.itemAlreadyExists, 'Worksheet.name');
    s.name = name;
    this.markDirty();
  }

  moveSheet(s: SheetModel, position: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.sheets.length) {
      throw excelError(ErrorCodes.invalidArgument, 'Worksheet.position');
    }
    this.sheets = this.sheets.filter((x) => x !== s);
    this.sheets.splice(position, 0, s);
  }

  // ----- ids

  nextTableId(): string {
    return String(++this.tableSeq);
  }
  nextCfId(): string {
    return String(++this.cfSeq);
  }
  nextChartId(): string {
    return `{${(++this.chartSeq).toString(16).padStart(8, '0').toUpperCase()}-C4A7-0000-0000-000000000000}`;
  }
  bumpTableSeq(n: number): void {
    this.tableSeq = Math.max(this.tableSeq, n);
  }

  nextTableName(): string {
    for (let i = 1; ; i++) {
      const n = `Table${i}`;
      if (!this.nameTaken(n)) return n;
    }
  }

  /** Table names and workbook-scoped defined names share one namespace. */
  nameTaken(name: string, except?: unknown): boolean {
    const n = name.toLowerCase();
    return (
      this.tables.some((t) => t !== except && t.name.toLowerCase() === n) ||
      this.names.some((x) => x !== except && x.scope === null && x.name.toLowerCase() === n)
    );
  }

  findTable(nameOrId: string): TableModel | undefined {
    const n = nameOrId.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === n || t.id === nameOrId);
  }

  findName(name: string, scope: SheetModel | null): NameModel | undefined {
    const n = name.toLowerCase();
    return this.names.find((x) => x.scope === scope && x.name.toLowerCase() === n);
  }

  nameFormula(n: NameModel): string {
    if (n.ref) return '=' + sheetAddress(n.ref.sheet.name, n.ref.rect, true);
    return n.formula;
  }

  // ----- recalculation

  markDirty(): void {
    this.dirty = true;
  }

  /**
   * Recompute formulas that reference cells or names (formulas without references keep the value
   * computed when they were written). Circular references evaluate to 0, as Excel shows them.
   */
  recalculate(force = false): void {
    if (!this.dirty && !force) return;
    this.dirty = false;
    const done = new Set<string>();
    const busy = new Set<string>();
    const evalCell = (sheet: SheetModel, r: number, c: number): void => {
      const key = `${sheet.id}:${cellKey(r, c)}`;
      if (done.has(key)) return;
      const f = sheet.formulas.get(cellKey(r, c));
      if (f === undefined) return;
      if (busy.has(key)) {
        sheet.setValue(r, c, 0);
        return;
      }
      busy.add(key);
      const v = this.evaluateFormula(sheet, f, (s2, r2, c2) => evalCell(s2, r2, c2));
      busy.delete(key);
      done.add(key);
      const row = sheet.rows[r] ?? (sheet.rows[r] = []);
      row[c] = v;
    };
    for (const sheet of this.sheets) {
      for (const [k, f] of sheet.formulas) {
        if (!parseFormula(f).hasRefs && sheet.getValue(keyRow(k), keyCol(k)) !== undefined && !force)
          continue;
        evalCell(sheet, keyRow(k), keyCol(k));
      }
    }
    this.dirty = false;
  }

  /** Evaluate a formula in the context of `sheet`. `before` lets recalculation order precedents. */
  evaluateFormula(
    sheet: SheetModel,
    formula: string,
    before?: (s: SheetModel, r: number, c: number) => void,
  ): CellValue {
    const find = (name: string | undefined): SheetModel | undefined =>
      name === undefined ? sheet : this.findSheet(name);
    const env: FormulaEnv = {
      cell: (name, r, c) => {
        const s = find(name);
        if (!s) return undefined;
        before?.(s, r, c);
        return s.getValue(r, c);
      },
      sheetExists: (name) => !!find(name),
      name: (n) => {
        const hit = this.findName(n, sheet) ?? this.findName(n, null);
        return hit?.ref ? { sheet: hit.ref.sheet.name, rect: hit.ref.rect } : null;
      },
    };
    return evaluate(parseFormula(formula).ast, env);
  }

  /** Parse "Sheet!A1:B2" (or a defined name) into a reference. */
  resolveReference(text: string, defaultSheet?: SheetModel): RefModel | null {
    const t = text.startsWith('=') ? text.slice(1) : text;
    const p = parseAddress(t);
    if (p) {
      const sheet = p.sheet === undefined ? defaultSheet : this.findSheet(p.sheet);
      return sheet ? { sheet, rect: p.rect } : null;
    }
    const n = (defaultSheet && this.findName(t, defaultSheet)) || this.findName(t, null);
    return n?.ref ?? null;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

export function validateSheetName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 31 || /[\\/?*[\]:]/.test(name)) {
    throw excelError(ErrorCodes.invalidArgument, 'Worksheet.name');
  }
  if (name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history') {
    throw excelError(ErrorCodes.invalidArgument, 'Worksheet.name');
  }
}

/** Defined names and table names: letter/underscore/backslash first, no spaces, not a cell reference. */
export function validateDefinedName(name: string, where: string): void {
  const ok =
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= 255 &&
    /^[\p{L}_\\][\p{L}\p{N}_.\\?]*$/u.test(name) &&
    !/^[A-Za-z]{1,3}[0-9]+$/.test(name) &&
    !/^[RrCc]$/.test(name) &&
    !/^[Rr][0-9]*[Cc][0-9]*$/.test(name);
  if (!ok) throw excelError(ErrorCodes.invalidArgument, where);
}

// ---------------------------------------------------------------------------------------------
// Shifting cells (Range.insert / Range.delete / table rows and columns)

export interface ShiftOp {
  axis: 'rows' | 'cols';
  /** First row (axis 'rows') or column that moves / is deleted. */
  at: number;
  /** > 0 insert, < 0 delete. */
  count: number;
  /** The cross-axis band that shifts (columns for axis 'rows'). */
  lo: number;
  hi: number;
}

const transpose = (r: Rect): Rect => ({ r0: r.c0, c0: r.r0, r1: r.c1, c1: r.r1 });

/**
 * How a rectangle moves under a shift. Returns the new rect, null when deleted entirely, or
 * 'conflict' when the rectangle straddles the edge of the shifting band.
 */
export function shiftRect(rect: Rect, op: ShiftOp): Rect | null | 'conflict' {
  const r = op.axis === 'rows' ? rect : transpose(rect);
  const out = shiftRows(r, op);
  if (out === null || out === 'conflict') return out;
  return op.axis === 'rows' ? out : transpose(out);
}

function shiftRows(r: Rect, op: ShiftOp): Rect | null | 'conflict' {
  const inside = r.c0 >= op.lo && r.c1 <= op.hi;
  const outside = r.c1 < op.lo || r.c0 > op.hi;
  if (op.count > 0) {
    const n = op.count;
    if (outside || r.r1 < op.at) return r;
    if (!inside) return 'conflict';
    if (r.r0 >= op.at) return { ...r, r0: r.r0 + n, r1: r.r1 + n };
    return { ...r, r1: r.r1 + n };
  }
  const n = -op.count;
  const d0 = op.at;
  const d1 = op.at + n - 1;
  if (outside || r.r1 < d0) return r;
  if (!inside) return 'conflict';
  if (r.r0 > d1) return { ...r, r0: r.r0 - n, r1: r.r1 - n };
  if (r.r0 >= d0 && r.r1 <= d1) return null;
  const overlap = Math.min(r.r1, d1) - Math.max(r.r0, d0) + 1;
  return { ...r, r0: Math.min(r.r0, d0), r1: r.r1 - overlap };
}

/**
 * Shift cells of a sheet. Moves values, formulas (text unchanged — references in formulas are
 * NOT adjusted), styles, hyperlinks and merges; adjusts tables, conditional formats, data
 * validation, the auto-filter, defined names and chart series that lie entirely inside or
 * outside the shifting band. Structures straddling the band edge make Excel refuse the
 * operation (tables, merges) or are beyond the double (others): both throw before any change.
 */
export function shiftCells(sheet: SheetModel, op: ShiftOp, opts: { skipTable?: TableModel } = {}): void {
  const wb = sheet.workbook;
  const limit = op.axis === 'rows' ? MAX_ROWS : MAX_COLS;
  // 1. Pre-checks (nothing changes if one fails).
  if (op.count > 0) {
    const lastKept = limit - 1 - op.count;
    for (const k of cellKeys(sheet)) {
      const r = keyRow(k);
      const c = keyCol(k);
      const along = op.axis === 'rows' ? r : c;
      const across = op.axis === 'rows' ? c : r;
      if (across >= op.lo && across <= op.hi && along > lastKept) {
        throw excelError(
          'NonBlankCellOffSheet',
          'Range.insert',
          "Microsoft Excel can't insert new cells because it would push non-empty cells off the end of the worksheet.",
        );
      }
    }
  }
  for (const m of sheet.merges) {
    if (shiftRect(m, op) === 'conflict')
      throw excelError(
        ErrorCodes.invalidOperation,
        'Range.insert',
        'This operation will cause some merged cells to unmerge.',
      );
  }
  for (const t of wb.tables) {
    if (t.sheet !== sheet || t === opts.skipTable) continue;
    if (shiftRect(t.rect, op) === 'conflict') {
      throw excelError(
        ErrorCodes.invalidOperation,
        'Range.insert',
        'This operation is not allowed. The operation is attempting to shift cells in a table on your worksheet.',
      );
    }
  }
  const others: Rect[] = [
    ...sheet.conditionalFormats.flatMap((x) => x.ranges),
    ...sheet.dataValidations.flatMap((x) => x.ranges),
    ...(sheet.autoFilter.rect ? [sheet.autoFilter.rect] : []),
    ...wb.names.filter((n) => n.ref?.sheet === sheet).map((n) => n.ref!.rect),
    ...wb.sheets
      .flatMap((s) => s.charts.flatMap((ch) => ch.series.flatMap((se) => [se.values, se.xValues])))
      .filter((x): x is RefModel => !!x && x.sheet === sheet)
      .map((x) => x.rect),
  ];
  if (others.some((r) => shiftRect(r, op) === 'conflict')) {
    throw notEmulated(
      'Shifting cells that split a conditional format, data validation, auto-filter, name or chart reference',
    );
  }

  // 2. Cells.
  const move = (k: number): number | null => {
    const r = keyRow(k);
    const c = keyCol(k);
    const nr = shiftRect({ r0: r, c0: c, r1: r, c1: c }, op);
    if (nr === null) return null;
    if (nr === 'conflict') return k;
    return cellKey(nr.r0, nr.c0);
  };
  const values: [number, CellValue][] = [];
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) if (row[c] !== undefined) values.push([cellKey(r, c), row[c]!]);
  }
  sheet.rows = [];
  for (const [k, v] of values) {
    const nk = move(k);
    if (nk !== null) {
      const row = sheet.rows[keyRow(nk)] ?? (sheet.rows[keyRow(nk)] = []);
      row[keyCol(nk)] = v;
    }
  }
  const remap = <V>(m: Map<number, V>): Map<number, V> => {
    const out = new Map<number, V>();
    for (const [k, v] of m) {
      const nk = move(k);
      if (nk !== null) out.set(nk, v);
    }
    return out;
  };
  sheet.formulas = remap(sheet.formulas);
  sheet.styles = remap(sheet.styles);
  sheet.hyperlinks = remap(sheet.hyperlinks);
  const full = op.lo === 0 && op.hi === (op.axis === 'rows' ? MAX_COLS : MAX_ROWS) - 1;
  if (full) {
    const remapLine = <V>(m: Map<number, V>): Map<number, V> => {
      const out = new Map<number, V>();
      for (const [i, v] of m) {
        if (i < op.at) out.set(i, v);
        else if (op.count > 0) out.set(i + op.count, v);
        else if (i >= op.at - op.count) out.set(i + op.count, v);
      }
      return out;
    };
    if (op.axis === 'rows') {
      sheet.rowStyles = remapLine(sheet.rowStyles);
      sheet.rowHeights = remapLine(sheet.rowHeights);
    } else {
      sheet.colStyles = remapLine(sheet.colStyles);
      sheet.colWidths = remapLine(sheet.colWidths);
    }
  }

  // 3. Structures.
  const adj = (r: Rect): Rect | null => {
    const x = shiftRect(r, op);
    return x === 'conflict' ? r : x;
  };
  sheet.merges = sheet.merges.map(adj).filter((x): x is Rect => !!x);
  for (const cf of sheet.conditionalFormats) cf.ranges = cf.ranges.map(adj).filter((x): x is Rect => !!x);
  sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => {
    if (cf.ranges.length) return true;
    cf.deleted = true;
    return false;
  });
  for (const dv of sheet.dataValidations) dv.ranges = dv.ranges.map(adj).filter((x): x is Rect => !!x);
  sheet.dataValidations = sheet.dataValidations.filter((dv) => dv.ranges.length);
  if (sheet.autoFilter.rect) sheet.autoFilter.rect = adj(sheet.autoFilter.rect);
  for (const t of wb.tables) {
    if (t.sheet !== sheet || t === opts.skipTable) continue;
    const nr = adj(t.rect);
    if (nr) t.rect = nr;
    else t.deleted = true;
  }
  wb.tables = wb.tables.filter((t) => !t.deleted);
  for (const n of wb.names) {
    if (n.ref?.sheet !== sheet) continue;
    const nr = adj(n.ref.rect);
    if (nr) n.ref = { sheet, rect: nr };
    else {
      n.ref = null;
      n.formula = '=#REF!';
    }
  }
  for (const s of wb.sheets) {
    for (const ch of s.charts) {
      for (const se of ch.series) {
        if (se.values?.sheet === sheet) {
          const nr = adj(se.values.rect);
          se.values = nr ? { sheet, rect: nr } : null;
        }
        if (se.xValues?.sheet === sheet) {
          const nr = adj(se.xValues.rect);
          se.xValues = nr ? { sheet, rect: nr } : null;
        }
      }
    }
  }
  wb.markDirty();
}

/** Keys of all cells with a value, formula, style or hyperlink. */
function cellKeys(sheet: SheetModel): Iterable<number> {
  const keys = new Set<number>();
  for (let r = 0; r < sheet.rows.length; r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) if (row[c] !== undefined) keys.add(cellKey(r, c));
  }
  for (const k of sheet.formulas.keys()) keys.add(k);
  for (const k of sheet.styles.keys()) keys.add(k);
  for (const k of sheet.hyperlinks.keys()) keys.add(k);
  return keys;
}

export function rectUnion(rects: Rect[]): Rect | null {
  return rects.reduce<Rect | null>((acc, r) => (acc ? boundingRect(acc, r) : r), null);
}
