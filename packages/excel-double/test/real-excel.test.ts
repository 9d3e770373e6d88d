/**
 * Behaviours only real Excel enforces (SPEC §7, rev 2), as the double models them. Each test
 * names its source; docs/excel-behaviours.md lists them.
 */
import { createExcelDouble, type ExcelDouble } from '../src';

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

describe('conditional-format ids are positions (ConditionalFormat.id: "the priority … in the collection")', () => {
  async function threeRules(): Promise<ExcelDouble> {
    const d = createExcelDouble({ sheets: ['S'] });
    await on(d, 'S', (s) => {
      for (const f of ['=A1=1', '=A1=2', '=A1=3'])
        s.getRange('A1:A9').conditionalFormats.add('Custom').custom.rule.formula = f;
    });
    return d;
  }
  const formulas = (d: ExcelDouble): string[] =>
    d.workbook
      .sheet('S')
      .conditionalFormats()
      .map((c) => (c.rule as { formula: string }).formula);

  test('ids read before a deletion shift: deleting 0 then 1 removes the first and the third rule', async () => {
    const d = await threeRules();
    // Newest on top: positions 0 =A1=3, 1 =A1=2, 2 =A1=1.
    await on(d, 'S', async (s, ctx) => {
      const items = s.getRange().conditionalFormats.load('items/id');
      await ctx.sync();
      expect(items.items.map((x) => x.id)).toEqual(['0', '1', '2']);
      s.getRange().conditionalFormats.getItem('0').delete();
      s.getRange().conditionalFormats.getItem('1').delete();
    });
    expect(formulas(d)).toEqual(['=A1=2']);
  });

  test('an id beyond the shifted collection is ItemNotFound', async () => {
    const d = await threeRules();
    await expect(
      on(d, 'S', (s) => {
        s.getRange().conditionalFormats.getItem('0').delete();
        s.getRange().conditionalFormats.getItem('2').delete();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound' });
  });

  test('deleting highest position first keeps the ids valid', async () => {
    const d = await threeRules();
    await on(d, 'S', (s) => {
      s.getRange().conditionalFormats.getItem('2').delete();
      s.getRange().conditionalFormats.getItem('0').delete();
    });
    expect(formulas(d)).toEqual(['=A1=2']);
  });
});

describe('Workbook.functions.date follows the workbook date system (as loaded from xlsx)', () => {
  async function dateOf(d: ExcelDouble, y: number, m: number, day: number): Promise<[unknown, unknown]> {
    return d.Excel.run(async (ctx) => {
      const r = ctx.workbook.functions.date(y, m, day).load('value,error');
      await ctx.sync();
      return [r.value, r.error];
    });
  }

  test('1900 system: DATE(1904,1,1) = 1462, DATE(1900,3,1) = 61, years below 1900 add 1900', async () => {
    const d = createExcelDouble();
    expect(await dateOf(d, 1904, 1, 1)).toEqual([1462, null]);
    expect(await dateOf(d, 1900, 3, 1)).toEqual([61, null]);
    expect(await dateOf(d, 26, 1, 31)).toEqual(await dateOf(d, 1926, 1, 31));
    expect(await dateOf(d, 2025, 13, 1)).toEqual(await dateOf(d, 2026, 1, 1));
    expect(await dateOf(d, 10000, 1, 1)).toEqual([null, '#NUM!']);
  });

  test('1904 system: DATE(1904,1,1) = 0; dates before 1904 are #NUM!', async () => {
    const d = createExcelDouble();
    d.state.date1904 = true;
    expect(await dateOf(d, 1904, 1, 1)).toEqual([0, null]);
    const [in1900] = await dateOf(createExcelDouble(), 2026, 1, 31);
    expect(await dateOf(d, 2026, 1, 31)).toEqual([(in1900 as number) - 1462, null]);
    expect(await dateOf(d, 1903, 12, 31)).toEqual([null, '#NUM!']);
  });

  test('Workbook.use1904DateSystem is not offered (in no released requirement set)', async () => {
    const d = createExcelDouble();
    await expect(
      d.Excel.run(async (ctx) => {
        ctx.workbook.load('use1904DateSystem');
        await ctx.sync();
      }),
    ).rejects.toBeDefined();
  });
});

describe('charts.add auto-detection takes a lone text cell on top as the series name', () => {
  test('one column 「－」, 0.5, 0.25: name 「－」, values from the second cell', async () => {
    const d = createExcelDouble({ sheets: { S: [['－'], [0.5], [0.25]] } });
    await on(d, 'S', (s) => void s.charts.add('ColumnClustered', s.getRange('A1:A3'), 'Columns'));
    const [chart] = d.workbook.sheet('S').charts();
    expect(chart.series.map((x) => [x.name, x.values])).toEqual([['－', 'S!$A$2:$A$3']]);
  });

  test('setValues and name set explicitly give the whole range back', async () => {
    const d = createExcelDouble({ sheets: { S: [['－'], [0.5], [0.25]] } });
    await on(d, 'S', (s) => {
      const c = s.charts.add('ColumnClustered', s.getRange('A1:A3'), 'Columns');
      const s0 = c.series.getItemAt(0);
      s0.setValues(s.getRange('A1:A3'));
      s0.name = '修了率';
    });
    const [chart] = d.workbook.sheet('S').charts();
    expect(chart.series.map((x) => [x.name, x.values])).toEqual([['修了率', 'S!$A$1:$A$3']]);
  });
});
