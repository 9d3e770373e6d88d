/**
 * workbook.xml: its sheets, defined names, date system and structure protection, read and
 * edited in place (new <sheet> elements appended, defined names added or replaced), every other
 * byte kept. Browser-safe: strings only.
 */
import { attrs, escapeXml, resolveTarget, rootPrefix, textValue, topLevelElements, type Rel } from './xml';

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

/** CT_Workbook children that come after <definedNames>. */
const AFTER_DEFINED_NAMES = new Set([
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
  'AlternateContent',
]);

/**
 * workbook.xml with a defined name set: an existing one of the same name and scope gets the new
 * formula text (the element's other attributes kept), else a new one is appended.
 */
export function setDefinedName(
  xml: string,
  name: string,
  localSheetId: number | null,
  value: string,
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
  const { children, rootClose } = topLevelElements(xml);
  const empty = children.find((c) => c.name === 'definedNames');
  if (empty)
    return (
      xml.slice(0, empty.start) + `<${pre}definedNames>${el}</${pre}definedNames>` + xml.slice(empty.end)
    );
  const before = children.find((c) => AFTER_DEFINED_NAMES.has(c.name));
  const at = before ? before.start : rootClose;
  return xml.slice(0, at) + `<${pre}definedNames>${el}</${pre}definedNames>` + xml.slice(at);
}

/** 'Sheet name'!$A$1 style reference text. */
export const sheetRef = (sheet: string, ref: string): string => `'${sheet.replace(/'/g, "''")}'!${ref}`;
