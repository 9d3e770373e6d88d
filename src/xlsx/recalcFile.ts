/**
 * The CLI's file path: .xlsx bytes → pipeline → written workbook. Reading and writing use ExcelJS;
 * everything in between is the shared, pure pipeline.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Day } from '../domain/day';
import { FatalError } from '../sheets/fatal';
import { recalc, type RecalcOutput } from '../sheets/recalc';
import { applyPlanToExcelJs } from './apply';
import { chartsOf, graftCharts, onlyOwnCharts } from './chart';
import { inspectPackage } from './package';
import { snapshotFromExcelJs } from './snapshot';

export interface RecalcFileOptions {
  asOf?: Day | null;
  now?: Date;
  /** Where to write the result workbook (omit: write nothing). */
  out?: string | null;
  onPhase?: (phase: 'read' | 'compute' | 'write', fraction: number) => void;
}

export interface RecalcFileResult extends RecalcOutput {
  /** Kinds of input content the written file does not carry over (empty when nothing is lost). */
  notCarried: string[];
}

export async function loadWorkbook(file: string): Promise<{ wb: ExcelJS.Workbook; notCarried: string[]; workbookProtected: boolean }> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    throw new FatalError('file-not-xlsx', { params: { value: file, reason: (e as NodeJS.ErrnoException).code ?? '' } });
  }
  const info = inspectPackage(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new FatalError('file-corrupt');
  }
  // The chart on 会議資料 is this tool's own: it is grafted again on every write, so it is not lost.
  const ownCharts = info.notCarried.includes('グラフ') && onlyOwnCharts(buf);
  const notCarried = ownCharts ? info.notCarried.filter((k) => k !== 'グラフ' && k !== '図形・画像') : info.notCarried;
  return { wb, notCarried, workbookProtected: info.workbookProtected };
}

/** Writes atomically: a temporary file beside the target, then rename. */
export async function writeAtomic(target: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export async function recalcFile(file: string, opts: RecalcFileOptions = {}): Promise<RecalcFileResult> {
  opts.onPhase?.('read', 0);
  const { wb, notCarried, workbookProtected } = await loadWorkbook(file);
  const snap = snapshotFromExcelJs(wb, { workbookProtected });
  opts.onPhase?.('compute', 0.4);
  const out = recalc(snap, { asOf: opts.asOf, now: opts.now });
  if (opts.out) {
    opts.onPhase?.('write', 0.6);
    applyPlanToExcelJs(wb, out.plan);
    const data = await wb.xlsx.writeBuffer();
    // ExcelJS has no chart API (and drops charts it loads): graft the plan's charts into the package.
    await writeAtomic(opts.out, graftCharts(new Uint8Array(data as ArrayBuffer), chartsOf(out.plan.sheets)));
  }
  opts.onPhase?.('write', 1);
  return { ...out, notCarried: opts.out ? notCarried : [] };
}
