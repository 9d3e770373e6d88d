/**
 * The template (「テンプレートを作成」) is a plan like every other sheet: the package writer
 * (src/xlsx/sheet-xml.ts) writes the same headers, column formats of the data rows and drop-down
 * lists as the Office.js writer (src/excel/apply.ts, on the Excel test double). The package is
 * read back from its XML: the double's .xlsx loader drops empty cells, formatted or not.
 */
import { strFromU8, unzipSync } from 'fflate';
import { createExcelDouble } from '@kakari-roster/excel-double';
import { createTemplate } from '../../src/excel/workbook-ops';
import { colLetter } from '../../src/sheets/address';
import { TEMPLATE_DATA_ROWS, templatePlan, templateSheetPlans } from '../../src/sheets/template';
import { planWorkbookBytes } from '../../src/xlsx/export';
import { paneHost } from '../taskpane/helpers';

const attr = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Cell → number format code of every <c> of a sheet's XML, from styles.xml. */
function formatsOf(sheetXml: string, stylesXml: string): Map<string, string> {
  const codes = new Map<string, string>([
    ['0', 'General'],
    ['49', '@'],
  ]);
  for (const m of stylesXml.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g))
    codes.set(m[1], unescape(m[2]));
  const xfs = [
    ...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '').matchAll(/<xf\b[^>]*>/g),
  ].map((m) => codes.get(attr(m[0], 'numFmtId') ?? '0') ?? '?');
  const out = new Map<string, string>();
  for (const m of sheetXml.matchAll(/<c\b[^>]*>/g))
    out.set(attr(m[0], 'r')!, xfs[Number(attr(m[0], 's') ?? 0)]);
  return out;
}

test('the package writer writes the template as the add-in does', async () => {
  const d = createExcelDouble({ sheets: ['Sheet1'] });
  const out = await createTemplate(paneHost(d).host);
  if (out.kind !== 'created') throw new Error(out.kind);

  const sheets = templateSheetPlans(templatePlan({ existingSheets: ['Sheet1'], presentRoles: new Set() }));
  expect(sheets.map((s) => s.name)).toEqual(out.sheets);
  const zip = unzipSync(planWorkbookBytes(sheets));
  const styles = strFromU8(zip['xl/styles.xml']);

  const last = TEMPLATE_DATA_ROWS + 1;
  let lists = 0;
  sheets.forEach((sp, i) => {
    const xml = strFromU8(zip[`xl/worksheets/sheet${i + 1}.xml`]);
    const a = d.workbook.sheet(sp.name);
    const width = sp.widths.length;
    const right = colLetter(width);
    // Headers (and no other value).
    const texts = [...xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*t="inlineStr"><is><t[^>]*>([^<]*)<\/t>/g)];
    const values = a.values(`A1:${right}${sp.rows.length}`);
    const cells = new Map(texts.map((m) => [m[1], unescape(m[2])]));
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (typeof v === 'string' && v !== '') expect(cells.get(`${colLetter(c + 1)}${r + 1}`)).toBe(v);
      }),
    );
    // Number formats of the data rows, cell by cell.
    const fmts = formatsOf(xml, styles);
    const expected = a.numberFormats(`A2:${right}${last}`);
    expected.forEach((row, r) =>
      row.forEach((f, c) => {
        const got = fmts.get(`${colLetter(c + 1)}${r + 2}`) ?? 'General';
        if (got !== f) throw new Error(`${sp.name}!${colLetter(c + 1)}${r + 2}: ${got} ≠ ${f}`);
      }),
    );
    // Drop-down lists: ranges, values, alert style, title and message.
    const dvs = [...xml.matchAll(/<dataValidation\b([^>]*)><formula1>([^<]*)<\/formula1>/g)].map((m) => ({
      ranges: [attr(m[1], 'sqref')],
      source: unescape(m[2]).replace(/^"|"$/g, ''),
      style: attr(m[1], 'errorStyle') === 'information' ? 'Information' : 'Stop',
      title: unescape(attr(m[1], 'errorTitle') ?? ''),
      message: unescape(attr(m[1], 'error') ?? ''),
    }));
    expect(dvs).toEqual(
      a.dataValidations().map((v) => {
        const alert = v.errorAlert as { style: string; title: string; message: string };
        return {
          ranges: v.ranges,
          source: (v.rule as { list?: { source: string } }).list?.source,
          style: alert.style,
          title: alert.title,
          message: alert.message,
        };
      }),
    );
    lists += dvs.length;
    // The frozen header row.
    expect(/<pane ySplit="(\d+)"/.exec(xml)?.[1]).toBe(String(a.freezePanes.rows));
  });
  // Not vacuous: lists and text formats are there.
  expect(lists).toBe(10);
  expect(formatsOf(strFromU8(zip['xl/worksheets/sheet1.xml']), styles).get('A9000')).toBe('@');
});
