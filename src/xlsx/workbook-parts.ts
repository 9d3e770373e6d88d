/**
 * workbook.xml: its sheets, defined names, date system and structure protection, read and
 * edited in place (new <sheet> elements appended, defined names added or replaced), every other
 * byte kept. Browser-safe: strings only.
 */
import { FatalError } from '../sheets/fatal';
import {
  attrs,
  escapeXml,
  parseRels,
  resolveTarget,
  rootPrefix,
  tagEnd,
  textValue,
  topLevelElements,
  type Rel,
} from './xml';

export interface WorkbookSheet {
  name: string;
  sheetId: number;
  rid: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** The worksheet part ("xl/worksheets/sheet1.xml"); null for chartsheets without a target. */
  part: string | null;
  /** The relationship type (worksheet, chartsheet, dialogsheet…). */
  type: string;
}

export interface DefinedName {
  name: string;
  localSheetId: number | null;
  /** The formula text, unescaped. */
  value: string;
}

export interface WorkbookInfo {
  sheets: WorkbookSheet[];
  definedNames: DefinedName[];
  date1904: boolean;
  /** Structure protection (sheets cannot be added). */
  protected: boolean;
}

const isTrue = (v: string | undefined): boolean => v === '1' || v === 'true';

/** An element of an XML text, as a parser finds it. */
export interface XmlElement {
  /** Local name and namespace prefix ('' for none). */
  name: string;
  prefix: string;
  /** 0 for the root element. */
  depth: number;
  /** Index of the parent in the list (-1 for the root). */
  parent: number;
  /** Where its start tag begins, where the start tag ends (just past `>`). */
  start: number;
  openEnd: number;
  /** Where its end tag begins (= openEnd when self-closing), and just past the element. */
  close: number;
  end: number;
  selfClosing: boolean;
}

/**
 * The elements of an XML part in document order, found as an XML parser finds them (XML 1.0 §2.5,
 * §2.6, §2.7): comments, processing instructions and CDATA sections are skipped whole, whatever
 * they hold (a comment holding `</sheets>` or a `<sheet>` is no element), quoted attribute values
 * may hold `>`. A part whose structure is not well-formed — an unterminated construct, an end tag
 * that does not match its start tag, a DTD (refused by OPC, ECMA-376 Part 2 [M1.18]) — is
 * `file-corrupt`: the workbook part is edited by position, and a guess could misplace an edit.
 */
export function xmlElements(xml: string): XmlElement[] {
  const out: XmlElement[] = [];
  const open: number[] = [];
  const qnames: string[] = [];
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    let skipTo = -1;
    if (xml.startsWith('<!--', lt)) {
      skipTo = endOf(xml, '-->', lt + 4);
      // "--" may not occur within a comment (XML 1.0 §2.5): `<!-- a <!-- b -->` is not one.
      if (xml.slice(lt + 4, skipTo - 3).includes('--')) throw new FatalError('file-corrupt');
    } else if (xml.startsWith('<![CDATA[', lt)) skipTo = endOf(xml, ']]>', lt + 9);
    else if (xml.startsWith('<?', lt)) skipTo = endOf(xml, '?>', lt + 2);
    else if (xml.startsWith('<!', lt)) throw new FatalError('file-corrupt');
    if (skipTo >= 0) {
      i = skipTo;
      continue;
    }
    const te = tagEnd(xml, lt);
    if (te < 0) throw new FatalError('file-corrupt');
    const tag = xml.slice(lt, te);
    const m = TAG.exec(tag);
    if (!m || (m[1] && !/^<\/[^\s>]+\s*>$/.test(tag)) || BAD_AMP.test(tag))
      throw new FatalError('file-corrupt');
    // Character data before the tag: every `&` starts a reference (XML 1.0 §4.1).
    if (BAD_AMP.test(xml.slice(i, lt))) throw new FatalError('file-corrupt');
    if (m[1]) {
      const k = open.pop();
      if (k === undefined || qnames.pop() !== m[2]) throw new FatalError('file-corrupt');
      out[k].close = lt;
      out[k].end = te;
    } else {
      if (open.length === 0 && out.length > 0) throw new FatalError('file-corrupt'); // a second root
      const selfClosing = xml.charCodeAt(te - 2) === 47;
      out.push({
        name: m[4],
        prefix: m[3] ?? '',
        depth: open.length,
        parent: open.length ? open[open.length - 1] : -1,
        start: lt,
        openEnd: te,
        close: selfClosing ? te : -1,
        end: selfClosing ? te : -1,
        selfClosing,
      });
      if (!selfClosing) {
        open.push(out.length - 1);
        qnames.push(m[2]);
      }
    }
    i = te;
  }
  if (open.length > 0 || out.length === 0) throw new FatalError('file-corrupt');
  return out;
}

/**
 * A start, end or empty-element tag as XML 1.0 §3.1 writes it: a name, then attributes with quoted
 * values holding no `<` (the names are checked as the ASCII names OOXML uses, plus any
 * non-ASCII character).
 */
const TAG =
  /^<(\/?)((?:([\w.\u0080-\uffff-]+):)?([\w.\u0080-\uffff-]+))(?:\s+[\w.:\u0080-\uffff-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*\/?>$/;
const BAD_AMP = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);)/;

/** Just past `token` searched from `from`; file-corrupt when the construct is not terminated. */
function endOf(xml: string, token: string, from: number): number {
  const e = xml.indexOf(token, from);
  if (e < 0) throw new FatalError('file-corrupt');
  return e + token.length;
}

/** The elements of a workbook part that its edits and its reading use, found by structure. */
interface WorkbookElements {
  els: XmlElement[];
  root: XmlElement;
  /** Direct children of the root in the main namespace, by local name (the first of each). */
  top: Map<string, XmlElement>;
  /** The <sheet> children of <sheets>, the <definedName> children of <definedNames>, the <workbookView> children of <bookViews>. */
  sheets: XmlElement[];
  definedNames: XmlElement[];
  workbookViews: XmlElement[];
}

function workbookElements(xml: string): WorkbookElements {
  const els = xmlElements(xml);
  const root = els[0];
  const top = new Map<string, XmlElement>();
  for (const e of els) if (e.depth === 1 && e.prefix === root.prefix && !top.has(e.name)) top.set(e.name, e);
  const childrenOf = (parent: string, name: string): XmlElement[] => {
    const p = top.get(parent);
    if (!p) return [];
    const at = els.indexOf(p);
    return els.filter((e) => e.parent === at && e.name === name && e.prefix === root.prefix);
  };
  return {
    els,
    root,
    top,
    sheets: childrenOf('sheets', 'sheet'),
    definedNames: childrenOf('definedNames', 'definedName'),
    workbookViews: childrenOf('bookViews', 'workbookView'),
  };
}

/** The text of an element's content as a parser reports it (CDATA sections are text). */
function contentText(raw: string): string {
  return textValue(
    raw.includes('<![CDATA[')
      ? raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, t: string) => escapeXml(t))
      : raw,
  );
}

/** Applies non-overlapping edits (replace [start, end) by text), last first. */
function applyEdits(xml: string, edits: { start: number; end: number; text: string }[]): string {
  let out = xml;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const startTag = (xml: string, e: XmlElement): string => xml.slice(e.start, e.openEnd);

export function readWorkbook(
  xml: string,
  rels: readonly Rel[],
  workbookPart = 'xl/workbook.xml',
): WorkbookInfo {
  const wb = workbookElements(xml);
  const sheets: WorkbookSheet[] = [];
  for (const el of wb.sheets) {
    const a = attrs(startTag(xml, el));
    const rid = [...a].find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] ?? '';
    const rel = rels.find((r) => r.id === rid);
    const state = a.get('state');
    sheets.push({
      name: a.get('name') ?? '',
      sheetId: Number(a.get('sheetId') ?? 0),
      rid,
      state: state === 'hidden' ? 'hidden' : state === 'veryHidden' ? 'veryHidden' : 'visible',
      part: rel && !rel.external ? resolveTarget(workbookPart, rel.target) : null,
      type: rel?.type ?? '',
    });
  }
  const definedNames: DefinedName[] = [];
  for (const el of wb.definedNames) {
    const a = attrs(startTag(xml, el));
    const local = a.get('localSheetId');
    definedNames.push({
      name: a.get('name') ?? '',
      localSheetId: local === undefined ? null : Number(local),
      value: el.selfClosing ? '' : contentText(xml.slice(el.openEnd, el.close)),
    });
  }
  const pr = wb.top.get('workbookPr');
  const prot = wb.top.get('workbookProtection');
  return {
    sheets,
    definedNames,
    date1904: pr ? isTrue(attrs(startTag(xml, pr)).get('date1904')) : false,
    protected: prot ? isTrue(attrs(startTag(xml, prot)).get('lockStructure')) : false,
  };
}

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The prefix bound to the relationships namespace on the root element ("r" when none). */
function relPrefix(rootTag: string): { prefix: string; declared: boolean } {
  for (const [k, v] of attrs(rootTag)) {
    if (k.startsWith('xmlns:') && v === REL_NS) return { prefix: k.slice(6), declared: true };
  }
  return { prefix: 'r', declared: false };
}

/** workbook.xml with new <sheet> elements appended to <sheets>. */
export function addSheets(xml: string, added: { name: string; sheetId: number; rid: string }[]): string {
  if (added.length === 0) return xml;
  const wb = workbookElements(xml);
  const pre = wb.root.prefix ? `${wb.root.prefix}:` : '';
  const rootTag = startTag(xml, wb.root);
  const rp = relPrefix(rootTag);
  const els = added
    .map(
      (s) => `<${pre}sheet name="${escapeXml(s.name)}" sheetId="${s.sheetId}" ${rp.prefix}:id="${s.rid}"/>`,
    )
    .join('');
  const sheetsEl = wb.top.get('sheets');
  if (!sheetsEl) throw new Error('workbook.xml has no <sheets>');
  const edits = [
    sheetsEl.selfClosing
      ? { start: sheetsEl.start, end: sheetsEl.end, text: `<${pre}sheets>${els}</${pre}sheets>` }
      : { start: sheetsEl.close, end: sheetsEl.close, text: els },
  ];
  if (!rp.declared)
    edits.push({
      start: wb.root.start,
      end: wb.root.openEnd,
      text: rootTag.replace(/\s*(\/?)>$/, ` xmlns:r="${REL_NS}"$1>`),
    });
  return applyEdits(xml, edits);
}

/**
 * The children of CT_Workbook in schema order (ECMA-376 Part 1, §18.2.27 workbook; sml.xsd
 * complexType CT_Workbook is one xsd:sequence):
 *   fileVersion?, fileSharing?, workbookPr?, workbookProtection?, bookViews?, sheets,
 *   functionGroups?, externalReferences?, definedNames?, calcPr?, oleSize?, customWorkbookViews?,
 *   pivotCaches?, smartTagPr?, smartTagTypes?, webPublishing?, fileRecoveryPr*,
 *   webPublishObjects?, extLst?
 * Excel 2013 and later also write elements of ignorable namespaces between them (an
 * mc:AlternateContent holding x15ac:absPath after workbookPr, xr:revisionPtr): those are no anchor
 * for the sequence; a new element goes before the first known element that follows it.
 */
export const CT_WORKBOOK_ORDER = [
  'fileVersion',
  'fileSharing',
  'workbookPr',
  'workbookProtection',
  'bookViews',
  'sheets',
  'functionGroups',
  'externalReferences',
  'definedNames',
  'calcPr',
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
] as const;

/** The markup compatibility namespace (ECMA-376 Part 3). */
const NS_MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** A part the writer must change holds something it does not know where to insert around. */
export class UnknownPartContentError extends Error {
  constructor(
    readonly part: string,
    readonly element: string,
  ) {
    super(`${part}: unknown element <${element}> where the writer inserts`);
    this.name = 'UnknownPartContentError';
  }
}

/**
 * Where a new direct child `name` of the root goes in a part whose children follow `order`:
 * before the first known child that comes after it in the sequence, else before the root's end
 * tag. Children of ignorable namespaces (mc:Ignorable on the root) and mc:AlternateContent are
 * skipped; any other child the sequence does not know is a refusal (UnknownPartContentError),
 * never a guess.
 */
export function insertionPoint(xml: string, order: readonly string[], name: string, part: string): number {
  const { children, rootClose, rootOpenEnd } = topLevelElements(xml);
  const rootAttrs =
    rootOpenEnd > 0 ? attrs(xml.slice(xml.lastIndexOf('<', rootOpenEnd - 1), rootOpenEnd)) : new Map();
  const mainPrefix = rootPrefix(xml);
  const ignorable = new Set<string>();
  for (const [k, v] of rootAttrs) {
    if (k.endsWith(':Ignorable') && rootAttrs.get(`xmlns:${k.slice(0, -':Ignorable'.length)}`) === NS_MC)
      for (const pfx of v.split(/\s+/)) if (pfx) ignorable.add(pfx);
  }
  const at = order.indexOf(name);
  for (const c of children) {
    const tag = xml.slice(c.start, tagEnd(xml, c.start));
    const pfx = /^<([\w.-]+):/.exec(tag)?.[1] ?? '';
    if (pfx !== mainPrefix) {
      if (ignorable.has(pfx)) continue;
      const ns = attrs(tag).get(`xmlns:${pfx}`) ?? rootAttrs.get(`xmlns:${pfx}`);
      if (c.name === 'AlternateContent' && ns === NS_MC) continue;
      throw new UnknownPartContentError(part, pfx ? `${pfx}:${c.name}` : c.name);
    }
    const i = order.indexOf(c.name);
    if (i < 0) throw new UnknownPartContentError(part, c.name);
    if (i > at) return c.start;
  }
  if (rootClose < 0) throw new UnknownPartContentError(part, '(no end tag)');
  return rootClose;
}

/**
 * workbook.xml with a defined name set: an existing one of the same name and scope gets the new
 * formula text (the element's other attributes kept), else a new one is appended.
 */
export function setDefinedName(
  xml: string,
  name: string,
  localSheetId: number | null,
  value: string,
  part = 'xl/workbook.xml',
): string {
  const wb = workbookElements(xml);
  const pre = wb.root.prefix ? `${wb.root.prefix}:` : '';
  for (const el of wb.definedNames) {
    const tag = startTag(xml, el);
    const a = attrs(tag);
    const local = a.get('localSheetId');
    if (a.get('name') === name && (local === undefined ? null : Number(local)) === localSheetId) {
      const qname = `${el.prefix ? `${el.prefix}:` : ''}${el.name}`;
      const open = tag.replace(/\s*\/?>$/, '>');
      return applyEdits(xml, [
        { start: el.start, end: el.end, text: `${open}${escapeXml(value)}</${qname}>` },
      ]);
    }
  }
  const el = `<${pre}definedName name="${escapeXml(name)}"${localSheetId === null ? '' : ` localSheetId="${localSheetId}"`}>${escapeXml(value)}</${pre}definedName>`;
  const names = wb.top.get('definedNames');
  if (names && !names.selfClosing)
    return applyEdits(xml, [{ start: names.close, end: names.close, text: el }]);
  if (names)
    return applyEdits(xml, [
      { start: names.start, end: names.end, text: `<${pre}definedNames>${el}</${pre}definedNames>` },
    ]);
  const at = insertionPoint(xml, CT_WORKBOOK_ORDER, 'definedNames', part);
  return xml.slice(0, at) + `<${pre}definedNames>${el}</${pre}definedNames>` + xml.slice(at);
}

/** 'Sheet name'!$A$1 style reference text. */
export const sheetRef = (sheet: string, ref: string): string => `'${sheet.replace(/'/g, "''")}'!${ref}`;

/** The usual place of the workbook part (where Excel puts it). */
export const DEFAULT_WORKBOOK_PART = 'xl/workbook.xml';

/**
 * The workbook part of a package, found as OPC requires: the target of the package relationship
 * (`_rels/.rels`) of type officeDocument (ECMA-376 Part 2, §9.3; transitional and strict
 * relationship types both end in "/officeDocument"), resolved against the package root, when its
 * root element is a SpreadsheetML <workbook> (a .docx's main part is not). `xl/workbook.xml`
 * when the package has no such relationship (some producers omit `_rels/.rels`); null when there is
 * no workbook.
 */
export function workbookPartOf(text: (name: string) => string | undefined): string | null {
  const isWorkbook = (name: string): boolean => {
    const xml = text(name);
    return xml !== undefined && rootLocalName(xml) === 'workbook';
  };
  const doc = parseRels(text('_rels/.rels')).find((r) => !r.external && /\/officeDocument$/.test(r.type));
  if (doc) {
    const name = resolveTarget('', doc.target);
    if (isWorkbook(name)) return name;
  }
  return isWorkbook(DEFAULT_WORKBOOK_PART) ? DEFAULT_WORKBOOK_PART : null;
}

/** Local name of the root element ('' when there is none). */
export function rootLocalName(xml: string): string {
  const head = xml.slice(0, 8192).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  return /<(?:[\w.-]+:)?([\w.-]+)/.exec(head)?.[1] ?? '';
}

/** The relationship namespaces of ECMA-376: transitional, and strict (Part 1, §A.1 / Part 3). */
export const STRICT_NS = {
  main: 'http://purl.oclc.org/ooxml/spreadsheetml/main',
  r: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
};

/** True for a Strict Open XML workbook (strict SpreadsheetML namespace or conformance="strict"). */
export function isStrictWorkbook(xml: string): boolean {
  const root = /<(?:[\w.-]+:)?workbook\b[^>]*>/.exec(xml);
  if (!root) return false;
  const a = attrs(root[0]);
  if (a.get('conformance') === 'strict') return true;
  for (const [k, v] of a)
    if (k.startsWith('xmlns') && (v === STRICT_NS.main || v === STRICT_NS.r)) return true;
  return false;
}

/**
 * workbook.xml with a new <sheet> inserted at 0-based tab position `index` (a created 設定 goes
 * before the first owned sheet, SPEC §2.5 rev 2). Sheet positions after it shift by one, so every
 * sheet-scoped defined name (`localSheetId`, a position) and the workbook view's `activeTab` and
 * `firstSheet` at or after `index` are moved with their sheets (ECMA-376 Part 1, §18.2.5
 * definedName localSheetId and §18.2.30 workbookView: both are 0-based sheet indexes).
 */
export function insertSheetAt(
  xml: string,
  sheet: { name: string; sheetId: number; rid: string },
  index: number,
): string {
  const appended = addSheets(xml, [sheet]);
  const wb = workbookElements(appended);
  const els = wb.sheets;
  const last = els[els.length - 1];
  if (index >= els.length - 1) return appended; // nothing after it: appended is right
  const edits = [
    { start: els[index].start, end: els[index].start, text: appended.slice(last.start, last.end) },
    { start: last.start, end: last.end, text: '' },
  ];
  // Positions at or after `index` move by one (attribute values in either quote).
  const shift = (el: XmlElement, names: string[]) => {
    const tag = startTag(appended, el);
    let moved = tag;
    for (const attr of names)
      moved = moved.replace(
        new RegExp(`(\\s${attr}\\s*=\\s*["'])(\\d+)(["'])`),
        (_m, a: string, n: string, b: string) => `${a}${Number(n) >= index ? Number(n) + 1 : n}${b}`,
      );
    if (moved !== tag) edits.push({ start: el.start, end: el.openEnd, text: moved });
  };
  for (const el of wb.definedNames) shift(el, ['localSheetId']);
  for (const el of wb.workbookViews) shift(el, ['activeTab', 'firstSheet']);
  return applyEdits(appended, edits);
}
