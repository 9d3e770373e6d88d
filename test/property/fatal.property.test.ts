/**
 * FatalError is for the documented situations only (SPEC Appendix A, §2.0, §2.5, §5.1): take a
 * valid random workbook, break exactly one rule, and the run must stop with exactly that code —
 * before anything is written (recalc is pure; the writers only ever see a plan).
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { FatalError } from '../../src/sheets/fatal';
import { markerName } from '../../src/sheets/owned';
import { recalc } from '../../src/sheets/recalc';
import { DOCTORS, SETTINGS_SHEET, TRAINING, type SheetDef } from '../../src/sheets/schema';
import { normKey } from '../../src/sheets/cells';
import { cellKey, type RawCell, type WorkbookSnapshot } from '../../src/sheets/types';
import { cloneWorkbook, workbookArb } from './arbitraries';
import { RUNS, params, timeout } from './config';
import { asOfArb, optionsOf } from './helpers';
import { oracleLocate } from './oracle';

type Defect =
  | 'sheet-missing'
  | 'column-missing'
  | 'settings-column-missing'
  | 'setting-invalid'
  | 'owned-column-blocked'
  | 'owned-column-merged'
  | 'owned-sheet-name-taken'
  | 'sheet-protected'
  | 'workbook-protected';

const DEFECTS: Defect[] = [
  'sheet-missing',
  'column-missing',
  'settings-column-missing',
  'setting-invalid',
  'owned-column-blocked',
  'owned-column-merged',
  'owned-sheet-name-taken',
  'sheet-protected',
  'workbook-protected',
];

const INVALID_SETTINGS: [string, RawCell][] = [
  ['合計必要単位', 0],
  ['合計必要単位', -10],
  ['合計必要単位', 'たくさん'],
  ['合計必要単位', { error: '#REF!' }],
  ['合計必要単位', NaN],
  ['合計必要単位', true],
  ['実地1件の単位', 0],
  ['座学の単位刻み', 0],
  ['座学の単位刻み', '-0.5'],
  ['実地の最小件数', 1.5],
  ['修了証の有効年数', 2.5],
  ['集計開始日', '2025-02-30'],
  ['基準日', 'きのう'],
  ['報告期間終了', new Date(NaN)],
  ['G-MIS新規発行日数', -1],
];

const isSourceOf = (def: SheetDef) => (name: string) => def.aliases.some((a) => normKey(a) === normKey(name));

/** Breaks one rule; returns the broken copy and the code the run must stop with (null: not applicable). */
function breakIt(
  wb: WorkbookSnapshot,
  defect: Defect,
  pick: number,
): { wb: WorkbookSnapshot; code: string; what?: string } | null {
  const copy = cloneWorkbook(wb);
  const opts = optionsOf(null);
  switch (defect) {
    case 'sheet-missing': {
      const def = pick % 2 ? DOCTORS : TRAINING;
      const isDef = isSourceOf(def);
      copy.sheets = copy.sheets.filter((s) => !isDef(s.name) && !s.tables.some((t) => isDef(t.name)));
      return { wb: copy, code: 'sheet-missing' };
    }
    case 'column-missing': {
      const def = pick % 2 ? DOCTORS : TRAINING;
      const src = oracleLocate(copy, def)!;
      const field = def === DOCTORS ? 'doctorId' : (['doctorId', 'date', 'kind', 'units'] as const)[pick % 4];
      const keys = new Set(def.fields.find((f) => f.field === field)!.aliases.map(normKey));
      const header = src.sheet.rows[src.headerRow - 1];
      header.forEach((v, j) => {
        if (typeof v === 'string' && keys.has(normKey(v.trim()))) header[j] = null;
      });
      return { wb: copy, code: 'column-missing' };
    }
    case 'settings-column-missing': {
      copy.sheets = copy.sheets.filter((s) => !isSourceOf(SETTINGS_SHEET)(s.name));
      copy.sheets.push({
        name: '設定',
        hidden: false,
        protected: false,
        rows: [
          ['項目', '説明'],
          ['合計必要単位', '10'],
        ],
        tables: [],
        merges: [],
      });
      return { wb: copy, code: 'column-missing' };
    }
    case 'setting-invalid': {
      const [key, value] = INVALID_SETTINGS[pick % INVALID_SETTINGS.length];
      copy.sheets = copy.sheets.filter((s) => !isSourceOf(SETTINGS_SHEET)(s.name));
      copy.sheets.push({
        name: '設定',
        hidden: false,
        protected: false,
        rows: [
          ['項目', '値'],
          [key, value],
        ],
        tables: [],
        merges: [],
      });
      return { wb: copy, code: 'setting-invalid' };
    }
    case 'owned-column-blocked': {
      // Something of the user's exactly where the first owned column is about to be added:
      // a formula with an empty result, or a merged area whose top-left cell is empty.
      const plan = recalc(copy, opts).plan;
      const added = plan.inputs.flatMap((ip) => ip.columns.filter((c) => !c.exists).map((c) => ({ ip, c })));
      if (added.length === 0) return null;
      const target = added[pick % added.length];
      const sheet = copy.sheets.find((s) => s.name === target.ip.sheet)!;
      const row = target.ip.headerRow + (pick % (target.ip.lastRow - target.ip.headerRow + 1));
      const what = `${pick % 2 ? 'formula' : 'merge'} at ${sheet.name} r${row} c${target.c.col} (header ${target.ip.headerRow}, last ${target.ip.lastRow})`;
      if (pick % 2) {
        (sheet.rows[row - 1] ??= [])[target.c.col - 1] = '';
        (sheet.formulaCells ??= new Set()).add(cellKey(row, target.c.col));
      } else {
        sheet.merges.push({ top: row, left: target.c.col, bottom: row, right: target.c.col + 1 });
      }
      return { wb: copy, code: 'owned-column-blocked', what };
    }
    case 'owned-column-merged': {
      // An existing owned column's cell merged into the area of the cell to its left: writing it
      // would write that cell (the user's) instead.
      const plan = recalc(copy, opts).plan;
      // (A data row: merging the header cell away would remove the owned header itself.)
      const existing = plan.inputs.flatMap((ip) =>
        ip.columns.filter((c) => c.exists && c.col > 1 && ip.lastRow > ip.headerRow).map((c) => ({ ip, c })),
      );
      if (existing.length === 0) return null;
      const { ip, c } = existing[pick % existing.length];
      const sheet = copy.sheets.find((s) => s.name === ip.sheet)!;
      const row = ip.headerRow + 1 + (pick % (ip.lastRow - ip.headerRow));
      if (
        sheet.merges.some((m) => m.top <= row && row <= m.bottom && m.left <= c.col && c.col - 1 <= m.right)
      )
        return null;
      sheet.merges.push({ top: row, left: c.col - 1, bottom: row, right: c.col });
      if (sheet.rows[row - 1]) sheet.rows[row - 1][c.col - 1] = null; // adapters: value in the top-left only
      return {
        wb: copy,
        code: 'owned-column-blocked',
        what: `merge ${ip.sheet} r${row} c${c.col - 1}-${c.col}`,
      };
    }
    case 'owned-sheet-name-taken': {
      const plan = recalc(copy, opts).plan;
      const owned = plan.sheets.filter((s) => s.mode !== 'create');
      const name = owned[pick % owned.length].name;
      copy.definedNames.delete(markerName(name));
      if (!copy.sheets.some((s) => s.name === name)) {
        copy.sheets.push({ name, hidden: false, protected: false, rows: [['メモ']], tables: [], merges: [] });
      }
      return { wb: copy, code: 'owned-sheet-name-taken' };
    }
    case 'sheet-protected': {
      const plan = recalc(copy, opts).plan;
      const names = plan.inputs.map((ip) => ip.sheet);
      copy.sheets.find((s) => s.name === names[pick % names.length])!.protected = true;
      return { wb: copy, code: 'sheet-protected' };
    }
    case 'workbook-protected': {
      const plan = recalc(copy, opts).plan;
      if (!plan.sheets.some((sp) => !copy.sheets.some((s) => s.name === sp.name))) return null;
      copy.protected = true;
      return { wb: copy, code: 'workbook-protected' };
    }
  }
}

describe('fatal errors only where documented', () => {
  test(
    `one broken rule stops the run with exactly its fatal code, before anything is planned (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(
          workbookArb(),
          fc.constantFrom(...DEFECTS),
          fc.nat(),
          asOfArb,
          ({ wb }, defect, pick, asOf) => {
            const broken = breakIt(wb, defect, pick);
            fc.pre(broken !== null);
            let thrown: unknown = null;
            try {
              recalc(broken.wb, optionsOf(asOf));
            } catch (e) {
              thrown = e;
            }
            assert.ok(
              thrown instanceof FatalError,
              `${defect} ${broken.what ?? ''}: expected FatalError ${broken.code}, got ${thrown === null ? 'no error' : String(thrown)}`,
            );
            assert.equal(thrown.code, broken.code, `${defect}: ${thrown.message}`);
            assert.ok(
              thrown.message.length > 0 && !/undefined|\{\w+\}/.test(thrown.message),
              `unclear message: ${thrown.message}`,
            );
            assert.ok(
              thrown.details.sheet === undefined || thrown.details.sheet.length > 0,
              'a fatal message names its sheet',
            );
          },
        ),
        params(),
      );
    },
    timeout(),
  );
});
