/**
 * The 設定 sheet (SPEC §2.5, §3.7): reads 項目 / 値 into a Profile. An invalid value for a known
 * key is fatal and names the cell: wrong rules must never silently change everyone's status.
 */
import {
  DEFAULT_PROFILE,
  DEFAULT_TEXT_SETTINGS,
  SETTINGS,
  TEXT_SETTINGS,
  isCustomized,
  type SettingDef,
  type TextSettingDef,
  type TextSettings,
} from '../domain/profile';
import type { IssueDraft, Profile } from '../domain/types';
import { a1 } from './address';
import { cellErrorText, cellText, isBlankCell, normKey, parseDate, parseUnits, textValue } from './cells';
import { FatalError } from './fatal';
import { cellAt, locate, type Source } from './locate';
import { SETTINGS_SHEET } from './schema';
import type { RawCell, WorkbookSnapshot } from './types';

export interface SettingsRead {
  profile: Profile;
  /** 医師会名 and 問い合わせ先 (§3.7 rev 2): texts for the notices, not rules. */
  texts: TextSettings;
  /** The 設定 region, or null when the sheet is absent (the run then creates it). */
  source: Source | null;
  /** Row of each known key found (for the settings form, which writes only 値 cells). */
  keyRows: Map<string, number>;
  /** Read/used/blank/rejected are not reported for 設定 in the JSON; kept for completeness. */
}

function parseSettingValue(def: SettingDef, v: RawCell, date1904: boolean): number | null | undefined {
  if (cellErrorText(v) !== null) return undefined;
  if (def.kind === 'date') {
    const p = parseDate(v, date1904);
    return p.ok ? p.day : undefined;
  }
  const p = parseUnits(v);
  if (!p.ok || !Number.isFinite(p.value) || p.value < 0) return undefined;
  if (def.kind === 'integer' && !Number.isInteger(p.value)) return undefined;
  if (def.positive && p.value === 0) return undefined;
  return p.value;
}

export function readSettings(wb: WorkbookSnapshot, issues: IssueDraft[]): SettingsRead {
  const res = locate(wb, SETTINGS_SHEET);
  issues.push(...res.issues);
  const profile: Profile = { ...DEFAULT_PROFILE };
  const texts: TextSettings = { ...DEFAULT_TEXT_SETTINGS };
  const keyRows = new Map<string, number>();
  if (res.headerNotFound) {
    throw new FatalError('column-missing', {
      sheet: res.headerNotFound.sheet.name,
      cell: 'A1',
      params: { expected: '項目', aliases: '項目、値', sheet: res.headerNotFound.sheet.name },
    });
  }
  const src = res.source;
  if (!src) return { profile, texts, source: null, keyRows };
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
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    const k = cellAt(src.sheet, r, keyCol);
    if (isBlankCell(k)) continue;
    const keyText = cellText(k) ?? '';
    const textDef = textByKey.get(normKey(keyText));
    if (textDef) {
      if (keyRows.has(textDef.key)) continue; // the first row of a key wins
      keyRows.set(textDef.key, r);
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
    const v = cellAt(src.sheet, r, valCol);
    if (isBlankCell(v)) continue; // blank = default, silently
    const parsed = parseSettingValue(def, v, wb.date1904);
    if (parsed === undefined) {
      throw new FatalError('setting-invalid', {
        sheet: src.sheet.name,
        cell: a1(r, valCol),
        row: r,
        params: { key: def.key, value: cellText(v) ?? '' },
      });
    }
    values[def.prop] = parsed;
  }
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
  profile.customized = isCustomized(profile);
  return { profile, texts, source: src, keyRows };
}
