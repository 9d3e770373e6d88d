/**
 * The result JSON written as a stream: the same text as `JSON.stringify(value, null, 2) + '\n'`,
 * produced element by element, so a national roster's result (170,000 doctors, ~120 MB of text)
 * is never held as one string (SPEC §7: W3 within the memory budget).
 */
import { stageFileAtomic, type StagedFile } from '../xlsx/atomic-write';

const INDENT = '  ';

/** Pieces of JSON.stringify(value, null, 2), descending into objects and arrays down to `depth`. */
export function* jsonPieces(value: unknown, depth = 2, level = 0): Generator<string> {
  const pad = INDENT.repeat(level);
  const inner = INDENT.repeat(level + 1);
  const leaf = (v: unknown, lv: number): string | undefined => {
    const s = JSON.stringify(v, null, 2);
    return s === undefined ? undefined : lv > 0 ? s.replace(/\n/g, `\n${INDENT.repeat(lv)}`) : s;
  };
  const plain =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (!plain || depth === 0) {
    yield leaf(value, level) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    if (depth === 1) {
      yield* leafBatches(value, level);
      yield `\n${pad}]`;
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield `${i ? ',' : ''}\n${inner}`;
      const v = value[i] as unknown;
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') yield 'null';
      else yield* jsonPieces(v, depth - 1, level + 1);
    }
    yield `\n${pad}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
  );
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  let first = true;
  for (const [k, v] of entries) {
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(k)}: `;
    first = false;
    yield* jsonPieces(v, depth - 1, level + 1);
  }
  yield `\n${pad}}`;
}

/** Elements per JSON.stringify call in leafBatches (pieces well below 128 KB on real results). */
const LEAF_BATCH = 128;

/**
 * The elements of an array whose elements are leaves (depth 1), as jsonPieces yields them — each
 * `\n` + indent + JSON.stringify(element, null, 2) re-indented, comma-separated — but produced by
 * one native JSON.stringify per LEAF_BATCH elements instead of a stringify and a re-indenting
 * replace per element: the batch is nested `level` arrays deep, so JSON.stringify indents its
 * elements exactly as they sit in the whole document, and the wrappers are cut off. (The result's
 * `doctors` array is 170,000 elements on a national roster.)
 */
function* leafBatches(value: unknown[], level: number): Generator<string> {
  let pre = '';
  let suf = '';
  for (let d = 0; d <= level; d++) {
    pre += `${d ? `\n${INDENT.repeat(d)}` : ''}[`;
    suf = `\n${INDENT.repeat(d)}]${suf}`;
  }
  for (let i = 0; i < value.length; i += LEAF_BATCH) {
    let wrapped: unknown = value.slice(i, i + LEAF_BATCH);
    for (let d = 0; d < level; d++) wrapped = [wrapped];
    const s = JSON.stringify(wrapped, null, 2);
    if (!s.startsWith(pre) || !s.endsWith(suf)) throw new Error('json: unexpected layout');
    yield `${i ? ',' : ''}${s.slice(pre.length, s.length - suf.length)}`;
  }
}

/**
 * Writes `value` as indented JSON and a final line feed, atomically (src/xlsx/atomic-write.ts;
 * mode 0600 when new: the result holds the roster's personal data).
 */
export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await (await stageJsonAtomic(target, value)).commit();
}

/** writeJsonAtomic up to the rename: the file is written and synced, `commit` puts it in place. */
export async function stageJsonAtomic(target: string, value: unknown): Promise<StagedFile> {
  return stageFileAtomic(target, async (fh) => {
    // Encoded into one reused buffer (no fresh megabyte per write to fault in).
    const buf = Buffer.allocUnsafeSlow(4 << 20);
    const put = async (text: string): Promise<void> => {
      if (text.length * 3 > buf.length) {
        await fh.write(text, null, 'utf8');
        return;
      }
      const n = buf.write(text, 0, 'utf8');
      for (let off = 0; off < n;) off += (await fh.write(buf, off, n - off)).bytesWritten;
    };
    let batch = '';
    for (const piece of jsonPieces(value)) {
      batch += piece;
      if (batch.length >= 1 << 20) {
        await put(batch);
        batch = '';
      }
    }
    await put(`${batch}\n`);
  });
}
