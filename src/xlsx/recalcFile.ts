/**
 * The CLI's file path: .xlsx file → package snapshot (package-read.ts, streamed) → the shared,
 * pure pipeline → the package writer (package-write.ts), which copies every part the plan does not
 * touch byte for byte and rewrites only what changes (SPEC §6.2 "Fidelity").
 */
import type { Day } from '../domain/day';
import type { WorkbookSnapshot } from '../sheets/types';
import { recalc, type RecalcOutput } from '../sheets/recalc';
import { writeBytesAtomic } from './atomic-write';
import { openXlsx, readPackageSnapshot, readSnapshotFile } from './package-read';
import { headerRowsOf, writeRecalcPackageAtomic } from './package-write';

export { readSnapshotFile };

export interface RecalcFileOptions {
  asOf?: Day | null;
  now?: Date;
  /** Where to write the result workbook (omit: write nothing). */
  out?: string | null;
  onPhase?: (phase: 'read' | 'compute' | 'write', fraction: number) => void;
}

/**
 * The outcome of one file: the result JSON, the plan that was written and the run stamp. The
 * pipeline's intermediate data (raw rows, engine input and output) is released before the
 * workbook is written — on a national roster that is most of the memory (SPEC §7).
 */
export interface RecalcFileResult extends Pick<RecalcOutput, 'result' | 'plan' | 'stamp'> {
  /**
   * Kinds of input content the written file does not carry over (empty when nothing is lost).
   * The package writer carries everything over, so this is always empty; kept for the CLI's
   * warning line should a future writer need it again.
   */
  notCarried: string[];
}

/** Writes atomically: a temporary file beside the target, then rename (see atomic-write.ts). */
export async function writeAtomic(
  target: string,
  data: Uint8Array,
  opts: { private?: boolean } = {},
): Promise<void> {
  await writeBytesAtomic(target, data, opts);
}

/** Reads a workbook file into the pipeline's snapshot (the CLI's reader). */
export async function readWorkbookFile(file: string): Promise<WorkbookSnapshot> {
  return readSnapshotFile(file);
}

export async function recalcFile(file: string, opts: RecalcFileOptions = {}): Promise<RecalcFileResult> {
  opts.onPhase?.('read', 0);
  const pkg = await openXlsx(file);
  const { snapshot, ...info } = await readPackageSnapshot(pkg);
  opts.onPhase?.('compute', 0.4);
  // Only these outlive the pipeline; the snapshot and the engine's data go before the write.
  const { result, plan, stamp } = recalc(snapshot, { asOf: opts.asOf, now: opts.now });
  if (opts.out) {
    const sheets = new Map(snapshot.sheets.map((s) => [s.name, s]));
    const headers = headerRowsOf(plan, (sheet, row) => sheets.get(sheet)?.rows[row - 1]);
    sheets.clear();
    snapshot.sheets.length = 0;
    opts.onPhase?.('write', 0.6);
    await writeRecalcPackageAtomic(pkg, info, plan, opts.out, headers);
  }
  opts.onPhase?.('write', 1);
  return { result, plan, stamp, notCarried: [] };
}
