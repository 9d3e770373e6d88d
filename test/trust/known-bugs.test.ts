/**
 * Open questions found by the trust properties, pinned with `test.failing`: the body asserts what
 * a user would expect and currently fails, so the suite stays green; once it is settled and fixed
 * the test starts to "fail" — then make it a plain `test` (or delete it if the SPEC's letter is
 * confirmed). The writer defects found the same way (shared ExcelJS styles, characters outside the
 * BMP) are fixed by the new writer and guarded in ownership.test.ts.
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

const training = (wb: ExcelJS.Workbook) =>
  wb.addWorksheet('研修記録').addRow(['会員番号', '受講日', '区分', '単位']);

test.failing(
  'SPEC QUESTION (§5.1.3–5): a note below the roster, where an owned column is added, is erased',
  async () => {
    // Placement and the in-the-way check look only at the header row … last read row; the writers
    // then clear the owned columns below the last read row — cells that were never the tool's.
    // Suggested: clear below the last read row only in columns that already existed (`exists`).
    const wb = new ExcelJS.Workbook();
    const doc = wb.addWorksheet('医師');
    doc.addRow(['会員番号', '氏名']);
    doc.addRow(['0001', '山田']);
    doc.getCell('C6').value = '大事なメモ';
    training(wb);
    const input = path.join(dir, 'in.xlsx');
    const out = path.join(dir, 'out.xlsx');
    await wb.xlsx.writeFile(input);
    expect((await cli(['recalc', input, '-o', out])).code).toBe(0);
    expect((await loadXlsx(out)).getWorksheet('医師')!.getCell('C6').value).toBe('大事なメモ');
  },
);
