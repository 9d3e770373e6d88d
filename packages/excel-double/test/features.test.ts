import { createExcelDouble, ExcelDouble } from '../src';

async function on(
  d: ExcelDouble,
  sheet: string,
  f: (s: Excel.Worksheet, ctx: Excel.RequestContext) => void | Promise<void>,
): Promise<void> {
  await d.Excel.run(async (ctx) => {
    await f(ctx.workbook.worksheets.getItem(sheet), ctx);
    await ctx.sync();
  });
}

describe('conditional formats', () => {
  test('custom and containsText rules with fill and font; newest rule first', async () => {
    const d = createExcelDouble({ sheets: ['医師'] });
    await on(d, '医師', (s) => {
      const r = s.getRange('H2:H100');
      const a = r.conditionalFormats.add('Custom');
      a.custom.rule.formula = '=$H2="未充足"';
      a.custom.format.fill.color = '#FFC7CE';
      a.custom.format.font.color = '#9C0006';
      const b = r.conditionalFormats.add('ContainsText');
      b.textComparison.rule = { operator: 'Contains', text: '要件充足' };
      b.textComparison.format.font.bold = true;
      b.stopIfTrue = true;
    });
    expect(d.workbook.sheet('医師').conditionalFormats()).toEqual([
      {
        id: '0',
        type: 'ContainsText',
        ranges: ['H2:H100'],
        priority: 0,
        stopIfTrue: true,
        rule: { operator: 'Contains', text: '要件充足' },
        format: { fontBold: true },
      },
      {
        id: '1',
        type: 'Custom',
        ranges: ['H2:H100'],
        priority: 1,
        stopIfTrue: false,
        rule: { formula: '=$H2="未充足"' },
        format: { fillColor: '#FFC7CE', fontColor: '#9C0006' },
      },
    ]);
  });

  test('reading rules back, filtering by range, getRange, delete and clearAll', async () => {
    const d = createExcelDouble({ sheets: ['S'] });
    await on(d, 'S', (s) => {
      const a = s.getRange('A2:A10').conditionalFormats.add('Custom');
      a.custom.rule.formula = '=A2>1';
      const b = s.getRange('C2:C10').conditionalFormats.add('CellValue');
      b.cellValue.rule = { formula1: '=5', operator: 'GreaterThan' };
    });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const all = s.getRange().conditionalFormats.load('items/type,items/id,items/priority');
      const onA = s.getRange('A:A').conditionalFormats.load('type');
      const count = s.getRange('C5').conditionalFormats.getCount();
      const first = s.getRange('A:A').conditionalFormats.getItemAt(0);
      const rule = first.custom.rule.load('formula');
      const range = first.getRange().load('address');
      await ctx.sync();
      expect(all.items.map((x) => [x.type, x.priority])).toEqual([
        ['CellValue', 0],
        ['Custom', 1],
      ]);
      expect(onA.items.map((x) => x.type)).toEqual(['Custom']);
      expect(count.value).toBe(1);
      expect(rule.formula).toBe('=A2>1');
      expect(range.address).toBe('S!A2:A10');
      // The custom view of a CellValue rule does not exist.
      const wrong = s.getRange('C2').conditionalFormats.getItemAt(0).customOrNullObject.load('rule');
      await ctx.sync();
      expect(wrong.isNullObject).toBe(true);
      all.items[0].delete();
      s.getRange('A5:A6').conditionalFormats.clearAll();
      await ctx.sync();
    });
    expect(
      d.workbook
        .sheet('S')
        .conditionalFormats()
        .map((c) => c.ranges),
    ).toEqual([['A2:A4', 'A7:A10']]);
  });

  test('unsupported rule types are reported as not emulated', async () => {
    const d = createExcelDouble();
    await expect(
      on(d, 'Sheet1', (s) => void s.getRange('A1').conditionalFormats.add('DataBar')),
    ).rejects.toMatchObject({ code: 'NotEmulated' });
  });
});

describe('names', () => {
  test('add a name for a range, read it, find it case-insensitively, delete it', async () => {
    const d = createExcelDouble({ sheets: ['集計_地区', 'My Sheet'] });
    await d.Excel.run(async (ctx) => {
      ctx.workbook.names.add(
        '_KakariRoster_集計_地区',
        ctx.workbook.worksheets.getItem('集計_地区').getRange('A1'),
      );
      ctx.workbook.names.add('Other', "='My Sheet'!$B$2:$C$3", 'note');
      const n = ctx.workbook.names
        .getItemOrNullObject('_kakariroster_集計_地区')
        .load('name,type,value,formula,visible');
      const missing = ctx.workbook.names.getItemOrNullObject('Nope');
      const r = n.getRange().load('address');
      const all = ctx.workbook.names.load('items/name');
      await ctx.sync();
      expect(n.isNullObject).toBe(false);
      expect(n.name).toBe('_KakariRoster_集計_地区');
      expect(n.type).toBe('Range');
      expect(n.value).toBe('集計_地区!$A$1');
      expect(n.formula).toBe('=集計_地区!$A$1');
      expect(n.visible).toBe(true);
      expect(missing.isNullObject).toBe(true);
      expect(r.address).toBe('集計_地区!A1');
      expect(all.items.map((x) => x.name)).toEqual(['_KakariRoster_集計_地区', 'Other']);
      ctx.workbook.names.getItem('Other').delete();
      await ctx.sync();
    });
    expect(d.workbook.names()).toEqual([
      {
        name: '_KakariRoster_集計_地区',
        formula: '=集計_地区!$A$1',
        visible: true,
        comment: '',
        scope: null,
      },
    ]);
  });

  test('renaming the sheet updates the name; deleting it leaves #REF!', async () => {
    const d = createExcelDouble({ sheets: ['A', 'B'] });
    await d.Excel.run(async (ctx) => {
      ctx.workbook.names.add('N', ctx.workbook.worksheets.getItem('B').getRange('C3'));
      ctx.workbook.worksheets.getItem('B').name = 'B 2';
      await ctx.sync();
    });
    expect(d.workbook.names()[0].formula).toBe("='B 2'!$C$3");
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('B 2').delete();
      const n = ctx.workbook.names.getItem('N').load('type,formula');
      await ctx.sync();
      expect(n.type).toBe('Error');
      expect(n.formula).toBe('=#REF!');
    });
  });

  test('duplicate and invalid names are rejected', async () => {
    const d = createExcelDouble();
    await on(d, 'Sheet1', (_s, ctx) => void ctx.workbook.names.add('X', '=Sheet1!$A$1'));
    await expect(
      on(d, 'Sheet1', (_s, ctx) => void ctx.workbook.names.add('x', '=Sheet1!$A$2')),
    ).rejects.toMatchObject({
      code: 'ItemAlreadyExists',
    });
    for (const bad of ['A1', '1abc', 'has space', 'R1C1', '']) {
      await expect(
        on(d, 'Sheet1', (_s, ctx) => void ctx.workbook.names.add(bad, '=Sheet1!$A$2')),
      ).rejects.toMatchObject({
        code: 'InvalidArgument',
      });
    }
  });
});

describe('settings', () => {
  test('add, read, overwrite, delete; getItem of a missing key fails', async () => {
    const d = createExcelDouble();
    const when = new Date(Date.UTC(2026, 0, 31, 1, 2, 3));
    await d.Excel.run(async (ctx) => {
      const st = ctx.workbook.settings;
      st.add('kakari.run', { id: 'r1', startedAt: when, n: [1, 2] });
      st.add('plain', 'v1');
      st.add('plain', 'v2');
      const a = st.getItem('kakari.run').load('value,key');
      const b = st.getItemOrNullObject('plain').load('value');
      const c = st.getItemOrNullObject('missing').load('value');
      const n = st.getCount();
      await ctx.sync();
      expect(a.key).toBe('kakari.run');
      expect(a.value).toEqual({ id: 'r1', startedAt: when, n: [1, 2] });
      expect((a.value as { startedAt: Date }).startedAt).toBeInstanceOf(Date);
      expect(b.value).toBe('v2');
      expect(c.isNullObject).toBe(true);
      expect(c.value).toBeUndefined();
      expect(n.value).toBe(2);
      b.delete();
      a.value = { id: 'r2' };
      await ctx.sync();
    });
    expect(d.workbook.settings()).toEqual({ 'kakari.run': { id: 'r2' } });
    await expect(
      d.Excel.run(async (ctx) => {
        ctx.workbook.settings.getItem('plain').load('value');
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound' });
  });
});

describe('protection', () => {
  test('a protected sheet rejects writes with AccessDenied; the batch stops there', async () => {
    const d = createExcelDouble({ sheets: ['Open', 'Locked'] });
    d.workbook.sheet('Locked').protect();
    await expect(
      d.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Open').getRange('A1').values = [['ok']];
        ctx.workbook.worksheets.getItem('Locked').getRange('A1').values = [['no']];
        ctx.workbook.worksheets.getItem('Open').getRange('A2').values = [['never']];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'AccessDenied', message: 'You cannot perform the requested operation.' });
    expect(d.workbook.sheet('Open').cell('A1').value).toBe('ok');
    expect(d.workbook.sheet('Open').cell('A2').value).toBeNull();
    expect(d.workbook.sheet('Locked').cell('A1').value).toBeNull();
    for (const f of [
      (s: Excel.Worksheet) => void (s.getRange('B1').format.fill.color = 'red'),
      (s: Excel.Worksheet) => void (s.getRange('B1').numberFormat = [['0']]),
      (s: Excel.Worksheet) => void s.getRange('B1').conditionalFormats.add('Custom'),
      (s: Excel.Worksheet) => void s.getRange('B1:C1').merge(),
      (s: Excel.Worksheet) => void s.getRange('B1').clear(),
      (s: Excel.Worksheet) => void s.getRange('2:2').insert('Down'),
      (s: Excel.Worksheet) => void s.tables.add('A1:B2', true),
    ]) {
      await expect(on(d, 'Locked', f)).rejects.toMatchObject({ code: 'AccessDenied' });
    }
  });

  test('protection is readable; unlocked cells stay writable; allowFormatCells lets formats through', async () => {
    const d = createExcelDouble({ sheets: ['S'] });
    await on(d, 'S', (s) => void (s.getRange('B2').format.protection.locked = false));
    d.workbook.sheet('S').protect({ allowFormatCells: true });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const p = s.protection.load('protected');
      s.getRange('B2').values = [['input']];
      s.getRange('A1').format.font.bold = true;
      await ctx.sync();
      expect(p.protected).toBe(true);
    });
    expect(d.workbook.sheet('S').cell('B2').value).toBe('input');
    expect(d.workbook.sheet('S').cell('A1').format.font.bold).toBe(true);
  });

  test('protect / unprotect through the API, with a password', async () => {
    const d = createExcelDouble({ sheets: ['S'] });
    await on(d, 'S', (s) => s.protection.protect({ allowFormatCells: false }, 'pw'));
    expect(d.workbook.sheet('S').protected).toBe(true);
    await expect(on(d, 'S', (s) => s.protection.unprotect('wrong'))).rejects.toMatchObject({
      code: 'BadPassword',
    });
    await on(d, 'S', (s) => s.protection.unprotect('pw'));
    expect(d.workbook.sheet('S').protected).toBe(false);
  });

  test('a protected workbook structure rejects adding, deleting, renaming, moving and hiding sheets', async () => {
    const d = createExcelDouble({ sheets: ['A', 'B'] });
    d.workbook.protect();
    const attempts: ((ctx: Excel.RequestContext) => void)[] = [
      (ctx) => void ctx.workbook.worksheets.add('C'),
      (ctx) => ctx.workbook.worksheets.getItem('B').delete(),
      (ctx) => void (ctx.workbook.worksheets.getItem('B').name = 'B2'),
      (ctx) => void (ctx.workbook.worksheets.getItem('B').position = 0),
      (ctx) => void (ctx.workbook.worksheets.getItem('B').visibility = 'Hidden'),
    ];
    for (const a of attempts) {
      await expect(
        d.Excel.run(async (ctx) => {
          a(ctx);
          await ctx.sync();
        }),
      ).rejects.toMatchObject({ code: 'AccessDenied' });
    }
    expect(d.workbook.sheetNames()).toEqual(['A', 'B']);
    await d.Excel.run(async (ctx) => {
      const p = ctx.workbook.protection.load('protected');
      ctx.workbook.worksheets.getItem('B').getRange('A1').values = [['cells are fine']];
      await ctx.sync();
      expect(p.protected).toBe(true);
      ctx.workbook.protection.unprotect();
      ctx.workbook.worksheets.add('C');
      await ctx.sync();
    });
    expect(d.workbook.sheetNames()).toEqual(['A', 'B', 'C']);
  });
});

describe('worksheets', () => {
  test('add (auto name), rename, move, hide, activate, delete; names are unique case-insensitively', async () => {
    const d = createExcelDouble({ sheets: ['Sheet1'] });
    await d.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets;
      const a = ws.add();
      const b = ws.add('入力チェック');
      a.load('name,position,id');
      await ctx.sync();
      expect(a.name).toBe('Sheet2');
      expect(a.position).toBe(1);
      b.position = 0;
      a.visibility = 'Hidden';
      b.activate();
      const active = ws.getActiveWorksheet().load('name');
      const byId = ws.getItem(a.id).load('name');
      await ctx.sync();
      expect(active.name).toBe('入力チェック');
      expect(byId.name).toBe('Sheet2');
    });
    expect(d.workbook.sheetNames()).toEqual(['入力チェック', 'Sheet1', 'Sheet2']);
    expect(d.workbook.sheet('Sheet2').visibility).toBe('Hidden');
    await expect(
      on(d, 'Sheet1', (_s, ctx) => void ctx.workbook.worksheets.add('sheet1')),
    ).rejects.toMatchObject({ code: 'ItemAlreadyExists' });
    for (const bad of ['a/b', 'x'.repeat(32), '[x]', 'History']) {
      await expect(on(d, 'Sheet1', (_s, ctx) => void ctx.workbook.worksheets.add(bad))).rejects.toMatchObject(
        { code: 'InvalidArgument' },
      );
    }
  });

  test('the last visible sheet can be neither hidden nor deleted', async () => {
    const d = createExcelDouble({ sheets: ['Only'] });
    await expect(on(d, 'Only', (s) => s.delete())).rejects.toMatchObject({ code: 'InvalidOperation' });
    await expect(on(d, 'Only', (s) => void (s.visibility = 'Hidden'))).rejects.toMatchObject({
      code: 'InvalidOperation',
    });
  });

  test('used range, with and without formats; empty sheets', async () => {
    const d = createExcelDouble({ sheets: ['S', 'Empty'] });
    d.workbook
      .sheet('S')
      .setValues('B2', [['a', null, 'c']])
      .setStyle('E5', { fillColor: '#FF0000' });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const all = s.getUsedRange().load('address');
      const vals = s.getUsedRange(true).load('address,rowIndex,columnIndex,rowCount,columnCount');
      const e = ctx.workbook.worksheets.getItem('Empty');
      const emptyUsed = e.getUsedRange().load('address');
      const emptyOrNull = e.getUsedRangeOrNullObject();
      await ctx.sync();
      expect(all.address).toBe('S!B2:E5');
      expect(vals.address).toBe('S!B2:D2');
      expect([vals.rowIndex, vals.columnIndex, vals.rowCount, vals.columnCount]).toEqual([1, 1, 1, 3]);
      expect(emptyUsed.address).toBe('Empty!A1');
      expect(emptyOrNull.isNullObject).toBe(true);
    });
  });

  test('range navigation helpers', async () => {
    const d = createExcelDouble({ sheets: ['S'] });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const base = s.getRange('B2:D5');
      const got = [
        base.getCell(1, 1),
        base.getOffsetRange(1, 2),
        base.getResizedRange(2, -1),
        base.getRow(0),
        base.getColumn(2),
        base.getLastRow(),
        base.getLastColumn(),
        base.getLastCell(),
        base.getEntireRow(),
        base.getEntireColumn(),
        base.getRowsAbove(),
        base.getRowsBelow(2),
        base.getColumnsAfter(),
        base.getColumnsBefore(1),
        base.getBoundingRect('F9'),
        base.getIntersection('C1:C3'),
        s.getRangeByIndexes(1, 1, 4, 3),
        s.getCell(0, 0),
        s.getRange('3:4'),
        s.getRange('$B:$C'),
      ].map((r) => r.load('address'));
      const none = base.getIntersectionOrNullObject('Z1');
      await ctx.sync();
      expect(got.map((r) => r.address)).toEqual([
        'S!C3',
        'S!D3:F6',
        'S!B2:C7',
        'S!B2:D2',
        'S!D2:D5',
        'S!B5:D5',
        'S!D2:D5',
        'S!D5',
        'S!2:5',
        'S!B:D',
        'S!B1:D1',
        'S!B6:D7',
        'S!E2:E5',
        'S!A2:A5',
        'S!B2:F9',
        'S!C2:C3',
        'S!B2:D5',
        'S!A1',
        'S!3:4',
        'S!B:C',
      ]);
      expect(none.isNullObject).toBe(true);
    });
    await expect(
      on(d, 'S', (s) => void s.getRange('A1').getOffsetRange(-1, 0).load('address')),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(on(d, 'S', (s) => void s.getRange('not an address').load('address'))).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  test('addresses quote sheet names like Excel', async () => {
    const d = createExcelDouble({ sheets: ['医師', 'My Sheet', '2025', 'A1'] });
    await d.Excel.run(async (ctx) => {
      const rs = ['医師', 'My Sheet', '2025', 'A1'].map((n) =>
        ctx.workbook.worksheets.getItem(n).getRange('A1').load('address'),
      );
      await ctx.sync();
      expect(rs.map((r) => r.address)).toEqual(['医師!A1', "'My Sheet'!A1", "'2025'!A1", "'A1'!A1"]);
    });
  });
});

describe('cell formats', () => {
  test('fill, font, alignment, widths; uniform reads give null when mixed', async () => {
    const d = createExcelDouble({ sheets: ['S'] });
    await on(d, 'S', (s) => {
      const r = s.getRange('A1:B2');
      r.format.fill.color = 'yellow';
      r.format.font.bold = true;
      r.format.font.color = '#9c0006';
      r.format.font.size = 14;
      r.format.horizontalAlignment = 'Center';
      r.format.wrapText = true;
      r.format.columnWidth = 80;
      s.getRange('B2').format.fill.clear();
    });
    const c = d.workbook.sheet('S').cell('A1');
    expect(c.format).toMatchObject({
      fill: '#FFFF00',
      font: { bold: true, color: '#9C0006', size: 14 },
      horizontalAlignment: 'Center',
      wrapText: true,
    });
    expect(d.workbook.sheet('S').cell('B2').format.fill).toBeNull();
    expect(d.workbook.sheet('S').columnWidth('A')).toBe(80);
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets
        .getItem('S')
        .getRange('A1:B2')
        .load('format/fill/color,format/font/bold,format/columnWidth');
      const blank = ctx.workbook.worksheets
        .getItem('S')
        .getRange('D4')
        .load('format/fill/color,format/font/color,format/font/name');
      await ctx.sync();
      expect(r.format.fill.color).toBeNull();
      expect(r.format.font.bold).toBe(true);
      expect(r.format.columnWidth).toBe(80);
      expect(blank.format.fill.color).toBe('#FFFFFF');
      expect(blank.format.font.color).toBe('#000000');
      expect(blank.format.font.name).toBe('游ゴシック');
    });
    await expect(
      on(d, 'S', (s) => void (s.getRange('A1').format.fill.color = 'notacolor')),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      on(
        d,
        'S',
        (s) => void (s.getRange('A1').format.horizontalAlignment = 'Middle' as Excel.HorizontalAlignment),
      ),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  test('borders by side', async () => {
    const d = createExcelDouble({ sheets: ['S'] });
    await on(d, 'S', (s) => {
      const b = s.getRange('A1:B2').format.borders;
      b.getItem('EdgeBottom').style = 'Continuous';
      b.getItem('InsideVertical').weight = 'Medium';
    });
    const sh = d.workbook.sheet('S');
    expect(sh.cell('A2').format.borders.bottom).toEqual({
      style: 'Continuous',
      color: '#000000',
      weight: 'Thin',
    });
    expect(sh.cell('A1').format.borders.bottom).toBeNull();
    expect(sh.cell('A1').format.borders.right).toEqual({
      style: 'Continuous',
      color: '#000000',
      weight: 'Medium',
    });
    await d.Excel.run(async (ctx) => {
      const e = ctx.workbook.worksheets
        .getItem('S')
        .getRange('A1:B2')
        .format.borders.getItem('EdgeBottom')
        .load('style');
      const t = ctx.workbook.worksheets
        .getItem('S')
        .getRange('A1:B2')
        .format.borders.getItem('EdgeTop')
        .load('style');
      await ctx.sync();
      expect(e.style).toBe('Continuous');
      expect(t.style).toBe('None');
    });
  });

  test('text, numberFormat and autofit', async () => {
    const d = createExcelDouble({ sheets: ['S'] });
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1:B1');
      r.values = [[10.5, 'かかりつけ医機能報告制度']];
      r.numberFormat = [['0.0', 'General']];
      r.format.autofitColumns();
      r.load('text,numberFormat');
      await ctx.sync();
      expect(r.text).toEqual([['10.5', 'かかりつけ医機能報告制度']]);
      expect(r.numberFormat).toEqual([['0.0', 'General']]);
    });
    expect(d.workbook.sheet('S').columnWidth('B')).toBeGreaterThan(d.workbook.sheet('S').columnWidth('A'));
  });
});

describe('merges, clear, hyperlinks, selection', () => {
  test('merge keeps the top-left value; getMergedAreasOrNullObject; unmerge', async () => {
    const d = createExcelDouble({
      sheets: {
        S: [
          ['a', 'b'],
          ['c', 'd'],
        ],
      },
    });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      s.getRange('A1:B2').merge();
      s.getRange('D1:E3').merge(true);
      const m = s.getRange('A1:E5').getMergedAreasOrNullObject().load('address,areaCount,cellCount');
      const none = s.getRange('G1').getMergedAreasOrNullObject();
      await ctx.sync();
      expect(m.areaCount).toBe(4);
      expect(m.address).toBe('S!A1:B2, S!D1:E1, S!D2:E2, S!D3:E3');
      expect(m.cellCount).toBe(10);
      expect(none.isNullObject).toBe(true);
      s.getRange('D1:E3').unmerge();
      await ctx.sync();
    });
    expect(d.workbook.sheet('S').values('A1:B2')).toEqual([
      ['a', ''],
      ['', ''],
    ]);
    expect(d.workbook.sheet('S').merges()).toEqual(['A1:B2']);
    expect(d.workbook.sheet('S').cell('B2').mergedArea).toBe('A1:B2');
  });

  test('clear(Contents) keeps formats; clear(Formats) drops formats, merges, conditional formats and validation; clear() all', async () => {
    const setup = (): ExcelDouble => {
      const d = createExcelDouble({ sheets: { S: [['x', 'y']] } });
      d.workbook.sheet('S').setStyle('A1:B1', { fillColor: '#FF0000' }).merge('C1:D1');
      return d;
    };
    const d1 = setup();
    await on(d1, 'S', (s) => {
      s.getRange('A1:B1').conditionalFormats.add('Custom').custom.rule.formula = '=TRUE';
      s.getRange('A1:B1').dataValidation.rule = { list: { inCellDropDown: true, source: 'x,y' } };
      s.getRange('A1:D1').clear('Contents');
    });
    expect(d1.workbook.sheet('S').cell('A1')).toMatchObject({ value: null, format: { fill: '#FF0000' } });
    expect(d1.workbook.sheet('S').conditionalFormats()).toHaveLength(1);
    await on(d1, 'S', (s) => s.getRange('A1:D1').clear('Formats'));
    expect(d1.workbook.sheet('S').cell('A1').format.fill).toBeNull();
    expect(d1.workbook.sheet('S').merges()).toEqual([]);
    expect(d1.workbook.sheet('S').conditionalFormats()).toEqual([]);
    expect(d1.workbook.sheet('S').dataValidations()).toEqual([]);
    const d2 = setup();
    await on(d2, 'S', (s) => s.getRange('A:D').clear());
    expect(d2.workbook.sheet('S').usedRange()).toBeNull();
  });

  test('hyperlinks and selection', async () => {
    const d = createExcelDouble({ sheets: ['入力チェック', '医師'] });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('入力チェック');
      s.getRange('C2').hyperlink = {
        documentReference: "'医師'!E12",
        textToDisplay: 'E12',
        screenTip: '医師!E12',
      };
      s.getRange('C3').hyperlink = { address: 'https://example.jp/' };
      const h = s.getRange('C2').load('hyperlink');
      ctx.workbook.worksheets.getItem('医師').getRange('E12').select();
      const sel = ctx.workbook.getSelectedRange().load('address');
      await ctx.sync();
      expect(h.hyperlink).toEqual({
        documentReference: "'医師'!E12",
        textToDisplay: 'E12',
        screenTip: '医師!E12',
      });
      expect(sel.address).toBe('医師!E12');
    });
    const sh = d.workbook.sheet('入力チェック');
    expect(sh.cell('C2').value).toBe('E12');
    expect(sh.cell('C3').value).toBe('https://example.jp/');
    expect(sh.hyperlinks().map((h) => h.cell)).toEqual(['C2', 'C3']);
    expect(d.workbook.selection()).toEqual({ sheet: '医師', address: 'E12' });
    expect(d.workbook.activeSheet()).toBe('医師');
  });

  test('insert and delete shift cells, merges and conditional formats', async () => {
    const d = createExcelDouble({
      sheets: {
        S: [
          ['h1', 'h2'],
          ['a', 1],
          ['b', 2],
        ],
      },
    });
    await on(d, 'S', (s) => {
      s.getRange('A2:B3').conditionalFormats.add('Custom').custom.rule.formula = '=$B2>1';
      s.getRange('2:2').insert('Down');
    });
    const sh = d.workbook.sheet('S');
    expect(sh.values('A1:B4')).toEqual([
      ['h1', 'h2'],
      ['', ''],
      ['a', 1],
      ['b', 2],
    ]);
    expect(sh.conditionalFormats()[0].ranges).toEqual(['A3:B4']);
    await on(d, 'S', (s) => s.getRange('A2:B2').delete('Up'));
    expect(sh.values('A1:B3')).toEqual([
      ['h1', 'h2'],
      ['a', 1],
      ['b', 2],
    ]);
    // Shifting only part of the rows a conditional format covers is beyond the double.
    await expect(on(d, 'S', (s) => void s.getRange('A2').insert('Right'))).rejects.toMatchObject({
      code: 'NotEmulated',
    });
    await on(d, 'S', (s) => void s.getRange('A2:A3').insert('Right'));
    expect(sh.conditionalFormats()[0].ranges).toEqual(['B2:C3']);
    expect(sh.values('A2:C3')).toEqual([
      ['', 'a', 1],
      ['', 'b', 2],
    ]);
  });
});

describe('shifting structures', () => {
  test('inserting whole rows moves tables, names and merges below; rows.add pushes cells under the table down', async () => {
    const d = createExcelDouble({ sheets: { S: [['h'], [1], [2], [], ['below']] } });
    d.workbook.sheet('S').addTable('T', 'A1:A3').merge('C6:D6');
    d.workbook.addName('N', 'S!$A$5');
    await on(d, 'S', (s) => void s.getRange('1:1').insert('Down'));
    expect(d.workbook.tables()[0].address).toBe('A2:A4');
    expect(d.workbook.names()[0].formula).toBe('=S!$A$6');
    expect(d.workbook.sheet('S').merges()).toEqual(['C7:D7']);
    await on(d, 'S', (s) => void s.tables.getItem('T').rows.add(undefined, [[3], [4]]));
    expect(d.workbook.tables()[0].address).toBe('A2:A6');
    expect(d.workbook.sheet('S').values('A2:A8')).toEqual([['h'], [1], [2], [3], [4], [''], ['below']]);
    expect(d.workbook.names()[0].formula).toBe('=S!$A$8');
  });

  test('deleting rows that hold a whole named range leaves #REF!', async () => {
    const d = createExcelDouble({ sheets: { S: [['a'], ['b']] } });
    d.workbook.addName('N', 'S!$A$2');
    await on(d, 'S', (s) => s.getRange('2:2').delete('Up'));
    expect(d.workbook.names()[0].formula).toBe('=#REF!');
  });
});

describe('data validation', () => {
  test('a list rule, its type and validity; a new rule replaces the old one on those cells', async () => {
    const d = createExcelDouble({ sheets: { 研修記録: [['区分'], ['座学'], ['実地'], ['その他']] } });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('研修記録');
      const r = s.getRange('A2:A100');
      r.dataValidation.rule = { list: { inCellDropDown: true, source: '座学,実地' } };
      r.dataValidation.errorAlert = { showAlert: true, style: 'Stop', title: '区分', message: '座学か実地' };
      const dv = r.dataValidation.load('type,rule,valid,errorAlert');
      const ok = s.getRange('A2:A3').dataValidation.load('valid');
      await ctx.sync();
      expect(dv.type).toBe('List');
      expect(dv.rule).toEqual({ list: { inCellDropDown: true, source: '座学,実地' } });
      expect(dv.valid).toBeNull();
      expect(ok.valid).toBe(true);
      expect(dv.errorAlert).toEqual({ showAlert: true, style: 'Stop', title: '区分', message: '座学か実地' });
      s.getRange('A50:A60').dataValidation.rule = { list: { inCellDropDown: false, source: '○,×' } };
      const mixed = r.dataValidation.load('type');
      await ctx.sync();
      expect(mixed.type).toBe('Inconsistent');
    });
    expect(
      d.workbook
        .sheet('研修記録')
        .dataValidations()
        .map((v) => v.ranges),
    ).toEqual([['A2:A49', 'A61:A100'], ['A50:A60']]);
    await expect(
      on(
        d,
        '研修記録',
        (s) =>
          void (s.getRange('B1').dataValidation.rule = {
            list: { source: 'a' },
            decimal: { formula1: 1 },
          } as never),
      ),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});

describe('tables', () => {
  test('add with headers, columns and body ranges; header names are normalised', async () => {
    const d = createExcelDouble({
      sheets: {
        S: [
          ['ID', '', 'ID', 5],
          ['1', 'a', 'x', 1],
        ],
      },
    });
    await d.Excel.run(async (ctx) => {
      const t = ctx.workbook.tables.add('S!A1:D2', true);
      t.name = 'Doctors';
      const cols = t.columns.load('items/name,items/index');
      const body = t.getDataBodyRange().load('address');
      const head = t.getHeaderRowRange().load('values');
      await ctx.sync();
      expect(cols.items.map((c) => c.name)).toEqual(['ID', 'Column2', 'ID2', '5']);
      expect(body.address).toBe('S!A2:D2');
      expect(head.values).toEqual([['ID', 'Column2', 'ID2', '5']]);
    });
    expect(d.workbook.tables()).toEqual([
      {
        name: 'Doctors',
        id: '1',
        sheet: 'S',
        address: 'A1:D2',
        columns: ['ID', 'Column2', 'ID2', '5'],
        showTotals: false,
        style: 'TableStyleMedium2',
      },
    ]);
  });

  test('columns.add at the end with values and a name; writing a header cell renames the column', async () => {
    const d = createExcelDouble({
      sheets: {
        S: [
          ['a', 'b'],
          [1, 2],
          [3, 4],
        ],
      },
    });
    d.workbook.sheet('S').addTable('T', 'A1:B3');
    await d.Excel.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('T');
      t.columns.add(undefined, [['ignored'], ['要件充足'], ['0123']], '判定_状態');
      t.columns.add(1, undefined, 'mid');
      ctx.workbook.worksheets.getItem('S').getRange('A1').values = [['renamed']];
      const range = t.getRange().load('address');
      const col = t.columns.getItem('判定_状態').load('values,index');
      await ctx.sync();
      expect(range.address).toBe('S!A1:D3');
      expect(col.index).toBe(3);
      expect(col.values).toEqual([['判定_状態'], ['要件充足'], [123]]);
    });
    expect(d.workbook.tables()[0].columns).toEqual(['renamed', 'mid', 'b', '判定_状態']);
    expect(d.workbook.sheet('S').values('A1:D3')).toEqual([
      ['renamed', 'mid', 'b', '判定_状態'],
      [1, '', 2, '要件充足'],
      [3, '', 4, 123],
    ]);
  });

  test('columns.add values must match the table height', async () => {
    const d = createExcelDouble({ sheets: { S: [['a'], [1]] } });
    d.workbook.sheet('S').addTable('T', 'A1:A2');
    await expect(
      d.Excel.run(async (ctx) => {
        ctx.workbook.tables.getItem('T').columns.add(undefined, [['h'], [1], [2]]);
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('resize (ExcelApi 1.13), rows.add, worksheet-level collection and overlap errors', async () => {
    const d = createExcelDouble({
      sheets: {
        S: [
          ['a', 'b', 'c'],
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
    });
    d.workbook.sheet('S').addTable('T', 'A1:B2');
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const t = s.tables.getItem('T');
      t.resize('A1:C3');
      t.rows.add(undefined, [[7, 8, 9]]);
      const n = t.rows.getCount();
      const cols = t.columns.load('name');
      const tables = s.tables.load('items/name');
      await ctx.sync();
      expect(n.value).toBe(3);
      expect(cols.items.map((c) => c.name)).toEqual(['a', 'b', 'c']);
      expect(tables.items.map((x) => x.name)).toEqual(['T']);
    });
    expect(d.workbook.tables()[0].address).toBe('A1:C4');
    expect(d.workbook.sheet('S').values('A4:C4')).toEqual([[7, 8, 9]]);
    await expect(on(d, 'S', (s) => void s.tables.add('B2:D5', true))).rejects.toMatchObject({
      code: 'MergedRangeConflict',
    });
    await expect(on(d, 'S', (s) => s.tables.getItem('T').resize('A2:C5'))).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  test('hasHeaders = false moves the data down one row under generated headers', async () => {
    const d = createExcelDouble({
      sheets: {
        S: [
          [1, 2],
          [3, 4],
        ],
      },
    });
    await on(d, 'S', (s) => void s.tables.add('A1:B2', false));
    expect(d.workbook.sheet('S').values('A1:B3')).toEqual([
      ['Column1', 'Column2'],
      [1, 2],
      [3, 4],
    ]);
    expect(d.workbook.tables()[0].address).toBe('A1:B3');
  });
});

describe('page layout, freeze panes, auto-filter, charts', () => {
  test('page setup, print titles and footers', async () => {
    const d = createExcelDouble({ sheets: ['会議資料'] });
    await on(d, '会議資料', (s) => {
      s.pageLayout.orientation = 'Landscape';
      s.pageLayout.paperSize = 'A4';
      s.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      s.pageLayout.setPrintTitleRows('$1:$4');
      s.pageLayout.headersFooters.defaultForAllPages.centerFooter = '&P / &N';
      s.freezePanes.freezeRows(1);
      s.getRange('A1:C10').format.font.name = 'Meiryo';
    });
    const pl = d.workbook.sheet('会議資料').pageLayout();
    expect(pl).toMatchObject({
      orientation: 'Landscape',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: '$1:$4',
    });
    expect(
      (pl.headersFooters as { defaultForAllPages: { centerFooter: string } }).defaultForAllPages.centerFooter,
    ).toBe('&P / &N');
    expect(d.workbook.sheet('会議資料').freezePanes).toEqual({ rows: 1, columns: 0 });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('会議資料');
      const p = s.pageLayout.load('zoom,orientation');
      const titles = s.pageLayout.getPrintTitleRowsOrNullObject().load('address');
      const frozen = s.freezePanes.getLocationOrNullObject().load('address');
      await ctx.sync();
      expect(p.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
      // Sub-properties of zoom cannot be set through navigation: mutating the copy does nothing.
      p.zoom.horizontalFitToPages = 3;
      expect(titles.address).toBe('会議資料!1:4');
      expect(frozen.address).toBe('会議資料!1:1');
    });
    expect(d.workbook.sheet('会議資料').pageLayout().zoom).toEqual({
      horizontalFitToPages: 1,
      verticalFitToPages: 0,
    });
    await expect(on(d, '会議資料', (s) => void (s.pageLayout.zoom = { scale: 5 }))).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(
      on(d, '会議資料', (s) => void (s.pageLayout.orientation = 'Sideways' as Excel.PageOrientation)),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  test('sheet auto-filter', async () => {
    const d = createExcelDouble({
      sheets: {
        集計_地区: [
          ['地区', '医師数'],
          ['小倉北区', 3],
        ],
      },
    });
    await on(d, '集計_地区', (s) => s.autoFilter.apply(s.getRange('A1:B2')));
    expect(d.workbook.sheet('集計_地区').autoFilter()).toBe('A1:B2');
  });

  test('a clustered column chart with title, axis bounds, series and position', async () => {
    const d = createExcelDouble({
      sheets: {
        会議資料: [
          ['地区', '修了率', '割合'],
          ['小倉北区', 0.5, 0.25],
          ['小倉南区', 0.75, 0.5],
          ['合計', 0.6, 0.4],
        ],
      },
    });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('会議資料');
      const chart = s.charts.add('ColumnClustered', s.getRange('A1:C3'), 'Columns');
      chart.title.text = '修了率';
      chart.axes.valueAxis.minimum = 0;
      chart.axes.valueAxis.maximum = 1;
      chart.axes.valueAxis.numberFormat = '0%';
      chart.setPosition('E2', 'L20');
      chart.series.getItemAt(1).name = '修了者のいる医療機関の割合';
      const extra = chart.series.add('extra');
      extra.setValues(s.getRange('B4'));
      extra.delete();
      const list = s.charts.load('items/name,items/chartType');
      const series = chart.series.load('items/name');
      await ctx.sync();
      expect(list.items.map((c) => [c.name, c.chartType])).toEqual([['Chart 1', 'ColumnClustered']]);
      expect(series.items.map((x) => x.name)).toEqual(['修了率', '修了者のいる医療機関の割合']);
    });
    const [c] = d.workbook.sheet('会議資料').charts();
    expect(c).toMatchObject({
      name: 'Chart 1',
      type: 'ColumnClustered',
      title: '修了率',
      plotBy: 'Columns',
      series: [
        { name: '修了率', values: '会議資料!$B$2:$B$3', xValues: '会議資料!$A$2:$A$3' },
        { name: '修了者のいる医療機関の割合', values: '会議資料!$C$2:$C$3', xValues: '会議資料!$A$2:$A$3' },
      ],
      valueAxis: { minimum: 0, maximum: 1, numberFormat: '0%' },
      position: { startCell: 'E2', endCell: 'L20' },
    });
    await expect(
      on(d, '会議資料', (s) => void s.charts.add('NotAChart' as Excel.ChartType, s.getRange('A1:B2'))),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
