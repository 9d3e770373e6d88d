/**
 * Accounting of round trips and the limits Excel on the web enforces.
 *
 * Request payload of one sync = Σ over queued actions of
 *   `callOverheadBytes` (100) + UTF-8 bytes of JSON.stringify(payload)
 * where payload is: the value for a property set; the argument array for a method call and for
 * a proxy created by a method (`getRange('A1')` → ["A1"]); [] for a navigation proxy
 * (`range.format`); the list of property paths for a `load`. `context.workbook` is free.
 *
 * Response payload = UTF-8 bytes of JSON.stringify of every loaded value (per load, an object
 * of property → value; collection loads an array of such objects; ClientResult values as is).
 */

export interface DoubleLimits {
  /** Request payload limit (Excel on the web: 5 MB). Default 5,000,000 bytes. */
  maxRequestBytes: number;
  /** Response payload limit (Excel on the web: 5 MB). Default 5,000,000 bytes. */
  maxResponseBytes: number;
  /** Largest range that may be read in one load (Excel: 5,000,000 cells). */
  maxReadCells: number;
  /** Bytes added per queued call or proxy in the request accounting. */
  callOverheadBytes: number;
}

export const defaultLimits = (): DoubleLimits => ({
  maxRequestBytes: 5_000_000,
  maxResponseBytes: 5_000_000,
  maxReadCells: 5_000_000,
  callOverheadBytes: 100,
});

export interface SyncRecord {
  /** 1-based round-trip number (the n of failOnSync(n)). */
  index: number;
  /** True for the final sync Excel.run makes after the batch function resolves. */
  implicit: boolean;
  ok: boolean;
  errorCode?: string;
  requestBytes: number;
  responseBytes: number;
  /** Queued actions (calls, sets, loads and proxies). */
  actions: number;
  proxies: number;
  loads: number;
  formattingCalls: number;
  cellsFormatted: number;
  /** Largest single values/formulas/numberFormat/text/valueTypes read in this sync. */
  maxReadCells: number;
}

export class DoubleStats {
  /** Round trips: syncs that carried at least one action (explicit or Excel.run's final one). */
  syncs = 0;
  /** Explicit context.sync() calls, including empty ones that cause no round trip. */
  syncCalls = 0;
  failedSyncs = 0;
  runs = 0;
  delayForCellEditRuns = 0;
  maxRequestBytes = 0;
  maxResponseBytes = 0;
  totalRequestBytes = 0;
  totalResponseBytes = 0;
  /** Largest single cell read (values, formulas, numberFormat, text, valueTypes) of any sync. */
  maxReadCells = 0;
  formattingCalls = 0;
  cellsFormatted = 0;
  actions = 0;
  proxies = 0;
  history: SyncRecord[] = [];
  /** Base64 strings passed to Excel.createWorkbook, in call order. */
  createdWorkbooks: string[] = [];
  /** Request bytes of Excel.createWorkbook calls refused for their size (Excel on the web). */
  refusedWorkbooks: number[] = [];

  reset(): void {
    const fresh = new DoubleStats();
    Object.assign(this, fresh);
  }
}

/** UTF-8 byte length of a string without allocating (works in browsers and Node). */
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

export function jsonBytes(v: unknown): number {
  const s = JSON.stringify(v === undefined ? null : v);
  return s === undefined ? 4 : utf8Length(s);
}
