/**
 * Compression levels of written parts (docs/performance.md, "Compression"): level 4, and level 2
 * for the segments of a part past its first HUGE_PART_BYTES. A part whose level changes between
 * segments is still one valid deflate stream with the same bytes.
 */
import { inflateSync } from 'fflate';
import { inflateRawSync } from 'zlib';
import { DEFLATE_LEVEL, DEFLATE_LEVEL_HUGE, Deflater, crc32 } from '../../src/xlsx/zip-write';

function sheetXml(bytes: number): Buffer {
  const parts: string[] = [];
  let n = 0;
  for (let i = 1; n < bytes; i++) {
    const row = `<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>会員${(i * 7919) % 100003}</t></is></c><c r="B${i}"><v>${i % 17}</v></c><c r="C${i}" t="inlineStr"><is><t>OK</t></is></c></row>`;
    parts.push(row);
    n += Buffer.byteLength(row);
  }
  return Buffer.from(parts.join(''), 'utf8');
}

async function compress(data: Buffer, hugeAfter: number): Promise<Buffer> {
  const d = new Deflater(hugeAfter);
  for (let i = 0; i < data.length; i += 1 << 20) await d.write(data.subarray(i, i + (1 << 20)));
  const out = await d.end();
  expect(out.usize).toBe(data.length);
  expect(out.crc).toBe(crc32(data));
  return Buffer.concat(out.chunks);
}

describe('deflate levels of written parts', () => {
  test('a cheaper level for a huge part, switched between segments: one stream, same bytes', async () => {
    expect(DEFLATE_LEVEL).toBe(4);
    expect(DEFLATE_LEVEL_HUGE).toBeLessThan(DEFLATE_LEVEL);
    const data = sheetXml(12 << 20);
    const normal = await compress(data, Infinity);
    const mixed = await compress(data, 4 << 20); // the first 2 segments at level 4, the rest cheaper
    expect(inflateRawSync(normal).equals(data)).toBe(true);
    expect(inflateRawSync(mixed).equals(data)).toBe(true);
    expect(Buffer.from(inflateSync(mixed)).equals(data)).toBe(true);
    // The cheaper level compresses less: the switch happened.
    expect(mixed.length).toBeGreaterThan(normal.length);
  });
});
