/**
 * Child: xlsx decoding as the command line does it (file → WorkbookSnapshot), reported apart
 * from the engine (SPEC §7: "xlsx decoding reported separately").
 *
 *   node --expose-gc build/bench/bench/child-decode.js W2
 *
 * Uses the CLI's own compiled code in build/ (npm run build:cli), looked up at run time so the
 * bench keeps compiling when the reader is replaced (issue 7); when neither known reader API is
 * there it reports `unsupported` instead of failing.
 */
import * as path from 'path';
import { PeakRss, emitReport, mb, ms, now } from './measure';
import { WORKLOADS, repoRoot, xlsxPath, type WorkloadName } from './workloads';

type Snapshot = { sheets: { name: string; rows: unknown[] }[] };

async function main(): Promise<void> {
  const w = WORKLOADS[process.argv[2] as WorkloadName];
  if (!w) throw new Error(`unknown workload ${process.argv[2]}`);
  const build = path.join(repoRoot(), 'build');
  /* eslint-disable @typescript-eslint/no-require-imports */
  const recalcFile = require(path.join(build, 'xlsx', 'recalcFile.js')) as Record<string, unknown>;
  let snapshotMod: Record<string, unknown> = {};
  try {
    snapshotMod = require(path.join(build, 'xlsx', 'snapshot.js')) as Record<string, unknown>;
  } catch {
    /* replaced */
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  const file = xlsxPath(w);
  const peak = new PeakRss();
  peak.reset();
  const t = now();
  let snap: Snapshot;
  let reader: string;
  if (typeof recalcFile.readSnapshotFile === 'function') {
    // A package-level reader (issue 7), if it is exported under this name.
    reader = 'readSnapshotFile';
    snap = (await (recalcFile.readSnapshotFile as (f: string) => Promise<Snapshot>)(file)) as Snapshot;
  } else if (
    typeof recalcFile.loadWorkbook === 'function' &&
    typeof snapshotMod.snapshotFromExcelJs === 'function'
  ) {
    reader = 'ExcelJS xlsx.load + snapshotFromExcelJs';
    const loaded = (await (
      recalcFile.loadWorkbook as (f: string) => Promise<{ wb: unknown; workbookProtected: boolean }>
    )(file)) as {
      wb: unknown;
      workbookProtected: boolean;
    };
    snap = (snapshotMod.snapshotFromExcelJs as (wb: unknown, o: unknown) => Snapshot)(loaded.wb, {
      workbookProtected: loaded.workbookProtected,
    });
  } else {
    emitReport({
      workload: w.name,
      unsupported: 'no known xlsx reader export in build/xlsx (update bench/child-decode.ts)',
    });
    return;
  }
  const decodeMs = ms(now() - t);
  const rows = snap.sheets.reduce((n, s) => n + s.rows.length, 0);
  emitReport({
    workload: w.name,
    reader,
    decodeMs,
    rows,
    peakRssMB: mb(peak.peakBytes()),
    peakMethod: peak.method,
  });
  peak.stopSampler();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
