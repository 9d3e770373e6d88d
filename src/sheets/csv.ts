/**
 * 要対応リスト as CSV (SPEC §5.4): the sheet's columns, CRLF line ends, RFC 4180 quoting, formula
 * injection neutralised, UTF-8 with BOM or Shift_JIS (CP932 / Windows-31J).
 *
 * Pure: text and bytes in memory, no I/O. The CP932 encoder is iconv-lite (pure JavaScript).
 */
import * as iconv from 'iconv-lite';
import type { CellOut } from './plan-types';

export type CsvEncoding = 'utf8' | 'sjis';

/** Characters that make a spreadsheet treat a text field as a formula (SPEC §5.4). */
const DANGEROUS_FIRST = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * True when a text field must get a `'` prefix: its first character, also after NFKC, is
 * dangerous. U+2212 MINUS SIGN counts too: the Shift_JIS pre-mapping turns it into －, which NFKC
 * maps to "-", so the same field must be neutralised in either encoding.
 */
export function needsNeutralising(text: string): boolean {
  if (text === '') return false;
  const first = String.fromCodePoint(text.codePointAt(0)!);
  const mapped = SJIS_PREMAP[first] ?? first;
  return (
    DANGEROUS_FIRST.has(first) ||
    DANGEROUS_FIRST.has(mapped.normalize('NFKC').charAt(0)) ||
    DANGEROUS_FIRST.has(first.normalize('NFKC').charAt(0))
  );
}

/** A text field as it goes into the CSV: `'`-prefixed when dangerous (numbers never are). */
export function neutralise(text: string): string {
  return needsNeutralising(text) ? `'${text}` : text;
}

/** RFC 4180: quote a field holding a comma, a double quote, CR or LF; double the quotes inside. */
export function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Shortest decimal text of a number (2.5, 3, -4). */
function numberText(v: number): string {
  const r = Number(v.toFixed(10));
  return String(Object.is(r, -0) ? 0 : r);
}

/** One output cell as a CSV field (before quoting). Formulas contribute their cached value. */
export function cellField(c: CellOut): string {
  if (c === null) return '';
  switch (c.t) {
    case 's':
      return neutralise(c.v);
    case 'n':
    case 'd':
      return numberText(c.v);
    case 'f':
      return typeof c.v === 'number' ? numberText(c.v) : neutralise(c.v);
  }
}

/** Rows of output cells → CSV text (CRLF after every record, the last one included). */
export function csvText(rows: readonly (readonly CellOut[])[], width?: number): string {
  const w = width ?? Math.max(0, ...rows.map((r) => r.length));
  let out = '';
  for (const r of rows) {
    const fields: string[] = [];
    for (let i = 0; i < w; i++) fields.push(quoteField(cellField(r[i] ?? null)));
    out += `${fields.join(',')}\r\n`;
  }
  return out;
}

/** Pre-mapping before CP932 encoding: the JIS forms to the forms Windows-31J holds. */
export const SJIS_PREMAP: Readonly<Record<string, string>> = Object.freeze({
  '〜': '～', // U+301C WAVE DASH → U+FF5E FULLWIDTH TILDE
  '−': '－', // U+2212 MINUS SIGN → U+FF0D FULLWIDTH HYPHEN-MINUS
  '‖': '∥', // U+2016 DOUBLE VERTICAL LINE → U+2225 PARALLEL TO
  '¢': '￠', // U+00A2 → U+FFE0
  '£': '￡', // U+00A3 → U+FFE1
  '¬': '￢', // U+00AC → U+FFE2
});

/** Written in place of a character CP932 cannot hold. */
export const GETA = '〓';

const cp932Cache = new Map<string, boolean>();

/** True when CP932 holds the character (it survives an encode/decode round trip). */
export function cp932Holds(ch: string): boolean {
  let ok = cp932Cache.get(ch);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') === ch;
    cp932Cache.set(ch, ok);
  }
  return ok;
}

/** Text prepared for CP932: pre-mapped, unrepresentable characters replaced by 〓 (and counted). */
export function toCp932Text(text: string): { text: string; replaced: number } {
  let out = '';
  let replaced = 0;
  for (const raw of text) {
    const ch = SJIS_PREMAP[raw] ?? raw;
    if (ch.charCodeAt(0) < 0x80 || cp932Holds(ch)) out += ch;
    else {
      out += GETA;
      replaced++;
    }
  }
  return { text: out, replaced };
}

export interface EncodedCsv {
  bytes: Uint8Array;
  /** Characters replaced by 〓 (sjis only; 0 for utf8). */
  replaced: number;
}

/** Encodes CSV text: `utf8` with a BOM, or `sjis` = CP932 after the pre-mapping. */
export function encodeCsv(text: string, encoding: CsvEncoding): EncodedCsv {
  if (encoding === 'utf8') {
    const body = new TextEncoder().encode(text);
    const bytes = new Uint8Array(body.length + 3);
    bytes.set([0xef, 0xbb, 0xbf], 0);
    bytes.set(body, 3);
    return { bytes, replaced: 0 };
  }
  const prepared = toCp932Text(text);
  const buf = iconv.encode(prepared.text, 'cp932');
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), replaced: prepared.replaced };
}

/** Parses an --encoding value (utf8 / sjis, with the usual aliases); null when unknown. */
export function csvEncodingOf(v: string): CsvEncoding | null {
  const k = v.toLowerCase().replace(/[-_]/g, '');
  if (k === 'utf8') return 'utf8';
  if (k === 'sjis' || k === 'shiftjis' || k === 'cp932' || k === 'windows31j' || k === 'ms932') return 'sjis';
  return null;
}
