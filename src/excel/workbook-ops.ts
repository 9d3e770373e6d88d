/**
 * The pane's and the ribbon's Office.js operations besides the recalculation (which is
 * src/excel/run.ts): detecting the inputs, selecting an issue's cell, activating a sheet, creating
 * the template and 設定 (plans of src/sheets/template.ts, written by the plan writer
 * src/excel/apply.ts), reading and writing the 設定 values. Every call goes through PaneHost.run,
 * i.e. `Excel.run({ delayForCellEdit: true }, …)`. The form's validation is the reader's
 * (src/sheets/settings.ts: settingText, parseSettingInput).
 */
import type { SheetRole } from '../domain/types';
import type { SettingDef } from '../domain/profile';
import { colLetter } from '../sheets/address';
import { cellText, isBlankCell, normKey } from '../sheets/cells';
import { detectInputs, presentRoles, type Detection, type LightWorkbook } from '../sheets/detect';
import { locate } from '../sheets/locate';
import type { SheetPlan } from '../sheets/plan-types';
import { OWNED_SHEETS } from '../sheets/owned';
import { SETTINGS_SHEET } from '../sheets/schema';
import { SETTINGS } from '../sheets/settings';
import { settingText } from '../sheets/settings';
import { templatePlan, templateSheetPlans, type TemplatePlan } from '../sheets/template';
import type { RawCell } from '../sheets/types';
import { applyPlan } from './apply';
import { officeSnapshotOfLight, readLightWorkbook } from './light-read';
import type { PaneHost } from './pane-host';

// ------------------------------------------------------------------------------ navigation

/** Activates the sheet and selects the cell; false when the sheet does not exist. */
export async function selectCell(host: PaneHost, sheet: string, cell: string): Promise<boolean> {
  return host.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
    await ctx.sync();
    if (ws.isNullObject) return false;
    ws.activate();
    ws.getRange(cell).select();
    await ctx.sync();
    return true;
  });
}

/** Activates a sheet; false when it does not exist. */
export async function activateSheet(host: PaneHost, sheet: string): Promise<boolean> {
  return host.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
    await ctx.sync();
    if (ws.isNullObject) return false;
    ws.activate();
    await ctx.sync();
    return true;
  });
}

/** Names of the workbook's sheets that exist among `names`. */
export async function existingSheets(host: PaneHost, names: readonly string[]): Promise<Set<string>> {
  return host.run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    sheets.load('items/name');
    await ctx.sync();
    const have = new Set(sheets.items.map((s) => s.name));
    return new Set(names.filter((n) => have.has(n)));
  });
}

// ------------------------------------------------------------------------------ detection

export async function detect(host: PaneHost): Promise<Detection> {
  return host.run(async (ctx) => detectInputs(await readLightWorkbook(ctx)));
}

export type TemplateOutcome =
  { kind: 'created'; sheets: string[] } | { kind: 'refused'; conflicts: string[] } | { kind: 'nothing' };

/** 「テンプレートを作成」: refuses (creates nothing) when a sheet of a name to create exists. */
export async function createTemplate(host: PaneHost): Promise<TemplateOutcome> {
  return host.run(async (ctx) => {
    const light = await readLightWorkbook(ctx);
    const det = detectInputs(light);
    const present = presentRoles(det.inputs);
    const plan: TemplatePlan = templatePlan({ existingSheets: det.sheetNames, presentRoles: present });
    if (plan.conflicts.length > 0) return { kind: 'refused', conflicts: plan.conflicts };
    const sheets = templateSheetPlans(plan);
    if (sheets.length === 0) return { kind: 'nothing' };
    await writeCreatedSheets(ctx, sheets, light);
    return { kind: 'created', sheets: sheets.map((s) => s.name) };
  });
}

/**
 * Adds 'create' sheets through the plan writer (src/excel/apply.ts), the path of every other
 * sheet, then activates the first one.
 */
async function writeCreatedSheets(
  ctx: Excel.RequestContext,
  sheets: SheetPlan[],
  light: LightWorkbook,
): Promise<void> {
  await applyPlan(ctx, { inputs: [], sheets }, officeSnapshotOfLight(light), { marker: false });
  ctx.workbook.worksheets.getItem(sheets[0].name).activate();
  await ctx.sync();
}

// ------------------------------------------------------------------------------ settings

export interface SettingRow {
  def: SettingDef;
  /** 1-based row of the key on 設定, or null when the key has no row. */
  row: number | null;
  /** A1 address of the 値 cell (null without a row). */
  cell: string | null;
  /** The value as the form shows it: '' blank, a number as text, a date as YYYY-MM-DD. */
  text: string;
  /** The current value is invalid for its key. */
  invalid: boolean;
}

export interface SettingsForm {
  sheet: string | null;
  protected: boolean;
  rows: SettingRow[];
}

const SETTINGS_READ_ROWS = 2000;
const SETTINGS_READ_COLS = 26;

/** Reads the 設定 sheet for the form (the sheet found like the pipeline finds it). */
export async function readSettingsForm(host: PaneHost): Promise<SettingsForm> {
  return host.run(async (ctx) => {
    const light = await readLightWorkbook(ctx);
    const res = locate(light.snapshot, SETTINGS_SHEET);
    const empty: SettingRow[] = SETTINGS.map((def) => ({
      def,
      row: null,
      cell: null,
      text: '',
      invalid: false,
    }));
    if (!res.source) return { sheet: null, protected: false, rows: empty };
    const src = res.source;
    const ws = ctx.workbook.worksheets.getItem(src.sheet.name);
    const lastRow = Math.min(light.lastRow.get(src.sheet.name) ?? src.headerRow, SETTINGS_READ_ROWS);
    const lastCol = Math.min(Math.max(light.lastCol.get(src.sheet.name) ?? 1, src.right), SETTINGS_READ_COLS);
    const range = ws.getRangeByIndexes(0, 0, Math.max(lastRow, 1), Math.max(lastCol, 1));
    range.load('values');
    await ctx.sync();
    const values = range.values as RawCell[][];
    const keyCol = src.fields.get('key');
    const valCol = src.fields.get('value');
    if (keyCol === undefined || valCol === undefined)
      return { sheet: src.sheet.name, protected: src.sheet.protected, rows: empty };
    const byKey = new Map(SETTINGS.map((d) => [normKey(d.key), d]));
    const found = new Map<string, SettingRow>();
    for (let r = src.headerRow + 1; r <= values.length; r++) {
      const k = values[r - 1]?.[keyCol - 1];
      if (isBlankCell(k)) continue;
      const def = byKey.get(normKey(cellText(k) ?? ''));
      if (!def || found.has(def.key)) continue; // the first row of a key wins (as the reader)
      const v = values[r - 1]?.[valCol - 1];
      const { text, invalid } = settingText(def, v);
      found.set(def.key, { def, row: r, cell: `${colLetter(valCol)}${r}`, text, invalid });
    }
    return {
      sheet: src.sheet.name,
      protected: src.sheet.protected,
      rows: SETTINGS.map(
        (def) => found.get(def.key) ?? { def, row: null, cell: null, text: '', invalid: false },
      ),
    };
  });
}

export interface SettingWrite {
  cell: string;
  /** null = clear the cell (the default applies). */
  value: number | null;
  date: boolean;
}

/** Writes only the 値 cells given (SPEC §2.5: the form writes only 値 cells of known keys). */
export async function writeSettings(
  host: PaneHost,
  sheet: string,
  writes: readonly SettingWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  await host.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem(sheet);
    for (const w of writes) {
      const r = ws.getRange(w.cell);
      if (w.value === null) {
        r.clear('Contents');
      } else {
        if (w.date) r.numberFormat = [['yyyy/mm/dd']];
        r.values = [[w.value]];
      }
    }
    await ctx.sync();
  });
}

/** Creates 設定 alone (when absent), with every key, its default and a 説明. */
export async function createSettingsSheet(host: PaneHost): Promise<TemplateOutcome> {
  return host.run(async (ctx) => {
    const light = await readLightWorkbook(ctx);
    const det = detectInputs(light);
    const present = new Set<SheetRole>(['doctors', 'training', 'clinics', 'affiliations']);
    if (det.inputs.find((i) => i.role === 'settings')?.state !== 'absent') present.add('settings');
    const plan = templatePlan({ existingSheets: det.sheetNames, presentRoles: present });
    if (!plan.settings) return { kind: 'nothing' };
    if (plan.conflicts.length > 0) return { kind: 'refused', conflicts: plan.conflicts };
    // Before the first owned sheet, as a run creates it (SPEC §2.5 rev 2).
    await writeCreatedSheets(ctx, [{ ...plan.settings, insertBefore: OWNED_SHEETS }], light);
    return { kind: 'created', sheets: [plan.settings.name] };
  });
}
