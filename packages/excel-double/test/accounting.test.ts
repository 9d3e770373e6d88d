import { createExcelDouble, utf8Length } from '../src';

const OVERHEAD = 100;
const bytes = (v: unknown): number => utf8Length(JSON.stringify(v));

describe('request and response accounting', () => {
  test('a known write has the documented byte size', async () => {
    const d = createExcelDouble();
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['abc']];
      await ctx.sync();
    });
    // worksheets (navigation: []) + getItem(["Sheet1"]) + getRange(["A1"]) + values = [["abc"]]
    const expected =
      OVERHEAD +
      2 +
      (OVERHEAD + bytes(['Sheet1'])) +
      (OVERHEAD + bytes(['A1'])) +
      (OVERHEAD + bytes([['abc']]));
    expect(expected).toBe(427);
    expect(d.stats.history[0]).toMatchObject({
      requestBytes: 427,
      actions: 4,
      proxies: 3,
      loads: 0,
      ok: true,
    });
    expect(d.stats.maxRequestBytes).toBe(427);
  });

  test('UTF-8 bytes are counted (3 per kanji)', async () => {
    const d = createExcelDouble({ sheets: ['医師'] });
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('医師').getRange('A1').values = [['山田']];
      await ctx.sync();
    });
    expect(bytes(['医師'])).toBe(10);
    expect(d.stats.history[0].requestBytes).toBe(4 * OVERHEAD + 2 + 10 + bytes(['A1']) + 12);
  });

  test('a large write is dominated by its JSON, within the per-call overhead', async () => {
    const d = createExcelDouble();
    const rows = Array.from({ length: 10_000 }, (_, i) => Array.from({ length: 8 }, (_, j) => `r${i}c${j}`));
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:H10000').values = rows;
      await ctx.sync();
    });
    const json = bytes(rows);
    const got = d.stats.history[0].requestBytes;
    expect(got - json).toBeGreaterThanOrEqual(4 * OVERHEAD);
    expect(got - json).toBeLessThan(4 * OVERHEAD + 64);
  });

  test('loaded values are counted in the response', async () => {
    const d = createExcelDouble({ sheets: { S: [['abc']] } });
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').getRange('A1').load('values');
      await ctx.sync();
    });
    expect(d.stats.history[0].responseBytes).toBe(bytes({ values: [['abc']] }));
    expect(d.stats.maxResponseBytes).toBe(20);
    expect(d.stats.maxReadCells).toBe(1);
  });

  test('per-sync history and totals', async () => {
    const d = createExcelDouble({ sheets: { S: [['a'], ['b']] } });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      s.getRange('A1:A2').load('values');
      await ctx.sync();
      s.getRange('B1').values = [['x']];
      await ctx.sync();
    });
    expect(d.stats.syncs).toBe(2);
    expect(d.stats.history.map((h) => h.index)).toEqual([1, 2]);
    expect(d.stats.history[0].maxReadCells).toBe(2);
    expect(d.stats.totalRequestBytes).toBe(d.stats.history[0].requestBytes + d.stats.history[1].requestBytes);
  });
});

describe('limits', () => {
  test('a request over 5 MB rejects with RequestPayloadSizeLimitExceeded and applies nothing of the batch', async () => {
    const d = createExcelDouble();
    const big = Array.from({ length: 1000 }, () => Array.from({ length: 1000 }, () => 'xxxxx'));
    await expect(
      d.Excel.run(async (ctx) => {
        const s = ctx.workbook.worksheets.getItem('Sheet1');
        s.getRange('A1').values = [['small write first']];
        ctx.workbook.worksheets.add('NewSheet');
        s.getRange('B1:ALM1000').values = big;
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded', name: 'RichApi.Error' });
    expect(d.workbook.sheet('Sheet1').usedRange()).toBeNull();
    expect(d.workbook.sheetNames()).toEqual(['Sheet1']);
    expect(d.stats.history[0]).toMatchObject({ ok: false, errorCode: 'RequestPayloadSizeLimitExceeded' });
    expect(d.stats.history[0].requestBytes).toBeGreaterThan(5_000_000);
  });

  test('the same data written in chunks under the limit succeeds', async () => {
    const d = createExcelDouble();
    const chunk = Array.from({ length: 250 }, () => Array.from({ length: 1000 }, () => 'xxxxx'));
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('Sheet1');
      for (let i = 0; i < 4; i++) {
        s.getRangeByIndexes(i * 250, 0, 250, 1000).values = chunk;
        await ctx.sync();
      }
    });
    expect(d.stats.syncs).toBe(4);
    expect(d.stats.maxRequestBytes).toBeLessThan(5_000_000);
    expect(d.workbook.sheet('Sheet1').usedRange()).toBe('A1:ALL1000');
  });

  test('the limit is configurable', async () => {
    const d = createExcelDouble({ limits: { maxRequestBytes: 1000 } });
    await expect(
      d.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:A100').values = Array.from(
          { length: 100 },
          () => ['0123456789'],
        );
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
  });

  test('a response over 5 MB rejects with ResponsePayloadSizeLimitExceeded', async () => {
    const d = createExcelDouble();
    d.workbook.sheet('Sheet1').setValues(
      'A1',
      Array.from({ length: 1000 }, () => Array.from({ length: 1000 }, () => 'xxxxx')),
    );
    let readable = true;
    await expect(
      d.Excel.run(async (ctx) => {
        const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:ALL1000').load('values');
        try {
          await ctx.sync();
        } finally {
          readable = (() => {
            try {
              void r.values;
              return true;
            } catch {
              return false;
            }
          })();
        }
      }),
    ).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
    expect(readable).toBe(false);
    expect(d.stats.maxResponseBytes).toBeGreaterThan(5_000_000);
  });

  test('reading more than 5,000,000 cells at once rejects with RangeExceedsLimit', async () => {
    const d = createExcelDouble({ limits: { maxResponseBytes: Number.MAX_SAFE_INTEGER } });
    for (const prop of ['values', 'formulas', 'numberFormat', 'text']) {
      await expect(
        d.Excel.run(async (ctx) => {
          ctx.workbook.worksheets.getItem('Sheet1').getRange('A:E').load(prop);
          await ctx.sync();
        }),
      ).rejects.toMatchObject({ code: 'RangeExceedsLimit' });
    }
    // 4 whole columns = 4,194,304 cells: allowed (and recorded).
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A:D').load('values');
      await ctx.sync();
    });
    expect(d.stats.maxReadCells).toBe(4_194_304);
  });

  test('failOnSync(n) makes the n-th round trip reject and apply nothing; later syncs work', async () => {
    const d = createExcelDouble();
    d.failOnSync(2);
    const s1 = async (ctx: Excel.RequestContext, cell: string, v: string): Promise<void> => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange(cell).values = [[v]];
      await ctx.sync();
    };
    await expect(
      d.Excel.run(async (ctx) => {
        await s1(ctx, 'A1', 'one');
        await s1(ctx, 'A2', 'two');
        await s1(ctx, 'A3', 'three');
      }),
    ).rejects.toMatchObject({ code: 'GeneralException' });
    const sh = d.workbook.sheet('Sheet1');
    expect(sh.cell('A1').value).toBe('one');
    expect(sh.cell('A2').value).toBeNull();
    expect(sh.cell('A3').value).toBeNull();
    await d.Excel.run(async (ctx) => s1(ctx, 'A2', 'retry'));
    expect(sh.cell('A2').value).toBe('retry');
    expect(d.stats.failedSyncs).toBe(1);

    d.failOnSync(d.stats.syncs + 1, 'Timeout');
    await expect(d.Excel.run(async (ctx) => s1(ctx, 'A4', 'x'))).rejects.toMatchObject({ code: 'Timeout' });
  });
});

describe('formatting calls', () => {
  async function formatRun(rows: number) {
    const d = createExcelDouble({ sheets: ['S'] });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const r = s.getRange(`A2:C${rows + 1}`);
      r.values = Array.from({ length: rows }, () => ['a', 'b', 'c']); // not formatting
      r.numberFormat = Array.from({ length: rows }, () => ['@', '0.0', 'General']); // 1
      r.format.fill.color = '#FFEEAA'; // 2
      r.format.font.bold = true; // 3
      r.format.columnWidth = 60; // 4
      r.format.autofitColumns(); // 5
      const cf = r.conditionalFormats.add('Custom'); // 6
      cf.custom.rule.formula = '=$A2="a"'; // 7
      cf.custom.format.fill.color = '#FF0000'; // 8
      s.getRange(`D2:D${rows + 1}`).dataValidation.rule = { list: { inCellDropDown: true, source: 'x,y' } }; // 9
      s.getRange('E1').hyperlink = { documentReference: "'S'!A1", textToDisplay: 'top' }; // 10
      s.pageLayout.orientation = 'Landscape'; // 11
      s.pageLayout.setPrintTitleRows('$1:$1'); // 12
      s.pageLayout.headersFooters.defaultForAllPages.centerFooter = '&P / &N'; // 13
      s.freezePanes.freezeRows(1); // not formatting
      s.getRange('F1:G1').merge(); // not formatting
      await ctx.sync();
    });
    return d.stats;
  }

  test('sets and calls on format, numberFormat, conditionalFormats, dataValidation, hyperlink and pageLayout are counted', async () => {
    const stats = await formatRun(10);
    expect(stats.formattingCalls).toBe(13);
    expect(stats.history[0].formattingCalls).toBe(13);
    // cells: 30 × (numberFormat, fill, bold, width, autofit, cf add, rule, cf fill) + 10 (DV) + 1 (hyperlink)
    expect(stats.cellsFormatted).toBe(30 * 8 + 10 + 1);
  });

  test('the number of formatting calls does not depend on the number of rows', async () => {
    const small = await formatRun(10);
    const large = await formatRun(5000);
    expect(large.formattingCalls).toBe(small.formattingCalls);
    expect(large.cellsFormatted).toBeGreaterThan(small.cellsFormatted);
  });
});
