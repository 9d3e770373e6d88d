/**
 * The pre-write check for formulas in columns about to be added (SPEC §5.1.4) is budgeted like
 * every other read (issue 14 item 8): long formulas whose result is blank, 20,000 of them, make
 * a ~6 MB `formulas` response that Excel on the web refuses in one piece.
 */
import { createExcelDouble } from '@kakari-roster/excel-double';
import type { SetupValue } from '@kakari-roster/excel-double';
import { runAddin } from './helpers';

test('20,000 long blank-result formulas in the way: read in budgeted chunks, run stopped', async () => {
  const n = 20_000;
  const doctors: SetupValue[][] = [['会員番号', '氏名']];
  for (let i = 1; i <= n; i++) doctors.push([String(i).padStart(5, '0'), `医師 ${i}`]);
  const d = createExcelDouble({
    sheets: { 医師: doctors, 研修記録: [['会員番号', '受講日', '区分', '単位']] },
  });
  const long = `=IF(B2="${'x'.repeat(300)}","","")`;
  for (let r = 2; r <= n + 1; r += 2_000) {
    await d.Excel.run(async (ctx) => {
      const rows = Math.min(2_000, n + 2 - r);
      ctx.workbook.worksheets.getItem('医師').getRange(`C${r}:C${r + rows - 1}`).formulas = Array.from(
        { length: rows },
        () => [long],
      );
      await ctx.sync();
    });
  }
  d.stats.reset();
  await expect(runAddin(d)).rejects.toMatchObject({ code: 'owned-column-blocked' });
  expect(d.stats.failedSyncs).toBe(0);
  expect(d.stats.maxResponseBytes).toBeLessThanOrEqual(4_000_000);
});
