/**
 * Opening a new workbook from .xlsx bytes with `Excel.createWorkbook` (ExcelApi 1.8), shared by
 * the exports and the notices (SPEC §5.4, §5.5).
 *
 * The base64 string travels in one request. Excel on the web caps a request at 5 MB
 * (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins;
 * https://learn.microsoft.com/javascript/api/excel#excel-excel-createworkbook-function(1)), and a
 * larger file fails without a useful message — so the size is checked before the call and the
 * caller is told it is too large (it then offers the file per district). On a host whose
 * platform is unknown the web limit applies; desktop Excel has no such cap.
 * The base64 text is built in slices (no synchronous stretch over 200 ms).
 */
import type { IsSetSupported } from './host';

/** Request bytes Excel on the web accepts (5 MB), less a margin for the call itself. */
export const WEB_CREATE_WORKBOOK_LIMIT = 5_000_000 - 4_096;

export interface CreateWorkbookHost {
  excel: { createWorkbook?: (base64: string) => Promise<void> };
  isSetSupported: IsSetSupported;
  /** Office.context.platform ('OfficeOnline' on the web); null when unknown. */
  platform: string | null;
}

export type CreateWorkbookOutcome =
  | { kind: 'opened'; base64Bytes: number }
  | { kind: 'too-large'; base64Bytes: number; limit: number }
  | { kind: 'unsupported' };

/** Length of the base64 text of n bytes. */
export const base64Length = (n: number): number => 4 * Math.ceil(n / 3);

/** The request limit for createWorkbook on this platform (Infinity on the desktop). */
export function createWorkbookLimit(platform: string | null): number {
  return platform === null || platform === 'OfficeOnline' ? WEB_CREATE_WORKBOOK_LIMIT : Infinity;
}

/**
 * `Office.context.platform` ('OfficeOnline' on the web; else `Office.context.diagnostics.platform`,
 * both Office.PlatformType in @types/office-js), or null when Office.js is not loaded (the
 * playground, tests): callers then apply the web's rule, the strictest.
 */
export function officePlatform(): string | null {
  try {
    const office = (
      globalThis as { Office?: { context?: { platform?: unknown; diagnostics?: { platform?: unknown } } } }
    ).Office;
    const p = office?.context?.platform ?? office?.context?.diagnostics?.platform;
    return typeof p === 'string' && p !== '' ? p : null;
  } catch {
    return null;
  }
}

/** Bytes encoded between two looks at the clock (a multiple of 3: slices join without padding). */
const BASE64_SLICE = 3 * 64 * 1024;
/** Longest stretch of encoding before a pause, ms (SPEC §7: none near 200 ms in the pane). */
const BASE64_SLICE_MS = 40;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_CODES = Uint8Array.from(BASE64_ALPHABET, (c) => c.charCodeAt(0));
const PAD = 0x3d; // '='

/** Base64 (RFC 4648 §4) of `bytes` as ASCII codes into `out`; returns how many were written. */
function encodeBase64(bytes: Uint8Array, out: Uint8Array): number {
  const t = BASE64_CODES;
  const n = bytes.length;
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = t[v >>> 18];
    out[o++] = t[(v >>> 12) & 63];
    out[o++] = t[(v >>> 6) & 63];
    out[o++] = t[v & 63];
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i] << 16) | (two ? bytes[i + 1] << 8 : 0);
    out[o++] = t[v >>> 18];
    out[o++] = t[(v >>> 12) & 63];
    out[o++] = two ? t[(v >>> 6) & 63] : PAD;
    out[o++] = PAD;
  }
  return o;
}

/**
 * Base64 of bytes, pausing whenever BASE64_SLICE_MS have passed. Encoded into bytes and decoded
 * once per slice (base64 is ASCII, so UTF-8 decoding is exact): the former String.fromCharCode +
 * btoa per 32 KB took ~120 ms per MB, and it paused only after 16 slices (3 MB), so a 2.5 MB
 * workbook was one 280–400 ms stretch.
 */
export async function toBase64Sliced(bytes: Uint8Array, pause?: () => Promise<void>): Promise<string> {
  const parts: string[] = [];
  const out = new Uint8Array((BASE64_SLICE / 3) * 4);
  const ascii = new TextDecoder();
  let since = Date.now();
  for (let o = 0; o < bytes.length; o += BASE64_SLICE) {
    const n = encodeBase64(bytes.subarray(o, o + BASE64_SLICE), out);
    parts.push(ascii.decode(out.subarray(0, n)));
    if (pause && o + BASE64_SLICE < bytes.length && Date.now() - since >= BASE64_SLICE_MS) {
      await pause();
      since = Date.now();
    }
  }
  return parts.join('');
}

/**
 * Opens the bytes as a new workbook, or says why not: too large for the host's single request,
 * or createWorkbook missing (below ExcelApi 1.8). Nothing is sent when the file is too large.
 */
export async function openNewWorkbook(
  host: CreateWorkbookHost,
  bytes: Uint8Array,
  pause?: () => Promise<void>,
  limit = createWorkbookLimit(host.platform),
): Promise<CreateWorkbookOutcome> {
  if (!host.excel.createWorkbook || !host.isSetSupported('ExcelApi', '1.8')) return { kind: 'unsupported' };
  const base64Bytes = base64Length(bytes.length);
  if (base64Bytes > limit) return { kind: 'too-large', base64Bytes, limit };
  await host.excel.createWorkbook(await toBase64Sliced(bytes, pause));
  return { kind: 'opened', base64Bytes };
}
