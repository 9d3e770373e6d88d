/**
 * Calendar days as integers: the number of days since 1970-01-01 (proleptic Gregorian, no time zone).
 * All date arithmetic in the engine is done on these, so it never depends on the machine's zone.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;

export function dayFromYmd(y: number, m: number, d: number): Day {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY) - (y < 100 && y >= 0 ? yearFixup(y) : 0);
}

/** Date.UTC maps years 0..99 to 1900..1999; correct for that so the function is total. */
function yearFixup(y: number): number {
  return Math.round((Date.UTC(y + 1900, 0, 1) - utcFullYear(y)) / MS_PER_DAY);
}
function utcFullYear(y: number): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, 0, 1);
  dt.setUTCHours(0, 0, 0, 0);
  return dt.getTime();
}

/** True when y-m-d is a real calendar date. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

export function ymdFromDay(day: Day): { y: number; m: number; d: number } {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 2026-01-31 */
export function isoFromDay(day: Day): string {
  const { y, m, d } = ymdFromDay(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** 2026/01/31 (the form used in Japanese texts of Appendix B). */
export function slashFromDay(day: Day): string {
  const { y, m, d } = ymdFromDay(day);
  return `${pad(y, 4)}/${pad(m)}/${pad(d)}`;
}

/** Parses exactly YYYY-MM-DD; null when malformed or impossible. */
export function dayFromIso(s: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
}

/** Same month and day N years later; 29 Feb moves to 1 Mar when the target year has no 29 Feb. */
export function addYears(day: Day, years: number): Day {
  const { y, m, d } = ymdFromDay(day);
  const ty = y + years;
  if (m === 2 && d === 29 && daysInMonth(ty, 2) === 28) return dayFromYmd(ty, 3, 1);
  return dayFromYmd(ty, m, d);
}

/** Excel's 1900 date system: serial 1 = 1900-01-01, serial 60 = the fictitious 1900-02-29. */
const EXCEL_EPOCH_DAY = dayFromYmd(1899, 12, 30);
export function dayFromExcelSerial(serial: number): Day {
  const s = Math.floor(serial);
  // Serials 1..59 are off by one because Excel counts 1900-02-29.
  return s < 61 ? EXCEL_EPOCH_DAY + s + 1 : EXCEL_EPOCH_DAY + s;
}
export function excelSerialFromDay(day: Day): number {
  const s = day - EXCEL_EPOCH_DAY;
  return s < 61 ? s - 1 : s;
}

/** Today's date and the current time in Asia/Tokyo (UTC+9, no daylight saving), whatever the machine zone. */
export function tokyoNow(now: Date = new Date()): { day: Day; minutes: number; stamp: string } {
  const t = now.getTime() + 9 * 3_600_000;
  const day = Math.floor(t / MS_PER_DAY);
  const minutes = Math.floor((t - day * MS_PER_DAY) / 60_000);
  const stamp = `${isoFromDay(day)} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)} (JST)`;
  return { day, minutes, stamp };
}
