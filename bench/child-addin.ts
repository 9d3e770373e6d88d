/**
 * Child: the add-in path (SPEC §7 "Add-in path") on the strict Excel test double.
 *
 *   node --expose-gc build/bench/bench/child-addin.js W2
 *
 * Builds the double from the workload's arrays (as the user's workbook would hold them), runs
 * 「再計算」 (src/excel/run.ts recalculateWorkbook) twice — a first run that adds the owned columns
 * and sheets, and a re-run that finds them — and reports per run the double's accounting (round
 * trips, largest request and response, largest read, formatting calls) and the longest
 * synchronous JavaScript stretch: every context.sync and every yield of the adapter is a break,
 * everything between two breaks is one stretch (the double's own batch execution is Excel's time
 * and is not counted).
 *
 * While run.ts calls the pipeline in one synchronous piece, a third run shows the projection with
 * the pipeline in time slices: the same adapter steps (readSnapshot, recalcSliced,
 * checkAddedColumns, applyPlan) without the run lock.
 */
import * as fs from 'fs';
// By path, not by package name: the bench runs as JavaScript compiled by tsc under plain Node
// (build/bench/), where the workspace package's TypeScript entry cannot be required.
import { createExcelDouble, type ExcelDouble } from '../packages/excel-double/src';
import { dayFromIso } from '../src/domain/day';
import type { ExcelHost } from '../src/excel/host';
import { applyPlan, checkAddedColumns } from '../src/excel/apply';
import { readSnapshot } from '../src/excel/read';
import { recalculateWorkbook } from '../src/excel/run';
import { recalcSliced } from '../src/sheets/recalc';
import { StretchMeter, emitReport, fullGc, mb, ms, now } from './measure';
import { AS_OF, NOW, WORKLOADS, generate, type WorkloadName } from './workloads';
import { rosterToArrays } from '../src/sample/writeSample';
import type { OutputPlan } from '../src/sheets/plan-types';
import { openActionList, openMeeting } from '../src/taskpane/export-book';

/** The double's Excel namespace with every context.sync measured as a break. */
function meteredHost(d: ExcelDouble, meter: StretchMeter): ExcelHost {
  return {
    run: <T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> =>
      d.Excel.run(options, async (context) => {
        const ctx = context as unknown as { sync: <V>(v?: V) => Promise<V> };
        const sync = ctx.sync.bind(context);
        ctx.sync = async <V>(v?: V): Promise<V> => {
          meter.pause();
          try {
            return await sync(v);
          } finally {
            meter.resume();
          }
        };
        meter.start();
        try {
          return await batch(context);
        } finally {
          meter.pause();
        }
      }),
  };
}

/** Whether run.ts drives the pipeline in time slices (recalcSliced) or in one synchronous call. */
function pipelineMode(): 'sliced' | 'synchronous' {
  try {
    const src = fs.readFileSync(require.resolve('../src/excel/run'), 'utf8');
    return /recalcSliced|runStepsSliced/.test(src) ? 'sliced' : 'synchronous';
  } catch {
    return 'synchronous';
  }
}

/** The adapter's steps with the pipeline in time slices (what run.ts does, minus the run lock). */
async function projectedSlicedRun(
  d: ExcelDouble,
  meter: StretchMeter,
  isSetSupported: (n: string, v: string) => boolean,
): Promise<{
  stats: { syncs: number };
  result: { counts: { training: { read: number } }; issues: unknown[] };
}> {
  const host = meteredHost(d, meter);
  return host.run({ delayForCellEdit: true }, async (context) => {
    const snap = await readSnapshot(context, { isSetSupported, yieldFn: meter.yieldFn() });
    const out = await recalcSliced(
      snap,
      { asOf: dayFromIso(AS_OF), now: NOW },
      { sliceMs: 40, yieldFn: meter.yieldFn() },
    );
    await checkAddedColumns(context, out.plan);
    const write = await applyPlan(context, out.plan, snap, { yieldFn: meter.yieldFn() });
    return { stats: { syncs: snap.office.stats.syncs + 1 + write.syncs }, result: out.result };
  });
}

async function main(): Promise<void> {
  const name = process.argv[2] as WorkloadName;
  const w = WORKLOADS[name];
  if (!w) throw new Error(`unknown workload ${name}`);
  let t = now();
  const data = generate(w);
  const sheets = Object.fromEntries(rosterToArrays(data).map((s) => [s.name, s.rows]));
  const d = createExcelDouble({ sheets });
  const setupMs = ms(now() - t);
  fullGc();

  const mode = pipelineMode();
  const isSetSupported = (n: string, v: string): boolean =>
    d.Office.context.requirements.isSetSupported(n, v);
  const runs: Record<string, unknown>[] = [];
  let lastPlan: OutputPlan | null = null;
  const passes =
    mode === 'sliced' ? ['first run', 're-run'] : ['first run', 're-run', 're-run, sliced (projection)'];
  for (const pass of passes) {
    d.stats.reset();
    const meter = new StretchMeter();
    t = now();
    const res = pass.includes('projection')
      ? await projectedSlicedRun(d, meter, isSetSupported)
      : await recalculateWorkbook({
          excel: meteredHost(d, meter),
          isSetSupported,
          asOf: dayFromIso(AS_OF),
          now: NOW,
          yieldFn: meter.yieldFn(),
        });
    const wallMs = ms(now() - t);
    lastPlan = (res as { plan?: OutputPlan }).plan ?? lastPlan;
    const s = d.stats;
    const history = s.history;
    runs.push({
      pass,
      wallMs,
      syncs: s.syncs,
      adapterSyncs: res.stats.syncs,
      maxRequestBytes: s.maxRequestBytes,
      maxResponseBytes: s.maxResponseBytes,
      totalRequestMB: mb(s.totalRequestBytes),
      totalResponseMB: mb(s.totalResponseBytes),
      maxReadCells: s.maxReadCells,
      formattingCalls: s.formattingCalls,
      cellsFormatted: s.cellsFormatted,
      failedSyncs: s.failedSyncs,
      requestsOver4MB: history.filter((h) => h.requestBytes > 4_000_000).length,
      responsesOver4MB: history.filter((h) => h.responseBytes > 4_000_000).length,
      stretch: meter.report(),
      records: res.result.counts.training.read,
      issues: res.result.issues.length,
    });
    fullGc();
  }
  // Export (SPEC §5.4, §7: "export included"): the meeting workbook and 要対応リスト built as the
  // pane builds them (time slices) and opened with Excel.createWorkbook on the double (web mode:
  // the 5 MB check applies). The longest stretch covers building, zipping and base64.
  {
    const plan = lastPlan!;
    const meter = new StretchMeter();
    d.stats.reset();
    const host = { excel: d.Excel, isSetSupported, platform: 'OfficeOnline' };
    t = now();
    meter.start();
    const meeting = await openMeeting(host, plan, { pause: meter.yieldFn() });
    const list = await openActionList(host, plan, { pause: meter.yieldFn() });
    meter.pause();
    runs.push({
      pass: 'export (meeting + 要対応リスト)',
      wallMs: ms(now() - t),
      syncs: 0,
      adapterSyncs: 0,
      maxRequestBytes: Math.max(0, ...d.stats.createdWorkbooks.map((b) => b.length + 100)),
      maxResponseBytes: 0,
      totalRequestMB: mb(d.stats.createdWorkbooks.reduce((n, b) => n + b.length, 0)),
      totalResponseMB: 0,
      maxReadCells: 0,
      formattingCalls: 0,
      cellsFormatted: 0,
      failedSyncs: 0,
      requestsOver4MB: d.stats.createdWorkbooks.filter((b) => b.length > 4_000_000).length,
      responsesOver4MB: 0,
      stretch: meter.report(),
      records: 0,
      issues: 0,
      exports: [meeting.kind, list.kind],
    });
  }
  emitReport({ workload: name, setupMs, pipeline: mode, rssMB: mb(process.memoryUsage().rss), runs });
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
