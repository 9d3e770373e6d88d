/**
 * What the Office.js adapter needs from its host, so that production passes the real globals
 * (`Excel`, `Office.context.requirements`) and tests / the playground pass the Excel test double.
 */
import { HOST_TEXTS } from '../strings/host';

/** The part of the `Excel` namespace the adapter uses. */
export interface ExcelHost {
  run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/** `Office.context.requirements.isSetSupported`. */
export type IsSetSupported = (name: string, minVersion: string) => boolean;

/** The real requirement check when Office.js is loaded; false (nothing beyond the manifest's 1.9) otherwise. */
export function defaultIsSetSupported(): IsSetSupported {
  return (name, version) => {
    try {
      const office = (globalThis as { Office?: typeof Office }).Office;
      return !!office?.context?.requirements?.isSetSupported(name, version);
    } catch {
      return false;
    }
  };
}

/** An OfficeExtension.Error-like error code, or ''. */
export function errorCode(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e) return String((e as { code: unknown }).code);
  return '';
}

/** Payload-size and read-limit errors: the batch applied nothing and can be retried in smaller parts. */
export const SIZE_ERRORS: ReadonlySet<string> = new Set([
  'RequestPayloadSizeLimitExceeded',
  'ResponsePayloadSizeLimitExceeded',
  'RangeExceedsLimit',
]);

/** Thrown when the user cancels (only before the first write). */
export class RecalcCancelledError extends Error {
  constructor() {
    super(`${HOST_TEXTS.ja.cancelled} / ${HOST_TEXTS.en.cancelled}`);
    this.name = 'RecalcCancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RecalcCancelledError();
}

/** Lets the host (Excel, the pane) breathe between round trips. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** UTF-8 byte length of a string (no allocation; browsers and Node). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** UTF-8 bytes of JSON.stringify(s) for a string (quotes and escapes included), without stringifying. */
export function jsonStringBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c === 0x22 || c === 0x5c) n += 2;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 6;
    } else if (c >= 0xd800 && c <= 0xdfff) n += 6;
    else n += 3;
  }
  return n;
}

/** UTF-8 bytes of the JSON of one cell value as written or read (string, number, boolean, null). */
export function cellJsonBytes(v: unknown): number {
  if (typeof v === 'string') return jsonStringBytes(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v).length : 4;
  if (typeof v === 'boolean') return v ? 4 : 5;
  return 4;
}

/** UTF-8 bytes of the JSON of a 2-D array of cell values. */
export function gridJsonBytes(grid: readonly (readonly unknown[])[]): number {
  let n = 2 + Math.max(0, grid.length - 1);
  for (const row of grid) {
    n += 2 + Math.max(0, row.length - 1);
    for (const v of row) n += cellJsonBytes(v);
  }
  return n;
}
