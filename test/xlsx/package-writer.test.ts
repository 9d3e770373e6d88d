/**
 * Fidelity of `recalc -o` (issue 7, SPEC §5.1.9 and §6.2 "Fidelity") on a workbook holding a
 * chart, a picture, a table, data validation, conditional formats, custom cell styles, defined
 * names, a hidden sheet, a calcChain and an Office add-in part:
 *   - every zip entry the plan does not touch is byte-identical (compressed data included);
 *   - the touched input sheets equal the input in the canonical model outside the owned columns;
 *   - the owned columns become columns of the input table;
 *   - LibreOffice opens the output and draws the 会議資料 chart (LibreOffice is required; npm test installs it);
 *   - no "not carried over" warning;
 *   - a re-run on the output changes nothing but the new 実行履歴 row and the 会議資料 timestamp.
 */
import { execFileSync } from 'child_process';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, type Io } from '../../src/cli/main';
import { dayFromIso } from '../../src/domain/day';
import { MEETING_SHEET } from '../../src/sheets/plan-meeting';
import { recalcFile, type RecalcFileResult } from '../../src/cli/recalc-file';
import { openXlsxBuffer, readPackageSnapshot } from '../../src/xlsx/package-read';
import { loadWorkbook, snapshotFromExcelJs } from '../helpers/exceljs-snapshot';
import { localSpan, readCentralDirectory, type ZipEntry } from '../../src/xlsx/zip';
import { FIXTURE_AS_OF } from '../helpers/meeting-fixture';
import { requireRenderTools } from '../helpers/render-tools';
import {
  USER_CF_FORMULA,
  USER_CHART_NAME,
  WEBEXT_PART,
  WEBEXT_TASKPANES,
  fidelityFixture,
} from './fidelity-fixture';

const AS_OF = dayFromIso(FIXTURE_AS_OF);
const NOW1 = new Date(Date.UTC(2026, 2, 20, 1, 15));
const NOW2 = new Date(Date.UTC(2026, 2, 21, 6, 40));

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

// ---------------------------------------------------------------------------------------------
// The canonical model (SPEC §5.1.9) through ExcelJS

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fs.readFile(file)) as unknown as ArrayBuffer);
  return wb;
}

/** value and type, formula, number format, font, fill, border, alignment of one cell. */
function cellModel(cell: ExcelJS.Cell): string {
  const v = cell.value as unknown;
  return JSON.stringify({
    type: cell.type,
    value: v instanceof Date ? { date: v.toISOString() } : v,
    formula: cell.formula ?? null,
    numFmt: cell.numFmt ?? null,
    font: cell.font ?? null,
    fill: cell.fill ?? null,
    border: cell.border ?? null,
    alignment: cell.alignment ?? null,
  });
}

function cellsOf(
  ws: ExcelJS.Worksheet,
  skip: (r: number, c: number) => boolean = () => false,
): Map<string, string> {
  const out = new Map<string, string>();
  ws.eachRow({ includeEmpty: true }, (row, r) =>
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      if (!skip(r, c)) out.set(cell.address, cellModel(cell));
    }),
  );
  return out;
}

/** Differences between two cell maps (a missing cell equals an empty, unstyled one). */
function diffCells(a: Map<string, string>, b: Map<string, string>): string[] {
  const empty = (s: string | undefined) =>
    s === undefined ||
    /^\{"type":0,"value":null,"formula":null,"numFmt":null,"font":null,"fill":null,"border":null,"alignment":null\}$/.test(
      s,
    );
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (x !== y && !(empty(x) && empty(y))) out.push(`${k}: ${x} ≠ ${y}`);
  }
  return out;
}

type Cf = { ref: string; rules: unknown[] };
const cfsOf = (ws: ExcelJS.Worksheet): Cf[] =>
  (ws as unknown as { conditionalFormattings: Cf[] }).conditionalFormattings;
const dvOf = (ws: ExcelJS.Worksheet): unknown =>
  (ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model;
const mergesOf = (ws: ExcelJS.Worksheet): string[] =>
  [...((ws as unknown as { model: { merges?: string[] } }).model.merges ?? [])].sort();
const colLetters = (ref: string): number[] =>
  ref
    .split(/\s+/)
    .flatMap((r) => r.replace(/\$/g, '').split(':'))
    .map((a) => [...a.replace(/\d+/g, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0));

/** Sheet-level parts of the canonical model: merges, rules, validation, widths, views, print setup. */
function sheetModel(
  ws: ExcelJS.Worksheet,
  ownedCols: Set<number> = new Set(),
  maxCol = 30,
): Record<string, unknown> {
  const widths: Record<number, unknown> = {};
  for (let c = 1; c <= maxCol; c++) if (!ownedCols.has(c)) widths[c] = ws.getColumn(c).width ?? null;
  return {
    state: ws.state,
    merges: mergesOf(ws),
    conditionalFormats: cfsOf(ws).filter((cf) => !colLetters(cf.ref).every((c) => ownedCols.has(c))),
    dataValidations: dvOf(ws),
    widths,
    views: ws.views,
    pageSetup: ws.pageSetup,
    headerFooter: ws.headerFooter,
    autoFilter: ws.autoFilter ?? null,
  };
}

const definedNames = (wb: ExcelJS.Workbook): unknown =>
  (wb.definedNames as unknown as { model: unknown }).model;

// ---------------------------------------------------------------------------------------------
// The package level

function entries(buf: Uint8Array): Map<string, ZipEntry> {
  return new Map(readCentralDirectory(buf).map((e) => [e.name, e]));
}

/** The local record (header, compressed data, descriptor) and the central record without its offset. */
function entryIdentity(buf: Uint8Array, e: ZipEntry): { local: Buffer; central: Buffer } {
  const { end } = localSpan(buf, e);
  const central = Buffer.from(e.central);
  central.fill(0, e.offsetField.at, e.offsetField.at + e.offsetField.size);
  return { local: Buffer.from(buf.subarray(e.localOffset, end)), central };
}

const texts = (buf: Uint8Array): Record<string, string> =>
  Object.fromEntries(Object.entries(unzipSync(buf)).map(([k, v]) => [k, strFromU8(v)]));

/** Part of each sheet by name. */
function sheetPartsOf(files: Record<string, string>): Map<string, string> {
  const rels = new Map<string, string>();
  for (const m of files['xl/_rels/workbook.xml.rels'].matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])![1];
    rels.set(id, `xl/${/\bTarget="([^"]+)"/.exec(m[0])![1].replace(/^\/?xl\//, '')}`);
  }
  const out = new Map<string, string>();
  for (const m of files['xl/workbook.xml'].matchAll(/<sheet\b[^>]*>/g)) {
    out.set(/\bname="([^"]+)"/.exec(m[0])![1], rels.get(/\br:id="([^"]+)"/.exec(m[0])![1])!);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

let dir: string;
let input: string;
let out1: string;
let out2: string;
let inBytes: Uint8Array;
let outBytes: Uint8Array;
let first: RecalcFileResult;
let cliRun: ReturnType<typeof capture>;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-fidelity-'));
  input = path.join(dir, 'roster.xlsx');
  out1 = path.join(dir, 'out1.xlsx');
  out2 = path.join(dir, 'out2.xlsx');
  inBytes = await fidelityFixture();
  await fs.writeFile(input, inBytes);
  // Through the command line (for the warnings), and through recalcFile (for the plan).
  cliRun = capture();
  expect(
    await main(['recalc', input, '-o', path.join(dir, 'cli.xlsx'), '--as-of', FIXTURE_AS_OF], cliRun),
  ).toBe(0);
  first = await recalcFile(input, { out: out1, asOf: AS_OF, now: NOW1 });
  outBytes = new Uint8Array(await fs.readFile(out1));
  await recalcFile(out1, { out: out2, asOf: AS_OF, now: NOW2 });
}, 120_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('recalc -o keeps the workbook', () => {
  test('no "not carried over" warning; the input file is unchanged', async () => {
    expect(cliRun.stderr).toEqual([]);
    expect(cliRun.stdout[0]).toContain('\tOK\t');
    expect(Buffer.from(await fs.readFile(input)).equals(Buffer.from(inBytes))).toBe(true);
  });

  test('every zip entry the plan does not touch is byte-identical, compressed data included', () => {
    const a = entries(inBytes);
    const b = entries(outBytes);
    const parts = sheetPartsOf(texts(inBytes));
    const touched = new Set([
      ...first.plan.inputs.map((p) => parts.get(p.sheet)!),
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      '[Content_Types].xml',
      'xl/styles.xml',
      'xl/tables/table1.xml', // T研修 gets the owned column
      'xl/calcChain.xml', // dropped
    ]);
    const untouched = [...a.keys()].filter((n) => !touched.has(n));
    expect(untouched.length).toBeGreaterThanOrEqual(12);
    // The parts of the picture, the user chart and the add-in are among them.
    for (const n of [
      'xl/media/image1.png',
      'xl/charts/chart1.xml',
      WEBEXT_PART,
      WEBEXT_TASKPANES,
      'xl/theme/theme1.xml',
      'docProps/app.xml',
    ]) {
      expect(untouched).toContain(n);
    }
    for (const n of untouched) {
      expect(b.has(n)).toBe(true);
      const x = entryIdentity(inBytes, a.get(n)!);
      const y = entryIdentity(outBytes, b.get(n)!);
      expect({ n, local: x.local.equals(y.local), central: x.central.equals(y.central) }).toEqual({
        n,
        local: true,
        central: true,
      });
    }
    // Only the calcChain is gone (Excel rebuilds it); its relationship and content type with it.
    expect([...a.keys()].filter((n) => !b.has(n))).toEqual(['xl/calcChain.xml']);
    const files = texts(outBytes);
    expect(files['xl/_rels/workbook.xml.rels']).not.toContain('calcChain');
    expect(files['[Content_Types].xml']).not.toContain('calcChain');
  });

  test('the touched input sheets equal the input in the canonical model outside the owned columns', async () => {
    const a = await load(input);
    const b = await load(out1);
    for (const ip of first.plan.inputs) {
      const owned = new Set(ip.columns.map((c) => c.col));
      const skip = (r: number, c: number) => owned.has(c) && r >= ip.headerRow;
      const wa = a.getWorksheet(ip.sheet)!;
      const wb = b.getWorksheet(ip.sheet)!;
      expect({ sheet: ip.sheet, diff: diffCells(cellsOf(wa, skip), cellsOf(wb, skip)) }).toEqual({
        sheet: ip.sheet,
        diff: [],
      });
      expect(sheetModel(wb, owned)).toEqual(sheetModel(wa, owned));
      expect(owned.size).toBeGreaterThan(0);
    }
    // The user's rule and validations on 医師 are still there.
    const doctors = b.getWorksheet('医師')!;
    expect(cfsOf(doctors).some((cf) => JSON.stringify(cf.rules).includes(USER_CF_FORMULA))).toBe(true);
    expect(JSON.stringify(dvOf(doctors))).toContain('textLength');
    // Sheets, order and visibility: the input's, then the owned sheets (rev 2 §2.5: a created 設定
    // before the first owned sheet).
    expect(b.worksheets.map((w) => [w.name, w.state])).toEqual([
      ...a.worksheets.map((w) => [w.name, w.state]),
      ...['設定', '集計_地区', '会議資料', '要対応リスト', '入力チェック', '実行履歴'].map((n) => [
        n,
        'visible',
      ]),
    ]);
    // The other sheets are untouched parts, hence equal; and every user name is kept.
    for (const w of a.worksheets.filter((x) => !first.plan.inputs.some((p) => p.sheet === x.name))) {
      expect(diffCells(cellsOf(w), cellsOf(b.getWorksheet(w.name)!))).toEqual([]);
    }
    const names = JSON.stringify(definedNames(b));
    for (const n of definedNames(a) as { name: string }[]) expect(names).toContain(JSON.stringify(n));
  });

  test('the owned column of 研修記録 is a column of its table; styles were appended, not renumbered', () => {
    const inFiles = texts(inBytes);
    const files = texts(outBytes);
    const table = files['xl/tables/table1.xml'];
    expect(table).toMatch(/ref="A1:G10"/);
    expect(table).toMatch(/<autoFilter ref="A1:G10"/);
    expect(table).toMatch(/<tableColumns count="7">/);
    expect(table).toContain('<tableColumn id="7" name="判定_チェック"/>');
    // Every cell format of the input is still there, at the same index.
    const xfs = (x: string) =>
      /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(x)![1].match(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)!;
    const before = xfs(inFiles['xl/styles.xml']);
    const after = xfs(files['xl/styles.xml']);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBeGreaterThan(before.length);
    // Markers of the owned sheets, and print titles.
    for (const s of ['集計_地区', '会議資料', '要対応リスト', '入力チェック', '実行履歴']) {
      expect(files['xl/workbook.xml']).toContain(
        `<definedName name="_KakariRoster_${s}">&apos;${s}&apos;!$A$1</definedName>`,
      );
    }
    expect(files['xl/workbook.xml']).toMatch(
      /<definedName name="_xlnm.Print_Titles" localSheetId="\d+">&apos;会議資料&apos;!\$1:\$4<\/definedName>/,
    );
    // Our chart on 会議資料 beside the user's chart on グラフ用.
    const drawings = Object.keys(files).filter((k) => /^xl\/drawings\/drawing\d+\.xml$/.test(k));
    expect(
      drawings
        .map((d) =>
          files[d].includes(USER_CHART_NAME)
            ? 'user'
            : files[d].includes('KakariRoster_Chart')
              ? 'ours'
              : 'picture',
        )
        .sort(),
    ).toEqual(['ours', 'picture', 'user']);
  });

  test('the package snapshot equals what ExcelJS reads (values, formulas, merges, tables, visibility, names)', async () => {
    const ps = await readPackageSnapshot(openXlsxBuffer(Buffer.from(inBytes)));
    const { wb, workbookProtected } = await loadWorkbook(input);
    const ref = snapshotFromExcelJs(wb, { workbookProtected });
    const norm = (s: typeof ref) =>
      JSON.stringify(
        s.sheets.map((x) => ({
          ...x,
          rows: x.rows.map((r) => (r ?? []).map((v) => (v instanceof Date ? v.toISOString() : (v ?? null)))),
          formulaCells: [...(x.formulaCells ?? [])].sort(),
        })),
      );
    expect(norm(ps.snapshot)).toBe(norm(ref));
    expect(ps.snapshot.date1904).toBe(ref.date1904);
    expect([...ps.snapshot.definedNames.keys()].sort()).toEqual([...ref.definedNames.keys()].sort());
  });
});

describe('a re-run on the output', () => {
  test('is identical in the canonical model except the new 実行履歴 row and the 会議資料 timestamp', async () => {
    const b = await load(out1);
    const c = await load(out2);
    expect(c.worksheets.map((w) => [w.name, w.state])).toEqual(b.worksheets.map((w) => [w.name, w.state]));
    for (const wb1 of b.worksheets) {
      const wc = c.getWorksheet(wb1.name)!;
      const skip = (r: number, col: number) =>
        (wb1.name === MEETING_SHEET && r === 4 && col === 2) || (wb1.name === '実行履歴' && r === 3);
      expect({ sheet: wb1.name, diff: diffCells(cellsOf(wb1, skip), cellsOf(wc, skip)) }).toEqual({
        sheet: wb1.name,
        diff: [],
      });
      expect(sheetModel(wc)).toEqual(sheetModel(wb1));
    }
    expect(definedNames(c)).toEqual(definedNames(b));
    const history = c.getWorksheet('実行履歴')!;
    expect(history.getCell('A3').value).toMatch(/\(JST\)$/);
    expect(c.getWorksheet(MEETING_SHEET)!.getCell('B4').value).not.toEqual(
      b.getWorksheet(MEETING_SHEET)!.getCell('B4').value,
    );
  });

  test('rewrites the input sheets, styles and workbook to the same bytes, and keeps one chart of ours', async () => {
    const x = texts(outBytes);
    const y = texts(new Uint8Array(await fs.readFile(out2)));
    const parts = sheetPartsOf(x);
    for (const p of first.plan.inputs) expect(y[parts.get(p.sheet)!] === x[parts.get(p.sheet)!]).toBe(true);
    for (const n of [
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      '[Content_Types].xml',
      'xl/tables/table1.xml',
    ]) {
      expect({ n, same: y[n] === x[n] }).toEqual({ n, same: true });
    }
    for (const s of ['集計_地区', '要対応リスト', '入力チェック', '設定'])
      expect(y[parts.get(s)!] === x[parts.get(s)!]).toBe(true);
    expect(Object.keys(y).sort()).toEqual(Object.keys(x).sort());
    expect(Object.values(y).filter((t) => t.includes('name="KakariRoster_Chart"'))).toHaveLength(1);
  });
});

test('LibreOffice opens the output and draws the 会議資料 chart (rendered)', async () => {
  requireRenderTools();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-lo-'));
  try {
    const file = path.join(work, 'out.xlsx');
    await fs.copyFile(out1, file);
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(work, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        work,
        file,
      ],
      {
        stdio: 'ignore',
        timeout: 110_000,
      },
    );
    const pdf = path.join(work, 'out.pdf');
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(6);
    // Some page shows both series colours of our chart (blue 4472C4, orange ED7D31) as bars.
    execFileSync('pdftoppm', ['-r', '30', pdf, path.join(work, 'p')]);
    const ppms = (await fs.readdir(work)).filter((f) => f.endsWith('.ppm'));
    let best = { blue: 0, orange: 0 };
    for (const f of ppms) {
      const img = await fs.readFile(path.join(work, f));
      // Binary PPM: "P6\n<w> <h>\n255\n" then RGB.
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(img.subarray(0, 40).toString('latin1'))!;
      let blue = 0;
      let orange = 0;
      for (let i = header[0].length; i + 2 < img.length; i += 3) {
        const [r, g, b] = [img[i], img[i + 1], img[i + 2]];
        if (Math.abs(r - 0x44) < 40 && Math.abs(g - 0x72) < 40 && Math.abs(b - 0xc4) < 40) blue++;
        if (Math.abs(r - 0xed) < 40 && Math.abs(g - 0x7d) < 40 && Math.abs(b - 0x31) < 40) orange++;
      }
      if (Math.min(blue, orange) > Math.min(best.blue, best.orange)) best = { blue, orange };
    }
    expect(best.blue).toBeGreaterThan(20);
    expect(best.orange).toBeGreaterThan(20);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}, 150_000);
