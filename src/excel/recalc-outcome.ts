/**
 * The pane's and the ribbon command's 「再計算」 over the Office.js adapter (src/excel/run.ts),
 * mapping its phases and errors to what the UI shows.
 */
import { dayFromIso } from '../domain/day';
import { RecalcCancelledError, RunLockedError, recalculateWorkbook, type RecalcWorkbookResult } from './run';
import type { IssueCode, IssueParams } from '../domain/types';
import { isFatal } from '../sheets/fatal';
import { invalidSettingsOf, type InvalidSetting } from '../sheets/settings';
import type { PhaseKey } from '../strings/ui';
import type { PaneHost } from './pane-host';

export interface RecalcDone {
  kind: 'done';
  output: RecalcWorkbookResult;
}

export type RecalcOutcome =
  | RecalcDone
  | RecalcFatal
  | { kind: 'cancelled'; duringWrite: boolean }
  /** where: 'workbook' when the lock found is the one inside the workbook (another client). */
  | { kind: 'busy'; where?: 'workbook' }
  | { kind: 'error'; message: string };

/** A fatal input problem (nothing written) with what the pane needs for its one-click fix. */
export interface RecalcFatal {
  kind: 'fatal';
  code: IssueCode;
  message: string;
  fix: string;
  /** The sheet and cell the error names (A1; may be a range), when it names one. */
  sheet: string | null;
  cell: string | null;
  params: IssueParams;
  /** setting-invalid: every invalid value with its cell (sheet order). */
  invalidSettings: InvalidSetting[];
}

export interface RunRecalcOptions {
  onProgress?: (p: { phase: PhaseKey; fraction: number }) => void;
  signal?: AbortSignal;
}

/** Errors from another realm (the playground's double lives in the parent window) are matched by name. */
function named(e: unknown, name: string): boolean {
  return !!e && typeof e === 'object' && (e as { name?: unknown }).name === name;
}

export async function runRecalc(host: PaneHost, opts: RunRecalcOptions = {}): Promise<RecalcOutcome> {
  let phase = 'read' as PhaseKey;
  try {
    const output = await recalculateWorkbook({
      excel: {
        // Through the host so the playground's grid hears about the run.
        run: (options, batch) => host.excel.run(options, batch),
      },
      isSetSupported: host.isSetSupported,
      asOf: host.asOf ? dayFromIso(host.asOf) : null,
      signal: opts.signal,
      onPhase: (p, fraction) => {
        phase = p; // the adapter's phases are the pane's phase keys (checked by the types)
        opts.onProgress?.({ phase, fraction });
      },
    });
    return { kind: 'done', output };
  } catch (e) {
    if (isFatal(e))
      return {
        kind: 'fatal',
        code: e.code,
        message: e.message,
        fix: e.fix,
        sheet: e.details.sheet ?? null,
        cell: e.details.cell ?? null,
        params: { ...(e.details.params ?? {}) },
        invalidSettings: e.code === 'setting-invalid' ? invalidSettingsOf(e) : [],
      };
    if (e instanceof RecalcCancelledError || named(e, 'RecalcCancelledError'))
      return { kind: 'cancelled', duringWrite: false };
    if (e instanceof RunLockedError || named(e, 'RunLockedError'))
      return (e as RunLockedError).where === 'workbook'
        ? { kind: 'busy', where: 'workbook' }
        : { kind: 'busy' };
    if (opts.signal?.aborted) return { kind: 'cancelled', duringWrite: phase === 'write' };
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  } finally {
    // The playground re-renders its grid after the adapter's writes.
    host.notify();
  }
}
