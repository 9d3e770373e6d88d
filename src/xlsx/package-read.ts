/**
 * The CLI's reader (Node only): an .xlsx file → WorkbookSnapshot, straight from the package.
 *
 * The file is read once into memory (the compressed bytes); every sheet is inflated as a stream
 * (Node's zlib, off the main thread) and tokenised chunk by chunk, so a sheet's XML is never held
 * whole. The tokeniser works on "byte strings" — the UTF-8 bytes of a chunk read as latin1, one
 * character per byte — so positions in the string are positions in the Buffer; markup is ASCII, and
 * only cell texts are decoded as UTF-8.
 *
 * What reaches the snapshot is what the former ExcelJS reader gave (test/helpers keeps it as a
 * reference): values (shared and inline strings, numbers, booleans, error values; numbers in a date
 * format as UTC Dates, as ExcelJS does; formula
 * cells as their cached result or FORMULA_NO_VALUE), formula positions, merges (values only in the
 * top-left cell), tables, hidden sheets, sheet and workbook protection, defined names and the 1904
 * date system.
 */
import { promises as fs, constants as fsc, type Stats } from 'fs';
import type { FileHandle } from 'fs/promises';
import * as zlib from 'zlib';
import { parseRange } from '../sheets/address';
import { FatalError } from '../sheets/fatal';
import {
  FORMULA_NO_VALUE,
  cellKey,
  type MergeSnapshot,
  type RawCell,
  type SheetSnapshot,
  type TableSnapshot,
  type WorkbookSnapshot,
} from '../sheets/types';
import { StyleBook } from './styles';
import {
  DEFAULT_WORKBOOK_PART,
  readWorkbook,
  rootLocalName,
  workbookPartOf,
  xmlElements,
  type WorkbookInfo,
} from './workbook-parts';
import { attrs, decodeOoxmlEscapes, parseRels, relsPathOf, resolveTarget, textValue, type Rel } from './xml';
import { MAX_CELL_CHARS, MAX_COLS, MAX_ROWS, partXmlForReading } from './xml';
import { XmlStream, corruptFile, isName, prefixOf } from './xml-stream';
import {
  MAX_WHOLE_PART_BYTES,
  ZipError,
  entryBytes,
  rawData,
  readCentralDirectory,
  type ZipEntry,
} from './zip';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * An .xlsx package in memory: its entries, readable whole (small parts) or as a stream.
 *
 * Inflation is bounded (issue 16, defects 2 and 4): a part may not inflate to more than its
 * declared size, nor a streamed part to more than MAX_PART_BYTES or a part read whole to more than
 * MAX_WHOLE_PART_BYTES, and the parts read may not add up to more than the package's budget
 * (INFLATE_BUDGET_MIN, or INFLATE_RATIO times the file's size when that is larger: a real
 * workbook's XML is 5–15 times its file). A zip bomb is a corrupt file, found before its data is
 * inflated.
 */
export class XlsxPackage {
  readonly byName = new Map<string, ZipEntry>();
  /** The workbook part (found through `_rels/.rels`; xl/workbook.xml in most files). */
  workbookPart = DEFAULT_WORKBOOK_PART;
  /** Bytes the parts read so far declare (each part counted once). */
  private inflated = 0;
  private readonly charged = new Set<string>();
  readonly inflateBudget: number;

  /** The file's bytes; null while released (see release). */
  private data: Buffer | null;
  /** The open file the bytes were read from (openXlsx with `keepOpen`), for reload. */
  private file: { fh: FileHandle; size: number; mtimeMs: number } | null = null;

  constructor(
    buf: Buffer,
    readonly entries: ZipEntry[],
  ) {
    this.data = buf;
    for (const e of entries) this.byName.set(e.name, e);
    this.inflateBudget = Math.max(INFLATE_BUDGET_MIN, INFLATE_RATIO * buf.length);
  }

  /** The whole file (compressed). */
  get buf(): Buffer {
    if (!this.data) throw new Error('package bytes released (call reload first)');
    return this.data;
  }

  /** Keeps the open file the bytes came from, so they can be released and read again. */
  attachFile(fh: FileHandle, size: number, mtimeMs: number): void {
    this.file = { fh, size, mtimeMs };
  }

  /**
   * Lets go of the file's bytes while they are not needed (the CLI's pipeline, between reading
   * and writing: 61 MB of the national roster's peak). Only a package opened with `keepOpen`
   * does so; the entries' directory records are copied out of the bytes first.
   */
  release(): void {
    if (!this.file || !this.data) return;
    for (const e of this.entries) e.central = Uint8Array.from(e.central);
    this.data = null;
  }

  /**
   * Reads the bytes again after `release`, by positioned reads through the handle opened at the
   * start (the same file, even if it was renamed or replaced meanwhile). A file changed in place
   * since it was read (another size or modification time, or another central directory) is not
   * the file the plan was made from: refused (file-corrupt) before anything is written.
   */
  async reload(): Promise<void> {
    if (this.data || !this.file) return;
    const { fh, size, mtimeMs } = this.file;
    const changed = (): FatalError => new FatalError('file-corrupt');
    const st = await fh.stat();
    if (st.size !== size || st.mtimeMs !== mtimeMs) throw changed();
    const buf = Buffer.allocUnsafe(size);
    for (let off = 0; off < size;) {
      const { bytesRead } = await fh.read(buf, off, size - off, off);
      if (bytesRead === 0) throw changed();
      off += bytesRead;
    }
    let now: ZipEntry[];
    try {
      now = readCentralDirectory(buf);
    } catch {
      throw changed();
    }
    if (
      now.length !== this.entries.length ||
      now.some((e, i) => Buffer.compare(e.central, this.entries[i].central) !== 0)
    )
      throw changed();
    this.data = buf;
  }

  /** Closes the file kept open by openXlsx's `keepOpen` (the bytes stay, if held). */
  async close(): Promise<void> {
    const f = this.file;
    this.file = null;
    await f?.fh.close().catch(() => undefined);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Checks a part's declared size against the bounds before it is inflated. */
  private charge(e: ZipEntry, limit: number): void {
    if (e.usize > limit) throw new FatalError('file-corrupt');
    if (this.charged.has(e.name)) return;
    this.charged.add(e.name);
    this.inflated += e.usize;
    if (this.inflated > this.inflateBudget) throw new FatalError('file-corrupt');
  }

  /** A small part, decompressed. */
  bytes(name: string): Uint8Array | undefined {
    const e = this.byName.get(name);
    if (!e) return undefined;
    this.charge(e, MAX_WHOLE_PART_BYTES);
    try {
      // Never more than it declares (a bomb declares a small size and inflates to gigabytes).
      if (e.method === 8) {
        // Node's zlib, not fflate's JavaScript inflater (zip.ts, kept for the browser): in a short
        // CLI run that code would run cold and be compiled for a few KB of styles and rels.
        const out = zlib.inflateRawSync(rawData(this.buf, e), wholeInflateOptions(e));
        if (out.length > e.usize) throw new FatalError('file-corrupt');
        return new Uint8Array(out.buffer, out.byteOffset, out.length);
      }
      return entryBytes(this.buf, e, e.usize);
    } catch (err) {
      throw corrupt(err);
    }
  }

  /**
   * A small part as text for the reader's patterns: comments and processing instructions removed,
   * file-corrupt when it declares a DTD (xml.ts partXmlForReading).
   */
  text(name: string): string | undefined {
    const b = this.bytes(name);
    if (b === undefined) return undefined;
    const xml = partXmlForReading(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8'));
    if (xml === null) throw new FatalError('file-corrupt');
    return xml;
  }

  /** A part's relationships; a relationships part that is not well-formed XML is file-corrupt. */
  rels(part: string): Rel[] {
    const xml = this.text(relsPathOf(part));
    if (xml !== undefined) xmlElements(xml);
    return parseRels(xml);
  }

  /** The compressed bytes of an entry (a view into the file). */
  raw(name: string): Uint8Array {
    const e = this.byName.get(name);
    if (!e) throw new Error(`no part ${name}`);
    return rawData(this.buf, e);
  }

  /** The decompressed bytes of a part, in chunks (at most its declared size: file-corrupt beyond). */
  async *stream(name: string): AsyncGenerator<Buffer> {
    const e = this.byName.get(name);
    if (!e) throw new Error(`no part ${name}`);
    this.charge(e, MAX_PART_BYTES);
    let raw: Uint8Array;
    try {
      raw = rawData(this.buf, e);
    } catch (err) {
      throw corrupt(err);
    }
    if (e.method === 0) {
      if (raw.length !== e.usize) throw new FatalError('file-corrupt');
      yield* pieces(Buffer.from(raw.buffer, raw.byteOffset, raw.length));
      return;
    }
    if (e.method !== 8) throw new FatalError('file-corrupt');
    if (e.usize <= SMALL_PART) {
      // Small parts in one go: no round trips to zlib's thread for a few chunks.
      let out: Buffer;
      try {
        out = zlib.inflateRawSync(raw, wholeInflateOptions(e));
      } catch (err) {
        throw corrupt(err);
      }
      yield* pieces(out);
      return;
    }
    const inflate = zlib.createInflateRaw({ chunkSize: STREAM_CHUNK });
    // Fed in slices so the inflater never holds more than a slice of input and its output buffer.
    const feed = (async () => {
      for (let i = 0; i < raw.length; i += FEED_CHUNK) {
        const slice = Buffer.from(raw.buffer, raw.byteOffset + i, Math.min(FEED_CHUNK, raw.length - i));
        if (!inflate.write(slice)) await new Promise<void>((res) => inflate.once('drain', () => res()));
      }
      inflate.end();
    })();
    feed.catch(() => undefined);
    let produced = 0;
    try {
      for await (const chunk of inflate) {
        produced += (chunk as Buffer).length;
        if (produced > e.usize) throw new FatalError('file-corrupt');
        yield* pieces(chunk as Buffer);
      }
      await feed;
    } catch (err) {
      throw corrupt(err);
    } finally {
      inflate.destroy();
    }
  }
}

/** The most a streamed part (a sheet, the shared strings) may inflate to. */
export const MAX_PART_BYTES = 1024 * 1024 * 1024;
/** The inflated bytes every package may read, whatever its size… */
export const INFLATE_BUDGET_MIN = 256 * 1024 * 1024;
/** …and, for larger files, this many times the file's size. */
export const INFLATE_RATIO = 32;

/** Output chunk of the streaming inflater (fewer, larger chunks: less zlib glue per byte). */
export const STREAM_CHUNK = 1 << 18;
/**
 * The most bytes `stream` yields at once. Consumers turn each piece into a byte string (latin1),
 * and V8 allocates a string above ~128 KB in its large-object space: fresh pages for every
 * string, each page faulted in (measured on the W2 研修記録 sheet, 103 MB: 256 KB strings cost
 * 470–670 ms of CPU, 64 KB strings 12–16 ms — they live and die in the young generation).
 */
export const STREAM_PIECE = 1 << 16;

/** Views of at most STREAM_PIECE bytes over `b` (no copy). */
function* pieces(b: Buffer): Generator<Buffer> {
  if (b.length <= STREAM_PIECE) {
    yield b;
    return;
  }
  for (let i = 0; i < b.length; i += STREAM_PIECE) yield b.subarray(i, Math.min(b.length, i + STREAM_PIECE));
}
/** Parts up to this size (inflated) are inflated synchronously. */
const SMALL_PART = 8 << 20;
const FEED_CHUNK = 1 << 20;

/**
 * Options of a part inflated in one call: never more than the part declares, into one output
 * buffer of that size (+ 64 bytes, so zlib ends with room left instead of allocating a second
 * buffer to look for more). With zlib's default 16 KB chunks Node collects the output in pieces and
 * copies them into one buffer at the end: on a city roster (3 MB of sheet XML read and read again
 * for the rewrite) that copy was ~4 % of the CLI's main thread.
 * https://nodejs.org/api/zlib.html#class-options (chunkSize, maxOutputLength)
 */
function wholeInflateOptions(e: ZipEntry): zlib.ZlibOptions {
  return { maxOutputLength: Math.max(1, e.usize), chunkSize: Math.max(64, e.usize + 64) };
}

function corrupt(err: unknown): unknown {
  if (err instanceof FatalError) return err;
  return new FatalError('file-corrupt');
}

/**
 * Opens an .xlsx file: the fatal errors of SPEC §6.2 for what is not a readable workbook. A missing
 * file is `file-not-found`; only a regular file is read (a device such as /dev/zero or a FIFO would
 * grow memory without bound or block): anything else is `file-not-xlsx`. The file is read through
 * one handle, so what was checked is what is read.
 */
export async function openXlsx(file: string, opts: { keepOpen?: boolean } = {}): Promise<XlsxPackage> {
  let buf: Buffer;
  let fh: FileHandle | null = null;
  let st: Stats;
  try {
    // O_NONBLOCK: opening a FIFO without a writer must not wait (the check below refuses it).
    fh = await fs.open(file, fsc.O_RDONLY | fsc.O_NONBLOCK);
    st = await fh.stat();
    if (!st.isFile()) throw new FatalError('file-not-xlsx', { params: { value: file } });
    if (st.size > MAX_FILE_BYTES) throw new FatalError('file-corrupt');
    buf = await fh.readFile();
  } catch (e) {
    await fh?.close().catch(() => undefined);
    if (e instanceof FatalError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new FatalError('file-not-found', { params: { value: file } });
    throw new FatalError('file-not-xlsx', { params: { value: file, reason: code } });
  }
  let pkg: XlsxPackage;
  try {
    pkg = openXlsxBuffer(buf);
  } catch (e) {
    await fh!.close().catch(() => undefined);
    throw e;
  }
  // The handle stays open for XlsxPackage.reload (the caller closes it), else closes now.
  if (opts.keepOpen && buf.length === st.size) pkg.attachFile(fh!, st.size, st.mtimeMs);
  else await fh!.close().catch(() => undefined);
  return pkg;
}

/** The largest input file read (Node cannot hold a larger Buffer on every platform). */
const MAX_FILE_BYTES = 2 ** 31 - 1;

export function openXlsxBuffer(buf: Buffer): XlsxPackage {
  if (buf.length >= 4 && OLE_MAGIC.every((b, i) => buf[i] === b))
    throw new FatalError('file-encrypted-or-xls');
  if (buf.length < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b) throw new FatalError('file-not-xlsx');
  let entries: ZipEntry[];
  try {
    entries = readCentralDirectory(buf);
  } catch (e) {
    if (e instanceof ZipError) throw new FatalError('file-corrupt');
    throw e;
  }
  if (entries.length === 0) throw new FatalError('file-corrupt');
  const pkg = new XlsxPackage(buf, entries);
  // A zip, but not a workbook (e.g. a .docx or a plain archive). The workbook part is where the
  // package relationship points (issue 15, defect 5).
  const wbPart = workbookPartOf((n) => (pkg.has(n) ? pkg.text(n) : undefined));
  if (!wbPart || !pkg.has('[Content_Types].xml')) throw new FatalError('file-not-xlsx');
  pkg.workbookPart = wbPart;
  return pkg;
}

// ---------------------------------------------------------------------------------------------
// Byte strings
// ---------------------------------------------------------------------------------------------

/** The bytes of a Buffer as a one-byte string (positions = byte offsets). */
export const byteString = (b: Buffer): string => b.toString('latin1');
/** A JS string as a byte string (its UTF-8 bytes, one character each). */
export const toByteString = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
/** A byte string back to the JS string its UTF-8 bytes encode. */
export const fromByteString = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

// eslint-disable-next-line no-control-regex
const DISALLOWED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Text content as the cell holds it: UTF-8 decoded, XML-unescaped, `_xHHHH_` decoded. */
function textAt(buf: Buffer, start: number, end: number): string {
  const s = textValue(buf.toString('utf8', start, end));
  // Characters XML 1.0 does not allow make the part unreadable (for Excel, ExcelJS and the
  // previous reader alike): the file is corrupt. Escaped ones (_x0001_) are fine.
  if (DISALLOWED.test(s)) throw new FatalError('file-corrupt');
  const t = decodeOoxmlEscapes(s);
  // More than a cell can hold: not a file Excel wrote.
  if (t.length > MAX_CELL_CHARS) throw new FatalError('file-corrupt');
  return t;
}

/** textAt of a collected byte string (text that spanned chunks, or held CDATA or comments). */
const textOfBytes = (s: string): string => {
  const b = Buffer.from(s, 'latin1');
  return textAt(b, 0, b.length);
};

// ---------------------------------------------------------------------------------------------
// Shared strings
// ---------------------------------------------------------------------------------------------

/** The shared-string table: the <t> texts of each <si> (rich-text runs joined, phonetic runs <rPh> left out). */
class SharedStringsReader extends XmlStream {
  readonly out: string[] = [];
  private p: string | null = null;
  private inSi = false;
  private rph = 0;
  private item = '';

  protected onStart(ns: number, ne: number, _lt: number, _te: number, selfClosing: boolean): void {
    const str = this.str;
    const p = this.p;
    if (p === null) {
      const prefix = prefixOf(str, ns, ne);
      if (isName(str, ns, ne, prefix, 'sst')) this.p = prefix;
      return;
    }
    if (!this.inSi) {
      if (isName(str, ns, ne, p, 'si')) {
        if (selfClosing) this.out.push('');
        else {
          this.inSi = true;
          this.item = '';
          this.rph = 0;
        }
      }
      return;
    }
    if (isName(str, ns, ne, p, 't')) {
      if (!selfClosing && this.rph === 0) this.collecting = true;
    } else if (isName(str, ns, ne, p, 'rPh') && !selfClosing) this.rph++;
  }

  protected onEnd(ns: number, ne: number): void {
    const str = this.str;
    const p = this.p ?? '';
    if (this.collecting) {
      if (!isName(str, ns, ne, p, 't')) throw corruptFile();
      this.collecting = false;
      const text = this.textInPieces
        ? textOfBytes(this.takeTextPieces())
        : this.textStart >= 0
          ? textAt(this.buf, this.textStart, this.textEnd)
          : '';
      this.resetText();
      this.item = this.item === '' ? text : this.item + text;
      if (this.item.length > MAX_CELL_CHARS) throw corruptFile();
      return;
    }
    if (!this.inSi) return;
    if (isName(str, ns, ne, p, 'si')) {
      this.out.push(this.item);
      this.item = '';
      this.inSi = false;
    } else if (isName(str, ns, ne, p, 'rPh')) this.rph--;
  }

  end(): string[] {
    this.finish();
    if (this.inSi || this.collecting) throw corruptFile();
    return this.out;
  }
}

/** Streams a sharedStrings part (its inflated chunks) into an array of texts. */
export async function readSharedStrings(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const r = new SharedStringsReader();
  for await (const chunk of chunks) r.push(chunk);
  return r.end();
}

// ---------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

/** ExcelJS's conversion of a serial to a Date (1900 or 1904 system), shared per serial. */
class DateCache {
  private readonly cache = new Map<number, Date>();
  constructor(private readonly date1904: boolean) {}
  get(v: number): Date {
    let d = this.cache.get(v);
    if (!d) {
      d = new Date(Math.round((v + (this.date1904 ? 1462 : 0)) * MS_PER_DAY + EXCEL_EPOCH_MS));
      if (this.cache.size < 100_000) this.cache.set(v, d);
    }
    return d;
  }
}

/**
 * Per column of a sheet: texts are interned while that pays (a column of repeated values such as
 * 区分 or 会員番号 on 研修記録 then holds each text once), and the previous cell's raw bytes are
 * remembered so a run of equal cells is decoded once.
 *
 * Texts read from a range of the current chunk are looked up by their raw bytes (`byBytes`),
 * before they are decoded: a repeated text costs a hash over its bytes and one comparison, not a
 * UTF-8 decode, the checks of textAt and the hashing of a fresh string by a Map. The value is a
 * pure function of the bytes (textAt), so a cached value is the one decoding would give.
 */
class ColumnCache {
  private readonly map = new Map<string, string>();
  private lookups = 0;
  private hits = 0;
  private off = false;
  /** The previous text cell of this column in the current chunk: its byte range and value. */
  prevStart = -1;
  prevEnd = -1;
  prevValue = '';
  prevChunk = -1;
  /** Open-addressing table of raw bytes (byte strings) → decoded texts (see byBytes). */
  private rawKeys: (string | undefined)[] = [];
  private rawValues: string[] = [];
  private rawHashes = new Int32Array(0);
  private rawSize = 0;
  private rawLookups = 0;
  private rawHits = 0;
  private rawOff = false;

  intern(s: string): string {
    if (this.off || s.length > 64) return s;
    const k = this.map.get(s);
    this.lookups++;
    if (k !== undefined) {
      this.hits++;
      return k;
    }
    // A column of mostly distinct texts (names, free text) is not worth the lookups.
    if (this.lookups === 20_000 && this.hits < 5_000) {
      this.off = true;
      this.map.clear();
      return s;
    }
    if (this.map.size < 250_000) this.map.set(s, s);
    return s;
  }

  /**
   * The text of bytes [start, end) of the chunk (`str` its byte string), interned by those bytes;
   * the same pays-off rule as `intern` (after 20,000 lookups with fewer than 5,000 hits the column
   * is read without it).
   */
  byBytes(buf: Buffer, str: string, start: number, end: number): string {
    const len = end - start;
    // Texts of up to 64 characters are interned (as `intern` does): up to 192 bytes of UTF-8.
    if (this.rawOff || len > 192) return textAt(buf, start, end);
    // FNV-1a over the length and the bytes — of a longer text only its first and last eight (a
    // loop over every byte cost more than the decoding it saves; equal hashes are compared whole).
    let h = Math.imul(0x811c9dc5 ^ len, 0x01000193);
    if (len <= 16) for (let i = start; i < end; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
    else {
      for (let i = start; i < start + 8; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
      for (let i = end - 8; i < end; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
    }
    const keys = this.rawKeys;
    const mask = keys.length - 1;
    this.rawLookups++;
    if (keys.length > 0) {
      for (let at = h & mask, probe = 0; probe < MAX_PROBE; at = (at + 1) & mask, probe++) {
        const k = keys[at];
        if (k === undefined) break;
        // (startsWith compares natively; `k` is as long as the bytes, so it matches them exactly.)
        if (this.rawHashes[at] === h && k.length === len && str.startsWith(k, start)) {
          this.rawHits++;
          return this.rawValues[at];
        }
      }
    }
    const v = textAt(buf, start, end);
    if (this.rawLookups === 20_000 && this.rawHits < 5_000) {
      this.rawOff = true;
      this.rawKeys = [];
      this.rawValues = [];
      this.rawHashes = new Int32Array(0);
      return v;
    }
    if (this.rawSize < 250_000 && v.length <= 64) {
      if (2 * (this.rawSize + 1) > keys.length) this.grow();
      // The key: the text itself when it is as long as its bytes (no escapes, no multi-byte
      // characters: the common case, no second string; should it still differ from the bytes, it
      // only never matches), else a copy of the bytes (a slice of `str` would keep the whole
      // chunk's string alive).
      this.put(v.length === len ? v : buf.toString('latin1', start, end), h, v);
    }
    return v;
  }

  private put(key: string, h: number, v: string): void {
    const keys = this.rawKeys;
    const mask = keys.length - 1;
    let at = h & mask;
    for (let probe = 0; keys[at] !== undefined; at = (at + 1) & mask, probe++)
      if (probe === MAX_PROBE - 1) return; // a crowded hash: not cached (see MAX_PROBE)
    keys[at] = key;
    this.rawHashes[at] = h;
    this.rawValues[at] = v;
    this.rawSize++;
  }

  private grow(): void {
    const oldKeys = this.rawKeys;
    const oldValues = this.rawValues;
    const oldHashes = this.rawHashes;
    const cap = Math.max(64, oldKeys.length * 2);
    this.rawKeys = new Array<string | undefined>(cap).fill(undefined);
    this.rawValues = new Array<string>(cap).fill('');
    this.rawHashes = new Int32Array(cap);
    this.rawSize = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      if (k !== undefined) this.put(k, oldHashes[i], oldValues[i]);
    }
  }
}

/**
 * Slots a lookup of ColumnCache.byBytes looks at, at most. Texts whose hashes collide (crafted, or
 * alike where the hash does not look) are cached only while a free slot is this close; the others
 * are decoded every time. Each lookup stays bounded, so reading stays linear in bytes (issue 16).
 */
const MAX_PROBE = 16;

/** Column caches of the sheet being read, by column number. */
class SheetTextCache {
  private readonly cols: ColumnCache[] = [];
  /** Increments with every chunk: cached byte ranges are only valid within one chunk. */
  chunk = 0;
  col(c: number): ColumnCache {
    let x = this.cols[c];
    if (!x) x = this.cols[c] = new ColumnCache();
    return x;
  }
}

/** Decoded text of [start, end) in column `col`, reusing the previous cell's when the bytes are equal. */
function columnText(
  buf: Buffer,
  str: string,
  start: number,
  end: number,
  col: number,
  cache: SheetTextCache,
): string {
  const cc = cache.col(col);
  if (cc.prevChunk === cache.chunk && cc.prevEnd - cc.prevStart === end - start) {
    let same = true;
    for (let a = cc.prevStart, b = start; b < end; a++, b++) {
      if (str.charCodeAt(a) !== str.charCodeAt(b)) {
        same = false;
        break;
      }
    }
    if (same) {
      cc.prevStart = start;
      cc.prevEnd = end;
      return cc.prevValue;
    }
  }
  const v = cc.byBytes(buf, str, start, end);
  cc.prevStart = start;
  cc.prevEnd = end;
  cc.prevValue = v;
  cc.prevChunk = cache.chunk;
  return v;
}

/** A reading context for sheets of a workbook with these shared strings, styles and date system. */
export function readContext(sst: string[], styles: StyleBook, date1904: boolean): ReadContext {
  return { sst, styles, dates: new DateCache(date1904), texts: new SheetTextCache() };
}

export interface ReadContext {
  sst: string[];
  styles: StyleBook;
  dates: DateCache;
  /** Text caches of the sheet being read (reset per sheet). */
  texts: SheetTextCache;
}

/** Column number of a cell reference ("AB12" → 28), reading letters only; 0 when none. */
function refCol(str: string, start: number, end: number): number {
  let col = 0;
  for (let i = start; i < end; i++) {
    const c = str.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else if (c === 36)
      continue; // $
    else break;
  }
  return col;
}

/**
 * The attributes r, s and t of a cell start tag <c …> spanning [lt, gt). Returns the column (0 when
 * there is no r), the style id and the type code.
 */
export interface CellTag {
  col: number;
  s: number;
  /** 0 number, 1 shared string, 2 inline string, 3 str, 4 boolean, 5 error, 6 date (ISO). */
  t: number;
}

const T_CODES: Record<string, number> = { n: 0, s: 1, inlineStr: 2, str: 3, b: 4, e: 5, d: 6 };

/**
 * parseInt(str[vs, ve), 10) || 0, without the slice for the usual value (1-9 digits); anything
 * else (signs, spaces, longer numbers) goes through parseInt as before.
 */
function styleId(str: string, vs: number, ve: number): number {
  if (ve > vs && ve - vs <= 9) {
    let v = 0;
    let i = vs;
    for (; i < ve; i++) {
      const c = str.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === ve) return v;
  }
  return parseInt(str.slice(vs, ve), 10) || 0;
}

/** T_CODES[str[vs, ve)] ?? 0, without the slice for the values Excel writes. */
function typeCode(str: string, vs: number, ve: number): number {
  const len = ve - vs;
  const c = str.charCodeAt(vs);
  if (len === 1) {
    if (c === 115) return 1; // s
    if (c === 110) return 0; // n
    if (c === 98) return 4; // b
    if (c === 101) return 5; // e
    if (c === 100) return 6; // d
  } else if (len === 3 && c === 115 && str.startsWith('str', vs)) return 3;
  else if (len === 9 && c === 105 && str.startsWith('inlineStr', vs)) return 2;
  return T_CODES[str.slice(vs, ve)] ?? 0;
}

export function parseCellTag(str: string, lt: number, gt: number, out: CellTag): void {
  out.col = 0;
  out.s = 0;
  out.t = 0;
  let i = lt + 2;
  while (i < gt) {
    const ch = str.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
      i++;
      continue;
    }
    // Attribute name.
    const ns = i;
    while (i < gt) {
      const c = str.charCodeAt(i);
      if (c === 61 || c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47) break;
      i++;
    }
    const ne = i;
    while (i < gt && str.charCodeAt(i) !== 61) {
      if (str.charCodeAt(i) === 62) return;
      i++;
    }
    i++; // '='
    while (i < gt && str.charCodeAt(i) !== 34 && str.charCodeAt(i) !== 39) i++;
    const q = str.charCodeAt(i);
    const vs = i + 1;
    const ve = str.indexOf(q === 34 ? '"' : "'", vs);
    if (ve < 0 || ve > gt) return;
    i = ve + 1;
    if (ne - ns === 1) {
      const n = str.charCodeAt(ns);
      if (n === 114)
        out.col = refCol(str, vs, ve); // r
      else if (n === 115)
        out.s = styleId(str, vs, ve); // s
      else if (n === 116) out.t = typeCode(str, vs, ve); // t
    }
  }
}

/** Per-sheet state of the tokeniser (rows are handed to `onRow`). */
export interface SheetMarkup {
  /** Namespace prefix of the main namespace with its colon ("" when default). */
  p: string;
}

/** What one worksheet part gives (name, visibility and tables are filled by the caller). */
export interface SheetRead {
  rows: RawCell[][];
  formulaCells: Set<number>;
  merges: MergeSnapshot[];
  protected: boolean;
  tableRids: string[];
}

/**
 * Row visits allowed when merged areas hand their value to the top-left cell, beyond one per read
 * cell: overlapping merges (which Excel refuses) cannot make the reader loop for hours.
 */
const MERGE_WORK = 64_000_000;

/**
 * One worksheet part, tokenised as it streams (xml-stream.ts): rows and cells within Excel's grid
 * and in ascending order (Excel writes them so and refuses a file where they are not: a row or a
 * cell out of order or repeated would be read twice or overwritten — issue 16, defect 8), cell
 * texts within 32,767 characters. Anything else: file-corrupt.
 */
class SheetReader extends XmlStream {
  readonly rows: RawCell[][] = [];
  readonly formulaCells = new Set<number>();
  readonly merges: MergeSnapshot[] = [];
  sheetProtected = false;
  readonly tableRids: string[] = [];

  /** 0 before <sheetData>, 1 inside it, 2 after it. */
  private phase = 0;
  private p = '';
  private prevRow = 0;
  /** The open row (0 = none), the last column seen in it and the extent of its values. */
  private row = 0;
  private col = 0;
  private n = 0;
  private readonly scratch: RawCell[] = [];
  private readonly tag: CellTag = { col: 0, s: 0, t: 0 };
  /** The open cell. */
  private inCell = false;
  private cellCol = 0;
  private formula = false;
  private hasV = false;
  private vs = 0;
  private ve = 0;
  /** <v> as a byte string once it is no longer a range of the current chunk. */
  private vStr: string | null = null;
  private inIs = false;
  private rph = 0;
  private inline: string | null = null;
  /** What is being collected: 1 <v>, 2 <t> of an inline string. */
  private collect = 0;

  constructor(private readonly ctx: ReadContext) {
    super();
  }

  protected onStart(ns: number, ne: number, lt: number, te: number, selfClosing: boolean): void {
    const str = this.str;
    const p = this.p;
    if (this.phase === 1) {
      const c0 = str.charCodeAt(ns + p.length);
      if (!this.inCell) {
        if (c0 === 99 && isName(str, ns, ne, p, 'c')) {
          if (this.row > 0) this.startCell(lt, te, selfClosing);
        } else if (c0 === 114 && isName(str, ns, ne, p, 'row')) this.startRow(lt, te, selfClosing);
        return;
      }
      if (c0 === 118 && isName(str, ns, ne, p, 'v')) {
        if (!selfClosing) {
          this.collecting = true;
          this.collect = 1;
        }
      } else if (c0 === 102 && isName(str, ns, ne, p, 'f')) this.formula = true;
      else if (c0 === 105 && isName(str, ns, ne, p, 'is')) this.inIs = !selfClosing;
      else if (this.inIs) {
        if (c0 === 116 && isName(str, ns, ne, p, 't')) {
          if (!selfClosing && this.rph === 0) {
            this.collecting = true;
            this.collect = 2;
          }
        } else if (c0 === 114 && !selfClosing && isName(str, ns, ne, p, 'rPh')) this.rph++;
      }
      return;
    }
    if (this.phase === 0) {
      const prefix = prefixOf(str, ns, ne);
      if (isName(str, ns, ne, prefix, 'sheetData')) {
        this.p = prefix;
        this.phase = selfClosing ? 2 : 1;
      }
      return;
    }
    // The tail: merges, sheet protection, table parts.
    if (isName(str, ns, ne, p, 'mergeCell')) {
      const ref = attrs(str.slice(lt, te)).get('ref');
      const b = ref ? parseRange(ref) : null;
      if (!b) return;
      if (b.top < 1 || b.left < 1 || b.bottom > MAX_ROWS || b.right > MAX_COLS) throw corruptFile();
      this.merges.push(b);
    } else if (isName(str, ns, ne, p, 'sheetProtection')) {
      this.sheetProtected = ['1', 'true'].includes(attrs(str.slice(lt, te)).get('sheet') ?? '');
    } else if (isName(str, ns, ne, p, 'tablePart')) {
      this.tableRids.push([...attrs(str.slice(lt, te))].find(([k]) => k.endsWith(':id'))?.[1] ?? '');
    }
  }

  protected onEnd(ns: number, ne: number): void {
    if (this.phase !== 1) return;
    const str = this.str;
    const p = this.p;
    if (this.collecting) {
      this.collecting = false;
      if (this.collect === 1) {
        if (!isName(str, ns, ne, p, 'v')) throw corruptFile();
        this.hasV = true;
        if (this.textInPieces) this.vStr = this.takeTextPieces();
        else {
          this.vStr = null;
          this.vs = this.textStart >= 0 ? this.textStart : 0;
          this.ve = this.textStart >= 0 ? this.textEnd : 0;
          this.resetText();
        }
      } else {
        if (!isName(str, ns, ne, p, 't')) throw corruptFile();
        const text = this.textInPieces
          ? textOfBytes(this.takeTextPieces())
          : this.textStart >= 0
            ? textAt(this.buf, this.textStart, this.textEnd)
            : '';
        this.resetText();
        this.inline = this.inline === null ? text : this.inline + text;
        if (this.inline.length > MAX_CELL_CHARS) throw corruptFile();
      }
      return;
    }
    if (this.inCell) {
      if (isName(str, ns, ne, p, 'c')) this.endCell();
      else if (isName(str, ns, ne, p, 'is')) this.inIs = false;
      else if (this.inIs && isName(str, ns, ne, p, 'rPh')) this.rph--;
      return;
    }
    if (this.row > 0) {
      if (isName(str, ns, ne, p, 'row')) this.endRow();
      return;
    }
    if (isName(str, ns, ne, p, 'sheetData')) this.phase = 2;
  }

  protected override onChunkEnd(): void {
    // A <v> read in this chunk whose cell ends in a later one: copy its bytes out.
    if (this.inCell && this.hasV && this.vStr === null) this.vStr = this.str.slice(this.vs, this.ve);
  }

  private startRow(lt: number, te: number, selfClosing: boolean): void {
    if (this.row > 0) throw corruptFile();
    const r = rowNumber(this.str, lt, te, this.prevRow);
    if (r > MAX_ROWS || r <= this.prevRow) throw corruptFile();
    if (selfClosing) {
      this.prevRow = r;
      return;
    }
    this.row = r;
    this.col = 0;
    this.n = 0;
  }

  private endRow(): void {
    const n = this.n;
    if (n > 0) {
      // Copied out at its exact length: a million rows built by growing arrays would hold twice the slots.
      const scratch = this.scratch;
      this.rows[this.row - 1] = scratch.slice(0, n);
      for (let k = 0; k < n; k++) scratch[k] = undefined;
    }
    this.prevRow = this.row;
    this.row = 0;
  }

  private startCell(lt: number, te: number, selfClosing: boolean): void {
    const tag = this.tag;
    parseCellTag(this.str, lt + this.p.length, te, tag);
    const col = tag.col > 0 ? tag.col : this.col + 1;
    if (col > MAX_COLS || col <= this.col) throw corruptFile();
    this.col = col;
    if (selfClosing) return;
    this.inCell = true;
    this.cellCol = col;
    this.formula = false;
    this.hasV = false;
    this.vStr = null;
    this.inIs = false;
    this.rph = 0;
    this.inline = null;
  }

  /** The text of <v>. */
  private vText(): string {
    const col = this.cellCol;
    if (this.vStr === null) return columnText(this.buf, this.str, this.vs, this.ve, col, this.ctx.texts);
    return this.ctx.texts.col(col).intern(textOfBytes(this.vStr));
  }

  private vRaw(): string {
    return this.vStr ?? this.str.slice(this.vs, this.ve);
  }

  private endCell(): void {
    this.inCell = false;
    const v = this.cellValue();
    if (v === undefined) return;
    const col = this.cellCol;
    this.scratch[col - 1] = v;
    if (col > this.n) this.n = col;
  }

  private cellValue(): RawCell | undefined {
    const ctx = this.ctx;
    const t = this.tag.t;
    const hasV = this.hasV;
    if (this.formula) {
      this.formulaCells.add(cellKey(this.row, this.cellCol));
      // ExcelJS keeps a result only when <v> has text.
      if (!hasV || this.vRaw() === '') return FORMULA_NO_VALUE;
      switch (t) {
        case 3:
        case 1:
        case 2:
          return this.vText();
        case 4:
          return parseInt(this.vRaw(), 10) !== 0;
        case 5:
          return { error: textOfBytes(this.vRaw()) };
        default: {
          const n = parseFloat(this.vRaw());
          return ctx.styles.isDate(this.tag.s) ? ctx.dates.get(n) : n;
        }
      }
    }
    switch (t) {
      case 2:
        // Inline string: the <t> texts inside <is>.
        return this.inline === null ? undefined : ctx.texts.col(this.cellCol).intern(this.inline);
      case 1: {
        if (!hasV) return undefined;
        const s = ctx.sst[parseInt(this.vRaw(), 10)];
        return s === undefined ? null : s;
      }
      case 3:
        return hasV ? this.vText() : undefined;
      case 4:
        return hasV ? parseInt(this.vRaw(), 10) !== 0 : undefined;
      case 5:
        return hasV ? { error: textOfBytes(this.vRaw()) } : undefined;
      case 6:
        return hasV ? new Date(textOfBytes(this.vRaw())) : undefined;
      default: {
        if (!hasV) return undefined;
        const raw = this.vRaw();
        if (raw === '') return undefined;
        const n = parseFloat(raw);
        return ctx.styles.isDate(this.tag.s) ? ctx.dates.get(n) : n;
      }
    }
  }

  end(): SheetRead {
    this.finish();
    if (this.phase !== 2) throw corruptFile();
    const rows = this.rows;
    // Merged cells give their value to the top-left cell only.
    let work = 0;
    for (const m of this.merges) {
      const bottom = Math.min(m.bottom, rows.length);
      for (let r = m.top; r <= bottom; r++) {
        if (++work > MERGE_WORK) throw corruptFile();
        const row = rows[r - 1];
        if (!row) continue;
        const right = Math.min(m.right, row.length);
        for (let c = m.left; c <= right; c++) {
          if (r === m.top && c === m.left) continue;
          if (row[c - 1] !== undefined) {
            delete row[c - 1];
            this.formulaCells.delete(cellKey(r, c));
          }
        }
      }
    }
    return {
      rows,
      formulaCells: this.formulaCells,
      merges: this.merges,
      protected: this.sheetProtected,
      tableRids: this.tableRids,
    };
  }
}

/**
 * Reads one worksheet part, given as its inflated chunks, into the parts of a SheetSnapshot
 * (name, visibility and tables are filled by the caller).
 */
export async function readSheet(chunks: AsyncIterable<Buffer>, ctx: ReadContext): Promise<SheetRead> {
  const reader = new SheetReader(ctx);
  for await (const chunk of chunks) {
    ctx.texts.chunk++;
    reader.push(chunk);
  }
  return reader.end();
}

/** The r attribute of a <row> start tag [lt, te), else previous + 1. */
export function rowNumber(str: string, lt: number, te: number, prev: number): number {
  const tag = str.slice(lt, te);
  let i = tag.indexOf(' r=');
  if (i < 0) {
    const m = /\sr\s*=\s*["'](\d+)/.exec(tag);
    return m ? Number(m[1]) : prev + 1;
  }
  i += 4;
  let n = 0;
  for (;;) {
    const c = tag.charCodeAt(i++);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return n > 0 ? n : prev + 1;
}

// ---------------------------------------------------------------------------------------------
// The workbook
// ---------------------------------------------------------------------------------------------

/** What the writer needs of the input package besides its entries. */
export interface PackageInfo {
  workbook: WorkbookInfo;
  /** The workbook's relationships (xl/_rels/workbook.xml.rels). */
  workbookRels: Rel[];
  styles: StyleBook;
  /** Table parts per sheet name: part name and the table's name. */
  tableParts: Map<string, { part: string; name: string }[]>;
}

export interface PackageSnapshot extends PackageInfo {
  snapshot: WorkbookSnapshot;
}

function tableOf(xml: string): { name: string; ref: string; totals: boolean; headerRows: number } | null {
  const m = /<(?:[\w.-]+:)?table\b[^>]*>/.exec(xml);
  if (!m) return null;
  const a = attrs(m[0]);
  const totals = Number(a.get('totalsRowCount') ?? 0) > 0;
  return {
    name: a.get('displayName') ?? a.get('name') ?? '',
    ref: a.get('ref') ?? '',
    totals,
    headerRows: Number(a.get('headerRowCount') ?? 1),
  };
}

/** Reads the whole package into the pipeline's snapshot. */
export async function readPackageSnapshot(pkg: XlsxPackage): Promise<PackageSnapshot> {
  const wbPart = pkg.workbookPart;
  const workbookRels = pkg.rels(wbPart);
  const workbook = readWorkbook(pkg.text(wbPart) ?? '', workbookRels, wbPart);
  const stylesRel = workbookRels.find((r) => r.type.endsWith('/styles'));
  const stylesPart = stylesRel ? resolveTarget(wbPart, stylesRel.target) : null;
  const stylesXml = stylesPart ? pkg.text(stylesPart) : undefined;
  // A styles part of another root would lose every cell's number format (dates read as numbers).
  if (stylesXml !== undefined && (rootLocalName(stylesXml) !== 'styleSheet' || !xmlElements(stylesXml)))
    throw corruptFile();
  const styles = stylesXml ? StyleBook.parse(stylesXml) : StyleBook.empty();
  const sstRel = workbookRels.find((r) => r.type.endsWith('/sharedStrings'));
  const sstPart = sstRel ? resolveTarget(wbPart, sstRel.target) : null;
  const sst = sstPart && pkg.has(sstPart) ? await readSharedStrings(pkg.stream(sstPart)) : [];
  const ctx = readContext(sst, styles, workbook.date1904);

  const sheets: SheetSnapshot[] = [];
  const tableParts = new Map<string, { part: string; name: string }[]>();
  for (const ws of workbook.sheets) {
    // A sheet whose relationship is missing, or a worksheet whose part is, would be read as absent
    // (and an owned sheet of that name created twice): the package is broken (found by the hostile
    // campaign: workbook relationships holding no <Relationship>).
    if (ws.type === '' || (ws.type.endsWith('/worksheet') && (!ws.part || !pkg.has(ws.part))))
      throw corruptFile();
    // Chartsheets and dialog sheets have no cells; ExcelJS left them out too.
    if (!ws.part || !ws.type.endsWith('/worksheet') || !pkg.has(ws.part)) continue;
    ctx.texts = new SheetTextCache();
    const read = await readSheet(pkg.stream(ws.part), ctx);
    const rels = pkg.rels(ws.part);
    const tables: TableSnapshot[] = [];
    const parts: { part: string; name: string }[] = [];
    for (const rid of read.tableRids) {
      const rel = rels.find((x) => x.id === rid);
      if (!rel) continue;
      const tp = resolveTarget(ws.part, rel.target);
      const t = tableOf(pkg.text(tp) ?? '');
      const b = t ? parseRange(t.ref) : null;
      if (!t || !b || !t.name) continue;
      if (b.top < 1 || b.left < 1 || b.bottom > MAX_ROWS || b.right > MAX_COLS) throw corruptFile();
      parts.push({ part: tp, name: t.name });
      tables.push({
        name: t.name,
        top: b.top,
        left: b.left,
        bottom: t.totals ? b.bottom - 1 : b.bottom,
        right: b.right,
      });
    }
    tableParts.set(ws.name, parts);
    sheets.push({
      name: ws.name,
      hidden: ws.state !== 'visible',
      protected: read.protected,
      rows: read.rows,
      formulaCells: read.formulaCells,
      tables,
      merges: read.merges,
    });
  }
  const definedNames = new Map<string, string>();
  // Workbook-scoped names (the markers are workbook-scoped; a sheet-scoped name of the same text is not a marker).
  for (const dn of workbook.definedNames)
    if (dn.localSheetId === null && !definedNames.has(dn.name)) definedNames.set(dn.name, dn.value);
  return {
    snapshot: { sheets, date1904: workbook.date1904, protected: workbook.protected, definedNames },
    workbook,
    workbookRels,
    styles,
    tableParts,
  };
}

/** File → snapshot (the benchmark's decode step and `export` use it). */
export async function readSnapshotFile(file: string): Promise<WorkbookSnapshot> {
  const pkg = await openXlsx(file);
  return (await readPackageSnapshot(pkg)).snapshot;
}
