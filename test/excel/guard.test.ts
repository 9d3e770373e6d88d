/** guardText: text written through Office.js `values` must stay exactly that text (SPEC §5.1.11). */
import { createExcelDouble } from '@kakari-roster/excel-double';
import { guardText, needsGuard } from '../../src/excel/guard';

describe('guardText', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+81', "'+81"],
    ['-', "'-"],
    ['@x', "'@x"],
    ['123', "'123"],
    ['1,234', "'1,234"],
    ['2025/12/1', "'2025/12/1"],
    ['50%', "'50%"],
    ['TRUE', "'TRUE"],
    ['false', "'false"],
    ['#N/A', "'#N/A"],
    ["'quoted", "''quoted"],
    ['0001', "'0001"],
    ['4017716434', "'4017716434"],
    ['１．５', "'１．５"],
    ['＝SUM(A1)', "'＝SUM(A1)"],
    ['令和7年12月1日', "'令和7年12月1日"],
    ['R7.12.1', "'R7.12.1"],
    ['12月1日', "'12月1日"],
    ['Dec 1', "'Dec 1"],
    ['10:30', "'10:30"],
    ['(123)', "'(123)"],
    ['$5', "'$5"],
    ['2026-01-31 10:00 (JST)', "'2026-01-31 10:00 (JST)"],
  ])('%s is guarded', (input, expected) => {
    expect(guardText(input)).toBe(expected);
  });

  test.each([
    'OK',
    '要件充足',
    '修了証あり',
    'エラー：受講日が空です',
    '実地研修1件で要件充足',
    '（地区未設定）',
    '',
    ' ',
    'December',
    'Mr. X',
    '判定_状態',
  ])('%s is written as it is', (input) => {
    expect(needsGuard(input)).toBe(false);
    expect(guardText(input)).toBe(input);
  });
});

describe('guardText on the Excel double (which coerces written text like Excel)', () => {
  const CASES = [
    '=1+1',
    '+81',
    '-',
    '@x',
    '123',
    '1,234',
    '2025/12/1',
    '50%',
    'TRUE',
    '#N/A',
    'OK',
    '要件充足',
    "'quoted",
    '0001',
    '12:30',
  ];

  test('every case is stored as exactly its text', async () => {
    const d = createExcelDouble({ sheets: ['Sheet1'] });
    await d.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      ws.getRange(`A1:A${CASES.length}`).values = CASES.map((s) => [guardText(s)]);
      ws.getRange(`B1:B${CASES.length}`).values = CASES.map((s) => [s]);
      await context.sync();
    });
    const sh = d.workbook.sheet('Sheet1');
    CASES.forEach((s, i) => {
      const cell = sh.cell(i + 1, 1);
      expect({ s, value: cell.value, formula: cell.formula }).toEqual({ s, value: s, formula: null });
    });
    // Unguarded, the double converts like Excel: the guard is what keeps the text.
    expect(sh.cell(5, 2).value).toBe(123);
    expect(sh.cell(1, 2).formula).toBe('=1+1');
    expect(sh.cell(9, 2).value).toBe(true);
  });
});
