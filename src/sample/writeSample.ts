/**
 * Writes a generated roster (generate.ts) as an .xlsx workbook with ExcelJS, or hands it over as
 * in-memory 2-D arrays for the engine.
 *
 * Text columns (codes, IDs) get the number format '@' and string values, so leading zeros and
 * full-width or hyphenated codes survive; Date cells get 'yyyy/mm/dd'; other values in date
 * columns (和暦 text, yyyymmdd numbers) stay as typed. Every sheet has a bold, lightly filled,
 * frozen header row and an auto-filter. Large rosters (> 50,000 rows by default) are written with
 * ExcelJS's streaming writer so that a million records fit in memory.
 */
import ExcelJS from 'exceljs';
import { writeFileAtomic } from '../xlsx/atomic-write';
import type { SheetSnapshot, WorkbookSnapshot } from '../sheets/types';
import type { RosterData, SampleCell, SampleSheet } from './generate';

export interface WriteRosterOptions {
  /** Use the streaming writer (default: when the sheets hold more than 50,000 rows in total). */
  streaming?: boolean;
}

export const STREAMING_THRESHOLD_ROWS = 50_000;
export const DATE_FORMAT = 'yyyy/mm/dd';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const HEADER_BORDER: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } };

/**
 * Shared style objects. ExcelJS caches the style id per style object (and ignores the value
 * type on a cache hit), so each object is only ever used for one kind of value.
 */
interface CellStyles {
  header: Partial<ExcelJS.Style>;
  text: Partial<ExcelJS.Style>;
  date: Partial<ExcelJS.Style>;
  string: Partial<ExcelJS.Style>;
  number: Partial<ExcelJS.Style>;
  boolean: Partial<ExcelJS.Style>;
}

function makeStyles(): CellStyles {
  return {
    header: {
      font: { bold: true },
      fill: HEADER_FILL,
      border: HEADER_BORDER,
      alignment: { vertical: 'middle' },
    },
    text: { numFmt: '@' },
    date: { numFmt: DATE_FORMAT },
    string: {},
    number: {},
    boolean: {},
  };
}

/** Display width of a value in Excel column units (East Asian wide characters count double). */
function displayWidth(v: SampleCell): number {
  if (v === null) return 0;
  if (v instanceof Date) return 10;
  const s = String(v);
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += cp >= 0x1100 && !(cp >= 0xff61 && cp <= 0xff9f) ? 2 : 1;
  }
  return w;
}

/** Column widths from the header and the first rows, between 8 and 48. */
export function columnWidths(sheet: SampleSheet, sampleRows = 300): number[] {
  return sheet.header.map((h, c) => {
    let w = displayWidth(h) + 2; // room for the auto-filter button
    const last = Math.min(sheet.rows.length, sampleRows);
    for (let r = 0; r < last; r++) w = Math.max(w, displayWidth(sheet.rows[r][c] ?? null));
    if (sheet.dateColumns.includes(c)) w = Math.max(w, 11);
    return Math.min(48, Math.max(8, Math.ceil(w * 1.1) + 1));
  });
}

/** Writes one cell value with the shared style that fits it. */
function setCell(cell: ExcelJS.Cell, v: SampleCell, isText: boolean, styles: CellStyles): void {
  if (isText) {
    cell.value = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    cell.style = styles.text;
  } else if (v instanceof Date) {
    cell.value = v;
    cell.style = styles.date;
  } else {
    cell.value = v;
    cell.style =
      typeof v === 'number' ? styles.number : typeof v === 'boolean' ? styles.boolean : styles.string;
  }
}

type AnyWorksheet = ExcelJS.Worksheet;

function fillSheet(ws: AnyWorksheet, sheet: SampleSheet, styles: CellStyles, commitRows: boolean): void {
  const width = sheet.header.length;
  const text = new Array<boolean>(width).fill(false);
  for (const c of sheet.textColumns) text[c] = true;
  const widths = columnWidths(sheet);
  ws.columns = sheet.header.map((_h, c) => ({
    width: widths[c],
    // Column default: new entries in code/ID columns are text too.
    style: text[c] ? { numFmt: '@' } : {},
  }));

  const headerRow = ws.getRow(1);
  sheet.header.forEach((h, c) => {
    const cell = headerRow.getCell(c + 1);
    cell.value = h;
    cell.style = styles.header;
  });
  if (commitRows) headerRow.commit();

  for (let r = 0; r < sheet.rows.length; r++) {
    const values = sheet.rows[r];
    const row = ws.getRow(r + 2);
    for (let c = 0; c < width; c++) {
      const v = values[c];
      if (v === null || v === undefined || v === '') continue;
      setCell(row.getCell(c + 1), v, text[c], styles);
    }
    if (commitRows) row.commit();
  }

  const lastRow = Math.max(1, sheet.rows.length + 1);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: Math.max(1, width) } };
}

const FROZEN_HEADER: Partial<ExcelJS.WorksheetView>[] = [
  { state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2' },
];

/**
 * Writes the roster to `target` (atomically: a temporary file in the same folder, then a rename).
 */
export async function writeRosterXlsx(
  data: RosterData,
  target: string,
  opts: WriteRosterOptions = {},
): Promise<void> {
  const totalRows = data.sheets.reduce((n, s) => n + s.rows.length, 0);
  const streaming = opts.streaming ?? totalRows > STREAMING_THRESHOLD_ROWS;
  const styles = makeStyles();
  // Invented people only: not personal data, so a new file gets the usual mode (atomic-write.ts).
  await writeFileAtomic(
    target,
    async (_fh, temp) => {
      if (streaming) {
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
          filename: temp,
          useStyles: true,
          useSharedStrings: false,
        });
        wb.creator = 'kakari-roster sample';
        for (const sheet of data.sheets) {
          const ws = wb.addWorksheet(sheet.name, { views: FROZEN_HEADER });
          fillSheet(ws, sheet, styles, true);
          ws.commit();
        }
        await wb.commit();
      } else {
        const wb = new ExcelJS.Workbook();
        wb.creator = 'kakari-roster sample';
        for (const sheet of data.sheets) {
          const ws = wb.addWorksheet(sheet.name, { views: FROZEN_HEADER });
          fillSheet(ws, sheet, styles, false);
        }
        await wb.xlsx.writeFile(temp);
      }
    },
    { private: false },
  );
}

/** Per sheet, the header row followed by the data rows (the cells as generated, not copied). */
export function rosterToArrays(data: RosterData): Array<{ name: string; rows: SampleCell[][] }> {
  return data.sheets.map((s) => {
    const rows = new Array<SampleCell[]>(s.rows.length + 1);
    rows[0] = s.header.slice();
    for (let r = 0; r < s.rows.length; r++) rows[r + 1] = s.rows[r];
    return { name: s.name, rows };
  });
}

/**
 * The roster as the package reader would read the written file (src/sheets/types.ts): text
 * columns as strings, dates as UTC-midnight Date values, no tables, merges or formulas.
 */
export function rosterToSnapshot(data: RosterData): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = rosterToArrays(data).map(({ name, rows }) => ({
    name,
    hidden: false,
    protected: false,
    rows,
    tables: [],
    merges: [],
  }));
  return { sheets, date1904: false, protected: false, definedNames: new Map() };
}
