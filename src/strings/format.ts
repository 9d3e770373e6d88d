/**
 * The small formatting helpers of the texts: numbers and calendar days. src/strings imports
 * nothing but types, so it reads a Day (days since 1970-01-01, see src/domain/day.ts) itself.
 */
import type { Day } from '../domain/day';

/**
 * Shortest decimal text of a number: 3, 2.5 (never 3.0). Integers are written by JS (no exponent
 * below 1e21; 1e21 and above as JS gives, '1e+21'). Other numbers are first rounded to 15
 * significant digits (Excel's precision) and at most 10 decimals, so 0.1 + 0.2 → '0.3'; tiny
 * values are written without exponent ('0.0000001'). Non-finite numbers give 'NaN', 'Infinity'.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n + 0); // + 0 turns -0 into 0
  const rounded = Number(Number(n.toPrecision(15)).toFixed(10)) + 0;
  const s = String(rounded);
  if (!s.includes('e')) return s;
  // Only small magnitudes get here (≥ 1e21 is always an integer): write them out in full.
  return rounded.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}

const MS_PER_DAY = 86_400_000;

/** The Day of a calendar date from year 100 on (Date.UTC maps years 0–99 to 1900–1999). */
export const dayOf = (y: number, m: number, d: number): Day => Date.UTC(y, m - 1, d) / MS_PER_DAY;

/** [year, month, day] of a Day (UTC getters: a Day has no time zone). */
export function calendarDate(day: Day): [number, number, number] {
  const t = new Date(day * MS_PER_DAY);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/** 2026/01/31: dates in the Japanese texts (Appendix B). */
export function slashDate(day: Day): string {
  const [y, m, d] = calendarDate(day);
  return [String(y).padStart(4, '0'), String(m).padStart(2, '0'), String(d).padStart(2, '0')].join('/');
}
