/**
 * Argument parsing for kakari-roster on node:util parseArgs (strict: unknown options and missing
 * values are usage errors, exit 2). Each command declares its options once (COMMAND_OPTIONS); the
 * per-command help (src/strings/cli.ts) lists the same options.
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import type { Day } from '../domain/day';
import { parseDate } from '../sheets/cells';
import { CLI_MORE, CLI_TEXT } from '../strings/cli';

export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  /** Option values by the name the command uses ('-o', '--json', …). */
  values: Map<string, string>;
  /** Boolean options given ('--debug', …). */
  flags: Set<string>;
}

/** The message of a node:util parse error, in the CLI's words (Japanese first). */
function usageMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const opt = /'(-{1,2}[^' ,]+)/.exec(msg)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return CLI_TEXT.unknownOption(opt || msg);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return CLI_TEXT.needsValue(opt || msg);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return CLI_TEXT.unexpectedArgument(/'([^']*)'/.exec(msg)?.[1] ?? msg);
    default:
      return msg;
  }
}

/**
 * Parses `argv` with node:util parseArgs. `valued` and `booleans` name the options as the command
 * uses them: a long name ('--json'), or a short one ('-o') whose long form comes from `aliases`
 * ({ '--out': '-o' } makes `--out` and `-o` the same option, reported as '-o').
 */
export function parseArgs(
  argv: string[],
  valued: string[],
  booleans: string[],
  aliases: Record<string, string> = {},
): ParsedArgs {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  /** node:util key → the name the command uses. */
  const nameOf = new Map<string, string>();
  const longOf = (name: string): { key: string; short?: string } => {
    if (name.startsWith('--')) return { key: name.slice(2) };
    const alias = Object.keys(aliases).find((a) => aliases[a] === name);
    return { key: alias ? alias.slice(2) : name.slice(1), short: name.slice(1) };
  };
  for (const [list, type] of [
    [valued, 'string'],
    [booleans, 'boolean'],
  ] as const) {
    for (const name of list) {
      const { key, short } = longOf(name);
      options[key] = short && short.length === 1 ? { type, short } : { type };
      nameOf.set(key, name);
    }
  }
  // Long aliases of long options ({ '--output': '--out' }): rewritten before parsing.
  const args = argv.map((a) => {
    const [head, ...rest] = a.split('=');
    const target = aliases[head];
    if (target && target.startsWith('--')) return [target, ...rest].join('=');
    return a;
  });
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(usageMessage(e));
  }
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (const [key, v] of Object.entries(parsed.values)) {
    const name = nameOf.get(key) ?? `--${key}`;
    if (typeof v === 'string') values.set(name, v);
    else if (v === true) flags.add(name);
  }
  return { positionals: parsed.positionals, values, flags };
}

/** `-h` / `--help` anywhere before `--` (then the command's help is printed, exit 0). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
  }
  return false;
}

/** --as-of: the date forms of SPEC §4.2 except serial numbers (2026-01-31, 2026/01/31, R8.1.31 …). */
export function asOfOf(v: string | undefined): Day | null {
  if (v === undefined) return null;
  const p = parseDate(v, false);
  if (p.ok) return p.day;
  throw new UsageError(
    p.code === 'date-era-out-of-range' ? CLI_MORE.asOfEraOutOfRange(v) : CLI_MORE.badAsOfForm(v),
  );
}
