/**
 * A streaming XML tokeniser for the package reader (Node only): the inflated chunks of a part are
 * pushed one after the other and each byte is looked at a bounded number of times, whatever the
 * size of a row or a cell — reading is linear in bytes (issue 16, defect 3).
 *
 * It works on "byte strings" (see package-read.ts: the UTF-8 bytes of a chunk as latin1, one
 * character per byte). Between chunks it keeps only an unfinished tag (at most MAX_TAG_BYTES) or
 * the last two bytes of an unfinished comment, processing instruction or CDATA section; the text
 * a subclass asks to collect is kept as pieces and handed over once its element ends.
 *
 * Every construct of XML 1.0 that may appear inside a document element is read as XML says
 * (issue 16, defect 8): comments and processing instructions are skipped whatever they contain
 * (quotes, `<`, `</sheetData>`), CDATA sections are text, character data outside collected
 * elements is ignored. A DOCTYPE (or any other `<!` declaration) is refused: ECMA-376 Part 2
 * (Open Packaging Conventions), "XML Usage", [M1.18]: "DTD declarations shall not be used …
 * Package implementers shall … treat the presence of DTD declarations as an error" (e.g.
 * https://c-rex.net/samples/ooxml/e1/Part2/OOXML_P2_Open_Packaging_Conventions_XML_topic_ID0EPSAG.html).
 */
import { FatalError } from '../sheets/fatal';
import { isNameEnd, tagEndAt } from './xml';

/** The longest tag (start or end, with its attributes) accepted; longer: file-corrupt. */
export const MAX_TAG_BYTES = 1 << 20;
/**
 * The most bytes of text collected for one value: 32,767 characters (Excel's limit per cell) of
 * up to 16 bytes each (`&#x10FFFF;`, `_x005F_` escapes…). Beyond: file-corrupt.
 */
export const MAX_TEXT_BYTES = 32767 * 16;

const enum Mode {
  Markup = 0,
  Comment = 1,
  Pi = 2,
  Cdata = 3,
}

export const corruptFile = (): FatalError => new FatalError('file-corrupt');

/** `&` and `<` of CDATA content escaped, so collected text is unescaped uniformly afterwards. */
const escapeCdata = (s: string): string =>
  s.includes('&') || s.includes('<') ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;') : s;

export abstract class XmlStream {
  /** The current chunk (carry included) and its byte string. */
  protected buf: Buffer = Buffer.alloc(0);
  protected str = '';
  /** Increments with every chunk: ranges into `str` are valid within one chunk only. */
  protected chunkNo = 0;

  private carry: Buffer | null = null;
  private mode: Mode = Mode.Markup;

  /** Set by a subclass in onStart to collect the element's text until its end tag. */
  protected collecting = false;
  /** The collected text as one range of the current chunk (textStart ≥ 0), or as pieces. */
  protected textStart = -1;
  protected textEnd = -1;
  private pieces: string[] = [];
  private pieceBytes = 0;

  /** A start tag: the qualified name is str[ns, ne); the tag spans [lt, te). */
  protected abstract onStart(ns: number, ne: number, lt: number, te: number, selfClosing: boolean): void;
  /** An end tag: the qualified name is str[ns, ne). */
  protected abstract onEnd(ns: number, ne: number): void;
  /** Called after each chunk, before its byte string goes (ranges must be copied out). */
  protected onChunkEnd(): void {}

  /** True when collected text is waiting as pieces (not a single range of this chunk). */
  protected get textInPieces(): boolean {
    return this.pieces.length > 0;
  }

  /** The collected text as one byte string (escaped), and a reset of the collector. */
  protected takeTextPieces(): string {
    if (this.textStart >= 0) this.toPieces();
    const s = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    this.resetText();
    return s;
  }

  protected resetText(): void {
    this.textStart = -1;
    this.textEnd = -1;
    this.pieces = [];
    this.pieceBytes = 0;
  }

  private toPieces(): void {
    this.pieces.push(this.str.slice(this.textStart, this.textEnd));
    this.textStart = -1;
    this.textEnd = -1;
  }

  private addText(from: number, to: number): void {
    if (to <= from) return;
    this.pieceBytes += to - from;
    if (this.pieceBytes > MAX_TEXT_BYTES) throw corruptFile();
    if (this.textStart < 0 && this.pieces.length === 0) {
      this.textStart = from;
      this.textEnd = to;
      return;
    }
    if (this.textStart >= 0) this.toPieces();
    this.pieces.push(this.str.slice(from, to));
  }

  private addCdata(from: number, to: number): void {
    if (to <= from) return;
    this.pieceBytes += to - from;
    if (this.pieceBytes > MAX_TEXT_BYTES) throw corruptFile();
    if (this.textStart >= 0) this.toPieces();
    this.pieces.push(escapeCdata(this.str.slice(from, to)));
  }

  /** Tokenises one more chunk. */
  push(chunk: Buffer): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const str = buf.toString('latin1');
    this.buf = buf;
    this.str = str;
    this.chunkNo++;
    const n = str.length;
    let i = 0;
    let carryFrom = n;
    if (this.mode !== Mode.Markup) {
      const r = this.finishSpecial(0);
      if (r < 0) return this.endChunk(this.carryFrom);
      i = r;
    }
    while (i < n) {
      const lt = str.indexOf('<', i);
      if (lt < 0) {
        if (this.collecting) this.addText(i, n);
        i = n;
        break;
      }
      if (this.collecting && lt > i) this.addText(i, lt);
      const c1 = str.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */) {
        if (n - lt < 9 && !str.startsWith('<!--', lt)) {
          // Too short to tell CDATA from a declaration yet (or from a comment).
          const have = str.slice(lt);
          if (!'<![CDATA['.startsWith(have) && !'<!--'.startsWith(have)) throw corruptFile();
          carryFrom = lt;
          break;
        }
        if (str.startsWith('<!--', lt)) {
          this.mode = Mode.Comment;
          this.specialFrom = lt + 4;
        } else if (str.startsWith('<![CDATA[', lt)) {
          this.mode = Mode.Cdata;
          this.specialFrom = lt + 9;
        } else throw corruptFile(); // <!DOCTYPE …>, <!ENTITY …>: no DTD in a package part
        const r = this.finishSpecial(this.specialFrom);
        if (r < 0) {
          carryFrom = this.carryFrom;
          break;
        }
        i = r;
        continue;
      }
      if (c1 === 63 /* ? */) {
        this.mode = Mode.Pi;
        this.specialFrom = lt + 2;
        const r = this.finishSpecial(this.specialFrom);
        if (r < 0) {
          carryFrom = this.carryFrom;
          break;
        }
        i = r;
        continue;
      }
      if (c1 === 47 /* / */) {
        const gt = str.indexOf('>', lt);
        if (gt < 0) {
          if (n - lt > MAX_TAG_BYTES) throw corruptFile();
          carryFrom = lt;
          break;
        }
        let ne = lt + 2;
        while (ne < gt && !isNameEnd(str.charCodeAt(ne))) ne++;
        this.onEnd(lt + 2, ne);
        i = gt + 1;
        continue;
      }
      if (lt + 1 >= n) {
        carryFrom = lt;
        break;
      }
      const te = tagEndAt(str, lt, n);
      if (te < 0) {
        if (n - lt > MAX_TAG_BYTES) throw corruptFile();
        carryFrom = lt;
        break;
      }
      let ne = lt + 1;
      while (ne < te && !isNameEnd(str.charCodeAt(ne))) ne++;
      this.onStart(lt + 1, ne, lt, te, str.charCodeAt(te - 2) === 47);
      i = te;
    }
    this.endChunk(carryFrom);
  }

  /** Where the current comment / PI / CDATA content started in this chunk. */
  private specialFrom = 0;
  /** Where the carry starts when a special construct is unfinished. */
  private carryFrom = 0;

  /**
   * Looks for the end of the current comment, PI or CDATA section from `from`: returns the index
   * after it (mode back to markup), or -1 when the chunk ends first (carryFrom set).
   */
  private finishSpecial(from: number): number {
    const str = this.str;
    const end = this.mode === Mode.Pi ? '?>' : this.mode === Mode.Comment ? '-->' : ']]>';
    const e = str.indexOf(end, from);
    if (e < 0) {
      // Keep the last bytes that could start the terminator.
      const keep = Math.max(from, str.length - (end.length - 1));
      if (this.mode === Mode.Cdata && this.collecting) this.addCdata(from, keep);
      this.carryFrom = keep;
      return -1;
    }
    if (this.mode === Mode.Cdata && this.collecting) this.addCdata(from, e);
    this.mode = Mode.Markup;
    return e + end.length;
  }

  private endChunk(carryFrom: number): void {
    const n = this.str.length;
    if (this.textStart >= 0) this.toPieces();
    this.onChunkEnd();
    if (carryFrom < n) this.carry = Buffer.from(this.buf.subarray(carryFrom));
  }

  /** The end of the part: anything unfinished is a truncated (corrupt) part. */
  protected finish(): void {
    if (this.mode !== Mode.Markup) throw corruptFile();
    if (this.carry && this.carry.toString('latin1').trim() !== '') throw corruptFile();
  }
}

/** True when the qualified name str[ns, ne) is `prefix` + `local` (prefix with its colon, or ""). */
export function isName(str: string, ns: number, ne: number, prefix: string, local: string): boolean {
  return (
    ne - ns === prefix.length + local.length &&
    str.startsWith(local, ns + prefix.length) &&
    (prefix === '' || str.startsWith(prefix, ns))
  );
}

/** The prefix (with its colon, "" when none) of the qualified name str[ns, ne). */
export function prefixOf(str: string, ns: number, ne: number): string {
  const colon = str.indexOf(':', ns);
  return colon >= 0 && colon < ne ? str.slice(ns, colon + 1) : '';
}
