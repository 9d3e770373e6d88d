/**
 * The add-in budgets of SPEC §7 as counts, not times: 「再計算」 on the strict Excel test double
 * for the benchmark workloads W1 (city) and W2 (prefecture: 20,000 doctors, ~300,000 records,
 * 5,000 clinics of 福岡 from the national list) — the same data `npm run bench` measures
 * (bench/workloads.ts).
 *
 * For a first run (owned columns and sheets added) and a re-run (found and rewritten):
 * - at most 30 context.sync round trips;
 * - every request and every response at most 4 MB (4,000,000 bytes), checked sync by sync; the
 *   double itself is tightened to 4 MB, and no sync may fail (a retried oversized batch counts);
 * - no read over 5,000,000 cells;
 * - the same number of formatting calls on W1 and W2 (no per-row or per-cell formatting).
 */
import { createExcelDouble, type ExcelDouble } from '@kakari-roster/excel-double';
import { dayFromIso } from '../../src/domain/day';
import type { ExcelHost } from '../../src/excel/host';
import { recalculateWorkbook, type RecalcWorkbookResult } from '../../src/excel/run';
import { rosterToArrays } from '../../src/sample/writeSample';
import { AS_OF, NOW, WORKLOADS, generate, type WorkloadName } from '../../bench/workloads';

const MB4 = 4_000_000;
const MAX_READ_CELLS = 5_000_000;
const MAX_SYNCS = 30;

interface Figures {
  syncs: number;
  failedSyncs: number;
  requestBytes: number[];
  responseBytes: number[];
  maxReadCells: number;
  formattingCalls: number;
  doctors: number;
  records: number;
  clinics: number;
}

function doubleFor(name: WorkloadName): ExcelDouble {
  const sheets = Object.fromEntries(rosterToArrays(generate(WORKLOADS[name])).map((s) => [s.name, s.rows]));
  return createExcelDouble({
    sheets,
    limits: { maxRequestBytes: MB4, maxResponseBytes: MB4, maxReadCells: MAX_READ_CELLS },
  });
}

async function run(d: ExcelDouble): Promise<Figures> {
  d.stats.reset();
  const res: RecalcWorkbookResult = await recalculateWorkbook({
    excel: d.Excel as unknown as ExcelHost,
    isSetSupported: (n, v) => d.Office.context.requirements.isSetSupported(n, v),
    asOf: dayFromIso(AS_OF),
    now: NOW,
    yieldFn: async () => undefined,
  });
  const s = d.stats;
  return {
    syncs: s.syncs,
    failedSyncs: s.failedSyncs,
    requestBytes: s.history.map((h) => h.requestBytes),
    responseBytes: s.history.map((h) => h.responseBytes),
    maxReadCells: s.maxReadCells,
    formattingCalls: s.formattingCalls,
    doctors: res.result.counts.doctors.read,
    records: res.result.counts.training.read,
    clinics: res.result.counts.clinics.read,
  };
}

describe('add-in budgets on the strict Excel double (SPEC §7; counts, not times)', () => {
  const figures: Record<string, Figures> = {};

  beforeAll(async () => {
    for (const name of ['W1', 'W2'] as const) {
      const d = doubleFor(name);
      figures[`${name} first run`] = await run(d);
      figures[`${name} re-run`] = await run(d);
    }
    const summary = Object.entries(figures).map(
      ([k, f]) =>
        `${k}: ${f.syncs} syncs, largest request ${Math.max(...f.requestBytes)} B, largest response ` +
        `${Math.max(...f.responseBytes)} B, largest read ${f.maxReadCells} cells, ${f.formattingCalls} formatting calls`,
    );
    console.log(`Add-in path on the Excel double:\n${summary.join('\n')}`);
  }, 300_000);

  test('W2 is prefecture-sized: 20,000 doctors, ≥ 300,000 records, 5,000 clinics', () => {
    for (const k of ['W2 first run', 'W2 re-run']) {
      expect(figures[k].doctors).toBeGreaterThanOrEqual(20_000);
      expect(figures[k].records).toBeGreaterThanOrEqual(300_000);
      expect(figures[k].clinics).toBeGreaterThanOrEqual(5_000);
    }
  });

  test.each(['W1 first run', 'W1 re-run', 'W2 first run', 'W2 re-run'])(
    '%s: at most 30 round trips, none failed',
    (k) => {
      expect(figures[k].syncs).toBeGreaterThan(0);
      expect(figures[k].syncs).toBeLessThanOrEqual(MAX_SYNCS);
      expect(figures[k].failedSyncs).toBe(0);
    },
  );

  test.each(['W1 first run', 'W1 re-run', 'W2 first run', 'W2 re-run'])(
    '%s: every request and every response ≤ 4 MB',
    (k) => {
      const f = figures[k];
      expect(f.requestBytes).toHaveLength(f.syncs);
      expect(f.requestBytes.filter((b) => b > MB4)).toEqual([]);
      expect(f.responseBytes.filter((b) => b > MB4)).toEqual([]);
    },
  );

  test.each(['W1 first run', 'W1 re-run', 'W2 first run', 'W2 re-run'])(
    '%s: no read over 5,000,000 cells',
    (k) => {
      expect(figures[k].maxReadCells).toBeGreaterThan(0);
      expect(figures[k].maxReadCells).toBeLessThanOrEqual(MAX_READ_CELLS);
    },
  );

  test('the same number of formatting calls on W1 and W2, first run and re-run', () => {
    expect(figures['W2 first run'].formattingCalls).toBe(figures['W1 first run'].formattingCalls);
    expect(figures['W2 re-run'].formattingCalls).toBe(figures['W1 re-run'].formattingCalls);
  });
});
