/** The notices package writer (src/xlsx/notices.ts): long parts pushed in slices stay valid UTF-8. */
import { strFromU8, unzipSync } from 'fflate';
import { runSteps } from '../../src/domain/steps';
import type { SheetPlan } from '../../src/sheets/plan-types';
import { noticesWorkbookSteps } from '../../src/xlsx/notices';

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
