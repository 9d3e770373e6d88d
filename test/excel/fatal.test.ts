/**
 * Runs that must stop before the first write (SPEC §5.1.4, §5.1.10, §6.1): an owned column in the
 * way, a protected sheet or workbook, another run holding the lock, a cancel. Nothing is written:
 * no formatting call, no changed cell, no new sheet or name, and the lock is released.
 */
import ExcelJS from 'exceljs';
import type { ExcelDouble } from '@kakari-roster/excel-double';
import { RecalcCancelledError } from '../../src/excel/host';
import { RUN_LOCK_SETTING, RunLockedError, type RecalcPhase } from '../../src/excel/run';
import { FatalError } from '../../src/sheets/fatal';
import { MINIMAL, xlsxBuffer, type Rows } from '../helpers/workbook';
import {
  NOW,
  allCells,
  cellsFromDouble,
  cellsFromExcelJs,
  diffCells,
  doubleFromXlsx,
  ownedAreas,
  runAddin,
} from './helpers';
import { recalcFile } from '../../src/cli/recalc-file';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AS_OF } from './helpers';

const TEXT_COLS = { 医師: [1, 3], 研修記録: [1], 医療機関: [1] };

interface Snapshot {
  sheets: string[];
  names: string[];
  cells: Map<string, unknown>;
}

const snapshotOf = (d: ExcelDouble): Snapshot => ({
  sheets: d.workbook.sheetNames(),
  names: d.workbook.names().map((n) => n.name),
  cells: allCells(d, d.workbook.sheetNames()),
});

/** Runs the add-in expecting a failure; checks that nothing was written. */
async function expectNoWrite(d: ExcelDouble, opts: Parameters<typeof runAddin>[1] = {}): Promise<unknown> {
  const before = snapshotOf(d);
  const phases: RecalcPhase[] = [];
  let error: unknown = null;
  try {
    await runAddin(d, { onPhase: (p) => phases.push(p), ...opts });
  } catch (e) {
    error = e;
  }
  expect(error).not.toBeNull();
  expect(phases).not.toContain('write');
  expect(d.stats.formattingCalls).toBe(0);
  expect(d.stats.cellsFormatted).toBe(0);
  const after = snapshotOf(d);
  expect(after.sheets).toEqual(before.sheets);
  expect(after.names).toEqual(before.names);
  expect(diffCells(after.cells as never, before.cells as never)).toEqual([]);
  // The run lock (if it was taken) is released.
  expect(d.workbook.settings()[RUN_LOCK_SETTING]).toBeUndefined();
  return error;
}

async function withExcelJs(
  sheets: Record<string, Rows>,
  edit: (wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await xlsxBuffer(sheets, TEXT_COLS)) as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 医師 as an Excel table A1:C4 (the input region), as staff often keep it. */
function doctorsAsTable(wb: ExcelJS.Workbook): void {
  const ws = wb.getWorksheet('医師')!;
  const rows = MINIMAL.医師.slice(1) as (string | null)[][];
  ws.spliceRows(1, 4);
  ws.addTable({
    name: '医師名簿',
    ref: 'A1',
    headerRow: true,
    columns: (MINIMAL.医師[0] as string[]).map((name) => ({ name })),
    rows: rows.map((r) => r.map((v) => v ?? '')),
  });
}

describe('owned column in the way → owned-column-blocked, nothing written', () => {
  test('a value right of an Excel-table input', async () => {
    const buf = await withExcelJs(MINIMAL, (wb) => {
      doctorsAsTable(wb);
      wb.getWorksheet('医師')!.getCell('D3').value = 'メモ';
    });
    const e = await expectNoWrite(await doubleFromXlsx(buf));
    expect(e).toBeInstanceOf(FatalError);
    expect((e as FatalError).code).toBe('owned-column-blocked');
    expect((e as FatalError).details.cell).toBe('D3');
  });

  test('a formula whose result is blank (the values read do not show it)', async () => {
    const buf = await withExcelJs(MINIMAL, (wb) => {
      wb.getWorksheet('医師')!.getCell('D3').value = {
        formula: '""',
        result: '',
      } as ExcelJS.CellFormulaValue;
    });
    const d = await doubleFromXlsx(buf);
    expect(d.workbook.sheet('医師').cell('D3').formula).toBe('=""');
    const e = await expectNoWrite(d);
    expect((e as FatalError).code).toBe('owned-column-blocked');
    expect((e as FatalError).details.cell).toBe('D3');
  });

  test('an empty merged area', async () => {
    const buf = await withExcelJs(MINIMAL, (wb) => wb.getWorksheet('医師')!.mergeCells('E2:F3'));
    const e = await expectNoWrite(await doubleFromXlsx(buf));
    expect((e as FatalError).code).toBe('owned-column-blocked');
  });
});

describe('protection', () => {
  test('a protected input sheet → sheet-protected', async () => {
    const d = await doubleFromXlsx(await xlsxBuffer(MINIMAL, TEXT_COLS));
    d.workbook.sheet('医師').protect();
    const e = await expectNoWrite(d);
    expect((e as FatalError).code).toBe('sheet-protected');
    expect((e as FatalError).details.sheet).toBe('医師');
  });

  test('a protected workbook structure (owned sheets must be added) → workbook-protected', async () => {
    const d = await doubleFromXlsx(await xlsxBuffer(MINIMAL, TEXT_COLS), { workbookProtected: true });
    const e = await expectNoWrite(d);
    expect((e as FatalError).code).toBe('workbook-protected');
  });
});

describe('run lock and cancel', () => {
  test('another run holding the lock → RunLockedError; its lock stays', async () => {
    const d = await doubleFromXlsx(await xlsxBuffer(MINIMAL, TEXT_COLS));
    const other = JSON.stringify({ runId: 'other', startedAt: new Date(Date.now() - 60_000).toISOString() });
    d.state.settings.set(RUN_LOCK_SETTING, other);
    let error: unknown = null;
    try {
      await runAddin(d);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RunLockedError);
    expect(d.workbook.settings()[RUN_LOCK_SETTING]).toBe(other);
    expect(d.workbook.sheetNames()).toEqual(['医師', '研修記録', '医療機関']);
  });

  test('a stale lock (older than 10 minutes) is taken over and released', async () => {
    const d = await doubleFromXlsx(await xlsxBuffer(MINIMAL, TEXT_COLS));
    d.state.settings.set(
      RUN_LOCK_SETTING,
      JSON.stringify({ runId: 'dead', startedAt: new Date(Date.now() - 11 * 60_000).toISOString() }),
    );
    await runAddin(d);
    expect(d.workbook.settings()[RUN_LOCK_SETTING]).toBeUndefined();
    expect(d.workbook.sheetNames()).toContain('集計_地区');
  });

  test('cancel while reading → RecalcCancelledError, nothing written', async () => {
    const d = await doubleFromXlsx(await xlsxBuffer(MINIMAL, TEXT_COLS));
    const ctrl = new AbortController();
    const e = await expectNoWrite(d, {
      signal: ctrl.signal,
      onPhase: (p, f) => {
        if (p === 'read' && f > 0) ctrl.abort();
      },
    });
    expect(e).toBeInstanceOf(RecalcCancelledError);
  });
});

describe('an Excel-table input', () => {
  test('owned columns become table columns; the same cells as the CLI', async () => {
    const buf = await withExcelJs(MINIMAL, doctorsAsTable);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-table-'));
    try {
      const input = path.join(dir, 'in.xlsx');
      const out = path.join(dir, 'out.xlsx');
      await fs.writeFile(input, buf);
      const cli = await recalcFile(input, { out, asOf: AS_OF, now: NOW });
      const d = await doubleFromXlsx(buf);
      const res = await runAddin(d);
      expect(res.plan.inputs[0].table).toEqual({ name: '医師名簿', right: 3 });
      const table = d.workbook.tables().find((t) => t.name === '医師名簿')!;
      expect(table.address).toBe('A1:J4');
      expect(table.columns.slice(3)).toEqual(res.plan.inputs[0].columns.map((c) => c.header));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const areas = ownedAreas(res.plan);
      expect(diffCells(cellsFromDouble(d, areas), cellsFromExcelJs(wb, areas))).toEqual([]);
      expect(res.result).toEqual(cli.result);
      // A re-run keeps the table as it is.
      await runAddin(d);
      expect(d.workbook.tables().find((t) => t.name === '医師名簿')!.address).toBe('A1:J4');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
