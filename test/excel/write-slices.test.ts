/**
 * The add-in writer hands control back by time, not by rows (issue 20, SPEC §7: no synchronous
 * stretch near 200 ms): when the work since the last sync or yield has run its slice, it yields
 * before building the next block. With a clock on which every reading is 100 ms later, it yields
 * many more times between the same round trips; the cells written and the round trips are the same.
 */
import { sampleFixture } from './fixture';
import { cellsFromDouble, diffCells, doubleFromXlsx, ownedAreas, runAddin } from './helpers';

async function run(slowClock: boolean) {
  const d = await doubleFromXlsx(await sampleFixture(800, 3));
  let yields = 0;
  let writerYields = 0;
  const spy = slowClock
    ? jest.spyOn(performance, 'now').mockImplementation(
        (() => {
          let t = 0;
          return () => (t += 100);
        })(),
      )
    : null;
  try {
    const res = await runAddin(d, {
      yieldFn: async () => {
        yields++;
        if (/\bbreathe\b/.test(new Error().stack ?? '')) writerYields++;
      },
    });
    const areas = ownedAreas(res.plan).filter((a) => a.sheet !== '実行履歴' && a.sheet !== '会議資料');
    return { yields, writerYields, syncs: d.stats.syncs, cells: cellsFromDouble(d, areas) };
  } finally {
    spy?.mockRestore();
  }
}

test('yields when a slice of time has passed; same cells, same round trips', async () => {
  const fast = await run(false);
  const slow = await run(true);
  expect(slow.syncs).toBe(fast.syncs);
  expect(diffCells(fast.cells, slow.cells, 5)).toEqual([]);
  // The writer's loops check the clock every 4,096 values and before every block.
  expect(slow.writerYields).toBeGreaterThanOrEqual(10);
  expect(slow.yields).toBeGreaterThan(fast.yields);
}, 120_000);
