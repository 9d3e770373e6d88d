/**
 * The package writer edits workbook.xml and the input sheets' tails in place; those edits are made
 * at positions found by structure, never by searching the raw text (issue 16, left from defect 8):
 *   - workbook.xml: comments, processing instructions and CDATA sections may hold `</sheets>`,
 *     `<sheet …/>` or `<definedName …>` — they are no elements; a workbook.xml whose structure is
 *     not well-formed is file-corrupt (src/xlsx/workbook-parts.ts xmlElements);
 *   - an unterminated comment, PI or CDATA section in a part read whole no longer hangs the CLI;
 *   - the sheet rewriter places this run's <conditionalFormatting> where CT_Worksheet wants it
 *     (ECMA-376 Part 1, §18.3.1.99: after sheetData … phoneticPr, before dataValidations …
 *     extLst) also when the sheet's tail holds mc:AlternateContent (Excel wraps <controls> and
 *     <oleObjects> in one) or an extLst;
 * and every rewritten part validates against the schema subsets of test/xlsx/schema.
 */
import { strFromU8, unzipSync } from 'fflate';
import { promises as fs } from 'fs';
import * as path from 'path';
import { SaxesParser } from 'saxes';
import { addSheets, insertSheetAt, readWorkbook, setDefinedName } from '../../src/xlsx/workbook-parts';
import { openXlsxBuffer, readPackageSnapshot } from '../../src/xlsx/package-read';
import { checkParts } from '../xlsx/schema/check';
import { MAIN_NS, ROSTER, packageParts, rosterSheets, rowsXml, sheetXml, zipParts } from './hostile';
import { cli, tempDir } from './xlsx';

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('kr-wbedit-');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Elements of an XML text as a conforming parser (saxes) reports them: [depth, local name, attributes]. */
function parsed(xml: string): { depth: number; name: string; attrs: Record<string, string> }[] {
  const out: { depth: number; name: string; attrs: Record<string, string> }[] = [];
  const p = new SaxesParser({ xmlns: false });
  let depth = 0;
  p.on('error', (e) => {
    throw e;
  });
  p.on('opentag', (t) => {
    out.push({ depth, name: t.name.replace(/^.*:/, ''), attrs: t.attributes as Record<string, string> });
    if (!t.isSelfClosing) depth++;
  });
  p.on('closetag', (t) => {
    if (!t.isSelfClosing) depth--;
  });
  p.write(xml).close();
  return out;
}

const wb = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${inner}</workbook>`;

describe('workbook.xml edits by structure', () => {
  test('a comment holding </sheets> before <sheets>: new sheets go into the real <sheets>', () => {
    const xml = wb(
      `<bookViews><!-- </sheets> --><workbookView activeTab="0"/></bookViews><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets>`,
    );
    const out = addSheets(xml, [{ name: 'B', sheetId: 2, rid: 'rId2' }]);
    const sheets = parsed(out).filter((e) => e.name === 'sheet');
    expect(sheets.map((s) => [s.depth, s.attrs.name])).toEqual([
      [2, 'A'],
      [2, 'B'],
    ]);
    expect(out).toContain('<!-- </sheets> -->');
  });

  test('a <definedName> inside a comment or CDATA is not the one set', () => {
    const xml = wb(
      `<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><!-- <definedName name="M">old</definedName> -->` +
        `<definedNames><definedName name="N"><![CDATA[<definedName name="M">cdata</definedName>]]></definedName></definedNames>`,
    );
    const out = setDefinedName(xml, 'M', null, "'A'!$A$1");
    const names = parsed(out).filter((e) => e.name === 'definedName');
    expect(names.map((n) => [n.depth, n.attrs.name])).toEqual([
      [2, 'N'],
      [2, 'M'],
    ]);
    expect(out).toContain('<!-- <definedName name="M">old</definedName> -->');
    expect(readWorkbook(out, []).definedNames.map((d) => [d.name, d.value])).toEqual([
      ['N', '<definedName name="M">cdata</definedName>'],
      ['M', "'A'!$A$1"],
    ]);
    // An existing one is replaced in place, its other attributes kept.
    const again = setDefinedName(out, 'M', null, "'A'!$B$2");
    expect(readWorkbook(again, []).definedNames.map((d) => d.value)).toEqual([
      '<definedName name="M">cdata</definedName>',
      "'A'!$B$2",
    ]);
  });

  test('insertSheetAt counts real sheets only (a commented <sheet> is none) and moves positions', () => {
    const xml = wb(
      `<bookViews><workbookView activeTab='1' firstSheet="1"/></bookViews><sheets><sheet name="A" sheetId="1" r:id="rId1"/><!-- <sheet name="X" sheetId="9" r:id="rId9"/> --><sheet name="B" sheetId="2" r:id="rId2"/></sheets>` +
        `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="1">'B'!$1:$1</definedName></definedNames>`,
    );
    const out = insertSheetAt(xml, { name: '設定', sheetId: 3, rid: 'rId3' }, 1);
    const els = parsed(out);
    expect(els.filter((e) => e.name === 'sheet').map((s) => s.attrs.name)).toEqual(['A', '設定', 'B']);
    expect(els.find((e) => e.name === 'workbookView')!.attrs).toEqual({ activeTab: '2', firstSheet: '2' });
    expect(els.find((e) => e.name === 'definedName')!.attrs.localSheetId).toBe('2');
  });

  test('a <sheet> inside CDATA of an extension is not read as a sheet', () => {
    const xml = wb(
      `<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><extLst><ext uri="{00000000-0000-0000-0000-000000000000}"><![CDATA[<sheet name="幽霊" sheetId="9" r:id="rId1"/>]]></ext></extLst>`,
    );
    expect(readWorkbook(xml, []).sheets.map((s) => s.name)).toEqual(['A']);
  });

  test('a workbook.xml whose structure is not well-formed is file-corrupt (never edited by guess)', () => {
    for (const bad of [
      wb('<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><!-- open'),
      wb('<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><![CDATA[ open'),
      wb('<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheetz>'),
      wb('<sheets><sheet name="A" sheetId="1" r:id="rId1"/>'),
    ])
      expect(() => addSheets(bad, [{ name: 'B', sheetId: 2, rid: 'rId2' }])).toThrow(
        expect.objectContaining({ code: 'file-corrupt' }),
      );
  });
});

// ---------------------------------------------------------------------------------------------

async function recalcOut(parts: Record<string, string>): Promise<{ code: number; err: string; out: string }> {
  const input = path.join(dir, 'in.xlsx');
  const out = path.join(dir, 'out.xlsx');
  await fs.writeFile(input, zipParts(parts));
  const run = await cli(['recalc', input, '-o', out, '--as-of', '2026-01-31']);
  return { code: run.code, err: run.stderr.join('\n'), out };
}

/** Every XML part of the output: well-formed and valid against the schema subsets. */
async function assertSchemaValid(file: string): Promise<Record<string, string>> {
  const files = unzipSync(await fs.readFile(file));
  const parts = Object.entries(files)
    .filter(([n]) => /\.(xml|rels)$/.test(n))
    .map(([n, d]) => [n, strFromU8(d)] as const);
  const results = await checkParts(parts);
  expect(results.filter((r) => r.errors.length > 0)).toEqual([]);
  return Object.fromEntries(parts);
}

describe('the CLI on workbooks holding such constructs', () => {
  test('comments with </sheets>, <sheet> and <definedName> in workbook.xml: owned sheets added for real, output schema-valid', async () => {
    const parts = packageParts(rosterSheets());
    parts['xl/workbook.xml'] = parts['xl/workbook.xml']
      .replace(
        '</sheets>',
        `</sheets><!-- <definedName name="x">1</definedName> </definedNames> --><?pi </sheets> ?>`,
      )
      .replace('<sheets>', '<bookViews><!-- </sheets> --><workbookView/></bookViews><sheets>');
    const { code, err, out } = await recalcOut(parts);
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
    const xml = await assertSchemaValid(out);
    const snap = (await readPackageSnapshot(openXlsxBuffer(await fs.readFile(out)))).snapshot;
    const names = snap.sheets.map((s) => s.name);
    expect(names.slice(0, 3)).toEqual(['医師', '研修記録', '医療機関']);
    expect(names.length).toBeGreaterThan(3);
    // Every <sheet> of the output is a real element with a relationship.
    const sheets = parsed(xml['xl/workbook.xml']).filter((e) => e.name === 'sheet');
    expect(sheets.length).toBe(names.length);
  });

  test('an unterminated CDATA section at the end of styles.xml: file-corrupt at once (it hung)', async () => {
    const parts = packageParts(rosterSheets());
    parts['xl/styles.xml'] = parts['xl/styles.xml'].replace('</styleSheet>', '<![CDATA[ open </styleSheet>');
    const { code, err } = await recalcOut(parts);
    expect({ code, corrupt: err.includes('[file-corrupt]') }).toEqual({ code: 1, corrupt: true });
  }, 20_000);

  test('an unterminated CDATA section in [Content_Types].xml: file-corrupt (its edit would stay broken)', async () => {
    const parts = packageParts(rosterSheets());
    parts['[Content_Types].xml'] = parts['[Content_Types].xml'].replace('</Types>', '<![CDATA[ </Types>');
    const { code, err } = await recalcOut(parts);
    expect({ code, corrupt: err.includes('[file-corrupt]') }).toEqual({ code: 1, corrupt: true });
  });
});

describe('conditional formats of the input sheet in CT_Worksheet order', () => {
  /** The 医師 sheet with `tail` after </sheetData>, run through recalc -o; the output sheet's root children. */
  async function tailOf(tail: string, rootAttrs = ''): Promise<string[]> {
    const xml = sheetXml(rowsXml(ROSTER['医師'])).replace(
      '</sheetData></worksheet>',
      `</sheetData>${tail}</worksheet>`,
    );
    const parts = packageParts(
      rosterSheets({ 医師: rootAttrs ? xml.replace('<worksheet ', `<worksheet ${rootAttrs} `) : xml }),
    );
    const { code, err, out } = await recalcOut(parts);
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
    const files = await assertSchemaValid(out);
    return parsed(files['xl/worksheets/sheet1.xml'])
      .filter((e) => e.depth === 1)
      .map((e) => e.name);
  }

  test('controls in mc:AlternateContent, then tableParts: the formats go before the AlternateContent', async () => {
    const names = await tailOf(
      `<mc:AlternateContent xmlns:mc="${MC_NS}"><mc:Choice Requires="x14"><controls><control shapeId="1025" r:id="rId9" name="Button 1"/></controls></mc:Choice><mc:Fallback><controls><control shapeId="1025" r:id="rId9"/></controls></mc:Fallback></mc:AlternateContent>` +
        `<tableParts count="0"/>`,
    );
    expect(names).toContain('conditionalFormatting');
    expect(names.lastIndexOf('conditionalFormatting')).toBeLessThan(names.indexOf('AlternateContent'));
  });

  test('an extLst alone, and mergeCells / phoneticPr before it: formats between them', async () => {
    const names = await tailOf(
      `<mergeCells count="1"><mergeCell ref="A9:B9"/></mergeCells><phoneticPr fontId="1"/>` +
        `<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings/></ext></extLst>`,
    );
    const cf = names.indexOf('conditionalFormatting');
    expect(cf).toBeGreaterThan(names.indexOf('phoneticPr'));
    expect(names.lastIndexOf('conditionalFormatting')).toBeLessThan(names.indexOf('extLst'));
  });
});

describe('relationship parts edited by the writer', () => {
  test('a <Relationship> inside a comment or CDATA is none: the output has one rId1 and reads back', async () => {
    const parts = packageParts(rosterSheets());
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels'].replace(
      '<Relationship ',
      `<!-- <Relationship Id='rId1' Target='x'/> --><?pi <Relationship Id="rId2" Target="y"/> ?><Relationship `,
    );
    const { code, err, out } = await recalcOut(parts);
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
    const xml = await assertSchemaValid(out);
    const ids = parsed(xml['xl/_rels/workbook.xml.rels'])
      .filter((e) => e.name === 'Relationship')
      .map((e) => e.attrs.Id);
    expect(new Set(ids).size).toBe(ids.length);
    const snap = (await readPackageSnapshot(openXlsxBuffer(await fs.readFile(out)))).snapshot;
    expect(snap.sheets.map((s) => s.name).slice(0, 3)).toEqual(['医師', '研修記録', '医療機関']);
  });
});
