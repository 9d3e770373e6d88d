/**
 * Measuring helpers shared by the benchmark children: clocks, peak resident memory, the longest
 * synchronous JavaScript stretch, and the one-line JSON report a child hands to its parent.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import { Worker } from 'worker_threads';

export const now = (): number => performance.now();
export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
export const ms = (x: number): number => Math.round(x * 10) / 10;

/** Runs a full garbage collection when the process was started with --expose-gc. */
export function fullGc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

/**
 * Peak resident set size over a section of a run. Linux keeps the process's high-water mark
 * (VmHWM) and resets it when "5" is written to /proc/self/clear_refs; where that is not allowed,
 * a worker thread samples the RSS every 5 ms (a worker keeps sampling while the main thread runs
 * a long synchronous computation).
 */
export class PeakRss {
  readonly method: 'VmHWM' | 'sampling';
  private sampler: Worker | null = null;
  private shared: Int32Array | null = null;

  constructor() {
    this.method = PeakRss.canReset() ? 'VmHWM' : 'sampling';
  }

  private static canReset(): boolean {
    try {
      fs.writeFileSync('/proc/self/clear_refs', '5');
      return PeakRss.hwmKb() !== null;
    } catch {
      return false;
    }
  }

  private static hwmKb(): number | null {
    try {
      const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  }

  /** Starts a section: the peak is measured from here. */
  reset(): void {
    if (this.method === 'VmHWM') {
      fs.writeFileSync('/proc/self/clear_refs', '5');
      return;
    }
    this.stopSampler();
    const buf = new SharedArrayBuffer(4);
    this.shared = new Int32Array(buf);
    this.shared[0] = Math.round(process.memoryUsage.rss() / 1024);
    this.sampler = new Worker(
      `const { workerData } = require('worker_threads');
       const a = new Int32Array(workerData);
       setInterval(() => { const kb = Math.round(process.memoryUsage.rss() / 1024); if (kb > Atomics.load(a, 0)) Atomics.store(a, 0, kb); }, 5);`,
      { eval: true, workerData: buf },
    );
    this.sampler.unref();
  }

  /** Peak RSS in bytes since the last reset. */
  peakBytes(): number {
    if (this.method === 'VmHWM') return (PeakRss.hwmKb() ?? 0) * 1024;
    const current = Math.round(process.memoryUsage.rss() / 1024);
    return Math.max(current, this.shared ? Atomics.load(this.shared, 0) : 0) * 1024;
  }

  stopSampler(): void {
    if (this.sampler) void this.sampler.terminate();
    this.sampler = null;
  }
}

/**
 * On-CPU time of the calling (main) thread in ms, from /proc/self/task/<pid>/schedstat (ns), or
 * null where that file does not exist. Unlike the wall clock it does not count the time the OS
 * gave to other processes, so it measures what the code itself does on a busy machine.
 */
export const threadCpuMs: () => number | null = (() => {
  let fd: number | null = null;
  try {
    fd = fs.openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    return () => null;
  }
  const buf = Buffer.alloc(128);
  return () => {
    const n = fs.readSync(fd as number, buf, 0, buf.length, 0);
    const ns = Number(buf.toString('latin1', 0, n).split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  };
})();

/**
 * The longest stretch of JavaScript that runs without handing control back: `pause()` where
 * control leaves (a context.sync round trip or a yield to the event loop begins), `resume()`
 * where it comes back. What happens between pause and resume is Excel's or the browser's time.
 * Each stretch is measured on the wall clock and as on-CPU time of the main thread (see
 * threadCpuMs; equal on an idle machine, the CPU figure is the robust one on a loaded one).
 */
/** The innermost frames of the current stack in the project's sources (src/), for reports. */
function whereNow(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  return lines
    .filter((l) => /[\\/]src[\\/]/.test(l) && !/node_modules/.test(l))
    .slice(0, 3)
    .map((l) =>
      l
        .trim()
        .replace(/^at /, '')
        .replace(/\(.*[\\/](src[\\/][^)]*)\)/, '($1)')
        // A frame without a function name ("async /abs/path/src/…:1:2") has no parentheses.
        .replace(/(^|\s)[^\s(]*[\\/](src[\\/][^\s)]*)$/, '$1$2'),
    )
    .join(' < ');
}

export class StretchMeter {
  longest = 0;
  longestCpu = 0;
  stretches = 0;
  over50 = 0;
  over200 = 0;
  over200Cpu = 0;
  total = 0;
  /** Where the longest stretch (CPU) began and ended: the first project frames of the stacks. */
  longestAt: { from: string; to: string } | null = null;
  private since = 0;
  private sinceCpu: number | null = null;
  private sinceAt = '';
  private running = false;

  start(): void {
    this.resume();
  }

  pause(): void {
    if (!this.running) return;
    const d = now() - this.since;
    const cpuNow = threadCpuMs();
    const c = cpuNow !== null && this.sinceCpu !== null ? cpuNow - this.sinceCpu : d;
    this.running = false;
    this.stretches++;
    this.total += d;
    if (d > this.longest) this.longest = d;
    if (c > this.longestCpu) {
      this.longestCpu = c;
      this.longestAt = { from: this.sinceAt, to: whereNow() };
    }
    if (d > 50) this.over50++;
    if (d > 200) this.over200++;
    if (c > 200) this.over200Cpu++;
  }

  resume(): void {
    this.sinceAt = whereNow();
    this.since = now();
    this.sinceCpu = threadCpuMs();
    this.running = true;
  }

  /** A yield function for the adapter / sliced pipeline that is measured as a break. */
  yieldFn(): () => Promise<void> {
    return async () => {
      this.pause();
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.resume();
    };
  }

  report(): {
    longestMs: number;
    longestCpuMs: number;
    longestAt: { from: string; to: string } | null;
    stretches: number;
    over50ms: number;
    over200ms: number;
    over200msCpu: number;
    jsMs: number;
  } {
    return {
      longestMs: ms(this.longest),
      longestCpuMs: ms(this.longestCpu),
      longestAt: this.longestAt,
      stretches: this.stretches,
      over50ms: this.over50,
      over200ms: this.over200,
      over200msCpu: this.over200Cpu,
      jsMs: ms(this.total),
    };
  }
}

/** Children print exactly one line starting with this marker, followed by their JSON report. */
export const REPORT_MARKER = '@@bench-report ';

export function emitReport(report: unknown): void {
  process.stdout.write(`${REPORT_MARKER}${JSON.stringify(report)}\n`);
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A command line run to its end by runTimed. */
export interface TimedRun {
  stdout: string;
  stderr: string;
  wallMs: number;
  /** User + system CPU time of the process (all its threads), when /usr/bin/time exists. */
  cpuMs: number | null;
  /** Peak RSS in kB: /usr/bin/time's, else the polled VmHWM; 0 when neither was seen. */
  maxRssKb: number;
  /** The process's exit code (128 + N when killed by signal N). */
  exitCode: number;
  /** True when the run was killed at the timeout. */
  timedOut: boolean;
  /** How time and memory were measured. */
  method: string;
}

/**
 * Runs `node <args>` to its end under /usr/bin/time -v (wall time, CPU time, peak RSS); without
 * /usr/bin/time, the child's high-water mark (/proc/<pid>/status VmHWM) is polled while it runs.
 * Killed with SIGKILL after timeoutMs.
 */
export function runTimed(args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<TimedRun> {
  const haveTime = fs.existsSync('/usr/bin/time');
  const cmd = haveTime ? '/usr/bin/time' : process.execPath;
  const argv = haveTime ? ['-v', process.execPath, ...args] : args;
  const t = now();
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    let polledKb = 0;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const poll = haveTime
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledKb = Math.max(polledKb, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 50);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      const wallMs = now() - t;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([0-9.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([0-9.]+)/.exec(stderr);
      const exit = /Exit status: (\d+)/.exec(stderr);
      // /usr/bin/time prints "Exit status: 0" after "Command terminated by signal N".
      const killed = /Command terminated by signal (\d+)/.exec(stderr);
      resolve({
        stdout,
        stderr,
        wallMs,
        cpuMs: user && sys ? ms((Number(user[1]) + Number(sys[1])) * 1000) : null,
        maxRssKb: rss ? Number(rss[1]) : polledKb,
        exitCode: killed ? 128 + Number(killed[1]) : haveTime && exit ? Number(exit[1]) : (code ?? -1),
        timedOut: signal === 'SIGKILL',
        method: haveTime ? '/usr/bin/time -v' : 'hrtime + /proc VmHWM polling',
      });
    });
  });
}
