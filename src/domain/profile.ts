/**
 * The rule profile `jma-2025` (SPEC §3.7): defaults, the 設定 keys, the report window (§3.5) and
 * the form the profile takes in the result JSON (§6.3). Its words (the 説明 texts, the rule text
 * of Appendix B) are src/sheets' (settings.ts, outcome.ts).
 */
import { dayFromYmd, isoFromDay, ymdFromDay, type Day } from './day';
import type { Profile } from './types';

/** The defaults of §3.7. Frozen: copy it (`{ ...DEFAULT_PROFILE }`) to change a value. */
export const DEFAULT_PROFILE: Profile = Object.freeze({
  id: 'jma-2025',
  customized: false,
  totalUnits: 10,
  unitsPerJitchi: 5,
  zagakuStep: 0.5,
  minZagakuUnits: 0.5,
  minJitchiActivities: 1,
  certificateValidityYears: null,
  countFrom: null,
  jitchiCountFrom: null,
  asOfSetting: null,
  reportWindowStart: null,
  reportWindowEnd: null,
  gmisNewAccountDays: 14,
  permissionAddDays: 30,
  nearZagakuThreshold: 2,
  minPublishCount: 0,
});

/** One 設定 key. */
export interface SettingDef {
  /** The 項目 text on the 設定 sheet. */
  key: string;
  /** The Profile property it sets. */
  prop: keyof Profile;
  /** 'date' = a calendar day; 'number' = any non-negative number; 'integer' = a non-negative integer. */
  kind: 'date' | 'number' | 'integer';
  /** Default value (null = blank). */
  default: number | null;
  /** Zero is invalid as well as negative numbers. */
  positive: boolean;
  /** Counts for `customized` (a rule key, §3.7). */
  rule: boolean;
  /** Units a number may carry in its cell (「3年」, 「14日」, 「10単位」; §3.7 rev 2). */
  units: readonly string[];
}

function def(
  key: string,
  prop: keyof Profile,
  kind: SettingDef['kind'],
  positive: boolean,
  rule: boolean,
  units: readonly string[] = [],
): SettingDef {
  const dflt = DEFAULT_PROFILE[prop];
  return Object.freeze({
    key,
    prop,
    kind,
    default: typeof dflt === 'number' ? dflt : null,
    positive,
    rule,
    units: Object.freeze([...units]),
  });
}

const UNITS = ['単位'];
const DAYS = ['日'];

/** The 設定 keys in §3.7 order (with their 説明: SETTINGS of src/sheets/settings.ts). */
export const SETTING_DEFS: readonly SettingDef[] = Object.freeze([
  def('基準日', 'asOfSetting', 'date', false, false),
  def('集計開始日', 'countFrom', 'date', false, true),
  def('実地の集計開始日', 'jitchiCountFrom', 'date', false, true),
  def('合計必要単位', 'totalUnits', 'number', true, true, UNITS),
  def('実地1件の単位', 'unitsPerJitchi', 'number', true, true, UNITS),
  def('座学の単位刻み', 'zagakuStep', 'number', true, true, UNITS),
  def('座学の最小単位数', 'minZagakuUnits', 'number', false, true, UNITS),
  def('実地の最小件数', 'minJitchiActivities', 'integer', false, true, ['件']),
  // A whole number ≥ 1 or blank: 0 years is invalid (§3.7 rev 2).
  def('修了証の有効年数', 'certificateValidityYears', 'integer', true, true, ['年']),
  def('報告期間開始', 'reportWindowStart', 'date', false, false),
  def('報告期間終了', 'reportWindowEnd', 'date', false, false),
  def('G-MIS新規発行日数', 'gmisNewAccountDays', 'integer', false, true, DAYS),
  def('報告権限追加日数', 'permissionAddDays', 'integer', false, true, DAYS),
  def('座学あと少しの上限', 'nearZagakuThreshold', 'number', false, true, UNITS),
  def('最小公表人数', 'minPublishCount', 'integer', false, false, ['人', '名']),
]);

/**
 * Text settings (§3.7 rev 2): printed on notices (§5.5), never rules — not in Profile, not
 * counted for `customized`. Read into SettingsRead.texts (src/sheets/settings.ts).
 */
export interface TextSettings {
  /** 医師会名 (blank = null). */
  associationName: string | null;
  /** 問い合わせ先 (blank = null). */
  contact: string | null;
}

export interface TextSettingDef {
  /** The 項目 text on the 設定 sheet. */
  key: string;
  prop: keyof TextSettings;
}

export const DEFAULT_TEXT_SETTINGS: TextSettings = Object.freeze({ associationName: null, contact: null });

/** The text keys, after the rule keys on a created 設定 (§3.7 order). */
export const TEXT_SETTING_DEFS: readonly TextSettingDef[] = Object.freeze(
  (
    [
      ['医師会名', 'associationName'],
      ['問い合わせ先', 'contact'],
    ] as const
  ).map(([key, prop]) => Object.freeze({ key, prop })),
);

/**
 * True when any rule key differs from its default (§3.7). Derived from the values, so it does not
 * trust `p.customized`.
 */
export function isCustomized(p: Profile): boolean {
  return SETTING_DEFS.some((s) => s.rule && p[s.prop] !== DEFAULT_PROFILE[s.prop]);
}

/**
 * The report year Y of §3.5 (rev 2) from as-of alone: the as-of year when as-of ≤ 31 March of that
 * year, else the next year.
 */
function asOfReportYear(asOf: Day): number {
  const { y } = ymdFromDay(asOf);
  return asOf <= dayFromYmd(y, 3, 31) ? y : y + 1;
}

/**
 * The report year Y (§3.5 rev 2, used by §3.4 step 2): the year of 報告期間終了 when that key is
 * set, else the year derived from as-of.
 */
export function reportYear(p: Profile, asOf: Day): number {
  return p.reportWindowEnd !== null ? ymdFromDay(p.reportWindowEnd).y : asOfReportYear(asOf);
}

/**
 * The report window (§3.5). Each blank bound takes its default independently (rev 2): 1 January /
 * 31 March of the report year Y (reportYear: the year of a set 報告期間終了, else derived from
 * as-of). A set bound is used as set. Start ≤ end is checked by the settings reader when both
 * are set and by the pipeline (src/sheets/recalc.ts) once as-of is known.
 */
export function reportWindow(p: Profile, asOf: Day): { start: Day; end: Day; year: number } {
  const year = reportYear(p, asOf);
  return {
    start: p.reportWindowStart ?? dayFromYmd(year, 1, 1),
    end: p.reportWindowEnd ?? dayFromYmd(year, 3, 31),
    year,
  };
}

/** The `profile` object of the result JSON (§6.3), fields in the SPEC's order. */
export interface ProfileJson {
  id: 'jma-2025';
  customized: boolean;
  totalUnits: number;
  unitsPerJitchi: number;
  zagakuStep: number;
  minZagakuUnits: number;
  minJitchiActivities: number;
  certificateValidityYears: number | null;
  countFrom: string | null;
  jitchiCountFrom: string | null;
  reportWindowStart: string;
  reportWindowEnd: string;
  gmisNewAccountDays: number;
  permissionAddDays: number;
  nearZagakuThreshold: number;
  minPublishCount: number;
}

/** §6.3 `profile`; the window passed in is the effective one (see reportWindow). */
export function profileJson(p: Profile, windowStart: Day, windowEnd: Day): ProfileJson {
  return {
    id: p.id,
    customized: isCustomized(p),
    totalUnits: p.totalUnits,
    unitsPerJitchi: p.unitsPerJitchi,
    zagakuStep: p.zagakuStep,
    minZagakuUnits: p.minZagakuUnits,
    minJitchiActivities: p.minJitchiActivities,
    certificateValidityYears: p.certificateValidityYears,
    countFrom: p.countFrom === null ? null : isoFromDay(p.countFrom),
    jitchiCountFrom: p.jitchiCountFrom === null ? null : isoFromDay(p.jitchiCountFrom),
    reportWindowStart: isoFromDay(windowStart),
    reportWindowEnd: isoFromDay(windowEnd),
    gmisNewAccountDays: p.gmisNewAccountDays,
    permissionAddDays: p.permissionAddDays,
    nearZagakuThreshold: p.nearZagakuThreshold,
    minPublishCount: p.minPublishCount,
  };
}
