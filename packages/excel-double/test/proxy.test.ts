import { createExcelDouble, DoubleRichApiError } from '../src';

/** Run a batch and return the error it rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<DoubleRichApiError> {
  try {
    await p;
  } catch (e) {
    return e as DoubleRichApiError;
  }
  throw new Error('expected a rejection');
}

describe('load / sync semantics', () => {
  test('reading a property that was never loaded throws PropertyNotLoaded with Excel’s message', async () => {
    const d = createExcelDouble({ sheets: { S: [['a']] } });
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1');
      await ctx.sync();
      let err: DoubleRichApiError | undefined;
      try {
        void r.values;
      } catch (e) {
        err = e as DoubleRichApiError;
      }
      expect(err).toBeInstanceOf(Error);
      expect(err!.code).toBe('PropertyNotLoaded');
      expect(err!.name).toBe('RichApi.Error');
      expect(err!.message).toBe(
        `The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
      expect(err!.debugInfo.errorLocation).toBe('Range.values');
    });
  });

  test('a load is not readable before the sync completes', async () => {
    const d = createExcelDouble({ sheets: { S: [['a']] } });
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1');
      r.load('values');
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      const p = ctx.sync();
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await p;
      expect(r.values).toEqual([['a']]);
    });
  });

  test('load accepts a string list, an array, an object and navigation paths', async () => {
    const d = createExcelDouble({ sheets: { S: [['a', 1]] } });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const a = s.getRange('A1:B1').load('values, address');
      const b = s.getRange('A1:B1').load(['rowCount', 'columnCount']);
      const c = s.getRange('A1:B1').load({ select: 'rowIndex', expand: 'format/fill' });
      const e = s
        .getRange('A1:B1')
        .load({ values: true, format: { font: { bold: true } } } as Excel.Interfaces.RangeLoadOptions);
      const f = s.getRange('A1:B1').load('format/font/bold');
      await ctx.sync();
      expect(a.values).toEqual([['a', 1]]);
      expect(a.address).toBe('S!A1:B1');
      expect(b.rowCount).toBe(1);
      expect(b.columnCount).toBe(2);
      expect(c.rowIndex).toBe(0);
      expect(c.format.fill.color).toBe('#FFFFFF');
      expect(e.values).toEqual([['a', 1]]);
      expect(e.format.font.bold).toBe(false);
      expect(f.format.font.bold).toBe(false);
      expect(() => f.format.font.color).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    });
  });

  test('a value set on the proxy reads back locally before sync (office.js keeps it)', async () => {
    const d = createExcelDouble();
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
      r.values = [['123']];
      expect(r.values).toEqual([['123']]);
      r.load('values');
      await ctx.sync();
      expect(r.values).toEqual([[123]]);
    });
  });

  test('loads and writes run in queue order within one batch', async () => {
    const d = createExcelDouble({ sheets: { S: [['old']] } });
    await d.Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const before = s.getRange('A1').load('values');
      s.getRange('A1').values = [['new']];
      const after = s.getRange('A1').load('values');
      await ctx.sync();
      expect(before.values).toEqual([['old']]);
      expect(after.values).toEqual([['new']]);
    });
  });

  test('toJSON returns the loaded properties', async () => {
    const d = createExcelDouble({ sheets: { S: [['x']] } });
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('S').getRange('A1').load('values,address');
      await ctx.sync();
      expect(r.toJSON()).toEqual({ values: [['x']], address: 'S!A1' });
    });
  });
});

describe('collections and null objects', () => {
  test('worksheets.items after load, in order, with loaded names', async () => {
    const d = createExcelDouble({ sheets: ['A', 'B', 'C'] });
    await d.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets;
      expect(() => ws.items).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      ws.load('items/name,items/visibility');
      await ctx.sync();
      expect(ws.items.map((w) => w.name)).toEqual(['A', 'B', 'C']);
      expect(ws.items.map((w) => w.visibility)).toEqual(['Visible', 'Visible', 'Visible']);
      // Items are usable proxies.
      ws.items[1].getRange('A1').values = [['via item']];
      await ctx.sync();
    });
    expect(d.workbook.sheet('B').cell('A1').value).toBe('via item');
  });

  test('collection.load("name") loads the items’ property; getCount returns a ClientResult', async () => {
    const d = createExcelDouble({ sheets: ['A', 'B'] });
    await d.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.load('name');
      const n = ctx.workbook.worksheets.getCount();
      expect(() => n.value).toThrow(expect.objectContaining({ code: 'ValueNotLoaded' }));
      await ctx.sync();
      expect(ws.items.map((w) => w.name)).toEqual(['A', 'B']);
      expect(n.value).toBe(2);
    });
  });

  test('getItem of a missing sheet fails at sync with ItemNotFound', async () => {
    const d = createExcelDouble();
    const err = await rejection(
      d.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Nope');
        await ctx.sync();
      }),
    );
    expect(err.code).toBe('ItemNotFound');
    expect(err.message).toBe("The requested resource doesn't exist.");
  });

  test('getItemOrNullObject reports isNullObject after sync; its properties read as undefined', async () => {
    const d = createExcelDouble({ sheets: ['A'] });
    await d.Excel.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject('Nope');
      const present = ctx.workbook.worksheets.getItemOrNullObject('a');
      missing.load('name');
      present.load('name');
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(missing.name).toBeUndefined();
      expect(present.isNullObject).toBe(false);
      expect(present.name).toBe('A');
    });
  });

  test('isNullObject is available without load (like office.js); actions on a null object do nothing', async () => {
    const d = createExcelDouble({ sheets: ['A'] });
    await d.Excel.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject('Nope');
      missing.getRange('A1').values = [['lost']];
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
    });
    expect(d.workbook.sheetNames()).toEqual(['A']);
  });

  test('getItemOrNullObject then add, the documented pattern', async () => {
    const d = createExcelDouble({ sheets: ['A'] });
    await d.Excel.run(async (ctx) => {
      let sheet = ctx.workbook.worksheets.getItemOrNullObject('Data');
      await ctx.sync();
      if (sheet.isNullObject) sheet = ctx.workbook.worksheets.add('Data');
      sheet.position = 0;
      await ctx.sync();
    });
    expect(d.workbook.sheetNames()).toEqual(['Data', 'A']);
  });
});

describe('batches', () => {
  test('a failing action stops the batch; earlier actions stay applied (no rollback)', async () => {
    const d = createExcelDouble({ sheets: ['A'] });
    const err = await rejection(
      d.Excel.run(async (ctx) => {
        const a = ctx.workbook.worksheets.getItem('A');
        a.getRange('A1').values = [['first']];
        ctx.workbook.worksheets.getItem('Missing').getRange('A1').values = [['x']];
        a.getRange('A2').values = [['never']];
        await ctx.sync();
      }),
    );
    expect(err.code).toBe('ItemNotFound');
    expect(d.workbook.sheet('A').cell('A1').value).toBe('first');
    expect(d.workbook.sheet('A').cell('A2').value).toBeNull();
    expect(d.stats.history[0].ok).toBe(false);
    expect(d.stats.history[0].errorCode).toBe('ItemNotFound');
  });

  test('Excel.run syncs what is still queued when the batch returns', async () => {
    const d = createExcelDouble();
    await d.Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('B2').values = [['tail']];
    });
    expect(d.workbook.sheet('Sheet1').cell('B2').value).toBe('tail');
    expect(d.stats.syncs).toBe(1);
    expect(d.stats.syncCalls).toBe(0);
    expect(d.stats.history[0].implicit).toBe(true);
  });

  test('empty syncs are calls but not round trips', async () => {
    const d = createExcelDouble();
    await d.Excel.run(async (ctx) => {
      await ctx.sync();
      await ctx.sync();
    });
    expect(d.stats.syncCalls).toBe(2);
    expect(d.stats.syncs).toBe(0);
  });

  test('the batch function must return a promise', async () => {
    const d = createExcelDouble();
    const err = await rejection(
      d.Excel.run(((_ctx: unknown) => undefined) as unknown as () => Promise<void>),
    );
    expect(err.code).toBe('RunMustReturnPromise');
  });

  test('Excel.run({ delayForCellEdit: true }, …) is accepted and counted', async () => {
    const d = createExcelDouble();
    const out = await d.Excel.run({ delayForCellEdit: true }, async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').load('address');
      await ctx.sync();
      return r.address;
    });
    expect(out).toBe('Sheet1!A1');
    expect(d.stats.runs).toBe(1);
    expect(d.stats.delayForCellEditRuns).toBe(1);
  });

  test('in cell-edit mode a run without delayForCellEdit fails, with it it proceeds', async () => {
    const d = createExcelDouble();
    d.setCellEditMode(true);
    const err = await rejection(
      d.Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
        await ctx.sync();
      }),
    );
    expect(err.code).toBe('InvalidOperationInCellEditMode');
    expect(d.workbook.sheet('Sheet1').cell('A1').value).toBeNull();
    await d.Excel.run({ delayForCellEdit: true }, async (ctx) => {
      ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[1]];
      await ctx.sync();
    });
    expect(d.workbook.sheet('Sheet1').cell('A1').value).toBe(1);
  });

  test('proxies of a finished run cannot queue more work', async () => {
    const d = createExcelDouble();
    let kept: Excel.Range | undefined;
    await d.Excel.run(async (ctx) => {
      kept = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1').load('address');
      await ctx.sync();
    });
    expect(kept!.address).toBe('Sheet1!A1');
    expect(() => {
      kept!.values = [[1]];
    }).toThrow(expect.objectContaining({ code: 'InvalidObjectPath' }));
  });

  test('Excel.run(object, batch) reuses the context of a live proxy', async () => {
    const d = createExcelDouble();
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
      await d.Excel.run(r, async (ctx2) => {
        expect(ctx2).toBe(ctx);
        r.values = [['nested']];
        await ctx2.sync();
      });
    });
    expect(d.workbook.sheet('Sheet1').cell('A1').value).toBe('nested');
  });
});

describe('strictness', () => {
  test('a member the double does not emulate throws instead of returning undefined', async () => {
    const d = createExcelDouble();
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
      expect(() => (r as unknown as { valuesAsJson: unknown }).valuesAsJson).toThrow(
        expect.objectContaining({ code: 'NotEmulated' }),
      );
      expect(() => {
        (r.format.font as unknown as { subscript: boolean }).subscript = true;
      }).toThrow(expect.objectContaining({ code: 'NotEmulated' }));
      expect(() => r.load('valuesAsJson')).toThrow(expect.objectContaining({ code: 'NotEmulated' }));
    });
  });

  test('writing a read-only property throws', async () => {
    const d = createExcelDouble();
    await d.Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Sheet1').getRange('A1');
      expect(() => {
        (r as unknown as { address: string }).address = 'B2';
      }).toThrow(expect.objectContaining({ code: 'CannotUpdateReadOnlyProperty' }));
    });
  });

  test('APIs above the configured requirement set throw ApiNotFound; isSetSupported agrees', async () => {
    const d = createExcelDouble({ excelApi: '1.12', sheets: { S: [['h'], [1]] } });
    expect(d.Office.context.requirements.isSetSupported('ExcelApi', '1.12')).toBe(true);
    expect(d.Office.context.requirements.isSetSupported('ExcelApi', '1.13')).toBe(false);
    expect(d.Office.context.requirements.isSetSupported('ExcelApi', 1.9)).toBe(true);
    expect(d.Office.context.requirements.isSetSupported('WordApi', '1.1')).toBe(false);
    await d.Excel.run(async (ctx) => {
      const t = ctx.workbook.tables.add('S!A1:A2', true);
      expect(() => t.resize('A1:B2')).toThrow(expect.objectContaining({ code: 'ApiNotFound' }));
      expect(() => ctx.workbook.worksheets.getItem('S').getRange('A1').getMergedAreasOrNullObject()).toThrow(
        expect.objectContaining({ code: 'ApiNotFound' }),
      );
      await ctx.sync();
    });
  });
});

describe('Office shim', () => {
  test('displayLanguage, onReady, actions and install()', async () => {
    const d = createExcelDouble({ displayLanguage: 'en-US', platform: 'PC' });
    expect(d.Office.context.displayLanguage).toBe('en-US');
    const cb = jest.fn();
    const info = await d.Office.onReady(cb);
    expect(info).toEqual({ host: 'Excel', platform: 'PC' });
    expect(cb).toHaveBeenCalledWith(info);

    let ran = false;
    d.Office.actions.associate('recalc', (event) => {
      ran = true;
      event.completed();
    });
    await d.invokeAction('recalc');
    expect(ran).toBe(true);

    const undo = d.install();
    const g = globalThis as unknown as {
      Excel: unknown;
      Office: unknown;
      OfficeExtension: { Error: unknown };
    };
    expect(g.Excel).toBe(d.Excel);
    expect(g.Office).toBe(d.Office);
    expect(g.OfficeExtension.Error).toBe(DoubleRichApiError);
    undo();
    expect((globalThis as Record<string, unknown>).Excel).toBeUndefined();
  });

  test('Excel enums and createWorkbook', async () => {
    const d = createExcelDouble();
    expect(d.Excel.ConditionalFormatType).toMatchObject({ custom: 'Custom', containsText: 'ContainsText' });
    expect((d.Excel.ChartType as Record<string, string>).columnClustered).toBe('ColumnClustered');
    expect((d.Excel.ChartType as Record<string, string>)._3DColumn).toBe('3DColumn');
    expect((d.Excel.ClearApplyTo as Record<string, string>).formats).toBe('Formats');
    await d.Excel.createWorkbook('UEsDBA==');
    expect(d.stats.createdWorkbooks).toEqual(['UEsDBA==']);
    await expect(d.Excel.createWorkbook('not base64!')).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
