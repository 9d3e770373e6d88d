/**
 * The invariants the property tests assert (SPEC §4.1, §5.1, §7), as plain functions that throw
 * an AssertionError with a precise message. Shared by the jest properties and the fuzz campaign.
 */
import assert from 'node:assert/strict';
import { a1, colLetter } from '../../src/sheets/address';
import { isBlankCell } from '../../src/sheets/cells';
import { FatalError } from '../../src/sheets/fatal';
import { OWNED_COLUMNS, OWNED_SHEETS, markerName } from '../../src/sheets/owned';
import type { RecalcOutput } from '../../src/sheets/recalc';
import {
  AFFILIATIONS,
  CLINICS,
  DOCTORS,
  OWNED_PREFIX,
  TRAINING,
  type SheetDef,
} from '../../src/sheets/schema';
import { cellKey, type WorkbookSnapshot } from '../../src/sheets/types';
import { isBlankRow, oracleLocate, type OracleSource } from './oracle';

export const INPUT_DEFS: readonly SheetDef[] = [DOCTORS, TRAINING, CLINICS, AFFILIATIONS];

/** The fatal codes of SPEC Appendix A that a snapshot (not a file) can produce. */
export const SNAPSHOT_FATAL_CODES = new Set([
  'sheet-missing',
  'column-missing',
  'setting-invalid',
  'owned-column-blocked',
  'owned-sheet-name-taken',
  'sheet-protected',
  'workbook-protected',
]);

/** Rethrows anything that is not a FatalError of a documented code. */
export function assertDocumentedFatal(e: unknown): asserts e is FatalError {
  if (!(e instanceof FatalError)) throw e;
  assert.ok(SNAPSHOT_FATAL_CODES.has(e.code), `undocumented fatal code ${e.code}`);
}

type Role = 'doctors' | 'training' | 'clinics' | 'affiliations';

/** read = used + rejected + blank for every sheet, and the buckets match SPEC §4.1 row by row. */
export function checkBuckets(wb: WorkbookSnapshot, out: RecalcOutput): void {
  const counts = out.result.counts;
  for (const def of INPUT_DEFS) {
    const role = def.role as Role;
    const c = counts[role];
    assert.equal(
      c.read,
      c.used + c.rejected + c.blank,
      `${role}: read ${c.read} ≠ used ${c.used} + rejected ${c.rejected} + blank ${c.blank}`,
    );
    const src = oracleLocate(wb, def);
    const rows = out.read.sources[role];
    if (!src) {
      assert.equal(rows, undefined, `${role}: read a source the SPEC does not find`);
      assert.equal(c.read, 0, `${role}: rows read without a source`);
      continue;
    }
    assert.ok(rows, `${role}: the source on sheet ${src.sheet.name} was not read`);
    assert.equal(
      rows.source.sheet.name,
      src.sheet.name,
      `${role}: read sheet ${rows.source.sheet.name}, SPEC says ${src.sheet.name}`,
    );
    assert.equal(
      rows.source.headerRow,
      src.headerRow,
      `${role}: header row ${rows.source.headerRow}, SPEC says ${src.headerRow}`,
    );
    assert.equal(
      c.read,
      src.lastRow - src.headerRow,
      `${role}: read ${c.read} rows, SPEC says ${src.lastRow - src.headerRow}`,
    );
    const errorRows = new Set(
      out.result.issues
        .filter((i) => i.sheet === src.sheet.name && i.severity === 'error' && i.row !== null)
        .map((i) => i.row),
    );
    let blank = 0;
    for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
      const state: string = rows.states[r - src.headerRow - 1];
      if (isBlankRow(src, r)) {
        blank++;
        assert.equal(
          state,
          'blank',
          `${role} row ${r}: all matched-field cells are empty but the row is ${state}`,
        );
      } else {
        const expected = errorRows.has(r) ? 'rejected' : 'used';
        assert.equal(
          state,
          expected,
          `${role} row ${r}: ${state}, but it ${errorRows.has(r) ? 'has' : 'has no'} error issue`,
        );
      }
    }
    assert.equal(c.blank, blank, `${role}: ${c.blank} blank rows counted, ${blank} by SPEC`);
  }
  assert.equal(out.result.doctors.length, counts.doctors.used, 'doctors[] holds the used 医師 rows');
  assert.equal(out.result.clinics.length, counts.clinics.used, 'clinics[] holds the used 医療機関 rows');
  assert.equal(
    out.input.records.length,
    counts.training.used,
    'records handed to the engine = used 研修記録 rows',
  );
  assert.equal(
    out.input.affiliations.length,
    counts.affiliations.used,
    'affiliations handed to the engine = used 所属 rows',
  );
  assert.ok(counts.training.counted <= counts.training.used, 'counted ≤ used');
}

/**
 * Every rejected row has an error issue whose cell is the A1 address of that row in the field's
 * column; every row-level issue names its sheet and a cell in its own row.
 */
export function checkIssueCells(wb: WorkbookSnapshot, out: RecalcOutput): void {
  const byName = new Map<string, { role: Role; src: OracleSource }>();
  for (const def of INPUT_DEFS) {
    const src = oracleLocate(wb, def);
    if (src) byName.set(src.sheet.name, { role: def.role as Role, src });
  }
  for (const is of out.result.issues) {
    assert.ok(
      /^[A-Z]{1,3}[1-9]\d*$/.test(is.cell),
      `issue ${is.code} has a cell "${is.cell}" that is not an A1 address`,
    );
    if (is.row === null) continue;
    const hit = byName.get(is.sheet);
    if (!hit) continue; // 設定 issues
    const col = is.field === null ? undefined : hit.src.fields.get(is.field);
    const expected = a1(is.row, col ?? hit.src.left);
    assert.equal(
      is.cell,
      expected,
      `issue ${is.code} on ${is.sheet} row ${is.row} field ${is.field}: cell ${is.cell}, expected ${expected}`,
    );
  }
  for (const [name, { role, src }] of byName) {
    const rows = out.read.sources[role];
    if (!rows) continue;
    rows.states.forEach((state, i) => {
      if (state !== 'rejected') return;
      const r = src.headerRow + 1 + i;
      const errors = out.result.issues.filter(
        (is) => is.sheet === name && is.row === r && is.severity === 'error',
      );
      assert.ok(errors.length > 0, `${name} row ${r} is rejected without an error issue`);
      const placed = errors.filter((is) => {
        const col = is.field === null ? undefined : src.fields.get(is.field);
        return col !== undefined && is.cell === `${colLetter(col)}${r}`;
      });
      assert.ok(
        placed.length > 0,
        `${name} row ${r}: no error names the field's cell (${errors.map((e) => `${e.code}@${e.cell}`).join(', ')})`,
      );
    });
  }
}

/** Rightmost column holding a non-empty cell between two rows (inclusive). */
function rightmostNonEmpty(src: OracleSource, from: number, to: number): number {
  let right = 0;
  for (let r = from; r <= to; r++) {
    const row = src.sheet.rows[r - 1];
    row?.forEach((v, j) => {
      if (!isBlankCell(v)) right = Math.max(right, j + 1);
    });
  }
  return right;
}

/**
 * The plan writes owned cells only (SPEC §5.1): every planned column is one of the role's owned
 * headers (判定_…), either already there under that exact header or added right of every
 * non-empty cell of the data region (right of the table for tables), on a cell that holds no
 * value, formula or merged area; owned sheets are new or carry their marker; 設定 only when absent.
 */
export function checkPlanOwnership(wb: WorkbookSnapshot, out: RecalcOutput): void {
  const { plan } = out;
  const inputSheets = new Set<string>();
  for (const ip of plan.inputs) {
    const def = INPUT_DEFS.find((d) => d.role === ip.role)!;
    const src = oracleLocate(wb, def);
    assert.ok(src, `plan writes ${ip.role} on ${ip.sheet}, which is not an input`);
    assert.equal(ip.sheet, src.sheet.name);
    assert.equal(ip.headerRow, src.headerRow, `${ip.sheet}: owned headers go on the header row`);
    inputSheets.add(ip.sheet);
    const owned = OWNED_COLUMNS[ip.role] ?? [];
    assert.deepEqual(
      ip.columns.map((c) => c.header),
      [...owned],
      `${ip.sheet}: planned columns are the owned columns in plan order`,
    );
    const cols = ip.columns.map((c) => c.col);
    assert.equal(new Set(cols).size, cols.length, `${ip.sheet}: two owned columns share a column`);
    const right = rightmostNonEmpty(src, src.headerRow, src.lastRow);
    for (const c of ip.columns) {
      // Writing a cell inside a merged area that is not its top-left cell writes the top-left cell
      // (ExcelJS) or fails (Excel): no planned cell may be one.
      for (const m of src.sheet.merges) {
        for (let r = Math.max(m.top, src.headerRow); r <= Math.min(m.bottom, src.lastRow); r++) {
          const inside = m.left <= c.col && c.col <= m.right;
          assert.ok(
            !inside || (r === m.top && c.col === m.left),
            `${ip.sheet}!${a1(r, c.col)} (${c.header}) is inside the merged area ${a1(m.top, m.left)}:${a1(m.bottom, m.right)}`,
          );
        }
      }
      assert.ok(c.header.startsWith(OWNED_PREFIX), `${c.header} is not a 判定_ header`);
      assert.equal(
        c.values.length,
        src.lastRow - src.headerRow,
        `${ip.sheet} ${c.header}: one value per read row`,
      );
      const head: unknown = src.sheet.rows[src.headerRow - 1]?.[c.col - 1];
      if (c.exists) {
        assert.equal(
          typeof head === 'string' ? head.trim() : head,
          c.header,
          `${ip.sheet}!${a1(src.headerRow, c.col)} is not the owned header ${c.header}`,
        );
        if (src.table)
          assert.ok(
            c.col >= src.table.left && c.col <= src.table.right,
            `${c.header} exists outside the table`,
          );
        continue;
      }
      const limit = src.table ? src.table.right : right;
      assert.ok(
        c.col > limit,
        `${ip.sheet}: new column ${c.header} at ${colLetter(c.col)} is not right of ${colLetter(limit)}`,
      );
      for (let r = src.headerRow; r <= src.lastRow; r++) {
        assert.ok(
          isBlankCell(src.sheet.rows[r - 1]?.[c.col - 1]),
          `${ip.sheet}!${a1(r, c.col)}: a user value where ${c.header} is added`,
        );
        assert.ok(
          !src.sheet.formulaCells?.has(cellKey(r, c.col)),
          `${ip.sheet}!${a1(r, c.col)}: a formula where ${c.header} is added`,
        );
      }
      for (const m of src.sheet.merges) {
        const overlaps =
          m.left <= c.col && c.col <= m.right && m.top <= src.lastRow && m.bottom >= src.headerRow;
        assert.ok(!overlaps, `${ip.sheet}: a merged area where ${c.header} is added`);
      }
    }
  }
  for (const sp of plan.sheets) {
    assert.ok(!inputSheets.has(sp.name), `owned sheet ${sp.name} is an input sheet`);
    const existing = wb.sheets.find((s) => s.name === sp.name);
    if (sp.mode === 'create') {
      assert.equal(sp.name, '設定', `only 設定 is created once, not ${sp.name}`);
      assert.equal(out.read.settings.source, null, '設定 is planned although a 設定 sheet exists');
      continue;
    }
    assert.ok((OWNED_SHEETS as readonly string[]).includes(sp.name), `${sp.name} is not an owned sheet`);
    if (existing)
      assert.ok(
        wb.definedNames.has(markerName(sp.name)),
        `${sp.name} exists without the marker but is planned`,
      );
  }
}

/** Excel's limit for the text of one cell. */
export const EXCEL_MAX_TEXT = 32_767;

/**
 * Every value the plan writes can be stored in a cell (numbers finite, texts within Excel's 32,767
 * characters), and the result JSON holds finite numbers only (JSON has no NaN or Infinity).
 */
export function checkWritableValues(out: RecalcOutput): void {
  const check = (v: unknown, where: string) => {
    if (typeof v === 'number') assert.ok(Number.isFinite(v), `${where}: number ${v}`);
    if (typeof v === 'string')
      assert.ok(
        v.length <= EXCEL_MAX_TEXT,
        `${where}: text of ${v.length} characters (Excel holds ${EXCEL_MAX_TEXT})`,
      );
  };
  for (const ip of out.plan.inputs) {
    for (const c of ip.columns)
      c.values.forEach((v, i) => check(v, `${ip.sheet}!${a1(ip.headerRow + 1 + i, c.col)}`));
  }
  for (const sp of out.plan.sheets) {
    const rows = [...sp.rows, ...(sp.append ? [sp.append.header, sp.append.row] : [])];
    rows.forEach((cells, i) =>
      cells.forEach((cell, j) => {
        if (cell === null) return;
        const where = `${sp.name}!${a1(i + 1, j + 1)}`;
        check(cell.v, where);
        if (cell.t === 'f') check(cell.f, `${where} (formula)`);
      }),
    );
  }
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') assert.ok(Number.isFinite(v), `result ${path}: ${v}`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(out.result, '$');
}

/** 入力チェック order (SPEC §5.3): by sheet in input order, sheet-level issues first, then by row. */
export function checkIssueOrder(wb: WorkbookSnapshot, out: RecalcOutput): void {
  const roleOf = new Map<string, number>();
  INPUT_DEFS.forEach((def, i) => {
    const src = oracleLocate(wb, def);
    if (src && !roleOf.has(src.sheet.name)) roleOf.set(src.sheet.name, i);
  });
  const keys = out.result.issues
    .filter((is) => roleOf.has(is.sheet))
    .map((is) => [roleOf.get(is.sheet)!, is.row === null ? 0 : 1, is.row ?? 0] as const);
  for (let i = 1; i < keys.length; i++) {
    const [a, b] = [keys[i - 1], keys[i]];
    const le = a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2])));
    assert.ok(
      le,
      `issues ${i - 1} and ${i} are out of the 入力チェック order: ${JSON.stringify(a)} before ${JSON.stringify(b)}`,
    );
  }
}
