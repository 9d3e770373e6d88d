/**
 * Child: generates one workload and fills its caches (Office.js-style arrays for the engine and
 * the add-in, and on request the .xlsx for the CLI). Idempotent: existing caches are kept.
 *
 *   node build/bench/bench/child-prepare.js W2 [--xlsx]
 */
import * as fs from 'fs';
import { writeRosterXlsx } from '../src/sample/writeSample';
import { emitReport, ms, now } from './measure';
import {
  WORKLOADS,
  arraysPath,
  cacheDir,
  generate,
  officeArrays,
  sheetSizes,
  writeArraysCache,
  xlsxPath,
  type WorkloadName,
} from './workloads';

async function main(): Promise<void> {
  const w = WORKLOADS[process.argv[2] as WorkloadName];
  if (!w) throw new Error(`unknown workload ${process.argv[2]}`);
  const wantXlsx = process.argv.includes('--xlsx');
  fs.mkdirSync(cacheDir(), { recursive: true });
  const report: Record<string, unknown> = { workload: w.name };
  const needArrays = !fs.existsSync(arraysPath(w));
  const needXlsx = wantXlsx && !fs.existsSync(xlsxPath(w));
  if (!needArrays && !needXlsx) {
    emitReport({ ...report, cached: true });
    return;
  }
  let t = now();
  const data = generate(w);
  report.generateMs = ms(now() - t);
  if (needArrays) {
    t = now();
    const sheets = officeArrays(data);
    report.sizes = sheetSizes(sheets);
    writeArraysCache(w, sheets);
    report.arraysMs = ms(now() - t);
  }
  if (needXlsx) {
    t = now();
    await writeRosterXlsx(data, xlsxPath(w));
    report.xlsxMs = ms(now() - t);
    report.xlsxBytes = fs.statSync(xlsxPath(w)).size;
  }
  emitReport(report);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
