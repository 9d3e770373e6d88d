/** The pane's 「再計算」 (src/excel/recalc-outcome.ts over src/excel/run.ts) on the Excel test double. */
import { RUN_LOCK_SETTING } from '../../src/excel/run';
import { runRecalc } from '../../src/excel/recalc-outcome';
import { PHASES } from '../../src/strings/ui';
import { MINIMAL } from '../helpers/workbook';
import { AS_OF, MINIMAL_TEXT_COLS, allCells, doubleOf, paneHost } from './helpers';

test('done: phases in order, the host as-of, delayForCellEdit, the host is notified', async () => {
  const d = await doubleOf(MINIMAL, MINIMAL_TEXT_COLS);
  const { host, notified } = paneHost(d);
  const phases: string[] = [];
  const out = await runRecalc(host, { onProgress: (p) => phases.push(p.phase) });
  if (out.kind !== 'done') throw new Error(JSON.stringify(out));
  expect([...new Set(phases)]).toEqual([...PHASES]);
  expect(out.output.result.asOf).toBe(AS_OF);
  expect(out.output.result.counts.doctors).toEqual({ read: 3, used: 3, rejected: 0, blank: 0 });
  expect(d.stats.runs).toBe(d.stats.delayForCellEditRuns);
  expect(notified()).toBeGreaterThan(0);
  expect(d.workbook.sheetNames()).toEqual(
    expect.arrayContaining(['集計_地区', '会議資料', '要対応リスト', '入力チェック', '実行履歴', '設定']),
  );
});

test('fatal: a missing required sheet is reported with its fix, nothing is written', async () => {
  const d = await doubleOf({ 医師: MINIMAL['医師'] }, MINIMAL_TEXT_COLS);
  const before = allCells(d);
  const out = await runRecalc(paneHost(d).host);
  expect(out).toMatchObject({ kind: 'fatal', code: 'sheet-missing' });
  if (out.kind === 'fatal') {
    expect(out.message).toContain('研修記録');
    expect(out.fix).toContain('テンプレートを作成');
  }
  expect(d.workbook.sheetNames()).toEqual(['医師']);
  expect(allCells(d)).toEqual(before);
});

test('busy: a fresh run lock of another run; a stale one (over 10 minutes) is taken over', async () => {
  const d = await doubleOf(MINIMAL, MINIMAL_TEXT_COLS);
  d.state.settings.set(
    RUN_LOCK_SETTING,
    JSON.stringify({ runId: 'other', startedAt: new Date().toISOString() }),
  );
  const before = allCells(d);
  expect(await runRecalc(paneHost(d).host)).toEqual({ kind: 'busy' });
  expect(allCells(d)).toEqual(before);
  d.state.settings.set(
    RUN_LOCK_SETTING,
    JSON.stringify({ runId: 'other', startedAt: new Date(Date.now() - 11 * 60_000).toISOString() }),
  );
  expect((await runRecalc(paneHost(d).host)).kind).toBe('done');
});

test('cancel before writing: nothing is written', async () => {
  const d = await doubleOf(MINIMAL, MINIMAL_TEXT_COLS);
  const before = allCells(d);
  const ctrl = new AbortController();
  const out = await runRecalc(paneHost(d).host, {
    signal: ctrl.signal,
    onProgress: (p) => {
      if (p.phase === 'read') ctrl.abort();
    },
  });
  expect(out).toEqual({ kind: 'cancelled', duringWrite: false });
  expect(allCells(d)).toEqual(before);
  expect(d.workbook.settings()[RUN_LOCK_SETTING]).toBeUndefined();
});

test('an unexpected Excel error is reported as an error, not thrown', async () => {
  const d = await doubleOf(MINIMAL, MINIMAL_TEXT_COLS);
  d.failOnSync(3, 'GeneralException');
  const out = await runRecalc(paneHost(d).host);
  expect(out.kind).toBe('error');
});
