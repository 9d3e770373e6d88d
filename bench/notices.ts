/**
 * W2 notices (SPEC §7, rev 2): `kakari-roster notices` on the W2 prefecture roster (20,000
 * doctors, 5,000 clinics) for all recipients — about 20,000 letters — end to end under
 * /usr/bin/time -v: wall time, CPU time, peak RSS. Budgets: ≤ 30 s and ≤ 1.5 GB on a 2-core machine.
 *
 * Hooked into `npm run bench` by bench/run.js (which runs this module's `main`): after the other benchmarks
 * when W2 is among the workloads; `--notices-only` runs just this one, `--skip-notices` leaves it
 * out. Writes bench/results/notices-latest.json (unless --no-write).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main as benchMain, resultFileName } from './main';
import { mb, ms, runTimed } from './measure';
import { noticesTarget, renderTargets, type Target } from './targets';
import { AS_OF, WORKLOADS, repoRoot, xlsxPath } from './workloads';

export const NOTICES_BUDGET = { wallMs: 30_000, rssMB: 1536 } as const;

export interface NoticesReport {
  workload: 'W2';
  wallMs: number;
  cpuMs: number | null;
  maxRssMB: number | null;
  exitCode: number;
  /** Letters per sheet, from the summary line. */
  letters: Record<string, number>;
  outputMB: number | null;
  budget: typeof NOTICES_BUDGET;
  pass: boolean;
  error?: string;
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);

/** Makes sure the W2 .xlsx is in the cache (the same child the other benchmarks use). */
function prepare(root: string): void {
  const child = path.join(root, 'build', 'bench', 'bench', 'child-prepare.js');
  const r = spawnSync(process.execPath, ['--max-old-space-size=6144', child, 'W2', '--xlsx'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 900_000,
  });
  if (r.status !== 0) throw new Error(`preparing W2 failed (exit ${r.status})`);
}

/** `kakari-roster notices <W2.xlsx> -o … --as-of …` under /usr/bin/time -v. */
export function runNotices(file: string, timeoutMs = 300_000): Promise<NoticesReport> {
  const root = repoRoot();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-bench-notices-'));
  const out = path.join(dir, 'notices.xlsx');
  const args = [path.join(root, 'bin', 'kakari-roster.js'), 'notices', file, '-o', out, '--as-of', AS_OF];
  return runTimed(args, timeoutMs).then((run) => {
    const wallMs = ms(run.wallMs);
    const letters: Record<string, number> = {};
    for (const m of run.stdout.matchAll(/\t(通知_\S+) (\d+)通/g)) letters[m[1]] = Number(m[2]);
    const outputMB = fs.existsSync(out) ? mb(fs.statSync(out).size) : null;
    fs.rmSync(dir, { recursive: true, force: true });
    const maxRssMB = run.maxRssKb ? mb(run.maxRssKb * 1024) : null;
    const report: NoticesReport = {
      workload: 'W2',
      wallMs,
      cpuMs: run.cpuMs,
      maxRssMB,
      exitCode: run.exitCode,
      letters,
      outputMB,
      budget: NOTICES_BUDGET,
      pass:
        run.exitCode === 0 &&
        wallMs <= NOTICES_BUDGET.wallMs &&
        maxRssMB !== null &&
        maxRssMB <= NOTICES_BUDGET.rssMB,
    };
    if (run.exitCode !== 0) report.error = run.stderr.split('\n').slice(-5).join(' ');
    return report;
  });
}

/**
 * Adds issue 20's goal 5 (notices in the same bench) to the result file the other benchmarks of
 * this run just wrote (latest.json and its dated copy), and prints it.
 */
function addNoticesTarget(root: string, r: NoticesReport, write: boolean): void {
  const t = noticesTarget(r);
  log(renderTargets([t]).split('\n').slice(1).join('\n'));
  if (!write) return;
  const dir = path.join(root, 'bench', 'results');
  const latest = path.join(dir, 'latest.json');
  if (!fs.existsSync(latest)) return;
  const res = JSON.parse(fs.readFileSync(latest, 'utf8')) as {
    date: string;
    git: { sha: string; dirty: boolean };
    targets?: Target[];
  };
  res.targets = [...(res.targets ?? []).filter((x) => x.goal !== 5), t];
  const text = `${JSON.stringify(res, null, 2)}\n`;
  const dated = path.join(dir, resultFileName(res.date, res.git));
  fs.writeFileSync(latest, text);
  if (fs.existsSync(dated)) fs.writeFileSync(dated, text);
}

/** The W2 notices benchmark: prepare, run, print, write notices-latest.json. Exit 0 when within budget. */
export async function noticesBench(argv: string[], afterBench = false): Promise<number> {
  const root = repoRoot();
  log('W2 notices: preparing…');
  prepare(root);
  log(`W2 notices: kakari-roster notices (${WORKLOADS.W2.label})…`);
  const r = await runNotices(xlsxPath(WORKLOADS.W2));
  const total = Object.values(r.letters).reduce((a, b) => a + b, 0);
  log(
    `  ${total.toLocaleString('en-US')} letters (${Object.entries(r.letters)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}) · wall ${(r.wallMs / 1000).toFixed(1)} s · CPU ${r.cpuMs === null ? '?' : (r.cpuMs / 1000).toFixed(1)} s · ` +
      `peak ${r.maxRssMB ?? '?'} MB · ${r.outputMB ?? '?'} MB written`,
  );
  log(
    `  budget ≤ ${NOTICES_BUDGET.wallMs / 1000} s, ≤ ${(NOTICES_BUDGET.rssMB / 1024).toFixed(1)} GB: ${r.pass ? 'PASS' : 'FAIL'}${r.error ? ` (${r.error})` : ''}`,
  );
  if (!argv.includes('--no-write')) {
    const dir = path.join(root, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const record = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, ...r };
    fs.writeFileSync(path.join(dir, 'notices-latest.json'), `${JSON.stringify(record, null, 2)}\n`);
  }
  if (afterBench) addNoticesTarget(root, r, !argv.includes('--no-write'));
  return r.pass ? 0 : 1;
}

/**
 * Wraps the benchmarks' main: `--notices-only` runs the W2 notices alone; otherwise the other
 * benchmarks run first and then, when W2 is among the workloads and `--skip-notices` is not given,
 * the W2 notices. The exit code is the worse of the two.
 */
export function withNotices(main: (argv: string[]) => Promise<number>): (argv: string[]) => Promise<number> {
  return async (argv) => {
    const rest = argv.filter((a) => a !== '--notices-only' && a !== '--skip-notices');
    if (argv.includes('--notices-only')) return noticesBench(rest);
    const code = await main(rest);
    const i = rest.indexOf('--only');
    const w2 = i < 0 || (rest[i + 1] ?? '').toUpperCase().split(',').includes('W2');
    if (argv.includes('--skip-notices') || !w2) return code;
    return Math.max(code, await noticesBench(rest, true));
  };
}

/** The benchmarks of main.ts followed by the W2 notices (what bench/run.js runs). */
export const main = withNotices(benchMain);
