/**
 * Child: xlsx decoding as the command line does it (file → WorkbookSnapshot), reported apart
 * from the engine (SPEC §7: "xlsx decoding reported separately").
 *
 *   node --expose-gc build/bench/bench/child-decode.js W2
 *
 * Uses the CLI's own compiled reader in build/ (npm run build:cli): readSnapshotFile of
 * build/xlsx/package-read.js.
 */
import * as path from 'path';
import { PeakRss, emitReport, mb, ms, now } from './measure';
import { WORKLOADS, repoRoot, xlsxPath, type WorkloadName } from './workloads';

type Snapshot = { sheets: { name: string; rows: unknown[] }[] };

async function main(): Promise<void> {
  const w = WORKLOADS[process.argv[2] as WorkloadName];
  if (!w) throw new Error(`unknown workload ${process.argv[2]}`);
  const build = path.join(repoRoot(), 'build');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const reader = require(path.join(build, 'xlsx', 'package-read.js')) as {
    readSnapshotFile: (file: string) => Promise<Snapshot>;
  };
  const file = xlsxPath(w);
  const peak = new PeakRss();
  peak.reset();
  const t = now();
  const snap = await reader.readSnapshotFile(file);
  const decodeMs = ms(now() - t);
  const rows = snap.sheets.reduce((n, s) => n + s.rows.length, 0);
  emitReport({
    workload: w.name,
    reader: 'readSnapshotFile',
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
