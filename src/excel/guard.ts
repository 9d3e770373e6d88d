/**
 * Text that must stay text when written through Office.js `Range.values` / `Range.formulas`
 * (SPEC §5.1.11). Excel parses a written string like typed input: `=…` becomes a formula, `123`
 * a number, `2025/12/1` a date, `50%` a percentage, `TRUE` a boolean, `#N/A` an error, and a
 * leading `'` is taken as the quote prefix (and dropped). A leading apostrophe makes Excel store
 * the rest as text, so every string that could be converted gets one.
 *
 * The test is deliberately conservative: a needless apostrophe only sets the cell's quote-prefix
 * flag (the value is the same text), while a missing one silently changes the user's data. So
 * anything that starts like a number, a date, a time or a formula is guarded, including forms a
 * Japanese-locale Excel may parse (full-width digits, 2025年12月1日, 12月1日, 令和7年…, R7.12.1).
 */

/** Error texts Excel recognises when typed (compared upper-case). */
const ERROR_TEXTS = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
]);

/** First characters that make Excel take the entry as a formula (or a quote prefix). */
const FORMULA_START = /^[=+\-@'\uFF1D\uFF0B\uFF0D\uFF20\u2212]/;
/**
 * Something that starts like a number, a currency amount, a date or a time (after optional
 * brackets, sign and currency symbol): guarded even when the rest would not parse.
 */
const NUMERIC_START = /^[([]?\s*[-+]?\s*[$¥€£\\]?\s*[-+]?(?:\d|[.,]\d)/;
/** English month names (Excel parses "Dec 1", "December 2025", "Mar-25"). */
const MONTH_START = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/,.]*\d/i;
/** Japanese era dates: 令和7年…, R7.12.1, H31/4/30, 令和元年… */
const ERA_START = /^(?:明治|大正|昭和|平成|令和|[MTSHR])\s*(?:\d|元)/i;
/** Boolean words. */
const BOOLEAN = /^(?:true|false)$/i;
/** Something shaped like an error value (#N/A, #REF!, …). */
const ERROR_SHAPE = /^#[A-Z0-9/_]+[!?]?$/i;

/** True when Excel could convert `s` (written through `values`) into something other than this text. */
export function needsGuard(s: string): boolean {
  if (s === '') return false;
  if (FORMULA_START.test(s)) return true;
  const t = s.normalize('NFKC').trim();
  if (t === '') return false;
  if (FORMULA_START.test(t)) return true;
  if (BOOLEAN.test(t)) return true;
  if (ERROR_TEXTS.has(t.toUpperCase()) || ERROR_SHAPE.test(t)) return true;
  if (NUMERIC_START.test(t)) return true;
  if (MONTH_START.test(t)) return true;
  if (ERA_START.test(t)) return true;
  return false;
}

/**
 * The string to write through `Range.values` so that the cell holds exactly `s` as text:
 * `'` + s when Excel could convert it, else s unchanged.
 */
export function guardText(s: string): string {
  return needsGuard(s) ? `'${s}` : s;
}
