/**
 * `kakari-roster export <in.xlsx> -o meeting.xlsx [--csv list.csv] [--encoding utf8|sjis] [--as-of …]`
 * (SPEC §5.4, §6.2). Runs the engine on the input — which is never modified — and writes the
 * meeting workbook (会議資料 + 集計_地区, chart, print settings, no personal data) and, on request,
 * 要対応リスト as CSV. Writes are atomic; one summary line on stdout as for recalc.
 */
import * as path from 'path';
import type { Day } from '../domain/day';
import { csvEncodingOf, csvText, encodeCsv, type CsvEncoding } from '../sheets/csv';
import { FOLLOW_UP_SHEET } from '../sheets/plan-follow-up';
import { recalc } from '../sheets/recalc';
import { CLI_TEXT } from '../strings/cli';
import { meetingWorkbookBytes } from '../xlsx/export';
import { writeBytesAtomic } from '../xlsx/atomic-write';
import { readSnapshotFile } from '../xlsx/package-read';
import { asOfOf, parseArgs, UsageError } from './args';
import { checkPathCollisions } from './paths';
import { listWritten, reportError, type Io } from './io';
import { progressReporter } from './progress';
import { failLine, summaryLine } from './summary';

export interface ExportOptions {
  asOf?: Day | null;
  now?: Date;
  /** The meeting workbook to write. */
  out: string;
  /** 要対応リスト as CSV (omit: no CSV). */
  csv?: string | null;
  encoding?: CsvEncoding;
  onPhase?: (phase: 'read' | 'compute' | 'write', fraction: number) => void;
}

export interface ExportResult {
  result: ReturnType<typeof recalc>['result'];
  /** Characters of the CSV replaced by 〓 (Shift_JIS only). */
  csvReplaced: number;
  csvRows: number;
}

/** The export itself, without argument parsing (tests and scripts call it directly). */
export async function exportFile(file: string, opts: ExportOptions): Promise<ExportResult> {
  opts.onPhase?.('read', 0);
  const snap = await readSnapshotFile(file);
  opts.onPhase?.('compute', 0.4);
  const out = recalc(snap, { asOf: opts.asOf, now: opts.now });
  opts.onPhase?.('write', 0.6);
  const bytes = await meetingWorkbookBytes(out.plan);
  let csvReplaced = 0;
  let csvRows = 0;
  let csvBytes: Uint8Array | null = null;
  if (opts.csv) {
    const sheet = out.plan.sheets.find((s) => s.name === FOLLOW_UP_SHEET);
    if (!sheet) throw new Error(`the plan has no ${FOLLOW_UP_SHEET} sheet`);
    const enc = encodeCsv(csvText(sheet.rows), opts.encoding ?? 'utf8');
    csvBytes = enc.bytes;
    csvReplaced = enc.replaced;
    csvRows = sheet.rows.length - 1;
  }
  // Both files are complete in memory before either is written.
  // The meeting workbook holds districts and counts only; the follow-up CSV holds names (0600).
  await writeBytesAtomic(opts.out, bytes, { private: false });
  if (opts.csv && csvBytes) await writeBytesAtomic(opts.csv, csvBytes, { private: true });
  opts.onPhase?.('write', 1);
  return { result: out.result, csvReplaced, csvRows };
}

const same = (a: string, b: string): boolean => path.resolve(a) === path.resolve(b);

/** Texts of this command (Japanese first, English after a slash, as elsewhere in the CLI). */
export const EXPORT_TEXT = {
  oneInput: 'export の入力ファイルは1つです',
  wouldOverwriteInput: '出力先が入力ファイルと同じです（export は入力を変更しません）',
  sameOutputs: '-o と --csv に同じファイルは指定できません',
  csvReplaced: (n: number) =>
    `警告: Shift_JIS で表せない文字 ${n} 字を「〓」に置き換えました / Warning: ${n} character(s) not representable in Shift_JIS were replaced by 〓`,
};

export async function cmdExport(argv: string[], io: Io, _debug: boolean): Promise<number> {
  const a = parseArgs(argv, ['-o', '--csv', '--encoding', '--as-of'], ['--debug'], { '--out': '-o' });
  if (a.positionals.length === 0) throw new UsageError(CLI_TEXT.missingInput);
  if (a.positionals.length > 1) throw new UsageError(EXPORT_TEXT.oneInput);
  const file = a.positionals[0];
  const out = a.values.get('-o');
  if (!out) throw new UsageError(CLI_TEXT.needOut);
  const csv = a.values.get('--csv') ?? null;
  const encArg = a.values.get('--encoding');
  const encoding = encArg === undefined ? 'utf8' : csvEncodingOf(encArg);
  if (encoding === null) throw new UsageError(CLI_TEXT.badEncoding(encArg!));
  const asOf: Day | null = asOfOf(a.values.get('--as-of'));
  // The input is never modified, and the two outputs must be different files.
  if (same(out, file) || (csv && same(csv, file))) throw new UsageError(EXPORT_TEXT.wouldOverwriteInput);
  if (csv && same(csv, out)) throw new UsageError(EXPORT_TEXT.sameOutputs);
  // The same by real path (links, hard links): src/cli/paths.ts.
  checkPathCollisions(
    [{ option: 'input', path: file }],
    [{ option: '-o', path: out }, ...(csv ? [{ option: '--csv', path: csv }] : [])],
  );

  const progress = progressReporter(io.progress ?? process.stderr, path.basename(file));
  try {
    const res = await exportFile(file, {
      asOf,
      out,
      csv,
      encoding,
      onPhase: (p, f) => progress.update(p, f),
    });
    progress.done();
    if (res.csvReplaced > 0) io.err(EXPORT_TEXT.csvReplaced(res.csvReplaced));
    io.out(summaryLine(file, res.result));
    listWritten(io, [out, csv]);
    return 0;
  } catch (e) {
    progress.done();
    const code = reportError(e, io, _debug, file);
    io.out(failLine(file));
    return code;
  }
}
