/**
 * The CLI's package writer for `recalc -o` (Node only; SPEC §5.1, §6.2 "Fidelity").
 *
 * The output is the input package with only what the plan changes rewritten:
 *   - each input sheet that gets owned columns: streamed through InputSheetRewriter;
 *   - the owned sheets: generated from the plan (sheet-xml.ts) — in place when they exist (same
 *     part, same relationship id, same position), appended at the end when new; 実行履歴 gets
 *     one row appended, its existing rows kept byte for byte;
 *   - styles.xml: new formats appended (nothing renumbered);
 *   - workbook.xml: new <sheet>s, the `_KakariRoster_<sheet>` markers and print titles; its
 *     rels and [Content_Types].xml for new parts; calcChain.xml dropped (Excel rebuilds it);
 *   - table parts of input tables the owned columns extend;
 *   - the 会議資料 chart (chart.ts, shared with the meeting export).
 * Every other entry is copied from the input zip byte for byte, compressed data included.
 * Strict Open XML packages and parts holding elements the writer cannot place around are refused
 * before anything is written (issue 15).
 */
import { tableColumnNames } from '../sheets/plan-apply';
import { promises as fs } from 'fs';
import { parseRange } from '../sheets/address';
import { writeFileAtomic } from './atomic-write';
import { markerName } from '../sheets/owned';
import type { InputSheetPlan, OutputPlan, SheetPlan } from '../sheets/plan-types';
import { graftChart, type PackageParts } from './chart';
import type { PackageInfo, XlsxPackage } from './package-read';
import { InputSheetRewriter } from './sheet-rewrite';
import { appendHistoryRow, colName, ownedSheetXmlPieces } from './sheet-xml';
import { FatalError } from '../sheets/fatal';
import { PACKAGE_FATAL_TEXTS } from '../strings/issues';
import {
  CT_WORKBOOK_ORDER,
  UnknownPartContentError,
  addSheets,
  insertSheetAt,
  insertionPoint,
  isStrictWorkbook,
  rootLocalName,
  setDefinedName,
  xmlElements,
  sheetRef,
} from './workbook-parts';
import {
  CT,
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
import { Deflater, ZipWriter, deflateBytes, type DeflatedData } from './zip-write';

const CONTENT_TYPES = '[Content_Types].xml';

const utf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** The output package while it is being built: changed parts over the input's. */
class OutputPackage implements PackageParts {
  /** Parts rewritten as bytes (small) or already compressed (large, streamed). */
  readonly changed = new Map<string, Uint8Array | DeflatedData>();
  readonly deleted = new Set<string>();

  constructor(readonly input: XlsxPackage) {}

  has(name: string): boolean {
    if (this.changed.has(name)) return true;
    return !this.deleted.has(name) && this.input.has(name);
  }

  get(name: string): Uint8Array | undefined {
    const c = this.changed.get(name);
    if (c instanceof Uint8Array) return c;
    if (c) throw new Error(`part ${name} is already compressed`);
    if (this.deleted.has(name)) return undefined;
    return this.input.bytes(name);
  }

  text(name: string): string | undefined {
    const b = this.get(name);
    return b === undefined ? undefined : utf8(b);
  }

  set(name: string, data: Uint8Array | DeflatedData): void {
    this.deleted.delete(name);
    this.changed.set(name, data);
  }

  delete(name: string): void {
    this.changed.delete(name);
    this.deleted.add(name);
  }

  toBytes(): Uint8Array {
    throw new Error('OutputPackage is written with writeTo()');
  }

  /** Writes the package: input entries in their order (copied or replaced), then new parts. */
  async writeTo(file: string): Promise<void> {
    const fh = await fs.open(file, 'w');
    try {
      const zip = new ZipWriter(fh);
      const done = new Set<string>();
      for (const e of this.input.entries) {
        if (this.deleted.has(e.name) || done.has(e.name)) continue;
        done.add(e.name);
        const c = this.changed.get(e.name);
        if (c === undefined) await zip.copy(this.input.buf, e);
        else await zip.add(e.name, c instanceof Uint8Array ? deflateBytes(c) : c);
      }
      for (const [name, c] of this.changed) {
        if (done.has(name)) continue;
        await zip.add(name, c instanceof Uint8Array ? deflateBytes(c) : c);
      }
      await zip.finish();
    } finally {
      await fh.close();
    }
  }
}

/** Streams the input sheet through the rewriter into a compressed part. */
async function rewriteInputSheet(
  pkg: XlsxPackage,
  part: string,
  plan: InputSheetPlan,
  ps: PackageInfo,
): Promise<DeflatedData> {
  const d = new Deflater();
  const rw = new InputSheetRewriter(plan, ps.styles, d.write);
  for await (const chunk of pkg.stream(part)) await rw.push(chunk);
  await rw.end();
  return d.end();
}

/**
 * A generated owned sheet, compressed as it is produced. Each piece is encoded straight into one
 * reused 1 MB buffer, which the compressor copies from: no 1 MB string is built from the pieces
 * (a long concatenation survives young-generation collections and is copied by each) and no
 * fresh buffer is faulted in per megabyte (W2 要対応リスト, 7.6 MB: 160-200 ms → 110-120 ms).
 */
async function generateSheet(sp: SheetPlan, ps: PackageInfo): Promise<DeflatedData> {
  const d = new Deflater();
  const buf = Buffer.allocUnsafeSlow(GEN_BUFFER);
  let pos = 0;
  let inUse = false;
  const flush = async (): Promise<void> => {
    if (pos === 0) return;
    inUse = true;
    await d.write(buf.subarray(0, pos), () => (inUse = false));
    // The compressor copies what it keeps before releasing (zip-write.ts): the buffer is free.
    if (inUse) throw new Error('generateSheet: buffer not released');
    pos = 0;
  };
  for (const piece of ownedSheetXmlPieces(sp, ps.styles)) {
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (piece.length * 3 > buf.length - pos) {
      await flush();
      if (piece.length * 3 > buf.length) {
        await d.write(Buffer.from(piece, 'utf8'));
        continue;
      }
    }
    pos += buf.write(piece, pos, 'utf8');
  }
  await flush();
  return d.end();
}

const GEN_BUFFER = 1 << 20;

/**
 * A table the owned columns extend: its ref, autoFilter and table columns widened to `right`,
 * the added columns named as the plan names them (ids unique; a name the table's part already
 * holds — which the plan, reading header cells, could not see — still gets a 2, 3, …).
 */
export function extendTableXml(xml: string, right: number, names: Map<number, string>): string {
  const open = /<(?:[\w.-]+:)?table\b[^>]*>/.exec(xml);
  if (!open) return xml;
  const ta = attrs(open[0]);
  const b = parseRange(ta.get('ref') ?? '');
  if (!b || right <= b.right) return xml;
  const widen = (ref: string): string => {
    const x = parseRange(ref);
    return x ? `${colName(x.left)}${x.top}:${colName(right)}${x.bottom}` : ref;
  };
  let out = xml.replace(
    /(<(?:[\w.-]+:)?table\b[^>]*?\sref=")([^"]*)(")/,
    (_m, a: string, ref: string, z: string) => `${a}${widen(ref)}${z}`,
  );
  out = out.replace(
    /(<(?:[\w.-]+:)?autoFilter\b[^>]*?\sref=")([^"]*)(")/,
    (_m, a: string, ref: string, z: string) => `${a}${widen(ref)}${z}`,
  );
  const cols = [...out.matchAll(/<(?:[\w.-]+:)?tableColumn\b[^>]*>/g)].map((m) => attrs(m[0]));
  let id = Math.max(0, ...cols.map((c) => Number(c.get('id') ?? 0)));
  const taken = new Set(cols.map((c) => (c.get('name') ?? '').toLowerCase()));
  const prefix = /<([\w.-]+:)?tableColumns\b/.exec(out)?.[1] ?? '';
  let added = '';
  for (let c = b.right + 1; c <= right; c++) {
    let name = names.get(c) ?? `列${c}`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${names.get(c) ?? `列${c}`}${n}`;
    taken.add(name.toLowerCase());
    added += `<${prefix}tableColumn id="${++id}" name="${escapeXml(name)}"/>`;
  }
  const count = cols.length + (right - b.right);
  out = out.replace(
    /(<(?:[\w.-]+:)?tableColumns\b[^>]*?\scount=")(\d+)(")/,
    (_m, a: string, _n: string, z: string) => `${a}${count}${z}`,
  );
  return out.replace(/<\/((?:[\w.-]+:)?tableColumns)>/, `${added}</$1>`);
}

/** Writes the recalculated workbook to `file` (the caller makes the write atomic). */
export async function writeRecalcPackage(
  pkg: XlsxPackage,
  ps: PackageInfo,
  plan: OutputPlan,
  file: string,
): Promise<void> {
  try {
    await writePackage(pkg, ps, plan, file);
  } catch (e) {
    if (e instanceof UnknownPartContentError) {
      throw new FatalError('file-corrupt', {
        params: { part: e.part, element: e.element },
        texts: PACKAGE_FATAL_TEXTS.unknownContent,
      });
    }
    throw e;
  }
}

/**
 * The checks on the parts the writer must change, before any work: a Strict Open XML package is
 * refused (issue 15, defect 2 — why, in the note below), and so is a workbook.xml with an element
 * the writer does not know where it must insert.
 */
function preflight(wbXml: string, wbPart: string): void {
  // Strict packages are read but not written: every part the writer adds (sheets, chart, drawing,
  // relationships of the purl.oclc.org namespaces) would have to be written in the strict
  // vocabulary, and an output mixing the two is one Excel must repair. Refusing before any work
  // is the robust choice; the message tells the user to save as an Excel Workbook.
  if (isStrictWorkbook(wbXml)) {
    throw new FatalError('file-not-xlsx', { texts: PACKAGE_FATAL_TEXTS.strict });
  }
  // Where <definedNames> would go, when the writer has to add it (throws UnknownPartContentError
  // for what is not understood); an existing one is only added to.
  if (!topLevelElements(wbXml).children.some((c) => c.name === 'definedNames'))
    insertionPoint(wbXml, CT_WORKBOOK_ORDER, 'definedNames', wbPart);
}

async function writePackage(
  pkg: XlsxPackage,
  ps: PackageInfo,
  plan: OutputPlan,
  file: string,
): Promise<void> {
  const WORKBOOK = pkg.workbookPart;
  const WORKBOOK_RELS = relsPathOf(WORKBOOK);
  preflight(pkg.text(WORKBOOK) ?? '', WORKBOOK);
  // Every part written needs its content type (OPC, ECMA-376 Part 2 §10.1.2.1: a package has one
  // content types stream, root <Types>). Without it the package is broken: refused before any work
  // (found by the hostile campaign; it was an internal error, exit 3).
  // It is edited as it is (comments kept), so that text must be well-formed (xmlElements).
  const out = new OutputPackage(pkg);
  const types = out.text(CONTENT_TYPES) ?? '';
  if (rootLocalName(types) !== 'Types' || xmlElements(types)[0].name !== 'Types')
    throw new FatalError('file-corrupt');
  const sheetsByName = new Map(ps.workbook.sheets.map((s) => [s.name, s]));
  const globalNames = new Set(
    ps.workbook.definedNames.filter((d) => d.localSheetId === null).map((d) => d.name),
  );

  // 1. Input sheets with owned columns, streamed; tables the columns extend.
  for (const ip of plan.inputs) {
    const ws = sheetsByName.get(ip.sheet);
    if (!ws?.part) throw new Error(`sheet ${ip.sheet} not found in the package`);
    out.set(ws.part, await rewriteInputSheet(pkg, ws.part, ip, ps));
    if (ip.table) {
      const right = Math.max(...ip.columns.map((c) => c.col));
      const tp = (ps.tableParts.get(ip.sheet) ?? []).find((t) => t.name === ip.table!.name);
      if (tp && right > ip.table.right) {
        // The names are the plan's (src/sheets/plan.ts tableOf).
        out.set(tp.part, bytes(extendTableXml(out.text(tp.part) ?? '', right, tableColumnNames(ip))));
      }
    }
  }

  // 2. Owned sheets: rewritten in place or added at the end (実行履歴, the append sheet, last).
  let wbXml = out.text(WORKBOOK) ?? '';
  const wbRels: Rel[] = parseRels(out.text(WORKBOOK_RELS));
  let ct = out.text(CONTENT_TYPES) ?? '';
  const ordered = [
    ...plan.sheets.filter((s) => s.mode !== 'append'),
    ...plan.sheets.filter((s) => s.mode === 'append'),
  ];
  const added: { name: string; sheetId: number; rid: string }[] = [];
  let nextSheetId = Math.max(0, ...ps.workbook.sheets.map((s) => s.sheetId)) + 1;
  const sheetOrder = ps.workbook.sheets.map((s) => s.name);
  const charted: SheetPlan[] = [];
  for (const sp of ordered) {
    const existing = sheetsByName.get(sp.name);
    if (existing && sp.mode === 'create') continue;
    let part: string;
    if (existing) {
      if (!existing.part) throw new Error(`sheet ${sp.name} has no worksheet part`);
      part = existing.part;
    } else {
      part = freeSheetPart(out, WORKBOOK);
      const rid = nextRelId(wbRels);
      wbRels.push({ id: rid, type: REL.worksheet, target: relativeTarget(WORKBOOK, part), raw: '' });
      ct = addOverride(ct, part, CT.worksheet);
      // A created 設定 goes before the first existing owned sheet (SPEC §2.5 rev 2).
      const before = sp.insertBefore ? sheetOrder.findIndex((n) => sp.insertBefore!.includes(n)) : -1;
      if (before >= 0 && added.length === 0) {
        wbXml = insertSheetAt(wbXml, { name: sp.name, sheetId: nextSheetId++, rid }, before);
        sheetOrder.splice(before, 0, sp.name);
      } else {
        added.push({ name: sp.name, sheetId: nextSheetId++, rid });
        sheetOrder.push(sp.name);
      }
    }
    if (existing && sp.mode === 'append') {
      out.set(part, bytes(appendHistoryRow(out.text(part) ?? '', sp, ps.styles)));
    } else if (sp.chart) {
      // Generated whole: the chart graft edits this part below.
      charted.push(sp);
      // Its earlier <drawing> is not in the new XML; the graft puts it back from the sheet's rels.
      out.set(part, bytes([...ownedSheetXmlPieces(sp, ps.styles)].join('')));
    } else {
      out.set(part, await generateSheet(sp, ps));
    }
  }

  // 3. workbook.xml: new sheets, markers, print titles.
  wbXml = addSheets(wbXml, added);
  for (const sp of ordered) {
    if (sp.mode !== 'create' && !globalNames.has(markerName(sp.name))) {
      wbXml = setDefinedName(wbXml, markerName(sp.name), null, sheetRef(sp.name, '$A$1'), WORKBOOK);
    }
    if (sp.page?.printTitleRows && !(sp.mode === 'create' && sheetsByName.has(sp.name))) {
      const rows = sp.page.printTitleRows
        .split(':')
        .map((r) => `$${r.replace(/\$/g, '')}`)
        .join(':');
      wbXml = setDefinedName(
        wbXml,
        '_xlnm.Print_Titles',
        sheetOrder.indexOf(sp.name),
        sheetRef(sp.name, rows),
        WORKBOOK,
      );
    }
  }

  // 4. calcChain.xml lists formula cells; the rewritten sheets change them, so Excel rebuilds it.
  const calc = wbRels.find((r) => r.type === REL.calcChain);
  if (calc) {
    const calcPart = resolveTarget(WORKBOOK, calc.target);
    out.delete(calcPart);
    ct = removeOverride(ct, calcPart);
    wbRels.splice(wbRels.indexOf(calc), 1);
  }

  // 5. styles.xml (a package without one gets one).
  let stylesPart = wbRels.find((r) => r.type === REL.styles);
  if (!stylesPart) {
    stylesPart = { id: nextRelId(wbRels), type: REL.styles, target: 'styles.xml', raw: '' };
    wbRels.push(stylesPart);
    ct = addOverride(ct, resolveTarget(WORKBOOK, 'styles.xml'), CT.styles);
  }

  out.set(WORKBOOK, bytes(wbXml));
  out.set(WORKBOOK_RELS, bytes(relsXml(wbRels)));

  // 6. The chart (after workbook.xml and its rels: the graft finds the sheet through them).
  const state = { ct, date1904: ps.workbook.date1904 };
  for (const sp of charted) graftChart(out, sp.name, sp.chart!, state);
  ct = state.ct;

  const stylesName = resolveTarget(WORKBOOK, stylesPart.target);
  if (ps.styles.changed || !pkg.has(stylesName)) out.set(stylesName, bytes(ps.styles.toXml()));
  out.set(CONTENT_TYPES, bytes(contentTypesFor(out, ct)));

  await out.writeTo(file);
}

/** A free worksheet part name, in the worksheets folder beside the workbook part. */
function freeSheetPart(pkg: OutputPackage, workbookPart: string): string {
  for (let n = 1; ; n++) {
    const p = resolveTarget(workbookPart, `worksheets/sheet${n}.xml`);
    if (!pkg.has(p)) return p;
  }
}

/** The Default content type of an extension in [Content_Types].xml, or null. */
function defaultType(ct: string, ext: string): string | null {
  for (const m of ct.matchAll(/<(?:[\w.-]+:)?Default\b[^>]*>/g)) {
    const a = attrs(m[0]);
    // Extensions compare case-insensitively (ECMA-376 Part 2, §10.1.2.2).
    if ((a.get('Extension') ?? '').toLowerCase() === ext.toLowerCase()) return a.get('ContentType') ?? null;
  }
  return null;
}

/** True when [Content_Types].xml has an Override for `part` (part names compare case-insensitively). */
function hasOverride(ct: string, part: string): boolean {
  const want = `/${part}`.toLowerCase();
  for (const m of ct.matchAll(/<(?:[\w.-]+:)?Override\b[^>]*>/g))
    if ((attrs(m[0]).get('PartName') ?? '').toLowerCase() === want) return true;
  return false;
}

/**
 * [Content_Types].xml for the output: every part the writer added has a content type — a Default
 * for its extension or an Override (OPC, ECMA-376 Part 2 §10.1.2: a part without one makes the
 * package invalid; LibreOffice 4.1 lists .rels parts one by one instead of by extension, issue 15
 * defect 4) — and no Override names a part the writer removed.
 */
function contentTypesFor(out: OutputPackage, ct: string): string {
  let xml = ct;
  for (const name of out.deleted) if (!out.changed.has(name)) xml = removeOverride(xml, name);
  for (const name of out.changed.keys()) {
    if (name === CONTENT_TYPES || hasOverride(xml, name)) continue;
    const ext = /\.([^./]+)$/.exec(name)?.[1] ?? '';
    if (ext.toLowerCase() === 'rels') {
      if (defaultType(xml, 'rels') !== CT.rels) xml = addOverride(xml, name, CT.rels);
    } else if (!out.input.has(name) && defaultType(xml, ext) === null) {
      throw new Error(`no content type for the new part ${name}`);
    }
  }
  return xml;
}

/** Writes the package to `target` atomically (see atomic-write.ts: 0600 when new, else the target's mode). */
export async function writeRecalcPackageAtomic(
  pkg: XlsxPackage,
  ps: PackageInfo,
  plan: OutputPlan,
  target: string,
): Promise<void> {
  await writeFileAtomic(target, (_fh, tmp) => writeRecalcPackage(pkg, ps, plan, tmp));
}
