/**
 * The CLI's reader (Node only): an .xlsx file → WorkbookSnapshot, straight from the package.
 *
 * The file is read once into memory (the compressed bytes); every sheet is inflated as a stream
 * (Node's zlib, off the main thread) and tokenised chunk by chunk, so a sheet's XML is never held
 * whole. The tokeniser works on "byte strings" — the UTF-8 bytes of a chunk read as latin1, one
 * character per byte — so positions in the string are positions in the Buffer; markup is ASCII, and
 * only cell texts are decoded as UTF-8.
 *
 * What reaches the snapshot is what the ExcelJS reader gave: values (shared and inline strings,
 * numbers, booleans, error values; numbers in a date format as UTC Dates, as ExcelJS does; formula
 * cells as their cached result or FORMULA_NO_VALUE), formula positions, merges (values only in the
 * top-left cell), tables, hidden sheets, sheet and workbook protection, defined names and the 1904
 * date system.
 */
import { promises as fs } from 'fs';
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
import { DEFAULT_WORKBOOK_PART, readWorkbook, workbookPartOf, type WorkbookInfo } from './workbook-parts';
import {
  attrs,
  decodeOoxmlEscapes,
  isNameEnd,
  parseRels,
  relsPathOf,
  resolveTarget,
  skipOtherAt,
  tagEndAt,
  textValue,
  type Rel,
} from './xml';
import { ZipError, readCentralDirectory, rawData, entryBytes, type ZipEntry } from './zip';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** An .xlsx package in memory: its entries, readable whole (small parts) or as a stream. */
export class XlsxPackage {
  readonly byName = new Map<string, ZipEntry>();
  /** The workbook part (found through `_rels/.rels`; xl/workbook.xml in most files). */
  workbookPart = DEFAULT_WORKBOOK_PART;

  constructor(
    readonly buf: Buffer,
    readonly entries: ZipEntry[],
  ) {
    for (const e of entries) this.byName.set(e.name, e);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** A small part, decompressed. */
  bytes(name: string): Uint8Array | undefined {
    const e = this.byName.get(name);
    if (!e) return undefined;
    try {
      return entryBytes(this.buf, e);
    } catch (err) {
      throw corrupt(err);
    }
  }

  /** A small part as text. */
  text(name: string): string | undefined {
    const b = this.bytes(name);
    return b === undefined ? undefined : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }

  rels(part: string): Rel[] {
    return parseRels(this.text(relsPathOf(part)));
  }

  /** The compressed bytes of an entry (a view into the file). */
  raw(name: string): Uint8Array {
    const e = this.byName.get(name);
    if (!e) throw new Error(`no part ${name}`);
    return rawData(this.buf, e);
  }

  /** The decompressed bytes of a part, in chunks. */
  async *stream(name: string): AsyncGenerator<Buffer> {
    const e = this.byName.get(name);
    if (!e) throw new Error(`no part ${name}`);
    const raw = rawData(this.buf, e);
    if (e.method === 0) {
      for (let i = 0; i < raw.length; i += STREAM_CHUNK)
        yield Buffer.from(raw.buffer, raw.byteOffset + i, Math.min(STREAM_CHUNK, raw.length - i));
      return;
    }
    if (e.method !== 8) throw new FatalError('file-corrupt');
    if (e.usize <= SMALL_PART) {
      // Small parts in one go: no round trips to zlib's thread for a few chunks.
      let out: Buffer;
      try {
        out = zlib.inflateRawSync(raw);
      } catch (err) {
        throw corrupt(err);
      }
      for (let i = 0; i < out.length; i += STREAM_CHUNK)
        yield out.subarray(i, Math.min(out.length, i + STREAM_CHUNK));
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
    try {
      for await (const chunk of inflate) yield chunk as Buffer;
      await feed;
    } catch (err) {
      throw corrupt(err);
    }
  }
}

export const STREAM_CHUNK = 1 << 18;
/** Parts up to this size (inflated) are inflated synchronously. */
const SMALL_PART = 8 << 20;
const FEED_CHUNK = 1 << 20;

function corrupt(err: unknown): unknown {
  if (err instanceof FatalError) return err;
  return new FatalError('file-corrupt');
}

/** Opens an .xlsx file: the fatal errors of SPEC §6.2 for what is not a readable workbook. */
export async function openXlsx(file: string): Promise<XlsxPackage> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    throw new FatalError('file-not-xlsx', {
      params: { value: file, reason: (e as NodeJS.ErrnoException).code ?? '' },
    });
  }
  return openXlsxBuffer(buf);
}

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
  return decodeOoxmlEscapes(s);
}

// ---------------------------------------------------------------------------------------------
// Shared strings
// ---------------------------------------------------------------------------------------------

/**
 * The concatenated <t> texts of a string item in [start, end) (rich-text runs included, phonetic
 * runs <rPh> excluded). Tags are visited one '<' at a time, so no search runs past the item.
 */
function stringItemText(buf: Buffer, str: string, start: number, end: number, p: string): string {
  let out = '';
  let parts = 0;
  let inRph = 0;
  let i = start;
  const pl = p.length;
  while (i < end) {
    const lt = str.indexOf('<', i);
    if (lt < 0 || lt >= end) break;
    const closing = str.charCodeAt(lt + 1) === 47;
    const ns = lt + (closing ? 2 : 1) + pl;
    const c0 = str.charCodeAt(ns);
    if (c0 === 116 && isNameEnd(str.charCodeAt(ns + 1)) && !closing) {
      // <t …>text</t>
      const te = tagEndAt(str, lt, end);
      if (te < 0) break;
      if (str.charCodeAt(te - 2) === 47) {
        i = te;
        continue;
      }
      const ce = str.indexOf('<', te);
      if (ce < 0 || ce > end) break;
      if (!inRph) {
        const text = textAt(buf, te, ce);
        out = parts++ === 0 ? text : out + text;
      }
      i = ce;
      continue;
    }
    if (
      c0 === 114 &&
      str.charCodeAt(ns + 1) === 80 &&
      str.charCodeAt(ns + 2) === 104 &&
      isNameEnd(str.charCodeAt(ns + 3))
    ) {
      // <rPh> / </rPh>
      const te = tagEndAt(str, lt, end);
      if (te < 0) break;
      if (closing) inRph--;
      else if (str.charCodeAt(te - 2) !== 47) inRph++;
      i = te;
      continue;
    }
    const te = tagEndAt(str, lt, end);
    if (te < 0) break;
    i = te;
  }
  return out;
}

/** Streams a sharedStrings part (its inflated chunks) into an array of texts. */
export async function readSharedStrings(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const out: string[] = [];
  let carry: Buffer = Buffer.alloc(0);
  let p: string | null = null;
  for await (const chunk of chunks) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const str = byteString(buf);
    if (p === null) {
      const m = /<(?:([\w.-]+):)?sst\b/.exec(str);
      if (!m) {
        carry = buf;
        continue;
      }
      p = m[1] ? `${m[1]}:` : '';
    }
    const open = `<${p}si`;
    const close = `</${p}si>`;
    let i = 0;
    let consumed = 0;
    for (;;) {
      const s = str.indexOf(open, i);
      if (s < 0) break;
      const ch = str.charCodeAt(s + open.length);
      if (ch !== 62 && ch !== 32 && ch !== 47 && ch !== 9 && ch !== 10 && ch !== 13) {
        i = s + open.length;
        continue;
      }
      const te = str.indexOf('>', s);
      if (te < 0) break;
      if (str.charCodeAt(te - 1) === 47) {
        out.push('');
        i = consumed = te + 1;
        continue;
      }
      const ce = str.indexOf(close, te);
      if (ce < 0) break;
      out.push(stringItemText(buf, str, te + 1, ce, p));
      i = consumed = ce + close.length;
    }
    carry = buf.subarray(consumed);
    // Keep the carry small: copy it out of the big chunk.
    if (carry.length) carry = Buffer.from(carry);
  }
  return out;
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
}

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
  const v = cc.intern(textAt(buf, start, end));
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
        out.s = parseInt(str.slice(vs, ve), 10) || 0; // s
      else if (n === 116) out.t = T_CODES[str.slice(vs, ve)] ?? 0; // t
    }
  }
}

/** Per-sheet state of the tokeniser (rows are handed to `onRow`). */
export interface SheetMarkup {
  /** Namespace prefix of the main namespace with its colon ("" when default). */
  p: string;
}

/**
 * Reads one worksheet part, given as its inflated chunks, into the parts of a SheetSnapshot
 * (name, visibility and tables are filled by the caller).
 */
export async function readSheet(
  chunks: AsyncIterable<Buffer>,
  ctx: ReadContext,
): Promise<{
  rows: RawCell[][];
  formulaCells: Set<number>;
  merges: MergeSnapshot[];
  protected: boolean;
  tableRids: string[];
}> {
  const rows: RawCell[][] = [];
  const formulaCells = new Set<number>();
  let carry: Buffer = Buffer.alloc(0);
  let phase: 'head' | 'rows' | 'tail' = 'head';
  let p = '';
  let tail = '';
  let prevRow = 0;
  const tag: CellTag = { col: 0, s: 0, t: 0 };
  for await (const chunk of chunks) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const str = byteString(buf);
    ctx.texts.chunk++;
    let i = 0;
    if (phase === 'head') {
      const m = /<(?:([\w.-]+):)?sheetData\b/.exec(str);
      if (!m) {
        carry = buf;
        continue;
      }
      p = m[1] ? `${m[1]}:` : '';
      const te = tagEndAt(str, m.index, str.length);
      if (te < 0) {
        carry = buf;
        continue;
      }
      i = te;
      phase = str.charCodeAt(te - 2) === 47 ? 'tail' : 'rows';
    }
    if (phase === 'rows') {
      const rowOpen = `<${p}row`;
      const rowClose = `</${p}row>`;
      const dataClose = `</${p}sheetData>`;
      for (;;) {
        const lt = str.indexOf('<', i);
        if (lt < 0) {
          i = str.length;
          break;
        }
        if (str.startsWith(rowOpen, lt) && isNameEnd(str.charCodeAt(lt + rowOpen.length))) {
          const te = tagEndAt(str, lt, str.length);
          if (te < 0) {
            i = lt;
            break;
          }
          const r = rowNumber(str, lt, te, prevRow);
          if (str.charCodeAt(te - 2) === 47) {
            prevRow = r;
            i = te;
            continue;
          }
          const ce = str.indexOf(rowClose, te);
          if (ce < 0) {
            i = lt;
            break;
          }
          const arr = readRowCells(buf, str, te, ce, p, r, ctx, formulaCells, tag);
          if (arr) rows[r - 1] = arr;
          prevRow = r;
          i = ce + rowClose.length;
          continue;
        }
        if (str.startsWith(dataClose, lt)) {
          phase = 'tail';
          i = lt + dataClose.length;
          break;
        }
        // A comment, or anything else inside sheetData (not in the schema): skip it whole.
        const te = skipOtherAt(str, lt);
        if (te < 0) {
          i = lt;
          break;
        }
        i = te;
      }
    }
    if (phase === 'tail') {
      tail += str.slice(i);
      carry = Buffer.alloc(0);
    } else {
      carry = Buffer.from(buf.subarray(i));
    }
  }
  if (phase !== 'tail') throw new FatalError('file-corrupt');
  // The tail: merges, sheet protection, table parts.
  const merges: MergeSnapshot[] = [];
  for (const m of tail.matchAll(/<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="([^"]+)"/g)) {
    const b = parseRange(m[1]);
    if (b) merges.push(b);
  }
  const protTag = /<(?:[\w.-]+:)?sheetProtection\b[^>]*>/.exec(tail);
  const protectedSheet = protTag ? ['1', 'true'].includes(attrs(protTag[0]).get('sheet') ?? '') : false;
  const tableRids = [...tail.matchAll(/<(?:[\w.-]+:)?tablePart\b[^>]*>/g)].map(
    (m) => [...attrs(m[0])].find(([k]) => k.endsWith(':id'))?.[1] ?? '',
  );
  // Merged cells give their value to the top-left cell only.
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      const row = rows[r - 1];
      if (!row) continue;
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        if (c - 1 < row.length && row[c - 1] !== undefined) {
          delete row[c - 1];
          formulaCells.delete(cellKey(r, c));
        }
      }
    }
  }
  return { rows, formulaCells, merges, protected: protectedSheet, tableRids };
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

/** The cells of one row's content [from, to); null when no cell holds a value. */
function readRowCells(
  buf: Buffer,
  str: string,
  from: number,
  to: number,
  p: string,
  r: number,
  ctx: ReadContext,
  formulaCells: Set<number>,
  tag: CellTag,
): RawCell[] | null {
  // Values are collected in a scratch array and copied out at their exact length: a million
  // rows built by growing arrays would hold twice the slots.
  const scratch = SCRATCH;
  let n = 0;
  const cOpen = `<${p}c`;
  const cClose = `</${p}c>`;
  let i = from;
  let col = 0;
  while (i < to) {
    const lt = str.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    const te = tagEndAt(str, lt, to);
    if (te < 0) break;
    if (!str.startsWith(cOpen, lt) || !isNameEnd(str.charCodeAt(lt + cOpen.length))) {
      // Not a cell (an extension element, or an end tag): skip the tag.
      i = te;
      continue;
    }
    parseCellTag(str, lt + p.length, te, tag);
    col = tag.col > 0 ? tag.col : col + 1;
    if (str.charCodeAt(te - 2) === 47) {
      i = te;
      continue;
    }
    const ce = str.indexOf(cClose, te);
    if (ce < 0 || ce > to) break;
    i = ce + cClose.length;
    const v = cellValue(buf, str, te, ce, p, tag, ctx, r, col, formulaCells);
    if (v === undefined) continue;
    scratch[col - 1] = v;
    if (col > n) n = col;
  }
  if (n === 0) return null;
  const arr = scratch.slice(0, n);
  for (let k = 0; k < n; k++) scratch[k] = undefined;
  return arr;
}

const SCRATCH: RawCell[] = [];

/** The value of a cell from its content [from, to); undefined when it holds none. */
function cellValue(
  buf: Buffer,
  str: string,
  from: number,
  to: number,
  p: string,
  tag: CellTag,
  ctx: ReadContext,
  r: number,
  col: number,
  formulaCells: Set<number>,
): RawCell | undefined {
  // The children <f>, <v> and <is>, visited one tag at a time within the cell.
  let vs = -1;
  let ve = -1;
  let formula = false;
  let isAt = -1;
  const pl = p.length;
  let i = from;
  while (i < to) {
    const lt = str.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    const te = tagEndAt(str, lt, to);
    if (te < 0) break;
    i = te;
    if (str.charCodeAt(lt + 1) === 47) continue;
    const c0 = str.charCodeAt(lt + 1 + pl);
    const c1 = str.charCodeAt(lt + 2 + pl);
    if (c0 === 118 && isNameEnd(c1)) {
      // <v>
      if (str.charCodeAt(te - 2) === 47) continue;
      const ce = str.indexOf('<', te);
      if (ce < 0 || ce > to) break;
      vs = te;
      ve = ce;
      i = ce;
    } else if (c0 === 102 && isNameEnd(c1)) {
      formula = true; // <f>
      if (str.charCodeAt(te - 2) !== 47) {
        const ce = str.indexOf('<', te);
        if (ce >= 0 && ce < to) i = ce;
      }
    } else if (c0 === 105 && c1 === 115 && isNameEnd(str.charCodeAt(lt + 3 + pl))) {
      isAt = lt; // <is>
      break;
    }
  }
  if (formula) {
    formulaCells.add(cellKey(r, col));
    // ExcelJS keeps a result only when <v> has text.
    if (vs < 0 || ve === vs) return FORMULA_NO_VALUE;
    switch (tag.t) {
      case 3:
      case 1:
      case 2:
        return columnText(buf, str, vs, ve, col, ctx.texts);
      case 4:
        return parseInt(str.slice(vs, ve), 10) !== 0;
      case 5:
        return { error: textAt(buf, vs, ve) };
      default: {
        const n = parseFloat(str.slice(vs, ve));
        return ctx.styles.isDate(tag.s) ? ctx.dates.get(n) : n;
      }
    }
  }
  switch (tag.t) {
    case 2: {
      // Inline string: the <t> texts inside <is>.
      if (isAt < 0) return undefined;
      return ctx.texts.col(col).intern(stringItemText(buf, str, isAt, to, p));
    }
    case 1: {
      if (vs < 0) return undefined;
      const idx = parseInt(str.slice(vs, ve), 10);
      const s = ctx.sst[idx];
      return s === undefined ? null : s;
    }
    case 3:
      if (vs < 0) return undefined;
      return columnText(buf, str, vs, ve, col, ctx.texts);
    case 4:
      if (vs < 0) return undefined;
      return parseInt(str.slice(vs, ve), 10) !== 0;
    case 5:
      if (vs < 0) return undefined;
      return { error: textAt(buf, vs, ve) };
    case 6:
      if (vs < 0) return undefined;
      return new Date(textAt(buf, vs, ve));
    default: {
      if (vs < 0 || ve === vs) return undefined;
      const n = parseFloat(str.slice(vs, ve));
      return ctx.styles.isDate(tag.s) ? ctx.dates.get(n) : n;
    }
  }
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
  const styles = stylesXml ? StyleBook.parse(stylesXml) : StyleBook.empty();
  const sstRel = workbookRels.find((r) => r.type.endsWith('/sharedStrings'));
  const sstPart = sstRel ? resolveTarget(wbPart, sstRel.target) : null;
  const sst = sstPart && pkg.has(sstPart) ? await readSharedStrings(pkg.stream(sstPart)) : [];
  const ctx = readContext(sst, styles, workbook.date1904);

  const sheets: SheetSnapshot[] = [];
  const tableParts = new Map<string, { part: string; name: string }[]>();
  for (const ws of workbook.sheets) {
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
