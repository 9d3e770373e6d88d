/**
 * Charts as DrawingML: the package writer (package-write.ts) and the export builder (export.ts)
 * graft the chart of each ChartPlan into the package as these parts (SPEC §5.3):
 *
 *   xl/charts/chartN.xml                 c:chartSpace with a clustered c:barChart and cached values
 *   xl/drawings/drawingN.xml (+ rels)    xdr:twoCellAnchor + graphicFrame pointing at the chart
 *   xl/worksheets/_rels/sheetK.xml.rels  the sheet → drawing relationship
 *   <drawing r:id=…/> in the sheet       at its place in the CT_Worksheet sequence
 *   [Content_Types].xml                  overrides for the new parts
 *
 * Idempotent: a chart grafted earlier (recognised by its drawing object name) is removed before the
 * new one is added, so a re-run on the tool's own output never yields two charts — whether the
 * writer dropped the old chart or carried it over. Browser-safe: fflate and strings
 * only, bytes in and bytes out.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { ChartPlan, SheetPlan } from '../sheets/plan-types';
import { workbookPartOf } from './workbook-parts';
import { entryBytes, localSpan, put32, put64, readCentralDirectory, type ZipEntry } from './zip';
import {
  CT,
  NS,
  REL,
  addOverride,
  attrs,
  escapeXml,
  nextRelId,
  parseRels,
  relativeTarget,
  relsPathOf,
  relsXml,
  removeOverride,
  resolveTarget,
  topLevelElements,
  type Rel,
} from './xml';

export { escapeXml };

/** The drawing object name that marks a chart written by this tool. */
export const CHART_OBJECT_NAME = 'KakariRoster_Chart';

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
export function chartXml(sheet: string, chart: ChartPlan, date1904 = false): string {
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
    `<c:date1904 val="${date1904 ? 1 : 0}"/><c:lang val="ja-JP"/><c:roundedCorners val="0"/>` +
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
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>` +
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

/** The central directory of a zip; null for what the in-memory patcher does not handle. */
function readZip(buf: Uint8Array): ZipEntry[] | null {
  try {
    return readCentralDirectory(buf);
  } catch {
    return null;
  }
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
      const f = p.e.offsetField;
      if (f.size === 8) put64(out, o + f.at, offsets[i]);
      else put32(out, o + f.at, offsets[i]);
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

/** A package fully in memory (new packages, and zips the patcher does not handle). */
export class MemoryZip implements PackageParts {
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
  // The workbook part is where the package relationship points (OPC; issue 15, defect 5).
  const wbPart = workbookPartOf((n) => (p.has(n) ? text(p, n) : undefined)) ?? 'xl/workbook.xml';
  const wb = text(p, wbPart) ?? '';
  const rels = parseRels(text(p, relsPathOf(wbPart)));
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*?\/?>/g)) {
    const a = attrs(m[0]);
    const name = a.get('name');
    const rid = [...a].find(([k]) => k.endsWith(':id'))?.[1];
    const rel = rels.find((r) => r.id === rid);
    if (name !== undefined && rel) out.set(name, resolveTarget(wbPart, rel.target));
  }
  return out;
}

function freePart(pkg: PackageParts, folder: string, stem: string): string {
  for (let n = 1; ; n++) {
    const p = `${folder}/${stem}${n}.xml`;
    if (!pkg.has(p)) return p;
  }
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

/**
 * Adds (or replaces) this tool's chart on one sheet of an open package. `state.date1904`: the
 * workbook's date system, which the chart states too (ECMA-376 Part 1, §21.2.2.38 date1904).
 */
export function graftChart(
  pkg: PackageParts,
  sheet: string,
  chart: ChartPlan,
  state: { ct: string; date1904?: boolean },
): void {
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
  pkg.set(chartPart, strToU8(chartXml(sheet, chart, state.date1904)));
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
  const anchor = chartAnchorXml(chart, ids.reduce((m, x) => Math.max(m, x), 1) + 1, chartRelId);
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
 * Adds each chart to its sheet in an .xlsx package (bytes in, bytes out) and returns the new
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
