/**
 * Issue 16, "Done when": no input of ≤ 10 MB makes the command line use more than 2 GB or 60 s,
 * and beyond the grid or the bounds it says `file-corrupt` and writes nothing — measured on whole
 * processes: `recalc -o` run as its own Node process (scripts/fuzz/cli-source.js: the CLI's main
 * function from the sources) under GNU time, which reports the child's peak resident memory (%M)
 * and its user + system CPU time. CPU time is what the bound is checked on: the machine is shared
 * and its wall-clock time depends on the load (it is printed for the record).
 *
 * The hostile campaign (scripts/fuzz/hostile.js) runs a sample of its random cases the same way.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AS_OF_ISO,
  MAX_RSS,
  MAX_SECONDS,
  build,
  processRun,
  type Attack,
  type ProcessRun,
} from './hostile-cases';
import { MAIN_NS, ROSTER, bombData, rosterWithBomb, rosterXlsx, rowsXml, sheetXml } from './hostile';
import { tempDir } from './xlsx';

const ROOT = path.resolve(__dirname, '..', '..');
const TEN_MB = 10 * 1024 * 1024;

let dir: string;
beforeAll(async () => {
  dir = await tempDir('kr-bounds-');
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

/** Runs `recalc -o` on `buf` as a whole process; checks the bounds; returns the run. */
async function measured(name: string, buf: Buffer): Promise<ProcessRun & { wrote: boolean }> {
  expect(buf.length).toBeLessThanOrEqual(TEN_MB);
  const input = path.join(dir, `${name}.xlsx`);
  const out = path.join(dir, `${name}-out.xlsx`);
  await fs.writeFile(input, buf);
  const p = await processRun(ROOT, ['recalc', input, '-o', out, '--as-of', AS_OF_ISO], {
    source: true,
    timeoutMs: 300_000,
  });
  const wrote = await exists(out);
  await fs.rm(out, { force: true });
  await fs.rm(input, { force: true });
  process.stdout.write(
    `${name}: ${(buf.length / 1024).toFixed(0)} KB file, exit ${p.exit}, peak ${Math.round(p.rss / 2 ** 20)} MB, ` +
      `${p.cpu.toFixed(1)} s CPU, ${p.seconds} s wall (load ${os.loadavg()[0].toFixed(1)})\n`,
  );
  expect(p.signal).toBeNull();
  expect(p.rss).toBeLessThan(MAX_RSS);
  expect(p.cpu).toBeLessThan(MAX_SECONDS);
  return { ...p, wrote };
}

async function refused(name: string, buf: Buffer): Promise<void> {
  const p = await measured(name, buf);
  expect({ exit: p.exit, corrupt: p.stderr.includes('[file-corrupt]'), wrote: p.wrote }).toEqual({
    exit: 1,
    corrupt: true,
    wrote: false,
  });
}

const attack = (a: Attack) => build(a).buf;
const SHEET1 = 'xl/worksheets/sheet1.xml';

describe('beyond the bounds: file-corrupt, nothing written, < 2 GB, < 60 s', () => {
  test.each<[string, Attack]>([
    ['sheet declaring 1 GiB + 1 (honest)', { kind: 'bomb', part: SHEET1, mode: 'over' }],
    ['sheet of 1.1 GiB declaring 1 MB', { kind: 'bomb', part: SHEET1, mode: 'lie', declared: 1_000_000 }],
    [
      'two sheets over the 256 MiB budget (64 MiB read first)',
      {
        kind: 'bomb',
        part: SHEET1,
        mode: 'budget',
        second: 'xl/worksheets/sheet3.xml',
        first: 64 * 1024 * 1024,
      },
    ],
    ['styles.xml declaring 128 MiB + 1', { kind: 'bomb', part: 'xl/styles.xml', mode: 'over' }],
    [
      'workbook.xml of 1.1 GiB declaring 5 KB',
      { kind: 'bomb', part: 'xl/workbook.xml', mode: 'lie', declared: 5_000 },
    ],
    ['row 200,000,000', { kind: 'row', sheet: '医師', r: '200000000' }],
    ['cell ZZZZZZZZ9', { kind: 'col', sheet: '研修記録', ref: 'ZZZZZZZZ' }],
    ['a shared string of 200,000 characters', { kind: 'long', sheet: '医師', length: 200_000, shared: true }],
  ])(
    '%s',
    async (name, a) => {
      await refused(name.replace(/\W+/g, '-'), attack(a));
    },
    300_000,
  );
});

describe('within the bounds: completes in < 2 GB and < 60 s', () => {
  test('one cell in row 1,048,576 of every sheet (3 KB): a million new rows, streamed (< 1 GB)', async () => {
    // The rewriter built all added rows as one string: 1.75 GB and 25 s of CPU for this file
    // (found by the hostile campaign); row by row it is ~0.4 GB and ~5 s.
    const extra = `<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>`;
    const sheets: Record<string, string> = {};
    for (const s of Object.keys(ROSTER)) sheets[s] = sheetXml(rowsXml(ROSTER[s]) + extra);
    const p = await measured('last-row', rosterXlsx(sheets));
    expect(p.exit).toBe(0);
    expect(p.wrote).toBe(true);
    expect(p.rss).toBeLessThan(1024 ** 3);
  }, 300_000);

  test('the densest 医師 sheet the budget allows: 15.5 million numbers (0.5 MB file, 233 MB of XML)', async () => {
    const head = `<?xml version="1.0"?><worksheet xmlns="${MAIN_NS}"><sheetData>${rowsXml(ROSTER['医師'])}`;
    // Rows without r follow the previous one; 16,000 columns leave room for the owned columns.
    const unit = `<row>${'<c><v>1</v></c>'.repeat(16_000)}</row>`;
    const bomb = bombData(head, unit, 970, '</sheetData></worksheet>');
    const p = await measured('dense', rosterWithBomb({ [SHEET1]: bomb }));
    expect(p.exit).toBe(0);
    expect(p.wrote).toBe(true);
  }, 300_000);
});
