/**
 * A user's note below the roster, to the right of the data: owned columns are added right of it,
 * because the writers clear owned columns below the last read row (SPEC §5.1.5) — the note is never
 * erased, and a re-run leaves it where it is.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as path from 'path';
import { cli, loadXlsx, tempDir } from './xlsx';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('a note below the roster survives recalc and a re-run; owned columns go right of it', async () => {
  const wb = new ExcelJS.Workbook();
  const doc = wb.addWorksheet('医師');
  doc.addRow(['会員番号', '氏名']);
  doc.addRow(['0001', '山田']);
  doc.getCell('C6').value = '大事なメモ';
  wb.addWorksheet('研修記録').addRow(['会員番号', '受講日', '区分', '単位']);
  const input = path.join(dir, 'in.xlsx');
  const out1 = path.join(dir, 'out1.xlsx');
  const out2 = path.join(dir, 'out2.xlsx');
  await wb.xlsx.writeFile(input);
  expect((await cli(['recalc', input, '-o', out1])).code).toBe(0);
  expect((await cli(['recalc', out1, '-o', out2])).code).toBe(0);
  for (const f of [out1, out2]) {
    const ws = (await loadXlsx(f)).getWorksheet('医師')!;
    expect(ws.getCell('C6').value).toBe('大事なメモ');
    expect(ws.getCell('C1').value).toBeNull();
    expect(ws.getCell('D1').value).toBe('判定_座学単位');
    expect(ws.getCell('J2').value).toBe('実地研修1件と座学5単位で要件充足');
  }
});
