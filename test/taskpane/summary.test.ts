/** The summary card's figures (SPEC §6.1 rev 2): counts, 要対応 with 間に合わない恐れ, days left, problems. */
import { daysLeftOf, summaryFigures } from '../../src/taskpane/components/SummaryCard';
import { runRecalc } from '../../src/excel/recalc-outcome';
import { MINIMAL_TEXT_COLS, doubleOf, paneHost } from './helpers';

test('figures of a run: counts add up, days left = report window end − as-of, errors and warnings', async () => {
  const d = await doubleOf(undefined, MINIMAL_TEXT_COLS);
  const { host } = paneHost(d);
  const res = await runRecalc(host);
  expect(res.kind).toBe('done');
  if (res.kind !== 'done') return;
  const r = res.output.result;
  const f = summaryFigures(r);
  expect(Object.values(f.status).reduce((a, b) => a + b, 0)).toBe(r.doctors.length);
  expect(Object.values(f.readiness).reduce((a, b) => a + b, 0)).toBe(r.clinics.length);
  expect(f.atRisk).toBe(r.clinics.filter((c) => c.atRisk).length);
  expect(f.errors).toBe(r.issues.filter((i) => i.severity === 'error').length);
  expect(f.warnings).toBe(r.issues.filter((i) => i.severity === 'warning').length);
  // As of 2026-01-31, the default window ends 2026-03-31: 59 days, as every clinic's daysLeft.
  expect(f.daysLeft).toBe(59);
  for (const c of r.clinics) expect(c.daysLeft).toBe(59);
  expect(daysLeftOf({ ...r, asOf: '2026-04-02' })).toBe(-2);
});
