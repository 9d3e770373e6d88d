/**
 * The ownership rule and idempotence through the real CLI path (src/cli/recalc-file.ts: package
 * read → pipeline → package writer → atomic rename) on random hostile rosters written as .xlsx
 * files: every cell the run does not own is identical after `recalc -o` (compared on the ExcelJS
 * model: value, formula, number format, font, fill, border, alignment), and a second run on the
 * output (same clock) changes no cell outside the appended 実行履歴 row. Slower per case than the
 * in-memory properties (three real files per case). On the former ExcelJS writer this property
 * found two defects, now guarded in ownership.test.ts.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { promises as fs } from 'fs';
import * as path from 'path';
import { cellErrorText, isFormulaNoValue } from '../../src/sheets/cells';
import { cellKey, type RawCell, type WorkbookSnapshot } from '../../src/sheets/types';
import { recalcFile } from '../../src/cli/recalc-file';
import { workbookArb } from '../property/arbitraries';
import { FILE_RUNS, params, timeout } from '../property/config';
import { NOW } from '../property/helpers';
import { loadXlsx, modelCells, tempDir } from './xlsx';
import { dayFromIso } from '../../src/domain/day';

const AS_OF = dayFromIso('2026-01-31');

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A raw cell as ExcelJS can store it in a file (Excel has no NaN, Infinity or foreign objects). */
function storable(v: RawCell, formula: boolean): ExcelJS.CellValue | undefined {
  let value: ExcelJS.CellValue | undefined;
  if (v === null || v === undefined) value = undefined;
  // An unpaired surrogate cannot be stored in a file's XML (UTF-8): Excel never has one.
  else if (typeof v === 'string')
    value = (cellErrorText(v) !== null ? v.trim() : v).replace(LONE_SURROGATE, '\ufffd');
  else if (typeof v === 'number') value = Number.isFinite(v) && Math.abs(v) < 1e300 ? v + 0 : undefined;
  else if (typeof v === 'boolean') value = v;
  else if (v instanceof Date)
    value =
      Number.isNaN(v.getTime()) || v.getUTCFullYear() < 1900 || v.getUTCFullYear() > 9999 ? undefined : v;
  else if (isFormulaNoValue(v)) return { formula: 'NA()' } as ExcelJS.CellFormulaValue;
  else if (cellErrorText(v) !== null) value = { error: cellErrorText(v) } as ExcelJS.CellErrorValue;
  if (value === undefined) return undefined;
  if (formula && typeof value !== 'object')
    return { formula: 'T(1)', result: value } as ExcelJS.CellFormulaValue;
  return value;
}

async function writeWorkbook(wb: WorkbookSnapshot, file: string): Promise<void> {
  const out = new ExcelJS.Workbook();
  for (const s of wb.sheets) {
    const ws = out.addWorksheet(s.name.replace(/[*?:\\/[\]]/g, '_').slice(0, 31), {
      state: s.hidden ? 'hidden' : 'visible',
    });
    s.rows.forEach((row, i) =>
      row?.forEach((v, j) => {
        const value = storable(v, s.formulaCells?.has(cellKey(i + 1, j + 1)) ?? false);
        if (value !== undefined) ws.getCell(i + 1, j + 1).value = value;
      }),
    );
    for (const m of s.merges) ws.mergeCells(m.top, m.left, m.bottom, m.right);
  }
  await out.xlsx.writeFile(file);
}

const sameCells = (
  a: ExcelJS.Worksheet,
  b: ExcelJS.Worksheet,
  skip: (row: number, col: number) => boolean,
): string | null => {
  const ca = modelCells(a);
  const cb = modelCells(b);
  for (const addr of new Set([...ca.keys(), ...cb.keys()])) {
    const cell = b.getCell(addr);
    if (skip(Number(cell.row), Number(cell.col))) continue;
    const x = JSON.stringify(ca.get(addr) ?? null);
    const y = JSON.stringify(cb.get(addr) ?? null);
    // A cell that only exists (empty, unstyled) on one side is the same as no cell.
    const empty = JSON.stringify({
      value: null,
      formula: null,
      numFmt: null,
      font: null,
      fill: null,
      border: null,
      alignment: null,
    });
    if (x !== y && !((x === 'null' && y === empty) || (y === 'null' && x === empty))) {
      const before = (ca.get(addr) ?? {}) as Record<string, unknown>;
      const after = (cb.get(addr) ?? {}) as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      const show = (v: unknown) => (JSON.stringify(v) ?? 'undefined').slice(0, 120);
      const describe = (k: string): string => {
        const [p, q] = [before[k], after[k]];
        if (typeof p === 'string' && typeof q === 'string') {
          let i = 0;
          while (i < p.length && p[i] === q[i]) i++;
          return `${k}: text of ${p.length} → ${q.length} UTF-16 units, first difference at ${i}: ${show(p.slice(i, i + 20))} → ${show(q.slice(i, i + 20))}`;
        }
        return `${k}: ${show(p)} → ${show(q)}`;
      };
      return `${a.name}!${addr} ${keys.map(describe).join('; ')}`;
    }
  }
  return null;
};

test(
  `CLI recalc -o on random rosters: non-owned cells identical, a second run changes nothing else (${FILE_RUNS} runs)`,
  async () => {
    const dir = await tempDir('kr-cliprop-');
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          workbookArb({ allowTable: false, maxDoctors: 6, maxRecords: 12 }),
          async ({ wb }) => {
            const base = path.join(dir, `case${n++}`);
            const input = `${base}-in.xlsx`;
            const out1 = `${base}-out1.xlsx`;
            const out2 = `${base}-out2.xlsx`;
            await writeWorkbook(wb, input);
            let first;
            try {
              first = await recalcFile(input, { asOf: AS_OF, now: NOW, out: out1 });
            } catch (e) {
              // Writing to a file can only add documented refusals (e.g. a formula that lost its
              // result now blocks an owned column); then nothing may have been written.
              if ((e as { name?: string }).name !== 'FatalError') throw e;
              await expect(fs.stat(out1)).rejects.toThrow();
              return;
            }
            const a = await loadXlsx(input);
            const b = await loadXlsx(out1);
            for (const wsA of a.worksheets) {
              const wsB = b.getWorksheet(wsA.name);
              if (!wsB) throw new Error(`sheet ${wsA.name} vanished`);
              const ip = first.plan.inputs.find((p) => p.sheet === wsA.name);
              const owned = new Set(ip?.columns.map((c) => c.col) ?? []);
              const owns = first.plan.sheets.some((s) => s.name === wsA.name && s.mode !== 'create');
              if (owns) continue; // an owned sheet is rewritten
              const diff = sameCells(
                wsA,
                wsB,
                (r, c) => ip !== undefined && owned.has(c) && r >= ip.headerRow,
              );
              if (diff) throw new Error(`a cell the run does not own changed: ${diff}`);
            }
            await recalcFile(out1, { asOf: AS_OF, now: NOW, out: out2 });
            const c = await loadXlsx(out2);
            for (const wsB of b.worksheets) {
              if (wsB.name === '実行履歴') continue;
              const diff = sameCells(wsB, c.getWorksheet(wsB.name)!, () => false);
              if (diff) throw new Error(`the second run changed a cell: ${diff}`);
            }
            await Promise.all([input, out1, out2].map((f) => fs.rm(f, { force: true })));
          },
        ),
        params(FILE_RUNS),
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
  timeout(FILE_RUNS, 400),
);
