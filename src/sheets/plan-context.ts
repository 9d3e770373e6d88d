/**
 * What every owned-sheet builder of the plan takes (SheetContext), and what the printed and dated
 * sheets share: the page setup, the number and date formats, date serials in the workbook's date
 * system. Imported by the sheet builders (plan-district, plan-meeting, plan-follow-up,
 * plan-history); imports none of them.
 */
import { excelSerialFromDay, type Day } from '../domain/day';
import type { EngineInput } from '../domain/types';
import type { Outcome } from './outcome';
import type { CellOut, PageSetupPlan, SheetPlan, StyleKey } from './plan-types';
import type { ReadResult } from './read';
import type { ResultJson } from './result';

export interface SheetContext {
  read: ReadResult;
  input: EngineInput;
  engine: Outcome;
  result: ResultJson;
  stamp: string;
  inputCheck: SheetPlan;
  /**
   * The workbook's date system (WorkbookSnapshot.date1904): date cells of the plan are serials in
   * it, so a 1904 workbook shows the same dates (issue 15, defect 7). Absent = the 1900 system.
   */
  date1904?: boolean;
}

export const COUNT_FORMAT = '#,##0';
export const DATE_FORMAT_JA = 'yyyy"年"m"月"d"日"';
export const DATE_FORMAT_SLASH = 'yyyy/mm/dd';
/** The page footer of the printed sheets: page number / page count. */
export const PAGE_FOOTER = '&P / &N';

/** A count cell (#,##0), or null. */
export const count = (v: number | null | undefined, s?: StyleKey): CellOut =>
  v === null || v === undefined
    ? null
    : s
      ? { t: 'n', v, fmt: COUNT_FORMAT, s }
      : { t: 'n', v, fmt: COUNT_FORMAT };

/** Page setup shared by the printed sheets. */
export function pageSetup(
  orientation: PageSetupPlan['orientation'],
  printTitleRows: string | null,
): PageSetupPlan {
  return { orientation, paperSize: 9, fitToWidth: 1, fitToHeight: 0, printTitleRows, footer: PAGE_FOOTER };
}

/**
 * A day as a serial of the workbook's date system: the 1904 system counts from 1904-01-01, 1,462
 * days after the 1900 system ("Date systems in Excel",
 * https://learn.microsoft.com/en-us/office/troubleshoot/excel/1900-and-1904-date-system).
 */
export function dateSerial(ctx: Pick<SheetContext, 'date1904'>, day: Day): number {
  return excelSerialFromDay(day) - (ctx.date1904 ? DATE1904_OFFSET : 0);
}
/** Days between the 1900 and the 1904 date systems. */
export const DATE1904_OFFSET = 1462;
