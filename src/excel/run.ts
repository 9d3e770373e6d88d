/**
 * The add-in's 「再計算」: one Excel.run that reads the open workbook, runs the shared pipeline
 * (src/sheets/recalc.ts) and writes the plan back — the same result as `kakari-roster recalc`.
 *
 * Round trips: the reader's (metadata, used ranges, value blocks), one pre-write check (formula
 * cells in columns about to be added, the run lock), then the writer's batches. A FatalError of
 * the pipeline (missing sheet/column, invalid setting, owned column blocked, owned sheet name
 * taken, protected sheet/workbook) stops the run before anything is written.
 *
 * Two runs at once (two panes, pane + ribbon) are prevented by a workbook setting holding the run
 * id and start time; a lock older than 10 minutes is stale and taken over. The lock is released in
 * the last write batch, or in its own round trip when the run fails.
 */
import type { Day } from '../domain/day';
import { recalcSteps, type RecalcOutput } from '../sheets/recalc';
import { runStepsSliced } from '../domain/steps';
import { applyPlan, checkAddedColumns, type ApplyStats, type WriteBudget } from './apply';
import {
  RecalcCancelledError,
  defaultIsSetSupported,
  throwIfAborted,
  type ExcelHost,
  type IsSetSupported,
} from './host';
import { readSnapshot, type OfficeSnapshot, type ReadBudget, type ReadStats } from './read';
import { HOST_TEXTS } from '../strings/host';

/** The run's phases (the pane words them: src/strings/ui.ts `phases`). */
export type RecalcPhase = 'read' | 'validate' | 'compute' | 'write';

/** Workbook setting holding the run lock. */
export const RUN_LOCK_SETTING = 'KakariRoster.runLock';
/** A lock older than this is stale (a run that died without releasing it). */
export const RUN_LOCK_STALE_MS = 10 * 60 * 1000;

export interface RunLock {
  runId: string;
  /** ISO time the run started. */
  startedAt: string;
}

/**
 * Defined name holding the lock inside the workbook (hidden, workbook scope). Workbook settings
 * are per document and may not reach a co-author's client (SPEC §7 rev 2), so the settings lock
 * alone lets two clients run at once; a defined name is part of the workbook and travels with
 * its cells. Written in the first write batch, checked with the metadata and again just before
 * it, deleted in the last write batch.
 */
export const RUN_LOCK_NAME = '_KakariRoster_RunLock';

/** Another run holds the lock: in this client's settings, or in the workbook (another client). */
export class RunLockedError extends Error {
  constructor(
    readonly lock: RunLock,
    readonly where: 'settings' | 'workbook' = 'settings',
  ) {
    super(
      where === 'workbook'
        ? `${HOST_TEXTS.ja.lockedInWorkbook} / ${HOST_TEXTS.en.lockedInWorkbook}`
        : `${HOST_TEXTS.ja.lockedInSettings} / ${HOST_TEXTS.en.lockedInSettings}`,
    );
    this.name = 'RunLockedError';
  }
}

/** The formula of the workbook lock name: a text constant ="kakari-lock|<runId>|<ISO start>". */
export function lockFormula(lock: RunLock): string {
  return `="kakari-lock|${lock.runId}|${lock.startedAt}"`;
}

/** The lock a defined name's formula holds (with or without '='), or null. */
export function parseLockFormula(formula: unknown): RunLock | null {
  const m = /^=?"kakari-lock\|([^|"]+)\|([^|"]+)"$/.exec(String(formula ?? '').trim());
  return m ? { runId: m[1], startedAt: m[2] } : null;
}

export interface RecalcWorkbookOptions {
  /** The Excel namespace: the real global in production, the test double in tests and the playground. */
  excel: ExcelHost;
  isSetSupported?: IsSetSupported;
  /** --as-of equivalent (wins over 設定 基準日). */
  asOf?: Day | null;
  /** The clock (tests pin it). */
  now?: Date;
  onPhase?: (phase: RecalcPhase, fraction: number) => void;
  /** Cancels the run; honoured until writing begins. */
  signal?: AbortSignal;
  readBudget?: Partial<ReadBudget>;
  writeBudget?: Partial<WriteBudget>;
  yieldFn?: () => Promise<void>;
  /** Id of this run (default: random). */
  runId?: string;
  /**
   * The pure pipeline (default: recalcSteps driven in time slices, so no synchronous stretch gets near
   * 200 ms and cancel is honoured between slices).
   */
  pipeline?: (
    snap: OfficeSnapshot,
    opts: { asOf?: Day | null; now?: Date },
  ) => RecalcOutput | Promise<RecalcOutput>;
}

export interface RecalcWorkbookStats {
  read: ReadStats;
  write: ApplyStats | null;
  /** Round trips made by the adapter (read + checks + write + lock). */
  syncs: number;
}

export interface RecalcWorkbookResult extends RecalcOutput {
  stats: RecalcWorkbookStats;
}

function parseLock(value: unknown): RunLock | null {
  try {
    const o = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<RunLock> | null;
    if (o && typeof o.runId === 'string' && typeof o.startedAt === 'string')
      return { runId: o.runId, startedAt: o.startedAt };
  } catch {
    /* not ours: treated as no lock */
  }
  return null;
}

export function isLockActive(lock: RunLock | null, now: Date): boolean {
  if (!lock) return false;
  const t = Date.parse(lock.startedAt);
  return Number.isFinite(t) && now.getTime() - t < RUN_LOCK_STALE_MS && t - now.getTime() < RUN_LOCK_STALE_MS;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const randomId = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export async function recalculateWorkbook(opts: RecalcWorkbookOptions): Promise<RecalcWorkbookResult> {
  const isSetSupported = opts.isSetSupported ?? defaultIsSetSupported();
  const runId = opts.runId ?? randomId();
  const phase = (p: RecalcPhase, f: number): void => opts.onPhase?.(p, f);
  const pipeline =
    opts.pipeline ??
    ((snap: OfficeSnapshot, o: { asOf?: Day | null; now?: Date }) =>
      runStepsSliced(
        // validate while the contract is read, compute from the engine on.
        recalcSteps(snap, o, (stage) =>
          stage === 'read' ? phase('validate', 0) : phase('compute', stage === 'engine' ? 0 : 0.5),
        ),
        {
          yieldFn: async () => {
            await (opts.yieldFn ?? macrotask)();
            throwIfAborted(opts.signal);
          },
        },
      ));

  return opts.excel.run({ delayForCellEdit: true }, async (context) => {
    const settings = context.workbook.settings;
    let lockHeld = false;
    let bookLockWritten = false;
    let extraSyncs = 0;
    let read: ReadStats | null = null;
    try {
      // ---- 読み込み (the lock is checked with the metadata round trip, taken with the next one)
      phase('read', 0);
      let lockItem: Excel.Setting | null = null;
      const startedAt = new Date();
      const snap = await readSnapshot(context, {
        isSetSupported,
        signal: opts.signal,
        budget: opts.readBudget,
        yieldFn: opts.yieldFn,
        onProgress: ({ fraction }) => phase('read', fraction),
        beforeFirstSync: () => {
          lockItem = settings.getItemOrNullObject(RUN_LOCK_SETTING).load('value');
        },
        afterFirstSync: (names) => {
          const item = lockItem!;
          const held = item.isNullObject ? null : parseLock(item.value);
          if (held && held.runId !== runId && isLockActive(held, new Date())) throw new RunLockedError(held);
          // The lock inside the workbook: another client's run (settings may not reach it).
          const inBook = parseLockFormula(names.get(RUN_LOCK_NAME));
          if (inBook && inBook.runId !== runId && isLockActive(inBook, new Date()))
            throw new RunLockedError(inBook, 'workbook');
          settings.add(
            RUN_LOCK_SETTING,
            JSON.stringify({ runId, startedAt: startedAt.toISOString() } satisfies RunLock),
          );
          lockHeld = true;
        },
      });
      read = snap.office.stats;

      // ---- 検証 / 計算 (the pure pipeline: contract checks first, then the engine and the plan)
      phase('validate', 0);
      throwIfAborted(opts.signal);
      const output = await pipeline(snap, { asOf: opts.asOf, now: opts.now });
      phase('validate', 1);
      phase('compute', 1);
      throwIfAborted(opts.signal);

      // ---- pre-write checks: formula cells in the way, and both locks are still ours / free
      const recheck = { item: null as Excel.Setting | null, name: null as Excel.NamedItem | null };
      const checks = await checkAddedColumns(
        context,
        output.plan,
        () => {
          recheck.item = settings.getItemOrNullObject(RUN_LOCK_SETTING).load('value');
          recheck.name = context.workbook.names.getItemOrNullObject(RUN_LOCK_NAME).load('formula');
        },
        opts.readBudget,
      );
      extraSyncs += checks.syncs;
      const now = recheck.item && !recheck.item.isNullObject ? parseLock(recheck.item.value) : null;
      if (now && now.runId !== runId) {
        lockHeld = false;
        throw new RunLockedError(now);
      }
      const inBook =
        recheck.name && !recheck.name.isNullObject ? parseLockFormula(recheck.name.formula) : null;
      if (inBook && inBook.runId !== runId && isLockActive(inBook, new Date()))
        throw new RunLockedError(inBook, 'workbook');
      throwIfAborted(opts.signal);

      // ---- 書き込み (no cancel from here on: a half-written run is repaired by the next one)
      phase('write', 0);
      const bookLock = lockFormula({ runId, startedAt: startedAt.toISOString() });
      const write = await applyPlan(context, output.plan, snap, {
        budget: opts.writeBudget,
        yieldFn: opts.yieldFn,
        onProgress: (f) => phase('write', f),
        // The workbook lock is taken in the first write batch (NamedItem: ExcelApi 1.4 add,
        // 1.1 visible), so a co-author's run that starts later sees it.
        beforeFirstWrite: () => {
          const names = context.workbook.names;
          names.getItemOrNullObject(RUN_LOCK_NAME).delete();
          names.add(RUN_LOCK_NAME, bookLock, 'Kakari Roster: recalculation running').visible = false;
          bookLockWritten = true;
        },
        // Both locks are released in the last write batch (after the 実行履歴 row).
        beforeLastSync: () => {
          settings.getItemOrNullObject(RUN_LOCK_SETTING).delete();
          context.workbook.names.getItemOrNullObject(RUN_LOCK_NAME).delete();
        },
      });
      bookLockWritten = false;
      lockHeld = false;
      phase('write', 1);
      return { ...output, stats: { read, write, syncs: read.syncs + extraSyncs + write.syncs } };
    } finally {
      if (lockHeld || bookLockWritten) {
        // Failed or cancelled run: release the locks (nothing else is queued at this point).
        try {
          if (lockHeld) settings.getItemOrNullObject(RUN_LOCK_SETTING).delete();
          if (bookLockWritten) context.workbook.names.getItemOrNullObject(RUN_LOCK_NAME).delete();
          await context.sync();
        } catch {
          /* the lock goes stale after 10 minutes */
        }
      }
    }
  });
}

export { RecalcCancelledError };
