/**
 * The notices workbook (SPEC §5.5) as .xlsx bytes, written from the plan's notices sheets with the
 * same sheet writer as the CLI's package writer and the meeting export (sheet-xml.ts, StyleBook).
 *
 * Built as a computation that yields (domain/steps.ts) between blocks of rows, each block
 * compressed as soon as it is generated (fflate's streaming zip): the CLI drives it to the end in
 * one go; the task pane drives it in time slices, so no synchronous stretch gets near 200 ms even
 * for tens of thousands of letters, and the uncompressed XML never exists as a whole.
 *
 * Browser-safe: fflate and strings only, bytes in memory. Deterministic: the same plan gives the
 * same bytes (fixed timestamps), so the add-in's file and the CLI's file are the same file.
 */
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import type { Steps } from '../domain/steps';
import type { SheetPlan } from '../sheets/plan-types';
import { ownedSheetXmlPieces } from './sheet-xml';
import { StyleBook } from './styles';
import { CT, NS, REL, escapeXml, relsXml, type Rel } from './xml';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Zip entry times are fixed (as in zipPackage), so equal plans give equal bytes. */
const MTIME = new Date(1980, 0, 1, 0, 0, 0);
const LEVEL = 6;

function contentTypes(sheets: number): string {
  let ct =
    `${XML_HEAD}<Types xmlns="${NS.ct}">` +
    `<Default Extension="rels" ContentType="${CT.rels}"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT.workbook}"/>`;
  for (let i = 1; i <= sheets; i++)
    ct += `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${CT.worksheet}"/>`;
  return (
    ct +
    `<Override PartName="/xl/styles.xml" ContentType="${CT.styles}"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="${CT.coreProps}"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="${CT.extProps}"/>` +
    `</Types>`
  );
}

function workbookXml(sheets: readonly SheetPlan[]): string {
  const list = sheets
    .map((sp, i) => `<sheet name="${escapeXml(sp.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  return (
    `${XML_HEAD}<workbook xmlns="${NS.main}" xmlns:r="${NS.r}">` +
    `<bookViews><workbookView activeTab="0"/></bookViews><sheets>${list}</sheets></workbook>`
  );
}

const CORE =
  `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
  `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
  `xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
  `<dc:creator>Kakari Roster</dc:creator><cp:lastModifiedBy>Kakari Roster</cp:lastModifiedBy></cp:coreProperties>`;
const APP =
  `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
  `xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Kakari Roster</Application></Properties>`;

/** The notices workbook as a computation that yields after every compressed block of rows. */
export function* noticesWorkbookSteps(sheets: readonly SheetPlan[]): Steps<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else {
      chunks.push(data);
      size += data.length;
    }
  });
  const entry = (name: string): ZipDeflate => {
    const f = new ZipDeflate(name, { level: LEVEL });
    f.mtime = MTIME;
    zip.add(f);
    return f;
  };
  const whole = (name: string, text: string): void => {
    const f = entry(name);
    f.push(strToU8(text), true);
  };
  whole('[Content_Types].xml', contentTypes(sheets.length));
  whole(
    '_rels/.rels',
    relsXml([
      { id: 'rId1', type: REL.officeDocument, target: 'xl/workbook.xml', raw: '' },
      { id: 'rId2', type: REL.coreProps, target: 'docProps/core.xml', raw: '' },
      { id: 'rId3', type: REL.extProps, target: 'docProps/app.xml', raw: '' },
    ]),
  );
  whole('docProps/core.xml', CORE);
  whole('docProps/app.xml', APP);
  whole('xl/workbook.xml', workbookXml(sheets));
  const rels: Rel[] = sheets.map((_sp, i) => ({
    id: `rId${i + 1}`,
    type: REL.worksheet,
    target: `worksheets/sheet${i + 1}.xml`,
    raw: '',
  }));
  rels.push({ id: `rId${sheets.length + 1}`, type: REL.styles, target: 'styles.xml', raw: '' });
  whole('xl/_rels/workbook.xml.rels', relsXml(rels));
  const styles = StyleBook.empty();
  /** Pushes text in slices (the tail of a large sheet — its merged areas — is megabytes long). */
  function* push(f: ZipDeflate, text: string, final: boolean): Steps<void> {
    const SLICE = 1 << 18;
    let at = 0;
    do {
      let end = Math.min(text.length, at + SLICE);
      // Never cut a surrogate pair (𠮷 and other names outside the BMP) in two.
      const c = text.charCodeAt(end - 1);
      if (end < text.length && c >= 0xd800 && c <= 0xdbff) end--;
      f.push(strToU8(text.slice(at, end)), final && end >= text.length);
      at = end;
      yield;
    } while (at < text.length);
  }
  for (let i = 0; i < sheets.length; i++) {
    const f = entry(`xl/worksheets/sheet${i + 1}.xml`);
    // Pieces of 2,000 rows; the last holds the tail (merges, margins, page setup, breaks).
    let prev: string | null = null;
    for (const piece of ownedSheetXmlPieces({ ...sheets[i], mode: 'owned' }, styles)) {
      if (prev !== null) yield* push(f, prev, false);
      prev = piece;
    }
    yield* push(f, prev ?? '', true);
  }
  // Cell formats are collected while the rows are written: styles.xml comes last.
  whole('xl/styles.xml', styles.toXml());
  zip.end();
  if (failed) throw failed;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
