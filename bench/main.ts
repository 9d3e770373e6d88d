/**
 * `npm run bench` (bench/run.js compiles, then calls this): the benchmarks and budgets of SPEC §7.
 *
 * For each workload (W1, W2, W3; see workloads.ts), each measurement in its own child process:
 *   engine  — the pure pipeline on in-memory arrays: parse / compute / plan, peak RSS, and the
 *             longest synchronous stretch when run in time slices as the task pane does;
 *   decode  — xlsx decoding as the command line does it (reported apart from the engine);
 *   add-in  — 「再計算」 on the strict Excel test double: round trips, largest request / response /
 *             read, formatting calls, longest synchronous stretch (W1, W2);
 *   CLI     — `kakari-roster recalc <file> -o out.xlsx --json out.json` end to end under
 *             /usr/bin/time -v (wall time, max RSS), --cli-runs times (median, min–max: this
 *             VM's speed varies by ±15 % between minutes, so one run is no verdict);
 * then the LibreOffice formula-template baseline against the CLI, interleaved in pairs (baseline.ts).
 * Prints a table and the budget verdicts, with the CPU model and the load average beside the
 * figures, then issue 20's targets (targets.ts), and writes bench/results/<date>-<sha>.json and
 * latest.json.
 *
 * Options: --only W1,W2   --runs N (engine repetitions, default 3)   --skip-cli --skip-addin
 *          --skip-decode --skip-baseline   --addin-w3 (force the slow W3 run on the double)
 *          --no-write (do not write bench/results)
 *          --baseline-pairs N (default 3)   --baseline-sizes 1000,5000 (doctors; default 1000 = W1)
 *          --baseline-timeout S (one template run, default 600)
 *          --cli-runs N (CLI end-to-end runs per workload, default 3)
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runBaseline, spread, type BaselineReport } from './baseline';
import { REPORT_MARKER, mb, ms, now, runTimed } from './measure';
import { renderTargets, targets, type Target } from './targets';
import {
  AS_OF,
  WORKLOADS,
  WORKLOAD_NAMES,
  generatorVersion,
  repoRoot,
  xlsxPath,
  type WorkloadName,
} from './workloads';

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  only: WorkloadName[];
  runs: number;
  cli: boolean;
  addin: boolean;
  decode: boolean;
  baseline: boolean;
  addinW3: boolean;
  write: boolean;
  /** Baseline: A-B pairs per size, roster sizes (doctors), timeout of one template run. */
  baselinePairs: number;
  baselineSizes: number[];
  baselineTimeoutMs: number;
  /** CLI end-to-end runs per workload (median reported). */
  cliRuns: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    only: [...WORKLOAD_NAMES],
    runs: 3,
    cli: true,
    addin: true,
    decode: true,
    baseline: true,
    addinW3: false,
    write: true,
    baselinePairs: 3,
    baselineSizes: [1_000],
    baselineTimeoutMs: 600_000,
    cliRuns: 3,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') {
      o.only = (argv[++i] ?? '')
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s): s is WorkloadName => (WORKLOAD_NAMES as readonly string[]).includes(s));
    } else if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]) || 3);
    else if (a === '--skip-cli') o.cli = false;
    else if (a === '--skip-addin') o.addin = false;
    else if (a === '--skip-decode') o.decode = false;
    else if (a === '--skip-baseline') o.baseline = false;
    else if (a === '--addin-w3') o.addinW3 = true;
    else if (a === '--no-write') o.write = false;
    else if (a === '--baseline-pairs') o.baselinePairs = Math.max(1, Number(argv[++i]) || 3);
    else if (a === '--baseline-sizes')
      o.baselineSizes = (argv[++i] ?? '')
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
    else if (a === '--cli-runs') o.cliRuns = Math.max(1, Number(argv[++i]) || 3);
    else if (a === '--baseline-timeout') o.baselineTimeoutMs = Math.max(1, Number(argv[++i]) || 600) * 1000;
    else throw new Error(`bench: unknown option ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Children

interface ChildResult<R> {
  report: R | null;
  error: string | null;
  wallMs: number;
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);

function runChild<R>(
  script: string,
  args: string[],
  timeoutMs: number,
  nodeArgs: string[] = ['--expose-gc'],
): Promise<ChildResult<R>> {
  const file = path.join(__dirname, `${script}.js`);
  const t = now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = ms(now() - t);
      const line = out.split('\n').find((l) => l.startsWith(REPORT_MARKER));
      if (code === 0 && line) {
        resolve({ report: JSON.parse(line.slice(REPORT_MARKER.length)) as R, error: null, wallMs });
      } else {
        const why =
          signal === 'SIGKILL'
            ? `timed out after ${Math.round(timeoutMs / 1000)} s`
            : `exit ${code ?? signal}`;
        resolve({
          report: null,
          error: `${why}: ${err.trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`,
          wallMs,
        });
      }
    });
  });
}

interface CliReport {
  wallMs: number;
  /** User + system CPU time of the process (all its threads), when /usr/bin/time exists. */
  cpuMs: number | null;
  maxRssMB: number;
  exitCode: number;
  summary: string;
  method: string;
  inputMB: number;
  /** 1-minute load average when the run started. */
  load: number;
  error?: string;
  /** Each run when there were several (then wallMs and cpuMs are their medians, maxRssMB their largest). */
  runs?: { wallMs: number; cpuMs: number | null; maxRssMB: number; load: number }[];
}

/**
 * runCli `n` times in a row: the median wall and CPU time, the largest RSS, and every run. The
 * first failed run is the report (its error is the verdict).
 */
async function runCliRepeated(file: string, timeoutMs: number, n: number): Promise<CliReport> {
  const runs: CliReport[] = [];
  for (let i = 0; i < n; i++) {
    const r = await runCli(file, timeoutMs);
    if (r.error) return r;
    runs.push(r);
  }
  if (runs.length === 1) return runs[0];
  const cpus = runs.map((r) => r.cpuMs);
  const cpuKnown = cpus.every((c): c is number => c !== null);
  return {
    ...runs[0],
    wallMs: ms(spread(runs.map((r) => r.wallMs)).median),
    cpuMs: cpuKnown ? ms(spread(cpus).median) : null,
    maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)),
    runs: runs.map((r) => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssMB: r.maxRssMB, load: r.load })),
  };
}

/** `kakari-roster recalc` end to end, as a user runs it. */
function runCli(file: string, timeoutMs: number): Promise<CliReport> {
  const root = repoRoot();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-bench-cli-'));
  const args = [
    path.join(root, 'bin', 'kakari-roster.js'),
    'recalc',
    file,
    '-o',
    path.join(out, 'out.xlsx'),
    '--json',
    path.join(out, 'out.json'),
    '--as-of',
    AS_OF,
  ];
  const inputMB = mb(fs.statSync(file).size);
  const load = Math.round(os.loadavg()[0] * 100) / 100;
  return runTimed(args, timeoutMs, { ...process.env, NO_COLOR: '1' }).then((run) => {
    fs.rmSync(out, { recursive: true, force: true });
    const report: CliReport = {
      wallMs: ms(run.wallMs),
      cpuMs: run.cpuMs,
      maxRssMB: mb(run.maxRssKb * 1024),
      exitCode: run.exitCode,
      // The input as a path in the repository: recorded results carry no machine paths.
      summary: (run.stdout.trim().split('\n').pop() ?? '').split(file).join(path.relative(root, file)),
      method: run.method,
      inputMB,
      load,
    };
    if (run.timedOut) report.error = `timed out after ${Math.round(timeoutMs / 1000)} s`;
    else if (/JavaScript heap out of memory/.test(run.stderr)) {
      report.error = `out of memory after ${sec(run.wallMs)} (V8 heap limit; max RSS ${mbf(report.maxRssMB)})`;
    } else if (run.exitCode !== 0) {
      const lines = run.stderr
        .split('\n')
        .filter((l) => l.trim() && !/^\s+\S.*: /.test(l) && !/^\t?Command /.test(l));
      report.error = `exit ${run.exitCode}: ${lines.slice(-2).join(' | ').slice(0, 300)}`;
    }
    return report;
  });
}

// ---------------------------------------------------------------------------------------------
// Reports of the children (see child-*.ts)

interface Phase {
  parseMs: number;
  computeMs: number;
  planMs: number;
  totalMs: number;
  cpuMs: number | null;
}
interface Stretch {
  longestMs: number;
  longestCpuMs: number;
  stretches: number;
  over50ms: number;
  over200ms: number;
  over200msCpu: number;
  jsMs: number;
}
interface EngineReport {
  sizes: Record<string, number>;
  cells: number;
  loadMs: number;
  runs: Phase[];
  cold: Phase;
  median: Phase;
  best: Phase;
  memory: { method: string; inputRssMB: number; inputHeapMB: number; peakRssMB: number };
  sliced: Stretch & { totalMs: number; sliceMs: number };
  result: { counts: unknown; status: Record<string, number>; issues: number };
}
interface DecodeReport {
  reader?: string;
  decodeMs?: number;
  peakRssMB?: number;
  unsupported?: string;
}
interface AddinRun {
  pass: string;
  wallMs: number;
  syncs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  maxReadCells: number;
  formattingCalls: number;
  cellsFormatted: number;
  requestsOver4MB: number;
  responsesOver4MB: number;
  stretch: Stretch;
  records: number;
}
interface AddinReport {
  setupMs: number;
  pipeline: 'sliced' | 'synchronous';
  rssMB: number;
  runs: AddinRun[];
}

interface WorkloadResult {
  label: string;
  sizes?: Record<string, number>;
  engine?: EngineReport | { error: string };
  decode?: DecodeReport | { error: string } | { skipped: string };
  addin?: AddinReport | { error: string } | { skipped: string };
  cli?: CliReport | { skipped: string };
  /** 1-minute load average when each measurement started. */
  load?: Record<string, number>;
}

interface Budget {
  id: string;
  what: string;
  limit: string;
  value: string;
  pass: boolean | null;
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// Machine and revision

function gitInfo(root: string): { sha: string; dirty: boolean } {
  const sha =
    spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() ||
    'unknown';
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout;
  return { sha, dirty: status.trim().length > 0 };
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    nproc: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Formatting

const n0 = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? '–' : Math.round(x).toLocaleString('en-US');
const sec = (msv: number | undefined): string =>
  msv === undefined || !Number.isFinite(msv) ? '–' : `${(msv / 1000).toFixed(2)} s`;
const msf = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? '–' : `${Math.round(x).toLocaleString('en-US')} ms`;
const mbf = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? '–' : `${Math.round(x).toLocaleString('en-US')} MB`;
const bytesMB = (b: number | undefined): string => (b === undefined ? '–' : `${(b / 1e6).toFixed(2)} MB`);

function table(title: string, head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [title, `  ${line(head)}`, ...rows.map((r) => `  ${line(r)}`)].join('\n');
}

const isErr = (x: unknown): x is { error: string } =>
  !!x && typeof x === 'object' && 'error' in x && typeof (x as { error: unknown }).error === 'string';
const isSkip = (x: unknown): x is { skipped: string } => !!x && typeof x === 'object' && 'skipped' in x;

/** bench/results/<date>-<sha>[-dirty].json of a run (`date` an ISO timestamp). */
export function resultFileName(date: string, git: { sha: string; dirty: boolean }): string {
  return `${date.slice(0, 10)}-${git.sha}${git.dirty ? '-dirty' : ''}.json`;
}

// ---------------------------------------------------------------------------------------------
// Issue 20's targets (targets.ts)

function issueTargets(res: Record<WorkloadName, WorkloadResult>, baseline: BaselineReport | null): Target[] {
  const e = res.W3?.engine;
  const engine = e && !isErr(e) ? e : null;
  const cliOf = (
    w: 'W2' | 'W3',
  ): { wallsMs: number[]; medianWallMs: number; maxRssMB: number; error?: string } | undefined => {
    const c = res[w]?.cli;
    if (!c || isSkip(c)) return undefined;
    return {
      wallsMs: c.runs ? c.runs.map((x) => x.wallMs) : [c.wallMs],
      medianWallMs: c.wallMs,
      maxRssMB: c.maxRssMB,
      error: c.error,
    };
  };
  const a = res.W2?.addin;
  const addin = a && !isErr(a) && !isSkip(a) ? a : null;
  return targets({
    engineW3: engine
      ? {
          runsCpuMs: engine.runs.map((r) => r.cpuMs),
          medianCpuMs: engine.median.cpuMs,
          peakRssMB: engine.memory.peakRssMB,
        }
      : null,
    cli: { W2: cliOf('W2'), W3: cliOf('W3') },
    addinW2StretchesCpuMs: addin
      ? addin.runs.filter((r) => !r.pass.includes('projection')).map((r) => r.stretch.longestCpuMs)
      : null,
    baseline,
  });
}

// ---------------------------------------------------------------------------------------------
// Budgets (SPEC §7)

const MB4 = 4_000_000;
const GB15 = 1_500_000_000 / 1024 / 1024; // 1.5 GB in MiB (the unit of the RSS figures)

function budgets(res: Record<WorkloadName, WorkloadResult>, baseline: BaselineReport | null): Budget[] {
  const out: Budget[] = [];
  const eng = (w: WorkloadName): EngineReport | null => {
    const e = res[w]?.engine;
    return e && !isErr(e) ? e : null;
  };
  const w3 = eng('W3');
  // Judged on the main thread's on-CPU time when the OS reports it: on an idle machine it equals
  // the wall clock; on a busy one (other jobs on the 2 cores) the wall clock also counts their time.
  const w3cpu = w3?.median.cpuMs ?? null;
  const w3judged = w3 ? (w3cpu !== null && Number.isFinite(w3cpu) ? w3cpu : w3.median.totalMs) : NaN;
  out.push({
    id: 'engine.W3.time',
    what: 'engine W3 (parse + compute + plan, median, main-thread CPU)',
    limit: '≤ 3.00 s',
    value: w3
      ? `${sec(w3judged)} (wall ${sec(w3.median.totalMs)}, cold wall ${sec(w3.cold.totalMs)})`
      : 'not run',
    pass: w3 ? w3judged <= 3000 : null,
  });
  out.push({
    id: 'engine.W3.memory',
    what: 'engine W3 peak RSS incl. input arrays',
    limit: '≤ 1.5 GB',
    value: w3 ? `${mbf(w3.memory.peakRssMB)} (input ${mbf(w3.memory.inputRssMB)})` : 'not run',
    pass: w3 ? w3.memory.peakRssMB <= GB15 : null,
  });
  for (const w of WORKLOAD_NAMES) {
    const e = eng(w);
    if (!e) continue;
    out.push({
      id: `pane.${w}.pipelineStretch`,
      what: `pipeline in time slices, ${w}: longest synchronous stretch (CPU)`,
      limit: '≤ 200 ms',
      value: `${msf(e.sliced.longestCpuMs)} (wall ${msf(e.sliced.longestMs)})`,
      pass: e.sliced.longestCpuMs <= 200,
    });
  }
  const addin = (w: WorkloadName): AddinReport | null => {
    const a = res[w]?.addin;
    return a && !isErr(a) && !isSkip(a) ? a : null;
  };
  const a1 = addin('W1');
  const a2 = addin('W2');
  if (a2) {
    // Budgets on the runs as wired (run.ts); the projection run is reported beside them.
    const wired = a2.runs.filter((r) => !r.pass.includes('projection'));
    const projected = a2.runs.find((r) => r.pass.includes('projection'));
    const worst = (k: keyof AddinRun): number => Math.max(...wired.map((r) => r[k] as number));
    out.push({
      id: 'addin.W2.syncs',
      what: 'add-in W2: context.sync round trips (per run)',
      limit: '≤ 30',
      value: wired.map((r) => r.syncs).join(' / '),
      pass: worst('syncs') <= 30,
    });
    out.push({
      id: 'addin.W2.request',
      what: 'add-in W2: largest request',
      limit: '≤ 4 MB',
      value: bytesMB(worst('maxRequestBytes')),
      pass: worst('maxRequestBytes') <= MB4 && worst('requestsOver4MB') === 0,
    });
    out.push({
      id: 'addin.W2.response',
      what: 'add-in W2: largest response',
      limit: '≤ 4 MB',
      value: bytesMB(worst('maxResponseBytes')),
      pass: worst('maxResponseBytes') <= MB4 && worst('responsesOver4MB') === 0,
    });
    out.push({
      id: 'addin.W2.read',
      what: 'add-in W2: largest read',
      limit: '≤ 5,000,000 cells',
      value: `${n0(worst('maxReadCells'))} cells`,
      pass: worst('maxReadCells') <= 5_000_000,
    });
    const stretch = Math.max(...wired.map((r) => r.stretch.longestCpuMs));
    const stretchWall = Math.max(...wired.map((r) => r.stretch.longestMs));
    out.push({
      id: 'addin.W2.stretch',
      what: `add-in W2: longest synchronous stretch, CPU (pipeline ${a2.pipeline})`,
      limit: '≤ 200 ms',
      value: `${msf(stretch)} (wall ${msf(stretchWall)})`,
      pass: stretch <= 200,
      note:
        a2.pipeline === 'synchronous' && projected
          ? `run.ts calls the pipeline in one synchronous piece; with recalcSliced: ${msf(projected.stretch.longestCpuMs)} (wall ${msf(projected.stretch.longestMs)})`
          : undefined,
    });
  }
  if (a1 && a2) {
    const wiredOf = (a: AddinReport): AddinRun[] => a.runs.filter((r) => !r.pass.includes('projection'));
    const f1 = wiredOf(a1).map((r) => r.formattingCalls);
    const f2 = wiredOf(a2).map((r) => r.formattingCalls);
    out.push({
      id: 'addin.formatting',
      what: 'add-in formatting calls W1 = W2 (first run / re-run)',
      limit: 'equal',
      value: `W1 ${f1.join(' / ')} · W2 ${f2.join(' / ')}`,
      pass: f1.length === f2.length && f1.every((x, i) => x === f2[i]),
    });
  }
  const cli = (w: WorkloadName): CliReport | null => {
    const c = res[w]?.cli;
    return c && !isSkip(c) ? c : null;
  };
  const c2 = cli('W2');
  out.push({
    id: 'cli.W2.time',
    what: 'CLI W2 end to end (20,000 doctors, 300,000 records)',
    limit: '≤ 15 s',
    value: c2 ? (c2.error ? c2.error : `${sec(c2.wallMs)} (max RSS ${mbf(c2.maxRssMB)})`) : 'not run',
    pass: c2 ? !c2.error && c2.wallMs <= 15_000 : null,
  });
  const c3 = res.W3?.cli;
  out.push({
    id: 'cli.W3.completes',
    what: 'CLI W3 completes without running out of memory',
    limit: 'exit 0',
    value: !c3
      ? 'not run'
      : isSkip(c3)
        ? 'skipped'
        : c3.error
          ? c3.error
          : `${sec(c3.wallMs)} (max RSS ${mbf(c3.maxRssMB)})`,
    pass: !c3 || isSkip(c3) ? null : !c3.error,
    note: c3 && isSkip(c3) ? c3.skipped : undefined,
  });
  const sizes = baseline && !baseline.skipped ? (baseline.sizes ?? []) : [];
  const finished = sizes.filter((z) => z.ratio);
  if (finished.length) {
    const x = (v: number): string => `${v.toFixed(1)}×`;
    const worst = Math.min(...finished.map((z) => z.ratio!.median));
    const sentinels = finished.reduce((n, z) => n + (z.sentinelsLeft ?? 0), 0);
    out.push({
      id: 'baseline.ratio',
      what: 'CLI vs LibreOffice formula template, interleaved pairs (times faster, wall; median, min–max)',
      limit: '≥ 10×',
      value: sizes
        .map((z) =>
          z.ratio
            ? `${n0(z.doctors)} doctors ${x(z.ratio.median)} (${x(z.ratio.min)}–${x(z.ratio.max)}` +
              (z.cpuRatio ? `; CPU ${x(z.cpuRatio.median)}, ${x(z.cpuRatio.min)}–${x(z.cpuRatio.max)}` : '') +
              ')'
            : `${n0(z.doctors)} doctors: template ${z.unfinished ?? 'failed'}`,
        )
        .join(' · '),
      pass: worst >= 10 && sentinels === 0,
      note: sentinels ? `${sentinels} formulas not recalculated` : undefined,
    });
  } else {
    out.push({
      id: 'baseline.ratio',
      what: 'CLI vs LibreOffice formula template',
      limit: '≥ 10×',
      value: 'not run',
      pass: null,
      note: baseline?.skipped ?? sizes.map((z) => z.unfinished).join('; ') ?? 'not run',
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Main

export async function main(argv: string[]): Promise<number> {
  const started = now();
  const opts = parseOptions(argv);
  const root = repoRoot();
  const git = gitInfo(root);
  const mach = machine();
  const loadStart = os.loadavg();
  log(
    `bench: ${opts.only.join(', ')} · ${git.sha}${git.dirty ? ' (+local changes)' : ''} · node ${process.version} · ${mach.nproc} CPUs · load ${loadStart.map((x) => x.toFixed(1)).join(' ')}`,
  );

  const res = {} as Record<WorkloadName, WorkloadResult>;
  for (const name of opts.only) {
    const w = WORKLOADS[name];
    const r: WorkloadResult = { label: w.label, load: {} };
    const loadNow = (): number => Math.round(os.loadavg()[0] * 100) / 100;
    res[name] = r;
    const isW3 = name === 'W3';
    const needXlsx = opts.cli || opts.decode;

    log(`${name}: preparing${needXlsx ? ' (arrays + xlsx)' : ''}…`);
    const prep = await runChild<Record<string, unknown>>(
      'child-prepare',
      needXlsx ? [name, '--xlsx'] : [name],
      900_000,
      ['--max-old-space-size=6144'],
    );
    if (!prep.report) {
      r.engine = { error: `prepare failed: ${prep.error}` };
      log(`  ${r.engine.error}`);
      continue;
    }
    if (!prep.report.cached) log(`  generated in ${sec(prep.wallMs)}`);

    log(`${name}: engine (${opts.runs} runs + sliced)…`);
    r.load!.engine = loadNow();
    const eng = await runChild<EngineReport>('child-engine', [name, String(opts.runs)], 600_000);
    r.engine = eng.report ?? { error: eng.error ?? 'failed' };
    if (eng.report) {
      r.sizes = eng.report.sizes;
      log(
        `  median ${sec(eng.report.median.totalMs)} (CPU ${sec(eng.report.median.cpuMs ?? NaN)}), peak ${mbf(eng.report.memory.peakRssMB)}, ` +
          `sliced stretch ${msf(eng.report.sliced.longestCpuMs)} CPU / ${msf(eng.report.sliced.longestMs)} wall`,
      );
    } else log(`  ${eng.error}`);

    if (opts.decode) {
      log(`${name}: xlsx decoding…`);
      r.load!.decode = loadNow();
      const dec = await runChild<DecodeReport>('child-decode', [name], isW3 ? 600_000 : 300_000, [
        '--expose-gc',
        '--max-old-space-size=8192',
      ]);
      r.decode = dec.report ?? { error: dec.error ?? 'failed' };
      if (dec.report?.decodeMs !== undefined)
        log(`  ${sec(dec.report.decodeMs)}, peak ${mbf(dec.report.peakRssMB)}`);
    }

    if (opts.addin) {
      if (isW3 && !opts.addinW3)
        r.addin = {
          skipped: 'W3 on the double only with --addin-w3 (the ribbon path refuses inputs above W2)',
        };
      else {
        log(`${name}: add-in path on the Excel double…`);
        r.load!.addin = loadNow();
        const add = await runChild<AddinReport>('child-addin', [name], 600_000, [
          '--expose-gc',
          '--max-old-space-size=8192',
        ]);
        r.addin = add.report ?? { error: add.error ?? 'failed' };
        if (add.report)
          log(
            `  syncs ${add.report.runs.map((x) => x.syncs).join('/')}, stretch (CPU) ${add.report.runs.map((x) => msf(x.stretch.longestCpuMs)).join('/')}`,
          );
        else log(`  ${add.error}`);
      }
    }

    if (opts.cli) {
      log(`${name}: CLI end to end…`);
      r.cli = await runCliRepeated(xlsxPath(w), isW3 ? 900_000 : 300_000, opts.cliRuns);
      const each = r.cli.runs ? ` (runs ${r.cli.runs.map((x) => sec(x.wallMs)).join(', ')})` : '';
      log(`  ${r.cli.error ?? `${sec(r.cli.wallMs)}${each}, max RSS ${mbf(r.cli.maxRssMB)}`}`);
    }
  }

  let baseline: BaselineReport | null = null;
  if (opts.baseline && opts.cli) {
    log(
      `baseline: LibreOffice formula template vs the CLI, ${opts.baselinePairs} interleaved pairs per size (${opts.baselineSizes.join(', ')} doctors)…`,
    );
    try {
      baseline = await runBaseline({
        sizes: opts.baselineSizes,
        pairs: opts.baselinePairs,
        timeoutMs: opts.baselineTimeoutMs,
        runCli: (file) => runCli(file, 300_000),
        cachedInput: (doctors) =>
          doctors === WORKLOADS.W1.options.doctors && fs.existsSync(xlsxPath(WORKLOADS.W1))
            ? xlsxPath(WORKLOADS.W1)
            : null,
      });
      for (const z of baseline.sizes ?? [])
        log(
          `  ${z.doctors} doctors: ${z.unfinished ?? z.pairs.map((p) => `${p.ratio.toFixed(1)}× (${sec(p.templateMs)} vs ${sec(p.cliMs)}, load ${p.load})`).join(', ')}`,
        );
      if (baseline.skipped) log(`  ${baseline.skipped}`);
    } catch (e) {
      baseline = { skipped: `failed: ${e instanceof Error ? e.message : String(e)}` };
      log(`  ${baseline.skipped}`);
    }
  } else if (opts.baseline) baseline = { skipped: 'needs the CLI (without --skip-cli)' };

  const verdicts = budgets(res, baseline);
  const goals = issueTargets(res, baseline);
  const durationMs = ms(now() - started);
  const date = new Date();
  const results = {
    schema: 1,
    date: date.toISOString(),
    git,
    machine: { ...mach, loadavgStart: loadStart, loadavgEnd: os.loadavg() },
    generatorVersion: generatorVersion(),
    asOf: AS_OF,
    options: opts,
    workloads: res,
    baseline,
    budgets: verdicts,
    targets: goals,
    durationMs,
  };

  process.stdout.write(`${render(results, res, baseline, verdicts)}\n\n${renderTargets(goals)}\n`);
  if (opts.write) {
    const dir = path.join(root, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, resultFileName(date.toISOString(), git));
    const text = `${JSON.stringify(results, null, 2)}\n`;
    fs.writeFileSync(file, text);
    fs.writeFileSync(path.join(dir, 'latest.json'), text);
    log(`wrote ${path.relative(root, file)} and bench/results/latest.json`);
  }
  return verdicts.some((b) => b.pass === false) ? 1 : 0;
}

function render(
  results: {
    date: string;
    git: { sha: string; dirty: boolean };
    machine: Record<string, unknown>;
    durationMs: number;
  },
  res: Record<WorkloadName, WorkloadResult>,
  baseline: BaselineReport | null,
  verdicts: Budget[],
): string {
  const m = results.machine;
  const names = WORKLOAD_NAMES.filter((w) => res[w]);
  const parts: string[] = [];
  parts.push(
    `Kakari Roster bench · ${results.date.slice(0, 16).replace('T', ' ')} UTC · ${results.git.sha}${results.git.dirty ? ' (+local changes)' : ''} · ` +
      `node ${m.node} · ${m.nproc} CPUs (${m.cpu}) · ${m.memoryGB} GB · load ${(m.loadavgStart as number[]).map((x) => x.toFixed(1)).join(' ')}`,
  );

  const engineRows = names.map((w) => {
    const e = res[w].engine;
    if (!e || isErr(e)) return [w, e ? `error: ${e.error}` : '–'];
    const s = e.sizes;
    const records = s['研修記録'] ?? 0;
    return [
      w,
      n0(s['医師']),
      n0(records),
      n0(s['医療機関']),
      msf(e.median.parseMs),
      msf(e.median.computeMs),
      msf(e.median.planMs),
      msf(e.median.totalMs),
      msf(e.median.cpuMs ?? NaN),
      msf(e.cold.totalMs),
      mbf(e.memory.peakRssMB),
      mbf(e.memory.inputRssMB),
      `${((e.median.totalMs / Math.max(1, records)) * 1000).toFixed(2)} µs`,
      `${msf(e.sliced.longestCpuMs)} / ${msf(e.sliced.longestMs)}`,
      (res[w].load?.engine ?? NaN).toFixed(1),
    ];
  });
  parts.push(
    table(
      '\nEngine — pure pipeline on in-memory arrays (Office.js-style cells); wall-clock median of the runs, CPU = main thread on-CPU median, cold = first run',
      [
        '',
        'doctors',
        'records',
        'clinics',
        'parse',
        'compute',
        'plan',
        'total',
        'CPU',
        'cold',
        'peak RSS',
        'input RSS',
        'per record',
        'sliced max CPU / wall',
        'load',
      ],
      engineRows,
    ),
  );

  const decodeRows = names.map((w) => {
    const d = res[w].decode;
    if (!d) return [w, '–', '–', ''];
    if (isSkip(d)) return [w, 'skipped', '–', d.skipped];
    if (isErr(d)) return [w, 'error', '–', d.error];
    if (d.unsupported) return [w, 'n/a', '–', d.unsupported];
    return [w, sec(d.decodeMs), mbf(d.peakRssMB), d.reader ?? ''];
  });
  parts.push(
    table(
      '\nxlsx decoding (the CLI reader, file → snapshot)',
      ['', 'time', 'peak RSS', 'reader'],
      decodeRows,
    ),
  );

  const addinRows: string[][] = [];
  for (const w of names) {
    const a = res[w].addin;
    if (!a) continue;
    if (isSkip(a) || isErr(a)) {
      addinRows.push([w, isSkip(a) ? `skipped: ${a.skipped}` : `error: ${a.error}`]);
      continue;
    }
    for (const r of a.runs) {
      addinRows.push([
        `${w} ${r.pass}`,
        String(r.syncs),
        bytesMB(r.maxRequestBytes),
        bytesMB(r.maxResponseBytes),
        n0(r.maxReadCells),
        String(r.formattingCalls),
        `${msf(r.stretch.longestCpuMs)} / ${msf(r.stretch.longestMs)}`,
        String(r.stretch.over200msCpu),
        sec(r.wallMs),
      ]);
    }
  }
  if (addinRows.length) {
    const mode =
      names.map((w) => res[w].addin).find((a): a is AddinReport => !!a && !isSkip(a) && !isErr(a))
        ?.pipeline ?? '?';
    parts.push(
      table(
        `\nAdd-in path on the strict Excel double (pipeline: ${mode})`,
        [
          '',
          'syncs',
          'max request',
          'max response',
          'max read cells',
          'formatting',
          'longest JS CPU / wall',
          '>200 ms',
          'wall',
        ],
        addinRows,
      ),
    );
  }

  const cliRows = names.map((w) => {
    const c = res[w].cli;
    if (!c) return [w, '–'];
    if (isSkip(c)) return [w, 'skipped', '–', '–', c.skipped];
    return [
      w,
      c.error ? 'FAILED' : sec(c.wallMs),
      sec(c.cpuMs ?? NaN),
      mbf(c.maxRssMB),
      `${c.inputMB} MB`,
      (c.load ?? NaN).toFixed(1),
      c.error ?? c.summary.split('\t').slice(1, 2).join(''),
    ];
  });
  parts.push(
    table(
      '\nCLI end to end (recalc -o out.xlsx --json out.json)',
      ['', 'time', 'CPU', 'max RSS', 'input', 'load', 'result'],
      cliRows,
    ),
  );

  if (baseline?.skipped)
    parts.push(`\nBaseline (LibreOffice formula template): skipped — ${baseline.skipped}`);
  else if (baseline?.sizes) {
    const rows: string[][] = [];
    for (const z of baseline.sizes) {
      if (z.unfinished) rows.push([n0(z.doctors), n0(z.records), n0(z.formulas), `template ${z.unfinished}`]);
      z.pairs.forEach((p, i) =>
        rows.push([
          n0(z.doctors),
          n0(z.records),
          n0(z.formulas),
          String(i + 1),
          `${sec(p.templateMs)} / ${sec(p.templateCpuMs ?? NaN)}`,
          `${sec(p.cliMs)} / ${sec(p.cliCpuMs ?? NaN)}`,
          `${p.ratio.toFixed(1)}×`,
          p.cpuRatio === null ? '–' : `${p.cpuRatio.toFixed(1)}×`,
          p.load.toFixed(1),
          String(z.sentinelsLeft ?? '–'),
        ]),
      );
    }
    parts.push(
      table(
        `\nBaseline: LibreOffice formula template vs the CLI, interleaved A B A B (${baseline.libreoffice}; ${String(m.cpu)})`,
        [
          'doctors',
          'records',
          'formulas',
          'pair',
          'template wall / CPU',
          'CLI wall / CPU',
          'ratio',
          'CPU ratio',
          'load',
          'not recalculated',
        ],
        rows,
      ),
    );
  }

  const vRows = verdicts.map((b) => [
    b.pass === null ? 'SKIP' : b.pass ? 'PASS' : 'FAIL',
    b.what,
    b.limit,
    b.value + (b.note ? `  — ${b.note}` : ''),
  ]);
  const w = [4, Math.max(...vRows.map((r) => r[1].length)), Math.max(...vRows.map((r) => r[2].length))];
  parts.push(
    `\nBudgets (SPEC §7)\n${vRows.map((r) => `  ${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`).join('\n')}`,
  );
  parts.push(`\nbench finished in ${sec(results.durationMs)}`);
  return parts.join('\n');
}
