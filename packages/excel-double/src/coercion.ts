/**
 * Excel's coercion of text written through `Range.values` / `Range.formulas`.
 *
 * Office.js parses written strings like typed input with locale-neutral (en-US) rules — the
 * documentation of `Range.values` says locale-shaped strings stay text and recommends ISO dates.
 * What the double converts (when the cell's number format is not '@' and the text does not start
 * with an apostrophe):
 *
 * | written text                          | stored value           | number format applied*      |
 * |---------------------------------------|------------------------|-----------------------------|
 * | '123', ' 12 ', '0123', '-5', '+5', '.5', '5.' | number          | —                           |
 * | '1,234' / '1,234.5'                   | 1234 / 1234.5          | '#,##0' / '#,##0.00'        |
 * | '(123)'                               | -123                   | —                           |
 * | '1e5', '1.5E-3'                       | number                 | '0.00E+00'                  |
 * | '50%', '12.5%'                        | 0.5, 0.125             | '0%', '0.00%'               |
 * | '$1,234', '$5.50'                     | number                 | '$#,##0', '$#,##0.00'       |
 * | '2025-12-01', '2025/12/1', '12/1/2025', '12/1/25', '1-Dec-2025', 'Dec 1, 2025' | date serial | shortDateFormat / 'd-mmm-yy' |
 * | '12/1' (month/day)                    | date in the current year (opts.now) | 'd-mmm'        |
 * | '2025-12', '12/2025'                  | first day of that month | 'mmm-yy'                   |
 * | '10:30', '10:30:15', '10:30 PM'       | day fraction           | 'h:mm', 'h:mm:ss', 'h:mm AM/PM' |
 * | date + ' ' + time                     | serial + fraction      | shortDateFormat + ' h:mm'   |
 * | 'TRUE' / 'false'                      | boolean                | —                           |
 * | '#N/A', '#div/0!', …                  | error value            | —                           |
 * | '=…'                                  | formula                | —                           |
 * | '+x' / '-x' that is not a number      | formula '=+x' / '=-x'  | —                           |
 * | '@x'                                  | formula '=x' (approximation of Excel's '@' entry) | — |
 * | "'text"                               | text 'text' with the quote-prefix flag | —           |
 *
 * \* only when the cell's current number format is 'General'. Numbers keep 15 significant digits.
 * Not converted (stay text): full-width digits, Japanese dates (令和7年…, 2025年12月1日), dates
 * in d/m/y order, fractions ('1 1/2'), currencies other than '$'.
 */

import { CellErrorValue, parseErrorText, serialFromYmd, to15Digits } from './values';

export interface CoercionOptions {
  /** Number format Excel applies to a parsed short date (default 'yyyy/m/d', as in ja-JP Excel). */
  shortDateFormat: string;
  /** "Today", for dates typed without a year. */
  now: () => Date;
  date1904: boolean;
}

export type CoercedInput =
  | { kind: 'empty' }
  | { kind: 'text'; value: string; quotePrefix: boolean }
  | { kind: 'value'; value: number | boolean | CellErrorValue; numberFormat?: string }
  | { kind: 'formula'; formula: string };

/** Coerce one written string. `cellFormat` is the cell's current number format. */
export function coerceString(s: string, cellFormat: string, opts: CoercionOptions): CoercedInput {
  if (s === '') return { kind: 'empty' };
  if (isTextFormat(cellFormat)) return { kind: 'text', value: s, quotePrefix: false };
  if (s.startsWith("'")) return { kind: 'text', value: s.slice(1), quotePrefix: true };
  if (s.length > 1 && s.startsWith('=')) return { kind: 'formula', formula: s };

  const err = parseErrorText(s.trim());
  if (err) return { kind: 'value', value: err };
  const t = s.trim();
  if (/^(true|false)$/i.test(t)) return { kind: 'value', value: t.toUpperCase() === 'TRUE' };

  const general = isGeneralFormat(cellFormat);
  const dt = parseDateTime(t, opts);
  if (dt) return { kind: 'value', value: dt.serial, ...(general ? { numberFormat: dt.format } : {}) };
  const num = parseNumber(t);
  if (num)
    return {
      kind: 'value',
      value: num.value,
      ...(general && num.format ? { numberFormat: num.format } : {}),
    };

  if (s.length > 1 && (s.startsWith('+') || s.startsWith('-'))) return { kind: 'formula', formula: '=' + s };
  if (s.length > 1 && s.startsWith('@')) return { kind: 'formula', formula: '=' + s.slice(1) };
  return { kind: 'text', value: s, quotePrefix: false };
}

export const isTextFormat = (fmt: string): boolean => fmt === '@';
export const isGeneralFormat = (fmt: string): boolean => fmt === '' || fmt.toLowerCase() === 'general';

// ---------------------------------------------------------------------------------------------
// Numbers

const MANTISSA_RE = /^(?:(\d{1,3}(?:,\d{3})+)|(\d*))(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function parseNumber(input: string): { value: number; format?: string } | null {
  let s = input.trim();
  if (s === '') return null;
  let neg = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    neg = true;
    s = s.slice(1, -1).trim();
  }
  let signSeen = false;
  const takeSign = (): void => {
    if (!signSeen && (s.startsWith('-') || s.startsWith('+'))) {
      if (s[0] === '-') neg = !neg;
      s = s.slice(1);
      signSeen = true;
    }
  };
  takeSign();
  let currency = false;
  if (s.startsWith('$')) {
    currency = true;
    s = s.slice(1);
    takeSign();
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  const m = MANTISSA_RE.exec(s);
  if (!m) return null;
  const intGrouped = m[1];
  const intPlain = m[2] ?? '';
  const frac = m[3];
  const exp = m[4];
  const intDigits = intGrouped ?? intPlain;
  if (intDigits === '' && (frac === undefined || frac === '')) return null;
  if (exp !== undefined && (percent || currency || intGrouped)) return null;
  const [i15, f15] = truncateTo15(intDigits.replace(/,/g, '') || '0', frac || '0');
  let value = Number(`${i15}.${f15}${exp !== undefined ? 'e' + exp : ''}`);
  if (!Number.isFinite(value)) return null;
  if (neg) value = -value;
  if (percent) value = value / 100;
  value = to15Digits(value);
  const hasDecimals = frac !== undefined && frac !== '';
  let format: string | undefined;
  if (percent) format = hasDecimals ? '0.00%' : '0%';
  else if (currency) format = hasDecimals ? '$#,##0.00' : '$#,##0';
  else if (exp !== undefined) format = '0.00E+00';
  else if (intGrouped) format = hasDecimals ? '#,##0.00' : '#,##0';
  return format ? { value, format } : { value };
}

/** Excel keeps 15 significant digits of typed numbers and turns the rest into zeros. */
function truncateTo15(int: string, frac: string): [string, string] {
  const digits = int + frac;
  const first = digits.search(/[1-9]/);
  if (first < 0 || digits.length - first <= 15) return [int, frac];
  const kept = digits.slice(0, first + 15) + '0'.repeat(digits.length - first - 15);
  return [kept.slice(0, int.length), kept.slice(int.length)];
}

// ---------------------------------------------------------------------------------------------
// Dates and times

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthFromName(name: string): number | null {
  const n = name.toLowerCase();
  let i = MONTHS.indexOf(n);
  if (i < 0) i = FULL_MONTHS.indexOf(n);
  if (i < 0 && n === 'sept') i = 8;
  return i < 0 ? null : i + 1;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}

const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(?:\s*([AaPp])[Mm])?$/;

function parseTime(s: string): { fraction: number; format: string } | null {
  const m = TIME_RE.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const sec = m[3] !== undefined ? Number(m[3]) : 0;
  if (min > 59 || sec >= 60) return null;
  if (m[4]) {
    if (h < 1 || h > 12) return null;
    const pm = m[4].toLowerCase() === 'p';
    h = (h % 12) + (pm ? 12 : 0);
  } else if (h > 23) {
    return null;
  }
  const fraction = (h * 3600 + min * 60 + sec) / 86400;
  const format = m[4]
    ? m[3] !== undefined
      ? 'h:mm:ss AM/PM'
      : 'h:mm AM/PM'
    : m[3] !== undefined
      ? 'h:mm:ss'
      : 'h:mm';
  return { fraction, format };
}

interface DateHit {
  y: number;
  m: number;
  d: number;
  format: 'short' | string;
}

function parseDatePart(s: string, opts: CoercionOptions): DateHit | null {
  let m = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/.exec(s);
  if (m) return { y: Number(m[1]), m: Number(m[3]), d: Number(m[4]), format: 'short' };
  m = /^(\d{1,2})([-/])(\d{1,2})\2(\d{2}|\d{4})$/.exec(s);
  if (m) return { y: fullYear(m[4]), m: Number(m[1]), d: Number(m[3]), format: 'short' };
  m = /^(\d{4})[-/](\d{1,2})$/.exec(s);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: 1, format: 'mmm-yy' };
  m = /^(\d{1,2})[-/](\d{4})$/.exec(s);
  if (m) return { y: Number(m[2]), m: Number(m[1]), d: 1, format: 'mmm-yy' };
  m = /^(\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (m) return { y: opts.now().getFullYear(), m: Number(m[1]), d: Number(m[2]), format: 'd-mmm' };
  m = /^(\d{1,2})[- ]([A-Za-z]{3,9})[- ](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const mo = monthFromName(m[2]);
    if (mo) return { y: fullYear(m[3]), m: mo, d: Number(m[1]), format: 'd-mmm-yy' };
  }
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) {
    const mo = monthFromName(m[1]);
    if (mo) return { y: Number(m[3]), m: mo, d: Number(m[2]), format: 'd-mmm-yy' };
  }
  return null;
}

export function parseDateTime(s: string, opts: CoercionOptions): { serial: number; format: string } | null {
  const t = parseTime(s);
  if (t) return { serial: t.fraction, format: t.format };
  const sp = s.indexOf(' ');
  let datePart = s;
  let time: { fraction: number; format: string } | null = null;
  if (sp > 0) {
    // "2025-12-01 10:30": a date followed by a time. Month-name dates contain spaces themselves.
    const maybeTime = parseTime(s.slice(sp + 1).trim());
    if (maybeTime) {
      datePart = s.slice(0, sp);
      time = maybeTime;
    }
  }
  const d = parseDatePart(datePart, opts);
  if (!d) return null;
  const serial = serialFromYmd(d.y, d.m, d.d, opts.date1904);
  if (serial === null) return null;
  const dateFormat = d.format === 'short' ? opts.shortDateFormat : d.format;
  if (time) return { serial: serial + time.fraction, format: `${opts.shortDateFormat} h:mm` };
  return { serial, format: dateFormat };
}
