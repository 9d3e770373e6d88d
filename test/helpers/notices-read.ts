/** Reads a notices workbook back: letters (split at the manual page breaks) and the print setup. */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';

export interface LetterRead {
  /** First and last 1-based row of the letter. */
  first: number;
  last: number;
  /** Non-empty cell texts, row by row, left to right. */
  lines: string[][];
  /** All texts joined with a newline. */
  text: string;
}

export interface NoticeSheetRead {
  name: string;
  letters: LetterRead[];
  /** Rows below which a manual break lies. */
  breaks: number[];
  xml: string;
  /** Horizontal alignment of the first cell of each letter (the date line). */
  dateAlign: (string | undefined)[];
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in (v as object))
    return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
  return String(v);
}

/** The sheets of a notices workbook, letters split at the <brk> rows of each sheet's XML. */
export async function readNotices(bytes: Uint8Array): Promise<NoticeSheetRead[]> {
  const files = unzipSync(bytes);
  const wbXml = strFromU8(files['xl/workbook.xml']);
  const names = [...wbXml.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return names.map((name, i) => {
    const xml = strFromU8(files[`xl/worksheets/sheet${i + 1}.xml`]);
    const breaks = [...xml.matchAll(/<brk id="(\d+)"[^>]*man="1"/g)].map((m) => Number(m[1]));
    const ws = wb.getWorksheet(name)!;
    const last = ws.rowCount;
    const bounds = [0, ...breaks, last];
    const letters: LetterRead[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const first = bounds[k] + 1;
      const end = bounds[k + 1];
      const lines: string[][] = [];
      for (let r = first; r <= end; r++) {
        const row = ws.getRow(r);
        const cells: string[] = [];
        for (let c = 1; c <= 4; c++) {
          const cell = row.getCell(c);
          if (cell.isMerged && cell.master.address !== cell.address) continue;
          const t = cellText(cell.value);
          if (t !== '') cells.push(t);
        }
        if (cells.length) lines.push(cells);
      }
      letters.push({ first, last: end, lines, text: lines.map((l) => l.join('\t')).join('\n') });
    }
    const dateAlign = letters.map((l) => ws.getCell(l.first, 1).alignment?.horizontal);
    return { name, letters, breaks, xml, dateAlign };
  });
}
