/**
 * Strict in-memory test double of the Excel JavaScript API subset Kakari Roster uses.
 * Browser-safe (no Node modules); the xlsx loader lives in ./fromXlsx.
 *
 *   const double = createExcelDouble({ sheets: { 医師: [['会員番号', '氏名'], ['0001', '山田']] } });
 *   await double.Excel.run(async (context) => {
 *     const r = context.workbook.worksheets.getItem('医師').getRange('A2:B2');
 *     r.load('values');
 *     await context.sync();
 *     r.values; // [['0001', '山田']] – raw text from the setup
 *   });
 *   double.stats.syncs; double.workbook.sheet('医師').cell('A2').value;
 */

import { ClientObjectDouble, RequestContextDouble, Runtime, type HostBehaviour } from './core';
import { excelEnums } from './enums';
import { DoubleRichApiError, ErrorCodes, excelError } from './errors';
import { DoubleSheet, DoubleWorkbook, SetupValue } from './inspect';
import { WorkbookModel, WorkbookOptions } from './model';
import { DoubleLimits, DoubleStats, defaultLimits } from './stats';
import { ApplicationDouble, WorkbookDouble } from './workbook';

export interface ExcelDoubleOptions {
  /** Start from this state (e.g. from loadWorkbookFromXlsx). Otherwise `sheets` builds one. */
  state?: WorkbookModel;
  /** Sheet names, or sheet name → raw rows from A1 (no coercion). Default: one empty 'Sheet1'. */
  sheets?: string[] | Record<string, SetupValue[][]>;
  limits?: Partial<DoubleLimits>;
  /** Highest ExcelApi requirement set, e.g. '1.13' (default '1.17'). */
  excelApi?: string;
  /** Other requirement sets reported by isSetSupported (name → version). */
  requirementSets?: Record<string, string>;
  /** Office.context.displayLanguage (default 'ja-JP'). */
  displayLanguage?: string;
  /** Office.context.platform / diagnostics.platform (default 'OfficeOnline'). */
  platform?: string;
  /** Workbook defaults used when building a new state (date format for coerced dates, fonts, today). */
  workbookOptions?: Partial<WorkbookOptions>;
  /**
   * Host behaviours (docs/excel-behaviours.md). `web` defaults to `platform === 'OfficeOnline'`
   * (the default platform): the strictest host. `fitToPagesNeedsPageLayoutView` defaults to false.
   */
  host?: Partial<HostBehaviour>;
  /**
   * Another client on the same workbook (co-authoring): a second double made with the first's
   * `state` and `separateSettings: true` shares cells, names and sheets but has its own
   * `workbook.settings` — settings are per document and may not reach a co-author.
   */
  separateSettings?: boolean;
}

export type BatchFn<T> = (context: Excel.RequestContext) => Promise<T>;

/** The `Excel` namespace of the double (run, createWorkbook and the enums). */
export interface ExcelDoubleNamespace {
  run<T>(batch: BatchFn<T>): Promise<T>;
  run<T>(options: Excel.RunOptions, batch: BatchFn<T>): Promise<T>;
  run<T>(
    object: OfficeExtension.ClientObject | OfficeExtension.ClientObject[],
    batch: BatchFn<T>,
  ): Promise<T>;
  createWorkbook(base64File?: string): Promise<void>;
  ErrorCodes: Record<string, string>;
  [enumName: string]: unknown;
}

export interface OfficeDouble {
  context: {
    displayLanguage: string;
    contentLanguage: string;
    platform: string;
    host: string;
    diagnostics: { host: string; platform: string; version: string };
    requirements: { isSetSupported(name: string, minVersion?: string | number): boolean };
  };
  onReady(
    callback?: (info: { host: string; platform: string }) => void,
  ): Promise<{ host: string; platform: string }>;
  HostType: Record<string, string>;
  PlatformType: Record<string, string>;
  actions: {
    associate(
      actionId: string,
      action: (event: { completed(opts?: unknown): void; source?: unknown }) => unknown,
    ): void;
  };
}

export interface ExcelDouble {
  Excel: ExcelDoubleNamespace;
  Office: OfficeDouble;
  OfficeExtension: { Error: typeof DoubleRichApiError; ErrorCodes: Record<string, string> };
  /** Inspection and setup, without proxies or accounting. */
  workbook: DoubleWorkbook;
  /** The underlying state. */
  state: WorkbookModel;
  stats: DoubleStats;
  /** Live limits; change fields to tighten or relax them. */
  limits: DoubleLimits;
  /** Make the n-th round trip (1-based, counting every sync that carries actions) fail, applying nothing. */
  failOnSync(n: number, code?: string): void;
  /** While true, Excel.run without delayForCellEdit fails its first round trip with InvalidOperationInCellEditMode. */
  setCellEditMode(on: boolean): void;
  /** Run a function registered with Office.actions.associate (a ribbon ExecuteFunction). */
  invokeAction(actionId: string): Promise<void>;
  /** Set globalThis.Excel / Office / OfficeExtension to the double; returns the undo function. */
  install(): () => void;
}

function parseVersion(v: string | number | undefined): { major: number; minor: number } {
  const [a, b] = String(v ?? '1.1').split('.');
  return { major: Number(a) || 0, minor: Number(b ?? 0) || 0 };
}

function buildState(opts: ExcelDoubleOptions): WorkbookModel {
  if (opts.state) return opts.state;
  const m = new WorkbookModel(opts.workbookOptions);
  const wb = new DoubleWorkbook(m);
  const sheets = opts.sheets ?? ['Sheet1'];
  if (Array.isArray(sheets)) for (const n of sheets) wb.addSheet(n);
  else for (const [n, rows] of Object.entries(sheets)) wb.addSheet(n, rows);
  if (m.sheets.length === 0) wb.addSheet('Sheet1');
  return m;
}

export function createExcelDouble(opts: ExcelDoubleOptions = {}): ExcelDouble {
  const model = buildState(opts);
  const stats = new DoubleStats();
  const limits: DoubleLimits = { ...defaultLimits(), ...opts.limits };
  const excelApi = parseVersion(opts.excelApi ?? '1.17');
  const rt: Runtime = {
    model,
    stats,
    limits,
    api: { excelApiMinor: excelApi.major > 1 ? 99 : excelApi.minor, otherSets: { ...opts.requirementSets } },
    failOn: new Map(),
    cellEditMode: false,
    host: {
      web: opts.host?.web ?? (opts.platform ?? 'OfficeOnline') === 'OfficeOnline',
      fitToPagesNeedsPageLayoutView: opts.host?.fitToPagesNeedsPageLayoutView ?? false,
    },
    clientSettings: opts.separateSettings ? new Map() : null,
  };

  const newContext = (): RequestContextDouble =>
    new RequestContextDouble(rt, (ctx) => ({
      workbook: new WorkbookDouble(ctx, null, (m) => m, null),
      application: new ApplicationDouble(ctx, null, (m) => m, null),
    }));

  async function run<T>(...args: unknown[]): Promise<T> {
    let batch: unknown;
    let options: { delayForCellEdit?: boolean } = {};
    let ctx: RequestContextDouble | null = null;
    if (args.length === 1) batch = args[0];
    else if (args.length === 2) {
      batch = args[1];
      const first = args[0];
      if (first instanceof ClientObjectDouble) ctx = first._ctx;
      else if (Array.isArray(first) && first[0] instanceof ClientObjectDouble)
        ctx = (first[0] as ClientObjectDouble)._ctx;
      else if (first instanceof RequestContextDouble) ctx = first;
      else if (first && typeof first === 'object') options = first as { delayForCellEdit?: boolean };
      else throw excelError(ErrorCodes.invalidArgument, 'Excel.run');
    } else throw excelError(ErrorCodes.invalidArgument, 'Excel.run');
    if (typeof batch !== 'function') throw excelError(ErrorCodes.invalidArgument, 'Excel.run');
    stats.runs++;
    if (options.delayForCellEdit) stats.delayForCellEditRuns++;
    const reuse = ctx !== null && !ctx._closed;
    const context = reuse ? ctx! : newContext();
    if (rt.cellEditMode && !options.delayForCellEdit) context._blockedByCellEdit = true;
    await Promise.resolve();
    try {
      const p = (batch as (c: unknown) => unknown)(context);
      if (!p || typeof (p as Promise<T>).then !== 'function')
        throw excelError(ErrorCodes.runMustReturnPromise, 'Excel.run');
      const result = await (p as Promise<T>);
      await context._sync(result, true);
      return result;
    } finally {
      if (!reuse) context._closed = true;
    }
  }

  const Excel: ExcelDoubleNamespace = {
    ...excelEnums,
    run: run as ExcelDoubleNamespace['run'],
    createWorkbook: async (base64File?: string) => {
      if (
        base64File !== undefined &&
        (typeof base64File !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(base64File))
      ) {
        throw excelError(ErrorCodes.invalidArgument, 'Excel.createWorkbook');
      }
      // The base64 travels in one request; on Excel on the web requests are capped at 5 MB
      // (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins,
      // https://learn.microsoft.com/javascript/api/excel#excel-excel-createworkbook-function(1)).
      const bytes = (base64File ?? '').length + limits.callOverheadBytes;
      if (rt.host.web && bytes > limits.maxRequestBytes) {
        stats.refusedWorkbooks.push(bytes);
        throw excelError(ErrorCodes.requestPayloadSizeLimitExceeded, 'Excel.createWorkbook');
      }
      stats.createdWorkbooks.push(base64File ?? '');
    },
  };

  const actions = new Map<string, (event: { completed(opts?: unknown): void }) => unknown>();
  const platform = opts.platform ?? 'OfficeOnline';
  const Office: OfficeDouble = {
    context: {
      displayLanguage: opts.displayLanguage ?? 'ja-JP',
      contentLanguage: opts.displayLanguage ?? 'ja-JP',
      platform,
      host: 'Excel',
      diagnostics: { host: 'Excel', platform, version: '16.0.18000.10000' },
      requirements: {
        isSetSupported(name: string, minVersion?: string | number): boolean {
          const want = parseVersion(minVersion);
          let have: { major: number; minor: number } | null = null;
          if (name.toLowerCase() === 'excelapi') have = excelApi;
          else {
            const hit = Object.entries(rt.api.otherSets).find(
              ([k]) => k.toLowerCase() === name.toLowerCase(),
            );
            if (hit) have = parseVersion(hit[1]);
          }
          if (!have) return false;
          return have.major > want.major || (have.major === want.major && have.minor >= want.minor);
        },
      },
    },
    onReady(callback) {
      const info = { host: 'Excel', platform };
      return Promise.resolve().then(() => {
        callback?.(info);
        return info;
      });
    },
    HostType: {
      Excel: 'Excel',
      Word: 'Word',
      PowerPoint: 'PowerPoint',
      Outlook: 'Outlook',
      OneNote: 'OneNote',
      Project: 'Project',
      Access: 'Access',
    },
    PlatformType: {
      PC: 'PC',
      OfficeOnline: 'OfficeOnline',
      Mac: 'Mac',
      iOS: 'iOS',
      Android: 'Android',
      Universal: 'Universal',
    },
    actions: {
      associate(actionId, action) {
        actions.set(actionId, action);
      },
    },
  };

  const OfficeExtension = { Error: DoubleRichApiError, ErrorCodes: { ...excelEnums.ErrorCodes } };

  return {
    Excel,
    Office,
    OfficeExtension,
    workbook: new DoubleWorkbook(model),
    state: model,
    stats,
    limits,
    failOnSync(n: number, code: string = ErrorCodes.generalException) {
      rt.failOn.set(n, code);
    },
    setCellEditMode(on: boolean) {
      rt.cellEditMode = on;
    },
    invokeAction(actionId: string): Promise<void> {
      const fn = actions.get(actionId);
      if (!fn) return Promise.reject(new Error(`Excel double: no action '${actionId}' associated`));
      return new Promise<void>((resolve, reject) => {
        try {
          const r = fn({ completed: () => resolve(), source: { id: actionId } } as { completed(): void });
          if (r && typeof (r as Promise<unknown>).catch === 'function') (r as Promise<unknown>).catch(reject);
        } catch (e) {
          reject(e);
        }
      });
    },
    install() {
      const g = globalThis as Record<string, unknown>;
      const prev = { Excel: g.Excel, Office: g.Office, OfficeExtension: g.OfficeExtension };
      g.Excel = Excel;
      g.Office = Office;
      g.OfficeExtension = OfficeExtension;
      return () => {
        for (const [k, v] of Object.entries(prev)) {
          if (v === undefined) delete g[k];
          else g[k] = v;
        }
      };
    },
  };
}

export { DoubleRichApiError, ErrorCodes } from './errors';
export { DoubleStats, defaultLimits, utf8Length, jsonBytes } from './stats';
export type { DoubleLimits, SyncRecord } from './stats';
export { WorkbookModel } from './model';
export type { WorkbookOptions } from './model';
export { DoubleWorkbook, DoubleSheet };
export type { CellSnapshot, SetupValue } from './inspect';
/** The state type loadWorkbookFromXlsx returns and createExcelDouble({ state }) accepts. */
export type DoubleWorkbookState = WorkbookModel;
export { coerceString, parseNumber, parseDateTime } from './coercion';
export { serialFromYmd, ymdFromSerial } from './values';
// For views of the state (the playground's grid): column letters, Excel's `text` rendering, models.
export { colToLetters } from './address';
export { formatText } from './numfmt';
export type { CfModel, SheetModel } from './model';
