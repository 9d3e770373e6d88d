/**
 * Owned columns added to a 300,000-row Excel table on Excel on the web (SPEC §5.1.3, §7 rev 2):
 * TableColumnCollection.add would fail with OperationCellsExceedLimit (a user column lies right
 * of the table); with ExcelApi 1.13 the columns are written beside the table and Table.resize
 * takes them in, so nothing shifts.
 */
import { createExcelDouble, type ExcelDouble } from '@kakari-roster/excel-double';
import type { SetupValue } from '@kakari-roster/excel-double';
import { runAddin } from './helpers';

const ROWS = 300_000;

function tableDouble(excelApi: string, rows = ROWS, web = true): ExcelDouble {
  const doctors: SetupValue[][] = [['会員番号', '氏名']];
  for (let i = 1; i <= 50; i++) doctors.push([String(i).padStart(5, '0'), `医師 ${i}`]);
  const records: SetupValue[][] = new Array(rows + 1);
  records[0] = ['会員番号', '受講日', '区分', '研修名', '単位', null, 'メモ'];
  for (let i = 1; i <= rows; i++)
    records[i] = [
      String((i % 50) + 1).padStart(5, '0'),
      45900 + (i % 200),
      '座学',
      `講座${i}`,
      0.5,
      null,
      null,
    ];
  // A user note right of the table (column G), away from the columns about to be added.
  records[2][6] = '確認済み';
  const d = createExcelDouble({ sheets: { 医師: doctors, 研修記録: records }, excelApi, host: { web } });
  d.workbook.sheet('研修記録').addTable('研修表', `A1:E${rows + 1}`);
  return d;
}

test('ExcelApi 1.13 on the web: values beside the table, then Table.resize — the note does not move', async () => {
  const d = tableDouble('1.13');
  const res = await runAddin(d);
  const [table] = d.workbook.tables();
  expect(table.address).toBe(`A1:F${ROWS + 1}`);
  expect(table.columns).toEqual(['会員番号', '受講日', '区分', '研修名', '単位', '判定_チェック']);
  const sh = d.workbook.sheet('研修記録');
  expect(sh.cell('F1').value).toBe('判定_チェック');
  expect(sh.cell(`F${ROWS + 1}`).value).toBe('OK');
  // The user's note stays where it was (nothing shifted).
  expect(sh.cell('G3').value).toBe('確認済み');
  expect(res.result.counts.training.read).toBe(ROWS);
});

test('without ExcelApi 1.13 the fallback adds a table column, which Excel on the web refuses past the limit', async () => {
  const d = tableDouble('1.12');
  await expect(runAddin(d)).rejects.toMatchObject({ code: 'OperationCellsExceedLimit' });
});

test('without ExcelApi 1.13 on the desktop: TableColumnCollection.add shifts the cells right of the table', async () => {
  const d = tableDouble('1.12', 2_000, false);
  await runAddin(d);
  const [table] = d.workbook.tables();
  expect(table.address).toBe('A1:F2001');
  const sh = d.workbook.sheet('研修記録');
  expect(sh.cell('F1').value).toBe('判定_チェック');
  // Excel inserted cells for the new column: the note moved from G3 to H3.
  expect(sh.cell('H3').value).toBe('確認済み');
});
