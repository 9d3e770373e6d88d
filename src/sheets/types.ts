/**
 * The raw workbook as both adapters (the package reader in src/xlsx, Office.js in src/excel) hand it to the
 * workbook contract: per sheet a 2-D array of raw cell values starting at A1.
 */

/** An Excel error value such as #N/A (the package reader gives { error: '#N/A' }; Office.js gives the string). */
export interface CellError {
  error: string;
}

/** A formula cell whose cached result is missing (a file may omit a cached 0; the package reader gives this). */
export interface FormulaNoValue {
  formulaNoValue: true;
}
export const FORMULA_NO_VALUE: FormulaNoValue = Object.freeze({ formulaNoValue: true }) as FormulaNoValue;

/**
 * A raw cell value. Adapters resolve rich text and hyperlinks to their text and formulas to their
 * cached result. Date only comes from the package reader (UTC midnight); Office.js gives serial numbers.
 */
export type RawCell = null | undefined | string | number | boolean | Date | CellError | FormulaNoValue;

export interface TableSnapshot {
  name: string;
  /** 1-based, inclusive; `top` is the header row. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface MergeSnapshot {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetSnapshot {
  name: string;
  hidden: boolean;
  protected: boolean;
  /** rows[r - 1][c - 1] is the cell at row r, column c. Rows may be ragged or missing (undefined). */
  rows: RawCell[][];
  /** Cells that hold a formula (1-based "r,c" keys are not used: a Set of r * 16384 + c). Optional. */
  formulaCells?: Set<number>;
  tables: TableSnapshot[];
  merges: MergeSnapshot[];
  /**
   * For a sheet whose rows are not read (the Office.js reader reads input sheets only): the last
   * row of its values used range, 0 when empty. Undefined when `rows` holds the sheet's cells.
   */
  lastUsedRow?: number;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  date1904: boolean;
  protected: boolean;
  /** Defined names of the workbook (name → formula text such as 'Sheet1'!$A$1). */
  definedNames: Map<string, string>;
}

/** Key used in formulaCells. */
export const cellKey = (row: number, col: number): number => row * 16384 + col;
