/**
 * Finding an input's sheet or table, its header row and its columns (SPEC §2.0).
 */
import type { IssueDraft, SheetRole } from '../domain/types';
import { cellText, isBlankCell, normKey } from './cells';
import { OWNED_PREFIX, type SheetDef } from './schema';
import type { RawCell, SheetSnapshot, TableSnapshot, WorkbookSnapshot } from './types';

/** Where one input was found. */
export interface Source {
  role: SheetRole;
  def: SheetDef;
  sheet: SheetSnapshot;
  sheetIndex: number;
  table: TableSnapshot | null;
  headerRow: number;
  /** First and last column of the region (the table, else the used columns of the header row). */
  left: number;
  right: number;
  /** Last row read (≥ headerRow; equal when there is no data row). */
  lastRow: number;
  /** field → 1-based column. */
  fields: Map<string, number>;
  /** Every non-empty header of the region: 1-based column → original text. */
  headers: Map<number, string>;
  /** Normalised header key → columns (left to right), for cross-sheet ID matching. */
  headerKeys: Map<string, number[]>;
}

export const cellAt = (sheet: SheetSnapshot, row: number, col: number): RawCell => {
  const r = sheet.rows[row - 1];
  return r ? r[col - 1] : undefined;
};

export function rowWidth(sheet: SheetSnapshot, row: number): number {
  const r = sheet.rows[row - 1];
  return r ? r.length : 0;
}

function headerText(v: RawCell): string | null {
  if (isBlankCell(v)) return null;
  return cellText(v);
}

interface HeaderMatch {
  fields: Map<string, number>;
  duplicates: { field: string; col: number }[];
  matchedCount: number;
}

/** Matches one header row against the fields of a sheet (exact equality of normalised keys). */
function matchHeaders(
  sheet: SheetSnapshot,
  row: number,
  left: number,
  right: number,
  def: SheetDef,
): HeaderMatch {
  const keys: (string | null)[] = [];
  for (let c = left; c <= right; c++) {
    const t = headerText(cellAt(sheet, row, c));
    keys.push(t === null || t.startsWith(OWNED_PREFIX) ? null : normKey(t));
  }
  const fields = new Map<string, number>();
  const duplicates: { field: string; col: number }[] = [];
  for (const fd of def.fields) {
    const matched: { col: number; rank: number }[] = [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === null) continue;
      const rank = fd.aliases.findIndex((a) => normKey(a) === k);
      if (rank >= 0) matched.push({ col: left + i, rank });
    }
    if (matched.length === 0) continue;
    matched.sort((a, b) => a.rank - b.rank || a.col - b.col);
    fields.set(fd.field, matched[0].col);
    for (const m of matched.slice(1)) duplicates.push({ field: fd.field, col: m.col });
  }
  return { fields, duplicates, matchedCount: fields.size };
}

/** A candidate source: a sheet or a table, in alias order. */
interface Candidate {
  sheetIndex: number;
  table: TableSnapshot | null;
}

function candidates(wb: WorkbookSnapshot, def: SheetDef): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const alias of def.aliases) {
    const key = normKey(alias);
    wb.sheets.forEach((s, i) => {
      if (normKey(s.name) === key && !seen.has(`s${i}`)) {
        seen.add(`s${i}`);
        out.push({ sheetIndex: i, table: null });
      }
    });
    wb.sheets.forEach((s, i) => {
      for (const t of s.tables) {
        if (normKey(t.name) === key && !seen.has(`t${i}:${t.name}`)) {
          seen.add(`t${i}:${t.name}`);
          out.push({ sheetIndex: i, table: t });
        }
      }
    });
  }
  return out;
}

const HEADER_SCAN_ROWS = 50;

export interface LocateResult {
  source: Source | null;
  issues: IssueDraft[];
  /** Set when the sheet was found but its header row was not: the fatal column-missing. */
  headerNotFound: { sheet: SheetSnapshot; sheetIndex: number } | null;
}

export function locate(wb: WorkbookSnapshot, def: SheetDef): LocateResult {
  const cands = candidates(wb, def);
  const issues: IssueDraft[] = [];
  if (cands.length === 0) return { source: null, issues, headerNotFound: null };
  const win = cands[0];
  for (const other of cands.slice(1)) {
    // A table inside the winning sheet is the same source, not a duplicate.
    if (other.sheetIndex === win.sheetIndex && win.table === null) continue;
    const otherSheet = wb.sheets[other.sheetIndex];
    issues.push({
      code: 'input-duplicate-source',
      severity: 'info',
      role: def.role,
      row: null,
      field: null,
      value: other.table ? other.table.name : otherSheet.name,
      params: {
        other: other.table ? `${otherSheet.name}（テーブル ${other.table.name}）` : otherSheet.name,
        otherSheet: otherSheet.name,
      },
    });
  }
  const sheet = wb.sheets[win.sheetIndex];
  const source = regionOf(sheet, win.sheetIndex, win.table, def, issues);
  if (!source) return { source: null, issues, headerNotFound: { sheet, sheetIndex: win.sheetIndex } };
  return { source, issues, headerNotFound: null };
}

function regionOf(
  sheet: SheetSnapshot,
  sheetIndex: number,
  table: TableSnapshot | null,
  def: SheetDef,
  issues: IssueDraft[],
): Source | null {
  let headerRow = 0;
  let left = 1;
  let right = 0;
  let match: HeaderMatch | null = null;
  let chosenTable: TableSnapshot | null = table;
  if (table) {
    headerRow = table.top;
    left = table.left;
    right = table.right;
    match = matchHeaders(sheet, headerRow, left, right, def);
  } else {
    for (const t of sheet.tables) {
      const m = matchHeaders(sheet, t.top, t.left, t.right, def);
      if (m.matchedCount >= Math.min(2, def.fields.length)) {
        chosenTable = t;
        headerRow = t.top;
        left = t.left;
        right = t.right;
        match = m;
        break;
      }
    }
    if (!match) {
      const scan = Math.min(HEADER_SCAN_ROWS, sheet.rows.length);
      for (let r = 1; r <= scan; r++) {
        const w = rowWidth(sheet, r);
        if (w === 0) continue;
        const m = matchHeaders(sheet, r, 1, w, def);
        if (m.matchedCount >= 2) {
          headerRow = r;
          left = 1;
          right = w;
          match = m;
          break;
        }
      }
    }
  }
  if (!match || headerRow === 0) return null;

  const headers = new Map<number, string>();
  const headerKeys = new Map<string, number[]>();
  for (let c = left; c <= right; c++) {
    const t = headerText(cellAt(sheet, headerRow, c));
    if (t === null) continue;
    headers.set(c, t);
    if (!t.startsWith(OWNED_PREFIX)) {
      const k = normKey(t);
      const list = headerKeys.get(k) ?? [];
      list.push(c);
      headerKeys.set(k, list);
    }
  }
  for (const d of match.duplicates) {
    issues.push({
      code: 'column-duplicate',
      severity: 'info',
      role: def.role,
      row: null,
      field: null,
      col: d.col,
      value: headers.get(d.col) ?? null,
      params: { used: headers.get(match.fields.get(d.field)!) ?? '' },
    });
  }

  // Data rows: down to the last row having a non-empty matched-field cell (tables: the table body).
  const cols = [...match.fields.values()];
  let lastRow = headerRow;
  if (chosenTable) {
    lastRow = chosenTable.bottom;
  } else {
    for (let r = sheet.rows.length; r > headerRow; r--) {
      const row = sheet.rows[r - 1];
      if (!row) continue;
      if (cols.some((c) => !isBlankCell(row[c - 1]))) {
        lastRow = r;
        break;
      }
    }
  }
  return {
    role: def.role,
    def,
    sheet,
    sheetIndex,
    table: chosenTable,
    headerRow,
    left,
    right,
    lastRow,
    fields: match.fields,
    headers,
    headerKeys,
  };
}
