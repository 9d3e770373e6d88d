/**
 * Issue 20's targets (performance with margin on a shared 2-core machine), judged from one bench
 * run: each with the figure it is judged on, the spread of the runs behind it, and whether it is
 * met. They are the issue's goals, stricter than SPEC §7's budgets (main.ts `budgets`), and do not
 * change the bench's exit code: the budgets do.
 *
 *   1. engine W3 ≤ 2.2 s main-thread CPU (median of the runs), ≤ 1.5 GB;
 *   2. CLI W2 ≤ 4 s and W3 ≤ 15 s wall (median of the runs), W3 peak ≤ 1 GB;
 *   3. ≥ 10× the formula template in every pair at every size that finishes, and a 1,000-doctor
 *      recalc ≤ 0.3 s CPU (the CLI's runs of the baseline pairs at 1,000 doctors);
 *   4. add-in W2 longest synchronous stretch ≤ 120 ms CPU;
 *   5. W2 notices in the same bench (≤ 30 s, ≤ 1.5 GB; added by notices.ts after they ran).
 */
import { spread, type BaselineReport } from './baseline';

export interface Target {
  id: string;
  /** Goal number in issue 20. */
  goal: number;
  what: string;
  target: string;
  /** The figure judged (a median, a maximum or a minimum, as `what` says). */
  value: string;
  /** The runs behind it, min–max (or each value), when there were several. */
  spread: string | null;
  met: boolean | null;
}

/** What targets() reads of a bench result (loosely: the result types live in main.ts). */
export interface TargetInputs {
  engineW3: { runsCpuMs: (number | null)[]; medianCpuMs: number | null; peakRssMB: number } | null;
  cli: Partial<
    Record<'W2' | 'W3', { wallsMs: number[]; medianWallMs: number; maxRssMB: number; error?: string }>
  >;
  addinW2StretchesCpuMs: number[] | null;
  baseline: BaselineReport | null;
}

const s2 = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const range = (xs: number[], f: (x: number) => string): string | null =>
  xs.length < 2 ? null : `${f(Math.min(...xs))}–${f(Math.max(...xs))} (${xs.length} runs)`;
const finite = (xs: (number | null)[]): number[] =>
  xs.filter((x): x is number => x !== null && Number.isFinite(x));

export function targets(t: TargetInputs): Target[] {
  const out: Target[] = [];
  const e = t.engineW3;
  if (e) {
    const cpu = finite(e.runsCpuMs);
    out.push({
      id: 'engine.W3.cpu',
      goal: 1,
      what: 'engine W3, main-thread CPU (median of the runs)',
      target: '≤ 2.20 s',
      value: e.medianCpuMs === null ? 'not measured' : s2(e.medianCpuMs),
      spread: range(cpu, s2),
      met: e.medianCpuMs === null ? null : e.medianCpuMs <= 2200,
    });
    out.push({
      id: 'engine.W3.memory',
      goal: 1,
      what: 'engine W3, peak RSS with the input arrays',
      target: '≤ 1,536 MB',
      value: `${Math.round(e.peakRssMB)} MB`,
      spread: null,
      met: e.peakRssMB <= 1536,
    });
  }
  for (const [w, limit] of [
    ['W2', 4000],
    ['W3', 15000],
  ] as const) {
    const c = t.cli[w];
    if (!c) continue;
    out.push({
      id: `cli.${w}.wall`,
      goal: 2,
      what: `CLI ${w} end to end, wall (median of the runs)`,
      target: `≤ ${s2(limit)}`,
      value: c.error ?? s2(c.medianWallMs),
      spread: c.error ? null : range(c.wallsMs, s2),
      met: c.error ? false : c.medianWallMs <= limit,
    });
    if (w === 'W3')
      out.push({
        id: 'cli.W3.memory',
        goal: 2,
        what: 'CLI W3 peak RSS (largest of the runs)',
        target: '≤ 1,024 MB',
        value: `${Math.round(c.maxRssMB)} MB`,
        spread: null,
        met: !c.error && c.maxRssMB <= 1024,
      });
  }
  const sizes = t.baseline && !t.baseline.skipped ? (t.baseline.sizes ?? []) : [];
  for (const z of sizes) {
    if (z.unfinished || z.pairs.length === 0) continue;
    const ratios = z.pairs.map((p) => p.ratio);
    const cpuRatios = finite(z.pairs.map((p) => p.cpuRatio));
    out.push({
      id: `baseline.${z.doctors}.everyPair`,
      goal: 3,
      what: `${z.doctors.toLocaleString('en-US')} doctors: formula template / CLI, wall, smallest pair`,
      target: '≥ 10× in every pair',
      value: `${Math.min(...ratios).toFixed(1)}×`,
      spread: `pairs ${ratios.map((r) => r.toFixed(1)).join(', ')}×; CPU ${cpuRatios.map((r) => r.toFixed(1)).join(', ')}×`,
      met: ratios.every((r) => r >= 10),
    });
    if (z.doctors === 1000) {
      const cpu = finite(z.pairs.map((p) => p.cliCpuMs));
      const median = cpu.length ? spread(cpu).median : null;
      out.push({
        id: 'cli.1000.cpu',
        goal: 3,
        what: '1,000-doctor recalc, CLI CPU (all threads, median of the baseline pairs)',
        target: '≤ 0.30 s',
        value: median === null ? 'not measured' : s2(median),
        spread: range(cpu, s2),
        met: median === null ? null : median <= 300,
      });
    }
  }
  if (t.addinW2StretchesCpuMs && t.addinW2StretchesCpuMs.length) {
    const xs = t.addinW2StretchesCpuMs;
    const worst = Math.max(...xs);
    out.push({
      id: 'addin.W2.stretch',
      goal: 4,
      what: 'add-in W2, longest synchronous stretch CPU (largest of the runs)',
      target: '≤ 120 ms',
      value: `${Math.round(worst)} ms`,
      spread: xs.length > 1 ? `runs ${xs.map((x) => Math.round(x)).join(', ')} ms` : null,
      met: worst <= 120,
    });
  }
  return out;
}

/** Goal 5, from the W2 notices run (notices.ts). */
export function noticesTarget(r: { wallMs: number; maxRssMB: number | null; exitCode: number }): Target {
  return {
    id: 'notices.W2',
    goal: 5,
    what: 'W2 notices in the same bench (all recipients), wall / peak RSS',
    target: '≤ 30 s, ≤ 1,536 MB',
    value: `${s2(r.wallMs)}, ${r.maxRssMB === null ? '?' : Math.round(r.maxRssMB)} MB`,
    spread: null,
    met: r.exitCode === 0 && r.wallMs <= 30_000 && r.maxRssMB !== null && r.maxRssMB <= 1536,
  };
}

/** The targets as a plain-text table (the bench's log) or Markdown rows (report.ts). */
export function renderTargets(ts: Target[], markdown = false): string {
  const verdict = (m: boolean | null): string => (m === null ? 'n/a' : m ? 'MET' : 'NOT MET');
  if (markdown) {
    return [
      '| goal | target | what | measured | spread | verdict |',
      '|---|---|---|---|---|---|',
      ...ts.map(
        (x) =>
          `| ${x.goal} | ${x.target} | ${x.what} | ${x.value} | ${x.spread ?? '–'} | ${verdict(x.met)} |`,
      ),
    ].join('\n');
  }
  return [
    'Issue 20 targets (stricter than the budgets; they do not set the exit code):',
    ...ts.map(
      (x) =>
        `  ${verdict(x.met).padEnd(7)}  ${x.goal}. ${x.what}: ${x.value} (target ${x.target})${x.spread ? ` — ${x.spread}` : ''}`,
    ),
  ].join('\n');
}
