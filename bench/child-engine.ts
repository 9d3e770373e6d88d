/**
 * Child: the pure pipeline (SPEC §7 "Engine") on one workload's in-memory arrays.
 *
 *   node --expose-gc build/bench/bench/child-engine.js W3 [runs]
 *
 * Reads the Office.js-style arrays from the cache, then:
 * - runs recalc `runs` times synchronously, timing its phases — parse (the contract reader),
 *   compute (the engine), plan (issues, result JSON, output plan) — the first run cold, as a CLI or
 *   pane run is; the peak RSS of the first run is measured with the input arrays resident;
 * - runs it once more in time slices (recalcSliced, as the task pane does) and measures the
 *   longest synchronous stretch and the cost of slicing.
 */
import { runSteps, runStepsSliced } from '../src/domain/steps';
import { dayFromIso } from '../src/domain/day';
import { recalcSteps, type RecalcOutput, type RecalcStage } from '../src/sheets/recalc';
import { PeakRss, StretchMeter, emitReport, fullGc, mb, median, ms, now, threadCpuMs } from './measure';
import {
  AS_OF,
  NOW,
  WORKLOADS,
  readArraysCache,
  sheetSizes,
  snapshotOf,
  type WorkloadName,
} from './workloads';
import type { WorkbookSnapshot } from '../src/sheets/types';

interface PhaseTimes {
  parseMs: number;
  computeMs: number;
  planMs: number;
  totalMs: number;
  /** On-CPU time of the main thread over the whole run (robust on a busy machine). */
  cpuMs: number | null;
}

const OPTS = { asOf: dayFromIso(AS_OF), now: NOW };

function timedRun(snap: WorkbookSnapshot): { out: RecalcOutput; times: PhaseTimes } {
  const marks: Partial<Record<RecalcStage, number>> = {};
  const c0 = threadCpuMs();
  const t0 = now();
  const out = runSteps(recalcSteps(snap, OPTS, (stage) => (marks[stage] = now())));
  const end = now();
  const c1 = threadCpuMs();
  const read = marks.read ?? t0;
  const engine = marks.engine ?? read;
  const plan = marks.plan ?? engine;
  return {
    out,
    times: {
      parseMs: ms(engine - read),
      computeMs: ms(plan - engine),
      planMs: ms(end - plan),
      totalMs: ms(end - t0),
      cpuMs: c0 !== null && c1 !== null ? ms(c1 - c0) : null,
    },
  };
}

function summary(out: RecalcOutput): Record<string, unknown> {
  const r = out.result;
  const status: Record<string, number> = {};
  for (const d of r.doctors) status[d.status] = (status[d.status] ?? 0) + 1;
  return {
    counts: r.counts,
    status,
    issues: r.issues.length,
    districts: r.districts.length,
    planColumns: out.plan.inputs.reduce((n, p) => n + p.columns.length, 0),
    planSheets: out.plan.sheets.map((s) => `${s.name}:${s.rows.length}`),
  };
}

async function main(): Promise<void> {
  const name = process.argv[2] as WorkloadName;
  const w = WORKLOADS[name];
  if (!w) throw new Error(`unknown workload ${name}`);
  const runs = Math.max(1, Number(process.argv[3] ?? 3));

  let t = now();
  const sheets = readArraysCache(w);
  const loadMs = ms(now() - t);
  const sizes = sheetSizes(sheets);
  const cells = sheets.reduce((n, s) => n + s.rows.reduce((k, r) => k + r.length, 0), 0);
  const snap = snapshotOf(sheets);
  fullGc();
  fullGc();
  const baseline = process.memoryUsage();
  const peak = new PeakRss();
  peak.reset();

  const times: PhaseTimes[] = [];
  let peakBytes = 0;
  let info: Record<string, unknown> = {};
  for (let k = 0; k < runs; k++) {
    const { out, times: tm } = timedRun(snap);
    times.push(tm);
    if (k === 0) {
      peakBytes = peak.peakBytes();
      info = summary(out);
    }
    fullGc();
  }
  peak.stopSampler();

  // The pane's way: time slices with a yield to the event loop between them.
  const meter = new StretchMeter();
  t = now();
  meter.start();
  await runStepsSliced(recalcSteps(snap, OPTS), { sliceMs: 40, yieldFn: meter.yieldFn() });
  meter.pause();
  const slicedMs = ms(now() - t);

  const pick = (k: keyof PhaseTimes): number => ms(median(times.map((x) => x[k] ?? NaN)));
  emitReport({
    workload: name,
    sizes,
    cells,
    loadMs,
    runs: times,
    cold: times[0],
    median: {
      parseMs: pick('parseMs'),
      computeMs: pick('computeMs'),
      planMs: pick('planMs'),
      totalMs: pick('totalMs'),
      cpuMs: pick('cpuMs'),
    },
    best: {
      parseMs: Math.min(...times.map((x) => x.parseMs)),
      computeMs: Math.min(...times.map((x) => x.computeMs)),
      planMs: Math.min(...times.map((x) => x.planMs)),
      totalMs: Math.min(...times.map((x) => x.totalMs)),
      cpuMs: Math.min(...times.map((x) => x.cpuMs ?? NaN)),
    },
    memory: {
      method: peak.method,
      inputRssMB: mb(baseline.rss),
      inputHeapMB: mb(baseline.heapUsed),
      peakRssMB: mb(peakBytes),
    },
    sliced: { totalMs: slicedMs, sliceMs: 40, ...meter.report() },
    result: info,
  });
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
