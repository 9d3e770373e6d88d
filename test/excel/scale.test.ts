/**
 * A prefecture-sized workbook (W2: 20,000 doctors, ~300,000 records, 5,000 clinics) on the strict
 * Excel double, built directly from generated arrays (no xlsx): every request and response stays
 * under 4 MB, no read exceeds 5,000,000 cells, the number of formatting calls equals that of a
 * city-sized workbook (W1: 1,000 doctors), and the round trips stay within the budget of 30
 * (SPEC §7). No timing assertions.
 */
import { createExcelDouble, type ExcelDouble } from '@kakari-roster/excel-double';
import { generateRoster } from '../../src/sample/generate';
import { rosterToArrays } from '../../src/sample/writeSample';
import type { RecalcWorkbookResult } from '../../src/excel/run';
import { runAddin } from './helpers';

const MB4 = 4 * 1024 * 1024;

function workload(doctors: number, clinics: number, recordsPerDoctor: number): ExcelDouble {
  const data = generateRoster({ doctors, seed: 11, clinicCount: clinics, recordsPerDoctor });
  const sheets = Object.fromEntries(rosterToArrays(data).map((s) => [s.name, s.rows]));
  return createExcelDouble({ sheets });
}

interface Figures {
  syncs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  maxReadCells: number;
  formattingCalls: number;
  records: number;
  /** Round trips by step: metadata + value blocks, the pre-write check, the write batches. */
  breakdown: { read: number; check: number; write: number };
}

async function measure(d: ExcelDouble): Promise<{ res: RecalcWorkbookResult; f: Figures }> {
  d.stats.reset();
  const res = await runAddin(d);
  const s = d.stats;
  return {
    res,
    f: {
      syncs: s.syncs,
      maxRequestBytes: s.maxRequestBytes,
      maxResponseBytes: s.maxResponseBytes,
      maxReadCells: s.maxReadCells,
      formattingCalls: s.formattingCalls,
      records: res.result.counts.training.read,
      breakdown: {
        read: res.stats.read.syncs,
        check: res.stats.syncs - res.stats.read.syncs - res.stats.write!.syncs,
        write: res.stats.write!.syncs,
      },
    },
  };
}

describe('W1 and W2 on the strict Excel double', () => {
  const figures: Record<string, Figures> = {};
  let w2: ExcelDouble;

  beforeAll(async () => {
    const w1 = workload(1_000, 400, 12);
    figures.W1 = (await measure(w1)).f;
    figures['W1 re-run'] = (await measure(w1)).f;
    w2 = workload(20_000, 5_000, 15);
    figures.W2 = (await measure(w2)).f;
    figures['W2 re-run'] = (await measure(w2)).f;
    console.log(`Office.js adapter on the Excel double:\n${JSON.stringify(figures, null, 2)}`);
  });

  test('W2 is prefecture-sized', () => {
    expect(figures.W2.records).toBeGreaterThanOrEqual(300_000);
  });

  test.each(['W1', 'W1 re-run', 'W2', 'W2 re-run'])(
    '%s: no request or response over 4 MB, no read over 5M cells, ≤ 30 round trips',
    (k) => {
      const f = figures[k];
      expect(f.maxRequestBytes).toBeLessThanOrEqual(MB4);
      expect(f.maxResponseBytes).toBeLessThanOrEqual(MB4);
      expect(f.maxReadCells).toBeLessThanOrEqual(5_000_000);
      expect(f.syncs).toBeLessThanOrEqual(30);
    },
  );

  test('the same number of formatting calls on W1 and W2 (no per-cell formatting)', () => {
    expect(figures.W2.formattingCalls).toBe(figures.W1.formattingCalls);
    expect(figures['W2 re-run'].formattingCalls).toBe(figures['W1 re-run'].formattingCalls);
  });
});
