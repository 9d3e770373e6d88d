/**
 * When Excel refuses a round trip for its size (RequestPayloadSizeLimitExceeded,
 * ResponsePayloadSizeLimitExceeded), nothing of it was applied: the adapter sends it again in
 * halves and the workbook ends up with the same cells as with generous limits.
 */
import { cellsFromDouble, diffCells, doubleFromXlsx, ownedAreas, runAddin } from './helpers';
import { sampleFixture } from './fixture';

test('a refused batch is re-sent in halves: same cells, more round trips', async () => {
  const buf = await sampleFixture(150, 9);
  const normal = await doubleFromXlsx(buf);
  const res = await runAddin(normal);
  expect(normal.stats.failedSyncs).toBe(0);

  const tight = await doubleFromXlsx(buf);
  tight.limits.maxRequestBytes = 120_000;
  tight.limits.maxResponseBytes = 60_000;
  const res2 = await runAddin(tight);
  expect(tight.stats.failedSyncs).toBeGreaterThan(0);
  expect(res2.stats.write!.retries).toBeGreaterThan(0);
  expect(
    tight.stats.history.filter((h) => h.errorCode === 'ResponsePayloadSizeLimitExceeded').length,
  ).toBeGreaterThan(0);
  expect(
    tight.stats.history.filter((h) => h.errorCode === 'RequestPayloadSizeLimitExceeded').length,
  ).toBeGreaterThan(0);
  expect(tight.stats.maxResponseBytes).toBeGreaterThan(0);
  expect(res2.result).toEqual(res.result);
  const areas = ownedAreas(res.plan);
  expect(diffCells(cellsFromDouble(tight, areas), cellsFromDouble(normal, areas))).toEqual([]);
});
