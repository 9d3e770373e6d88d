/**
 * The output plan: one declarative description of everything a run writes. Both writers — the
 * package writer (src/xlsx, the CLI) and Office.js (src/excel, the add-in) — apply the same plan, so
 * the add-in and the command line produce the same cells.
 */

/** Named cell styles; each writer maps them to its own formatting API (see STYLES). */
export type StyleKey =
  | 'header'
  | 'title'
  | 'label'
  | 'note'
  | 'total'
  | 'ownedHeader'
  | 'warn'
  | 'headerWrap'
  | 'dash'
  | 'totalDash'
  | 'left'
  | 'wrap'
  | 'top'
  // Individual notices (通知_医師 / 通知_医療機関, SPEC §5.5)
  | 'nDate'
  | 'nRecipient'
  | 'nSender'
  | 'nTitle'
  | 'nLabel'
  | 'nValue'
  | 'nPara'
  | 'nParaS'
  | 'nHeading'
  | 'nThead'
  | 'nTcell'
  | 'nNote';

export interface StyleDef {
  bold?: boolean;
  size?: number;
  fontColor?: string;
  fill?: string;
  wrap?: boolean;
  italic?: boolean;
  /** Horizontal alignment (default: the writer's, i.e. numbers right, text left). */
  align?: 'left' | 'center' | 'right';
  /** Vertical alignment (default bottom; `wrap` alone means top). */
  valign?: 'top' | 'middle' | 'bottom';
}

export const STYLES: Record<StyleKey, StyleDef> = {
  header: { bold: true, fill: 'D9E1F2' },
  ownedHeader: { bold: true, fill: 'E2EFDA' },
  title: { bold: true, size: 14 },
  label: { bold: true },
  note: { italic: true, fontColor: '595959' },
  total: { bold: true, fill: 'F2F2F2' },
  warn: { bold: true, fontColor: '9C0006' },
  /** Table headers with long texts (会議資料): wrapped and centred. */
  headerWrap: { bold: true, fill: 'D9E1F2', wrap: true, align: 'center', valign: 'middle' },
  /** A suppressed rate 「－」 (最小公表人数), right-aligned like the numbers around it. */
  dash: { align: 'right' },
  totalDash: { bold: true, fill: 'F2F2F2', align: 'right' },
  /** A number or date shown left-aligned next to texts (会議資料 基準日). */
  left: { align: 'left' },
  /** Long texts in narrow printed columns (要対応リスト). */
  wrap: { wrap: true, valign: 'top' },
  /** Top-aligned, beside wrapped cells of the same row. */
  top: { valign: 'top' },
  // Individual notices (SPEC §5.5): a letter per page; sizes chosen so the longest letter fits A4.
  nDate: { size: 10.5, align: 'right', valign: 'top' },
  nRecipient: { bold: true, size: 12, wrap: true, valign: 'top' },
  nSender: { size: 10.5, align: 'right', valign: 'top' },
  nTitle: { bold: true, size: 13, align: 'center', valign: 'middle', wrap: true },
  nLabel: { bold: true, size: 10, fill: 'F2F2F2', valign: 'top' },
  nValue: { size: 10, wrap: true, valign: 'top' },
  nPara: { size: 10, wrap: true, valign: 'top' },
  /** The reason paragraphs of a clinic's letter (a little smaller: its doctor list needs the room). */
  nParaS: { size: 9.5, wrap: true, valign: 'top' },
  nHeading: { bold: true, size: 9, valign: 'bottom' },
  nThead: { bold: true, size: 8, fill: 'D9E1F2', valign: 'top' },
  nTcell: { size: 8, valign: 'top' },
  nNote: { italic: true, size: 9, fontColor: '595959', wrap: true, valign: 'top' },
};

/**
 * One output cell. `t` is the declared type (SPEC §5.1.11): text stays text in every writer,
 * numbers are numbers, dates are serials with a date format, formulas are formulas.
 */
export type CellOut =
  | null
  | { t: 's'; v: string; s?: StyleKey }
  | { t: 'n'; v: number; fmt?: string; s?: StyleKey }
  | { t: 'd'; v: number; fmt: string; s?: StyleKey }
  | { t: 'f'; f: string; v: string | number; s?: StyleKey };

/** A highlight rule: cells of `range` whose text equals (or starts with) `text` get the colours. */
export interface HighlightRule {
  /** Sheet-relative range of the rule, e.g. "L2:L1001". */
  range: string;
  /** The formula of the rule, relative to the range's top-left cell, e.g. =$L2="要件充足". */
  formula: string;
  fill: string;
  fontColor: string;
  /** What the rule keys on (for tests and the legend). */
  text: string;
}

export interface OwnedColumn {
  header: string;
  /** 1-based column where the column is (exists) or will be added. */
  col: number;
  exists: boolean;
  /** Values for rows headerRow+1 … lastRow (null = clear). Strings are text, numbers numbers. */
  values: (string | number | null)[];
  numFmt: string | null;
  width: number;
  /** Style of the header cell (the plan builder sets it from the column table, src/sheets/owned.ts). */
  headerStyle?: StyleKey;
}

/** Owned columns on one input sheet. */
export interface InputSheetPlan {
  role: 'doctors' | 'training' | 'clinics';
  sheet: string;
  headerRow: number;
  lastRow: number;
  columns: OwnedColumn[];
  /** When the input region is an Excel table, owned columns are table columns. */
  table: { name: string; right: number } | null;
  /**
   * With a table: the name of each column the writers add to it (right of table.right), unique in
   * the table (the plan builder sets it; see tableColumnNames in plan-apply.ts).
   */
  tableColumnNames?: { col: number; name: string }[];
  highlights: HighlightRule[];
}

export interface PageSetupPlan {
  orientation: 'portrait' | 'landscape';
  /** 9 = A4. */
  paperSize: 9;
  fitToWidth: 1;
  fitToHeight: 0;
  /** e.g. "1:4". */
  printTitleRows: string | null;
  /** Footer text with &P / &N page codes. */
  footer: string | null;
  /** Page margins in inches (default: the writers' usual 0.7 / 0.75 / 0.3). */
  margins?: PageMarginsPlan;
}

/** Page margins in inches, as <pageMargins> holds them. */
export interface PageMarginsPlan {
  left: number;
  right: number;
  top: number;
  bottom: number;
  header: number;
  footer: number;
}

export interface ChartPlan {
  type: 'clusteredColumn';
  title: string;
  /** Category cells and series (name cell + value range), sheet-relative A1 ranges. */
  categories: string;
  categoryValues: string[];
  series: { name: string; nameCell: string; range: string; values: (number | null)[] }[];
  /** Anchor: top-left cell (1-based column and row) and the size in whole columns/rows. */
  anchor: { col: number; row: number; cols: number; rows: number };
  valueAxis: { min: number; max: number; numFmt: string };
}

/** A sheet the tool owns (or creates once, like 設定). Rows start at A1. */
export interface SheetPlan {
  name: string;
  /** 'owned' sheets are cleared and rewritten; 'create' sheets are only written when absent. */
  mode: 'owned' | 'create' | 'append';
  rows: CellOut[][];
  widths: number[];
  freezeRows: number;
  autoFilter: string | null;
  merges: string[];
  highlights: HighlightRule[];
  page: PageSetupPlan | null;
  chart: ChartPlan | null;
  /** Row heights in points, keyed by 1-based row (rows not listed keep the default height). */
  rowHeights?: Record<number, number>;
  /**
   * Rows (1-based, inclusive) whose heights come from wrapped text: rowHeights holds the plan's
   * estimate (wrappedRowHeights), which a writer that can measure the text (Office.js
   * autofitRows) replaces by a fit over these rows.
   */
  fitRows?: { first: number; last: number };
  /** For 'append' sheets (実行履歴): the header row written when the sheet is new, and the row to add. */
  append?: { header: CellOut[]; row: CellOut[] };
  /**
   * For a sheet this run adds: insert it before the first sheet (in tab order) whose name is in
   * this list, or at the end when none exists (a created 設定, §2.5 rev 2). Sheets added by the
   * same run come later in the plan and are added after it.
   */
  insertBefore?: readonly string[];
  /** Manual page breaks: a break below each of these 1-based rows (individual notices). */
  rowBreaks?: number[];
  /** false = gridlines hidden on screen (printing gridlines is off in every plan). */
  showGridlines?: boolean;
  /** Number formats of cells left empty (a template's data rows), per sheet-relative range. */
  rangeFormats?: RangeFormatPlan[];
  /** Drop-down lists on cells (a template's data rows). */
  validations?: ListValidationPlan[];
}

/** A number format set on a range whose cells the plan leaves empty (e.g. "A2:A10001", "@"). */
export interface RangeFormatPlan {
  range: string;
  numFmt: string;
}

/** A drop-down list on a range (data validation of type list, in-cell drop-down). */
export interface ListValidationPlan {
  /** Sheet-relative range, e.g. "F2:F10001". */
  range: string;
  list: readonly string[];
  /** 'stop' rejects other values; 'information' only informs. */
  alert: 'stop' | 'information';
  /** Title and message of the alert shown for another value. */
  title: string;
  message: string;
}

export interface OutputPlan {
  inputs: InputSheetPlan[];
  /** Owned sheets in the canonical order, plus 設定 when absent. */
  sheets: SheetPlan[];
  /** The date system the plan's date serials ('d' cells) are in (the input workbook's). */
  date1904?: boolean;
}
