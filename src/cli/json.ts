/**
 * The result JSON written as a stream: the same text as `JSON.stringify(value, null, 2) + '\n'`,
 * produced element by element, so a national roster's result (170,000 doctors, ~120 MB of text)
 * is never held as one string (SPEC §7: W3 within the memory budget).
 */
import { writeFileAtomic } from '../xlsx/atomic-write';

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

/**
 * Writes `value` as indented JSON and a final line feed, atomically (src/xlsx/atomic-write.ts;
 * mode 0600 when new: the result holds the roster's personal data).
 */
export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, async (fh) => {
    let batch = '';
    for (const piece of jsonPieces(value)) {
      batch += piece;
      if (batch.length >= 1 << 20) {
        await fh.write(batch, null, 'utf8');
        batch = '';
      }
    }
    await fh.write(`${batch}\n`, null, 'utf8');
  });
}
