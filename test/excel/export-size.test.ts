/**
 * Exports through Excel.createWorkbook under Excel on the web's 5 MB request (SPEC §5.4 "Size",
 * §7 rev 2). The W3 要対応リスト (national) is too large: it is refused before anything is sent,
 * with the per-district offer; every per-district file fits, opens in the double and reads back
 * with the package reader. The build runs in time slices.
 */
import { createExcelDouble } from '@kakari-roster/excel-double';
import { loadWorkbookFromXlsx } from '@kakari-roster/excel-double/fromXlsx';
import { dayFromIso } from '../../src/domain/day';
import { recalc } from '../../src/sheets/recalc';
import type { OutputPlan } from '../../src/sheets/plan-types';
import { snapshot } from '../helpers/workbook';
import { rosterToArrays } from '../../src/sample/writeSample';
import { openXlsxBuffer, readPackageSnapshot } from '../../src/xlsx/package-read';
import { ACTION_LIST_SHEET, actionListDistricts, openActionList } from '../../src/taskpane/export-book';
import { WORKLOADS, generate } from '../../bench/workloads';

jest.setTimeout(600_000);

let plan: OutputPlan;
beforeAll(() => {
  const data = generate(WORKLOADS.W3);
  const sheets = Object.fromEntries(rosterToArrays(data).map((s) => [s.name, s.rows]));
  plan = recalc(snapshot(sheets), {
    asOf: dayFromIso('2026-01-31'),
    now: new Date('2026-01-31T01:00:00Z'),
  }).plan;
});

test('W3 要対応リスト in web mode: refused before sending, per-district offer; each district opens', async () => {
  const d = createExcelDouble({ platform: 'OfficeOnline' });
  const host = {
    excel: d.Excel,
    isSetSupported: (n: string, v: string) => d.Office.context.requirements.isSetSupported(n, v),
    platform: 'OfficeOnline',
  };
  let pauses = 0;
  const pause = async (): Promise<void> => {
    pauses++;
    await new Promise((r) => setTimeout(r, 0));
  };
  const all = await openActionList(host, plan, { pause, sliceMs: 0 });
  expect(all.kind).toBe('too-large');
  if (all.kind !== 'too-large') return;
  expect(all.base64Bytes).toBeGreaterThan(5_000_000);
  expect(all.districts).toEqual(actionListDistricts(plan));
  expect(all.districts.length).toBeGreaterThan(1);
  // Nothing reached Excel: not created, not even refused by it.
  expect(d.stats.createdWorkbooks).toEqual([]);
  expect(d.stats.refusedWorkbooks).toEqual([]);

  const rows = plan.sheets.find((s) => s.name === ACTION_LIST_SHEET)!.rows.length - 1;
  let total = 0;
  for (const district of all.districts) {
    const one = await openActionList(host, plan, { district, pause });
    expect(one).toEqual({ kind: 'opened' });
    const b64 = d.stats.createdWorkbooks[d.stats.createdWorkbooks.length - 1];
    const bytes = Buffer.from(b64, 'base64');
    const pkg = await readPackageSnapshot(openXlsxBuffer(bytes));
    const sheet = pkg.snapshot.sheets.find((s) => s.name === ACTION_LIST_SHEET)!;
    const body = sheet.rows.slice(1).filter((r) => r && r.some((v) => v !== null));
    expect(body.every((r) => r[1] === district)).toBe(true);
    total += body.length;
  }
  expect(total).toBe(rows);
  // The first district's file also loads into a double, as Excel would open it.
  const first = await loadWorkbookFromXlsx(Buffer.from(d.stats.createdWorkbooks[0], 'base64'));
  expect(first.sheets.map((s) => s.name)).toEqual([ACTION_LIST_SHEET]);
  // Built in time slices: at least one pause per 2,000-row piece of the whole list (wall-clock
  // stretches on a shared test machine are noise; bench/child-addin.ts measures them in CPU time).
  expect(pauses).toBeGreaterThan(rows / 2_000);
});
