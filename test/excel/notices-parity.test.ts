/**
 * 「個別通知を作成」 in the add-in (SPEC §5.5) against `kakari-roster notices`: for the sample roster
 * the workbook the pane hands to Excel.createWorkbook (on the Excel test double, after the pane's
 * 再計算) is the CLI's file cell for cell — values, number formats, styles, row heights, merges,
 * page setup — and byte for byte. Nothing of the notices lands in the open workbook (no sheet, no
 * cell, no setting) or in a log. On Excel on the web a file over the createWorkbook limit is
 * refused before the call (§5.4) and per-district files are offered.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { noticesFile } from '../../src/cli/notices';
import { createExcelDouble, type ExcelDouble } from '@kakari-roster/excel-double';
import { loadWorkbookFromXlsx } from '@kakari-roster/excel-double/fromXlsx';
import {
  WEB_CREATE_WORKBOOK_LIMIT,
  base64Length,
  createWorkbookLimit,
  officePlatform,
  openNewWorkbook,
} from '../../src/excel/create-workbook';
import type { RecalcWorkbookResult } from '../../src/excel/run';
import type { PaneExcel } from '../../src/excel/pane-host';
import { createNotices } from '../../src/taskpane/notices-book';
import { sampleFixture } from './fixture';
import { AS_OF, NOW, allCells, doubleFromXlsx, runAddin } from './helpers';

const SHEETS = ['通知_医師', '通知_医療機関'];

let dir: string;
let input: string;
let d: ExcelDouble;
let first: RecalcWorkbookResult;

/** The sample with 医師会名 and 問い合わせ先 on a 設定 sheet. */
async function fixture(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await sampleFixture()) as unknown as ArrayBuffer);
  const ws = wb.addWorksheet('設定');
  ws.addRow(['項目', '値', '説明']);
  ws.addRow(['医師会名', '小倉医師会']);
  ws.addRow(['問い合わせ先', '小倉医師会 事務局（電話 093-000-0000）']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const host = (dd: ExcelDouble) => ({
  excel: dd.Excel as unknown as PaneExcel,
  isSetSupported: (n: string, v: string) => dd.Office.context.requirements.isSetSupported(n, v),
});

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-notices-parity-'));
  const buf = await fixture();
  input = path.join(dir, 'in.xlsx');
  await fs.writeFile(input, buf);
  d = await doubleFromXlsx(buf);
  first = await runAddin(d);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

interface SheetCanon {
  cells: Map<string, string>;
  heights: Map<number, number>;
  merges: string[];
  page: string;
}

/** Every cell (value, number format, style), row height, merge and the page layout of the notices sheets. */
async function canon(bytes: Uint8Array): Promise<Map<string, SheetCanon>> {
  const dd = createExcelDouble({ state: await loadWorkbookFromXlsx(bytes) });
  const out = new Map<string, SheetCanon>();
  for (const name of dd.workbook.sheetNames()) {
    const sh = dd.workbook.sheet(name);
    const model = dd.state.sheets.find((x) => x.name === name)!;
    const cells = new Map<string, string>();
    for (let r = 1; r <= model.rows.length; r++)
      for (let c = 1; c <= 4; c++) {
        const x = sh.cell(r, c);
        if (x.value === null && x.mergedArea === null) continue;
        cells.set(x.address, JSON.stringify([x.value, x.type, x.numberFormat, x.format]));
      }
    out.set(name, {
      cells,
      heights: new Map(model.rowHeights),
      merges: [...sh.merges()].sort(),
      page: JSON.stringify(sh.pageLayout()),
    });
  }
  return out;
}

describe('the add-in’s notices equal the CLI’s', () => {
  let before: Map<string, unknown>;
  let paneBytes: Uint8Array;
  let cliBytes: Uint8Array;
  const logs: unknown[][] = [];

  beforeAll(async () => {
    before = allCells(d, d.workbook.sheetNames());
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...a: unknown[]) => void logs.push(a)),
    );
    try {
      const outcome = await createNotices(
        host(d),
        first,
        { to: 'all', district: null },
        { yieldFn: async () => undefined, platform: 'PC' },
      );
      expect(outcome.kind).toBe('opened');
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(d.stats.createdWorkbooks).toHaveLength(1);
    paneBytes = new Uint8Array(Buffer.from(d.stats.createdWorkbooks[0], 'base64'));
    const out = path.join(dir, 'notices.xlsx');
    await noticesFile(input, { out, asOf: AS_OF, now: NOW });
    cliBytes = new Uint8Array(await fs.readFile(out));
  });

  test('cell for cell: values, formats, styles, row heights, merges, page setup', async () => {
    const a = await canon(paneBytes);
    const b = await canon(cliBytes);
    expect([...a.keys()]).toEqual(SHEETS);
    expect([...b.keys()]).toEqual(SHEETS);
    for (const name of SHEETS) {
      const x = a.get(name)!;
      const y = b.get(name)!;
      expect(x.cells.size).toBeGreaterThan(100);
      const diff = [...new Set([...x.cells.keys(), ...y.cells.keys()])].filter(
        (k) => x.cells.get(k) !== y.cells.get(k),
      );
      expect(diff.slice(0, 5)).toEqual([]);
      expect([...x.heights]).toEqual([...y.heights]);
      expect(x.merges).toEqual(y.merges);
      expect(x.page).toBe(y.page);
      expect(JSON.parse(x.page)).toMatchObject({
        orientation: 'Portrait',
        paperSize: 'A4',
        zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      });
    }
    // The sender from 設定 is on the letters.
    expect([...a.get('通知_医師')!.cells.values()].some((v) => v.includes('小倉医師会'))).toBe(true);
  });

  test('byte for byte (one deterministic writer for both)', () => {
    expect(Buffer.from(paneBytes).equals(Buffer.from(cliBytes))).toBe(true);
  });

  test('nothing lands in the open workbook or in a log', () => {
    expect(d.workbook.sheetNames()).not.toContain('通知_医師');
    expect(d.workbook.sheetNames()).not.toContain('通知_医療機関');
    const after = allCells(d, d.workbook.sheetNames());
    expect([...after].filter(([k, v]) => JSON.stringify(before.get(k)) !== JSON.stringify(v))).toEqual([]);
    expect(after.size).toBe(before.size);
    expect(d.workbook.settings()).toEqual({});
    expect(logs).toEqual([]);
  });
});

describe('the createWorkbook size rule (SPEC §5.4)', () => {
  test('on Excel on the web a file over the limit is refused before the call; per district it fits', async () => {
    const dd = await doubleFromXlsx(await fixture());
    const out = await runAddin(dd);
    const opts = { yieldFn: async () => undefined, platform: 'OfficeOnline', limit: 20_000 };
    const all = await createNotices(host(dd), out, { to: 'all', district: null }, opts);
    expect(all.kind).toBe('too-large');
    expect(dd.stats.createdWorkbooks).toHaveLength(0);
    const district = out.engine.districts[0].district;
    const one = await createNotices(host(dd), out, { to: 'all', district }, { ...opts, limit: 1_000_000 });
    expect(one.kind).toBe('opened');
    expect(dd.stats.createdWorkbooks).toHaveLength(1);
  });

  test('the limit is 5 MB of base64 on the web only; an unknown platform takes the web’s rule', async () => {
    expect(WEB_CREATE_WORKBOOK_LIMIT).toBeLessThanOrEqual(5_000_000);
    expect(createWorkbookLimit('OfficeOnline')).toBe(WEB_CREATE_WORKBOOK_LIMIT);
    expect(createWorkbookLimit(null)).toBe(WEB_CREATE_WORKBOOK_LIMIT);
    expect(createWorkbookLimit('PC')).toBe(Infinity);
    const calls: string[] = [];
    const excel = { createWorkbook: async (b: string) => void calls.push(b) };
    const tooBig = new Uint8Array((WEB_CREATE_WORKBOOK_LIMIT / 4) * 3 + 3);
    expect(base64Length(tooBig.length)).toBeGreaterThan(WEB_CREATE_WORKBOOK_LIMIT);
    const refused = await openNewWorkbook(
      { excel, isSetSupported: () => true, platform: 'OfficeOnline' },
      tooBig,
    );
    expect(refused.kind).toBe('too-large');
    expect(calls).toEqual([]);
    await openNewWorkbook(
      { excel, isSetSupported: () => true, platform: 'Mac' },
      new TextEncoder().encode('ABC'),
    );
    expect(calls).toEqual(['QUJD']);
  });

  test('without ExcelApi 1.8 the pane says so and creates nothing', async () => {
    const dd = await doubleFromXlsx(await fixture());
    const out = await runAddin(dd);
    const res = await createNotices(
      { excel: dd.Excel as unknown as PaneExcel, isSetSupported: () => false },
      out,
      { to: 'doctors', district: null },
    );
    expect(res).toEqual({ kind: 'unsupported' });
    expect(dd.stats.createdWorkbooks).toHaveLength(0);
  });
});

test('the platform comes from Office.context (the double says OfficeOnline); none without Office.js', async () => {
  expect(officePlatform()).toBeNull();
  const dd = await doubleFromXlsx(await fixture());
  const undo = dd.install();
  try {
    expect(officePlatform()).toBe('OfficeOnline');
  } finally {
    undo();
  }
  expect(officePlatform()).toBeNull();
});
