/**
 * The add-in path (Office.js writer on the Excel double) and the CLI path (ExcelJS writer) write
 * identical owned cells from the same workbook — values of every owned column and every owned
 * sheet (formulas included), number formats of the owned columns and of every written cell — and
 * a re-run changes nothing in owned cells except the new 実行履歴 row.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ExcelDouble } from '@kakari-roster/excel-double';
import type { RecalcWorkbookResult } from '../../src/excel/run';
import { recalcFile } from '../../src/cli/recalc-file';
import { sampleFixture, USER_RULE_FORMULA } from './fixture';
import {
  AS_OF,
  NOW,
  allCells,
  cellsFromDouble,
  cellsFromExcelJs,
  diffCells,
  doubleFromXlsx,
  ownedAreas,
  runAddin,
  type CellMap,
} from './helpers';

let dir: string;
let input: string;
let d: ExcelDouble;
let first: RecalcWorkbookResult;
let before: Map<string, unknown>;

async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-parity-'));
  const buf = await sampleFixture();
  input = path.join(dir, 'in.xlsx');
  await fs.writeFile(input, buf);
  d = await doubleFromXlsx(buf);
  before = allCells(d, ['医師', '研修記録', '医療機関', '所属']);
  first = await runAddin(d);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('add-in and CLI write the same owned cells', () => {
  let cliOut: string;
  let cli: Awaited<ReturnType<typeof recalcFile>>;

  beforeAll(async () => {
    cliOut = path.join(dir, 'cli.xlsx');
    cli = await recalcFile(input, { out: cliOut, asOf: AS_OF, now: NOW });
  });

  test('same result JSON and the same plan', () => {
    expect(first.result).toEqual(cli.result);
    expect(first.plan).toEqual(cli.plan);
    expect(first.result.issues.length).toBeGreaterThan(10);
  });

  test('first run: identical owned cells (values, formulas, number formats)', async () => {
    const areas = ownedAreas(first.plan);
    const fromDouble = cellsFromDouble(d, areas);
    const fromCli = cellsFromExcelJs(await readXlsx(cliOut), areas);
    expect(diffCells(fromDouble, fromCli)).toEqual([]);
    expect(fromDouble.size).toBeGreaterThan(1000);
    // 入力チェック's セル column is the same HYPERLINK formula text in both.
    const links = [...fromDouble].filter(([k, v]) => k.startsWith('入力チェック!C') && v.f !== null);
    expect(links.length).toBe(first.result.issues.length);
    expect(links[0][1].f).toMatch(/^=HYPERLINK\("#'[^']+'![A-Z]+\d+","[A-Z]+\d+"\)$/);
    expect(links[0][1]).toEqual(fromCli.get(links[0][0]));
  });

  test('non-owned cells of the input sheets are untouched; the user rule survives', () => {
    const owned = new Map(first.plan.inputs.map((p) => [p.sheet, new Set(p.columns.map((c) => c.col))]));
    const after = allCells(
      d,
      ['医師', '研修記録', '医療機関', '所属'],
      (s, c) => owned.get(s)?.has(c) ?? false,
    );
    const mismatch = [...before].filter(([k, v]) => {
      const [sheet, ref] = k.split('!');
      const col = ref.replace(/\d+/g, '');
      const colNo = [...col].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
      if (owned.get(sheet)?.has(colNo)) return false;
      return JSON.stringify(after.get(k)) !== JSON.stringify(v);
    });
    expect(mismatch.slice(0, 5)).toEqual([]);
    // The user text that looks like a formula stayed text; the owned-like user column is kept.
    const doctors = d.workbook.sheet('医師');
    expect(doctors.values()[0]).toContain('判定_メモ');
    expect(
      doctors
        .conditionalFormats()
        .some((cf) => (cf.rule as { formula?: string }).formula === `=${USER_RULE_FORMULA}`),
    ).toBe(true);
  });

  test('owned sheets are marked, in order, with the chart and the page setup', () => {
    expect(d.workbook.sheetNames()).toEqual([
      '医師',
      '研修記録',
      '医療機関',
      '所属',
      '設定', // rev 2 (§2.5): a created 設定 sits before the first owned sheet
      '集計_地区',
      '会議資料',
      '要対応リスト',
      '入力チェック',
      '実行履歴',
    ]);
    expect(d.workbook.names().map((n) => n.name)).toEqual([
      '_KakariRoster_集計_地区',
      '_KakariRoster_会議資料',
      '_KakariRoster_要対応リスト',
      '_KakariRoster_入力チェック',
      '_KakariRoster_実行履歴',
    ]);
    const [chart] = d.workbook.sheet('会議資料').charts();
    expect(chart.type).toBe('ColumnClustered');
    expect(chart.series.map((s) => s.name)).toEqual(['修了率', '修了者のいる医療機関の割合']);
    expect(chart.valueAxis).toMatchObject({ minimum: 0, maximum: 1 });
    const page = d.workbook.sheet('会議資料').pageLayout();
    expect(page).toMatchObject({ orientation: 'Landscape', paperSize: 'A4', printTitleRows: '$1:$4' });
    expect(d.workbook.sheet('集計_地区').freezePanes.rows).toBe(1);
    expect(d.workbook.sheet('集計_地区').autoFilter()).not.toBeNull();
    // One conditional format per status on 医師 (plus the user's), never per-cell fills.
    expect(d.workbook.sheet('医師').conditionalFormats()).toHaveLength(5);
    expect(d.workbook.settings()).toEqual({});
  });

  test('formatting matches the CLI: cell styles, column widths, conditional formats, freeze panes, filters, page setup', async () => {
    // The CLI's output loaded into a second double, so both are seen through the same model.
    const cliDouble = await doubleFromXlsx(await fs.readFile(cliOut));
    const diffs: string[] = [];
    // Font names are each writer's default for new cells (ExcelJS: Calibri; Excel ja-JP: 游ゴシック).
    const fmt = (c: { format: { font: object } }): string =>
      JSON.stringify({ ...c.format, font: { ...c.format.font, name: '' } });
    const cfs = (sh: ReturnType<typeof d.workbook.sheet>): string[] =>
      sh
        .conditionalFormats()
        .map((c) => JSON.stringify([c.ranges, c.rule, c.format]))
        .sort();
    const page = (sh: ReturnType<typeof d.workbook.sheet>): string => {
      const p = sh.pageLayout() as { headersFooters: { defaultForAllPages: unknown } };
      return JSON.stringify({
        ...p,
        firstPageNumber: null,
        headersFooters: p.headersFooters.defaultForAllPages,
      });
    };
    for (const sp of first.plan.sheets) {
      const a = d.workbook.sheet(sp.name);
      const b = cliDouble.workbook.sheet(sp.name);
      const rows = sp.mode === 'append' ? [sp.append!.header, sp.append!.row] : sp.rows;
      rows.forEach((cells, i) =>
        cells.forEach((c, j) => {
          if (c !== null && fmt(a.cell(i + 1, j + 1)) !== fmt(b.cell(i + 1, j + 1)))
            diffs.push(`${sp.name}!${i + 1},${j + 1} style`);
        }),
      );
      sp.widths.forEach(
        (_w, i) => a.columnWidth(i + 1) !== b.columnWidth(i + 1) && diffs.push(`${sp.name} width ${i + 1}`),
      );
      if (JSON.stringify(cfs(a)) !== JSON.stringify(cfs(b))) diffs.push(`${sp.name} conditional formats`);
      if (
        JSON.stringify(a.freezePanes) !== JSON.stringify(b.freezePanes) ||
        a.autoFilter() !== b.autoFilter()
      )
        diffs.push(`${sp.name} freeze/filter`);
      if (page(a) !== page(b)) diffs.push(`${sp.name} page ${page(a)} ≠ ${page(b)}`);
    }
    for (const p of first.plan.inputs) {
      const a = d.workbook.sheet(p.sheet);
      const b = cliDouble.workbook.sheet(p.sheet);
      for (const c of p.columns) {
        if (a.columnWidth(c.col) !== b.columnWidth(c.col)) diffs.push(`${p.sheet} width ${c.col}`);
        if (fmt(a.cell(p.headerRow, c.col)) !== fmt(b.cell(p.headerRow, c.col)))
          diffs.push(`${p.sheet} header ${c.col} style`);
      }
      if (JSON.stringify(cfs(a)) !== JSON.stringify(cfs(b))) diffs.push(`${p.sheet} conditional formats`);
    }
    expect(diffs).toEqual([]);
  });

  describe('re-run', () => {
    let second: RecalcWorkbookResult;
    let ownedBefore: CellMap;
    beforeAll(async () => {
      ownedBefore = cellsFromDouble(d, ownedAreas(first.plan));
      second = await runAddin(d);
    });

    test('changes nothing in owned cells but the new 実行履歴 row', () => {
      const ownedAfter = cellsFromDouble(d, ownedAreas(first.plan));
      const diff = diffCells(ownedBefore, ownedAfter, 200);
      expect(diff.length).toBeGreaterThan(0);
      expect(diff.filter((l) => !/^実行履歴![A-Z]+3: null ≠ /.test(l))).toEqual([]);
      expect(second.result.changes).toEqual({ newlyCertified: 0, newlyEligible: 0, newlyReady: 0 });
      expect(d.workbook.sheet('医師').conditionalFormats()).toHaveLength(5);
      // The user's rule (below the plan's rules, ids = positions) survives the re-run.
      expect(
        d.workbook
          .sheet('医師')
          .conditionalFormats()
          .filter((cf) => (cf.rule as { formula?: string }).formula === `=${USER_RULE_FORMULA}`),
      ).toHaveLength(1);
      expect(d.workbook.sheet('会議資料').charts()).toHaveLength(1);
      expect(d.workbook.sheetNames()).toHaveLength(10);
    });

    test('the CLI re-run on its own output writes the same cells', async () => {
      const cliOut2 = path.join(dir, 'cli2.xlsx');
      const again = await recalcFile(cliOut, { out: cliOut2, asOf: AS_OF, now: NOW });
      expect(second.result).toEqual(again.result);
      const areas = ownedAreas(second.plan);
      expect(diffCells(cellsFromDouble(d, areas), cellsFromExcelJs(await readXlsx(cliOut2), areas))).toEqual(
        [],
      );
    });
  });
});
