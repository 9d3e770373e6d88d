/**
 * Opening a built .xlsx as a new workbook with `Excel.createWorkbook(base64)` — the only Office.js
 * call of the individual notices (SPEC §5.5) — under the size rule of SPEC §5.4 (rev 2).
 *
 * - `Excel.createWorkbook(base64File)` is [Api set: ExcelApi 1.8] (@types/office-js).
 * - Its base64 travels in one request, and Excel on the web caps the payload of a request at
 *   5 MB ("Excel add-ins … Payload size limit for requests and responses: 5 MB in Excel on the
 *   web", https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization).
 *   So on the web the size is checked before the call, and a file that would not fit is refused
 *   with WorkbookTooLargeError (the pane then offers one workbook per 地区).
 */

/** Largest base64 string sent to createWorkbook on Excel on the web (5 MB, in characters = bytes). */
export const CREATE_WORKBOOK_WEB_LIMIT = 5 * 1024 * 1024;

/** The part of the `Excel` namespace needed here. */
export interface WorkbookCreator {
  createWorkbook?: (base64: string) => Promise<void>;
}

export class WorkbookTooLargeError extends Error {
  constructor(
    readonly base64Length: number,
    readonly limit: number,
  ) {
    super(`createWorkbook: ${base64Length} base64 characters exceed ${limit} on Excel on the web`);
    this.name = 'WorkbookTooLargeError';
  }
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

/** True when a base64 file of this length can be sent on this platform (null = unknown: the web's rule). */
export function fitsCreateWorkbook(
  base64Length: number,
  platform: string | null,
  limit = CREATE_WORKBOOK_WEB_LIMIT,
): boolean {
  const web = platform === null || platform === 'OfficeOnline';
  return !web || base64Length <= limit;
}

/** Opens the file as a new workbook; refuses (before any call) a file too large for the web. */
export async function openNewWorkbook(
  excel: WorkbookCreator,
  base64: string,
  platform: string | null = officePlatform(),
  limit = CREATE_WORKBOOK_WEB_LIMIT,
): Promise<void> {
  if (!fitsCreateWorkbook(base64.length, platform, limit))
    throw new WorkbookTooLargeError(base64.length, limit);
  if (!excel.createWorkbook) throw new Error('Excel.createWorkbook is not available (ExcelApi 1.8)');
  await excel.createWorkbook(base64);
}
