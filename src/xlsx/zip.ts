/**
 * The central directory of a zip (an .xlsx package), read without decompressing anything.
 * Browser-safe (Uint8Array only). Handles ZIP64 (sizes and offsets above 4 GB, more than 65,535
 * entries) and data descriptors; not spanned archives or encryption.
 *
 * Each entry keeps its central-directory record verbatim, so a writer can copy an untouched entry
 * byte for byte — local header, compressed data and data descriptor — and only patch the offset.
 */
import { Inflate, strFromU8 } from 'fflate';

export interface ZipEntry {
  name: string;
  /** General purpose flags (bit 3: sizes in a data descriptor; bit 11: UTF-8 name). */
  flags: number;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  csize: number;
  usize: number;
  localOffset: number;
  /** The central directory record, verbatim. */
  central: Uint8Array;
  /** Where the local-header offset is stored in `central`: 42, or inside the ZIP64 extra field. */
  offsetField: { at: number; size: 4 | 8 };
}

export const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
export const u32 = (b: Uint8Array, o: number): number =>
  (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
const u64 = (b: Uint8Array, o: number): number => u32(b, o) + u32(b, o + 4) * 0x100000000;
export const put16 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
};
export const put32 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
};
export const put64 = (b: Uint8Array, o: number, v: number): void => {
  put32(b, o, v % 0x100000000);
  put32(b, o + 4, Math.floor(v / 0x100000000));
};

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;

/** Thrown for anything that is not a readable zip. */
export class ZipError extends Error {}

/** Decodes an entry name: UTF-8 when flagged (and in practice always for OOXML), else CP437-ish latin1. */
function entryName(b: Uint8Array, flags: number): string {
  if (flags & 0x800) return strFromU8(b);
  // Names without the UTF-8 flag: plain ASCII in every real package; decode bytes as UTF-8 anyway
  // when valid, which is what Office does.
  try {
    return strFromU8(b);
  } catch {
    return String.fromCharCode(...b);
  }
}

/** Reads the central directory. Throws ZipError when the bytes are not a zip. */
export function readCentralDirectory(buf: Uint8Array): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf[i] === 0x50 && u32(buf, i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('zip: no end of central directory');
  if (u16(buf, eocd + 4) !== 0 || u16(buf, eocd + 6) !== 0)
    throw new ZipError('zip: spanned archives are not supported');
  let count = u16(buf, eocd + 10);
  let cdSize = u32(buf, eocd + 12);
  let cdOffset = u32(buf, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(buf, loc) !== SIG_EOCD64_LOCATOR) throw new ZipError('zip: ZIP64 locator missing');
    const e64 = u64(buf, loc + 8);
    if (e64 + 56 > buf.length || u32(buf, e64) !== SIG_EOCD64)
      throw new ZipError('zip: ZIP64 end record missing');
    count = u64(buf, e64 + 32);
    cdSize = u64(buf, e64 + 40);
    cdOffset = u64(buf, e64 + 48);
  }
  if (cdOffset + cdSize > buf.length) throw new ZipError('zip: central directory out of range');
  const entries: ZipEntry[] = [];
  let o = cdOffset;
  for (let k = 0; k < count; k++) {
    if (o + 46 > buf.length || u32(buf, o) !== SIG_CENTRAL)
      throw new ZipError('zip: bad central directory record');
    const flags = u16(buf, o + 8);
    const nameLen = u16(buf, o + 28);
    const extraLen = u16(buf, o + 30);
    const len = 46 + nameLen + extraLen + u16(buf, o + 32);
    if (o + len > buf.length) throw new ZipError('zip: truncated central directory');
    let usize = u32(buf, o + 24);
    let csize = u32(buf, o + 20);
    let localOffset = u32(buf, o + 42);
    let offsetField: ZipEntry['offsetField'] = { at: 42, size: 4 };
    if (usize === 0xffffffff || csize === 0xffffffff || localOffset === 0xffffffff) {
      // ZIP64 extended information extra field (0x0001): the 0xFFFFFFFF fields, in this order.
      let x = o + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = u16(buf, x);
        const size = u16(buf, x + 2);
        if (id === 0x0001) {
          let p = x + 4;
          if (usize === 0xffffffff) {
            usize = u64(buf, p);
            p += 8;
          }
          if (csize === 0xffffffff) {
            csize = u64(buf, p);
            p += 8;
          }
          if (localOffset === 0xffffffff) {
            localOffset = u64(buf, p);
            offsetField = { at: p - o, size: 8 };
          }
          break;
        }
        x += 4 + size;
      }
    }
    entries.push({
      name: entryName(buf.subarray(o + 46, o + 46 + nameLen), flags),
      flags,
      method: u16(buf, o + 10),
      crc: u32(buf, o + 16),
      csize,
      usize,
      localOffset,
      central: buf.subarray(o, o + len),
      offsetField,
    });
    o += len;
  }
  return entries;
}

/** Start of the compressed data and end of the whole local record (data descriptor included). */
export function localSpan(buf: Uint8Array, e: ZipEntry): { data: number; end: number } {
  const h = e.localOffset;
  if (h + 30 > buf.length || u32(buf, h) !== SIG_LOCAL)
    throw new ZipError(`zip: no local header for ${e.name}`);
  const data = h + 30 + u16(buf, h + 26) + u16(buf, h + 28);
  let end = data + e.csize;
  if (e.flags & 8) {
    // Data descriptor: optional signature, CRC, then 4- or 8-byte sizes (8 for ZIP64 entries).
    const sig = end + 4 <= buf.length && u32(buf, end) === SIG_DESCRIPTOR ? 4 : 0;
    const zip64 = e.csize >= 0xffffffff || e.usize >= 0xffffffff;
    end += sig + 4 + (zip64 ? 16 : 8);
  }
  if (end > buf.length) throw new ZipError(`zip: truncated entry ${e.name}`);
  return { data, end };
}

/** The compressed bytes of an entry (a view, not a copy). */
export function rawData(buf: Uint8Array, e: ZipEntry): Uint8Array {
  const { data } = localSpan(buf, e);
  return buf.subarray(data, data + e.csize);
}

/**
 * The most a part read whole may inflate to (styles.xml, workbook.xml, rels, tables, charts…):
 * far above any real one (a bloated styles.xml of 64,000 formats is ~20 MB), far below what a
 * zip bomb of a few hundred KB would make of it. Sheets and shared strings are streamed and have
 * their own bound (package-read.ts).
 */
export const MAX_WHOLE_PART_BYTES = 128 * 1024 * 1024;

/** Compressed input per step of the bounded inflater: one step makes at most ~1032 × this. */
const INFLATE_STEP = 16 * 1024;

/**
 * Inflates raw DEFLATE data, refusing (ZipError) as soon as the output passes `limit` bytes: a zip
 * bomb costs at most `limit` + one step of output, never the memory its data would expand to.
 */
export function inflateLimited(raw: Uint8Array, limit: number, name = ''): Uint8Array {
  const out: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((d) => {
    total += d.length;
    if (total > limit) throw new ZipError(`zip: ${name} inflates to more than ${limit} bytes`);
    out.push(d);
  });
  try {
    if (raw.length === 0) inflater.push(new Uint8Array(0), true);
    for (let i = 0; i < raw.length; i += INFLATE_STEP)
      inflater.push(raw.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= raw.length);
  } catch (e) {
    if (e instanceof ZipError) throw e;
    throw new ZipError(`zip: ${name} cannot be inflated`);
  }
  if (out.length === 1) return out[0];
  const all = new Uint8Array(total);
  let o = 0;
  for (const d of out) {
    all.set(d, o);
    o += d.length;
  }
  return all;
}

/**
 * The decompressed bytes of an entry read whole (small parts; sheets are streamed elsewhere), at
 * most `limit` bytes (ZipError beyond).
 */
export function entryBytes(buf: Uint8Array, e: ZipEntry, limit = MAX_WHOLE_PART_BYTES): Uint8Array {
  const raw = rawData(buf, e);
  if (e.method === 0) {
    if (raw.length > limit) throw new ZipError(`zip: ${e.name} is larger than ${limit} bytes`);
    return raw.slice();
  }
  if (e.method === 8) return inflateLimited(raw, limit, e.name);
  throw new ZipError(`zip: unsupported compression method ${e.method} for ${e.name}`);
}
