/** The sample roster as an .xlsx, with a few user additions the writers must leave alone. */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateRoster } from '../../src/sample/generate';
import { writeRosterXlsx } from '../../src/sample/writeSample';

export const USER_RULE_FORMULA = 'LEN($B2)>20';

/**
 * The sample (decorated: 和暦 dates, full-width units, deliberate input errors, so 入力チェック has
 * many rows) plus, on 医師: a user column 備考 right of the data, a user column 判定_メモ (looks
 * owned, is not), and a user conditional format on column B.
 */
export async function sampleFixture(doctors = 120, seed = 5): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-excel-'));
  try {
    const file = path.join(dir, 'sample.xlsx');
    await writeRosterXlsx(generateRoster({ doctors, seed }), file, { streaming: false });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('医師')!;
    const width = ws.getRow(1).cellCount;
    ws.getCell(1, width + 1).value = '備考';
    ws.getCell(3, width + 1).value = '休会中';
    ws.getCell(5, width + 1).value = '=要確認';
    ws.getCell(1, width + 2).value = '判定_メモ';
    ws.getCell(2, width + 2).value = 'ユーザーのメモ';
    ws.addConditionalFormatting({
      ref: `B2:B${ws.rowCount}`,
      rules: [
        {
          type: 'expression',
          priority: 1,
          formulae: [USER_RULE_FORMULA],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFFF00' } } },
        } as ExcelJS.ConditionalFormattingRule,
      ],
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
