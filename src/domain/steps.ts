/**
 * Cooperative slicing of the long synchronous parts of the pipeline (SPEC §7: no synchronous
 * stretch in the task pane over 200 ms).
 *
 * The row loops of the reader, the engine and the plan are written as generators that `yield`
 * every SLICE_ROWS rows (and between stages). `runSteps` drives such a generator to the end in one
 * go (the CLI, tests: the result is exactly the plain synchronous one); `runStepsSliced` drives it
 * in time slices and hands control back to the event loop between them (the add-in), so Excel and
 * the pane stay responsive. A yield point costs a generator resume and, in sliced mode, one clock
 * read: nothing measurable next to the rows between them.
 *
 * Pure: no I/O, no Office, no Node-only APIs (setTimeout and performance exist in browsers too).
 */

/** A computation that yields at safe points and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Row loops yield when `(index & SLICE_MASK) === 0`, i.e. every 1,024 rows. */
export const SLICE_MASK = 1023;

/** Runs a computation to the end without ever yielding to the event loop. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface SliceOptions {
  /** Longest synchronous stretch before handing back control, in ms (default 40). */
  sliceMs?: number;
  /** How to hand back control (default: a macrotask, setTimeout 0). May throw to cancel. */
  yieldFn?: () => Promise<void>;
  /** Clock in ms (default performance.now, else Date.now). */
  now?: () => number;
}

export const DEFAULT_SLICE_MS = 40;

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function defaultNow(): () => number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf ? () => perf.now() : () => Date.now();
}

/**
 * Runs a computation in slices of about `sliceMs`, awaiting `yieldFn` between them. The result is
 * the same as runSteps; errors thrown by the computation or by yieldFn reject the promise.
 */
export async function runStepsSliced<T>(steps: Steps<T>, opts: SliceOptions = {}): Promise<T> {
  const sliceMs = opts.sliceMs ?? DEFAULT_SLICE_MS;
  const yieldFn = opts.yieldFn ?? macrotask;
  const now = opts.now ?? defaultNow();
  let start = now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (now() - start >= sliceMs) {
      await yieldFn();
      start = now();
    }
  }
}
