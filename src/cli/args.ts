/** A small, strict argument parser (no dependency): flags with values, boolean flags, positionals. */
export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export function parseArgs(
  argv: string[],
  valued: string[],
  booleans: string[],
  aliases: Record<string, string> = {},
): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    let inline: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      inline = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    a = aliases[a] ?? a;
    if (valued.includes(a)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${a} には値が必要です`);
      values.set(a, v);
    } else if (booleans.includes(a)) {
      flags.add(a);
    } else {
      throw new UsageError(`不明なオプション ${a}`);
    }
  }
  return { positionals, values, flags };
}
