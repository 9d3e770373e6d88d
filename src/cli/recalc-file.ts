/**
 * `recalc` on one file, the CLI's use case: .xlsx file → package snapshot (src/xlsx/package-read.ts,
 * streamed) → the shared, pure pipeline → the package writer (src/xlsx/package-write.ts), which
 * copies every part the plan does not touch byte for byte and rewrites only what changes (SPEC
 * §6.2 "Fidelity"), atomically (src/xlsx/atomic-write.ts).
 */
import type { Day } from '../domain/day';
import { runStepsSliced } from '../domain/steps';
import { recalc, recalcSteps, type RecalcOutput, type RecalcStage } from '../sheets/recalc';
import type { StagedFile } from '../xlsx/atomic-write';
import { openXlsx, readPackageSnapshot, type XlsxPackage } from '../xlsx/package-read';
import { writeRecalcPackageAtomic } from '../xlsx/package-write';
import { isStreamedPart, trackStreams } from '../xlsx/read-progress';

export interface RecalcFileOptions {
  asOf?: Day | null;
  now?: Date;
  /** Where to write the result workbook (omit: write nothing). */
  out?: string | null;
  onPhase?: (phase: 'read' | 'compute' | 'write', fraction: number) => void;
  /**
   * Writes the result elsewhere (the CLI's JSON) while the workbook is being written: started
   * with the result once the pipeline is done, so its work fills the writer's waits (zlib, disk,
   * fsync) instead of following the workbook; committed only after the workbook is in place and
   * discarded when the workbook fails, so a failed run still leaves nothing written.
   */
  stageResult?: (result: RecalcOutput['result']) => Promise<StagedFile>;
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

export async function recalcFile(file: string, opts: RecalcFileOptions = {}): Promise<RecalcFileResult> {
  opts.onPhase?.('read', 0);
  // Kept open: the file's bytes are let go during the pipeline and read again for the write.
  const pkg = await openXlsx(file, { keepOpen: true });
  try {
    return await recalcPackage(pkg, opts);
  } finally {
    await pkg.close();
  }
}

async function recalcPackage(pkg: XlsxPackage, opts: RecalcFileOptions): Promise<RecalcFileResult> {
  const onPhase = opts.onPhase;
  // Progress (CLI bar): reading 0–40 % by the bytes of the sheets streamed, computing 40–60 % by
  // pipeline stage, writing 60–100 % by the bytes of the input sheets streamed again.
  const tracker = onPhase ? trackStreams(pkg) : null;
  tracker?.begin(isStreamedPart, (f) => onPhase!('read', 0.4 * f));
  const { snapshot, ...info } = await readPackageSnapshot(pkg);
  tracker?.end();
  // Not needed until the write: the national roster's 61 MB leave the pipeline's peak (SPEC §7).
  pkg.release();
  onPhase?.('compute', 0.4);
  // Only these outlive the pipeline; the snapshot and the engine's data go before the write.
  const o = { asOf: opts.asOf, now: opts.now };
  const STAGE: Record<RecalcStage, number> = { read: 0.42, engine: 0.48, plan: 0.55 };
  const { result, plan, stamp } = onPhase
    ? // In slices, so the progress bar keeps moving while the engine runs.
      await runStepsSliced(
        recalcSteps(snapshot, o, (stage) => onPhase('compute', STAGE[stage])),
        { yieldFn: () => new Promise<void>((r) => setImmediate(r)) },
      )
    : recalc(snapshot, o);
  if (opts.out) {
    snapshot.sheets.length = 0;
    onPhase?.('write', 0.6);
    const rewritten = new Set(plan.inputs.map((ip) => ip.sheet));
    const parts = new Set(info.workbook.sheets.filter((ws) => rewritten.has(ws.name)).map((ws) => ws.part));
    tracker?.begin(
      (part) => (parts.size > 0 ? parts.has(part) : isStreamedPart(part)),
      (f) => onPhase!('write', 0.6 + 0.35 * f),
    );
    const staging = opts.stageResult?.(result);
    // Awaited below, after the workbook; never an unhandled rejection meanwhile.
    staging?.catch(() => undefined);
    try {
      await pkg.reload();
      await writeRecalcPackageAtomic(pkg, info, plan, opts.out);
    } catch (e) {
      if (staging) await (await staging.catch(() => null))?.discard();
      throw e;
    }
    tracker?.end();
    if (staging) await (await staging).commit();
  } else if (opts.stageResult) {
    await (await opts.stageResult(result)).commit();
  }
  onPhase?.('write', 1);
  return { result, plan, stamp, notCarried: [] };
}
