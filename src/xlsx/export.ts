/**
 * The meeting export (SPEC §5.4): a separate workbook holding 会議資料 and 集計_地区 only — values
 * and formats, the chart, print settings; no formulas pointing back, no personal data.
 *
 * Written with the same parts as the CLI's package writer: the sheets by sheet-xml.ts, their
 * formats through a StyleBook, print titles by workbook-parts.ts and the chart by chart.ts — so
 * the meeting file and `recalc -o` share one way of writing cells, charts and print settings.
 *
 * Browser-safe on purpose (the task pane imports it lazily): fflate and strings only, bytes in
 * memory, no fs, no path, no Buffer. The CLI (src/cli/export.ts) writes the bytes to a file; the
 * add-in hands them, base64-encoded, to `Excel.createWorkbook`.
 */
import { strToU8 } from 'fflate';
import { DATE1904_OFFSET } from '../sheets/plan-context';
import type { OutputPlan, SheetPlan } from '../sheets/plan-types';
import { MemoryZip, graftChart, zipPackage } from './chart';
import { ownedSheetXmlPieces } from './sheet-xml';
import { StyleBook } from './styles';
import { addSheets, setDefinedName, sheetRef } from './workbook-parts';
import { CT, NS, REL, addOverride, escapeXml, relsXml, type Rel } from './xml';

/** The sheets of the export, in this order (the handout first). */
export const EXPORT_SHEETS = ['会議資料', '集計_地区'] as const;

/** The plan's sheets that go into the export, checked to hold no formula. */
export function exportSheets(plan: OutputPlan): SheetPlan[] {
  const out: SheetPlan[] = [];
  for (const name of EXPORT_SHEETS) {
    const sp = plan.sheets.find((s) => s.name === name);
    if (!sp) throw new Error(`the plan has no ${name} sheet`);
    // Values only: a formula would point back into the roster workbook. The export is a new
    // workbook in the 1900 date system: dates of a 1904 roster's plan are moved back to it.
    const shift = plan.date1904 ? DATE1904_OFFSET : 0;
    const values: SheetPlan = {
      ...sp,
      mode: 'owned',
      rows: sp.rows.map((r) =>
        r.map((c) =>
          c && c.t === 'f'
            ? { t: 's', v: String(c.v) }
            : c && c.t === 'd' && shift
              ? { ...c, v: c.v + shift }
              : c,
        ),
      ),
    };
    out.push(values);
  }
  return out;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * A new workbook package of planned sheets (values, formats, highlights, print settings, charts),
 * without marker names. Deterministic: the same plan gives the same bytes.
 */
export function planWorkbookBytes(sheets: readonly SheetPlan[], opts: { creator?: string } = {}): Uint8Array {
  const steps = planWorkbookParts(sheets, opts);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return zipPackage(r.value);
}

/** Pieces of a sheet's XML (ROWS_PER_PIECE rows each) generated between two pauses of planWorkbookParts. */
const PIECES_PER_STEP = 1;

/**
 * The parts of a new workbook package, as a computation that yields between blocks of rows (so
 * the task pane can build a large export in time slices, SPEC §5.4 "Size").
 */
export function* planWorkbookParts(
  sheets: readonly SheetPlan[],
  opts: { creator?: string } = {},
): Generator<void, Record<string, Uint8Array>> {
  const styles = StyleBook.empty();
  const files: Record<string, Uint8Array> = {};
  let ct =
    `${XML_HEAD}<Types xmlns="${NS.ct}">` +
    `<Default Extension="rels" ContentType="${CT.rels}"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT.workbook}"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${CT.styles}"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="${CT.coreProps}"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="${CT.extProps}"/>` +
    `</Types>`;
  const creator = opts.creator ?? 'Kakari Roster';
  files['_rels/.rels'] = strToU8(
    relsXml([
      { id: 'rId1', type: REL.officeDocument, target: 'xl/workbook.xml', raw: '' },
      { id: 'rId2', type: REL.coreProps, target: 'docProps/core.xml', raw: '' },
      { id: 'rId3', type: REL.extProps, target: 'docProps/app.xml', raw: '' },
    ]),
  );
  files['docProps/core.xml'] = strToU8(
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
      `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
      `xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      `<dc:creator>${escapeXml(creator)}</dc:creator><cp:lastModifiedBy>${escapeXml(creator)}</cp:lastModifiedBy></cp:coreProperties>`,
  );
  files['docProps/app.xml'] = strToU8(
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
      `xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Kakari Roster</Application></Properties>`,
  );
  let wb =
    `${XML_HEAD}<workbook xmlns="${NS.main}" xmlns:r="${NS.r}">` +
    `<bookViews><workbookView activeTab="0"/></bookViews><sheets/></workbook>`;
  const rels: Rel[] = [];
  for (const [i, sp] of sheets.entries()) {
    const part = `xl/worksheets/sheet${i + 1}.xml`;
    // Encoded piece by piece (a single strToU8 of a national 要対応リスト would be one long stretch).
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (const piece of ownedSheetXmlPieces(sp, styles)) {
      const b = strToU8(piece);
      chunks.push(b);
      size += b.length;
      if (chunks.length % PIECES_PER_STEP === 0) yield;
    }
    const xml = new Uint8Array(size);
    let at = 0;
    for (const b of chunks) {
      xml.set(b, at);
      at += b.length;
    }
    files[part] = xml;
    yield;
    rels.push({ id: `rId${i + 1}`, type: REL.worksheet, target: `worksheets/sheet${i + 1}.xml`, raw: '' });
    ct = addOverride(ct, part, CT.worksheet);
  }
  wb = addSheets(
    wb,
    sheets.map((sp, i) => ({ name: sp.name, sheetId: i + 1, rid: `rId${i + 1}` })),
  );
  sheets.forEach((sp, i) => {
    if (sp.page?.printTitleRows) {
      const rows = sp.page.printTitleRows
        .split(':')
        .map((r) => `$${r.replace(/\$/g, '')}`)
        .join(':');
      wb = setDefinedName(wb, '_xlnm.Print_Titles', i, sheetRef(sp.name, rows));
    }
  });
  rels.push({ id: `rId${sheets.length + 1}`, type: REL.styles, target: 'styles.xml', raw: '' });
  files['xl/workbook.xml'] = strToU8(wb);
  files['xl/_rels/workbook.xml.rels'] = strToU8(relsXml(rels));
  const pkg = new MemoryZip(files);
  const state = { ct };
  for (const sp of sheets) if (sp.chart) graftChart(pkg, sp.name, sp.chart, state);
  pkg.set('[Content_Types].xml', strToU8(state.ct));
  pkg.set('xl/styles.xml', strToU8(styles.toXml()));
  return files;
}

/** Builds the meeting workbook as .xlsx bytes. */
export async function meetingWorkbookBytes(plan: OutputPlan): Promise<Uint8Array> {
  return planWorkbookBytes(exportSheets(plan));
}
