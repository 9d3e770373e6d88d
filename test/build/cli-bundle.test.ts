/**
 * The one-file command line (webpack.cli.config.js, what bin/kakari-roster.js runs; issue 20):
 * built with the real config into a temp dir, it is one JavaScript file; exceljs and iconv-lite
 * stay external (required only by the commands that use them); run as a separate Node process it
 * gives the same JSON, the same summary line and the same workbook content as the sources.
 * Takes ~10-30 s (one webpack build).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { unzipSync } from 'fflate';
import webpack from 'webpack';
import { main, type Io } from '../../src/cli/main';
import { MINIMAL, xlsxBuffer } from '../helpers/workbook';
import { EXCEL_DOUBLE_MARKS, excelDoubleSourceHoldsMarks } from '../helpers/excel-double-marks';

const config = jest.requireActual<webpack.Configuration>('../../webpack.cli.config.js');
const ROOT = path.resolve(__dirname, '..', '..');

let dir: string;
let bundle: string;
let files: string[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-cli-bundle-'));
  const out = path.join(dir, 'build');
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    const compiler = webpack({
      ...config,
      output: { ...config.output, path: out },
      infrastructureLogging: { level: 'error' },
    });
    compiler.run((err, result) => {
      compiler.close(() => undefined);
      if (err || !result) reject(err ?? new Error('no stats'));
      else resolve(result);
    });
  });
  expect(stats.hasErrors()).toBe(false);
  files = fs.readdirSync(out);
  bundle = path.join(out, 'kakari-roster.js');
}, 180_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('one file; exceljs and iconv-lite are required from node_modules, not bundled', () => {
  expect(files).toEqual(['kakari-roster.js']);
  const js = fs.readFileSync(bundle, 'utf8');
  expect(js).toContain('require("exceljs")');
  expect(js).toContain('require("iconv-lite")');
  expect(js).not.toMatch(/node_modules[\\/]exceljs/);
  // Not minified: stack traces of --debug stay readable.
  expect(js).toContain('async function recalcFile(');
});

test('loading the bundle does not evaluate fflate (scripts/build-cli-fflate-lazy.js: on first use only)', () => {
  // fflate's Node entry requires worker_threads when it is evaluated; nothing else in the CLI does.
  const probe = (pre: string) =>
    spawnSync(
      process.execPath,
      ['-e', `${pre}process.stdout.write(String(process.moduleLoadList.includes('NativeModule worker_threads')))`],
      { cwd: ROOT, encoding: 'utf8' },
    ).stdout;
  expect(probe('')).toBe('false');
  expect(probe(`require(${JSON.stringify(bundle)});`)).toBe('false');
  expect(probe(`require(${JSON.stringify(bundle)}).main(['--version'], { out() {}, err() {} });`)).toBe('false');
});

test('the Excel test double (packages/excel-double, development-only) is not in the bundle', () => {
  expect(excelDoubleSourceHoldsMarks()).toEqual(Object.fromEntries(EXCEL_DOUBLE_MARKS.map((m) => [m, true])));
  const js = fs.readFileSync(bundle, 'utf8');
  expect(EXCEL_DOUBLE_MARKS.filter((m) => js.includes(m))).toEqual([]);
});

test('the bundle in its own process: same summary, JSON and workbook as the sources', async () => {
  const input = path.join(dir, 'roster.xlsx');
  fs.writeFileSync(input, await xlsxBuffer(MINIMAL));
  const args = (tag: string) => [
    'recalc',
    input,
    '-o',
    path.join(dir, `${tag}.xlsx`),
    '--json',
    path.join(dir, `${tag}.json`),
    '--as-of',
    '2026-01-31',
  ];
  const lines: string[] = [];
  const io: Io = { out: (l) => lines.push(l), err: () => undefined };
  expect(await main(args('src'), io)).toBe(0);
  const run = spawnSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(bundle)}).main(process.argv.slice(1)).then((c) => process.exit(c))`, ...args('bundle')],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(run.status).toBe(0);
  expect(run.stdout.trim()).toBe(lines.join('\n'));
  expect(fs.readFileSync(path.join(dir, 'bundle.json'), 'utf8')).toBe(
    fs.readFileSync(path.join(dir, 'src.json'), 'utf8'),
  );
  const a = unzipSync(fs.readFileSync(path.join(dir, 'src.xlsx')));
  const b = unzipSync(fs.readFileSync(path.join(dir, 'bundle.xlsx')));
  expect(Object.keys(b)).toEqual(Object.keys(a));
  // 会議資料 and 実行履歴 carry the run's time to the minute ("YYYY-MM-DD HH:mm (JST)",
  // src/sheets/recalc.ts): two runs a minute apart differ there and nowhere else. (This matched a
  // slash form before, which the stamp never has: it failed whenever the runs straddled a minute.)
  const STAMP = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(JST\)/g;
  for (const name of Object.keys(a)) {
    const same = Buffer.from(a[name]).equals(Buffer.from(b[name]));
    if (same) continue;
    const textA = Buffer.from(a[name]).toString('utf8');
    const textB = Buffer.from(b[name]).toString('utf8');
    expect(textB).toMatch(STAMP);
    expect(textB.replace(STAMP, 'STAMP')).toBe(textA.replace(STAMP, 'STAMP'));
  }
}, 120_000);
