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

const BASE64_SLICE = 3 * 64 * 1024;

/** Base64 of bytes, pausing between slices. */
export async function toBase64Sliced(bytes: Uint8Array, pause?: () => Promise<void>): Promise<string> {
  const parts: string[] = [];
  for (let o = 0; o < bytes.length; o += BASE64_SLICE) {
    const chunk = bytes.subarray(o, o + BASE64_SLICE);
    let s = '';
    for (let i = 0; i < chunk.length; i += 0x8000)
      s += String.fromCharCode.apply(null, Array.from(chunk.subarray(i, i + 0x8000)));
    parts.push(btoa(s));
    if (pause && o + BASE64_SLICE < bytes.length && parts.length % 16 === 0) await pause();
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
