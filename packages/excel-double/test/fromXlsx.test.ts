import ExcelJS from 'exceljs';
import { createExcelDouble } from '../src';
import { loadWorkbookFromXlsx } from '../src/fromXlsx';

async function buildFile(configure: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  configure(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function roster(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('医師');
  ws.addRow(['会員番号', '氏名', '修了日', '単位', '判定', 'リンク', '備考']);
  ws.addRow([
    '0001',
    '山田 太郎',
    new Date(Date.UTC(2025, 11, 1)),
    1.5,
    { formula: 'D2*2', result: 3 },
    { text: 'サイト', hyperlink: 'https://example.jp/' },
    { richText: [{ text: '太字', font: { bold: true } }, { text: 'と普通' }] },
  ]);
  ws.addRow([
    '0002',
    '佐藤 花子',
    new Date(Date.UTC(1900, 0, 1)),
    { error: '#N/A' },
    { formula: 'D3*2', result: { error: '#N/A' } },
    null,
    '',
  ]);
  ws.getCell('D2').numFmt = '0.0';
  ws.getCell('A1').font = { bold: true, color: { argb: 'FF9C0006' } };
  ws.getCell('A1').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
  ws.getColumn(2).width = 20;
  ws.mergeCells('A10:C11');
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
  (ws as unknown as { dataValidations: { add(a: string, v: unknown): void } }).dataValidations.add('H2:H5', {
    type: 'list',
    allowBlank: true,
    formulae: ['"座学,実地"'],
  });
  ws.addConditionalFormatting({
    ref: 'E2:E100',
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: ['$E2>2'],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } },
      },
    ],
  });
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
  };
  ws.headerFooter = { oddFooter: '&C&P / &N' };
  ws.protect('', { formatCells: true });

  const clinics = wb.addWorksheet('医療機関');
  clinics.addTable({
    name: 'Clinics',
    ref: 'B2',
    headerRow: true,
    columns: [{ name: '医療機関コード' }, { name: '名称' }],
    rows: [
      ['4017716434', '小倉クリニック'],
      ['4017716435', '北九州医院'],
    ],
  });
  const hidden = wb.addWorksheet('設定');
  hidden.state = 'hidden';
  hidden.getCell('A1').value = 'as-of';
  wb.definedNames.add("'医療機関'!$B$2", '_KakariRoster_医療機関');
}

describe('loadWorkbookFromXlsx', () => {
  test('values, dates, formulas, rich text, hyperlinks and errors', async () => {
    const state = await loadWorkbookFromXlsx(await buildFile(roster));
    const d = createExcelDouble({ state });
    const s = d.workbook.sheet('医師');
    expect(s.values('A1:G3')).toEqual([
      ['会員番号', '氏名', '修了日', '単位', '判定', 'リンク', '備考'],
      ['0001', '山田 太郎', 45992, 1.5, 3, 'サイト', '太字と普通'],
      ['0002', '佐藤 花子', 1, '#N/A', '#N/A', '', ''],
    ]);
    expect(s.cell('E2')).toMatchObject({ formula: '=D2*2', value: 3 });
    expect(s.cell('D3')).toMatchObject({ type: 'Error', value: '#N/A' });
    expect(s.cell('C2')).toMatchObject({ numberFormat: 'mm-dd-yy', text: '12-01-25' });
    expect(s.cell('D2')).toMatchObject({ numberFormat: '0.0', text: '1.5' });
    expect(s.cell('F2').hyperlink).toEqual({ address: 'https://example.jp/' });
    expect(s.cell('A1').format).toMatchObject({ fill: '#FFC7CE', font: { bold: true, color: '#9C0006' } });
    expect(s.columnWidth('B')).toBeGreaterThan(100);
  });

  test('sheets, visibility, protection, merges, freeze panes, validation, conditional formats, page setup', async () => {
    const state = await loadWorkbookFromXlsx(await buildFile(roster));
    const d = createExcelDouble({ state });
    expect(d.workbook.sheetNames()).toEqual(['医師', '医療機関', '設定']);
    expect(d.workbook.sheet('設定').visibility).toBe('Hidden');
    const s = d.workbook.sheet('医師');
    expect(s.protected).toBe(true);
    expect(s.merges()).toEqual(['A10:C11']);
    expect(s.freezePanes).toEqual({ rows: 1, columns: 0 });
    expect(s.dataValidations()).toEqual([
      {
        ranges: ['H2:H5'],
        rule: { list: { inCellDropDown: true, source: '座学,実地' } },
        errorAlert: expect.any(Object),
        prompt: expect.any(Object),
        ignoreBlanks: true,
      },
    ]);
    expect(s.conditionalFormats()).toEqual([
      expect.objectContaining({
        type: 'Custom',
        ranges: ['E2:E100'],
        rule: { formula: '=$E2>2' },
        format: { fillColor: '#FFC7CE' },
      }),
    ]);
    expect(s.pageLayout()).toMatchObject({
      orientation: 'Landscape',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: '$1:$1',
    });
    expect(
      (s.pageLayout().headersFooters as { defaultForAllPages: { centerFooter: string } }).defaultForAllPages
        .centerFooter,
    ).toBe('&P / &N');
  });

  test('tables and defined names', async () => {
    const state = await loadWorkbookFromXlsx(await buildFile(roster));
    const d = createExcelDouble({ state });
    expect(d.workbook.tables()).toEqual([
      {
        name: 'Clinics',
        id: '1',
        sheet: '医療機関',
        address: 'B2:C4',
        columns: ['医療機関コード', '名称'],
        showTotals: false,
        style: 'TableStyleMedium2',
      },
    ]);
    expect(d.workbook.names()).toEqual([
      { name: '_KakariRoster_医療機関', formula: '=医療機関!$B$2', visible: true, comment: '', scope: null },
    ]);
  });

  test('the loaded workbook works through the proxy API (reads, protection, tables)', async () => {
    const state = await loadWorkbookFromXlsx(await buildFile(roster));
    const d = createExcelDouble({ state });
    await d.Excel.run(async (ctx) => {
      const used = ctx.workbook.worksheets.getItem('医師').getUsedRange(true).load('address,values');
      const t = ctx.workbook.tables.getItem('Clinics');
      const body = t.getDataBodyRange().load('values');
      const p = ctx.workbook.worksheets.getItem('医師').protection.load('protected');
      const n = ctx.workbook.names.getItem('_KakariRoster_医療機関').getRange().load('address');
      await ctx.sync();
      expect(used.address).toBe('医師!A1:G3');
      expect(body.values).toEqual([
        ['4017716434', '小倉クリニック'],
        ['4017716435', '北九州医院'],
      ]);
      expect(p.protected).toBe(true);
      expect(n.address).toBe('医療機関!B2');
    });
    // Formats are allowed on the protected sheet (formatCells: true), contents are not.
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('医師').getRange('A1').format.font.italic = true;
      await ctx.sync();
    });
    await expect(
      d.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('医師').getRange('A1').values = [['x']];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  test('a date1904 workbook gives 1904-system serials, as Office.js reports them', async () => {
    const buf = await buildFile((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = new Date(Date.UTC(2025, 11, 1));
      ws.getCell('A2').value = new Date(Date.UTC(1904, 0, 2));
    });
    const state = await loadWorkbookFromXlsx(buf);
    expect(state.date1904).toBe(true);
    const d = createExcelDouble({ state });
    expect(d.workbook.sheet('S').values('A1:A2')).toEqual([[45992 - 1462], [1]]);
    // ExcelJS writes dates with the built-in format 14 (mm-dd-yy); the text uses the 1904 calendar.
    expect(d.workbook.sheet('S').cell('A1')).toMatchObject({ numberFormat: 'mm-dd-yy', text: '12-01-25' });
  });

  test('accepts an ArrayBuffer and a Uint8Array', async () => {
    const buf = await buildFile((wb) => wb.addWorksheet('X').addRow([1, 'two']));
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const a = await loadWorkbookFromXlsx(ab);
    const b = await loadWorkbookFromXlsx(new Uint8Array(buf));
    expect(createExcelDouble({ state: a }).workbook.sheet('X').values('A1:B1')).toEqual([[1, 'two']]);
    expect(createExcelDouble({ state: b }).workbook.sheet('X').values('A1:B1')).toEqual([[1, 'two']]);
  });

  test('a formula without a cached result gets the double’s own evaluation', async () => {
    const buf = await buildFile((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = 2;
      ws.getCell('A2').value = { formula: 'A1*21' } as ExcelJS.CellFormulaValue;
    });
    const d = createExcelDouble({ state: await loadWorkbookFromXlsx(buf) });
    expect(d.workbook.sheet('S').cell('A2')).toMatchObject({ value: 42, formula: '=A1*21' });
  });
});
