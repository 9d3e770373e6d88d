/**
 * The command line explains itself (SPEC §6.2 rev 2, issue 19): per-command help with every option
 * and the exit codes (`-h` anywhere, exit 0), `--version`, node:util argument parsing with its
 * usage errors (exit 2), `--as-of` in the §4.2 date forms, every invalid setting named at once
 * (exit 1), the written paths listed after writing, and a progress bar that moves through
 * reading, computing and writing.
 */
import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs, UsageError, wantsHelp } from '../../src/cli/args';
import { main, type Io } from '../../src/cli/main';
import { progressLine, progressReporter, type ProgressStream } from '../../src/cli/progress';
import { readSettings } from '../../src/sheets/settings';
import { FatalError } from '../../src/sheets/fatal';
import { COMMAND_HELP, EXIT_CODES_HELP } from '../../src/strings/cli';
import { recalcFile } from '../../src/cli/recalc-file';
import { MINIMAL, snapshot, xlsxBuffer, type Rows } from '../helpers/workbook';

const VERSION = (
  JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

function capture(): Io & { stdout: string[]; stderr: string[]; infos: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const infos: string[] = [];
  return {
    stdout,
    stderr,
    infos,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    info: (l) => infos.push(l),
  };
}

/** A fake TTY for the progress bar. */
function tty(): ProgressStream & { frames: string[] } {
  const frames: string[] = [];
  return { isTTY: true, columns: 100, frames, write: (s: string) => frames.push(s) };
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-cli-help-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, sheets: Record<string, Rows> = MINIMAL): Promise<string> {
  const p = path.join(dir, name);
  await fs.writeFile(p, await xlsxBuffer(sheets, { 医師: [1, 3], 研修記録: [1], 医療機関: [1] }));
  return p;
}

/** Every option each command accepts (the help must list each of them). */
const OPTIONS: Record<string, string[]> = {
  recalc: ['-o, --out', '--json', '--out-dir', '--as-of', '--debug', '-h, --help'],
  export: ['-o, --out', '--csv', '--encoding', '--as-of', '--debug', '-h, --help'],
  sample: ['-o, --out', '--doctors', '--seed', '--debug', '-h, --help'],
  notices: ['-o, --out', '--to', '--district', '--as-of', '--debug', '-h, --help'],
};

describe('help', () => {
  test.each(Object.keys(OPTIONS))(
    '%s --help: usage, every option and the exit codes, exit 0',
    async (cmd) => {
      const io = capture();
      expect(await main([cmd, '--help'], io)).toBe(0);
      expect(io.stdout).toEqual([COMMAND_HELP[cmd]]);
      expect(io.stderr).toEqual([]);
      const text = io.stdout[0];
      expect(text).toContain(`kakari-roster ${cmd}`);
      for (const o of OPTIONS[cmd])
        expect({ cmd, o, listed: text.includes(o) }).toEqual({ cmd, o, listed: true });
      expect(text).toContain(EXIT_CODES_HELP);
      for (const code of ['0', '1', '2', '3']) expect(text).toMatch(new RegExp(`^  ${code}  `, 'm'));
    },
  );

  test.each([
    [['recalc', '-h']],
    [['recalc', 'in.xlsx', '-o', 'out.xlsx', '--help']],
    [['export', '--csv', 'a.csv', '-h', '--bogus']],
    [['sample', '--doctors', 'x', '--help']],
  ])('-h / --help anywhere prints that command’s help and exits 0: %j', async (args) => {
    const io = capture();
    expect(await main(args, io)).toBe(0);
    expect(io.stdout).toEqual([COMMAND_HELP[args[0]]]);
  });

  test('after -- a -h is an argument, not a request for help', () => {
    expect(wantsHelp(['in.xlsx', '--', '-h'])).toBe(false);
    expect(wantsHelp(['in.xlsx', '-h'])).toBe(true);
  });

  test('kakari-roster --help / help / help recalc; no command is a usage error (exit 2)', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const io = capture();
      expect(await main(args, io)).toBe(0);
      for (const c of ['recalc', 'export', 'notices', 'sample']) expect(io.stdout[0]).toContain(`  ${c} `);
      expect(io.stdout[0]).toContain('--version');
      expect(io.stdout[0]).toContain(EXIT_CODES_HELP);
    }
    const about = capture();
    expect(await main(['help', 'recalc'], about)).toBe(0);
    expect(about.stdout).toEqual([COMMAND_HELP.recalc]);
    const none = capture();
    expect(await main([], none)).toBe(2);
    expect(none.stdout).toEqual([]);
    expect(none.stderr[0]).toContain('kakari-roster <command>');
  });

  test('every command help shows the exit codes; the notices help is ready for that command', () => {
    for (const text of Object.values(COMMAND_HELP)) expect(text).toContain(EXIT_CODES_HELP);
    expect(COMMAND_HELP.notices).toContain('--to doctors|clinics|all');
    expect(COMMAND_HELP.notices).toContain('--district');
  });
});

describe('--version', () => {
  test.each([[['--version']], [['-v']], [['recalc', '--version']]])(
    '%j prints the version, exit 0',
    async (args) => {
      const io = capture();
      expect(await main(args, io)).toBe(0);
      expect(io.stdout).toEqual([`kakari-roster ${VERSION}`]);
    },
  );
});

describe('argument parsing (node:util parseArgs)', () => {
  test('values, inline values, aliases, booleans and positionals', () => {
    const a = parseArgs(
      ['a.xlsx', '--out=o.xlsx', '--json', 'r.json', '--debug', 'b.xlsx'],
      ['-o', '--json'],
      ['--debug'],
      { '--out': '-o' },
    );
    expect(a.positionals).toEqual(['a.xlsx', 'b.xlsx']);
    expect([...a.values]).toEqual([
      ['-o', 'o.xlsx'],
      ['--json', 'r.json'],
    ]);
    expect([...a.flags]).toEqual(['--debug']);
    expect(parseArgs(['-o', 'x.xlsx'], ['-o'], [], { '--out': '-o' }).values.get('-o')).toBe('x.xlsx');
  });

  test.each([
    [['recalc', 'x.xlsx', '--bogus'], '不明なオプション --bogus'],
    [['recalc', 'x.xlsx', '-o'], '-o には値が必要です'],
    [['recalc', 'x.xlsx', '--json'], '--json には値が必要です'],
    [['sample', 'extra'], 'extra'],
    [['recalc', 'x.xlsx', '--as-of', '2026-02-30'], '--as-of の日付 2026-02-30 が正しくありません'],
    [['recalc', 'x.xlsx', '--as-of', '46053'], '--as-of の日付 46053 が正しくありません'],
    [['recalc', 'x.xlsx', '--as-of', 'R8.1'], '--as-of の日付 R8.1 が正しくありません'],
    [['recalc', 'x.xlsx', '--as-of', '令和0年1月1日'], '--as-of の和暦 令和0年1月1日 の年が元号の範囲外です'],
    [
      ['export', 'x.xlsx', '-o', 'm.xlsx', '--as-of', '2026/13/01'],
      '--as-of の日付 2026/13/01 が正しくありません',
    ],
    [['frobnicate'], '不明なコマンド frobnicate'],
  ])('usage error %j: exit 2, "%s", then the usage', async (args, message) => {
    const io = capture();
    expect(await main(args, io)).toBe(2);
    const line = io.stderr.find((l) => l.startsWith('エラー: '));
    expect(line).toContain(message);
    expect(line).toMatch(/ \/ Error: usage \(see --help\)$/);
    expect(io.stderr.some((l) => l.includes('使い方 / Usage:'))).toBe(true);
  });

  test('a node:util error is a UsageError with the CLI’s words', () => {
    expect(() => parseArgs(['--nope'], [], [])).toThrow(UsageError);
    expect(() => parseArgs(['--nope'], [], [])).toThrow('不明なオプション --nope');
  });
});

describe('--as-of in the date forms of SPEC §4.2 (not serials)', () => {
  test.each([
    '2026-01-31',
    '2026/01/31',
    '2026/1/31',
    '2026.1.31',
    '20260131',
    '2026年1月31日',
    '令和8年1月31日',
    'R8.1.31',
    'R08/01/31',
    '２０２６／１／３１',
    '2026/1/31(土)',
  ])('%s is 2026-01-31', async (form) => {
    const input = await fixture('roster.xlsx');
    const json = path.join(dir, 'r.json');
    const io = capture();
    expect(await main(['recalc', input, '--json', json, '--as-of', form], io)).toBe(0);
    expect((JSON.parse(await fs.readFile(json, 'utf8')) as { asOf: string }).asOf).toBe('2026-01-31');
  });
});

describe('every invalid setting at once (setting-invalid)', () => {
  const settings: Rows = [
    ['項目', '値'],
    ['合計必要単位', 0],
    ['実地1件の単位', 'abc'],
    ['座学の単位刻み', 0.5],
    ['実地の最小件数', 1.5],
  ];

  test('the reader collects all of them; the message and cell are the first one’s', () => {
    let err: unknown;
    try {
      readSettings(snapshot({ 設定: settings }), []);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FatalError);
    const f = err as FatalError;
    expect(f.code).toBe('setting-invalid');
    expect(f.details.cell).toBe('B2');
    expect(f.message).toContain('設定「合計必要単位」の値「0」');
    expect(f.fix).toContain('セルB2、B3、B5を正しい値に');
    expect(JSON.parse(String(f.details.params?.invalid))).toEqual([
      { key: '合計必要単位', value: '0', cell: 'B2', row: 2 },
      { key: '実地1件の単位', value: 'abc', cell: 'B3', row: 3 },
      { key: '実地の最小件数', value: '1.5', cell: 'B5', row: 5 },
    ]);
  });

  test('one value: the same message as before, no list', () => {
    let err: FatalError | null = null;
    try {
      readSettings(
        snapshot({
          設定: [
            ['項目', '値'],
            ['合計必要単位', -1],
          ],
        }),
        [],
      );
    } catch (e) {
      err = e as FatalError;
    }
    expect(err?.message).toBe(
      '［設定!B2］設定「合計必要単位」の値「-1」が正しくないため、計算を中止しました',
    );
  });

  test('the CLI names every one on its single line (exit 1, nothing written)', async () => {
    const input = await fixture('bad.xlsx', { ...MINIMAL, 設定: settings });
    const out = path.join(dir, 'out.xlsx');
    const io = capture();
    expect(await main(['recalc', input, '-o', out], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain(
      '（正しくない設定: 合計必要単位「0」（B2）、実地1件の単位「abc」（B3）、実地の最小件数「1.5」（B5））',
    );
    expect(io.stderr[0]).toContain(
      'invalid settings: 合計必要単位 (B2), 実地1件の単位 (B3), 実地の最小件数 (B5) [setting-invalid]',
    );
    expect(io.infos).toEqual([]);
    await expect(fs.stat(out)).rejects.toThrow();
  });
});

describe('the written paths are listed after writing', () => {
  test('recalc: the workbook and the JSON, after the one summary line on stdout', async () => {
    const input = await fixture('roster.xlsx');
    const out = path.join(dir, 'out.xlsx');
    const json = path.join(dir, 'r.json');
    const io = capture();
    expect(await main(['recalc', input, '-o', out, '--json', json, '--as-of', '2026-01-31'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    expect(io.stdout[0].startsWith(`${input}\tOK\t`)).toBe(true);
    expect(io.infos).toEqual([`書き出しました / wrote: ${out}`, `書き出しました / wrote: ${json}`]);
  });

  test('recalc without -o writes no workbook and lists only the JSON', async () => {
    const input = await fixture('roster.xlsx');
    const json = path.join(dir, 'r.json');
    const io = capture();
    expect(await main(['recalc', input, '--json', json], io)).toBe(0);
    expect(io.infos).toEqual([`書き出しました / wrote: ${json}`]);
  });

  test('bulk: each file’s workbook and JSON', async () => {
    const a = await fixture('a.xlsx');
    const b = await fixture('b.xlsx');
    const outDir = path.join(dir, 'o');
    const io = capture();
    expect(await main(['recalc', a, b, '--out-dir', outDir], io)).toBe(0);
    expect(io.stdout).toHaveLength(2);
    expect(io.infos).toEqual(
      ['a.xlsx', 'a.json', 'b.xlsx', 'b.json'].map((f) => `書き出しました / wrote: ${path.join(outDir, f)}`),
    );
  });

  test('export: the meeting workbook and the CSV', async () => {
    const input = await fixture('roster.xlsx');
    const out = path.join(dir, 'm.xlsx');
    const csv = path.join(dir, 'l.csv');
    const io = capture();
    expect(await main(['export', input, '-o', out, '--csv', csv, '--as-of', 'R8.1.31'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    expect(io.infos).toEqual([`書き出しました / wrote: ${out}`, `書き出しました / wrote: ${csv}`]);
  });
});

describe('progress bar', () => {
  test('a frame: bar, percentage, spinner and phase', () => {
    expect(progressLine('a.xlsx', 'read', 0, 0)).toBe(`a.xlsx [${'░'.repeat(24)}]   0% ⠋ 読み込み`);
    expect(progressLine('a.xlsx', 'compute', 0.5, 1)).toBe(
      `a.xlsx [${'█'.repeat(12)}${'░'.repeat(12)}]  50% ⠙ 計算`,
    );
    expect(progressLine('a.xlsx', 'write', 1, 2)).toBe(`a.xlsx [${'█'.repeat(24)}] 100% ⠹ 書き込み`);
  });

  test('nothing is drawn when stderr is not a TTY', () => {
    const frames: string[] = [];
    const p = progressReporter({ isTTY: false, write: (s: string) => frames.push(s) }, 'x');
    p.update('read', 0.5);
    p.done();
    expect(frames).toEqual([]);
  });

  test('recalcFile reports reading by bytes, computing by stage and writing by bytes', async () => {
    const input = await fixture('roster.xlsx');
    const seen: [string, number][] = [];
    await recalcFile(input, { out: path.join(dir, 'o.xlsx'), onPhase: (p, f) => seen.push([p, f]) });
    const phases = seen.map(([p]) => p);
    expect(phases[0]).toBe('read');
    expect(phases.indexOf('compute')).toBeGreaterThan(phases.lastIndexOf('read'));
    expect(phases.indexOf('write')).toBeGreaterThan(phases.lastIndexOf('compute'));
    const reads = seen.filter(([p, f]) => p === 'read' && f > 0 && f <= 0.4).map(([, f]) => f);
    expect(reads.length).toBeGreaterThanOrEqual(2); // more than one step while reading
    expect(reads[reads.length - 1]).toBeCloseTo(0.4, 5);
    const computes = seen.filter(([p]) => p === 'compute').map(([, f]) => f);
    expect(new Set(computes).size).toBeGreaterThanOrEqual(3); // the pipeline's stages
    const writes = seen.filter(([p]) => p === 'write').map(([, f]) => f);
    expect(writes.some((f) => f > 0.6 && f < 1)).toBe(true); // moves while writing
    expect(writes[writes.length - 1]).toBe(1);
    const all = seen.map(([, f]) => f);
    for (let i = 1; i < all.length; i++) expect(all[i]).toBeGreaterThanOrEqual(all[i - 1]);
  });

  test('recalc on a TTY draws frames through every phase, then clears the line', async () => {
    const input = await fixture('roster.xlsx');
    const stream = tty();
    const io = { ...capture(), progress: stream };
    expect(await main(['recalc', input, '-o', path.join(dir, 'o.xlsx')], io)).toBe(0);
    const text = stream.frames.join('');
    for (const label of ['読み込み', '計算', '書き込み']) expect(text).toContain(label);
    expect(text).toContain('100%');
    expect(stream.frames[stream.frames.length - 1]).toBe('\r\x1b[K');
  });

  test('sample on a TTY: generating, then writing', async () => {
    const stream = tty();
    const io = { ...capture(), progress: stream };
    const out = path.join(dir, 's.xlsx');
    expect(await main(['sample', '-o', out, '--doctors', '20'], io)).toBe(0);
    const text = stream.frames.join('');
    expect(text).toContain('生成');
    expect(text).toContain('書き込み');
    expect(text.indexOf('生成')).toBeLessThan(text.indexOf('書き込み'));
    expect(io.stderr).toEqual([`書き出しました / wrote: ${out}`]);
  });
});
