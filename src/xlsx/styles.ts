/**
 * styles.xml as a book the writers append to: number formats, fonts, fills, cell formats (xf) and
 * differential formats (dxf) are added at the end of their lists — existing entries are never
 * renumbered or changed, so every `s="…"` and `dxfId` already in the package keeps its meaning.
 * An entry equal to one already there is reused, so a re-run adds nothing.
 *
 * Also answers the reader's question "is this cell format a date?" (ExcelJS's rule, plus the East
 * Asian built-in date formats 27–36 and 50–58).
 *
 * Browser-safe: strings only.
 */
import { resolveStyle, type ResolvedStyle } from '../sheets/plan-apply';
import type { StyleKey } from '../sheets/plan-types';
import { insertionPoint } from './workbook-parts';
import { attrs, escapeXml, localName, rootPrefix, tagEnd } from './xml';

/** Built-in number formats (ECMA-376 Part 1, §18.8.30) by code, for reuse instead of custom ids. */
const BUILTIN_BY_CODE: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '# ?/?': 12,
  '# ??/??': 13,
  'mm-dd-yy': 14,
  'd-mmm-yy': 15,
  'd-mmm': 16,
  'mmm-yy': 17,
  'h:mm AM/PM': 18,
  'h:mm:ss AM/PM': 19,
  'h:mm': 20,
  'h:mm:ss': 21,
  'm/d/yy h:mm': 22,
  '#,##0 ;(#,##0)': 37,
  '#,##0 ;[Red](#,##0)': 38,
  '#,##0.00 ;(#,##0.00)': 39,
  '#,##0.00 ;[Red](#,##0.00)': 40,
  'mm:ss': 45,
  '[h]:mm:ss': 46,
  'mmss.0': 47,
  '##0.0E+0': 48,
  '@': 49,
};
const BUILTIN_BY_ID = new Map(Object.entries(BUILTIN_BY_CODE).map(([c, id]) => [id, c]));

/** Built-in ids that are dates or times (Western 14–22, 45–47; East Asian 27–36, 50–58). */
function builtinIsDate(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** ExcelJS's test for a date format code: y, m, d, h, s (or b) outside quotes and brackets. */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

interface Section {
  /** Local name of the list element, e.g. "cellXfs". */
  name: string;
  /** Local name of its items, e.g. "xf". */
  item: string;
  /** Raw items in the file (index = id). */
  items: string[];
  /** Items added by this run. */
  added: string[];
  /** Canonical form → id, for reuse. */
  index: Map<string, number>;
}

/** The order of CT_Stylesheet's children (ECMA-376 Part 1, §18.8.39 styleSheet: one xsd:sequence). */
const ORDER = [
  'numFmts',
  'fonts',
  'fills',
  'borders',
  'cellStyleXfs',
  'cellXfs',
  'cellStyles',
  'dxfs',
  'tableStyles',
  'colors',
  'extLst',
];

/**
 * Items of one list element (`<fonts count="2"><font>…</font><font/></fonts>`), in index order.
 *
 * An mc:AlternateContent among the items (Hancell writes them, e.g. a font with x14ac extensions
 * as mc:Choice and a plain one as mc:Fallback) holds alternatives of the same items: a consumer
 * processes exactly one branch (ECMA-376 Part 3, §10.2), so its items are counted once — from
 * mc:Fallback when there is one (the branch every consumer can read), else from the first
 * mc:Choice (issue 15, defect 3).
 */
function itemsOf(body: string, item: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<(?:[\\w.-]+:)?(${item}|AlternateContent)\\b`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    const start = m.index;
    const end = tagEnd(body, start);
    if (end < 0) break;
    const name = m[1];
    if (body.charCodeAt(end - 2) === 47) {
      if (name === item) out.push(body.slice(start, end));
      re.lastIndex = end;
      continue;
    }
    const prefix = /^<([\w.-]+:)?/.exec(body.slice(start, start + 40))?.[1] ?? '';
    const close = `</${prefix}${name}>`;
    const ce = body.indexOf(close, end);
    if (ce < 0) break;
    if (name === item) out.push(body.slice(start, ce + close.length));
    else out.push(...branchItems(body.slice(end, ce), prefix, item));
    re.lastIndex = ce + close.length;
  }
  return out;
}

/** The items of one branch of an mc:AlternateContent's content (see itemsOf). */
function branchItems(content: string, mcPrefix: string, item: string): string[] {
  const branch = (name: string): string | null => {
    const open = new RegExp(`<${mcPrefix.replace(/[.]/g, '\\.')}${name}\\b[^>]*?(/?)>`).exec(content);
    if (!open) return null;
    if (open[1] === '/') return '';
    const from = open.index + open[0].length;
    const to = content.indexOf(`</${mcPrefix}${name}>`, from);
    return to < 0 ? '' : content.slice(from, to);
  };
  const chosen = branch('Fallback') ?? branch('Choice') ?? '';
  return itemsOf(chosen, item);
}

/** The element's own attributes and children, for derivations. */
interface Parsed {
  attrs: [string, string][];
  children: string[];
}

function parseElement(xml: string): Parsed {
  const end = tagEnd(xml, 0);
  const open = xml.slice(0, end);
  const a: [string, string][] = [];
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  re.lastIndex = /^<[\w:.-]+/.exec(open)?.[0].length ?? 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(open))) a.push([m[1], m[3] ?? m[4] ?? '']);
  const children: string[] = [];
  if (xml.charCodeAt(end - 2) !== 47) {
    const inner = xml.slice(end, xml.lastIndexOf('</'));
    let i = 0;
    while (i < inner.length) {
      const lt = inner.indexOf('<', i);
      if (lt < 0) break;
      const te = tagEnd(inner, lt);
      if (te < 0) break;
      if (inner.charCodeAt(te - 2) === 47) {
        children.push(inner.slice(lt, te));
        i = te;
        continue;
      }
      // An element with content: find its matching end tag (same name, nesting counted).
      const name = /^<([\w:.-]+)/.exec(inner.slice(lt, lt + 64))?.[1] ?? '';
      let depth = 1;
      let j = te;
      while (depth > 0) {
        const n = inner.indexOf('<', j);
        if (n < 0) break;
        const ne = tagEnd(inner, n);
        const tag = inner.slice(n, ne);
        if (tag.startsWith(`</${name}`)) depth--;
        else if (tag.startsWith(`<${name}`) && !tag.endsWith('/>')) depth++;
        j = ne;
      }
      children.push(inner.slice(lt, j));
      i = j;
    }
  }
  return { attrs: a, children };
}

function serialize(tag: string, p: Parsed): string {
  const a = p.attrs.map(([k, v]) => ` ${k}="${v}"`).join('');
  return p.children.length ? `<${tag}${a}>${p.children.join('')}</${tag}>` : `<${tag}${a}/>`;
}

const attr = (p: Parsed, k: string): string | undefined => p.attrs.find(([n]) => n === k)?.[1];
function setA(p: Parsed, k: string, v: string): void {
  const i = p.attrs.findIndex(([n]) => n === k);
  if (i >= 0) p.attrs[i] = [k, v];
  else p.attrs.push([k, v]);
}

/** Replaces (or adds) the child with local name `name`; null removes it. */
function setChild(p: Parsed, name: string, xml: string | null): void {
  const i = p.children.findIndex((c) => localName(c) === name);
  if (xml === null) {
    if (i >= 0) p.children.splice(i, 1);
  } else if (i >= 0) p.children[i] = xml;
  else p.children.push(xml);
}

const argb = (hex: string): string => `FF${hex.toUpperCase()}`;

/** The canonical text of an xf: attributes in a fixed order, so equal formats compare equal. */
function canonicalXf(p: Parsed, pre: string): string {
  const first = ['numFmtId', 'fontId', 'fillId', 'borderId', 'xfId'];
  const sorted: [string, string][] = [
    ...first.map((k) => [k, attr(p, k) ?? '0'] as [string, string]),
    ...p.attrs.filter(([k]) => !first.includes(k)).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)),
  ];
  return serialize(`${pre}xf`, { attrs: sorted, children: p.children });
}

export class StyleBook {
  private readonly sections = new Map<string, Section>();
  private readonly numFmtCodes = new Map<number, string>();
  private nextNumFmtId = 164;
  private readonly xfs: Parsed[] = [];
  private readonly dateXf: boolean[] = [];
  private readonly prefix: string;
  /** Derivations already made: "<base>|<what>" → xf id. */
  private readonly memo = new Map<string, number>();

  private constructor(private xml: string) {
    const pre = rootPrefix(xml);
    this.prefix = pre ? `${pre}:` : '';
    const spec: [string, string][] = [
      ['numFmts', 'numFmt'],
      ['fonts', 'font'],
      ['fills', 'fill'],
      ['borders', 'border'],
      ['cellXfs', 'xf'],
      ['dxfs', 'dxf'],
    ];
    for (const [name, item] of spec) {
      const body = this.sectionText(name);
      const items = body ? itemsOf(body, item) : [];
      this.sections.set(name, { name, item, items, added: [], index: new Map() });
    }
    for (const nf of this.sections.get('numFmts')!.items) {
      const a = attrs(nf);
      const id = Number(a.get('numFmtId'));
      const code = a.get('formatCode') ?? '';
      if (Number.isInteger(id)) {
        this.numFmtCodes.set(id, code);
        if (id >= this.nextNumFmtId) this.nextNumFmtId = id + 1;
      }
    }
    const xfSec = this.sections.get('cellXfs')!;
    xfSec.items.forEach((x, i) => {
      const p = parseElement(x);
      this.xfs.push(p);
      const key = canonicalXf(p, this.prefix);
      if (!xfSec.index.has(key)) xfSec.index.set(key, i);
      this.dateXf.push(this.isDateNumFmt(Number(attr(p, 'numFmtId') ?? 0)));
    });
    for (const name of ['fonts', 'fills', 'dxfs']) {
      const s = this.sections.get(name)!;
      s.items.forEach((x, i) => {
        if (!s.index.has(x)) s.index.set(x, i);
      });
    }
  }

  static parse(xml: string): StyleBook {
    return new StyleBook(xml);
  }

  /** A minimal stylesheet for a new package: Calibri 11, the two required fills, one border. */
  static empty(): StyleBook {
    return new StyleBook(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
        `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
        `<fonts count="1"><font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font></fonts>` +
        `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
        `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
        `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
        `<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
        `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
        `<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>` +
        `</styleSheet>`,
    );
  }

  /** True once anything was added (styles.xml must then be written). */
  get changed(): boolean {
    for (const s of this.sections.values()) if (s.added.length) return true;
    return false;
  }

  /** Number of cell formats (existing and added). */
  get xfCount(): number {
    return this.xfs.length;
  }

  private sectionText(name: string): string | null {
    const re = new RegExp(`<(?:[\\w.-]+:)?${name}\\b`);
    const m = re.exec(this.xml);
    if (!m) return null;
    const end = tagEnd(this.xml, m.index);
    if (this.xml.charCodeAt(end - 2) === 47) return '';
    const close = this.xml.indexOf(`</${this.prefix}${name}>`, end);
    return close < 0 ? '' : this.xml.slice(end, close);
  }

  private isDateNumFmt(id: number): boolean {
    const code = this.numFmtCodes.get(id);
    if (code !== undefined) return isDateFormatCode(code);
    return builtinIsDate(id);
  }

  /** True when cells of format `xfId` hold dates (numbers are then read as dates). */
  isDate(xfId: number): boolean {
    return this.dateXf[xfId] ?? false;
  }

  /** The number format code of a cell format ('General' when none). */
  numFmtCode(xfId: number): string {
    const x = this.xfs[xfId];
    if (!x) return 'General';
    const id = Number(attr(x, 'numFmtId') ?? 0);
    return this.numFmtCodes.get(id) ?? BUILTIN_BY_ID.get(id) ?? 'General';
  }

  /** The id of a number format code, added when new. */
  numFmtId(code: string): number {
    if (code in BUILTIN_BY_CODE) return BUILTIN_BY_CODE[code];
    for (const [id, c] of this.numFmtCodes) if (c === code) return id;
    const id = this.nextNumFmtId++;
    this.numFmtCodes.set(id, code);
    this.sections
      .get('numFmts')!
      .added.push(`<${this.prefix}numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    return id;
  }

  private addItem(section: string, xml: string): number {
    const s = this.sections.get(section)!;
    const known = s.index.get(xml);
    if (known !== undefined) return known;
    const id = s.items.length + s.added.length;
    s.added.push(xml);
    s.index.set(xml, id);
    return id;
  }

  private fontXml(id: number): string {
    const s = this.sections.get('fonts')!;
    return s.items[id] ?? s.added[id - s.items.length] ?? `<${this.prefix}font/>`;
  }

  /** A font derived from font `baseId` with the style's bold / italic / size / colour. */
  private derivedFont(baseId: number, d: ResolvedStyle): number {
    const p = parseElement(this.fontXml(baseId));
    const pre = this.prefix;
    if (d.bold) setChild(p, 'b', `<${pre}b/>`);
    if (d.italic) setChild(p, 'i', `<${pre}i/>`);
    if (d.size !== null) setChild(p, 'sz', `<${pre}sz val="${d.size}"/>`);
    if (d.fontColor !== null) setChild(p, 'color', `<${pre}color rgb="${argb(d.fontColor)}"/>`);
    return this.addItem('fonts', serialize(`${pre}font`, p));
  }

  private solidFill(hex: string): number {
    const pre = this.prefix;
    return this.addItem(
      'fills',
      `<${pre}fill><${pre}patternFill patternType="solid"><${pre}fgColor rgb="${argb(hex)}"/><${pre}bgColor indexed="64"/></${pre}patternFill></${pre}fill>`,
    );
  }

  private addXf(p: Parsed): number {
    const s = this.sections.get('cellXfs')!;
    const key = canonicalXf(p, this.prefix);
    const known = s.index.get(key);
    if (known !== undefined) return known;
    const id = this.xfs.length;
    s.added.push(key);
    s.index.set(key, id);
    this.xfs.push(p);
    this.dateXf.push(this.isDateNumFmt(Number(attr(p, 'numFmtId') ?? 0)));
    return id;
  }

  private xfCopy(xfId: number): Parsed {
    const x = this.xfs[xfId] ??
      this.xfs[0] ?? {
        attrs: [
          ['numFmtId', '0'],
          ['fontId', '0'],
          ['fillId', '0'],
          ['borderId', '0'],
          ['xfId', '0'],
        ],
        children: [],
      };
    return { attrs: x.attrs.map(([k, v]) => [k, v] as [string, string]), children: [...x.children] };
  }

  /** Cell format `xfId` with number format `code` (the same id when it already has it). */
  withNumFmt(xfId: number, code: string): number {
    const key = `${xfId}|n|${code}`;
    let id = this.memo.get(key);
    if (id === undefined) this.memo.set(key, (id = this.deriveNumFmt(xfId, code)));
    return id;
  }

  private deriveNumFmt(xfId: number, code: string): number {
    if (this.numFmtCode(xfId) === code && this.xfs[xfId]) return xfId;
    const p = this.xfCopy(xfId);
    setA(p, 'numFmtId', String(this.numFmtId(code)));
    setA(p, 'applyNumberFormat', '1');
    return this.addXf(p);
  }

  /**
   * Cell format `xfId` overlaid with a plan style: bold / italic / size / colour on its font, a
   * solid fill, alignment and wrapping — what Office.js does when the add-in sets the same
   * properties on a cell that already has a format.
   */
  withStyle(xfId: number, key: StyleKey): number {
    const mk = `${xfId}|s|${key}`;
    let id = this.memo.get(mk);
    if (id === undefined) this.memo.set(mk, (id = this.deriveStyle(xfId, key)));
    return id;
  }

  private deriveStyle(xfId: number, key: StyleKey): number {
    const d = resolveStyle(key);
    const p = this.xfCopy(xfId);
    const pre = this.prefix;
    if (d.bold || d.italic || d.size !== null || d.fontColor !== null) {
      setA(p, 'fontId', String(this.derivedFont(Number(attr(p, 'fontId') ?? 0), d)));
      setA(p, 'applyFont', '1');
    }
    if (d.fill !== null) {
      setA(p, 'fillId', String(this.solidFill(d.fill)));
      setA(p, 'applyFill', '1');
    }
    const v = d.vertical;
    if (d.wrap || d.horizontal !== null || v !== null) {
      const old = p.children.find((c) => localName(c) === 'alignment');
      const al: Parsed = old ? parseElement(old) : { attrs: [], children: [] };
      if (d.horizontal !== null) setA(al, 'horizontal', d.horizontal);
      if (v !== null) setA(al, 'vertical', v === 'middle' ? 'center' : v);
      if (d.wrap) setA(al, 'wrapText', '1');
      setChild(p, 'alignment', serialize(`${pre}alignment`, al));
      setA(p, 'applyAlignment', '1');
    }
    return this.addXf(p);
  }

  /**
   * cellXf over format 0, by style and number format: a generated sheet asks for the same few
   * pairs for every cell, and the memo keys of withStyle / withNumFmt are strings built and hashed
   * on each call. Derivations are memoised forever, so a pair's format never changes once made.
   */
  private readonly cellXf0 = new Map<StyleKey | undefined, Map<string | null | undefined, number>>();

  /** The cell format of a new cell with a plan style and number format (over the default format 0). */
  cellXf(key: StyleKey | undefined, numFmt: string | null | undefined, baseXf = 0): number {
    if (baseXf === 0) {
      let byFmt = this.cellXf0.get(key);
      if (!byFmt) this.cellXf0.set(key, (byFmt = new Map()));
      let id0 = byFmt.get(numFmt);
      if (id0 === undefined) byFmt.set(numFmt, (id0 = this.derivedCellXf(key, numFmt, 0)));
      return id0;
    }
    return this.derivedCellXf(key, numFmt, baseXf);
  }

  private derivedCellXf(
    key: StyleKey | undefined,
    numFmt: string | null | undefined,
    baseXf: number,
  ): number {
    let id = baseXf;
    if (key) id = this.withStyle(id, key);
    if (numFmt) id = this.withNumFmt(id, numFmt);
    return id;
  }

  /** A differential format for a highlight rule (font colour and solid fill). */
  dxf(fill: string, fontColor: string): number {
    const pre = this.prefix;
    return this.addItem(
      'dxfs',
      `<${pre}dxf><${pre}font><${pre}color rgb="${argb(fontColor)}"/></${pre}font>` +
        `<${pre}fill><${pre}patternFill patternType="solid"><${pre}bgColor rgb="${argb(fill)}"/></${pre}patternFill></${pre}fill></${pre}dxf>`,
    );
  }

  /** styles.xml with the added entries (unchanged text when nothing was added). */
  toXml(): string {
    let xml = this.xml;
    for (const s of this.sections.values()) {
      if (s.added.length === 0) continue;
      const count = s.items.length + s.added.length;
      const open = new RegExp(`<(?:[\\w.-]+:)?${s.name}\\b[^>]*?(/?)>`).exec(xml);
      if (open) {
        let tag = open[0];
        const selfClosing = open[1] === '/';
        tag = /\bcount\s*=/.test(tag)
          ? tag.replace(/\bcount\s*=\s*("[^"]*"|'[^']*')/, `count="${count}"`)
          : tag.replace(/\s*\/?>$/, ` count="${count}"${selfClosing ? '/' : ''}>`);
        const openStart = open.index;
        const openEnd = open.index + open[0].length;
        if (selfClosing) {
          const body = tag.replace(/\s*\/>$/, '>');
          xml =
            xml.slice(0, openStart) +
            body +
            s.added.join('') +
            `</${this.prefix}${s.name}>` +
            xml.slice(openEnd);
        } else {
          const close = xml.indexOf(`</${this.prefix}${s.name}>`, openEnd);
          xml =
            xml.slice(0, openStart) + tag + xml.slice(openEnd, close) + s.added.join('') + xml.slice(close);
        }
      } else {
        // The list is missing: insert it before the first element that follows it in CT_Stylesheet.
        const el = `<${this.prefix}${s.name} count="${count}">${s.added.join('')}</${this.prefix}${s.name}>`;
        // Its place in CT_Stylesheet; an element the sequence does not know is refused.
        const at = insertionPoint(xml, ORDER, s.name, 'styles.xml');
        xml = xml.slice(0, at) + el + xml.slice(at);
      }
      // Reset so a second toXml() is idempotent.
      s.items.push(...s.added);
      s.added = [];
    }
    this.xml = xml;
    return xml;
  }
}
