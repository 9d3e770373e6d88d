/**
 * Cell normalisation for the workbook contract (SPEC §2.0, §4.2–§4.5).
 *
 * Pure functions over raw cell values as both adapters hand them over (see ./types.ts): no I/O,
 * no Office, no ExcelJS. Every exported function accepts any RawCell (including NaN, Infinity,
 * invalid Dates, error objects and FormulaNoValue) and never throws.
 *
 * Conventions shared by the enumerated-value parsers (flags, approval, status, type, …): error
 * values (both `{ error }` objects and Office.js error strings) and formula cells without a cached
 * result are treated like a blank cell. The caller raises `cell-error-value` /
 * `formula-without-value` itself; the parsers then behave as for a blank cell, so one bad cell
 * never yields a second, misleading issue (SPEC §4.1: "an invalid optional value is a warning and
 * that field is treated as blank").
 */
import type { Approval, ApplicationStatus, ClinicType, RecordKind } from '../domain/types';
import { type Day, dayFromExcelSerial, dayFromYmd, isValidYmd } from '../domain/day';
import { formatNumber } from '../strings/format';
import type { CellError, FormulaNoValue, RawCell } from './types';

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/**
 * Hyphen and dash variants mapped to ASCII '-' (SPEC §2.0 lists ‐‑‒–—―−－). After NFKC, U+2011
 * becomes U+2010 and U+FF0D / U+FE63 become '-'; U+FE58 (small em dash) becomes U+2014. U+2043
 * (hyphen bullet) is included as another look-alike.
 */
const HYPHEN_RE = /[\u2010-\u2015\u2043\u2212\uFE58\uFE63\uFF0D]/g;
/** All whitespace (JS \s covers U+3000, U+00A0, U+FEFF and line breaks) plus zero-width space. */
const WHITESPACE_RE = /[\s\u200B]+/g;

/**
 * True when every UTF-16 unit of `s` is in a range that NFKC leaves unchanged and that never
 * composes with a neighbour: ASCII, hiragana U+3041–3096, katakana U+30A1–30FA, ー U+30FC and CJK
 * unified ideographs U+4E00–9FFF (none of them is a combining mark). Such strings skip the
 * (comparatively slow) ICU normalisation: codes, IDs, numbers and most Japanese titles.
 */
function isNfkcStable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3041 && c <= 0x3096)) continue;
    if ((c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc) continue;
    return false;
  }
  return true;
}

function nfkc(s: string): string {
  return isNfkcStable(s) ? s : s.normalize('NFKC');
}

/**
 * The code units String.prototype.trim removes (WhiteSpace and LineTerminator of ECMA-262):
 * lets blank and error checks look at the first character instead of trimming every cell.
 */
function isTrimSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * A bounded memo for the key functions: a column holds few distinct enumerated values and titles
 * but many cells. Cleared when full, so hostile input with millions of distinct texts costs
 * memory for at most `max` entries.
 */
function memo(fn: (s: string) => string, max = 8192): (s: string) => string {
  const cache = new Map<string, string>();
  return (s: string): string => {
    const hit = cache.get(s);
    if (hit !== undefined) return hit;
    const v = fn(s);
    if (cache.size >= max) cache.clear();
    cache.set(s, v);
    return v;
  };
}

/** SPEC §2.0 normalised key: NFKC → lower case → remove all whitespace → hyphen variants to '-'. */
export function normKey(s: string): string {
  return normKeyMemo(String(s));
}
const normKeyMemo = memo((s) => normKeyKeepCase(s).toLowerCase());

/** normKey without lower-casing (district keys, SPEC §3.6). */
export function normKeyKeepCase(s: string): string {
  return nfkc(String(s)).replace(WHITESPACE_RE, '').replace(HYPHEN_RE, '-');
}

/**
 * Key for enumerated values (SPEC §4.5): normKey, then the okurigana み after 済 is dropped
 * (報告済み → 報告済, 承認済み → 承認済) and 差し戻 is written 差戻 (差し戻し → 差戻し).
 */
export function enumKey(s: string): string {
  return enumKeyMemo(String(s));
}
const enumKeyMemo = memo((s) =>
  normKey(s)
    .replace(/済み/g, '済')
    .replace(/差し戻/g, '差戻'),
);

// ---------------------------------------------------------------------------------------------
// Raw value classification
// ---------------------------------------------------------------------------------------------

/** Error texts of SPEC §4.1 (Office.js hands error values over as these strings). */
export const ERROR_TEXTS: ReadonlySet<string> = new Set([
  '#N/A',
  '#VALUE!',
  '#REF!',
  '#DIV/0!',
  '#NUM!',
  '#NAME?',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
  '#GETTING_DATA',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
]);

export function isCellErrorObject(v: unknown): v is CellError {
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof Date) &&
    typeof (v as { error?: unknown }).error === 'string'
  );
}

export function isFormulaNoValue(v: unknown): v is FormulaNoValue {
  return typeof v === 'object' && v !== null && (v as { formulaNoValue?: unknown }).formulaNoValue === true;
}

/** A Date object holding a real time value. */
function isValidDate(v: unknown): v is Date {
  return v instanceof Date && !Number.isNaN(v.getTime());
}

/**
 * Blank = null, undefined, '' or a whitespace-only string (full-width space and line breaks
 * included). A formula without a cached value and an error value are not blank by themselves.
 */
export function isBlankCell(v: RawCell): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  // Fast path: a string that starts with a non-space character is not blank.
  if (v.length > 0 && !isTrimSpace(v.charCodeAt(0))) return false;
  return v.trim() === '';
}

/**
 * The error text of an error value ('#N/A', …): for `{ error }` objects, and for strings equal
 * (after trimming) to one of the error texts of SPEC §4.1. Null for anything else.
 */
export function cellErrorText(v: RawCell): string | null {
  if (isCellErrorObject(v)) {
    const t = v.error.trim();
    return t === '' ? '#UNKNOWN!' : t;
  }
  if (typeof v === 'string') {
    // Fast path: every error text starts with '#' (after trimming).
    const c = v.charCodeAt(0);
    if (c !== 0x23 && !isTrimSpace(c)) return null;
    const t = v.trim();
    return ERROR_TEXTS.has(t) ? t : null;
  }
  return null;
}

/** Blank, a formula without a cached value, or an error value: "nothing usable" for enum parsers. */
function isEmptyForEnum(v: RawCell): boolean {
  return isBlankCell(v) || isFormulaNoValue(v) || cellErrorText(v) !== null;
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** yyyy-mm-dd of a Date read with UTC getters (the package reader's dates are UTC midnight). */
function isoFromDate(d: Date): string {
  const y = d.getUTCFullYear();
  const ys = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : String(y);
  return `${ys}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * The "value found" text of a cell, for issues: strings trimmed (original characters, no NFKC),
 * numbers by formatNumber, booleans TRUE/FALSE, Dates as yyyy-mm-dd (UTC), error values as their
 * text. Null for blank cells, formulas without a cached value and invalid Dates.
 */
export function cellText(v: RawCell): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return isValidDate(v) ? isoFromDate(v) : null;
  if (isCellErrorObject(v)) return cellErrorText(v);
  return null; // FormulaNoValue or an unexpected object
}

/**
 * Text of a free-text field (names, titles, districts, …): like cellText, but error values are
 * null too (the caller raises cell-error-value and the field is then treated as blank).
 */
export function textValue(v: RawCell): string | null {
  if (cellErrorText(v) !== null) return null;
  return cellText(v);
}

// ---------------------------------------------------------------------------------------------
// Dates (SPEC §4.2, RULES.md §C)
// ---------------------------------------------------------------------------------------------

export type DateParse =
  { ok: true; day: Day } | { ok: false; code: 'date-invalid' | 'date-era-out-of-range' };

const INVALID: DateParse = { ok: false, code: 'date-invalid' };
const ERA_OUT: DateParse = { ok: false, code: 'date-era-out-of-range' };

const MIN_DAY = dayFromYmd(1900, 1, 1);
const MAX_DAY = dayFromYmd(9999, 12, 31);
/** Largest valid serial of the 1900 system (9999-12-31). */
const MAX_SERIAL = 2958465;
const MS_PER_DAY = 86_400_000;
/** Days between the 1900 and the 1904 date systems. */
const DATE1904_OFFSET = 1462;

interface Era {
  /** Era name and its one-letter abbreviation (lower case). */
  name: string;
  letter: string;
  /** Gregorian year = era year + offset. */
  offset: number;
  first: Day;
  /** Last day (inclusive); null while the era lasts. */
  last: Day | null;
}

/** Era ranges of RULES.md §C; both boundary days belong to both neighbouring eras. */
const ERAS: readonly Era[] = [
  { name: '令和', letter: 'r', offset: 2018, first: dayFromYmd(2019, 5, 1), last: null },
  { name: '平成', letter: 'h', offset: 1988, first: dayFromYmd(1989, 1, 8), last: dayFromYmd(2019, 4, 30) },
  { name: '昭和', letter: 's', offset: 1925, first: dayFromYmd(1926, 12, 25), last: dayFromYmd(1989, 1, 7) },
  { name: '大正', letter: 't', offset: 1911, first: dayFromYmd(1912, 7, 30), last: dayFromYmd(1926, 12, 25) },
  { name: '明治', letter: 'm', offset: 1867, first: dayFromYmd(1868, 1, 25), last: dayFromYmd(1912, 7, 30) },
];

function eraOf(token: string): Era | undefined {
  const t = token.toLowerCase();
  return ERAS.find((e) => e.name === t || e.letter === t);
}

/** A checked Gregorian date: impossible or outside 1900-01-01..9999-12-31 → date-invalid. */
function gregorian(y: number, m: number, d: number): DateParse {
  const day = gregorianDay(y, m, d);
  return Number.isNaN(day) ? INVALID : { ok: true, day };
}

/** gregorian as a number: the day, or NaN for date-invalid. */
function gregorianDay(y: number, m: number, d: number): number {
  if (!isValidYmd(y, m, d)) return NaN;
  const day = dayFromYmd(y, m, d);
  return day < MIN_DAY || day > MAX_DAY ? NaN : day;
}

// Date cores, matched at the start of the NFKC-normalised text (hyphen variants already '-').
/** 2025-12-01, 2025/12/1, 2025.12.1 (the two separators must agree). */
const WESTERN_SEP_RE = /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)/;
/** 2025年12月1日 (日 optional). */
const WESTERN_KANJI_RE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})(?!\d)\s*日?/;
/** 20251201 */
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?!\d)/;
/** 令和7年12月1日, 令和元年5月1日, R7.12.1, R07/12/01, R7-12-1, H31.4.30, R.7.12.1 (case-insensitive). */
const ERA_RE =
  /^(明治|大正|昭和|平成|令和|[mtshr])\.?\s*(元|\d{1,3})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})(?!\d)\s*日?|([-/.])\s*(\d{1,2})\s*\5\s*(\d{1,2})(?!\d))/i;

/** A weekday in brackets: (月), (月曜), (月曜日), (Mon), (Monday), (月・祝). */
const WEEKDAY_RE =
  /^\s*\(\s*(?:[月火水木金土日](?:曜日?)?(?:\s*[・/]\s*祝日?)?|祝日?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?\s*\)/i;
/** A time of day: 9:30, 09:30:15.123, 9:30 PM, 09:30:00Z, 09:30+09:00, 9時30分, 午後3時. */
const TIME_BODY =
  '(?:(?:午前|午後|am|pm)\\s*)?(?:\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?|\\d{1,2}\\s*時(?:\\s*\\d{1,2}\\s*分(?:\\s*\\d{1,2}\\s*秒)?)?)' +
  '(?:\\s*(?:[ap]\\.?m\\.?))?(?:\\s*(?:z|[+-]\\d{2}(?::?\\d{2})?))?';
/** A time part after a space or 'T'. */
const TIME_AFTER_SEP_RE = new RegExp(`^(?:\\s+|\\s*t)${TIME_BODY}`, 'i');
/** A time part right after a weekday bracket (no separator needed there). */
const TIME_AFTER_WEEKDAY_RE = new RegExp(`^\\s*${TIME_BODY}`, 'i');

/** True when what follows the date core is only a weekday and/or a time part. */
function isDroppableTail(rest: string): boolean {
  let r = rest;
  let m = WEEKDAY_RE.exec(r);
  const weekdayFirst = m !== null;
  if (m) r = r.slice(m[0].length);
  m = (weekdayFirst ? TIME_AFTER_WEEKDAY_RE : TIME_AFTER_SEP_RE).exec(r);
  if (m) r = r.slice(m[0].length);
  if (!weekdayFirst) {
    m = WEEKDAY_RE.exec(r);
    if (m) r = r.slice(m[0].length);
  }
  return r.trim() === '';
}

function parseDateText(raw: string): DateParse {
  // Full-width forms become ASCII; hyphen variants and the long-vowel mark (often typed as a
  // hyphen in hand-made sheets) become '-'.
  const s = nfkc(raw).trim().replace(HYPHEN_RE, '-').replace(/ー/g, '-');

  let m = ERA_RE.exec(s);
  if (m) {
    if (!isDroppableTail(s.slice(m[0].length))) return INVALID;
    const era = eraOf(m[1]);
    if (!era) return INVALID;
    const eraYear = m[2] === '元' ? 1 : Number(m[2]);
    const month = Number(m[3] ?? m[6]);
    const date = Number(m[4] ?? m[7]);
    if (eraYear === 0) return ERA_OUT;
    const y = eraYear + era.offset;
    if (!isValidYmd(y, month, date)) return INVALID;
    const day = dayFromYmd(y, month, date);
    if (day < era.first || (era.last !== null && day > era.last)) return ERA_OUT;
    return day < MIN_DAY || day > MAX_DAY ? INVALID : { ok: true, day };
  }

  m = WESTERN_SEP_RE.exec(s) ?? WESTERN_KANJI_RE.exec(s);
  if (m) {
    if (!isDroppableTail(s.slice(m[0].length))) return INVALID;
    return gregorian(Number(m[1]), Number(m[m.length - 2]), Number(m[m.length - 1]));
  }

  m = COMPACT_RE.exec(s);
  if (m) {
    if (!isDroppableTail(s.slice(m[0].length))) return INVALID;
    return gregorian(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  return INVALID;
}

/** An 8-digit integer 19000101..99991231 that is a real yyyymmdd date, else NaN. */
function yyyymmddNumber(n: number): number {
  if (!Number.isInteger(n) || n < 19000101 || n > 99991231) return NaN;
  return gregorianDay(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
}

/**
 * parseDate of a number without the result object (the reader's hot path): the day, or NaN when
 * it is no date — a number can only be date-invalid. See parseDate for the rules.
 */
export function dayFromNumber(v: number, date1904: boolean): number {
  if (!Number.isFinite(v)) return NaN;
  const ymd = yyyymmddNumber(v);
  if (!Number.isNaN(ymd)) return ymd;
  const serial = Math.floor(v) + (date1904 ? DATE1904_OFFSET : 0);
  if (serial < 1 || serial > MAX_SERIAL) return NaN;
  return dayFromExcelSerial(serial);
}

/**
 * Reads a date (SPEC §4.2). The caller has already dealt with blank and error cells; they (and
 * booleans, formulas without value, non-date text) give date-invalid here.
 *
 * - Numbers: an integer 19000101..99991231 that is a real yyyymmdd date is read as such (serials
 *   stop at 2958465, so the two never overlap); otherwise an Excel serial, integer part only,
 *   1462 added in the 1904 system, valid when the resulting 1900-system serial is 1..2958465.
 * - Dates: UTC getters (time of day dropped); only 1900-01-01..9999-12-31.
 * - Text: see the regular expressions above; full-width forms, a trailing weekday and a time part
 *   are accepted. Two-digit years and month-only values are rejected.
 */
export function parseDate(v: RawCell, date1904: boolean): DateParse {
  if (typeof v === 'number') {
    const day = dayFromNumber(v, date1904);
    return Number.isNaN(day) ? INVALID : { ok: true, day };
  }
  if (v instanceof Date) {
    // The UTC calendar day of the time value (time of day dropped): the same day as
    // gregorian(getUTCFullYear(), getUTCMonth() + 1, getUTCDate()), without the calendar round trip.
    const t = v.getTime();
    if (Number.isNaN(t)) return INVALID;
    const day = Math.floor(t / MS_PER_DAY);
    return day < MIN_DAY || day > MAX_DAY ? INVALID : { ok: true, day };
  }
  if (typeof v === 'string') return parseDateText(v);
  return INVALID;
}

// ---------------------------------------------------------------------------------------------
// Units (SPEC §4.4)
// ---------------------------------------------------------------------------------------------

/** A decimal number, optionally followed by 単位. Applied after NFKC and trimming. */
const UNITS_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:単位)?$/;

/**
 * Reads a units value: finite numbers, numeric text (full-width allowed, `１．５`), optionally
 * followed by 単位 (`1.5単位`), with surrounding spaces. A formula without a cached value reads as
 * 0 (SPEC §4.1: a file may omit a cached 0). Anything else (blank, booleans, Dates, other text,
 * error values, NaN, ±Infinity) is not a number. Sign and step are checked by the caller.
 */
export function parseUnits(v: RawCell): { ok: true; value: number } | { ok: false } {
  const value = unitsValue(v);
  return Number.isNaN(value) ? { ok: false } : { ok: true, value };
}

/**
 * parseUnits without the result object (the reader's hot path): the value, or NaN when it is not
 * a number (a value parseUnits accepts is always finite).
 */
export function unitsValue(v: RawCell): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v + 0 : NaN;
  if (isFormulaNoValue(v)) return 0;
  if (typeof v !== 'string') return NaN;
  const m = UNITS_RE.exec(nfkc(v).trim().replace(HYPHEN_RE, '-'));
  if (!m) return NaN;
  const value = Number(m[1]) + 0;
  return Number.isFinite(value) ? value : NaN;
}

/** Relative tolerance for float comparisons on unit counts. */
const STEP_EPS = 1e-9;

/** Rounds away binary noise (0.30000000000000004 → 0.3); unit values never need 12 digits. */
function roundNoise(x: number): number {
  return Number(x.toPrecision(12)) + 0;
}

/** True when value is an integer multiple of step, tolerant of float error (0.3 / 0.1). */
export function isMultipleOfStep(value: number, step: number): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(step) || step <= 0) return false;
  const q = value / step;
  // Beyond 2^53 steps every double is an integer, so "a multiple of the step" means nothing there;
  // such values (1e300 単位) would also overflow a doctor's total to Infinity.
  if (!Number.isSafeInteger(Math.round(q))) return false;
  return Math.abs(q - Math.round(q)) <= STEP_EPS * Math.max(1, Math.abs(q));
}

/**
 * ⌈x / step⌉ · step (SPEC §3.2), tolerant of float error: a quotient within 1e-9 of an integer
 * counts as that integer, so ceilStep(1.0000000001, 0.5) === 1. The result is rounded so that it
 * prints cleanly (0.3, not 0.30000000000000004). A non-positive or non-finite step returns x.
 */
export function ceilStep(x: number, step: number): number {
  if (!Number.isFinite(x)) return x;
  if (!Number.isFinite(step) || step <= 0) return roundNoise(x);
  const q = x / step;
  const r = Math.round(q);
  const k = Math.abs(q - r) <= STEP_EPS * Math.max(1, Math.abs(q)) ? r : Math.ceil(q);
  return roundNoise(k * step);
}

// ---------------------------------------------------------------------------------------------
// Flags and enumerated values (SPEC §2.2, §2.3, §4.4, §4.5)
// ---------------------------------------------------------------------------------------------

const keySet = (words: readonly string[], key: (s: string) => string): ReadonlySet<string> =>
  new Set(words.map(key));

/** True flag texts of SPEC §4.4 (compared on normKey). */
export const FLAG_TRUE_WORDS = [
  '○',
  '〇',
  '◯',
  '✓',
  '✔',
  'レ',
  'はい',
  '有',
  'あり',
  '済',
  'TRUE',
  '1',
  'yes',
  'y',
];
/** False flag texts of SPEC §4.4 (blank is false too). */
export const FLAG_FALSE_WORDS = ['×', '✕', 'いいえ', '無', 'なし', 'FALSE', '0', 'no', 'n'];
const FLAG_TRUE = keySet(FLAG_TRUE_WORDS, normKey);
const FLAG_FALSE = keySet(FLAG_FALSE_WORDS, normKey);
/** parseFlag's three answers, shared (frozen) instead of one object per cell. */
const FLAG_YES = Object.freeze({ value: true, recognised: true });
const FLAG_NO = Object.freeze({ value: false, recognised: true });
const FLAG_UNRECOGNISED = Object.freeze({ value: false, recognised: false });

/**
 * Reads a flag (SPEC §4.4). Blank (also an error value or a formula without value, see the file
 * header) is false and recognised; any text or number not in the lists is false and not
 * recognised (the caller raises flag-unrecognised where that applies). Dates are not recognised.
 */
export function parseFlag(v: RawCell): { value: boolean; recognised: boolean } {
  if (typeof v === 'boolean') return v ? FLAG_YES : FLAG_NO;
  if (typeof v === 'number') {
    if (v === 1) return FLAG_YES;
    return v === 0 ? FLAG_NO : FLAG_UNRECOGNISED;
  }
  if (isEmptyForEnum(v)) return FLAG_NO;
  if (typeof v === 'string') {
    const k = normKey(v);
    if (FLAG_TRUE.has(k)) return FLAG_YES;
    if (FLAG_FALSE.has(k)) return FLAG_NO;
  }
  return FLAG_UNRECOGNISED;
}

/** Non-blank and a recognised false flag (×, 無, FALSE, 0, …). */
function isFalseFlag(v: RawCell): boolean {
  if (isEmptyForEnum(v)) return false;
  const f = parseFlag(v);
  return f.recognised && !f.value;
}

function isTrueFlag(v: RawCell): boolean {
  return parseFlag(v).value;
}

/** The enumKey of a text cell, or null for anything else. */
function enumKeyOf(v: RawCell): string | null {
  return typeof v === 'string' ? enumKey(v) : null;
}

/**
 * 座学 / 実地 and their aliases (SPEC §2.2), compared on normKey. 座学研修 / 実地研修 (the
 * programme's own names) are accepted as well.
 */
const KIND_WORDS: Record<RecordKind, readonly string[]> = {
  zagaku: ['座学', '知識', '講習', 'lecture', '座学研修'],
  jitchi: ['実地', '経験', '活動', 'practical', '実地研修'],
};
const KIND_KEYS: ReadonlyMap<string, RecordKind> = new Map(
  (Object.keys(KIND_WORDS) as RecordKind[]).flatMap((kind) =>
    KIND_WORDS[kind].map((w) => [normKey(w), kind] as [string, RecordKind]),
  ),
);

/** 'zagaku' | 'jitchi', or null when blank or not a known kind. */
export function parseKind(v: RawCell): RecordKind | null {
  if (typeof v !== 'string') return null;
  // Fast path, same result: the two usual spellings are their own keys (no normalisation, no lookup).
  if (v === '座学') return 'zagaku';
  if (v === '実地') return 'jitchi';
  return KIND_KEYS.get(normKey(v)) ?? null;
}

const APPROVED = keySet(['承認', '承認済', '認定', '認定済'], enumKey);
const REJECTED_WORDS = keySet(['却下', '不承認', '差戻し'], enumKey);

/**
 * Approval of a 実地 row (SPEC §2.2), in order: blank → 'blank'; a true flag or 承認, 承認済,
 * 認定 (also 認定済; 承認済み via enumKey) → 'approved'; a false flag (×, ✕, いいえ, 無, なし,
 * FALSE, 0, no, n) or 却下, 不承認, 差戻し (差し戻し via enumKey) → 'rejected'; any other
 * non-blank value → 'pending'. Error values and formulas without value count as blank.
 */
export function parseApproval(v: RawCell): Approval {
  if (isEmptyForEnum(v)) return 'blank';
  if (isTrueFlag(v)) return 'approved';
  const k = enumKeyOf(v);
  if (k !== null && APPROVED.has(k)) return 'approved';
  if (isFalseFlag(v)) return 'rejected';
  if (k !== null && REJECTED_WORDS.has(k)) return 'rejected';
  return 'pending';
}

const APPLICATION_STATUSES: readonly ApplicationStatus[] = ['未申請', '申請中', '差戻し', '承認済', '発行済'];
const APPLICATION_KEYS: ReadonlyMap<string, ApplicationStatus> = new Map(
  APPLICATION_STATUSES.map((s) => [enumKey(s), s] as [string, ApplicationStatus]),
);

/** 申請状況 (SPEC §2.1): null when blank (or an error value), 'unknown' for unlisted values. */
export function parseApplicationStatus(v: RawCell): ApplicationStatus | 'unknown' | null {
  if (isEmptyForEnum(v)) return null;
  const k = enumKeyOf(v);
  return (k !== null && APPLICATION_KEYS.get(k)) || 'unknown';
}

/** G-MIS counts 報告済, 再報告済 and 確認完了済 as filed (SPEC §2.3 rev 2, RULES.md §E). */
const REPORTED = keySet(['報告済', '再報告済', '確認完了済', '済', '完了', '提出済'], enumKey);

/**
 * 報告状況 (SPEC §2.3): reported ⇔ 報告済, 再報告済, 確認完了済, 済, 完了, 提出済 (and their み
 * forms, 報告済み, 確認完了済み) or a true flag; anything else (未報告, 一時保存, 差戻し …) is not.
 */
export function parseReported(v: RawCell): boolean {
  if (isEmptyForEnum(v)) return false;
  const k = enumKeyOf(v);
  return (k !== null && REPORTED.has(k)) || isTrueFlag(v);
}

/**
 * G-MIS column (SPEC §2.3): a true flag or any other non-blank value (an ID) = has an account;
 * blank or a false flag = none. Error values and formulas without value count as blank.
 */
export function parseGmisAccount(v: RawCell): boolean {
  if (isEmptyForEnum(v)) return false;
  return !isFalseFlag(v);
}

/** Counts of people may carry 人 or 名 (「2人」). */
const COUNT_RE = /^(\d+)\s*(?:人|名)?$/;

/**
 * 名簿外の修了者 (SPEC §2.3 rev 2): a whole number ≥ 0 (a number, or text such as 「2」「２人」), or
 * a flag (true = 1, false = 0). Blank (also an error value or a formula without value, see the
 * file header) is 0 and valid; anything else is invalid (the caller warns and uses 0).
 */
export function parseOutsideCompleters(v: RawCell): { ok: true; value: number } | { ok: false } {
  if (typeof v === 'number') {
    return Number.isSafeInteger(v) && v >= 0 ? { ok: true, value: v + 0 } : { ok: false };
  }
  if (isEmptyForEnum(v)) return { ok: true, value: 0 };
  if (typeof v === 'string') {
    const m = COUNT_RE.exec(nfkc(v).trim());
    if (m) {
      const n = Number(m[1]);
      return Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false };
    }
  }
  if (typeof v === 'boolean' || typeof v === 'string') {
    const f = parseFlag(v);
    if (f.recognised) return { ok: true, value: f.value ? 1 : 0 };
  }
  return { ok: false };
}

const CLINIC_TYPE_WORDS: Record<ClinicType, readonly string[]> = {
  hospital: ['病院', 'hospital'],
  clinic: ['診療所', '医科診療所', '一般診療所', 'クリニック', 'clinic'],
  dental: ['歯科診療所', '歯科', '歯科病院', 'dental'],
};
const CLINIC_TYPE_KEYS: ReadonlyMap<string, ClinicType> = new Map(
  (Object.keys(CLINIC_TYPE_WORDS) as ClinicType[]).flatMap((t) =>
    CLINIC_TYPE_WORDS[t].map((w) => [normKey(w), t] as [string, ClinicType]),
  ),
);

/** parseClinicType's answers, shared (frozen) instead of one object per cell. */
const TYPE_BLANK = Object.freeze({ type: null, recognised: true });
const TYPE_UNKNOWN = Object.freeze({ type: null, recognised: false });
const TYPE_RESULTS: Readonly<Record<ClinicType, { type: ClinicType; recognised: boolean }>> = Object.freeze({
  hospital: Object.freeze({ type: 'hospital', recognised: true }),
  clinic: Object.freeze({ type: 'clinic', recognised: true }),
  dental: Object.freeze({ type: 'dental', recognised: true }),
});

/** 種別 of a clinic (SPEC §2.3). Blank → null, recognised; an unknown value → null, not recognised. */
export function parseClinicType(v: RawCell): { type: ClinicType | null; recognised: boolean } {
  if (isEmptyForEnum(v)) return TYPE_BLANK;
  const type = typeof v === 'string' ? CLINIC_TYPE_KEYS.get(normKey(v)) : undefined;
  return type ? TYPE_RESULTS[type] : TYPE_UNKNOWN;
}

// ---------------------------------------------------------------------------------------------
// Codes and IDs (SPEC §4.3, RULES.md §C)
// ---------------------------------------------------------------------------------------------

export type ClinicCodeParse =
  | {
      ok: true;
      code: string;
      warning: null | 'clinic-code-check-digit' | 'clinic-code-leading-zero-restored';
    }
  | { ok: false; code: 'clinic-code-invalid' | 'clinic-code-pharmacy' | 'clinic-code-leading-zero-lost' };

/**
 * Luhn (mod 10) check digit of a digit string (for clinic codes, the first nine digits): starting
 * from the rightmost payload digit, every other digit is doubled (9 subtracted when > 9) and the
 * check digit brings the sum to a multiple of 10. This is the variant that all 380 小倉 codes and
 * every code outside 埼玉・千葉・東京・神奈川 on the 2025 national list satisfy. NaN when the
 * input is empty or holds a non-digit.
 */
export function luhnCheckDigit(nine: string): number {
  if (!/^\d+$/.test(nine)) return NaN;
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    let d = nine.charCodeAt(nine.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for a non-empty string of ASCII digits only (as /^\d+$/). */
export function isAsciiDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** luhnCheckDigit of the first nine characters of ten ASCII digits, without the substring. */
function luhnDigitOf(code10: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = code10.charCodeAt(8 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A 10-digit code whose check digit is the Luhn digit of its first nine. */
function passesLuhn(code10: string): boolean {
  return luhnCheckDigit(code10.slice(0, 9)) === code10.charCodeAt(9) - 48;
}

/** 10 digits with fee-table digit (3rd) 3 = 歯科 (RULES.md §C). */
export function isDentalCode(code: string): boolean {
  return /^\d{10}$/.test(code) && code[2] === '3';
}

/** 10 digits with fee-table digit 4 = 調剤 (a pharmacy). */
function isPharmacyCode(code: string): boolean {
  return /^\d{10}$/.test(code) && code[2] === '4';
}

/** Spaces and hyphens removed from codes: §2.0 hyphens, ASCII '-', the long-vowel mark ー. */
const CODE_SEPARATORS_RE = /[\s\u200B\-\u2010-\u2015\u2043\u2212\uFE58\uFE63\uFF0D\u30FC]/g;

/** Integer text of a non-negative integral number without exponent (BigInt for large values). */
function integerDigits(n: number): string | null {
  if (!Number.isInteger(n) || n < 0) return null;
  return BigInt(n).toString();
}

/**
 * Reads a 医療機関コード (SPEC §4.3): NFKC, spaces and hyphens removed; numbers must be
 * integers. 10 digits: pharmacy (3rd digit 4) → error, else Luhn (failure = warning, code used).
 * 7 digits: used without check. 9 digits from a numeric cell: a leading 0 is restored when the
 * padded code passes Luhn (warning), else error leading-zero-lost; a restored code that turns out
 * to be a pharmacy code is the pharmacy error. Anything else (blank included) → invalid.
 */
export function parseClinicCode(v: RawCell): ClinicCodeParse {
  // Fast path, same result: ten ASCII digits (nearly every code) are their own NFKC form, hold no
  // separator and are no error text.
  if (typeof v === 'string' && v.length === 10 && isAsciiDigits(v)) {
    if (v.charCodeAt(2) === 0x34) return { ok: false, code: 'clinic-code-pharmacy' };
    return {
      ok: true,
      code: v,
      warning: luhnDigitOf(v) === v.charCodeAt(9) - 48 ? null : 'clinic-code-check-digit',
    };
  }
  let digits: string | null = null;
  let fromNumber = false;
  if (typeof v === 'number') {
    digits = integerDigits(v);
    fromNumber = true;
  } else if (typeof v === 'string' && cellErrorText(v) === null) {
    const s = nfkc(v).replace(CODE_SEPARATORS_RE, '');
    digits = /^\d+$/.test(s) ? s : null;
  }
  if (digits === null) return { ok: false, code: 'clinic-code-invalid' };

  if (digits.length === 10) {
    if (isPharmacyCode(digits)) return { ok: false, code: 'clinic-code-pharmacy' };
    return { ok: true, code: digits, warning: passesLuhn(digits) ? null : 'clinic-code-check-digit' };
  }
  if (digits.length === 7) return { ok: true, code: digits, warning: null };
  if (digits.length === 9 && fromNumber) {
    const padded = `0${digits}`;
    if (!passesLuhn(padded)) return { ok: false, code: 'clinic-code-leading-zero-lost' };
    if (isPharmacyCode(padded)) return { ok: false, code: 'clinic-code-pharmacy' };
    return { ok: true, code: padded, warning: 'clinic-code-leading-zero-restored' };
  }
  return { ok: false, code: 'clinic-code-invalid' };
}

/**
 * Reads a doctor ID (SPEC §4.3): text is NFKC-normalised and trimmed (inner characters kept);
 * numbers must be non-negative integers and are written in full without exponent or decimals
 * (1e25 → all its digits via BigInt). Blank, booleans, Dates, error values and formulas without
 * value are invalid (blank is the caller's doctor-id-missing).
 */
export function parseDoctorId(v: RawCell): { ok: true; id: string } | { ok: false } {
  const id = doctorIdText(v);
  return id === null ? { ok: false } : { ok: true, id };
}

/** parseDoctorId without the result object (the reader's hot path): the ID, or null when invalid. */
export function doctorIdText(v: RawCell): string | null {
  if (typeof v === 'number') return integerDigits(v);
  if (typeof v === 'string' && cellErrorText(v) === null) {
    const id = nfkc(v).trim();
    return id === '' ? null : id;
  }
  return null;
}
