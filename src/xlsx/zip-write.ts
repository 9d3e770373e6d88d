/**
 * A zip writer for the CLI (Node only): entries copied from an input zip byte for byte (local
 * header, compressed data, data descriptor — only the offset in the central record changes), and
 * new entries compressed with Node's zlib, streamed to a file.
 */
import type { FileHandle } from 'fs/promises';
import * as zlib from 'zlib';
import { localSpan, put16, put32, put64, type ZipEntry } from './zip';

/** CRC-32 (zlib's when Node has it, else a table-driven one). */
const crcTable: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

type Crc32 = (data: Uint8Array, value?: number) => number;
const nodeCrc = (zlib as unknown as { crc32?: Crc32 }).crc32;

export function crc32(data: Uint8Array, value = 0): number {
  if (nodeCrc) return nodeCrc(data, value);
  let c = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A compressed entry: raw deflate chunks and what the headers need. */
export interface DeflatedData {
  chunks: Buffer[];
  crc: number;
  usize: number;
  csize: number;
}

/**
 * Compression level of rewritten and generated parts (see docs/performance.md, "Compression").
 * On the W2 output's 研修記録 (119 MB of XML) zlib level 4 takes 47 % of level 6's CPU time for a
 * part 4.7 % larger; most of the CLI's write time on small rosters was level-6 deflate.
 */
export const DEFLATE_LEVEL = 4;
/**
 * Level of the segments of a part beyond its first HUGE_PART_BYTES (uncompressed): national
 * rosters write ~400 MB sheets, where level 2 takes about two thirds of level 4's time for ~15 %
 * more bytes. Each segment is a separate run of deflate blocks (see Deflater), so the level can
 * change between segments.
 */
export const DEFLATE_LEVEL_HUGE = 2;
export const HUGE_PART_BYTES = 64 << 20;

/**
 * Segment buffers whose compression has finished, for the next segments (of any part). A fresh
 * 2 MB buffer per segment is 512 pages faulted in; on this VM that was a large share of the
 * write's page faults (W3 writes ~700 MB of XML: ~350 segments).
 */
const segmentPool: Buffer[] = [];
const SEGMENT_POOL = 4;

/**
 * Compresses bytes as they are written. A small part (up to SYNC_LIMIT) is compressed in one
 * synchronous call. A large one is cut into segments that zlib compresses in parallel on its
 * thread pool, each ending with a sync flush (so it ends on a byte boundary and is not final),
 * the stream closed by an empty final block: the segments, concatenated in order, are one valid
 * deflate stream (what pigz does). Each segment starts without the previous one's history, which
 * costs well under 1 % of size at 2 MB per segment.
 */
export class Deflater {
  static readonly SYNC_LIMIT = 4 << 20;
  static readonly SEGMENT = 2 << 20;
  /** Segments compressing at once (bounded, so memory stays bounded). */
  static readonly IN_FLIGHT = 2;
  private small: Buffer[] | null = [];
  private smallBytes = 0;
  private seg: Buffer | null = null;
  private segPos = 0;
  private readonly inFlight: Promise<Buffer>[] = [];
  private readonly chunks: Buffer[] = [];
  private crc = 0;
  private usize = 0;
  private csize = 0;
  /** Uncompressed bytes handed to zlib so far (segments). */
  private submitted = 0;

  /** `hugeAfter`: uncompressed bytes after which segments use DEFLATE_LEVEL_HUGE. */
  constructor(private readonly hugeAfter: number = HUGE_PART_BYTES) {}

  /** Adds bytes; `release` is called once the bytes have been taken (they are copied). */
  write = async (b: Buffer, release?: () => void): Promise<void> => {
    if (b.length === 0) {
      release?.();
      return;
    }
    this.crc = crc32(b, this.crc);
    this.usize += b.length;
    if (this.small) {
      // Small so far: keep the bytes (a copy when the caller wants its buffer back).
      this.small.push(release ? Buffer.from(b) : b);
      this.smallBytes += b.length;
      release?.();
      if (this.smallBytes < Deflater.SYNC_LIMIT) return;
      const held = this.small;
      this.small = null;
      for (const x of held) await this.append(x);
      return;
    }
    await this.append(b);
    release?.();
  };

  private async append(b: Buffer): Promise<void> {
    let at = 0;
    while (at < b.length) {
      if (!this.seg) {
        this.seg = segmentPool.pop() ?? Buffer.allocUnsafeSlow(Deflater.SEGMENT);
        this.segPos = 0;
      }
      const n = Math.min(b.length - at, this.seg.length - this.segPos);
      b.copy(this.seg, this.segPos, at, at + n);
      this.segPos += n;
      at += n;
      if (this.segPos === this.seg.length) await this.submit();
    }
  }

  private async submit(): Promise<void> {
    const seg = this.seg!;
    const data = seg.subarray(0, this.segPos);
    this.seg = null;
    const level = this.submitted >= this.hugeAfter ? DEFLATE_LEVEL_HUGE : DEFLATE_LEVEL;
    this.submitted += data.length;
    const p = new Promise<Buffer>((res, rej) =>
      zlib.deflateRaw(data, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH }, (err, out) => {
        // zlib is done with the input: the segment is reused (see segmentPool).
        if (segmentPool.length < SEGMENT_POOL) segmentPool.push(seg);
        if (err) rej(err);
        else res(out);
      }),
    );
    p.catch(() => undefined); // awaited in order below; never an unhandled rejection meanwhile
    this.inFlight.push(p);
    while (this.inFlight.length >= Deflater.IN_FLIGHT) this.take(await this.inFlight.shift()!);
  }

  private take(c: Buffer): void {
    this.chunks.push(c);
    this.csize += c.length;
  }

  async end(): Promise<DeflatedData> {
    if (this.small) {
      const c = zlib.deflateRawSync(Buffer.concat(this.small), { level: DEFLATE_LEVEL });
      this.small = null;
      return { chunks: [c], crc: this.crc, usize: this.usize, csize: c.length };
    }
    if (this.seg && this.segPos > 0) await this.submit();
    while (this.inFlight.length) this.take(await this.inFlight.shift()!);
    // An empty final block (fixed Huffman: BFINAL=1, BTYPE=01, end-of-block).
    this.take(Buffer.from([0x03, 0x00]));
    return { chunks: this.chunks, crc: this.crc, usize: this.usize, csize: this.csize };
  }
}

/** Compresses a small part in one go. */
export function deflateBytes(data: Uint8Array): DeflatedData {
  const c = zlib.deflateRawSync(data, { level: DEFLATE_LEVEL });
  return { chunks: [c], crc: crc32(data), usize: data.length, csize: c.length };
}

/** DOS date 1980-01-01, time 00:00: new entries carry a fixed timestamp (deterministic output). */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/** Writes a zip sequentially to an open file. */
export class ZipWriter {
  static readonly FLUSH_BYTES = 8 << 20;
  private offset = 0;
  private readonly central: Uint8Array[] = [];
  private count = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly fh: FileHandle) {}

  private async out(b: Uint8Array): Promise<void> {
    this.pending.push(b);
    this.pendingBytes += b.length;
    this.offset += b.length;
    if (this.pendingBytes >= ZipWriter.FLUSH_BYTES) await this.flush();
  }

  /** The reused buffer pending pieces are gathered in (see flush). */
  private gather: Buffer | null = null;

  /**
   * Writes what is pending: gathered into one reused 8 MB buffer and written with one call (a
   * fresh 8 MB Buffer.concat per flush was fresh memory faulted in: ~83 MB for the W3 output); a
   * piece larger than the buffer (an untouched entry copied whole) is written as it is.
   */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const list = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const buf = (this.gather ??= Buffer.allocUnsafeSlow(ZipWriter.FLUSH_BYTES));
    let pos = 0;
    for (const b of list) {
      if (pos + b.length > buf.length) {
        if (pos > 0) await this.writeAll(buf.subarray(0, pos));
        pos = 0;
        if (b.length > buf.length) {
          await this.writeAll(b);
          continue;
        }
      }
      buf.set(b, pos);
      pos += b.length;
    }
    if (pos > 0) await this.writeAll(buf.subarray(0, pos));
  }

  private async writeAll(b: Uint8Array): Promise<void> {
    for (let off = 0; off < b.length;) off += (await this.fh.write(b, off, b.length - off)).bytesWritten;
  }

  /** Copies an entry of `src` as it is (its bytes are not decompressed). */
  async copy(src: Uint8Array, e: ZipEntry): Promise<void> {
    const { end } = localSpan(src, e);
    const at = this.offset;
    if (at >= 0xffffffff && e.offsetField.size === 4) throw new Error('zip: output larger than 4 GB');
    await this.out(src.subarray(e.localOffset, end));
    const c = Uint8Array.from(e.central);
    if (e.offsetField.size === 8) put64(c, e.offsetField.at, at);
    else put32(c, e.offsetField.at, at);
    this.central.push(c);
    this.count++;
  }

  /** Adds a deflated entry. */
  async add(name: string, d: DeflatedData): Promise<void> {
    if (d.csize >= 0xffffffff || d.usize >= 0xffffffff || this.offset >= 0xffffffff)
      throw new Error('zip: entry larger than 4 GB');
    const nameBytes = Buffer.from(name, 'utf8');
    const local = new Uint8Array(30 + nameBytes.length);
    put32(local, 0, 0x04034b50);
    put16(local, 4, 20);
    put16(local, 6, 0x0800);
    put16(local, 8, 8);
    put16(local, 10, DOS_TIME);
    put16(local, 12, DOS_DATE);
    put32(local, 14, d.crc);
    put32(local, 18, d.csize);
    put32(local, 22, d.usize);
    put16(local, 26, nameBytes.length);
    put16(local, 28, 0);
    local.set(nameBytes, 30);
    const at = this.offset;
    await this.out(local);
    for (const c of d.chunks) await this.out(c);
    const cd = new Uint8Array(46 + nameBytes.length);
    put32(cd, 0, 0x02014b50);
    put16(cd, 4, 20);
    put16(cd, 6, 20);
    put16(cd, 8, 0x0800);
    put16(cd, 10, 8);
    put16(cd, 12, DOS_TIME);
    put16(cd, 14, DOS_DATE);
    put32(cd, 16, d.crc);
    put32(cd, 20, d.csize);
    put32(cd, 24, d.usize);
    put16(cd, 28, nameBytes.length);
    put32(cd, 42, at);
    cd.set(nameBytes, 46);
    this.central.push(cd);
    this.count++;
  }

  /** Writes the central directory and the end record. */
  async finish(): Promise<void> {
    const cdStart = this.offset;
    for (const c of this.central) await this.out(c);
    const cdSize = this.offset - cdStart;
    if (this.count > 0xfffe || cdStart >= 0xffffffff) {
      // ZIP64 end record and locator.
      const e64 = new Uint8Array(56);
      put32(e64, 0, 0x06064b50);
      put64(e64, 4, 44);
      put16(e64, 12, 45);
      put16(e64, 14, 45);
      put64(e64, 24, this.count);
      put64(e64, 32, this.count);
      put64(e64, 40, cdSize);
      put64(e64, 48, cdStart);
      const e64At = this.offset;
      await this.out(e64);
      const loc = new Uint8Array(20);
      put32(loc, 0, 0x07064b50);
      put64(loc, 8, e64At);
      put32(loc, 16, 1);
      await this.out(loc);
    }
    const eocd = new Uint8Array(22);
    put32(eocd, 0, 0x06054b50);
    put16(eocd, 8, Math.min(this.count, 0xffff));
    put16(eocd, 10, Math.min(this.count, 0xffff));
    put32(eocd, 12, Math.min(cdSize, 0xffffffff));
    put32(eocd, 16, Math.min(cdStart, 0xffffffff));
    await this.out(eocd);
    await this.flush();
  }
}
