/**
 * The run lock lives in the workbook too (SPEC §6.1, §7 rev 2): workbook settings are per
 * document and may not reach a co-author, so two clients — here two doubles on one workbook
 * state, each with its own settings — could both take the settings lock. The second run is
 * refused with a clear message because of the hidden defined name written in the first write
 * batch.
 */
import { createExcelDouble } from '@kakari-roster/excel-double';
import {
  RUN_LOCK_NAME,
  RUN_LOCK_SETTING,
  RunLockedError,
  lockFormula,
  parseLockFormula,
} from '../../src/excel/run';
import { HOST_TEXTS } from '../../src/strings/host';
import { MINIMAL, xlsxBuffer } from '../helpers/workbook';
import { doubleFromXlsx, runAddin } from './helpers';

test('a second client is refused while the first one writes; afterwards it runs', async () => {
  const a = await doubleFromXlsx(await xlsxBuffer(MINIMAL));
  const b = createExcelDouble({ state: a.state, separateSettings: true });
  let writing = false;
  let second: unknown = null;
  let namesSeenByB: string[] = [];
  await runAddin(a, {
    runId: 'client-a',
    // Small batches, so that the run spans several write round trips.
    writeBudget: { maxRequestBytes: 20_000 },
    onPhase: (p) => {
      if (p === 'write') writing = true;
    },
    yieldFn: async () => {
      if (!writing || second !== null) return;
      // Client A has sent its first write batch: client B starts a run now.
      namesSeenByB = b.workbook.names().map((n) => n.name);
      second = await runAddin(b, { runId: 'client-b' }).then(
        () => 'ran',
        (e: unknown) => e,
      );
    },
  });
  expect(namesSeenByB).toContain(RUN_LOCK_NAME);
  // B's settings never saw A's lock: only the workbook guard stopped it.
  expect(b.workbook.settings()[RUN_LOCK_SETTING]).toBeUndefined();
  expect(second).toBeInstanceOf(RunLockedError);
  expect((second as RunLockedError).where).toBe('workbook');
  expect((second as RunLockedError).message).toContain(HOST_TEXTS.ja.lockedInWorkbook);
  expect((second as RunLockedError).message).toContain(HOST_TEXTS.en.lockedInWorkbook);
  // A released both locks in its last batch; B can run now.
  expect(a.workbook.names().map((n) => n.name)).not.toContain(RUN_LOCK_NAME);
  expect(a.workbook.settings()[RUN_LOCK_SETTING]).toBeUndefined();
  await expect(runAddin(b, { runId: 'client-b' })).resolves.toBeDefined();
});

test('a stale workbook lock (older than 10 minutes) is taken over; a fresh one is refused', async () => {
  const d = await doubleFromXlsx(await xlsxBuffer(MINIMAL));
  const old = lockFormula({ runId: 'gone', startedAt: '2000-01-01T00:00:00.000Z' });
  await d.Excel.run(async (ctx) => {
    ctx.workbook.names.add(RUN_LOCK_NAME, old).visible = false;
    await ctx.sync();
  });
  await expect(runAddin(d)).resolves.toBeDefined();
  const fresh = lockFormula({ runId: 'other', startedAt: new Date().toISOString() });
  await d.Excel.run(async (ctx) => {
    ctx.workbook.names.add(RUN_LOCK_NAME, fresh).visible = false;
    await ctx.sync();
  });
  await expect(runAddin(d)).rejects.toMatchObject({ name: 'RunLockedError', where: 'workbook' });
});

test('lock formulas round-trip; other names are not locks', () => {
  const lock = { runId: 'r1', startedAt: '2026-01-31T01:00:00.000Z' };
  expect(parseLockFormula(lockFormula(lock))).toEqual(lock);
  expect(parseLockFormula('="hello"')).toBeNull();
  expect(parseLockFormula('=Sheet1!$A$1')).toBeNull();
});
