/**
 * What every command shares with main.ts: the streams (Io), the list of files written and the
 * one-line report of a fatal, usage or internal error with its exit code (SPEC §6.2). Its own
 * module so that the commands and main.ts do not import each other.
 */
import { isFatal, type FatalError } from '../sheets/fatal';
import { invalidSettingsOf } from '../sheets/settings';
import { CLI_MORE, CLI_TEXT, FATAL_EN } from '../strings/cli';
import { UsageError } from './args';
import type { ProgressStream } from './progress';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The paths written, after writing (stderr, so stdout keeps one summary line per file). */
  info?: (line: string) => void;
  /** Where the progress bar goes (default process.stderr; drawn only on a TTY). */
  progress?: ProgressStream;
}

/** Lists the files written (after writing). */
export function listWritten(io: Io, paths: readonly (string | null | undefined)[]): void {
  for (const p of paths) if (p) io.info?.(CLI_TEXT.wrote(p));
}

/** The extra words of a setting-invalid naming every invalid value (ja, en); '' for one value. */
function invalidSettingsText(e: FatalError): [string, string] {
  const list = invalidSettingsOf(e);
  if (list.length < 2) return ['', ''];
  const ja = list.map((i) => `${i.key}「${i.value}」（${i.cell}）`).join('、');
  const en = list.map((i) => `${i.key} (${i.cell})`).join(', ');
  return [CLI_MORE.settingsAlso(ja), ` — ${CLI_MORE.settingsAlsoEn(en)}`];
}

/** Prints a fatal or internal error as one line; returns the exit code. */
export function reportError(e: unknown, io: Io, debug: boolean, file?: string): number {
  const where = file ? `${file}: ` : '';
  if (isFatal(e)) {
    const en = e.details.texts?.en ?? FATAL_EN[e.code] ?? e.code;
    const [allJa, allEn] = e.code === 'setting-invalid' ? invalidSettingsText(e) : ['', ''];
    io.err(
      `エラー: ${where}${e.message}${allJa}${e.fix ? ` ${e.fix}` : ''} / Error: ${where}${en}${allEn} [${e.code}]`,
    );
    if (debug && e.stack) io.err(e.stack);
    return 1;
  }
  if (e instanceof UsageError) {
    io.err(`エラー: ${e.message} / Error: usage (see --help)`);
    return 2;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.err(`${CLI_TEXT.internalError(msg)}`);
  if (debug && e instanceof Error && e.stack) io.err(e.stack);
  return 3;
}
