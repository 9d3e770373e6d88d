/**
 * Start-up (SPEC §6.1, §7 rev 2): Office.onReady slower than the pane's 10 s wait still makes
 * Excel the host when it arrives; the start-up detection read is budgeted like every other read.
 */
import { createExcelDouble } from '@kakari-roster/excel-double';
import type { SetupValue } from '@kakari-roster/excel-double';
import { resolveHost, type PaneHost } from '../../src/excel/pane-host';
import { readLightWorkbook } from '../../src/excel/light-read';

describe('a slow Office.onReady', () => {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>).Office;
    delete (globalThis as Record<string, unknown>).Excel;
    jest.useRealTimers();
  });

  test('answering after 25 s: "none" first, then the real Excel host', async () => {
    jest.useFakeTimers();
    const d = createExcelDouble();
    let answer: (info: { host: string; platform: string }) => void = () => undefined;
    const office = {
      ...d.Office,
      onReady: () => new Promise<{ host: string; platform: string }>((resolve) => (answer = resolve)),
    };
    Object.assign(globalThis, { Office: office, Excel: d.Excel });
    const late: PaneHost[] = [];
    const first = resolveHost({ location: { search: '' }, parent: null } as unknown as Window, 10_000, (h) =>
      late.push(h),
    );
    await jest.advanceTimersByTimeAsync(10_000);
    expect((await first).kind).toBe('none');
    expect(late).toEqual([]);
    await jest.advanceTimersByTimeAsync(15_000);
    answer({ host: 'Excel', platform: 'OfficeOnline' });
    await jest.advanceTimersByTimeAsync(0);
    expect(late.map((h) => h.kind)).toEqual(['office']);
    // The late host works.
    jest.useRealTimers();
    const names = await late[0].run(async (ctx) => {
      const s = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      return s.items.map((x) => x.name);
    });
    expect(names).toEqual(['Sheet1']);
  });

  test('answering in time: the Excel host at once, no late call', async () => {
    const d = createExcelDouble();
    Object.assign(globalThis, { Office: d.Office, Excel: d.Excel });
    const late: PaneHost[] = [];
    const h = await resolveHost(
      { location: { search: '' }, parent: null } as unknown as Window,
      10_000,
      (x) => late.push(x),
    );
    expect(h.kind).toBe('office');
    expect(late).toEqual([]);
  });
});

test('start-up detection: header scans of many wide sheets are read within the response budget', async () => {
  // 6 sheets × 50 rows × 512 columns of 200-character texts: ~31 MB in one round trip before.
  const wide: SetupValue[][] = Array.from({ length: 50 }, (_, r) =>
    Array.from({ length: 512 }, (_, c) => `${r}:${c}:${'あ'.repeat(66)}`),
  );
  wide[0][0] = '会員番号';
  const sheets: Record<string, SetupValue[][]> = {};
  for (let i = 1; i <= 6; i++) sheets[`S${i}`] = wide;
  const d = createExcelDouble({ sheets });
  const light = await d.Excel.run((ctx) => readLightWorkbook(ctx));
  expect(light.snapshot.sheets.map((s) => s.rows.length)).toEqual([50, 50, 50, 50, 50, 50]);
  expect(light.snapshot.sheets[5].rows[49][511]).toBe(wide[49][511]);
  expect(d.stats.failedSyncs).toBe(0);
  expect(d.stats.maxResponseBytes).toBeLessThanOrEqual(4_000_000);
});
