/**
 * The files of one command line, checked before any work (SPEC §6.2: the CLI never modifies its
 * input unless `-o` names it): no output may be an input — except `recalc -o` naming its own
 * input, which SPEC allows — and no two outputs may be the same file. Files are compared by their
 * real path (links followed, `..` and `.` resolved) and, when both exist, by device and inode (so
 * hard links are caught too). A collision is a usage error (exit 2).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CLI_TEXT } from '../strings/cli';
import { UsageError } from './args';

export interface PathRole {
  /** How the user named it: 'input', '-o', '--json', '--csv', '--out-dir'. */
  option: string;
  path: string;
  /** An output that may replace this input (recalc's `-o`). */
  mayReplace?: string;
}

interface Identity {
  real: string;
  /** "dev:ino" when the file exists. */
  inode: string | null;
}

/** The real path of a file that may not exist yet: its folder resolved, then its name. */
function identity(p: string): Identity {
  const abs = path.resolve(p);
  try {
    const real = fs.realpathSync(abs);
    const st = fs.statSync(real);
    return { real, inode: `${st.dev}:${st.ino}` };
  } catch {
    // Not there (yet): resolve the deepest folder that exists.
    let dir = path.dirname(abs);
    const rest = [path.basename(abs)];
    for (;;) {
      try {
        return { real: path.join(fs.realpathSync(dir), ...rest), inode: null };
      } catch {
        const up = path.dirname(dir);
        if (up === dir) return { real: abs, inode: null };
        rest.unshift(path.basename(dir));
        dir = up;
      }
    }
  }
}

const sameFile = (a: Identity, b: Identity): boolean =>
  a.real === b.real || (a.inode !== null && a.inode === b.inode);

/**
 * Throws a UsageError when an output is an input (other than an allowed replacement) or when two
 * outputs are the same file.
 */
export function checkPathCollisions(inputs: readonly PathRole[], outputs: readonly PathRole[]): void {
  const ins = inputs.map((r) => ({ ...r, id: identity(r.path) }));
  const outs = outputs.map((r) => ({ ...r, id: identity(r.path) }));
  for (const o of outs) {
    for (const i of ins) {
      if (!sameFile(o.id, i.id)) continue;
      if (o.option === i.mayReplace) continue;
      throw new UsageError(CLI_TEXT.outputIsInput(o.path, o.option, i.path));
    }
  }
  for (let a = 0; a < outs.length; a++)
    for (let b = a + 1; b < outs.length; b++)
      if (sameFile(outs[a].id, outs[b].id))
        throw new UsageError(CLI_TEXT.outputsCollide(outs[a].path, outs[a].option, outs[b].option));
}
