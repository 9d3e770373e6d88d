/**
 * The sample promises a known status mix and a fixed set of input problems (src/sample/generate.ts);
 * this runs the real pipeline (src/sheets/recalc) on it to check that promise end to end.
 */
import { dayFromIso } from '../../src/domain/day';
import { generateRoster, STATUS_TARGETS } from '../../src/sample/generate';
import { rosterToSnapshot } from '../../src/sample/writeSample';
import { recalc } from '../../src/sheets/recalc';

const run = (decorate: boolean) =>
  recalc(rosterToSnapshot(generateRoster({ doctors: 1000, seed: 1, decorate })), {
    asOf: dayFromIso('2026-01-31'),
    now: new Date('2026-01-31T03:00:00Z'),
  }).result;

const statusCounts = (doctors: { status: string }[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const d of doctors) out[d.status] = (out[d.status] ?? 0) + 1;
  return out;
};

const issueCodes = (issues: { code: string }[]): string[] => [...new Set(issues.map((i) => i.code))].sort();

describe('sample roster through the engine (W1, seed 1, as of 2026-01-31)', () => {
  const expected = Object.fromEntries(
    Object.entries(STATUS_TARGETS).map(([k, v]) => [k, Math.round(1000 * v)]),
  );

  test('clean: the planned status mix and only the expected 実地 approval notes', () => {
    const result = run(false);
    expect(statusCounts(result.doctors)).toEqual(expected);
    expect(issueCodes(result.issues)).toEqual(['jitchi-approval-blank', 'jitchi-not-approved']);
    expect(result.counts.training.rejected).toBe(0);
    const readiness = new Set(result.clinics.map((c) => c.readiness));
    expect([...readiness].sort()).toEqual(['action-needed', 'out-of-scope', 'ready', 'reported']);
    const exclusions = new Set(result.clinics.map((c) => c.exclusion));
    expect(exclusions).toEqual(new Set([null, 'special-function-hospital', 'dental', 'suspended']));
  });

  test('decorated: same mix; each deliberate error raises its issue, decorations raise none', () => {
    const result = run(true);
    expect(statusCounts(result.doctors)).toEqual(expected);
    expect(issueCodes(result.issues)).toEqual(
      [
        'clinic-code-pharmacy',
        'date-future',
        'date-invalid',
        'doctor-id-duplicate',
        'doctor-name-missing',
        'duplicate-record',
        'jitchi-approval-blank',
        'jitchi-not-approved',
        'kind-unknown',
        'record-doctor-unknown',
        'units-not-half-step',
      ].sort(),
    );
  });
});
