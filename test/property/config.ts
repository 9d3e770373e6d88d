/**
 * Run counts of the property tests. `npm test` runs every property RUNS times (200); the fuzz
 * campaign (`npm run fuzz`, scripts/fuzz.js) sets KAKARI_FUZZ_RUNS=10000 and runs the very same
 * files. KAKARI_FUZZ_SEED replays a reported failure (fast-check prints seed and path).
 */
import type { Parameters } from 'fast-check';

const envInt = (name: string): number | undefined => {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
};

/** Runs per property (≥ 200 in `npm test`). */
export const RUNS = Math.max(envInt('KAKARI_FUZZ_RUNS') ?? 200, 1);
/** Runs of the properties that write real .xlsx files through ExcelJS (slower per run). */
export const FILE_RUNS = Math.max(envInt('KAKARI_FUZZ_FILE_RUNS') ?? RUNS, 1);

const SEED = envInt('KAKARI_FUZZ_SEED');
const PATH = process.env.KAKARI_FUZZ_PATH || undefined;

/** fast-check parameters for one property. */
export function params<T>(numRuns: number = RUNS): Parameters<T> {
  return {
    numRuns,
    ...(SEED !== undefined ? { seed: SEED } : {}),
    ...(PATH !== undefined ? { path: PATH } : {}),
    // Keep the shrunk counterexample readable in the failure report.
    endOnFailure: false,
  };
}

/** Jest timeout for a property test: generous, the campaign runs 10,000 cases per property. */
export const timeout = (numRuns: number = RUNS, msPerRun = 40): number =>
  Math.max(60_000, numRuns * msPerRun);
