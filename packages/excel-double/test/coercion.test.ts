import { createExcelDouble, ExcelDouble } from '../src';
import { formatText } from '../src/numfmt';

const NOW = new Date(2025, 5, 15, 12, 0, 0);

function fresh(): ExcelDouble {
  return createExcelDouble({ workbookOptions: { now: () => NOW } });
}

/** Write one string through Range.values into A1 and return what Excel would store. */
async function write(
  input: unknown,
  opts: { numberFormat?: string; double?: ExcelDouble; property?: 'values' | 'formulas' } = {},
) {
  const d = opts.double ?? fresh();
  await d.Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
    if (opts.numberFormat) r.numberFormat = [[opts.numberFormat]];
    if (opts.property === 'formulas') r.formulas = [[input]];
    else r.values = [[input]];
    await ctx.sync();
  });
  const c = d.workbook.sheet('Sheet1').cell('A1');
  return {
    value: c.value,
    type: c.type,
    formula: c.formula,
    numberFormat: c.numberFormat,
    quotePrefix: c.quotePrefix,
    text: c.text,
  };
}

describe('coercion of strings written through Range.values', () => {
  const cases: [string, string | number | boolean | null, string][] = [
    // [input, stored value, number format after the write]
    ['123', 123, 'General'],
    [' 12 ', 12, 'General'],
    ['0123', 123, 'General'],
    ['4017716434', 4017716434, 'General'],
    ['-5', -5, 'General'],
    ['+5', 5, 'General'],
    ['.5', 0.5, 'General'],
    ['5.', 5, 'General'],
    ['1,234', 1234, '#,##0'],
    ['1,234.5', 1234.5, '#,##0.00'],
    ['(123)', -123, 'General'],
    ['1e5', 100000, '0.00E+00'],
    ['50%', 0.5, '0%'],
    ['12.5%', 0.125, '0.00%'],
    ['$1,234', 1234, '$#,##0'],
    ['12345678901234567890', 12345678901234500000, 'General'],
    ['2025-12-01', 45992, 'yyyy/m/d'],
    ['2025/12/1', 45992, 'yyyy/m/d'],
    ['12/1/2025', 45992, 'yyyy/m/d'],
    ['12/1/25', 45992, 'yyyy/m/d'],
    ['1-Dec-2025', 45992, 'd-mmm-yy'],
    ['Dec 1, 2025', 45992, 'd-mmm-yy'],
    ['12/1', 45992, 'd-mmm'],
    ['2025-12', 45992, 'mmm-yy'],
    ['1900-01-01', 1, 'yyyy/m/d'],
    ['1900-02-29', 60, 'yyyy/m/d'],
    ['1900-03-01', 61, 'yyyy/m/d'],
    ['10:30', 0.4375, 'h:mm'],
    ['10:30:15', (10 * 3600 + 30 * 60 + 15) / 86400, 'h:mm:ss'],
    ['2025-12-01 10:30', 45992.4375, 'yyyy/m/d h:mm'],
    ['TRUE', true, 'General'],
    ['false', false, 'General'],
    ['#N/A', '#N/A', 'General'],
    ['#div/0!', '#DIV/0!', 'General'],
  ];
  test.each(cases)('%j is stored as %j with format %j', async (input, value, fmt) => {
    const out = await write(input);
    expect(out.value).toBe(value);
    expect(out.numberFormat).toBe(fmt);
    expect(out.formula).toBeNull();
    expect(out.quotePrefix).toBe(false);
  });

  const texts = [
    'abc',
    '1,23',
    '１２３',
    '2025年12月1日',
    '令和7年12月1日',
    '2025-02-30',
    '13/1/2025',
    '-',
    '=',
    'R7.12.1',
    '1 1/2',
    '¥1,000',
  ];
  test.each(texts)('%j stays text', async (input) => {
    const out = await write(input);
    expect(out.value).toBe(input);
    expect(out.type).toBe('String');
    expect(out.numberFormat).toBe('General');
  });

  test('error values read back as their text with valueTypes Error', async () => {
    const d = fresh();
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B1');
      r.values = [['#N/A', '#REF!']];
      r.load('values, valueTypes, text');
      await ctx.sync();
      expect(r.values).toEqual([['#N/A', '#REF!']]);
      expect(r.valueTypes).toEqual([['Error', 'Error']]);
      expect(r.text).toEqual([['#N/A', '#REF!']]);
    });
  });

  test('a leading apostrophe keeps the rest as text and sets the quote prefix', async () => {
    expect(await write("'0123")).toMatchObject({
      value: '0123',
      type: 'String',
      quotePrefix: true,
      formula: null,
    });
    expect(await write("'=1+2")).toMatchObject({
      value: '=1+2',
      type: 'String',
      quotePrefix: true,
      formula: null,
    });
    expect(await write("'TRUE")).toMatchObject({ value: 'TRUE', type: 'String', quotePrefix: true });
    expect(await write("''x")).toMatchObject({ value: "'x", quotePrefix: true });
  });

  test('the quote prefix goes away when a plain value is written over it', async () => {
    const d = fresh();
    await write("'0123", { double: d });
    const out = await write('7', { double: d });
    expect(out).toMatchObject({ value: 7, quotePrefix: false });
  });

  test("a cell formatted as text ('@') keeps what is written", async () => {
    expect(await write('0123', { numberFormat: '@' })).toMatchObject({
      value: '0123',
      type: 'String',
      numberFormat: '@',
    });
    expect(await write('2025-12-01', { numberFormat: '@' })).toMatchObject({
      value: '2025-12-01',
      numberFormat: '@',
    });
    expect(await write('=1+2', { numberFormat: '@' })).toMatchObject({ value: '=1+2', formula: null });
    expect(await write('TRUE', { numberFormat: '@' })).toMatchObject({ value: 'TRUE', type: 'String' });
  });

  test('an existing number format is kept when a date or percent is written', async () => {
    expect(await write('2025-12-01', { numberFormat: '0.00' })).toMatchObject({
      value: 45992,
      numberFormat: '0.00',
    });
    expect(await write('50%', { numberFormat: '0.0' })).toMatchObject({ value: 0.5, numberFormat: '0.0' });
  });

  test('strings starting with = + - @ that are not numbers become formulas', async () => {
    expect(await write('=1+2')).toMatchObject({ value: 3, formula: '=1+2', type: 'Double' });
    expect(await write('-abc')).toMatchObject({ value: '#NAME?', formula: '=-abc', type: 'Error' });
    expect(await write('+abc')).toMatchObject({ value: '#NAME?', formula: '=+abc' });
    expect(await write('-3+1')).toMatchObject({ value: -2, formula: '=-3+1' });
    expect(await write('@abc')).toMatchObject({ value: '#NAME?', formula: '=abc' });
    expect(await write('=A2&"!"')).toMatchObject({ value: '!', formula: '=A2&"!"' });
  });

  test('a text that does not parse as a formula is rejected like Excel does (InvalidArgument)', async () => {
    const d = fresh();
    await expect(write('=SUM(', { double: d })).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(write('- 備考 です', { double: d })).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('formulas property: constants are coerced too, formulas read back', async () => {
    expect(await write('123', { property: 'formulas' })).toMatchObject({ value: 123, formula: null });
    expect(await write('=2*3', { property: 'formulas' })).toMatchObject({ value: 6, formula: '=2*3' });
  });

  test('null leaves a cell unchanged, "" clears it (value and formula, not the format)', async () => {
    const d = fresh();
    d.workbook
      .sheet('Sheet1')
      .setValues('A1', [['keep', 'gone', { formula: '=1+1' }]])
      .setNumberFormat('B1', '0.0');
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:C1').values = [[null, '', '']];
      await ctx.sync();
    });
    const s = d.workbook.sheet('Sheet1');
    expect(s.cell('A1').value).toBe('keep');
    expect(s.cell('B1')).toMatchObject({ value: null, type: 'Empty', numberFormat: '0.0' });
    expect(s.cell('C1')).toMatchObject({ value: null, formula: null });
  });

  test('numbers and booleans are stored as they are; NaN/Infinity and objects are InvalidArgument', async () => {
    expect(await write(42.5)).toMatchObject({ value: 42.5, type: 'Double' });
    expect(await write(true)).toMatchObject({ value: true, type: 'Boolean' });
    await expect(write(Number.NaN)).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(write(Infinity)).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(write({ a: 1 })).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('a JS Date travels as its JSON text and stays text (Excel does not parse ISO timestamps)', async () => {
    expect(await write(new Date(Date.UTC(2025, 11, 1)))).toMatchObject({
      value: '2025-12-01T00:00:00.000Z',
      type: 'String',
    });
  });

  test('dates in a date1904 workbook get 1904-system serials', async () => {
    const d = fresh();
    d.state.date1904 = true;
    expect(await write('1904-01-02', { double: d })).toMatchObject({ value: 1 });
    expect(await write('2025-12-01', { double: d })).toMatchObject({ value: 45992 - 1462 });
  });
});

describe('dimensions of written arrays', () => {
  test('a 2-D array must match the range exactly, else InvalidArgument at sync and nothing of it is written', async () => {
    const d = fresh();
    const run = (values: unknown) =>
      d.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2').values = values as unknown[][];
        await ctx.sync();
      });
    for (const bad of [
      [['a', 'b']],
      [['a'], ['b']],
      [['a', 'b'], ['c']],
      [
        ['a', 'b', 'c'],
        ['d', 'e', 'f'],
      ],
      [],
      ['a', 'b'],
    ]) {
      await expect(run(bad)).rejects.toMatchObject({
        code: 'InvalidArgument',
        message:
          "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
      });
    }
    expect(d.workbook.sheet('Sheet1').usedRange()).toBeNull();
    await run([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(d.workbook.sheet('Sheet1').values('A1:B2')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  test('numberFormat and formulas are checked the same way', async () => {
    const d = fresh();
    await expect(
      d.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A2').numberFormat = [['0']];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      d.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A2').formulas = [['=1'], ['=2'], ['=3']];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('a single (non-array) value is applied to every cell', async () => {
    const d = fresh();
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:B2');
      (r as unknown as { values: unknown }).values = '7';
      (r as unknown as { numberFormat: unknown }).numberFormat = '0.0';
      await ctx.sync();
    });
    expect(d.workbook.sheet('Sheet1').values('A1:B2')).toEqual([
      [7, 7],
      [7, 7],
    ]);
    expect(d.workbook.sheet('Sheet1').cell('B2').text).toBe('7.0');
  });
});

describe('formulas', () => {
  test('HYPERLINK shows its friendly name; references recalculate; errors propagate', async () => {
    const d = fresh();
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('Sheet1');
      s.getRange('A1:A3').values = [[1], [2], [3]];
      s.getRange('B1:B5').formulas = [
        [`=HYPERLINK("#'医師'!E12","E12")`],
        ['=SUM(A1:A3)'],
        ['=A1*10'],
        ['=1/0'],
        ['=SUMIFS(A1:A3,A1:A3,">1")'],
      ];
      await ctx.sync();
      const r = s.getRange('B1:B5').load('values, formulas');
      await ctx.sync();
      expect(r.values).toEqual([['E12'], [6], [10], ['#DIV/0!'], ['#NAME?']]);
      expect(r.formulas[0][0]).toBe(`=HYPERLINK("#'医師'!E12","E12")`);
      s.getRange('A1').values = [[5]];
      const again = s.getRange('B2:B3').load('values');
      await ctx.sync();
      expect(again.values).toEqual([[10], [50]]);
    });
  });

  test('references to other sheets, and to missing sheets', async () => {
    const d = createExcelDouble({ sheets: { 'My Sheet': [[4]], S: [] } });
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1:B1');
      r.formulas = [["='My Sheet'!A1+1", '=Gone!A1']];
      r.load('values');
      await ctx.sync();
      expect(r.values).toEqual([[5, '#REF!']]);
    });
  });
});

describe('Range.text rendering', () => {
  const cases: [unknown, string, string][] = [
    [0.5, '0%', '50%'],
    [0.125, '0.00%', '12.50%'],
    [1234.5, '#,##0.00', '1,234.50'],
    [1234, '#,##0', '1,234'],
    [3.14159, '0.0', '3.1'],
    [2.5, '0.0', '2.5'],
    [-5, '0;(0)', '(5)'],
    [45992, 'yyyy/m/d', '2025/12/1'],
    [45992.4375, 'yyyy-mm-dd hh:mm', '2025-12-01 10:30'],
    [45992, 'd-mmm-yy', '1-Dec-25'],
    [45992, 'dddd', 'Monday'],
    [0.4375, 'h:mm AM/PM', '10:30 AM'],
    [1 / 3, 'General', '0.333333333'],
    [123456789012, 'General', '1.23457E+11'],
    [100000, '0.00E+00', '1.00E+05'],
    [1234, '$#,##0', '$1,234'],
    [12, '"No."0', 'No.12'],
    ['x', '@', 'x'],
    [true, 'General', 'TRUE'],
  ];
  test.each(cases)('%j with %j renders %j', (v, fmt, text) => {
    expect(formatText(v as number, fmt)).toBe(text);
  });
});
