/**
 * An independent, deliberately simple reading of SPEC §2.0 and §4.1 used as the oracle of the
 * property tests: which sheet is an input, where its header row is, which column holds each field,
 * where its data ends and which rows are blank. It shares only the cell-level helpers (normKey,
 * cellText, isBlankCell — covered by their own tests) with the implementation.
 */
import { cellText, isBlankCell, normKey } from '../../src/sheets/cells';
import { OWNED_PREFIX, type SheetDef } from '../../src/sheets/schema';
import type { RawCell, SheetSnapshot, TableSnapshot, WorkbookSnapshot } from '../../src/sheets/types';

export interface OracleSource {
  sheet: SheetSnapshot;
  table: TableSnapshot | null;
  headerRow: number;
  left: number;
  right: number;
  lastRow: number;
  /** field → 1-based column (first-listed alias wins, then the leftmost column). */
  fields: Map<string, number>;
}

const at = (sheet: SheetSnapshot, row: number, col: number): RawCell => sheet.rows[row - 1]?.[col - 1];

function headerKey(v: RawCell): string | null {
  if (isBlankCell(v)) return null;
  const t = cellText(v);
  if (t === null || t.startsWith(OWNED_PREFIX)) return null;
  return normKey(t);
}

/** Field columns of one header row between left and right. */
export function matchFields(
  sheet: SheetSnapshot,
  row: number,
  left: number,
  right: number,
  def: SheetDef,
): Map<string, number> {
  const fields = new Map<string, number>();
  for (const f of def.fields) {
    let best: { rank: number; col: number } | null = null;
    for (let c = left; c <= right; c++) {
      const k = headerKey(at(sheet, row, c));
      if (k === null) continue;
      const rank = f.aliases.findIndex((a) => normKey(a) === k);
      if (rank < 0) continue;
      if (!best || rank < best.rank) best = { rank, col: c };
    }
    if (best) fields.set(f.field, best.col);
  }
  return fields;
}

/** The source of an input as SPEC §2.0 describes it, or null (sheet absent or no header row). */
export function oracleLocate(wb: WorkbookSnapshot, def: SheetDef): OracleSource | null {
  let found: { sheet: SheetSnapshot; table: TableSnapshot | null } | null = null;
  for (const alias of def.aliases) {
    const key = normKey(alias);
    const byName = wb.sheets.find((s) => normKey(s.name) === key);
    if (byName) {
      found = { sheet: byName, table: null };
      break;
    }
    for (const s of wb.sheets) {
      const t = s.tables.find((x) => normKey(x.name) === key);
      if (t) {
        found = { sheet: s, table: t };
        break;
      }
    }
    if (found) break;
  }
  if (!found) return null;
  const { sheet } = found;
  let table = found.table;
  let headerRow = 0;
  let left = 1;
  let right = 0;
  let fields = new Map<string, number>();
  if (table) {
    headerRow = table.top;
    left = table.left;
    right = table.right;
    fields = matchFields(sheet, headerRow, left, right, def);
  } else {
    for (const t of sheet.tables) {
      const m = matchFields(sheet, t.top, t.left, t.right, def);
      if (m.size >= 2) {
        table = t;
        headerRow = t.top;
        left = t.left;
        right = t.right;
        fields = m;
        break;
      }
    }
    if (!table) {
      for (let r = 1; r <= Math.min(50, sheet.rows.length); r++) {
        const w = sheet.rows[r - 1]?.length ?? 0;
        const m = matchFields(sheet, r, 1, w, def);
        if (m.size >= 2) {
          headerRow = r;
          right = w;
          fields = m;
          break;
        }
      }
    }
  }
  if (headerRow === 0) return null;
  let lastRow = headerRow;
  if (table) lastRow = table.bottom;
  else {
    for (let r = headerRow + 1; r <= sheet.rows.length; r++) {
      if ([...fields.values()].some((c) => !isBlankCell(at(sheet, r, c)))) lastRow = r;
    }
  }
  return { sheet, table, headerRow, left, right, lastRow, fields };
}

/** SPEC §4.1: a row whose matched-field cells are all empty is blank, whatever else it holds. */
export function isBlankRow(src: OracleSource, row: number): boolean {
  return [...src.fields.values()].every((c) => isBlankCell(at(src.sheet, row, c)));
}
