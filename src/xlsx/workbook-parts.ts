/**
 * workbook.xml: its sheets, defined names, date system and structure protection, read and
 * edited in place (new <sheet> elements appended, defined names added or replaced), every other
 * byte kept. Browser-safe: strings only.
 */
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

export function readWorkbook(
  xml: string,
  rels: readonly Rel[],
  workbookPart = 'xl/workbook.xml',
): WorkbookInfo {
  const sheets: WorkbookSheet[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*?\/?>/g)) {
    const a = attrs(m[0]);
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
  for (const m of xml.matchAll(
    /<(?:[\w.-]+:)?definedName\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?definedName>)/g,
  )) {
    const a = attrs(`<definedName${m[1]}>`);
    const local = a.get('localSheetId');
    definedNames.push({
      name: a.get('name') ?? '',
      localSheetId: local === undefined ? null : Number(local),
      value: textValue(m[2] ?? ''),
    });
  }
  const pr = /<(?:[\w.-]+:)?workbookPr\b[^>]*>/.exec(xml);
  const prot = /<(?:[\w.-]+:)?workbookProtection\b[^>]*>/.exec(xml);
  return {
    sheets,
    definedNames,
    date1904: pr ? isTrue(attrs(pr[0]).get('date1904')) : false,
    protected: prot ? isTrue(attrs(prot[0]).get('lockStructure')) : false,
  };
}

/** The prefix bound to the relationships namespace on the root element ("r" when none). */
function relPrefix(xml: string): { prefix: string; declared: boolean } {
  const root = /<(?:[\w.-]+:)?workbook\b[^>]*>/.exec(xml);
  if (root) {
    for (const [k, v] of attrs(root[0])) {
      if (
        k.startsWith('xmlns:') &&
        v === 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
      ) {
        return { prefix: k.slice(6), declared: true };
      }
    }
  }
  return { prefix: 'r', declared: false };
}

/** workbook.xml with new <sheet> elements appended to <sheets>. */
export function addSheets(xml: string, added: { name: string; sheetId: number; rid: string }[]): string {
  if (added.length === 0) return xml;
  const p = rootPrefix(xml);
  const pre = p ? `${p}:` : '';
  let out = xml;
  const rp = relPrefix(out);
  if (!rp.declared) {
    out = out.replace(
      /<((?:[\w.-]+:)?workbook)\b([^>]*?)(\/?)>/,
      `<$1$2 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"$3>`,
    );
  }
  const els = added
    .map(
      (s) => `<${pre}sheet name="${escapeXml(s.name)}" sheetId="${s.sheetId}" ${rp.prefix}:id="${s.rid}"/>`,
    )
    .join('');
  const close = out.indexOf(`</${pre}sheets>`);
  if (close >= 0) return out.slice(0, close) + els + out.slice(close);
  const empty = new RegExp(`<${pre}sheets\\s*/>`).exec(out);
  if (empty)
    return (
      out.slice(0, empty.index) +
      `<${pre}sheets>${els}</${pre}sheets>` +
      out.slice(empty.index + empty[0].length)
    );
  throw new Error('workbook.xml has no <sheets>');
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
  const p = rootPrefix(xml);
  const pre = p ? `${p}:` : '';
  const re = /<((?:[\w.-]+:)?definedName)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?definedName>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const a = attrs(`<x${m[2]}>`);
    const local = a.get('localSheetId');
    if (a.get('name') === name && (local === undefined ? null : Number(local)) === localSheetId) {
      const el = `<${m[1]}${m[2]}>${escapeXml(value)}</${m[1]}>`;
      return xml.slice(0, m.index) + el + xml.slice(m.index + m[0].length);
    }
  }
  const el = `<${pre}definedName name="${escapeXml(name)}"${localSheetId === null ? '' : ` localSheetId="${localSheetId}"`}>${escapeXml(value)}</${pre}definedName>`;
  const close = xml.indexOf(`</${pre}definedNames>`);
  if (close >= 0) return xml.slice(0, close) + el + xml.slice(close);
  const { children } = topLevelElements(xml);
  const empty = children.find((c) => c.name === 'definedNames');
  if (empty)
    return (
      xml.slice(0, empty.start) + `<${pre}definedNames>${el}</${pre}definedNames>` + xml.slice(empty.end)
    );
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
  const re = /<(?:[\w.-]+:)?sheet\b[^>]*?\/?>/g;
  const els = [...appended.matchAll(re)];
  const last = els[els.length - 1];
  if (index >= els.length - 1) return appended; // nothing after it: appended is right
  const without = appended.slice(0, last.index) + appended.slice(last.index! + last[0].length);
  const at = els[index].index!;
  const moved = without.slice(0, at) + last[0] + without.slice(at);
  const shift = (tag: RegExp, attr: string) => (s: string) =>
    s.replace(tag, (el) =>
      el.replace(new RegExp(`(\\s${attr}=")(\\d+)(")`), (_m, a: string, n: string, b: string) =>
        Number(n) >= index ? `${a}${Number(n) + 1}${b}` : `${a}${n}${b}`,
      ),
    );
  let out = shift(/<(?:[\w.-]+:)?definedName\b[^>]*>/g, 'localSheetId')(moved);
  out = shift(/<(?:[\w.-]+:)?workbookView\b[^>]*>/g, 'activeTab')(out);
  out = shift(/<(?:[\w.-]+:)?workbookView\b[^>]*>/g, 'firstSheet')(out);
  return out;
}
