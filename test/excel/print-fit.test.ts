/**
 * The handout prints one page wide in every case we can reach (SPEC §5.3, §7 rev 2):
 * office-js#1860 — fit-to-pages is not applied unless the Page Layout view is active — is
 * modelled by the double's `fitToPagesNeedsPageLayoutView`; a scale is always applied.
 */
import { createExcelDouble } from '@kakari-roster/excel-double';
import { loadWorkbookFromXlsx } from '@kakari-roster/excel-double/fromXlsx';
import { fitWidthScale, widthToPoints } from '../../src/excel/apply';
import { MEETING_WIDTHS } from '../../src/sheets/plan-meeting';
import { MINIMAL, xlsxBuffer } from '../helpers/workbook';
import { runAddin } from './helpers';

/** Printable width of A4 with the default 0.7 in side margins, in points. */
const printable = (o: 'portrait' | 'landscape'): number =>
  ((o === 'landscape' ? 297 : 210) / 25.4) * 72 - 2 * 0.7 * 72;

/** Pages across at the sheet's zoom (a fit-to-width zoom prints 1 page wide by definition). */
function pagesWide(
  zoom: { scale?: number; horizontalFitToPages?: number },
  widths: number[],
  o: 'portrait' | 'landscape',
): number {
  if (zoom.horizontalFitToPages === 1) return 1;
  const content = widths.reduce((s, w) => s + widthToPoints(w), 0) * ((zoom.scale ?? 100) / 100);
  return Math.ceil(content / printable(o) - 1e-9);
}

test.each([
  ['fit applied (Page Layout view or a host without the bug)', false],
  ['fit ignored (office-js#1860)', true],
])('%s: 会議資料 and 要対応リスト print one page wide', async (_label, quirk) => {
  const state = await loadWorkbookFromXlsx(await xlsxBuffer(MINIMAL));
  const d = createExcelDouble({ state, host: { fitToPagesNeedsPageLayoutView: quirk } });
  const res = await runAddin(d);
  for (const name of ['会議資料', '要対応リスト']) {
    const sp = res.plan.sheets.find((s) => s.name === name)!;
    const page = d.workbook.sheet(name).pageLayout() as {
      zoom: { scale?: number; horizontalFitToPages?: number };
    };
    expect(pagesWide(page.zoom, sp.widths, sp.page!.orientation)).toBe(1);
    if (quirk) expect(page.zoom).toEqual({ scale: fitWidthScale(sp.widths, sp.page!.orientation) });
    else expect(page.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
  }
});

test('the handout is wider than A4 landscape at 100 %, so the fallback scale matters', () => {
  expect(fitWidthScale(MEETING_WIDTHS, 'landscape')).toBeLessThan(100);
  expect(fitWidthScale([10], 'landscape')).toBe(100);
});
