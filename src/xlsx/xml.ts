/**
 * Small XML helpers for the package writers: escaping (XML and the OOXML `_xHHHH_` escapes),
 * attribute access on single start tags, the direct children of a root element, relationships and
 * content types. Browser-safe: strings only.
 *
 * The functions work on any string whose markup characters are ASCII, so they serve both decoded
 * JS strings and "byte strings" (UTF-8 bytes read as latin1, see bytes.ts).
 */

/**
 * Excel's grid and cell size: 1,048,576 rows, 16,384 columns (XFD), 32,767 characters per cell
 * (https://learn.microsoft.com/en-us/office/troubleshoot/excel/excel-specifications-and-limits is
 * mirrored at https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3).
 */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;
export const MAX_CELL_CHARS = 32_767;

/**
 * The characters XML 1.0 cannot hold at all (§2.2 Char): C0 controls other than tab, line feed and
 * carriage return, U+FFFE and U+FFFF. Cell texts escape them as `_xHHHH_` (escapeCellText); in
 * every other text — DrawingML chart text, attribute values, page headers, names — they are dropped,
 * so the part stays well-formed (issue 16, defect 6).
 */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;

/** Escapes a text for an attribute value or a text node (characters XML cannot hold are dropped). */
export function escapeXml(s: string): string {
  if (NOT_XML_CHAR.test(s)) {
    NOT_XML_CHAR.lastIndex = 0;
    s = s.replace(NOT_XML_CHAR, '');
  }
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** Replaces entity and character references by their characters. */
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  });
}

/**
 * Text of a cell or shared string as SpreadsheetML stores it: XML-escaped, with the characters XML
 * 1.0 cannot hold (controls other than tab and line feed, U+FFFE, U+FFFF) and carriage returns
 * written as `_xHHHH_`, and a literal `_xHHHH_` protected as `_x005F_xHHHH_` (ECMA-376 Part 1,
 * §22.9.2.19 ST_Xstring).
 */
export function escapeCellText(s: string): string {
  let out = s;
  if (/_x[0-9a-fA-F]{4}_/.test(out)) out = out.replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\ufffe\uffff]/.test(out)) {
    out = out.replace(
      // eslint-disable-next-line no-control-regex
      /[\x00-\x08\x0b-\x1f\ufffe\uffff]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
  }
  return escapeXml(out);
}

/** Decodes the `_xHHHH_` escapes of SpreadsheetML text (after XML unescaping). */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9a-fA-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Attributes of one start tag (values unescaped; prefixes kept, e.g. "r:id"). */
export function attrs(tag: string): Map<string, string> {
  const m = new Map<string, string>();
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let x: RegExpExecArray | null;
  // Skip the element name.
  const nameEnd = /^<\/?[\w:.-]+/.exec(tag)?.[0].length ?? 0;
  re.lastIndex = nameEnd;
  while ((x = re.exec(tag))) m.set(x[1], attrValue(x[3] ?? x[4] ?? ''));
  return m;
}

/**
 * An attribute value as an XML parser reports it: line ends normalised, then literal tabs and
 * line feeds turned into spaces (XML 1.0 §3.3.3), then references replaced.
 */
export function attrValue(raw: string): string {
  const v = /[\t\n\r]/.test(raw) ? raw.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' ') : raw;
  return unescapeXml(v);
}

/** Text content as an XML parser reports it: line ends normalised (XML 1.0 §2.11), references replaced. */
export function textValue(raw: string): string {
  return unescapeXml(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw);
}

/** One attribute of a start tag, raw (not unescaped), or null. */
export function rawAttr(tag: string, name: string): string | null {
  const re = new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("([^"]*)"|'([^']*)')`);
  const m = re.exec(tag);
  return m ? (m[2] ?? m[3] ?? '') : null;
}

/** The start tag with attribute `name` set to `rawValue` (already escaped), added before the end when absent. */
export function setAttr(tag: string, name: string, rawValue: string): string {
  const re = new RegExp(`(\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*)("[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, (_m, pre: string) => `${pre}"${rawValue}"`);
  return tag.replace(/\s*(\/?)>$/, ` ${name}="${rawValue}"$1>`);
}

/** Local name of an element from its tag text ("<x:row r=…>" → "row"). */
export function localName(tag: string): string {
  return /^<\/?(?:[\w.-]+:)?([\w.-]+)/.exec(tag)?.[1] ?? '';
}

export interface TopElement {
  /** Local name. */
  name: string;
  start: number;
  end: number;
}

/** Index just past the `>` that ends the tag starting at `lt` (quoted attribute values skipped). */
export function tagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let j = lt + 1; j < xml.length; j++) {
    const ch = xml.charCodeAt(j);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return j + 1;
  }
  return -1;
}

/**
 * The direct children of the root element (local names and spans), where the root element ends
 * (`rootClose`, the index of its end tag) and where its start tag ends (`rootOpenEnd`).
 */
export function topLevelElements(xml: string): {
  children: TopElement[];
  rootClose: number;
  rootOpenEnd: number;
} {
  const children: TopElement[] = [];
  let depth = 0;
  let current: TopElement | null = null;
  let i = 0;
  let rootClose = -1;
  let rootOpenEnd = -1;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    // An unterminated comment, PI or CDATA section ends the scan (rootClose stays -1): searching
    // on from the start again looped forever (found by the hostile campaign: styles.xml ending in
    // an open CDATA section hung the CLI).
    const skip = xml.startsWith('<?', lt)
      ? '?>'
      : xml.startsWith('<!--', lt)
        ? '-->'
        : xml.startsWith('<![CDATA[', lt)
          ? ']]>'
          : null;
    if (skip) {
      const e = xml.indexOf(skip, lt + 2);
      if (e < 0) break;
      i = e + skip.length;
      continue;
    }
    const end = tagEnd(xml, lt);
    if (end < 0) break;
    const closing = xml.charCodeAt(lt + 1) === 47;
    const selfClosing = xml.charCodeAt(end - 2) === 47;
    if (closing) {
      depth--;
      if (depth === 1 && current) {
        current.end = end;
        children.push(current);
        current = null;
      } else if (depth === 0) rootClose = lt;
    } else {
      if (depth === 0) rootOpenEnd = end;
      if (depth === 1) {
        const name = localName(xml.slice(lt, Math.min(end, lt + 64)));
        if (selfClosing) children.push({ name, start: lt, end });
        else current = { name, start: lt, end: -1 };
      }
      if (!selfClosing) depth++;
    }
    i = end;
  }
  return { children, rootClose, rootOpenEnd };
}

/** The namespace prefix of the root element ("" for the default namespace). */
export function rootPrefix(xml: string): string {
  const m = /<(?:([\w.-]+):)?[\w.-]+[\s>/]/.exec(
    xml.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, ''),
  );
  return m?.[1] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Relationships and content types
// ---------------------------------------------------------------------------------------------

export const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rels: 'http://schemas.openxmlformats.org/package/2006/relationships',
  ct: 'http://schemas.openxmlformats.org/package/2006/content-types',
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
};

export const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  styles: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
  sharedStrings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
  calcChain: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain',
  table: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table',
  drawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  chart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
  coreProps: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
  extProps: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties',
};

export const CT = {
  workbook: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  coreProps: 'application/vnd.openxmlformats-package.core-properties+xml',
  extProps: 'application/vnd.openxmlformats-officedocument.extended-properties+xml',
  rels: 'application/vnd.openxmlformats-package.relationships+xml',
};

export interface Rel {
  id: string;
  type: string;
  target: string;
  /** TargetMode="External" */
  external?: boolean;
  /** The element as it was in the file ('' for new ones): kept verbatim on output. */
  raw: string;
}

export function parseRels(xml: string | undefined): Rel[] {
  if (!xml) return [];
  const out: Rel[] = [];
  // A <Relationship> inside a comment, PI or CDATA section is none (the writer parses the raw
  // part: one in a comment became a second, real rId1 — found by the hostile campaign).
  const markup = /<!--|<\?|<!\[CDATA\[/.test(xml)
    ? xml.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g, '')
    : xml;
  for (const m of markup.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*?\/?>/g)) {
    const a = attrs(m[0]);
    out.push({
      id: a.get('Id') ?? '',
      type: a.get('Type') ?? '',
      target: a.get('Target') ?? '',
      external: a.get('TargetMode') === 'External',
      raw: m[0],
    });
  }
  return out;
}

export function relsXml(rels: Rel[]): string {
  const body = rels
    .map((r) =>
      r.raw
        ? r.raw
        : `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rels}">${body}</Relationships>`;
}

export function nextRelId(rels: readonly Rel[]): string {
  const ids = new Set(rels.map((r) => r.id));
  let max = 0;
  for (const r of rels) {
    const m = /^rId(\d+)$/.exec(r.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  while (ids.has(`rId${n}`)) n++;
  return `rId${n}`;
}

/** Resolves a relationship target against the folder of the part that owns the rels. */
export function resolveTarget(ownerPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ownerPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** "xl/worksheets/sheet1.xml" → "xl/worksheets/_rels/sheet1.xml.rels"; "" (the package) → "_rels/.rels". */
export function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return i < 0 ? `_rels/${part}.rels` : `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

/** Target relative to `fromPart`'s folder (both inside the package). */
export function relativeTarget(fromPart: string, toPart: string): string {
  const from = fromPart.split('/').slice(0, -1);
  const to = toPart.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...new Array<string>(from.length - i).fill('..'), ...to.slice(i)].join('/');
}

const reEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** [Content_Types].xml with an Override for `part` (unless one exists). */
export function addOverride(ct: string, part: string, type: string): string {
  if (new RegExp(`PartName="/${reEscape(escapeXml(part))}"`, 'i').test(ct)) return ct;
  return ct.replace(
    /<\/((?:[\w.-]+:)?Types)>\s*$/,
    `<Override PartName="/${escapeXml(part)}" ContentType="${type}"/></$1>`,
  );
}

/** [Content_Types].xml without the Override of `part`. */
export function removeOverride(ct: string, part: string): string {
  return ct.replace(
    new RegExp(`<(?:[\\w.-]+:)?Override\\b[^>]*PartName="/${reEscape(escapeXml(part))}"[^>]*/>`, 'gi'),
    '',
  );
}

/**
 * The XML of a part read whole, as the reader's patterns may search it: comments and processing
 * instructions removed (their text is not markup: a comment holding `<sheet …/>` is no sheet),
 * CDATA sections kept. null when the part declares a DTD (`<!DOCTYPE`, `<!ENTITY`), which
 * ECMA-376 Part 2 (Open Packaging Conventions), "XML Usage" [M1.18], makes an error.
 */
export function partXmlForReading(xml: string): string | null {
  if (!xml.includes('<!') && !xml.includes('<?')) return xml;
  let out = '';
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt + 4);
      out += xml.slice(i, lt);
      if (e < 0) return out;
      i = e + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt + 9);
      if (e < 0) break;
      out += xml.slice(i, e + 3);
      i = e + 3;
    } else if (xml.startsWith('<!', lt)) {
      return null;
    } else if (xml.startsWith('<?', lt)) {
      const e = xml.indexOf('?>', lt + 2);
      out += xml.slice(i, lt);
      if (e < 0) return out;
      i = e + 2;
    } else {
      out += xml.slice(i, lt + 1);
      i = lt + 1;
    }
  }
  return out + xml.slice(i);
}

/** True for the characters that can end an element name in a tag. */
export function isNameEnd(ch: number): boolean {
  return ch === 32 || ch === 62 || ch === 47 || ch === 9 || ch === 10 || ch === 13;
}

/**
 * End of a tag (index after '>') starting at lt, quoted values skipped; -1 when incomplete. A
 * comment, a processing instruction or a CDATA section starting at lt is one token up to its own
 * end (`-->`, `?>`, `]]>`): quotes and `>` inside it are text (issue 16, defect 8).
 */
export function tagEndAt(str: string, lt: number, limit: number): number {
  const c1 = str.charCodeAt(lt + 1);
  if (c1 === 33 || c1 === 63) {
    const close =
      c1 === 63 ? '?>' : str.startsWith('<!--', lt) ? '-->' : str.startsWith('<![CDATA[', lt) ? ']]>' : null;
    if (close) {
      const e = str.indexOf(close, lt + 2);
      return e < 0 || e + close.length > limit ? -1 : e + close.length;
    }
  }
  let quote = 0;
  for (let j = lt + 1; j < limit; j++) {
    const ch = str.charCodeAt(j);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return j + 1;
  }
  return -1;
}

/**
 * End of a comment or of any other tag starting at `lt` (exclusive), or -1 when it is not complete in
 * `str` yet (the caller waits for more input).
 */
export function skipOtherAt(str: string, lt: number): number {
  if (str.startsWith('<!--', lt)) {
    const e = str.indexOf('-->', lt);
    return e < 0 ? -1 : e + 3;
  }
  return tagEndAt(str, lt, str.length);
}
