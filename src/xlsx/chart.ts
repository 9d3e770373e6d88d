/**
 * Charts for files written with ExcelJS (which has no chart API): after ExcelJS has written the
 * package, the chart of each ChartPlan is grafted in as DrawingML parts (SPEC §5.3):
 *
 *   xl/charts/chartN.xml                 c:chartSpace with a clustered c:barChart and cached values
 *   xl/drawings/drawingN.xml (+ rels)    xdr:twoCellAnchor + graphicFrame pointing at the chart
 *   xl/worksheets/_rels/sheetK.xml.rels  the sheet → drawing relationship
 *   <drawing r:id=…/> in the sheet       at its place in the CT_Worksheet sequence
 *   [Content_Types].xml                  overrides for the new parts
 *
 * Idempotent: a chart grafted earlier (recognised by its drawing object name) is removed before the
 * new one is added, so a re-run on the tool's own output never yields two charts — whether the
 * writer dropped the old chart (ExcelJS does) or carried it over. Browser-safe: fflate and strings
 * only, bytes in and bytes out.
 */
import { inflateSync, strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { ChartPlan, SheetPlan } from '../sheets/plan-types';

/** The drawing object name that marks a chart written by this tool. */
export const CHART_OBJECT_NAME = 'KakariRoster_Chart';

const NS = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rels: 'http://schemas.openxmlformats.org/package/2006/relationships',
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
};
const REL = {
  drawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  chart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
};
const CT = {
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
};

/** Series colours (Office palette: blue, orange). */
const SERIES_COLOURS = ['4472C4', 'ED7D31'];

export interface SheetChart {
  sheet: string;
  chart: ChartPlan;
}

/** The charts a plan asks for, with their sheets. */
export function chartsOf(sheets: readonly SheetPlan[]): SheetChart[] {
  return sheets.filter((s) => s.chart !== null).map((s) => ({ sheet: s.name, chart: s.chart! }));
}

// ---------------------------------------------------------------------------------------------
// XML helpers
// ---------------------------------------------------------------------------------------------

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** Attributes of one start tag (values unescaped; prefixes kept, e.g. "r:id"). */
function attrs(tag: string): Map<string, string> {
  const m = new Map<string, string>();
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let x: RegExpExecArray | null;
  while ((x = re.exec(tag))) m.set(x[1], unescapeXml(x[3] ?? x[4] ?? ''));
  return m;
}

/** Resolves a relationship target against the folder of the part that owns the rels. */
function resolveTarget(ownerPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ownerPart.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** "xl/worksheets/sheet1.xml" → "xl/worksheets/_rels/sheet1.xml.rels" */
function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

/** Target relative to `fromPart`'s folder (both inside the package). */
function relativeTarget(fromPart: string, toPart: string): string {
  const from = fromPart.split('/').slice(0, -1);
  const to = toPart.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...new Array(from.length - i).fill('..'), ...to.slice(i)].join('/');
}

interface Rel {
  id: string;
  type: string;
  target: string;
  raw: string;
}

function parseRels(xml: string | undefined): Rel[] {
  if (!xml) return [];
  const out: Rel[] = [];
  for (const m of xml.matchAll(/<Relationship\b[^>]*?\/?>/g)) {
    const a = attrs(m[0]);
    out.push({ id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: a.get('Target') ?? '', raw: m[0] });
  }
  return out;
}

function relsXml(rels: { id: string; type: string; target: string }[]): string {
  const body = rels
    .map(
      (r) =>
        `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"/>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rels}">${body}</Relationships>`;
}

function nextRelId(rels: Rel[]): string {
  let max = 0;
  for (const r of rels) {
    const m = /^rId(\d+)$/.exec(r.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `rId${max + 1}`;
}

/** "A18:A20" → "'会議資料'!$A$18:$A$20" */
function absRef(sheet: string, range: string): string {
  const abs = range
    .split(':')
    .map((p) =>
      p.replace(/^\$?([A-Za-z]+)\$?(\d+)$/, (_m, c: string, r: string) => `$${c.toUpperCase()}$${r}`),
    )
    .join(':');
  return `'${sheet.replace(/'/g, "''")}'!${abs}`;
}

/** Number as written in a c:numCache point: plain decimal, full precision. */
function numText(v: number): string {
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// Part builders
// ---------------------------------------------------------------------------------------------

function richText(text: string, size: number, bold: boolean): string {
  const b = bold ? ' b="1"' : ' b="0"';
  return (
    `<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"${b}/></a:pPr>` +
    `<a:r><a:rPr lang="ja-JP" altLang="en-US" sz="${size}"${b}/><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich>`
  );
}

/** xl/charts/chartN.xml for a clustered column chart with cached categories and values. */
export function chartXml(sheet: string, chart: ChartPlan): string {
  const n = chart.categoryValues.length;
  const strCache = (values: string[]) =>
    `<c:strCache><c:ptCount val="${values.length}"/>` +
    values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join('') +
    `</c:strCache>`;
  const cat = `<c:cat><c:strRef><c:f>${escapeXml(absRef(sheet, chart.categories))}</c:f>${strCache(chart.categoryValues)}</c:strRef></c:cat>`;
  const series = chart.series
    .map((s, i) => {
      const pts = s.values
        .map((v, j) =>
          v === null || !Number.isFinite(v) ? '' : `<c:pt idx="${j}"><c:v>${numText(v)}</c:v></c:pt>`,
        )
        .join('');
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
        `<c:tx><c:strRef><c:f>${escapeXml(absRef(sheet, s.nameCell))}</c:f>${strCache([s.name])}</c:strRef></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr>` +
        `<c:invertIfNegative val="0"/>` +
        cat +
        `<c:val><c:numRef><c:f>${escapeXml(absRef(sheet, s.range))}</c:f>` +
        `<c:numCache><c:formatCode>0.0%</c:formatCode><c:ptCount val="${n}"/>${pts}</c:numCache></c:numRef></c:val>` +
        `</c:ser>`
      );
    })
    .join('');
  const ax = chart.valueAxis;
  const catId = '50010001';
  const valId = '50010002';
  const axisText = `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1000"/></a:pPr><a:endParaRPr lang="ja-JP"/></a:p></c:txPr>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    `<c:date1904 val="0"/><c:lang val="ja-JP"/><c:roundedCorners val="0"/>` +
    `<c:chart>` +
    `<c:title><c:tx>${richText(chart.title, 1400, true)}</c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    series +
    `<c:gapWidth val="80"/><c:axId val="${catId}"/><c:axId val="${valId}"/></c:barChart>` +
    `<c:catAx><c:axId val="${catId}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/>` +
    `<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisText}<c:crossAx val="${valId}"/><c:crosses val="autoZero"/>` +
    `<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${valId}"/><c:scaling><c:orientation val="minMax"/>` +
    `<c:max val="${numText(ax.max)}"/><c:min val="${numText(ax.min)}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="${escapeXml(ax.numFmt)}" sourceLinked="0"/>` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${axisText}` +
    `<c:crossAx val="${catId}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>` +
    `<c:majorUnit val="${numText((ax.max - ax.min) / 5)}"/></c:valAx>` +
    `</c:plotArea>` +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${axisText}</c:legend>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>` +
    `</c:chart>` +
    `<c:spPr><a:solidFill><a:schemeClr val="bg1"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

/** The anchor of one chart in a drawing part. */
export function chartAnchorXml(chart: ChartPlan, objectId: number, chartRelId: string): string {
  const { col, row, cols, rows } = chart.anchor;
  const pos = (c: number, r: number) =>
    `<xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    `<xdr:twoCellAnchor editAs="oneCell">` +
    `<xdr:from>${pos(col - 1, row - 1)}</xdr:from><xdr:to>${pos(col - 1 + cols, row - 1 + rows)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>` +
    `<xdr:cNvPr id="${objectId}" name="${CHART_OBJECT_NAME}" descr="${escapeXml(chart.title)}"/><xdr:cNvGraphicFramePr/>` +
    `</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="${chartRelId}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

function emptyDrawingXml(): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}"></xdr:wsDr>`;
}

// ---------------------------------------------------------------------------------------------
// Worksheet XML: the <drawing> element at its schema position
// ---------------------------------------------------------------------------------------------

/** CT_Worksheet children that come after <drawing> (ECMA-376 Part 1, §18.3.1.99). */
const AFTER_DRAWING = new Set([
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

interface TopElement {
  name: string;
  start: number;
  end: number;
}

/** The direct children of the root element (local names and their spans). */
function topLevelElements(xml: string): { children: TopElement[]; rootClose: number } {
  const children: TopElement[] = [];
  let depth = 0;
  let current: TopElement | null = null;
  let i = 0;
  let rootClose = -1;
  while (true) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) {
      i = xml.indexOf('?>', lt) + 2;
      continue;
    }
    if (xml.startsWith('<!--', lt)) {
      i = xml.indexOf('-->', lt) + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      i = xml.indexOf(']]>', lt) + 3;
      continue;
    }
    // Find the end of the tag, skipping quoted attribute values.
    let j = lt + 1;
    let quote = '';
    for (; j < xml.length; j++) {
      const ch = xml[j];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
    }
    const tag = xml.slice(lt, j + 1);
    const closing = tag.startsWith('</');
    const selfClosing = tag.endsWith('/>');
    const local = /^<\/?(?:[\w.-]+:)?([\w.-]+)/.exec(tag)?.[1] ?? '';
    if (closing) {
      depth--;
      if (depth === 1 && current) {
        current.end = j + 1;
        children.push(current);
        current = null;
      } else if (depth === 0) rootClose = lt;
    } else {
      if (depth === 1) {
        if (selfClosing) children.push({ name: local, start: lt, end: j + 1 });
        else current = { name: local, start: lt, end: -1 };
      }
      if (!selfClosing) depth++;
    }
    i = j + 1;
  }
  return { children, rootClose };
}

/** Sets the sheet's <drawing r:id> (replacing any), placed before the elements that follow it. */
export function setSheetDrawing(sheetXml: string, relId: string | null): string {
  let xml = sheetXml;
  // Remove an existing <drawing …/> first.
  const first = topLevelElements(xml);
  const old = first.children.find((c) => c.name === 'drawing');
  if (old) xml = xml.slice(0, old.start) + xml.slice(old.end);
  if (relId === null) return xml;
  const { children, rootClose } = topLevelElements(xml);
  const rootTag = /<(?:[\w.-]+:)?worksheet\b[^>]*>/.exec(xml);
  let rPrefix = 'r';
  if (rootTag) {
    const a = attrs(rootTag[0]);
    const bound = [...a].find(([k, v]) => k.startsWith('xmlns:') && v === NS.r);
    if (bound) rPrefix = bound[0].slice('xmlns:'.length);
    else {
      const withNs = rootTag[0].replace(/\s*(\/?)>$/, ` xmlns:r="${NS.r}"$1>`);
      xml = xml.slice(0, rootTag.index) + withNs + xml.slice(rootTag.index + rootTag[0].length);
      return setSheetDrawing(xml, relId);
    }
  }
  const mainPrefix = rootTag ? (/^<([\w.-]+):/.exec(rootTag[0])?.[1] ?? '') : '';
  const el = `<${mainPrefix ? `${mainPrefix}:` : ''}drawing ${rPrefix}:id="${relId}"/>`;
  const before = children.find((c) => AFTER_DRAWING.has(c.name));
  const at = before ? before.start : rootClose;
  if (at < 0) throw new Error('worksheet XML without a closing root tag');
  return xml.slice(0, at) + el + xml.slice(at);
}

// ---------------------------------------------------------------------------------------------
// The package: read lazily, patched in place
// ---------------------------------------------------------------------------------------------

/**
 * The parts of an .xlsx package the graft reads and changes. Parts are decompressed only when
 * read; on output, untouched parts are copied as they are (compressed bytes and all), so grafting
 * a chart into a large workbook costs about as much as copying the file.
 */
export interface PackageParts {
  has(name: string): boolean;
  get(name: string): Uint8Array | undefined;
  set(name: string, data: Uint8Array): void;
  delete(name: string): void;
  toBytes(): Uint8Array;
}

/** One entry of a zip's central directory. */
interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  csize: number;
  localOffset: number;
  /** The central directory record, verbatim. */
  central: Uint8Array;
}

const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number): number =>
  (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
const put32 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
};

/** The central directory of a zip; null for what this reader does not handle (ZIP64, spanning). */
function readZip(buf: Uint8Array): ZipEntry[] | null {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (u32(buf, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(buf, eocd + 10);
  const cdSize = u32(buf, eocd + 12);
  const cdOffset = u32(buf, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || u16(buf, eocd + 4) !== 0)
    return null;
  const entries: ZipEntry[] = [];
  let o = cdOffset;
  for (let k = 0; k < count; k++) {
    if (o + 46 > buf.length || u32(buf, o) !== 0x02014b50) return null;
    const nameLen = u16(buf, o + 28);
    const len = 46 + nameLen + u16(buf, o + 30) + u16(buf, o + 32);
    const csize = u32(buf, o + 20);
    const localOffset = u32(buf, o + 42);
    if (csize === 0xffffffff || localOffset === 0xffffffff) return null;
    entries.push({
      name: strFromU8(buf.subarray(o + 46, o + 46 + nameLen)),
      flags: u16(buf, o + 8),
      method: u16(buf, o + 10),
      csize,
      localOffset,
      central: buf.subarray(o, o + len),
    });
    o += len;
  }
  return entries;
}

/** Start of the compressed data and end of the whole local record (data descriptor included). */
function localSpan(buf: Uint8Array, e: ZipEntry): { data: number; end: number } {
  const h = e.localOffset;
  if (u32(buf, h) !== 0x04034b50) throw new Error(`zip: no local header for ${e.name}`);
  const data = h + 30 + u16(buf, h + 26) + u16(buf, h + 28);
  let end = data + e.csize;
  if (e.flags & 8) end += u32(buf, end) === 0x08074b50 ? 16 : 12;
  return { data, end };
}

function entryBytes(buf: Uint8Array, e: ZipEntry): Uint8Array {
  const { data } = localSpan(buf, e);
  const raw = buf.subarray(data, data + e.csize);
  if (e.method === 0) return raw.slice();
  if (e.method === 8) return inflateSync(raw);
  throw new Error(`zip: unsupported compression method ${e.method} for ${e.name}`);
}

/** A package patched in place: untouched entries are copied verbatim. */
class PatchedZip implements PackageParts {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly cache = new Map<string, Uint8Array>();
  private readonly changed = new Map<string, Uint8Array>();
  private readonly deleted = new Set<string>();

  constructor(
    private readonly buf: Uint8Array,
    private readonly entries: ZipEntry[],
  ) {
    for (const e of entries) this.byName.set(e.name, e);
  }

  has(name: string): boolean {
    return this.changed.has(name) || (this.byName.has(name) && !this.deleted.has(name));
  }

  get(name: string): Uint8Array | undefined {
    if (this.changed.has(name)) return this.changed.get(name);
    const e = this.byName.get(name);
    if (!e || this.deleted.has(name)) return undefined;
    let d = this.cache.get(name);
    if (!d) this.cache.set(name, (d = entryBytes(this.buf, e)));
    return d;
  }

  set(name: string, data: Uint8Array): void {
    this.deleted.delete(name);
    this.changed.set(name, data);
  }

  delete(name: string): void {
    this.changed.delete(name);
    this.deleted.add(name);
  }

  toBytes(): Uint8Array {
    // The changed and new parts, compressed by fflate into a small zip whose entries are copied over.
    const fresh = zipPackage(Object.fromEntries(this.changed));
    const freshEntries = new Map(readZip(fresh)!.map((e) => [e.name, e]));
    const pieces: { src: Uint8Array; e: ZipEntry }[] = [];
    for (const e of this.entries) {
      if (this.deleted.has(e.name)) continue;
      const f = freshEntries.get(e.name);
      if (f) {
        pieces.push({ src: fresh, e: f });
        freshEntries.delete(e.name);
      } else pieces.push({ src: this.buf, e });
    }
    for (const f of freshEntries.values()) pieces.push({ src: fresh, e: f });

    let size = 22;
    const spans = pieces.map((p) => localSpan(p.src, p.e));
    pieces.forEach((p, i) => (size += spans[i].end - p.e.localOffset + p.e.central.length));
    const out = new Uint8Array(size);
    let o = 0;
    const offsets: number[] = [];
    pieces.forEach((p, i) => {
      offsets.push(o);
      out.set(p.src.subarray(p.e.localOffset, spans[i].end), o);
      o += spans[i].end - p.e.localOffset;
    });
    const cdStart = o;
    pieces.forEach((p, i) => {
      out.set(p.e.central, o);
      put32(out, o + 42, offsets[i]);
      o += p.e.central.length;
    });
    // End of central directory.
    put32(out, o, 0x06054b50);
    out[o + 8] = pieces.length & 0xff;
    out[o + 9] = pieces.length >>> 8;
    out[o + 10] = pieces.length & 0xff;
    out[o + 11] = pieces.length >>> 8;
    put32(out, o + 12, o - cdStart);
    put32(out, o + 16, cdStart);
    return out;
  }
}

/** A package fully in memory (fallback for zips the patcher does not handle). */
class MemoryZip implements PackageParts {
  constructor(private readonly files: Record<string, Uint8Array>) {}
  has(name: string): boolean {
    return name in this.files;
  }
  get(name: string): Uint8Array | undefined {
    return this.files[name];
  }
  set(name: string, data: Uint8Array): void {
    this.files[name] = data;
  }
  delete(name: string): void {
    delete this.files[name];
  }
  toBytes(): Uint8Array {
    return zipPackage(this.files);
  }
}

/** Opens a package for patching (in place when the zip allows it, else in memory). */
export function openPackage(xlsx: Uint8Array): PackageParts {
  const entries = readZip(xlsx);
  if (entries && entries.length < 0xffff) return new PatchedZip(xlsx, entries);
  return new MemoryZip(unzipSync(xlsx) as Record<string, Uint8Array>);
}

/** Zips parts deterministically (fixed timestamps), [Content_Types].xml first. */
export function zipPackage(files: Record<string, Uint8Array>): Uint8Array {
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const z: Zippable = {};
  const names = Object.keys(files).filter((n) => !n.endsWith('/'));
  names.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  for (const n of names) z[n] = [files[n], { level: 6, mtime }];
  return zipSync(z);
}

// ---------------------------------------------------------------------------------------------
// The graft
// ---------------------------------------------------------------------------------------------

const text = (pkg: PackageParts, name: string): string | undefined => {
  const d = pkg.get(name);
  return d === undefined ? undefined : strFromU8(d);
};

/** Part name of each sheet, by sheet name (from workbook.xml and its rels). */
export function sheetParts(pkg: PackageParts | Record<string, Uint8Array>): Map<string, string> {
  const p: PackageParts =
    'toBytes' in pkg && typeof pkg.toBytes === 'function'
      ? (pkg as PackageParts)
      : new MemoryZip(pkg as Record<string, Uint8Array>);
  const wb = text(p, 'xl/workbook.xml') ?? '';
  const rels = parseRels(text(p, 'xl/_rels/workbook.xml.rels'));
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*?\/?>/g)) {
    const a = attrs(m[0]);
    const name = a.get('name');
    const rid = [...a].find(([k]) => k.endsWith(':id'))?.[1];
    const rel = rels.find((r) => r.id === rid);
    if (name !== undefined && rel) out.set(name, resolveTarget('xl/workbook.xml', rel.target));
  }
  return out;
}

function freePart(pkg: PackageParts, folder: string, stem: string): string {
  for (let n = 1; ; n++) {
    const p = `${folder}/${stem}${n}.xml`;
    if (!pkg.has(p)) return p;
  }
}

function addOverride(ct: string, part: string, type: string): string {
  if (ct.includes(`PartName="/${part}"`)) return ct;
  return ct.replace(/<\/Types>\s*$/, `<Override PartName="/${part}" ContentType="${type}"/></Types>`);
}

function removeOverride(ct: string, part: string): string {
  return ct.replace(
    new RegExp(`<Override\\b[^>]*PartName="/${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*/>`, 'g'),
    '',
  );
}

const ANCHOR_RE = /<((?:[\w.-]+:)?(?:twoCellAnchor|oneCellAnchor|absoluteAnchor))\b[\s\S]*?<\/\1>/g;

/**
 * Removes this tool's chart anchors (and their chart parts) from a drawing; returns the remaining
 * drawing XML and whether anything of someone else is left in it.
 */
function dropOwnCharts(
  pkg: PackageParts,
  drawingPart: string,
  state: { ct: string },
): { xml: string; rels: Rel[]; othersLeft: boolean } {
  let xml = text(pkg, drawingPart) ?? '';
  let rels = parseRels(text(pkg, relsPathOf(drawingPart)));
  xml = xml.replace(ANCHOR_RE, (anchor) => {
    if (!anchor.includes(`name="${CHART_OBJECT_NAME}"`)) return anchor;
    const rid = /<(?:[\w.-]+:)?chart\b[^>]*?(?:[\w.-]+:)?id="([^"]+)"/.exec(anchor)?.[1];
    const rel = rels.find((r) => r.id === rid);
    if (rel) {
      const chartPart = resolveTarget(drawingPart, rel.target);
      pkg.delete(chartPart);
      pkg.delete(relsPathOf(chartPart));
      state.ct = removeOverride(state.ct, chartPart);
      rels = rels.filter((r) => r !== rel);
    }
    return '';
  });
  ANCHOR_RE.lastIndex = 0;
  const othersLeft = ANCHOR_RE.test(xml);
  ANCHOR_RE.lastIndex = 0;
  return { xml, rels, othersLeft };
}

/** Adds (or replaces) this tool's chart on one sheet of an open package. */
export function graftChart(pkg: PackageParts, sheet: string, chart: ChartPlan, state: { ct: string }): void {
  const sheetPart = sheetParts(pkg).get(sheet);
  if (!sheetPart || !pkg.has(sheetPart))
    throw new Error(`chart graft: sheet ${sheet} not found in the package`);
  const sheetRelsPath = relsPathOf(sheetPart);
  let sheetRels = parseRels(text(pkg, sheetRelsPath));

  // An existing drawing on the sheet: keep what is not ours, drop our old chart.
  let drawingPart: string | null = null;
  let drawingXml = emptyDrawingXml();
  let drawingRels: Rel[] = [];
  const drawingRel = sheetRels.find((r) => r.type === REL.drawing);
  if (drawingRel) {
    const p = resolveTarget(sheetPart, drawingRel.target);
    if (pkg.has(p)) {
      const kept = dropOwnCharts(pkg, p, state);
      if (kept.othersLeft) {
        drawingPart = p;
        drawingXml = kept.xml;
        drawingRels = kept.rels;
      } else {
        // Nothing but our old chart: remove the drawing altogether and start afresh.
        pkg.delete(p);
        pkg.delete(relsPathOf(p));
        state.ct = removeOverride(state.ct, p);
      }
    }
    if (!drawingPart) sheetRels = sheetRels.filter((r) => r !== drawingRel);
  }

  const chartPart = freePart(pkg, 'xl/charts', 'chart');
  pkg.set(chartPart, strToU8(chartXml(sheet, chart)));
  state.ct = addOverride(state.ct, chartPart, CT.chart);

  if (!drawingPart) {
    drawingPart = freePart(pkg, 'xl/drawings', 'drawing');
    state.ct = addOverride(state.ct, drawingPart, CT.drawing);
  }
  const chartRelId = nextRelId(drawingRels);
  drawingRels.push({
    id: chartRelId,
    type: REL.chart,
    target: relativeTarget(drawingPart, chartPart),
    raw: '',
  });
  const ids = [...drawingXml.matchAll(/<(?:[\w.-]+:)?cNvPr\b[^>]*?\bid="(\d+)"/g)].map((m) => Number(m[1]));
  const anchor = chartAnchorXml(chart, Math.max(1, ...ids) + 1, chartRelId);
  drawingXml = drawingXml.replace(/<\/((?:[\w.-]+:)?wsDr)>\s*$/, `${anchor}</$1>`);
  pkg.set(drawingPart, strToU8(drawingXml));
  pkg.set(relsPathOf(drawingPart), strToU8(relsXml(drawingRels)));

  let sheetDrawingRel = sheetRels.find((r) => r.type === REL.drawing);
  if (!sheetDrawingRel) {
    sheetDrawingRel = {
      id: nextRelId(sheetRels),
      type: REL.drawing,
      target: relativeTarget(sheetPart, drawingPart),
      raw: '',
    };
    sheetRels.push(sheetDrawingRel);
  }
  pkg.set(sheetRelsPath, strToU8(relsXml(sheetRels)));
  pkg.set(sheetPart, strToU8(setSheetDrawing(text(pkg, sheetPart)!, sheetDrawingRel.id)));
}

/**
 * Adds each chart to its sheet in an .xlsx package (the bytes ExcelJS wrote) and returns the new
 * package. Sheets without a chart are left as they are; a sheet's earlier chart of this tool is
 * replaced, never duplicated. Untouched parts are copied without being decompressed.
 */
export function graftCharts(xlsx: Uint8Array, charts: readonly SheetChart[]): Uint8Array {
  if (charts.length === 0) return xlsx;
  const pkg = openPackage(xlsx);
  const state = { ct: text(pkg, '[Content_Types].xml') ?? '' };
  for (const { sheet, chart } of charts) graftChart(pkg, sheet, chart, state);
  pkg.set('[Content_Types].xml', strToU8(state.ct));
  return pkg.toBytes();
}

/**
 * True when every drawing in the package holds only charts this tool grafted (so a writer that
 * drops drawings loses nothing the next graft does not put back). False when there is no drawing.
 */
export function onlyOwnCharts(xlsx: Uint8Array): boolean {
  let foreign = false;
  const files = unzipSync(xlsx, {
    filter: (f) => {
      if (/^xl\/(chartsheets|media)\//.test(f.name) || /^xl\/drawings\/[^/]+\.vml$/.test(f.name))
        foreign = true;
      return /^xl\/drawings\/[^/]+\.xml$/.test(f.name);
    },
  });
  const drawings = Object.values(files);
  if (foreign || drawings.length === 0) return false;
  return drawings.every((d) => {
    const anchors = strFromU8(d).match(ANCHOR_RE) ?? [];
    return anchors.length > 0 && anchors.every((a) => a.includes(`name="${CHART_OBJECT_NAME}"`));
  });
}
