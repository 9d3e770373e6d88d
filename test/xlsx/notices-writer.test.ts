/**
 * The notices package writer (src/xlsx/notices.ts): every part valid against the schema subsets of
 * test/xlsx/schema (CT_Worksheet order with sheetView, mergeCells, pageMargins, pageSetup and
 * rowBreaks); long parts pushed in slices stay valid UTF-8.
 */
import { strFromU8, unzipSync } from 'fflate';
import { runSteps } from '../../src/domain/steps';
import type { SheetPlan } from '../../src/sheets/plan-types';
import { dayFromIso } from '../../src/domain/day';
import { noticesPlan } from '../../src/sheets/plan-notices';
import { recalc } from '../../src/sheets/recalc';
import { noticesWorkbookSteps } from '../../src/xlsx/notices';
import { ASSOCIATION, CONTACT, NOTICES_AS_OF, noticesFixture } from '../helpers/notices-fixture';
import { snapshot } from '../helpers/workbook';
import { checkParts } from './schema/check';

const plan = (rows: SheetPlan['rows'], merges: string[]): SheetPlan => ({
  name: '通知_医師',
  mode: 'owned',
  rows,
  widths: [10],
  freezeRows: 0,
  autoFilter: null,
  merges,
  highlights: [],
  page: null,
  chart: null,
});

test.each([0, 1])('parts longer than a slice keep characters outside the BMP whole (shift %i)', (shift) => {
  // 𠮷 is a surrogate pair; shifting the texts by one code unit puts a slice boundary inside a pair.
  const text = 'a'.repeat(shift) + '𠮷'.repeat(16_000);
  const rows = Array.from({ length: 12 }, () => [{ t: 's' as const, v: text }]);
  const merges = Array.from({ length: 20_000 }, (_v, i) => `A${i + 20}:D${i + 20}`);
  const bytes = runSteps(noticesWorkbookSteps([plan(rows, merges)]));
  const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
  expect(xml.length).toBeGreaterThan(2 * (1 << 18)); // several slices
  expect(xml).not.toContain('\ufffd');
  expect(xml.split(text).length - 1).toBe(12);
  expect(xml.endsWith('</worksheet>')).toBe(true);
  expect((xml.match(/<mergeCell /g) ?? []).length).toBe(20_000);
});

test('every part of a notices workbook is well-formed and valid against the SpreadsheetML/OPC subsets', async () => {
  const out = recalc(snapshot(noticesFixture()), { asOf: dayFromIso(NOTICES_AS_OF) });
  const sheets = noticesPlan(out, { associationName: ASSOCIATION, contact: CONTACT });
  // One sheet of letters and one 「該当なし」 sheet.
  sheets.push(
    ...noticesPlan(out, { associationName: null, contact: null, to: 'clinics', district: '八幡西区' }),
  );
  sheets[2] = { ...sheets[2], name: '通知_該当なし' };
  const files = unzipSync(runSteps(noticesWorkbookSteps(sheets)));
  const parts = Object.entries(files).map(([name, data]) => [name, strFromU8(data)] as const);
  expect(parts.map(([n]) => n)).toEqual(
    expect.arrayContaining([
      '[Content_Types].xml',
      'xl/workbook.xml',
      'xl/styles.xml',
      'xl/worksheets/sheet3.xml',
    ]),
  );
  const results = await checkParts(parts);
  expect(results.filter((r) => r.errors.length > 0)).toEqual([]);
  expect(results.filter((r) => r.schema !== null).length).toBeGreaterThanOrEqual(7);
});
