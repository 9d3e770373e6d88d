/**
 * `kakari-roster notices <in.xlsx> -o notices.xlsx [--to doctors|clinics|all] [--district 地区] [--as-of …]`
 * (SPEC §5.5, §6.2): runs the engine on the input — which is never modified — and writes the
 * individual notices as a separate workbook (通知_医師 and/or 通知_医療機関, one A4 page per letter).
 * The write is atomic; a progress bar on a TTY; one summary line on stdout. Nothing of the letters
 * is printed or logged: the summary holds counts only.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Day } from '../domain/day';
import { districtKey } from '../domain/district';
import type { Steps } from '../domain/steps';
import { letterCount, noticesRunSteps, type NoticeTarget, type NoticesRun } from '../sheets/plan-notices';
import { CLI_TEXT, NOTICES_TEXT } from '../strings/cli';
import { noticesWorkbookSteps } from '../xlsx/notices';
import { writeBytesAtomic } from '../xlsx/atomic-write';
import { readSnapshotFile } from '../xlsx/package-read';
import { asOfOf, parseArgs, UsageError } from './args';
import { checkPathCollisions } from './paths';
import { reportError, type Io } from './io';
import { progressReporter } from './progress';
import { failLine } from './summary';

export interface NoticesFileOptions {
  out: string;
  to?: NoticeTarget;
  district?: string | null;
  asOf?: Day | null;
  now?: Date;
  onPhase?: (phase: 'read' | 'compute' | 'write', fraction: number) => void;
}

export interface NoticesFileResult {
  /** Letters per written sheet, in sheet order. */
  letters: { sheet: string; count: number }[];
  /** True when --district names no district of the roster. */
  unknownDistrict: boolean;
}

/** Drives a computation to the end, reporting progress every few hundred steps. */
function drive<T>(steps: Steps<T>, tick: () => void): T {
  for (let n = 1; ; n++) {
    const r = steps.next();
    if (r.done) return r.value;
    if ((n & 255) === 0) tick();
  }
}

/** The notices of one file, without argument parsing (tests and the benchmark call it directly). */
export async function noticesFile(file: string, opts: NoticesFileOptions): Promise<NoticesFileResult> {
  opts.onPhase?.('read', 0);
  const snap = await readSnapshotFile(file);
  opts.onPhase?.('compute', 0.3);
  let f = 0.3;
  const run: NoticesRun = drive(
    noticesRunSteps(snap, { asOf: opts.asOf, now: opts.now, to: opts.to, district: opts.district ?? null }),
    () => opts.onPhase?.('compute', (f = Math.min(0.6, f + 0.002))),
  );
  snap.sheets.length = 0; // the raw rows are no longer needed
  const letters = run.sheets.map((s) => ({ sheet: s.name, count: letterCount(s) }));
  const want = opts.district ? districtKey(opts.district) : null;
  const unknownDistrict =
    want !== null && !run.engine.districts.some((d) => districtKey(d.district) === want);
  opts.onPhase?.('write', 0.6);
  const bytes = drive(noticesWorkbookSteps(run.sheets), () =>
    opts.onPhase?.('write', (f = Math.min(0.95, Math.max(f, 0.6) + 0.002))),
  );
  await writeBytesAtomic(opts.out, bytes);
  opts.onPhase?.('write', 1);
  return { letters, unknownDistrict };
}

/** The real path of a file that may not exist yet (its folder's real path + its name). */
async function realTarget(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    const dir = path.dirname(path.resolve(p));
    try {
      return path.join(await fs.realpath(dir), path.basename(p));
    } catch {
      return path.resolve(p);
    }
  }
}

const TARGETS: readonly NoticeTarget[] = ['doctors', 'clinics', 'all'];

/** `<path>\tOK\t通知_医師 n通\t通知_医療機関 m通` */
export function noticesSummaryLine(file: string, r: NoticesFileResult): string {
  return [file, 'OK', ...r.letters.map((l) => NOTICES_TEXT.letters(l.sheet, l.count))].join('\t');
}

export async function cmdNotices(argv: string[], io: Io, debug: boolean): Promise<number> {
  const a = parseArgs(argv, ['-o', '--to', '--district', '--as-of'], ['--debug'], { '--out': '-o' });
  if (a.positionals.length === 0) throw new UsageError(CLI_TEXT.missingInput);
  if (a.positionals.length > 1) throw new UsageError(NOTICES_TEXT.oneInput);
  const file = a.positionals[0];
  const out = a.values.get('-o');
  if (!out) throw new UsageError(CLI_TEXT.needOut);
  const to = (a.values.get('--to') ?? 'all') as NoticeTarget;
  if (!TARGETS.includes(to)) throw new UsageError(NOTICES_TEXT.badTo(String(to)));
  const district = a.values.get('--district') ?? null;
  if (district !== null && district.trim() === '') throw new UsageError(NOTICES_TEXT.badDistrict);
  // The §4.2 date forms, as for recalc and export (SPEC §6.2 rev 2).
  const asOf: Day | null = asOfOf(a.values.get('--as-of'));
  // The input is never modified: -o naming the input (also through a link or another spelling) is refused.
  if ((await realTarget(out)) === (await realTarget(file)))
    throw new UsageError(NOTICES_TEXT.wouldOverwriteInput);
  // Hard links too (src/cli/paths.ts, issue 16).
  checkPathCollisions([{ option: 'input', path: file }], [{ option: '-o', path: out }]);

  const progress = progressReporter(io.progress ?? process.stderr, path.basename(file));
  try {
    const res = await noticesFile(file, {
      out,
      to,
      district,
      asOf,
      onPhase: (p, f) => progress.update(p, f),
    });
    progress.done();
    if (res.unknownDistrict && district !== null) io.err(NOTICES_TEXT.unknownDistrict(district));
    io.out(noticesSummaryLine(file, res));
    io.info?.(CLI_TEXT.wrote(out));
    return 0;
  } catch (e) {
    progress.done();
    const code = reportError(e, io, debug, file);
    io.out(failLine(file));
    return code;
  }
}
