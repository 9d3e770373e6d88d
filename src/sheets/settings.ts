/**
 * The 設定 sheet (SPEC §2.5, §3.7): reads 項目 / 値 into a Profile. An invalid value for a known
 * key is fatal and names the cell: wrong rules must never silently change everyone's status.
 */
import { excelSerialFromDay, isoFromDay, slashFromDay, type Day } from '../domain/day';
import {
  DEFAULT_PROFILE,
  DEFAULT_TEXT_SETTINGS,
  SETTING_DEFS,
  TEXT_SETTING_DEFS,
  isCustomized,
  reportWindow,
  type SettingDef,
  type TextSettingDef,
  type TextSettings,
} from '../domain/profile';
import type { IssueDraft, Profile } from '../domain/types';
import { SETTING_DESCRIPTIONS } from '../strings/texts';
import { a1 } from './address';
import { cellErrorText, cellText, isBlankCell, normKey, parseDate, parseUnits, textValue } from './cells';
import { FatalError } from './fatal';
import { cellAt, locate, type Source } from './locate';
import { SETTINGS_SHEET } from './schema';
import type { RawCell, WorkbookSnapshot } from './types';

/** A 設定 key with the 説明 written next to it on a created 設定 (SPEC §2.5). */
export type DescribedSetting<D> = D & { readonly description: string };

const described = <D extends { key: string }>(defs: readonly D[]): readonly DescribedSetting<D>[] =>
  Object.freeze(defs.map((d) => Object.freeze({ ...d, description: SETTING_DESCRIPTIONS[d.key] ?? '' })));

/** The rule keys of the domain (§3.7 order) with their 説明. */
export const SETTINGS: readonly DescribedSetting<SettingDef>[] = described(SETTING_DEFS);
/** The text keys 医師会名, 問い合わせ先 (§3.7 rev 2) with their 説明. */
export const TEXT_SETTINGS: readonly DescribedSetting<TextSettingDef>[] = described(TEXT_SETTING_DEFS);

export interface SettingsRead {
  profile: Profile;
  /** 医師会名 and 問い合わせ先 (§3.7 rev 2): texts for the notices, not rules. */
  texts: TextSettings;
  /** The 設定 region, or null when the sheet is absent (the run then creates it). */
  source: Source | null;
  /** Row of each known key found (for the settings form, which writes only 値 cells). */
  keyRows: Map<string, number>;
  /** A1 address of the 値 cell of each known key found (errors found later name it). */
  valueCells: Map<string, string>;
  /** Read/used/blank/rejected are not reported for 設定 in the JSON; kept for completeness. */
}

/** A number in a 設定 cell, optionally followed by one of the key's units (§3.7 rev 2). */
function settingNumber(def: SettingDef, v: RawCell): number | undefined {
  let raw = v;
  if (typeof v === 'string') {
    let t = v.normalize('NFKC').trim();
    const unit = def.units.find((u) => t.endsWith(u));
    if (unit !== undefined) t = t.slice(0, -unit.length).trim();
    if (t.endsWith('単位')) return undefined; // parseUnits takes 「単位」; only 単位 keys may carry it
    raw = t;
  }
  const p = parseUnits(raw);
  return p.ok ? p.value : undefined;
}

/** Why a 設定 value is invalid (the settings form shows one text per reason). */
export type SettingError = 'number' | 'positive' | 'integer' | 'date';

/**
 * The value of a known key's 値 cell: a Day for date keys, a number for the others (a unit such as
 * 「3年」「14日」「10単位」 allowed) — or why it is invalid: not a date, not a number, negative,
 * not whole for integer keys, zero for positive keys (合計必要単位, 実地1件の単位, 座学の単位刻み,
 * 修了証の有効年数). Blank cells are the caller's (blank = default). The one validation of 設定:
 * the reader and the pane's settings form (parseSettingInput) both use it.
 */
export function checkSettingValue(
  def: SettingDef,
  v: RawCell,
  date1904: boolean,
): { ok: true; value: number } | { ok: false; error: SettingError } {
  const notNumber: SettingError = def.kind === 'integer' ? 'integer' : 'number';
  if (def.kind === 'date') {
    const p = cellErrorText(v) === null ? parseDate(v, date1904) : null;
    return p?.ok ? { ok: true, value: p.day } : { ok: false, error: 'date' };
  }
  if (cellErrorText(v) !== null) return { ok: false, error: notNumber };
  const n = settingNumber(def, v);
  if (n === undefined || !Number.isFinite(n) || n < 0) return { ok: false, error: notNumber };
  if (def.kind === 'integer' && !Number.isInteger(n)) return { ok: false, error: 'integer' };
  if (def.positive && n === 0) return { ok: false, error: 'positive' };
  return { ok: true, value: n };
}

/** checkSettingValue's value, or undefined when invalid. */
export function parseSettingValue(def: SettingDef, v: RawCell, date1904: boolean): number | undefined {
  const c = checkSettingValue(def, v, date1904);
  return c.ok ? c.value : undefined;
}

/** The settings form's view of a 値 cell: '' blank, a number as text, a date as YYYY-MM-DD. */
export function settingText(
  def: SettingDef,
  v: RawCell,
  date1904 = false,
): { text: string; invalid: boolean } {
  if (isBlankCell(v)) return { text: '', invalid: false };
  const c = checkSettingValue(def, v, date1904);
  if (!c.ok) return { text: cellText(v) ?? '', invalid: true };
  return { text: def.kind === 'date' ? isoFromDay(c.value) : String(c.value), invalid: false };
}

/**
 * A settings-form entry checked like the reader checks the cell (checkSettingValue): the value to
 * write (null = clear the cell, the default applies; a date as its serial) or why it is invalid.
 */
export function parseSettingInput(
  def: SettingDef,
  text: string,
): { ok: true; value: number | null } | { ok: false; error: SettingError } {
  const t = text.normalize('NFKC').trim();
  if (t === '') return { ok: true, value: null };
  const c = checkSettingValue(def, t, false);
  if (!c.ok) return c;
  if (def.kind !== 'date') return c;
  // Written as a serial of the 1900 date system: a day before 1900-01-01 has none.
  const serial = excelSerialFromDay(c.value);
  return serial >= 1 ? { ok: true, value: serial } : { ok: false, error: 'date' };
}

/** One invalid 値 cell of a known key. */
export interface InvalidSetting {
  key: string;
  value: string;
  /** A1 address of the 値 cell. */
  cell: string;
  row: number;
}

/**
 * The fatal `setting-invalid` for every invalid value at once: the message and cell are the first
 * one's; params.invalid holds all of them as JSON (InvalidSetting[], sheet order) and params.cells
 * their cells joined with 「、」, so the pane can list each with its cell and the CLI can name all.
 */
export function invalidSettingsError(sheet: string, invalid: readonly InvalidSetting[]): FatalError {
  const first = invalid[0];
  return new FatalError('setting-invalid', {
    sheet,
    cell: first.cell,
    row: first.row,
    params: {
      key: first.key,
      value: first.value,
      count: invalid.length,
      // The fix text names every cell (「セルB4、B7を正しい値に…」).
      cell: invalid.map((i) => i.cell).join('、'),
      cells: invalid.map((i) => i.cell).join('、'),
      invalid: JSON.stringify(invalid),
    },
  });
}

/** The invalid settings a `setting-invalid` error carries (one for an error from elsewhere). */
export function invalidSettingsOf(e: FatalError): InvalidSetting[] {
  const p = e.details.params ?? {};
  if (typeof p.invalid === 'string') {
    try {
      const list = JSON.parse(p.invalid) as InvalidSetting[];
      if (Array.isArray(list)) return list;
    } catch {
      // fall through to the single value
    }
  }
  return [
    {
      key: String(p.key ?? ''),
      value: String(p.value ?? ''),
      cell: e.details.cell ?? '',
      row: e.details.row ?? 0,
    },
  ];
}

export function readSettings(wb: WorkbookSnapshot, issues: IssueDraft[]): SettingsRead {
  const res = locate(wb, SETTINGS_SHEET);
  issues.push(...res.issues);
  const profile: Profile = { ...DEFAULT_PROFILE };
  const texts: TextSettings = { ...DEFAULT_TEXT_SETTINGS };
  const keyRows = new Map<string, number>();
  const valueCells = new Map<string, string>();
  if (res.headerNotFound) {
    throw new FatalError('column-missing', {
      sheet: res.headerNotFound.sheet.name,
      cell: 'A1',
      params: { expected: '項目', aliases: '項目、値', sheet: res.headerNotFound.sheet.name },
    });
  }
  const src = res.source;
  if (!src) return { profile, texts, source: null, keyRows, valueCells };
  for (const name of ['key', 'value'] as const) {
    if (!src.fields.has(name)) {
      const expected = name === 'key' ? '項目' : '値';
      throw new FatalError('column-missing', {
        sheet: src.sheet.name,
        cell: a1(src.headerRow, src.left),
        params: { expected, aliases: expected, sheet: src.sheet.name },
      });
    }
  }
  const keyCol = src.fields.get('key')!;
  const valCol = src.fields.get('value')!;
  const byKey = new Map(SETTINGS.map((d) => [normKey(d.key), d]));
  const textByKey = new Map<string, TextSettingDef>(TEXT_SETTINGS.map((d) => [normKey(d.key), d]));
  const values = profile as unknown as Record<string, number | null>;
  // Every invalid value is collected, so one run names all of them (issue 19).
  const invalid: InvalidSetting[] = [];
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    const k = cellAt(src.sheet, r, keyCol);
    if (isBlankCell(k)) continue;
    const keyText = cellText(k) ?? '';
    const textDef = textByKey.get(normKey(keyText));
    if (textDef) {
      if (keyRows.has(textDef.key)) continue; // the first row of a key wins
      keyRows.set(textDef.key, r);
      valueCells.set(textDef.key, a1(r, valCol));
      // Free text; an error value reads as blank (never fatal: these keys are not rules).
      texts[textDef.prop] = textValue(cellAt(src.sheet, r, valCol));
      continue;
    }
    const def = byKey.get(normKey(keyText));
    if (!def) {
      issues.push({
        code: 'setting-unknown',
        severity: 'warning',
        role: 'settings',
        row: r,
        field: 'key',
        value: keyText,
        params: { key: keyText },
      });
      continue;
    }
    if (keyRows.has(def.key)) continue; // the first row of a key wins
    keyRows.set(def.key, r);
    valueCells.set(def.key, a1(r, valCol));
    const v = cellAt(src.sheet, r, valCol);
    if (isBlankCell(v)) continue; // blank = default, silently
    const parsed = parseSettingValue(def, v, wb.date1904);
    if (parsed === undefined) {
      invalid.push({ key: def.key, value: cellText(v) ?? '', cell: a1(r, valCol), row: r });
      continue;
    }
    values[def.prop] = parsed;
  }
  if (invalid.length > 0) throw invalidSettingsError(src.sheet.name, invalid);
  for (const def of [...SETTINGS, ...TEXT_SETTINGS]) {
    if (!keyRows.has(def.key)) {
      issues.push({
        code: 'setting-default-used',
        severity: 'info',
        role: 'settings',
        row: null,
        field: 'key',
        value: def.key,
        params: { key: def.key },
      });
    }
  }
  checkWindowOrder(profile, src, valueCells);
  profile.customized = isCustomized(profile);
  return { profile, texts, source: src, keyRows, valueCells };
}

/**
 * A report window whose start is after its end is invalid (§3.7 rev 2); the error names the
 * 報告期間開始 cell. Here both bounds are set; a bound left to its default is checked once as-of is
 * known (checkReportWindow).
 */
function checkWindowOrder(p: Profile, src: Source, valueCells: Map<string, string>): void {
  if (p.reportWindowStart === null || p.reportWindowEnd === null) return;
  if (p.reportWindowStart <= p.reportWindowEnd) return;
  throw windowError(src.sheet.name, valueCells.get('報告期間開始') ?? 'A1', p.reportWindowStart);
}

function windowError(sheet: string, cell: string, start: Day): FatalError {
  const m = /^[A-Z]+(\d+)$/.exec(cell);
  return new FatalError('setting-invalid', {
    sheet,
    cell,
    row: m ? Number(m[1]) : null,
    params: { key: '報告期間開始', value: slashFromDay(start) },
  });
}

/**
 * The effective window (one bound may be a default derived from as-of, §3.5) must not start after
 * it ends; called by the pipeline once as-of is known. The error names the 報告期間開始 cell.
 */
export function checkReportWindow(settings: SettingsRead, asOf: Day): void {
  const p = settings.profile;
  if (p.reportWindowStart === null) return; // a derived start (1 January of Y) is never after the end
  const w = reportWindow(p, asOf);
  if (w.start <= w.end) return;
  const sheet = settings.source?.sheet.name ?? SETTINGS_SHEET.label;
  throw windowError(sheet, settings.valueCells.get('報告期間開始') ?? 'A1', p.reportWindowStart);
}
