import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { generateRoster, type RosterData } from '../../src/sample/generate';
import {
  columnWidths,
  rosterToArrays,
  rosterToSnapshot,
  writeRosterXlsx,
} from '../../src/sample/writeSample';
import { sheet } from './sampleHelpers';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-sample-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// 北海道 (prefecture 01): codes start with 0, so a numeric cell would lose it.
const data = generateRoster({ doctors: 300, seed: 3, clinics: 'national', prefecture: '01' });

async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Checks a written workbook against the roster it came from. */
async function expectRoundTrip(wb: ExcelJS.Workbook, roster: RosterData): Promise<void> {
  expect(wb.worksheets.map((w) => w.name)).toEqual(roster.sheets.map((s) => s.name));
  for (const s of roster.sheets) {
    const ws = wb.getWorksheet(s.name)!;
    expect(ws.getRow(1).values).toEqual([undefined, ...s.header]);
    expect(ws.rowCount).toBe(s.rows.length + 1);
    // Header: bold, filled, frozen; an auto-filter over the whole table.
    expect(ws.getCell(1, 1).font?.bold).toBe(true);
    expect(ws.getCell(1, 1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:${String.fromCharCode(64 + s.header.length)}${s.rows.length + 1}`);
    for (let r = 0; r < s.rows.length; r++) {
      for (const c of s.textColumns) {
        const want = s.rows[r][c];
        const cell = ws.getCell(r + 2, c + 1);
        if (want === null) {
          expect(cell.value).toBeNull();
          continue;
        }
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(want);
        expect(cell.numFmt).toBe('@');
      }
      for (const c of s.dateColumns) {
        const want = s.rows[r][c];
        const cell = ws.getCell(r + 2, c + 1);
        if (want instanceof Date) {
          expect(cell.value).toEqual(want);
          expect(cell.numFmt).toBe('yyyy/mm/dd');
        } else {
          expect(cell.value).toBe(want);
        }
      }
    }
  }
}

describe('writeRosterXlsx', () => {
  test('in-memory writer: sheets, headers, text-typed codes with leading 0 / full-width / hyphens kept, real dates', async () => {
    const file = path.join(dir, 'sample.xlsx');
    await writeRosterXlsx(data, file, { streaming: false });
    const wb = await readBack(file);
    await expectRoundTrip(wb, data);
    const codes = sheet(data, '医療機関').rows.map((r) => r[0] as string);
    expect(codes.every((c) => c.startsWith('01') || c.startsWith('０１'))).toBe(true);
    expect(wb.getWorksheet('医療機関')!.getCell('A2').value).toMatch(/^01\d{8}$/);
    // Decorated codes are written verbatim as text.
    const doctorCodes = sheet(data, '医師').rows.map((r) => r[3]);
    expect(doctorCodes.some((c) => typeof c === 'string' && /^[０-９]{10}$/.test(c))).toBe(true);
    expect(doctorCodes.some((c) => typeof c === 'string' && c.includes('-'))).toBe(true);
    // Other values keep their type: numbers (units, yyyymmdd dates) and text (和暦).
    const training = wb.getWorksheet('研修記録')!;
    const rows = sheet(data, '研修記録').rows;
    const i = rows.findIndex((r) => typeof r[1] === 'number');
    expect(training.getCell(i + 2, 2).value).toBe(rows[i][1]);
    expect(training.getCell(i + 2, 2).type).toBe(ExcelJS.ValueType.Number);
    const j = rows.findIndex((r) => typeof r[4] === 'number');
    expect(training.getCell(j + 2, 5).value).toBe(rows[j][4]);
    // Code columns are text by default for new entries; widths are set.
    expect(wb.getWorksheet('医師')!.getColumn(1).numFmt).toBe('@');
    expect(wb.getWorksheet('研修記録')!.getColumn(4).width).toBeGreaterThan(20);
    // No temporary file is left behind.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('streaming writer gives the same workbook content', async () => {
    const file = path.join(dir, 'streamed.xlsx');
    await writeRosterXlsx(data, file, { streaming: true });
    await expectRoundTrip(await readBack(file), data);
  });

  test('large rosters stream by default (> 50,000 rows) and read back', async () => {
    const big = generateRoster({ doctors: 4500, seed: 8, decorate: false });
    expect(big.sheets.reduce((n, s) => n + s.rows.length, 0)).toBeGreaterThan(50_000);
    const file = path.join(dir, 'big.xlsx');
    await writeRosterXlsx(big, file);
    const wb = await readBack(file);
    expect(wb.getWorksheet('研修記録')!.rowCount).toBe(sheet(big, '研修記録').rows.length + 1);
    expect(wb.getWorksheet('医師')!.getCell('A2').value).toBe(sheet(big, '医師').rows[0][0]);
  });

  test('a failed write leaves neither the target nor a temporary file', async () => {
    const target = path.join(dir, 'missing-folder', 'x.xlsx');
    await expect(writeRosterXlsx(data, target, { streaming: false })).rejects.toThrow();
    await expect(writeRosterXlsx(data, target, { streaming: true })).rejects.toThrow();
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('column widths fit the header and the values, within 8–48', () => {
    const s = sheet(data, '医療機関');
    const w = columnWidths(s);
    expect(w).toHaveLength(s.header.length);
    for (const x of w) expect(x >= 8 && x <= 48).toBe(true);
    expect(w[0]).toBeGreaterThanOrEqual(12); // 医療機関コード + a 10-digit code
  });
});

describe('rosterToArrays / rosterToSnapshot', () => {
  test('per sheet, the header row then the data rows (same cell values)', () => {
    const arrays = rosterToArrays(data);
    expect(arrays.map((a) => a.name)).toEqual(data.sheets.map((s) => s.name));
    arrays.forEach((a, k) => {
      expect(a.rows[0]).toEqual(data.sheets[k].header);
      expect(a.rows.length).toBe(data.sheets[k].rows.length + 1);
      expect(a.rows[1]).toBe(data.sheets[k].rows[0]);
    });
  });

  test('snapshot has the adapter shape (visible, unprotected, no tables)', () => {
    const snap = rosterToSnapshot(data);
    expect(snap.date1904).toBe(false);
    expect(snap.sheets.map((s) => [s.name, s.hidden, s.protected, s.tables.length])).toEqual(
      data.sheets.map((s) => [s.name, false, false, 0]),
    );
    expect(snap.sheets[0].rows[0]).toEqual(data.sheets[0].header);
  });
});
