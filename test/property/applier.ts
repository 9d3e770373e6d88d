/**
 * A tiny in-memory writer: applies an OutputPlan to a WorkbookSnapshot the way both real writers
 * do (SPEC §5.1), so that "write, then read again" can run thousands of times per second. Text is
 * stored as text, numbers as numbers, a formula as its cached value (and marked as a formula).
 */
import { colLetter } from '../../src/sheets/address';
import { markerName } from '../../src/sheets/owned';
import type { CellOut, OutputPlan, SheetPlan } from '../../src/sheets/plan-types';
import { cellKey, type RawCell, type SheetSnapshot, type WorkbookSnapshot } from '../../src/sheets/types';
import { cloneWorkbook } from './arbitraries';

function set(sheet: SheetSnapshot, row: number, col: number, v: RawCell, formula = false): void {
  let r = sheet.rows[row - 1];
  if (!r) {
    if (v === null || v === undefined) return;
    r = sheet.rows[row - 1] = [];
  }
  r[col - 1] = v;
  if (formula) (sheet.formulaCells ??= new Set()).add(cellKey(row, col));
  else sheet.formulaCells?.delete(cellKey(row, col));
}

function rawOf(out: CellOut): { v: RawCell; formula: boolean } {
  if (out === null) return { v: null, formula: false };
  if (out.t === 'f') return { v: out.v, formula: true };
  return { v: out.v, formula: false };
}

function parseRef(ref: string): { top: number; left: number; bottom: number; right: number } {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref.replace(/\$/g, ''));
  if (!m) throw new Error(`bad range ${ref}`);
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const top = Number(m[2]);
  const left = col(m[1]);
  return { top, left, bottom: m[4] ? Number(m[4]) : top, right: m[3] ? col(m[3]) : left };
}

function writeOwnedSheet(wb: WorkbookSnapshot, sp: SheetPlan): void {
  let sheet = wb.sheets.find((s) => s.name === sp.name);
  if (sp.mode === 'create' && sheet) return;
  if (!sheet) {
    sheet = {
      name: sp.name,
      hidden: false,
      protected: false,
      rows: [],
      formulaCells: new Set(),
      tables: [],
      merges: [],
    };
    wb.sheets.push(sheet);
  }
  if (sp.mode === 'append') {
    const a = sp.append!;
    let last = 0;
    sheet.rows.forEach((r, i) => {
      if (r && r.some((v) => v !== null && v !== undefined && v !== '')) last = i + 1;
    });
    if (last === 0) {
      a.header.forEach((o, j) => {
        const { v, formula } = rawOf(o);
        set(sheet!, 1, j + 1, v, formula);
      });
      last = 1;
    }
    a.row.forEach((o, j) => {
      const { v, formula } = rawOf(o);
      set(sheet!, last + 1, j + 1, v, formula);
    });
  } else {
    // Cleared in place and rewritten (the sheet object, i.e. its identity, is kept).
    sheet.rows = [];
    sheet.formulaCells = new Set();
    sheet.merges = sp.merges.map(parseRef);
    sp.rows.forEach((cells, i) =>
      cells.forEach((o, j) => {
        const { v, formula } = rawOf(o);
        if (o !== null) set(sheet!, i + 1, j + 1, v, formula);
      }),
    );
  }
  if (sp.mode !== 'create') {
    const name = markerName(sp.name);
    if (!wb.definedNames.has(name)) wb.definedNames.set(name, `'${sp.name.replace(/'/g, "''")}'!$A$1`);
  }
}

/** Returns a new snapshot: the plan applied to a copy of `wb` (the input is not touched). */
export function applyPlan(input: WorkbookSnapshot, plan: OutputPlan): WorkbookSnapshot {
  const wb = cloneWorkbook(input);
  for (const ip of plan.inputs) {
    const sheet = wb.sheets.find((s) => s.name === ip.sheet);
    if (!sheet) throw new Error(`plan names a missing sheet ${ip.sheet}`);
    const height = sheet.rows.length;
    for (const c of ip.columns) {
      set(sheet, ip.headerRow, c.col, c.header);
      c.values.forEach((v, i) => set(sheet, ip.headerRow + 1 + i, c.col, v));
      // Owned cells below the last read row are cleared (SPEC §5.1.5).
      for (let r = ip.lastRow + 1; r <= height; r++) {
        const row = sheet.rows[r - 1];
        if (row && row[c.col - 1] !== undefined && row[c.col - 1] !== null) set(sheet, r, c.col, null);
      }
    }
    if (ip.table) {
      const t = sheet.tables.find((x) => x.name === ip.table!.name);
      if (t) t.right = Math.max(t.right, ...ip.columns.map((c) => c.col));
    }
  }
  const ordered = [
    ...plan.sheets.filter((s) => s.mode !== 'append'),
    ...plan.sheets.filter((s) => s.mode === 'append'),
  ];
  for (const sp of ordered) writeOwnedSheet(wb, sp);
  return wb;
}

/** A comparable view of a snapshot's cells (value + formula flag), sheets by name. */
export function cellsOf(
  wb: WorkbookSnapshot,
  skipSheets: ReadonlySet<string> = new Set(),
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of wb.sheets) {
    if (skipSheets.has(s.name)) continue;
    const cells: Record<string, unknown> = {};
    s.rows.forEach((row, i) =>
      row?.forEach((v, j) => {
        if (v === null || v === undefined) return;
        const key = `${colLetter(j + 1)}${i + 1}`;
        cells[key] = s.formulaCells?.has(cellKey(i + 1, j + 1)) ? { formula: v } : v;
      }),
    );
    out[s.name] = cells;
  }
  return out;
}

/**
 * A canonical, JSON-safe form of any value for deep comparisons: Dates by their time (an invalid
 * Date as 'Invalid Date'), NaN/±Infinity/-0 and bigints spelled out, Maps and Sets as arrays,
 * functions and symbols by their text.
 */
export function canonical(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (typeof v === 'number')
    return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol' || typeof v === 'function') return `<${String(v)}>`;
  if (typeof v !== 'object') return v;
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()})`;
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [canonical(k), canonical(x)]) };
  if (v instanceof Set) return { set: [...v].map(canonical) };
  if (Array.isArray(v)) return Array.from(v, canonical);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = canonical((v as Record<string, unknown>)[k]);
  return out;
}

/** Short text of a value for messages (long strings cut). */
function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 160 ? `${s.slice(0, 160)}…(${s.length} chars)` : s;
}

/** The path and both values of the first difference between two canonical values, or null. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (Object.is(a, b)) return null;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return `${path}: ${brief(a)} ≠ ${brief(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return `${path}: length ${a.length} ≠ ${b.length}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${path}.${k}`,
    );
    if (d) return d;
  }
  return null;
}

/**
 * Deep equality with a short message naming the first difference (node's assert diff of large
 * workbooks with 10,000-character strings can exhaust the heap).
 */
export function assertSame(actual: unknown, expected: unknown, what: string): void {
  const d = firstDifference(canonical(actual), canonical(expected));
  if (d !== null) throw new Error(`${what}: first difference at ${d}`);
}
