/**
 * The whole headless pipeline, shared by the CLI and the add-in:
 * raw workbook → contract (typed rows + issues) → engine → issues placed → result JSON → output plan.
 * Pure: no I/O. All checks run here, before any writer touches the workbook.
 */
import { tokyoNow, type Day } from '../domain/day';
import { runSteps, runStepsSliced, type SliceOptions, type Steps } from '../domain/steps';
import type { EngineInput, SheetRole } from '../domain/types';
import { PACKAGE_FATAL_TEXTS } from '../strings/issues';
import { FatalError } from './fatal';
import { placeAllSteps, publicIssuesSteps, type PlacedIssue } from './issues';
import type { Source } from './locate';
import { OWNED_SHEETS, markerName } from './owned';
import { inputCheckSheetSteps, inputPlansSteps, settingsSheet } from './plan';
import { evaluateSteps, type Outcome } from './outcome';
import type { OutputPlan, SheetPlan } from './plan-types';
import { ownedSheetPlansSteps } from './plan-sheets';
import { readWorkbookSteps, type ReadResult } from './read';
import { buildResultJsonSteps, type ResultJson } from './result';
import { checkReportWindow } from './settings';
import type { WorkbookSnapshot } from './types';

export interface RecalcOptions {
  /** --as-of; wins over 設定 基準日 (never written to 設定). */
  asOf?: Day | null;
  /** The clock (tests pin it); timestamps are Asia/Tokyo. */
  now?: Date;
}

export interface RecalcOutput {
  read: ReadResult;
  input: EngineInput;
  engine: Outcome;
  issues: PlacedIssue[];
  result: ResultJson;
  plan: OutputPlan;
  /** "YYYY-MM-DD HH:mm (JST)" of this run. */
  stamp: string;
}

export function recalc(wb: WorkbookSnapshot, opts: RecalcOptions = {}): RecalcOutput {
  return runSteps(recalcSteps(wb, opts));
}

/**
 * The same pipeline in time slices (for the task pane): hands control back to the event loop
 * (`slice.yieldFn`, default a macrotask) whenever a slice has run `slice.sliceMs` (default 40 ms),
 * so no synchronous stretch gets near 200 ms (SPEC §7). Same result as recalc.
 */
export function recalcSliced(
  wb: WorkbookSnapshot,
  opts: RecalcOptions = {},
  slice: SliceOptions = {},
): Promise<RecalcOutput> {
  return runStepsSliced(recalcSteps(wb, opts), slice);
}

/** Names of the stages between which recalcSteps yields, for progress and timing. */
export type RecalcStage = 'read' | 'engine' | 'plan';

/**
 * recalc as a computation that yields between row blocks and stages (see domain/steps.ts).
 * `onStage(stage)` is called when a stage starts (benchmarks time the phases with it).
 */
export function* recalcSteps(
  wb: WorkbookSnapshot,
  opts: RecalcOptions = {},
  onStage?: (stage: RecalcStage) => void,
): Steps<RecalcOutput> {
  const clock = tokyoNow(opts.now ?? new Date());
  onStage?.('read');
  const read = yield* readWorkbookSteps(wb);
  const asOf = opts.asOf ?? read.profile.asOfSetting ?? clock.day;
  checkReportWindow(read.settings, asOf);
  const input: EngineInput = {
    profile: read.profile,
    asOf,
    doctors: read.doctors,
    records: read.records,
    clinics: read.clinics,
    affiliations: read.affiliations,
    previous: read.previous,
  };
  yield;
  onStage?.('engine');
  const engine = yield* evaluateSteps(input);
  yield;
  onStage?.('plan');
  const sources: Partial<Record<SheetRole, Source | null>> = {
    doctors: read.sources.doctors?.source,
    training: read.sources.training?.source,
    clinics: read.sources.clinics?.source ?? null,
    affiliations: read.sources.affiliations?.source ?? null,
    settings: read.settings.source,
  };
  const issues = yield* placeAllSteps([...read.issues, ...engine.issues], sources);
  yield;
  const counts = {
    doctors: read.sources.doctors?.counts,
    training: read.sources.training?.counts,
    clinics: read.sources.clinics?.counts,
    affiliations: read.sources.affiliations?.counts,
  };
  const publicIssues = yield* publicIssuesSteps(issues);
  const result = yield* buildResultJsonSteps(input, engine, counts, publicIssues);
  yield;

  const inputs = yield* inputPlansSteps(read, input, engine, issues);
  yield;
  const inputCheck = yield* inputCheckSheetSteps(issues);
  yield;
  const sheets: SheetPlan[] = [];
  const owned = yield* ownedSheetPlansSteps({
    read,
    input,
    engine,
    result,
    stamp: clock.stamp,
    inputCheck,
    date1904: wb.date1904,
  });
  yield;
  // A created 設定 sits before the first owned sheet, or at the end when there is none (§2.5 rev 2):
  // it comes first in the plan, so owned sheets added by this run follow it, and the writers insert
  // it before the first existing owned sheet (insertBefore).
  if (!read.settings.source) sheets.push({ ...settingsSheet(), insertBefore: OWNED_SHEETS });
  for (const name of OWNED_SHEETS) {
    const p = owned.find((x) => x.name === name);
    if (p) sheets.push(p);
  }
  const plan: OutputPlan = { inputs, sheets, date1904: wb.date1904 };
  checkWritable(wb, plan);
  return { read, input, engine, issues, result, plan, stamp: clock.stamp };
}

/** Columns of a worksheet (A…XFD). */
export const MAX_COLUMNS = 16_384;

/** Ownership and protection checks (SPEC §5.1.7, §6.1): all before the first write. */
export function checkWritable(wb: WorkbookSnapshot, plan: OutputPlan): void {
  const byName = new Map(wb.sheets.map((s) => [s.name, s]));
  let addsSheet = false;
  for (const sp of plan.sheets) {
    const existing = byName.get(sp.name);
    if (!existing) {
      addsSheet = true;
      continue;
    }
    if (sp.mode !== 'create' && !wb.definedNames.has(markerName(sp.name))) {
      throw new FatalError('owned-sheet-name-taken', {
        sheet: sp.name,
        cell: 'A1',
        params: { sheet: sp.name },
      });
    }
    if (sp.mode !== 'create' && existing.protected) {
      throw new FatalError('sheet-protected', { sheet: sp.name, cell: 'A1', params: { sheet: sp.name } });
    }
  }
  for (const ip of plan.inputs) {
    // Excel's grid ends at column XFD: 16,384 columns ("Excel specifications and limits",
    // https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3).
    // Owned columns that would be added right of it have nowhere to go (issue 15, defect 6).
    const beyond = ip.columns.filter((c) => c.col > MAX_COLUMNS).length;
    if (beyond > 0) {
      throw new FatalError('owned-column-blocked', {
        sheet: ip.sheet,
        params: { sheet: ip.sheet, count: beyond, cells: '' },
        texts: PACKAGE_FATAL_TEXTS.noColumnLeft,
      });
    }
    if (byName.get(ip.sheet)?.protected) {
      throw new FatalError('sheet-protected', { sheet: ip.sheet, cell: 'A1', params: { sheet: ip.sheet } });
    }
  }
  if (addsSheet && wb.protected) throw new FatalError('workbook-protected', { params: {} });
}
