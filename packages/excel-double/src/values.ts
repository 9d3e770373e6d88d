/**
 * Cell values as the double stores them, and Excel date serials.
 */

/** An Excel error value. Interned: compare with ===, or by `text`. */
export class CellErrorValue {
  private constructor(readonly text: string) {}
  private static readonly table = new Map<string, CellErrorValue>();
  static of(text: string): CellErrorValue {
    const key = text.toUpperCase();
    let v = CellErrorValue.table.get(key);
    if (!v) {
      v = new CellErrorValue(key);
      CellErrorValue.table.set(key, v);
    }
    return v;
  }
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/** A stored cell value; `undefined` (absent) is an empty cell. */
export type CellValue = string | number | boolean | CellErrorValue;

/** The error texts Excel recognises when they are typed (or written through `values`). */
export const ERROR_TEXTS = [
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
] as const;

const ERROR_SET = new Set<string>(ERROR_TEXTS);

export function parseErrorText(s: string): CellErrorValue | null {
  const u = s.toUpperCase();
  return ERROR_SET.has(u) ? CellErrorValue.of(u) : null;
}

export const isErrorValue = (v: unknown): v is CellErrorValue => v instanceof CellErrorValue;

/** What Office.js returns for a stored value through `values`. */
export function toApiValue(v: CellValue | undefined): string | number | boolean {
  if (v === undefined) return '';
  if (v instanceof CellErrorValue) return v.text;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Date serials

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30); // serial 0 for dates from 1900-03-01 on
const EPOCH_1904 = Date.UTC(1904, 0, 1);

function utcDays(y: number, m: number, d: number): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  dt.setUTCHours(0, 0, 0, 0);
  return dt.getTime();
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/**
 * Serial of a calendar date in Excel's 1900 system (with Excel's fictitious 1900-02-29 = 60) or
 * the 1904 system. Returns null for dates Excel cannot hold.
 */
export function serialFromYmd(y: number, m: number, d: number, date1904 = false): number | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (m < 1 || m > 12 || d < 1 || y > 9999) return null;
  if (date1904) {
    if (y < 1904 || d > daysInMonth(y, m)) return null;
    return Math.round((utcDays(y, m, d) - EPOCH_1904) / MS_PER_DAY);
  }
  if (y < 1900) return null;
  if (y === 1900 && m === 2 && d === 29) return 60;
  if (d > daysInMonth(y, m)) return null;
  const t = utcDays(y, m, d);
  if (y === 1900 && m <= 2) return Math.round((t - Date.UTC(1899, 11, 31)) / MS_PER_DAY);
  return Math.round((t - EPOCH_1900) / MS_PER_DAY);
}

/** Calendar date of an (integer part of a) serial. */
export function ymdFromSerial(serial: number, date1904 = false): { y: number; m: number; d: number } {
  const days = Math.floor(serial);
  if (!date1904) {
    if (days === 60) return { y: 1900, m: 2, d: 29 };
    if (days < 60) {
      const dt = new Date(Date.UTC(1899, 11, 31) + days * MS_PER_DAY);
      return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
    }
    const dt = new Date(EPOCH_1900 + days * MS_PER_DAY);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
  }
  const dt = new Date(EPOCH_1904 + days * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** Serial (with time fraction) of a JS Date's UTC fields, as ExcelJS hands out dates. */
export function serialFromJsDate(dt: Date, date1904 = false): number | null {
  if (Number.isNaN(dt.getTime())) return null;
  const base = serialFromYmd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate(), date1904);
  if (base === null) return null;
  const ms =
    dt.getUTCHours() * 3_600_000 +
    dt.getUTCMinutes() * 60_000 +
    dt.getUTCSeconds() * 1000 +
    dt.getUTCMilliseconds();
  return ms === 0 ? base : base + ms / MS_PER_DAY;
}

/** Excel keeps 15 significant digits of every number it parses. */
export function to15Digits(n: number): number {
  if (!Number.isFinite(n) || n === 0) return n === 0 ? 0 : n;
  return Number(n.toPrecision(15));
}
