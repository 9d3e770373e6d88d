/**
 * The one atomic file writer of the command line (Node only): every output — `recalc -o`, the
 * result JSON, the meeting export, the CSV, `sample` — goes through writeFileAtomic.
 *
 *   1. The target's folder is checked (it must exist: a missing folder is `output-not-writable`,
 *      never created behind the user's back) and temporary files left there by a killed run of
 *      this tool are removed (see cleanStaleTemps).
 *   2. A temporary file with a short name, `.kr-<pid>-<random>.tmp`, is created beside the target,
 *      exclusively and with mode 0600, so an output name of up to 255 bytes still works and a
 *      half-written temporary file is never readable by other users.
 *   3. The caller writes it (through the handle, or by path); the data is fsync'ed.
 *   4. Its mode becomes the target's mode when the target exists (a 0600 roster stays 0600), else
 *      0600 for files holding personal data (`private`, the default) or the usual 0666 minus the
 *      umask for the others; then it is renamed over the target and the folder is fsync'ed.
 *   5. On any failure the temporary file is removed; a failure of the file system (no folder, no
 *      permission, disk full, read-only, name too long, …) becomes `output-not-writable` naming
 *      the target — never an internal error, never the temporary path.
 */
import { randomBytes } from 'crypto';
import { promises as fs, constants as fsc } from 'fs';
import type { FileHandle } from 'fs/promises';
import * as path from 'path';
import { FatalError } from '../sheets/fatal';
import { OUTPUT_NOT_WRITABLE_REASONS } from '../strings/issues';

export interface AtomicWriteOptions {
  /**
   * A new file holds personal data (the roster, the result JSON, the follow-up CSV): mode 0600.
   * false for files without personal data (the meeting export, invented sample data): 0666 minus
   * the umask. An existing target always keeps its own mode.
   */
  private?: boolean;
}

/** Temporary files of this tool: `.kr-<pid in base 36>-<8 hex digits>.tmp`. */
const TEMP_NAME = /^\.kr-([0-9a-z]{1,8})-[0-9a-f]{8}\.tmp$/;

const isAlive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the temporary files a killed run (`kill -9`, power loss) left in `dir`: those of this
 * tool whose process no longer runs. Files of a run still in progress are left alone.
 */
export async function cleanStaleTemps(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || isAlive(parseInt(m[1], 36))) continue;
    try {
      const st = await fs.lstat(path.join(dir, name));
      if (!st.isFile()) continue;
      await fs.rm(path.join(dir, name), { force: true });
      removed++;
    } catch {
      // Someone else removed it, or it is not ours to remove: leave it.
    }
  }
  return removed;
}

/** A file-system error of a write, as `output-not-writable` naming the target; other errors unchanged. */
export function outputError(e: unknown, target: string): unknown {
  if (e instanceof FatalError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  const reason = OUTPUT_NOT_WRITABLE_REASONS[code] ?? OUTPUT_NOT_WRITABLE_REASONS.other;
  return new FatalError('output-not-writable', { params: { value: target, reason } });
}

/**
 * Writes `target` atomically. `write` fills the temporary file: through the handle it is given,
 * or by its path (a library that opens the file itself must open it with 'w', which keeps the
 * inode and the mode). Returns once the target is in place and synced.
 */
export async function writeFileAtomic(
  target: string,
  write: (fh: FileHandle, tmpPath: string) => Promise<void>,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  await (await stageFileAtomic(target, write, opts)).commit();
}

/** A file written and synced under its temporary name, not yet in place (stageFileAtomic). */
export interface StagedFile {
  /** Puts the file in place (mode, rename, folder sync); once. */
  commit(): Promise<void>;
  /** Removes the temporary file (when the run fails elsewhere); never throws. */
  discard(): Promise<void>;
}

/**
 * Steps 1–3 of writeFileAtomic (see the top of this file): the temporary file is written and
 * synced, then left beside the target until `commit` (steps 4–5) or `discard`. The CLI stages the
 * result JSON while the workbook is written and commits it only once the workbook is in place, so
 * a failed workbook still leaves nothing written.
 */
export async function stageFileAtomic(
  target: string,
  write: (fh: FileHandle, tmpPath: string) => Promise<void>,
  opts: AtomicWriteOptions = {},
): Promise<StagedFile> {
  const wanted = path.resolve(target);
  let tmp: string | null = null;
  let real: string;
  let dir: string;
  let keepMode: number | null;
  try {
    // A link is followed: the file it points to is replaced, the link stays.
    real = await fs.realpath(wanted).catch(() => wanted);
    dir = path.dirname(real);
    const dirStat = await fs.stat(dir);
    if (!dirStat.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    const existing = await fs.stat(real).catch(() => null);
    if (existing?.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    await cleanStaleTemps(dir);
    keepMode = existing ? existing.mode & 0o7777 : null;
    const privateFile = opts.private ?? true;
    tmp = path.join(dir, `.kr-${process.pid.toString(36)}-${randomBytes(4).toString('hex')}.tmp`);
    const fh = await fs.open(
      tmp,
      fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL,
      keepMode !== null || privateFile ? 0o600 : 0o666,
    );
    try {
      await write(fh, tmp);
    } finally {
      await fh.close().catch(() => undefined);
    }
    // The data must be on disk before the rename makes it the target.
    const sync = await fs.open(tmp, 'r+');
    try {
      await sync.sync();
    } finally {
      await sync.close();
    }
  } catch (e) {
    if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw outputError(e, target);
  }
  const staged = tmp;
  let done = false;
  return {
    async commit(): Promise<void> {
      if (done) throw new Error('staged file already committed or discarded');
      done = true;
      try {
        if (keepMode !== null) await fs.chmod(staged, keepMode);
        await fs.rename(staged, real);
      } catch (e) {
        await fs.rm(staged, { force: true }).catch(() => undefined);
        throw outputError(e, target);
      }
      // The rename itself is durable once the folder is synced (not supported everywhere).
      try {
        const d = await fs.open(dir, 'r');
        await d.sync().finally(() => d.close());
      } catch {
        // Best effort.
      }
    },
    async discard(): Promise<void> {
      if (done) return;
      done = true;
      await fs.rm(staged, { force: true }).catch(() => undefined);
    },
  };
}

/** Bytes → `target`, atomically (see writeFileAtomic). */
export async function writeBytesAtomic(
  target: string,
  data: Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  await writeFileAtomic(
    target,
    async (fh) => {
      let off = 0;
      while (off < data.length) {
        const { bytesWritten } = await fh.write(data, off, Math.min(data.length - off, 1 << 24));
        off += bytesWritten;
      }
    },
    opts,
  );
}
