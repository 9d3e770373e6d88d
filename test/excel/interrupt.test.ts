/**
 * A run interrupted after any sync (failure injected in the double: that round trip applies
 * nothing) leaves the workbook in a state the next run repairs completely (SPEC §5.1.10): the owned
 * cells equal those of one clean run, and the interrupted run left no 実行履歴 row.
 */
import { sampleFixture } from './fixture';
import { cellsFromDouble, diffCells, doubleFromXlsx, ownedAreas, runAddin } from './helpers';

const HISTORY = '実行履歴';

let fixture: Buffer;
let clean: { cells: ReturnType<typeof cellsFromDouble>; syncs: number; areas: ReturnType<typeof ownedAreas> };

beforeAll(async () => {
  fixture = await sampleFixture(60, 7);
  const d = await doubleFromXlsx(fixture);
  const res = await runAddin(d);
  const areas = ownedAreas(res.plan).filter((a) => a.sheet !== HISTORY);
  clean = { cells: cellsFromDouble(d, areas), syncs: d.stats.syncs, areas };
});

test('a clean run takes several round trips (so there is something to interrupt)', () => {
  expect(clean.syncs).toBeGreaterThanOrEqual(4);
});

test('interrupted after every possible round trip, the next run repairs every owned cell', async () => {
  const failures: string[] = [];
  let stopped = 0;
  for (let k = 1; k <= clean.syncs; k++) {
    const d = await doubleFromXlsx(fixture);
    d.failOnSync(k);
    const interrupted = await runAddin(d).then(
      () => false,
      () => true,
    );
    // A failure the adapter can survive (a read it retries) does not stop the run: it then completed.
    if (interrupted) stopped++;
    // The interrupted run never wrote its history row (it is the last write).
    const historyRows = d.workbook.hasSheet(HISTORY) ? d.workbook.sheet(HISTORY).values().length : 0;
    if (interrupted && historyRows > 1) failures.push(`k=${k}: history row written by the interrupted run`);
    if (!interrupted && historyRows !== 2)
      failures.push(`k=${k}: the completed run wrote ${historyRows - 1} history rows`);
    // A lock left by the interrupted run must not block the repair run (released or taken over).
    const res = await runAddin(d);
    expect(res.result.counts.doctors.read).toBeGreaterThan(0);
    const diff = diffCells(clean.cells, cellsFromDouble(d, clean.areas), 5);
    if (diff.length) failures.push(`k=${k}: ${diff.join('; ')}`);
    const rows = d.workbook.sheet(HISTORY).values().length;
    const expected = interrupted ? 1 : 2;
    if (rows - 1 !== expected)
      failures.push(`k=${k}: ${rows - 1} history rows after the repair run (expected ${expected})`);
  }
  expect(failures).toEqual([]);
  // Most round trips are not retried: the failure stops the run there.
  expect(stopped).toBeGreaterThanOrEqual(clean.syncs - 2);
});
