/**
 * kakari-roster: the command line over the shared engine (SPEC §6.2).
 * Exit codes: 0 ok, 1 fatal input problem, 2 usage error, 3 internal error; bulk: the worst.
 */
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { CLI_MORE, CLI_TEXT, COMMAND_HELP, mainHelp } from '../strings/cli';
import { outputError } from '../xlsx/atomic-write';
import { asOfOf, parseArgs, UsageError, wantsHelp } from './args';

export { asOfOf };
import { listWritten, reportError, type Io } from './io';
export type { Io };
import { stageJsonAtomic } from './json';
import { checkPathCollisions } from './paths';
import { progressReporter } from './progress';
import { recalcFile } from './recalc-file';
import { failLine, summaryLine } from './summary';

const defaultIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  info: (l) => process.stderr.write(`${l}\n`),
};

/** The commands, in the order the help lists them. */
export const COMMANDS = ['recalc', 'export', 'notices', 'sample'] as const;

/** The version in package.json (the repository's own; build/cli and src/cli are two levels down). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

async function cmdRecalc(argv: string[], io: Io, debug: boolean): Promise<number> {
  const a = parseArgs(argv, ['-o', '--json', '--as-of', '--out-dir'], ['--debug'], { '--out': '-o' });
  const files = a.positionals;
  if (files.length === 0) throw new UsageError(CLI_TEXT.missingInput);
  const asOf = asOfOf(a.values.get('--as-of'));
  const outDir = a.values.get('--out-dir');
  if (files.length > 1 && !outDir) throw new UsageError(CLI_TEXT.multipleNeedOutDir);
  if (outDir && (a.values.has('-o') || a.values.has('--json')))
    throw new UsageError('--out-dir と -o / --json は同時に使えません');
  const jobs: { file: string; out: string | null; json: string | null }[] = [];
  if (outDir) {
    const seen = new Set<string>();
    for (const f of files) {
      const base = path.basename(f, path.extname(f));
      if (seen.has(base)) throw new UsageError(CLI_TEXT.basenameClash(base));
      seen.add(base);
      jobs.push({ file: f, out: path.join(outDir, `${base}.xlsx`), json: path.join(outDir, `${base}.json`) });
    }
  } else {
    jobs.push({ file: files[0], out: a.values.get('-o') ?? null, json: a.values.get('--json') ?? null });
  }
  // No output may be an input (but -o its own input) and no two outputs one file (paths.ts).
  checkPathCollisions(
    jobs.map((j) => ({ option: 'input', path: j.file, mayReplace: outDir ? undefined : '-o' })),
    jobs.flatMap((j) => [
      ...(j.out ? [{ option: outDir ? '--out-dir' : '-o', path: j.out }] : []),
      ...(j.json ? [{ option: outDir ? '--out-dir' : '--json', path: j.json }] : []),
    ]),
  );
  if (outDir) {
    try {
      await fs.mkdir(outDir, { recursive: true });
    } catch (e) {
      throw outputError(e, outDir);
    }
  }
  let worst = 0;
  for (const job of jobs) {
    const progress = progressReporter(io.progress ?? process.stderr, path.basename(job.file));
    try {
      // Only the result and the warnings are kept (the plan can be released before the JSON).
      const json = job.json;
      const { result, notCarried } = await recalcFile(job.file, {
        asOf,
        out: job.out,
        // Progress only when the bar is drawn: without one, no byte counting and no slicing.
        onPhase: progress.active ? (p, f) => progress.update(p, f) : undefined,
        // The JSON is written while the workbook is (committed after it: recalcFile.ts).
        stageResult: json ? (r) => stageJsonAtomic(json, r) : undefined,
      });
      progress.done();
      if (notCarried.length > 0) io.err(CLI_TEXT.notCarried(notCarried));
      io.out(summaryLine(job.file, result));
      listWritten(io, [job.out, job.json]);
    } catch (e) {
      progress.done();
      const code = reportError(e, io, debug, job.file);
      io.out(failLine(job.file));
      worst = Math.max(worst, code);
    }
  }
  return worst;
}

async function cmdSample(argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, ['-o', '--doctors', '--seed'], ['--debug'], { '--out': '-o' });
  if (a.positionals.length > 0) throw new UsageError(CLI_TEXT.unknownOption(a.positionals[0]));
  const int = (name: string, dflt: number, min: number): number => {
    const v = a.values.get(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(CLI_TEXT.badNumber(name, v));
    return n;
  };
  const doctors = int('--doctors', 1000, 1);
  const seed = int('--seed', 1, 0);
  const out = a.values.get('-o') ?? 'sample.xlsx';
  const { generateRoster } = await import('../sample/generate');
  const { writeRosterXlsx } = await import('../sample/writeSample');
  const progress = progressReporter(io.progress ?? process.stderr, path.basename(out));
  try {
    progress.update('generate', 0);
    // A macrotask first, so the bar is drawn before the synchronous generation.
    await new Promise<void>((r) => setImmediate(r));
    const data = generateRoster({ doctors, seed });
    progress.update('write', 0.5);
    await writeRosterXlsx(data, out);
    progress.update('write', 1);
  } finally {
    progress.done();
  }
  io.err(CLI_TEXT.wrote(out));
  return 0;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [cmd, ...rest] = argv;
    if (!cmd) {
      io.err(mainHelp(COMMANDS));
      return 2;
    }
    if (cmd === '--version' || cmd === '-v') {
      io.out(CLI_MORE.version(version()));
      return 0;
    }
    if (cmd === '-h' || cmd === '--help' || cmd === 'help') {
      // `help recalc` / `--help recalc`: that command's help.
      const about = rest.find((a) => !a.startsWith('-'));
      io.out(about && COMMAND_HELP[about] ? COMMAND_HELP[about] : mainHelp(COMMANDS));
      return 0;
    }
    const known = (COMMANDS as readonly string[]).includes(cmd);
    if (!known) {
      if (wantsHelp(rest)) {
        io.out(mainHelp(COMMANDS));
        return 0;
      }
      throw new UsageError(CLI_TEXT.unknownCommand(cmd));
    }
    // -h / --help anywhere: the command's usage, every option and the exit codes (exit 0).
    if (wantsHelp(rest)) {
      io.out(COMMAND_HELP[cmd]);
      return 0;
    }
    if (rest.includes('--version')) {
      io.out(CLI_MORE.version(version()));
      return 0;
    }
    if (cmd === 'recalc') return await cmdRecalc(rest, io, debug);
    if (cmd === 'sample') return await cmdSample(rest, io);
    if (cmd === 'export') {
      const { cmdExport } = await import('./export');
      return await cmdExport(rest, io, debug);
    }
    if (cmd === 'notices') {
      const { cmdNotices } = await import('./notices');
      return await cmdNotices(rest, io, debug);
    }
    throw new UsageError(CLI_TEXT.unknownCommand(cmd));
  } catch (e) {
    if (e instanceof UsageError) {
      const cmd = argv[0];
      io.err(cmd && COMMAND_HELP[cmd] ? COMMAND_HELP[cmd] : mainHelp(COMMANDS));
    }
    return reportError(e, io, debug);
  }
}
