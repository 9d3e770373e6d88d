/** recalculateWorkbook: phases, the Excel.run options, the lock released after a successful run. */
import { RUN_LOCK_SETTING, type RecalcPhase } from '../../src/excel/run';
import { MINIMAL, xlsxBuffer } from '../helpers/workbook';
import { doubleFromXlsx, runAddin } from './helpers';

test('phases in order, delayForCellEdit, round trips as counted by the double, lock released', async () => {
  const d = await doubleFromXlsx(await xlsxBuffer(MINIMAL, { 医師: [1, 3], 研修記録: [1], 医療機関: [1] }));
  d.setCellEditMode(true);
  const seen: [RecalcPhase, number][] = [];
  const res = await runAddin(d, { onPhase: (p, f) => seen.push([p, f]) });
  const order = [...new Set(seen.map(([p]) => p))];
  expect(order).toEqual(['read', 'validate', 'compute', 'write']);
  expect(seen[seen.length - 1]).toEqual(['write', 1]);
  expect(d.stats.runs).toBe(1);
  expect(d.stats.delayForCellEditRuns).toBe(1);
  // Nothing is left for Excel.run's final implicit sync: the adapter's count is the double's.
  expect(res.stats.syncs).toBe(d.stats.syncs);
  expect(d.stats.history.some((h) => h.implicit)).toBe(false);
  expect(d.workbook.settings()[RUN_LOCK_SETTING]).toBeUndefined();
  expect(res.result.counts.doctors.read).toBe(3);
});
