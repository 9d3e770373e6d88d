/** Shared pieces of the property tests: run options, shuffling, comparable views of a result. */
import fc from 'fast-check';
import { dayFromIso, type Day } from '../../src/domain/day';
import type { RecalcOptions } from '../../src/sheets/recalc';
import type { ResultJson } from '../../src/sheets/result';
import { TRAINING } from '../../src/sheets/schema';
import type { RawCell, WorkbookSnapshot } from '../../src/sheets/types';
import { cloneWorkbook } from './arbitraries';
import { isBlankRow, oracleLocate } from './oracle';

/** A fixed clock: timestamps are part of the plan, and re-runs must be identical. */
export const NOW = new Date('2026-01-31T01:00:00Z');

/** --as-of: a fixed date, another one, or none (設定 基準日, else the fixed clock's day). */
export const asOfArb: fc.Arbitrary<Day | null> = fc.constantFrom(
  dayFromIso('2026-01-31'),
  dayFromIso('2025-10-01'),
  null,
);

export const optionsOf = (asOf: Day | null): RecalcOptions => ({ asOf, now: NOW });

/** A small deterministic PRNG (mulberry32) for permutations driven by a generated seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Returns a copy of the workbook whose non-blank 研修記録 rows are permuted among their own
 * positions (blank rows stay where they are, so the region and the blank count do not change).
 */
export function shuffleTrainingRows(wb: WorkbookSnapshot, seed: number): WorkbookSnapshot {
  const copy = cloneWorkbook(wb);
  const src = oracleLocate(copy, TRAINING);
  if (!src) return copy;
  const positions: number[] = [];
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) if (!isBlankRow(src, r)) positions.push(r);
  const rows = positions.map((r) => src.sheet.rows[r - 1]);
  const next = rng(seed);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  positions.forEach((r, i) => (src.sheet.rows[r - 1] = rows[i] as RawCell[]));
  return copy;
}

/** What must not depend on the order of the training records. */
export function orderFreeView(res: ResultJson, trainingSheet: string | null) {
  const isTraining = (sheet: string) => sheet === trainingSheet;
  return {
    counts: res.counts,
    doctors: res.doctors,
    clinics: res.clinics,
    districts: res.districts,
    districtTotal: res.districtTotal,
    changes: res.changes,
    otherIssues: res.issues.filter((i) => !isTraining(i.sheet)),
    // Which row gets a duplicate-record warning may change; how many of each kind may not.
    trainingIssues: res.issues
      .filter((i) => isTraining(i.sheet))
      .map((i) => `${i.severity}|${i.code}|${i.field}|${i.value}`)
      .sort(),
  };
}

/**
 * Returns a copy whose rows are padded with empty cells up to `width` columns and followed by
 * `extraRows` empty rows — the shape the Office.js reader gives (every row as wide as the used
 * range, '' read as null) as opposed to the ExcelJS reader (rows end at their last value).
 */
export function padWorkbook(
  wb: WorkbookSnapshot,
  width: number,
  extraRows: number,
  filler: null | undefined,
): WorkbookSnapshot {
  const copy = cloneWorkbook(wb);
  for (const s of copy.sheets) {
    const w = Math.max(width, ...s.rows.map((r) => r?.length ?? 0));
    const height = s.rows.length + extraRows;
    for (let i = 0; i < height; i++) {
      const row = (s.rows[i] ??= []);
      for (let j = 0; j < w; j++) if (row[j] === undefined) row[j] = filler;
    }
  }
  return copy;
}
