/**
 * Rewrites one input sheet's XML in a single streaming pass (Node only): the owned cells are
 * inserted or replaced in each <row>, rows that hold owned cells but do not exist are added, and
 * everything else — other cells, row attributes, views, merges, validations, drawings, user
 * conditional formats — passes through byte for byte. Only these change besides the owned cells:
 * the <dimension>, the <col> widths of owned columns (existing ranges split around them), the
 * `spans` hint of rows that get cells outside it, and the conditional formats of the plan (the
 * previous run's removed per SPEC §5.1.6, this run's added).
 *
 * The XML is handled as byte strings (see package-read.ts): untouched stretches are copied from
 * the inflated chunks as they are, new markup is ASCII except cell texts, which are UTF-8 encoded
 * once per distinct text.
 */
import { parseRange } from '../sheets/address';
import { isPreviousHighlight, ownedHeaderStyle } from '../sheets/plan-apply';
import type { HighlightRule, InputSheetPlan, OwnedColumn } from '../sheets/plan-types';
import {
  byteString,
  fromByteString,
  parseCellTag,
  rowNumber,
  toByteString,
  type CellTag,
} from './package-read';
import { colName, conditionalFormatsXml, numberText } from './sheet-xml';
import type { StyleBook } from './styles';
import {
  attrs,
  escapeCellText,
  isNameEnd,
  rawAttr,
  setAttr,
  skipOtherAt,
  tagEnd,
  tagEndAt,
  topLevelElements,
  unescapeXml,
} from './xml';

/**
 * Where output bytes go (a compressor). `release`, when given, is called once the sink no longer
 * needs the buffer, so it can be reused (fewer large allocations, fewer garbage collections).
 */
export type ByteSink = (b: Buffer, release?: () => void) => void | Promise<void>;

type OwnedCol = OwnedColumn;

/** CT_Worksheet children that follow <conditionalFormatting> (ECMA-376 Part 1, §18.3.1.99). */
const AFTER_CF = new Set([
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
]);

/**
 * Where the next "<" followed by the character `ch` starts at or after `from`, or -1. Searches for
 * the rare second character (a single-character search is a memchr; a search for "<!" stops at
 * every "<" of the markup and was 5× slower on sheet XML).
 */
function nextAfterLt(str: string, ch: number, from: number): number {
  const c = String.fromCharCode(ch);
  for (let k = str.indexOf(c, from + 1); k >= 0; k = str.indexOf(c, k + 1))
    if (str.charCodeAt(k - 1) === 60) return k - 1;
  return -1;
}

/** True when [a, b) of `str` is only XML white space. */
function isBlank(str: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const ch = str.charCodeAt(i);
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) return false;
  }
  return true;
}

/** The <col> elements of a sheet head, as ranges with their raw attributes. */
interface ColRange {
  min: number;
  max: number;
  /** The element text (byte string). */
  xml: string;
}

/**
 * Output bytes of one chunk: stretches of the input (slices of the pass's byte string) and new
 * markup (byte strings), gathered as one string and written into buffers handed to the sink when
 * full. Gathering first and writing ~32 KB at a time costs one native call per spill instead of
 * two per row (a Buffer copy and a latin1 write each make a view and cross into C++: ~180 ms per
 * pass over the W2 研修記録 sheet, 300,000 rows).
 */
class OutBuf {
  static readonly SIZE = 1 << 20;
  /** Gathered text is written out once it is this long (well below V8's large-object size). */
  static readonly SPILL = 32 << 10;
  /** Buffers the sink has released, ready for reuse. */
  private readonly free: Buffer[] = [];
  private buf: Buffer;
  private pos = 0;
  private readonly full: { view: Buffer; base: Buffer }[] = [];
  /** Output not yet written into `buf` (a byte string). */
  private s = '';

  constructor() {
    this.buf = this.fresh(OutBuf.SIZE);
  }

  private fresh(n: number): Buffer {
    if (n <= OutBuf.SIZE && this.free.length) return this.free.pop()!;
    return Buffer.allocUnsafeSlow(Math.max(OutBuf.SIZE, n));
  }

  /** Gives a buffer back once the sink is done with it. */
  release(base: Buffer): void {
    if (base.length === OutBuf.SIZE && this.free.length < 16) this.free.push(base);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.full.push({ view: this.buf.subarray(0, this.pos), base: this.buf });
    this.buf = this.fresh(n);
    this.pos = 0;
  }

  private spill(): void {
    const s = this.s;
    this.s = '';
    this.room(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** Input bytes [start, end) of the pass's byte string `src`. */
  copy(src: string, start: number, end: number): void {
    if (end <= start) return;
    this.s += src.slice(start, end);
    if (this.s.length >= OutBuf.SPILL) this.spill();
  }

  /** A byte string (one character per byte). */
  str(s: string): void {
    if (!s) return;
    this.s += s;
    if (this.s.length >= OutBuf.SPILL) this.spill();
  }

  /** Everything written so far, for the sink. */
  take(): { view: Buffer; base: Buffer }[] {
    if (this.s) this.spill();
    if (this.pos > 0) {
      this.full.push({ view: this.buf.subarray(0, this.pos), base: this.buf });
      this.buf = this.fresh(OutBuf.SIZE);
      this.pos = 0;
    }
    return this.full.splice(0);
  }
}

/**
 * The rewriter of one input sheet. Feed it the inflated chunks in order (`push`), then `end`.
 */
export class InputSheetRewriter {
  private readonly cols: OwnedCol[];
  private readonly colSet: Set<number>;
  private readonly minCol: number;
  private readonly maxCol: number;
  private readonly headerRow: number;
  private readonly lastRow: number;
  private phase: 'head' | 'rows' | 'tail' = 'head';
  /** The window the chunks are joined in: [0, carryLen) holds the bytes carried over. */
  private window: Buffer = Buffer.allocUnsafeSlow(2 << 20);
  private carryLen = 0;
  /** Bytes left unprocessed by the last pass over the window (an unfinished row or head). */
  private leftOver = 0;
  /**
   * Bytes passed over so far (converted to a byte string and tokenised). Linear in the input:
   * `push` defers a pass until the window has doubled since the last unfinished one.
   */
  scannedBytes = 0;
  /** Passes made so far (identifies the current byte string). */
  private passes = 0;
  private tail = '';
  private p = '';
  private prevRow = 0;
  /** The next row number (≥ headerRow) that may still need to be added as a new row. */
  private pending: number;
  private colStyles: ColRange[] = [];
  /** Per owned column: the style of its <col> (0 when none), and the last (base → xf) derived. */
  private colBase: number[] = [];
  private readonly memoBase: number[];
  private readonly memoXf: number[];
  /** Cell text → its inline-string body as a byte string (distinct texts are few). */
  private readonly textCache = new Map<string, string>();
  private readonly xfCache = new Map<string, number>();
  private readonly tag: CellTag = { col: 0, s: 0, t: 0 };
  private readonly refPrefix: string[];
  private readonly out = new OutBuf();
  private readonly allOwnedCols: number[];

  constructor(
    private readonly plan: InputSheetPlan,
    private readonly styles: StyleBook,
    private readonly sink: ByteSink,
  ) {
    this.cols = [...plan.columns].sort((a, b) => a.col - b.col);
    this.colSet = new Set(this.cols.map((c) => c.col));
    this.minCol = this.cols.length ? this.cols[0].col : Infinity;
    this.maxCol = this.cols.length ? this.cols[this.cols.length - 1].col : 0;
    this.headerRow = plan.headerRow;
    this.lastRow = plan.lastRow;
    this.pending = plan.headerRow;
    this.refPrefix = this.cols.map((c) => colName(c.col));
    this.allOwnedCols = this.cols.map((c) => c.col);
    this.memoBase = this.cols.map(() => -1);
    this.memoXf = this.cols.map(() => -1);
  }

  async push(chunk: Buffer): Promise<void> {
    const buf = this.join(chunk);
    // An unfinished row (or head) stays in the window until it is complete. Passing over it again
    // for every chunk would be quadratic in its length (a 128 MB cell took minutes, issue 16):
    // the next pass waits until the window holds twice what the last pass left unprocessed, so
    // the bytes passed over are at most about twice the input. Ordinary rows, far shorter than a
    // chunk, are processed with the next chunk as before.
    if (this.phase !== 'tail' && this.leftOver > 0 && buf.length < 2 * this.leftOver) {
      this.carryLen = buf.length;
      return;
    }
    await this.pass(buf);
  }

  /** One pass over the window: everything complete goes to the sink, the rest is carried. */
  private async pass(buf: Buffer): Promise<void> {
    this.scannedBytes += buf.length;
    this.passes++;
    const str = byteString(buf);
    const ob = this.out;
    let i = 0;
    if (this.phase === 'head') {
      const m = /<(?:([\w.-]+):)?sheetData\b/.exec(str);
      const te = m ? tagEndAt(str, m.index, str.length) : -1;
      if (!m || te < 0) {
        this.carryLen = buf.length;
        this.leftOver = buf.length;
        return;
      }
      this.p = m[1] ? `${m[1]}:` : '';
      ob.str(this.rewriteHead(str.slice(0, m.index)));
      if (str.charCodeAt(te - 2) === 47) {
        // <sheetData/>: every owned row is new.
        ob.str(str.slice(m.index, te).replace(/\s*\/>$/, '>'));
        this.newRowsUpTo(this.lastRow);
        ob.str(`</${this.p}sheetData>`);
        this.phase = 'tail';
      } else {
        ob.copy(str, m.index, te);
        this.phase = 'rows';
      }
      i = te;
    }
    if (this.phase === 'rows') i = this.rows(buf, str, i);
    if (this.phase === 'tail') {
      this.tail += str.slice(i);
      this.carryLen = 0;
      this.leftOver = 0;
    } else {
      // The unprocessed rest (an incomplete row) moves to the front of the window.
      if (i > 0) buf.copy(this.window, 0, i, buf.length);
      this.carryLen = buf.length - i;
      this.leftOver = this.carryLen;
    }
    for (const { view, base } of ob.take()) await this.sink(view, () => ob.release(base));
  }

  /** The carried-over bytes followed by `chunk`, in the reused window buffer. */
  private join(chunk: Buffer): Buffer {
    const n = this.carryLen + chunk.length;
    if (n > this.window.length) {
      const w = Buffer.allocUnsafeSlow(Math.max(n, 2 * this.window.length));
      this.window.copy(w, 0, 0, this.carryLen);
      this.window = w;
    }
    chunk.copy(this.window, this.carryLen);
    return this.window.subarray(0, n);
  }

  async end(): Promise<void> {
    // A pass `push` deferred.
    if (this.phase !== 'tail' && this.carryLen > 0) await this.pass(this.window.subarray(0, this.carryLen));
    if (this.phase !== 'tail') throw new Error('worksheet XML ended inside sheetData');
    await this.sink(Buffer.from(this.rewriteTail(this.tail), 'latin1'));
  }

  // -------------------------------------------------------------------------------------------
  // Rows

  /** Processes complete rows from `start` into the output; returns where the unprocessed rest starts. */
  private rows(buf: Buffer, str: string, start: number): number {
    const p = this.p;
    const ob = this.out;
    const rowOpen = `<${p}row`;
    const rowClose = `</${p}row>`;
    const dataClose = `</${p}sheetData>`;
    let copyFrom = start;
    let i = start;
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
        const selfClosing = str.charCodeAt(te - 2) === 47;
        let ce = -1;
        if (!selfClosing) {
          ce = str.indexOf(rowClose, te);
          if (ce < 0) {
            i = lt;
            break;
          }
        }
        const r = rowNumber(str, lt, te, this.prevRow);
        const end = selfClosing ? te : ce + rowClose.length;
        // New rows that belong before this one.
        if (this.pending < r && this.pending <= this.lastRow) {
          ob.copy(str, copyFrom, lt);
          copyFrom = lt;
          this.newRowsUpTo(Math.min(r - 1, this.lastRow));
        }
        if (r >= this.pending) this.pending = r + 1;
        if (
          r >= this.headerRow &&
          this.cols.length &&
          this.rewriteRow(buf, str, lt, te, selfClosing ? -1 : ce, r, copyFrom)
        )
          copyFrom = end;
        this.prevRow = r;
        i = end;
        continue;
      }
      if (str.startsWith(dataClose, lt)) {
        ob.copy(str, copyFrom, lt);
        if (this.pending <= this.lastRow) this.newRowsUpTo(this.lastRow);
        ob.str(dataClose);
        copyFrom = lt + dataClose.length;
        i = copyFrom;
        this.phase = 'tail';
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
    ob.copy(str, copyFrom, i);
    return i;
  }

  /**
   * Writes rows pending … upTo that do not exist in the file (only those with owned cells), row by
   * row into the output: a sheet whose last row is far below the others (a 3 KB file with one cell
   * in row 1,048,576) adds a million rows, and one string of them all cost 1.5 GB and most of a
   * minute (found by the hostile campaign).
   */
  private newRowsUpTo(upTo: number): void {
    const ob = this.out;
    for (let r = Math.max(this.pending, this.headerRow); r <= upTo; r++) {
      const cells = this.ownedCells(r, null, null);
      if (cells.xml) ob.str(`<${this.p}row r="${r}">${cells.xml}</${this.p}row>`);
    }
    if (upTo >= this.pending) this.pending = upTo + 1;
  }

  /** The style of a column from <cols> (0 when none). */
  private colStyle(col: number): number {
    for (const c of this.colStyles) {
      if (col >= c.min && col <= c.max) {
        const s = rawAttr(c.xml, 'style');
        return s ? Number(s) || 0 : 0;
      }
    }
    return 0;
  }

  private withNumFmt(base: number, fmt: string): number {
    const key = `${base}|${fmt}`;
    let id = this.xfCache.get(key);
    if (id === undefined) this.xfCache.set(key, (id = this.styles.withNumFmt(base, fmt)));
    return id;
  }

  /** The cell format of an owned header cell: its own format overlaid with the plan's header style. */
  private headerXf(base: number, c: OwnedCol): number {
    const style = ownedHeaderStyle(c);
    const key = `${base}|header|${style}`;
    let id = this.xfCache.get(key);
    if (id === undefined) this.xfCache.set(key, (id = this.styles.withStyle(base, style)));
    return id;
  }

  private textXml(text: string): string {
    let x = this.textCache.get(text);
    if (x === undefined) {
      const space = /^\s|\s$|[\t\n\r]/.test(text) ? ' xml:space="preserve"' : '';
      x = toByteString(`<${this.p}is><${this.p}t${space}>${escapeCellText(text)}</${this.p}t></${this.p}is>`);
      if (this.textCache.size < 200_000) this.textCache.set(text, x);
    }
    return x;
  }

  /**
   * The owned cells of row r, in column order, each as XML (byte string) keyed by column.
   * `existing` holds the style of existing owned cells; `rowStyle` the row's own style (or null).
   */
  private ownedCells(
    r: number,
    existing: Map<number, number> | null,
    rowStyle: number | null,
  ): { xml: string; byCol: Map<number, string> | null } {
    const byCol = existing ? new Map<number, string>() : null;
    let xml = '';
    const p = this.p;
    for (let k = 0; k < this.cols.length; k++) {
      const c = this.cols[k];
      const old = existing?.get(c.col);
      const base = old ?? (this.colBase[k] || rowStyle || 0);
      const ref = `${this.refPrefix[k]}${r}`;
      let cell = '';
      if (r > this.lastRow) {
        // Below the last read row: cleared, formatting kept (SPEC §5.1.5). A column being added
        // is placed right of every user cell from the header row down, so it holds none there.
        cell = old ? `<${p}c r="${ref}" s="${old}"/>` : '';
      } else if (r === this.headerRow) {
        const s = this.headerXf(base, c);
        cell = `<${p}c r="${ref}"${s ? ` s="${s}"` : ''} t="inlineStr">${this.textXml(c.header)}</${p}c>`;
      } else {
        const v = c.values[r - this.headerRow - 1];
        let s = base;
        if (c.numFmt) {
          if (this.memoBase[k] !== base) {
            this.memoBase[k] = base;
            this.memoXf[k] = this.withNumFmt(base, c.numFmt);
          }
          s = this.memoXf[k];
        }
        const sa = s ? ` s="${s}"` : '';
        // An empty owned cell keeps the number format of its column (as the add-in's range format
        // does), or its own formatting; no cell is made just to repeat the column's format.
        if (v === null || v === undefined)
          cell = c.numFmt
            ? sa
              ? `<${p}c r="${ref}"${sa}/>`
              : ''
            : old
              ? `<${p}c r="${ref}" s="${old}"/>`
              : '';
        else if (typeof v === 'number')
          cell = Number.isFinite(v)
            ? `<${p}c r="${ref}"${sa}><${p}v>${numberText(v)}</${p}v></${p}c>`
            : sa
              ? `<${p}c r="${ref}"${sa}/>`
              : '';
        else cell = `<${p}c r="${ref}"${sa} t="inlineStr">${this.textXml(v)}</${p}c>`;
      }
      if (byCol) byCol.set(c.col, cell);
      xml += cell;
    }
    return { xml, byCol };
  }

  /** The style of a row start tag when it formats its cells (customFormat), else null. */
  private rowStyleOf(tag: string): number | null {
    if (!tag.includes('customFormat')) return null;
    const a = attrs(tag);
    if (a.get('customFormat') !== '1' && a.get('customFormat') !== 'true') return null;
    return Number(a.get('s') ?? 0) || null;
  }

  /** The row start tag with `spans` widened to cover [lo, hi] (unchanged when it already does). */
  private widenSpans(tag: string, lo: number, hi: number): string {
    const at = tag.indexOf(' spans="');
    if (at < 0) return tag;
    const vs = at + 8;
    const ve = tag.indexOf('"', vs);
    if (ve < 0) return tag;
    // Usually one range "a:b"; several ranges are merged into one.
    let a = Infinity;
    let b = 0;
    let n = 0;
    let cur = 0;
    let digits = false;
    for (let i = vs; i <= ve; i++) {
      const ch = tag.charCodeAt(i);
      if (ch >= 48 && ch <= 57) {
        cur = cur * 10 + (ch - 48);
        digits = true;
      } else if (digits) {
        a = Math.min(a, cur);
        b = Math.max(b, cur);
        n++;
        cur = 0;
        digits = false;
      }
    }
    if (n === 0) return tag;
    if (lo >= a && hi <= b && n === 2) return tag;
    return `${tag.slice(0, vs)}${Math.min(a, lo)}:${Math.max(b, hi)}${tag.slice(ve)}`;
  }

  /**
   * Row r (start tag [lt, te), content up to ce; ce = -1 for <row/>) with its owned cells. When it
   * changes, the input from `copyFrom` up to the row and then the new row are written to the
   * output and true is returned; false leaves the row to be copied as it is.
   */
  private rewriteRow(
    buf: Buffer,
    str: string,
    lt: number,
    te: number,
    ce: number,
    r: number,
    copyFrom: number,
  ): boolean {
    const p = this.p;
    const ob = this.out;
    const tag = this.tag;
    const cOpen = `<${p}c`;
    const cClose = `</${p}c>`;
    const contentStart = te;
    const contentEnd = ce < 0 ? te : ce;
    // Fast path: the row's cells all lie left of the owned columns (the first run, new columns).
    let lastCell = -1;
    // A comment, PI or CDATA section may hold "<c" or "</c>": no fast path then (issue 16, defect 8).
    const special = this.specialIn(str, contentStart, contentEnd);
    if (ce >= 0 && !special) {
      lastCell = str.lastIndexOf(cOpen, contentEnd);
      while (lastCell >= contentStart && !isNameEnd(str.charCodeAt(lastCell + cOpen.length)))
        lastCell = str.lastIndexOf(cOpen, lastCell - 1);
      if (lastCell < contentStart) lastCell = -1;
    }
    // Simple when nothing but white space follows the last cell, and that cell lies left of ours.
    let simple = false;
    if (lastCell < 0) simple = isBlank(str, contentStart, contentEnd);
    else {
      const cte = tagEndAt(str, lastCell, contentEnd);
      if (cte > 0) {
        parseCellTag(str, lastCell + p.length, cte, tag);
        let lastEnd = cte;
        if (str.charCodeAt(cte - 2) !== 47) {
          const x = str.indexOf(cClose, cte);
          lastEnd = x < 0 || x > contentEnd ? contentEnd + 1 : x + cClose.length;
        }
        simple =
          tag.col > 0 && tag.col < this.minCol && lastEnd <= contentEnd && isBlank(str, lastEnd, contentEnd);
      }
    }
    const startTag = str.slice(lt, te);
    if (simple) {
      if (r > this.lastRow) return false;
      const cells = this.ownedCells(r, null, this.rowStyleOf(startTag)).xml;
      if (!cells) return false;
      const open = this.widenSpans(startTag, this.minCol, this.maxCol);
      if (ce < 0) {
        ob.copy(str, copyFrom, lt);
        ob.str(`${open.replace(/\s*\/>$/, '>')}${cells}</${p}row>`);
        return true;
      }
      if (open === startTag) ob.copy(str, copyFrom, contentEnd);
      else {
        ob.copy(str, copyFrom, lt);
        ob.str(open);
        ob.copy(str, contentStart, contentEnd);
      }
      ob.str(`${cells}</${p}row>`);
      return true;
    }
    // General path: walk every cell; replace owned ones, merge ours in column order.
    const owns = this.colSet;
    const existing = new Map<number, number>();
    /** Cells in order: [lead start, cell start, cell end, column, owned (1) / kept (0) / kept, needs r (2)]. */
    const cells: number[][] = [];
    const trailing: number[] = [];
    let i = contentStart;
    let col = 0;
    while (i < contentEnd) {
      const clt = str.indexOf('<', i);
      if (clt < 0 || clt >= contentEnd) {
        trailing.push(i, contentEnd);
        break;
      }
      const cte = tagEndAt(str, clt, contentEnd);
      if (cte < 0) return false;
      if (!str.startsWith(cOpen, clt) || !isNameEnd(str.charCodeAt(clt + cOpen.length))) {
        // Comments or a row extension: kept, after the cells.
        // A comment or PI (one token up to its end, see tagEndAt), an empty element or an end tag
        // ends at its tag's end; anything else at its own end tag.
        const c1 = str.charCodeAt(clt + 1);
        const endEl =
          str.charCodeAt(cte - 2) === 47 || c1 === 47 || c1 === 33 || c1 === 63
            ? cte
            : this.elementEnd(str, clt, cte, contentEnd);
        trailing.push(i, endEl);
        i = endEl;
        continue;
      }
      parseCellTag(str, clt + p.length, cte, tag);
      if (tag.col > 0) col = tag.col;
      else col++;
      let cend: number;
      if (str.charCodeAt(cte - 2) === 47) cend = cte;
      else if (special) {
        // Comments, PIs or CDATA in the row: the cell ends at its own end tag (issue 16, defect 8).
        cend = this.elementEnd(str, clt, cte, contentEnd);
        if (cend > contentEnd) return false;
      } else {
        const x = str.indexOf(cClose, cte);
        if (x < 0 || x > contentEnd) return false;
        cend = x + cClose.length;
      }
      if (owns.has(col)) {
        existing.set(col, tag.s);
        cells.push([i, clt, cend, col, 1]);
      } else cells.push([i, clt, cend, col, tag.col === 0 ? 2 : 0]);
      i = cend;
    }
    if (r > this.lastRow && existing.size === 0) return false;
    const owned = this.ownedCells(r, existing, this.rowStyleOf(startTag));
    let open = startTag;
    if (r <= this.lastRow) open = this.widenSpans(open, this.minCol, this.maxCol);
    if (ce < 0) {
      if (!owned.xml) return false;
      open = open.replace(/\s*\/>$/, '>');
    }
    ob.copy(str, copyFrom, lt);
    ob.str(open);
    // Merge: user cells in their order (copied), owned cells at their columns.
    let k = 0;
    const ownedCols = this.allOwnedCols;
    // The column of the last cell written: a kept cell without `r` stays without it when its
    // column still follows (issue 15, defect 8); only a cleared owned cell before it needs one.
    let last = 0;
    const putOwned = (col: number): void => {
      const x = owned.byCol!.get(col) ?? '';
      if (x) {
        ob.str(x);
        last = col;
      }
    };
    for (const [lead, cs, cend, c, kind] of cells) {
      while (k < ownedCols.length && ownedCols[k] < c) putOwned(ownedCols[k++]);
      if (kind === 1) {
        ob.copy(str, lead, cs); // the replaced cell's leading white space
        if (k < ownedCols.length && ownedCols[k] === c) putOwned(ownedCols[k++]);
      } else if (kind === 2 && c !== last + 1) {
        ob.copy(str, lead, cs);
        ob.str(`<${p}c r="${colName(c)}${r}"`);
        ob.copy(str, cs + cOpen.length, cend);
        last = c;
      } else {
        ob.copy(str, lead, cend);
        last = c;
      }
    }
    while (k < ownedCols.length) ob.str(owned.byCol!.get(ownedCols[k++]) ?? '');
    for (let t = 0; t < trailing.length; t += 2) ob.copy(str, trailing[t], trailing[t + 1]);
    ob.str(`</${p}row>`);
    return true;
  }

  /**
   * True when a comment, processing instruction or CDATA section ("<!" or "<?") starts in
   * [from, to) of `str`. The next one at or after the last position asked about is remembered per
   * byte string, so a pass looks at each byte about once (rows are asked about in order) instead
   * of stepping through every "<" of every row.
   */
  private specialIn(str: string, from: number, to: number): boolean {
    // (Compared by pass, not by string: `!==` on two equal-length strings compares their bytes.)
    if (this.specialPass !== this.passes || (this.specialAt >= 0 && this.specialAt < from)) {
      const a = nextAfterLt(str, 33, from); // <!
      const b = nextAfterLt(str, 63, from); // <?
      this.specialPass = this.passes;
      this.specialAt = a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }
    return this.specialAt >= 0 && this.specialAt < to;
  }

  private specialPass = -1;
  /** The next "<!" or "<?" in the pass's byte string at or after the last position asked about; -1: none. */
  private specialAt = -1;

  /** End of an element with content starting at lt (its start tag ends at te). */
  private elementEnd(str: string, lt: number, te: number, limit: number): number {
    const name = /^<([\w:.-]+)/.exec(str.slice(lt, lt + 80))?.[1] ?? '';
    let depth = 1;
    let j = te;
    while (depth > 0 && j < limit) {
      const n = str.indexOf('<', j);
      if (n < 0 || n >= limit) return limit;
      const ne = tagEndAt(str, n, limit);
      if (ne < 0) return limit;
      const t = str.slice(n, Math.min(ne, n + name.length + 3));
      if (t.startsWith(`</${name}`)) depth--;
      else if (t.startsWith(`<${name}`) && str.charCodeAt(ne - 2) !== 47) depth++;
      j = ne;
    }
    return j;
  }

  // -------------------------------------------------------------------------------------------
  // Head: dimension and column widths

  private rewriteHead(head: string): string {
    const p = this.p;
    let out = head;
    // Column widths.
    const colsOpen = new RegExp(`<${p}cols\\b[^>]*>`).exec(out);
    const colsClose = colsOpen ? out.indexOf(`</${p}cols>`, colsOpen.index) : -1;
    const ranges: ColRange[] = [];
    if (colsOpen && colsClose >= 0) {
      const body = out.slice(colsOpen.index + colsOpen[0].length, colsClose);
      for (const m of body.matchAll(
        new RegExp(`<${p}col\\b[^>]*?/>|<${p}col\\b[^>]*>[\\s\\S]*?</${p}col>`, 'g'),
      )) {
        const a = attrs(m[0]);
        ranges.push({ min: Number(a.get('min')), max: Number(a.get('max')), xml: m[0] });
      }
    }
    this.colStyles = ranges;
    this.colBase = this.cols.map((c) => this.colStyle(c.col));
    if (this.cols.length) {
      const next = this.widthRanges(ranges);
      const colsXml = `<${p}cols>${next.map((c) => c.xml).join('')}</${p}cols>`;
      if (colsOpen && colsClose >= 0)
        out = out.slice(0, colsOpen.index) + colsXml + out.slice(colsClose + `</${p}cols>`.length);
      else {
        const selfClosing = new RegExp(`<${p}cols\\s*/>`).exec(out);
        if (selfClosing)
          out =
            out.slice(0, selfClosing.index) + colsXml + out.slice(selfClosing.index + selfClosing[0].length);
        else out += colsXml; // <cols> comes right before <sheetData>
      }
    }
    // The dimension covers the owned columns.
    out = out.replace(
      new RegExp(`(<${p}dimension\\b[^>]*\\sref=")([^"]*)(")`),
      (_m, pre: string, ref: string, post: string) => {
        const b = parseRange(ref.split(/\s+/)[0].replace(/\$/g, ''));
        if (!b || !this.cols.length) return `${pre}${ref}${post}`;
        const top = Math.min(b.top, this.headerRow);
        const left = Math.min(b.left, this.minCol);
        const bottom = Math.max(b.bottom, this.lastRow);
        const right = Math.max(b.right, this.maxCol);
        return `${pre}${colName(left)}${top}:${colName(right)}${bottom}${post}`;
      },
    );
    return out;
  }

  /** <col> ranges with the owned columns' widths: ranges split around them, new ones inserted. */
  private widthRanges(ranges: ColRange[]): ColRange[] {
    let list = [...ranges].sort((a, b) => a.min - b.min);
    for (const c of this.cols) {
      const i = list.findIndex((x) => c.col >= x.min && c.col <= x.max);
      const width = String(c.width);
      if (i < 0) {
        const el = `<${this.p}col min="${c.col}" max="${c.col}" width="${width}" customWidth="1"/>`;
        list.push({ min: c.col, max: c.col, xml: el });
        list.sort((a, b) => a.min - b.min);
        continue;
      }
      const x = list[i];
      const part = (min: number, max: number, w: string | null): ColRange => {
        let xml = setAttr(setAttr(x.xml, 'min', String(min)), 'max', String(max));
        if (w !== null) xml = setAttr(setAttr(xml, 'width', w), 'customWidth', '1');
        return { min, max, xml };
      };
      const pieces: ColRange[] = [];
      if (x.min < c.col) pieces.push(part(x.min, c.col - 1, null));
      const own = part(c.col, c.col, width);
      pieces.push(
        x.min === c.col &&
          x.max === c.col &&
          rawAttr(x.xml, 'width') === width &&
          rawAttr(x.xml, 'customWidth') === '1'
          ? x
          : own,
      );
      if (x.max > c.col) pieces.push(part(c.col + 1, x.max, null));
      list = [...list.slice(0, i), ...pieces, ...list.slice(i + 1)];
    }
    return list;
  }

  // -------------------------------------------------------------------------------------------
  // Tail: conditional formats

  private rewriteTail(tail: string): string {
    // A fake root start tag, so the tail's elements are the root's children.
    const doc = '<w>' + tail;
    const { children } = topLevelElements(doc);
    const cfs = children.filter((c) => c.name === 'conditionalFormatting');
    const remove = cfs.filter((c) => isOwnRule(doc.slice(c.start, c.end), this.plan));
    let out = doc;
    for (const c of [...remove].sort((a, b) => b.start - a.start))
      out = out.slice(0, c.start) + out.slice(c.end);
    // Priorities of this run's rules follow every remaining rule's (x14 rules included).
    let maxPriority = 0;
    for (const m of out.matchAll(/\spriority="(\d+)"/g)) maxPriority = Math.max(maxPriority, Number(m[1]));
    const added = this.plan.highlights.length
      ? toByteString(
          this.prefixed(
            conditionalFormatsXml(this.plan.highlights as HighlightRule[], this.styles, maxPriority + 1),
          ),
        )
      : '';
    if (added) {
      const again = topLevelElements(out);
      const lastCf = [...again.children].reverse().find((c) => c.name === 'conditionalFormatting');
      // An mc:AlternateContent stands where the element of its branches stands (Excel wraps
      // <controls> and <oleObjects> in one): it counts as that element (ECMA-376 Part 3 §10.2).
      const orderName = (c: { name: string; start: number; end: number }) =>
        c.name === 'AlternateContent' ? alternateContentName(out.slice(c.start, c.end)) : c.name;
      const before = again.children.find((c) => AFTER_CF.has(orderName(c)));
      const at = lastCf ? lastCf.end : before ? before.start : again.rootClose;
      out = out.slice(0, at) + added + out.slice(at);
    }
    return out.slice(3);
  }

  /** Markup of the default namespace with this sheet's prefix. */
  private prefixed(xml: string): string {
    if (!this.p) return xml;
    return xml.replace(/<(\/?)(conditionalFormatting|cfRule|formula)\b/g, `<$1${this.p}$2`);
  }
}

/** The local name of the first element inside the first branch of an mc:AlternateContent. */
function alternateContentName(xml: string): string {
  const branch = topLevelElements(xml).children[0];
  if (!branch) return '';
  return topLevelElements(xml.slice(branch.start, branch.end)).children[0]?.name ?? '';
}

/**
 * True when a <conditionalFormatting> is a previous run's highlight — decided by the plan
 * (isPreviousHighlight): its sqref areas and the formula of each rule (a rule without exactly one
 * formula, or an unreadable area, makes it the user's).
 */
export function isOwnRule(xml: string, plan: Pick<InputSheetPlan, 'columns' | 'highlights'>): boolean {
  const open = xml.slice(0, tagEnd(xml, 0));
  const sqref = attrs(open).get('sqref') ?? '';
  const areas = sqref
    .split(/\s+/)
    .filter(Boolean)
    .map((r) => parseRange(r.replace(/\$/g, '')));
  if (areas.some((b) => !b)) return false;
  const rules = [...xml.matchAll(/<(?:[\w.-]+:)?cfRule\b[\s\S]*?(?:\/>|<\/(?:[\w.-]+:)?cfRule>)/g)].map(
    (m) => m[0],
  );
  const formulas: string[] = [];
  for (const rule of rules) {
    const fs = [...rule.matchAll(/<(?:[\w.-]+:)?formula>([\s\S]*?)<\/(?:[\w.-]+:)?formula>/g)].map(
      (m) => m[1],
    );
    if (fs.length !== 1) return false;
    formulas.push(`=${unescapeXml(fromByteString(fs[0]))}`);
  }
  return isPreviousHighlight(
    plan,
    areas.map((b) => ({ left: b!.left, right: b!.right })),
    formulas,
  );
}
