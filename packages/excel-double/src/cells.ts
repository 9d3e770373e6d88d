/**
 * Cell-level operations shared by ranges, tables and the inspection API: writing input the way
 * Excel coerces it, reading values/formulas/text, uniform format reads and colours.
 */

import { Rect, cellKey, keyCol, keyRow, rectCells, sheetAddress } from './address';
import { coerceString } from './coercion';
import { coercionOptions, Runtime } from './core';
import { ErrorCodes, excelError, invalidArgument } from './errors';
import { formatText } from './numfmt';
import { SheetModel, Style, StylePatch, TableModel, WorkbookModel } from './model';
import { CellErrorValue, CellValue, toApiValue } from './values';

export interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

export const DIMENSION_MISMATCH =
  "The number of rows or columns in the input array doesn't match the size or dimensions of the range.";

/** Check that `value` is a 2-D array matching the rect (or a scalar, applied to every cell). */
export function matrixFor(value: unknown, rect: Rect, where: string): (r: number, c: number) => unknown {
  const rows = rect.r1 - rect.r0 + 1;
  const cols = rect.c1 - rect.c0 + 1;
  if (!Array.isArray(value)) return () => value;
  if (value.length !== rows || value.some((row) => !Array.isArray(row) || row.length !== cols)) {
    throw excelError(ErrorCodes.invalidArgument, where, DIMENSION_MISMATCH);
  }
  return (r, c) => (value as unknown[][])[r - rect.r0][c - rect.c0];
}

function setStylePatch(sheet: SheetModel, r: number, c: number, patch: StylePatch): void {
  const id = sheet.styleIdAt(r, c);
  const next = sheet.workbook.styles.patch(id, patch);
  if (next !== id) sheet.setStyleId(r, c, next);
}

/**
 * Write one input value (from `values` or `formulas`) like Excel: null/undefined leave the cell
 * unchanged, '' clears it, strings are coerced (see coercion.ts).
 */
export function writeInput(
  sheet: SheetModel,
  r: number,
  c: number,
  input: unknown,
  rt: Runtime,
  where: string,
): void {
  if (input === null || input === undefined) return;
  let v: unknown = input;
  if (v instanceof Date) v = JSON.parse(JSON.stringify(v)) as unknown; // what office.js would send
  const key = cellKey(r, c);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalidArgument(where);
    sheet.formulas.delete(key);
    sheet.setValue(r, c, v === 0 ? 0 : v);
    if (sheet.styleAt(r, c).quotePrefix) setStylePatch(sheet, r, c, { quotePrefix: undefined });
    return;
  }
  if (typeof v === 'boolean') {
    sheet.formulas.delete(key);
    sheet.setValue(r, c, v);
    if (sheet.styleAt(r, c).quotePrefix) setStylePatch(sheet, r, c, { quotePrefix: undefined });
    return;
  }
  if (typeof v !== 'string') throw invalidArgument(where);
  if (v.length > 32767) throw invalidArgument(where);
  const style = sheet.styleAt(r, c);
  const res = coerceString(v, style.numberFormat ?? 'General', coercionOptions(rt.model));
  switch (res.kind) {
    case 'empty':
      sheet.clearContent(r, c);
      return;
    case 'text':
      sheet.formulas.delete(key);
      sheet.setValue(r, c, res.value);
      if (!!style.quotePrefix !== res.quotePrefix)
        setStylePatch(sheet, r, c, { quotePrefix: res.quotePrefix || undefined });
      return;
    case 'value':
      sheet.formulas.delete(key);
      sheet.setValue(r, c, res.value);
      if (res.numberFormat || style.quotePrefix) {
        setStylePatch(sheet, r, c, {
          quotePrefix: undefined,
          ...(res.numberFormat ? { numberFormat: res.numberFormat } : {}),
        });
      }
      return;
    case 'formula':
      sheet.setFormula(r, c, res.formula);
      if (style.quotePrefix) setStylePatch(sheet, r, c, { quotePrefix: undefined });
      return;
  }
}

export function writeMatrix(t: RangeTarget, value: unknown, rt: Runtime, where: string): void {
  const at = matrixFor(value, t.rect, where);
  for (let r = t.rect.r0; r <= t.rect.r1; r++) {
    for (let c = t.rect.c0; c <= t.rect.c1; c++) writeInput(t.sheet, r, c, at(r, c), rt, where);
  }
  syncTableHeaders(t.sheet, t.rect);
}

/** Read a 2-D array cell by cell. */
export function readMatrix<V>(t: RangeTarget, f: (r: number, c: number) => V): V[][] {
  const out: V[][] = [];
  for (let r = t.rect.r0; r <= t.rect.r1; r++) {
    const row: V[] = new Array(t.rect.c1 - t.rect.c0 + 1);
    for (let c = t.rect.c0; c <= t.rect.c1; c++) row[c - t.rect.c0] = f(r, c);
    out.push(row);
  }
  return out;
}

export const readValues = (t: RangeTarget): (string | number | boolean)[][] =>
  readMatrix(t, (r, c) => toApiValue(t.sheet.getValue(r, c)));

export const readFormulas = (t: RangeTarget): (string | number | boolean)[][] =>
  readMatrix(t, (r, c) => t.sheet.getFormula(r, c) ?? toApiValue(t.sheet.getValue(r, c)));

export const readNumberFormats = (t: RangeTarget): string[][] =>
  readMatrix(t, (r, c) => t.sheet.numberFormatAt(r, c));

export const readText = (t: RangeTarget): string[][] =>
  readMatrix(t, (r, c) =>
    formatText(t.sheet.getValue(r, c), t.sheet.numberFormatAt(r, c), t.sheet.workbook.date1904),
  );

export function valueType(v: CellValue | undefined): string {
  if (v === undefined || v === '') return v === '' ? 'String' : 'Empty';
  if (v instanceof CellErrorValue) return 'Error';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return 'String';
}

export const readValueTypes = (t: RangeTarget): string[][] =>
  readMatrix(t, (r, c) => valueType(t.sheet.getValue(r, c)));

/** Visit cells of rect that have a value or formula (efficient for huge rects). */
export function forEachContentCell(sheet: SheetModel, rect: Rect, cb: (r: number, c: number) => void): void {
  const seen = new Set<number>();
  const rEnd = Math.min(rect.r1, sheet.rows.length - 1);
  for (let r = rect.r0; r <= rEnd; r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    const cEnd = Math.min(rect.c1, row.length - 1);
    for (let c = rect.c0; c <= cEnd; c++) {
      if (row[c] !== undefined) {
        seen.add(cellKey(r, c));
        cb(r, c);
      }
    }
  }
  for (const k of [...sheet.formulas.keys()]) {
    const r = keyRow(k);
    const c = keyCol(k);
    if (!seen.has(k) && r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1) cb(r, c);
  }
}

export function clearContents(sheet: SheetModel, rect: Rect): void {
  forEachContentCell(sheet, rect, (r, c) => sheet.clearContent(r, c));
  syncTableHeaders(sheet, rect);
}

export function clearHyperlinks(sheet: SheetModel, rect: Rect): void {
  for (const k of [...sheet.hyperlinks.keys()]) {
    const r = keyRow(k);
    const c = keyCol(k);
    if (r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1) sheet.hyperlinks.delete(k);
  }
}

/** A format property over a rect: the common value, or null when cells differ. */
export function uniformStyle<V>(sheet: SheetModel, rect: Rect, get: (s: Style) => V): V | null {
  const ids = new Set<number>();
  if (rectCells(rect) <= 1_000_000) {
    for (let r = rect.r0; r <= rect.r1; r++)
      for (let c = rect.c0; c <= rect.c1; c++) ids.add(sheet.styleIdAt(r, c));
  } else {
    let explicit = 0;
    for (const [k, id] of sheet.styles) {
      const r = keyRow(k);
      const c = keyCol(k);
      if (r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1) {
        ids.add(id);
        explicit++;
      }
    }
    if (explicit < rectCells(rect)) {
      for (let c = rect.c0; c <= rect.c1; c++) ids.add(sheet.colStyles.get(c) ?? 0);
      for (const [r, id] of sheet.rowStyles) if (r >= rect.r0 && r <= rect.r1) ids.add(id);
    }
  }
  let first: V | undefined;
  let has = false;
  for (const id of ids) {
    const v = get(sheet.workbook.styles.get(id));
    if (!has) {
      first = v;
      has = true;
    } else if (!sameValue(v, first)) return null;
  }
  return has ? (first as V) : null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------
// Colours

const NAMED_COLORS: Record<string, string> = {
  black: '#000000',
  white: '#FFFFFF',
  red: '#FF0000',
  lime: '#00FF00',
  green: '#008000',
  blue: '#0000FF',
  yellow: '#FFFF00',
  cyan: '#00FFFF',
  aqua: '#00FFFF',
  magenta: '#FF00FF',
  fuchsia: '#FF00FF',
  silver: '#C0C0C0',
  gray: '#808080',
  grey: '#808080',
  maroon: '#800000',
  olive: '#808000',
  purple: '#800080',
  teal: '#008080',
  navy: '#000080',
  orange: '#FFA500',
  pink: '#FFC0CB',
  brown: '#A52A2A',
  gold: '#FFD700',
  lightgray: '#D3D3D3',
  lightgrey: '#D3D3D3',
  darkgray: '#A9A9A9',
  darkgrey: '#A9A9A9',
  lightblue: '#ADD8E6',
  lightgreen: '#90EE90',
  lightyellow: '#FFFFE0',
  lightpink: '#FFB6C1',
  darkblue: '#00008B',
  darkgreen: '#006400',
  darkred: '#8B0000',
  orangered: '#FF4500',
  tomato: '#FF6347',
  salmon: '#FA8072',
  khaki: '#F0E68C',
  beige: '#F5F5DC',
  ivory: '#FFFFF0',
  lavender: '#E6E6FA',
  violet: '#EE82EE',
  indigo: '#4B0082',
  skyblue: '#87CEEB',
  steelblue: '#4682B4',
  royalblue: '#4169E1',
  crimson: '#DC143C',
  coral: '#FF7F50',
  chocolate: '#D2691E',
  tan: '#D2B48C',
  wheat: '#F5DEB3',
  honeydew: '#F0FFF0',
  mintcream: '#F5FFFA',
  whitesmoke: '#F5F5F5',
  gainsboro: '#DCDCDC',
};

/** Normalise a colour the way Excel reports it ('#RRGGBB', upper case). */
export function normalizeColor(input: unknown, where: string): string {
  if (typeof input !== 'string') throw invalidArgument(where);
  const s = input.trim();
  const m6 = /^#?([0-9a-fA-F]{6})$/.exec(s);
  if (m6) return '#' + m6[1].toUpperCase();
  const m3 = /^#([0-9a-fA-F]{3})$/.exec(s);
  if (m3)
    return (
      '#' +
      [...m3[1]]
        .map((x) => x + x)
        .join('')
        .toUpperCase()
    );
  const named = NAMED_COLORS[s.toLowerCase()];
  if (named) return named;
  throw invalidArgument(where);
}

// ---------------------------------------------------------------------------------------------
// Tables: header cells and column names stay in step

/** After cells of a table header row changed, rename the columns like Excel does. */
export function syncTableHeaders(sheet: SheetModel, rect: Rect): void {
  for (const t of sheet.workbook.tables) {
    if (t.sheet !== sheet || !t.showHeaders) continue;
    const hr = t.rect.r0;
    if (hr < rect.r0 || hr > rect.r1 || t.rect.c1 < rect.c0 || t.rect.c0 > rect.c1) continue;
    normalizeHeaders(t);
  }
}

/** Header cells become unique, non-empty text; column names follow them. */
export function normalizeHeaders(t: TableModel): void {
  const sheet = t.sheet;
  const hr = t.rect.r0;
  const used = new Set<string>();
  t.columns.forEach((col, i) => {
    const c = t.rect.c0 + i;
    const v = sheet.getValue(hr, c);
    let name =
      v === undefined || v === ''
        ? ''
        : v instanceof CellErrorValue
          ? v.text
          : typeof v === 'boolean'
            ? v
              ? 'TRUE'
              : 'FALSE'
            : String(v);
    sheet.formulas.delete(cellKey(hr, c));
    if (name === '') name = `Column${i + 1}`;
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${name}${n}`;
    used.add(candidate.toLowerCase());
    col.name = candidate;
    sheet.setValue(hr, c, candidate);
  });
}

export function rangeAddress(t: RangeTarget): string {
  return sheetAddress(t.sheet.name, t.rect);
}

export function modelOf(t: RangeTarget): WorkbookModel {
  return t.sheet.workbook;
}
