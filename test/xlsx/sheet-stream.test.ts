/**
 * The streaming sheet tokenisers of the package reader and writer on hand-written worksheet XML:
 * every cell type, namespace prefixes, rows and cells without `r`, rich and phonetic text, merges;
 * owned cells inserted or replaced in column order, missing rows added, rows below the last read
 * row cleared, <col> ranges split, the dimension and row spans widened, previous highlight rules
 * replaced and user rules kept — with the same result whatever the chunk boundaries.
 */
import { SaxesParser } from 'saxes';
import type { InputSheetPlan } from '../../src/sheets/plan-types';
import { readContext, readSharedStrings, readSheet } from '../../src/xlsx/package-read';
import { InputSheetRewriter } from '../../src/xlsx/sheet-rewrite';
import { StyleBook } from '../../src/xlsx/styles';

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${MAIN}>
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="游ゴシック"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border/></borders>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
<dxfs count="0"/></styleSheet>`;

/** Async chunks of `text` (UTF-8) of `size` bytes (0 = one chunk). */
async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const b = Buffer.from(text, 'utf8');
  if (size <= 0) {
    yield b;
    return;
  }
  for (let i = 0; i < b.length; i += size) yield Buffer.from(b.subarray(i, i + size));
}

const SIZES = [0, 1, 2, 7, 64];

function wellFormed(xml: string): void {
  const p = new SaxesParser();
  p.on('error', (e) => {
    throw e;
  });
  p.write(xml).close();
}

describe('reading a sheet', () => {
  const SST = `<sst ${MAIN} count="3" uniqueCount="3"><si><t>共有</t></si><si><r><t>リッチ</t></r><r><rPr><b/></rPr><t xml:space="preserve"> テキスト</t></r><rPh sb="0" eb="2"><t>リッチ</t></rPh></si><si><t>a&amp;b_x000D_c</t></si></sst>`;
  const SHEET =
    `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ${R}>` +
    `<x:dimension ref="A1:F6"/><x:sheetData>` +
    `<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>` +
    // No r on the row or the cells: row 2, columns A, B, C…
    `<x:row><x:c t="inlineStr"><x:is><x:t>イン</x:t><x:rPh sb="0" eb="1"><x:t>いん</x:t></x:rPh></x:is></x:c><x:c><x:v>1.5</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>` +
    `<x:row r="4" spans="1:6"><x:c r="A4" s="1"><x:v>45931</x:v></x:c><x:c r="B4" s="2"><x:v>45932.75</x:v></x:c><x:c r="C4" s="3"><x:v>45933</x:v></x:c>` +
    `<x:c r="D4"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="E4" t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab</x:v></x:c><x:c r="F4"><x:f t="shared" si="0"/></x:c></x:row>` +
    `<x:row r="5" ht="20" customHeight="1"/>` +
    `<x:row r="6"><x:c r="A6" t="str"><x:v>改行&#13;&#10;あり &lt;tag&gt;</x:v></x:c><x:c r="B6" s="1"/><x:c r="C6" t="s"><x:v>0</x:v></x:c><x:c r="D6" t="s"><x:v>0</x:v></x:c></x:row>` +
    `</x:sheetData><x:sheetProtection sheet="1"/><x:mergeCells count="1"><x:mergeCell ref="C6:D6"/></x:mergeCells>` +
    `<x:tableParts count="1"><x:tablePart r:id="rId7"/></x:tableParts></x:worksheet>`;

  test.each(SIZES)('chunks of %i bytes', async (size) => {
    const sst = await readSharedStrings(chunks(SST, size));
    expect(sst).toEqual(['共有', 'リッチ テキスト', 'a&b\rc']);
    const ctx = readContext(sst, StyleBook.parse(STYLES), false);
    const s = await readSheet(chunks(SHEET, size), ctx);
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    expect(s.rows[0]).toEqual(['共有', 'リッチ テキスト', 'a&b\rc']);
    expect(s.rows[1]).toEqual(['イン', 1.5, true, { error: '#N/A' }]);
    expect(s.rows[2]).toBeUndefined();
    expect(s.rows[3]).toEqual([
      day('2025-10-01'),
      new Date(Date.UTC(2025, 9, 2, 18)),
      45933,
      2,
      'ab',
      { formulaNoValue: true },
    ]);
    expect(s.rows[4]).toBeUndefined();
    // Line ends normalised, references resolved; the merged D6 gives its value to C6 only.
    expect(s.rows[5]).toEqual(['改行\r\nあり <tag>', undefined, '共有']);
    expect([...s.formulaCells].sort()).toEqual([4 * 16384 + 4, 4 * 16384 + 5, 4 * 16384 + 6]);
    expect(s.merges).toEqual([{ top: 6, left: 3, bottom: 6, right: 4 }]);
    expect(s.protected).toBe(true);
    expect(s.tableRids).toEqual(['rId7']);
  });

  test('the 1904 date system', async () => {
    const ctx = readContext([], StyleBook.parse(STYLES), true);
    const s = await readSheet(
      chunks(
        `<worksheet ${MAIN}><sheetData><row r="1"><c r="A1" s="1"><v>0</v></c></row></sheetData></worksheet>`,
        0,
      ),
      ctx,
    );
    expect(s.rows[0]).toEqual([new Date(Date.UTC(1904, 0, 1))]);
  });

  test('a character XML does not allow is a corrupt file', async () => {
    const ctx = readContext([], StyleBook.parse(STYLES), false);
    const bad = `<worksheet ${MAIN}><sheetData><row r="1"><c r="A1" t="str"><v>a\u0001b</v></c></row></sheetData></worksheet>`;
    await expect(readSheet(chunks(bad, 0), ctx)).rejects.toMatchObject({ code: 'file-corrupt' });
  });
});

describe('rewriting an input sheet', () => {
  const plan: InputSheetPlan = {
    role: 'doctors',
    sheet: '医師',
    headerRow: 2,
    lastRow: 6,
    columns: [
      // An existing owned column (D, with the previous run's values and a style) and two new ones.
      {
        header: '判定_状態',
        col: 4,
        exists: true,
        values: ['要件充足', null, '記録なし', '=危険'],
        numFmt: null,
        width: 12,
      },
      {
        header: '判定_合計単位',
        col: 6,
        exists: false,
        values: [10, 2.5, null, 0],
        numFmt: '0.0',
        width: 12,
      },
      {
        header: '判定_次の対応',
        col: 7,
        exists: false,
        values: ['申請を', null, '受講を', 'A&B <c>'],
        numFmt: null,
        width: 40,
      },
    ],
    table: null,
    highlights: [
      { range: 'D3:D6', formula: '=$D3="要件充足"', fill: 'DDEBF7', fontColor: '1F4E78', text: '要件充足' },
      { range: 'D3:D6', formula: '=$D3="記録なし"', fill: 'EDEDED', fontColor: '404040', text: '記録なし' },
    ],
  };
  const SHEET =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${MAIN} ${R}>` +
    `<dimension ref="A1:E9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>` +
    `<cols><col min="1" max="5" width="9" style="3" customWidth="1"/><col min="9" max="9" width="30" customWidth="1"/></cols>` +
    `<sheetData>` +
    `<row r="1"><c r="A1" t="inlineStr"><is><t>医師名簿</t></is></c></row>` +
    `<row r="2" spans="1:5"><c r="A2" t="inlineStr"><is><t>会員番号</t></is></c><c r="D2" s="2" t="inlineStr"><is><t>判定_状態</t></is></c><c r="E2" t="inlineStr"><is><t>メモ</t></is></c></row>` +
    `<row r="3" spans="1:5"><c r="A3" t="inlineStr"><is><t>0001</t></is></c><c r="D3" s="2" t="inlineStr"><is><t>古い値</t></is></c><c r="E3"><v>7</v></c></row>` +
    // No cell has r: they are columns A, B (the writer adds r so its own cells fit in between).
    `<row r="4"><c t="inlineStr"><is><t>0002</t></is></c><c><v>3</v></c><extLst><ext uri="{x}"/></extLst></row>` +
    `<row r="6" spans="1:2" ht="30" customHeight="1"/>` +
    `<row r="8"><c r="D8" s="2" t="inlineStr"><is><t>残った値</t></is></c><c r="G8"><v>1</v></c><c r="H8" t="inlineStr"><is><t>ユーザーのメモ</t></is></c></row>` +
    `<row r="9"><c r="A9"><v>1</v></c></row>` +
    `</sheetData>` +
    `<conditionalFormatting sqref="D3:D6"><cfRule type="expression" dxfId="0" priority="3"><formula>$D3="要件充足"</formula></cfRule><cfRule type="expression" dxfId="0" priority="4"><formula>$D3="記録なし"</formula></cfRule></conditionalFormatting>` +
    `<conditionalFormatting sqref="D3:D6"><cfRule type="expression" dxfId="0" priority="1"><formula>LEN($D3)&gt;3</formula></cfRule></conditionalFormatting>` +
    `<dataValidations count="1"><dataValidation type="list" sqref="E3:E9"><formula1>"a,b"</formula1></dataValidation></dataValidations>` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;

  async function rewrite(
    xml: string,
    p: InputSheetPlan,
    size: number,
    stylesXml = STYLES,
  ): Promise<{ xml: string; styles: StyleBook }> {
    const styles = StyleBook.parse(stylesXml);
    const out: Buffer[] = [];
    const rw = new InputSheetRewriter(p, styles, (b) => void out.push(b));
    for await (const c of chunks(xml, size)) await rw.push(c);
    await rw.end();
    return { xml: Buffer.concat(out).toString('utf8'), styles };
  }

  test('the same bytes whatever the chunk boundaries', async () => {
    const whole = (await rewrite(SHEET, plan, 0)).xml;
    wellFormed(whole);
    for (const size of SIZES.slice(1)) expect((await rewrite(SHEET, plan, size)).xml).toBe(whole);
  });

  test('owned cells in column order; other cells, row attributes and extensions kept', async () => {
    const { xml, styles } = await rewrite(SHEET, plan, 5);
    const row = (r: number) => new RegExp(`<row r="${r}"[^>]*?(?:/>|>[\\s\\S]*?</row>)`).exec(xml)?.[0];
    // Row 1 (above the header) untouched.
    expect(row(1)).toBe('<row r="1"><c r="A1" t="inlineStr"><is><t>医師名簿</t></is></c></row>');
    // Header: D replaced, F and G added, with the header style over each cell's own format.
    const hdr = styles.withStyle(2, 'ownedHeader');
    const hdrNew = styles.withStyle(3, 'ownedHeader'); // F and G take the <col> style… of none: 0
    expect(row(2)).toBe(
      `<row r="2" spans="1:7"><c r="A2" t="inlineStr"><is><t>会員番号</t></is></c>` +
        `<c r="D2" s="${hdr}" t="inlineStr"><is><t>判定_状態</t></is></c><c r="E2" t="inlineStr"><is><t>メモ</t></is></c>` +
        `<c r="F2" s="${styles.withStyle(0, 'ownedHeader')}" t="inlineStr"><is><t>判定_合計単位</t></is></c>` +
        `<c r="G2" s="${styles.withStyle(0, 'ownedHeader')}" t="inlineStr"><is><t>判定_次の対応</t></is></c></row>`,
    );
    expect(hdrNew).toBeGreaterThan(3);
    const num = styles.withNumFmt(0, '0.0');
    expect(row(3)).toBe(
      `<row r="3" spans="1:7"><c r="A3" t="inlineStr"><is><t>0001</t></is></c><c r="D3" s="2" t="inlineStr"><is><t>要件充足</t></is></c>` +
        `<c r="E3"><v>7</v></c><c r="F3" s="${num}"><v>10</v></c><c r="G3" t="inlineStr"><is><t>申請を</t></is></c></row>`,
    );
    // Cells without r keep having none (their columns still follow; issue 15 defect 8 — they
    // used to get references); the row extension stays after the cells; no cell is made for an
    // empty owned value without a number format.
    expect(row(4)).toBe(
      `<row r="4"><c t="inlineStr"><is><t>0002</t></is></c><c><v>3</v></c>` +
        `<c r="F4" s="${num}"><v>2.5</v></c><extLst><ext uri="{x}"/></extLst></row>`,
    );
    // A missing row with owned values is added; text that looks like a formula stays text.
    expect(row(5)).toBe(
      `<row r="5"><c r="D5" s="3" t="inlineStr"><is><t>記録なし</t></is></c><c r="F5" s="${styles.withNumFmt(3, '0.0')}"/><c r="G5" t="inlineStr"><is><t>受講を</t></is></c></row>`,
    );
    // A formatted empty row gets cells; its height stays.
    expect(row(6)).toBe(
      `<row r="6" spans="1:7" ht="30" customHeight="1"><c r="D6" s="3" t="inlineStr"><is><t>=危険</t></is></c>` +
        `<c r="F6" s="${styles.withNumFmt(3, '0.0')}"><v>0</v></c><c r="G6" t="inlineStr"><is><t>A&amp;B &lt;c&gt;</t></is></c></row>`,
    );
    // Below the last read row: owned cells cleared, formatting kept (SPEC §5.1.5); the user's
    // note in H stays.
    expect(row(8)).toBe(
      '<row r="8"><c r="D8" s="2"/><c r="H8" t="inlineStr"><is><t>ユーザーのメモ</t></is></c></row>',
    );
    expect(row(9)).toBe('<row r="9"><c r="A9"><v>1</v></c></row>');
  });

  test('head and tail: dimension, split <col> ranges, rules replaced, user rule and validation kept', async () => {
    const { xml, styles } = await rewrite(SHEET, plan, 0);
    expect(xml).toContain('<dimension ref="A1:G9"/>');
    expect(xml).toContain(
      '<cols><col min="1" max="3" width="9" style="3" customWidth="1"/><col min="4" max="4" width="12" style="3" customWidth="1"/>' +
        '<col min="5" max="5" width="9" style="3" customWidth="1"/><col min="6" max="6" width="12" customWidth="1"/>' +
        '<col min="7" max="7" width="40" customWidth="1"/><col min="9" max="9" width="30" customWidth="1"/></cols>',
    );
    const cfs = xml.match(/<conditionalFormatting\b[\s\S]*?<\/conditionalFormatting>/g)!;
    expect(cfs).toHaveLength(2);
    expect(cfs[0]).toContain('LEN($D3)&gt;3');
    expect(cfs[1]).toMatch(
      /^<conditionalFormatting sqref="D3:D6"><cfRule type="expression" dxfId="\d+" priority="2"><formula>\$D3=&quot;要件充足&quot;<\/formula><\/cfRule><cfRule type="expression" dxfId="\d+" priority="3">/,
    );
    // In schema order: after the rules, before the validations.
    expect(xml.indexOf('</conditionalFormatting><dataValidations')).toBeGreaterThan(0);
    // A second run on the output (and its styles) gives the same bytes and adds no format.
    const stylesXml = styles.toXml();
    const again = await rewrite(xml, plan, 3, stylesXml);
    expect(again.xml).toBe(xml);
    expect(again.styles.changed).toBe(false);
  });

  test('an empty <sheetData/>, a namespace prefix and no <cols>', async () => {
    const p: InputSheetPlan = {
      ...plan,
      headerRow: 1,
      lastRow: 2,
      columns: [{ header: 'H', col: 2, exists: false, values: ['v'], numFmt: null, width: 8 }],
      highlights: [],
    };
    const empty = (await rewrite(`<worksheet ${MAIN}><dimension ref="A1"/><sheetData/></worksheet>`, p, 0))
      .xml;
    wellFormed(empty);
    expect(empty).toContain(
      '<cols><col min="2" max="2" width="8" customWidth="1"/></cols><sheetData><row r="1"><c r="B1" s="',
    );
    expect(empty).toContain('<row r="2"><c r="B2" t="inlineStr"><is><t>v</t></is></c></row></sheetData>');
    const prefixed = (
      await rewrite(
        `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
        p,
        2,
      )
    ).xml;
    wellFormed(prefixed);
    expect(prefixed).toContain(
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c r="B1" s=',
    );
    expect(prefixed).toContain(
      '<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>v</x:t></x:is></x:c></x:row></x:sheetData>',
    );
  });
});
