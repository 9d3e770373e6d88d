/**
 * The pane's own Office.js operations besides the recalculation (which is src/excel/run.ts):
 * selecting an issue's cell, activating a sheet, creating the template, reading and writing the
 * 設定 values, and opening an exported workbook. Every call goes through PaneHost.run, i.e.
 * `Excel.run({ delayForCellEdit: true }, …)`.
 */
import type { SheetRole } from '../domain/types';
import { SETTINGS, type SettingDef } from '../domain/profile';
import { dayFromExcelSerial, dayFromYmd, excelSerialFromDay, isValidYmd, isoFromDay } from '../domain/day';
import { guardText } from '../excel/guard';
import { widthToPoints, writtenValue } from '../excel/apply';
import { colLetter } from '../sheets/address';
import { cellText, isBlankCell, normKey, parseDate } from '../sheets/cells';
import { locate } from '../sheets/locate';
import type { SheetPlan } from '../sheets/plan-types';
import { STYLES } from '../sheets/plan-types';
import { OWNED_SHEETS } from '../sheets/owned';
import { SETTINGS_SHEET } from '../sheets/schema';
import { parseSettingValue } from '../sheets/settings';
import { TEMPLATE_DATA_ROWS, templatePlan, type TemplatePlan, type TemplateSheet } from '../sheets/template';
import type { RawCell } from '../sheets/types';
import { detectInputs, presentRoles, readLightWorkbook, type Detection } from './detect';
import type { PaneHost } from './host';

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

// ------------------------------------------------------------------------------ writing plan cells

/** A plan cell as written through `values` (the adapter's own rule: text guarded, '' clears). */
const cellValue = writtenValue;

function applyStyle(range: Excel.Range, key: keyof typeof STYLES): void {
  const st = STYLES[key];
  if (st.bold !== undefined) range.format.font.bold = st.bold;
  if (st.italic !== undefined) range.format.font.italic = st.italic;
  if (st.size !== undefined) range.format.font.size = st.size;
  if (st.fontColor) range.format.font.color = `#${st.fontColor}`;
  if (st.fill) range.format.fill.color = `#${st.fill}`;
  if (st.wrap) range.format.wrapText = true;
}

/** Writes a small 'create' sheet plan (the 設定 sheet) onto a new, empty worksheet. */
function writeSmallSheet(ws: Excel.Worksheet, plan: SheetPlan): void {
  const width = Math.max(0, ...plan.rows.map((r) => r.length));
  if (plan.rows.length > 0 && width > 0) {
    const values = plan.rows.map((r) => Array.from({ length: width }, (_, i) => cellValue(r[i] ?? null)));
    ws.getRangeByIndexes(0, 0, plan.rows.length, width).values = values;
    // Styles by run of cells sharing a style key, per row.
    plan.rows.forEach((row, r) => {
      row.forEach((c, col) => {
        if (c && c.s) applyStyle(ws.getRangeByIndexes(r, col, 1, 1), c.s);
      });
    });
  }
  plan.widths.forEach((w, i) => {
    if (w > 0) ws.getRange(`${colLetter(i + 1)}:${colLetter(i + 1)}`).format.columnWidth = widthToPoints(w);
  });
  if (plan.freezeRows > 0) ws.freezePanes.freezeRows(plan.freezeRows);
}

function writeTemplateSheet(ws: Excel.Worksheet, sheet: TemplateSheet): void {
  const n = sheet.columns.length;
  const header = ws.getRangeByIndexes(0, 0, 1, n);
  header.values = [sheet.columns.map((c) => guardText(c.header))];
  applyStyle(header, 'header');
  sheet.columns.forEach((c, i) => {
    const letter = colLetter(i + 1);
    const data = ws.getRange(`${letter}2:${letter}${TEMPLATE_DATA_ROWS + 1}`);
    // One format per cell, as a 2-D array the size of the range (the form Range.numberFormat is
    // documented with: https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-set-format).
    // Text ('@') keeps the leading zeros of IDs and codes typed later (SPEC §6.1 rev 2).
    if (c.numberFormat) {
      const fmt = c.numberFormat;
      data.numberFormat = Array.from({ length: TEMPLATE_DATA_ROWS }, () => [fmt]);
    }
    if (c.list) {
      data.dataValidation.rule = { list: { inCellDropDown: true, source: c.list.join(',') } };
      data.dataValidation.errorAlert = {
        showAlert: true,
        style: c.alert === 'stop' ? 'Stop' : 'Information',
        title: c.header,
        message: c.list.join('、'),
      };
    }
    ws.getRange(`${letter}:${letter}`).format.columnWidth = widthToPoints(c.width);
  });
  ws.freezePanes.freezeRows(1);
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
    const names = [...plan.sheets.map((s) => s.name), ...(plan.settings ? [plan.settings.name] : [])];
    if (names.length === 0) return { kind: 'nothing' };
    let first: Excel.Worksheet | null = null;
    for (const sheet of plan.sheets) {
      const ws = ctx.workbook.worksheets.add(sheet.name);
      first = first ?? ws;
      writeTemplateSheet(ws, sheet);
    }
    if (plan.settings) {
      const ws = ctx.workbook.worksheets.add(plan.settings.name);
      first = first ?? ws;
      writeSmallSheet(ws, plan.settings);
    }
    first?.activate();
    await ctx.sync();
    return { kind: 'created', sheets: names };
  });
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

/** The form's view of a 値 cell. */
export function settingText(
  def: SettingDef,
  v: RawCell,
  date1904 = false,
): { text: string; invalid: boolean } {
  if (isBlankCell(v)) return { text: '', invalid: false };
  if (def.kind === 'date') {
    const p = parseDate(v, date1904);
    return p.ok ? { text: isoFromDay(p.day), invalid: false } : { text: cellText(v) ?? '', invalid: true };
  }
  // The reader's own parse (units such as 「3年」「14日」 allowed, SPEC §3.7 rev 2).
  const n = parseSettingValue(def, v, date1904);
  return n === undefined ? { text: cellText(v) ?? '', invalid: true } : { text: String(n), invalid: false };
}

/** Validates a form entry; returns the value to write (null = clear) or an error key. */
export function parseSettingInput(
  def: SettingDef,
  text: string,
): { ok: true; value: number | null } | { ok: false; error: 'number' | 'positive' | 'integer' | 'date' } {
  let t = text.normalize('NFKC').trim();
  if (t === '') return { ok: true, value: null };
  const unit = def.units.find((u) => t.endsWith(u)); // 「3年」「14日」 (SPEC §3.7 rev 2)
  if (unit !== undefined && def.kind !== 'date') t = t.slice(0, -unit.length).trim();
  if (def.kind === 'date') {
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
    if (!m || !isValidYmd(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[1]) < 1900)
      return { ok: false, error: 'date' };
    return { ok: true, value: excelSerialFromDay(dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3]))) };
  }
  if (!/^\d+(\.\d+)?$/.test(t)) return { ok: false, error: def.kind === 'integer' ? 'integer' : 'number' };
  const v = Number(t);
  if (!Number.isFinite(v) || v < 0) return { ok: false, error: 'number' };
  if (def.kind === 'integer' && !Number.isInteger(v)) return { ok: false, error: 'integer' };
  if (def.positive && v === 0) return { ok: false, error: 'positive' };
  return { ok: true, value: v };
}

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
    const ws = ctx.workbook.worksheets.add(plan.settings.name);
    // Before the first owned sheet, as a run creates it (SPEC §2.5 rev 2); Worksheet.position is
    // ExcelApi 1.1: https://learn.microsoft.com/en-us/javascript/api/excel/excel.worksheet#excel-excel-worksheet-position-member
    const at = det.sheetNames.findIndex((n) => (OWNED_SHEETS as readonly string[]).includes(n));
    if (at >= 0) ws.position = at;
    writeSmallSheet(ws, plan.settings);
    ws.activate();
    await ctx.sync();
    return { kind: 'created', sheets: [plan.settings.name] };
  });
}

/** A date for the form from a serial (used by tests). */
export const isoFromSerial = (serial: number): string => isoFromDay(dayFromExcelSerial(serial));

// ------------------------------------------------------------------------------ exports

/** Base64 of bytes without building one huge string of char codes at once. */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + CHUNK)));
  }
  return btoa(bin);
}
