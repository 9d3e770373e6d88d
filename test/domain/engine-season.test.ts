/**
 * SPEC rev 2, the 2027 report season: this year's report (§3.4 step 2, §3.5 report year),
 * completers outside the roster (§3.4), 実地 and the count-from dates (§3.1), the report window.
 */
import { clinic, clinics, day, doctor, doctors, issuesOf, jitchi, records, run, zagaku } from './helpers';
import type { ClinicIn } from '../../src/domain/types';

const MED = '4010000001';
const MED2 = '4010000002';
const CERT = { certificateDate: day('2025-10-01') };

/** One clinic with one certified doctor linked to it (so only the report decides). */
function reportRun(c: Partial<ClinicIn>, asOf: string, profile = {}) {
  const res = run({
    asOf: day(asOf),
    profile,
    doctors: doctors(doctor('D1', { clinicCode: MED, ...CERT })),
    clinics: clinics(clinic(MED, c)),
  });
  return { res, c: res.clinics[0] };
}

describe("this year's report (§3.4 step 2, rev 2)", () => {
  const LAST_YEAR = { reported: true, reportDate: day('2026-02-10') };

  test("last year's 報告済 with a 2026 報告日: not reported in a 2027 run", () => {
    const { res, c } = reportRun(LAST_YEAR, '2027-01-20');
    expect(res.reportYear).toBe(2027);
    expect(c).toMatchObject({ readiness: 'ready', reportDate: day('2026-02-10'), reasons: [] });
    expect(issuesOf(res, 'report-previous-year')).toEqual([
      {
        code: 'report-previous-year',
        severity: 'info',
        role: 'clinics',
        row: 2,
        field: 'reportDate',
        value: '2026/02/10',
        params: { date: '2026/02/10', year: 2027 },
      },
    ]);
    expect(res.districtTotal).toMatchObject({ clinicsReported: 0, clinicsReady: 1 });
  });

  test('the same row in a 2026 run: reported, no issue', () => {
    const { res, c } = reportRun(LAST_YEAR, '2026-03-01');
    expect(res.reportYear).toBe(2026);
    expect(c).toMatchObject({ readiness: 'reported', reportDate: day('2026-02-10'), reasons: [] });
    expect(res.issues).toEqual([]);
    expect(res.districtTotal.clinicsReported).toBe(1);
  });

  test('a last-year report of a clinic without completer is action-needed in 2027', () => {
    const res = run({
      asOf: day('2027-01-20'),
      doctors: doctors(doctor('D1', { clinicCode: MED })),
      clinics: clinics(clinic(MED, LAST_YEAR)),
    });
    expect(res.clinics[0]).toMatchObject({ readiness: 'action-needed', reasons: ['no-completer'] });
  });

  test('a 報告日 on 1 January of the report year is this year’s', () => {
    const { c, res } = reportRun({ reported: true, reportDate: day('2027-01-01') }, '2027-01-20');
    expect(c.readiness).toBe('reported');
    expect(res.issues).toEqual([]);
  });

  test('report year = the year of 報告期間終了 when set (§3.5 rev 2)', () => {
    // As of April 2027 the derived year would be 2028; the set end keeps it 2027.
    const { c, res } = reportRun({ reported: true, reportDate: day('2027-02-01') }, '2027-04-10', {
      reportWindowEnd: day('2027-02-27'),
    });
    expect(res.reportYear).toBe(2027);
    expect(c.readiness).toBe('reported');
    const derived = reportRun({ reported: true, reportDate: day('2027-02-01') }, '2027-04-10');
    expect(derived.res.reportYear).toBe(2028);
    expect(derived.c.readiness).toBe('ready');
  });

  test('a blank 報告日 with a reported status: reported, info report-date-missing', () => {
    const { c, res } = reportRun({ reported: true, reportDate: null }, '2027-01-20');
    expect(c).toMatchObject({ readiness: 'reported', reportDate: null });
    expect(res.issues).toEqual([
      {
        code: 'report-date-missing',
        severity: 'info',
        role: 'clinics',
        row: 2,
        field: 'reportDate',
        value: null,
        params: undefined,
      },
    ]);
  });

  test('a 報告日 after as-of: warning, treated as blank (reported, report-date-missing)', () => {
    const { c, res } = reportRun({ reported: true, reportDate: day('2027-02-01') }, '2027-01-20');
    expect(c).toMatchObject({ readiness: 'reported', reportDate: null });
    expect(res.issues.map((i) => [i.code, i.severity, i.value, i.params])).toEqual([
      ['report-date-future', 'warning', '2027/02/01', { asOf: '2027/01/20' }],
      ['report-date-missing', 'info', null, undefined],
    ]);
  });

  test('a 報告日 with a not-reported status (未報告, 一時保存): nothing to say, not reported', () => {
    const { c, res } = reportRun({ reported: false, reportDate: day('2027-01-10') }, '2027-01-20');
    expect(c).toMatchObject({ readiness: 'ready', reportDate: day('2027-01-10') });
    expect(res.issues).toEqual([]);
  });

  test('without a 報告日 column: the status decides; one sheet-level info on the 報告状況 header', () => {
    const res = run({
      asOf: day('2027-01-20'),
      clinics: clinics(clinic(MED, { reported: true }), clinic(MED2, { reported: true })),
    });
    expect(res.clinics.map((c) => [c.readiness, c.reportDate])).toEqual([
      ['reported', null],
      ['reported', null],
    ]);
    expect(issuesOf(res, 'report-date-column-missing')).toEqual([
      {
        code: 'report-date-column-missing',
        severity: 'info',
        role: 'clinics',
        row: null,
        field: 'reportStatus',
        value: null,
      },
    ]);
  });

  test('without a 報告日 column and no clinic saying reported: no issue', () => {
    const res = run({ clinics: clinics(clinic(MED)) });
    expect(issuesOf(res, 'report-date-column-missing')).toEqual([]);
  });

  test('out-of-scope clinics are not judged on their report', () => {
    const { res, c } = reportRun({ ...LAST_YEAR, specialFunction: true }, '2027-01-20');
    expect(c.readiness).toBe('out-of-scope');
    expect(res.issues).toEqual([]);
  });
});

describe('completers outside the roster (§3.4 rev 2)', () => {
  test('no roster doctor, 名簿外の修了者 1 and an account: ready, 有', () => {
    const res = run({ clinics: clinics(clinic(MED, { outsideCompleters: 1 })) });
    expect(res.clinics[0]).toMatchObject({
      doctors: 0,
      certified: 1,
      outsideCompleters: 1,
      eligible: 0,
      completerAnswer: '有',
      readiness: 'ready',
      reasons: [],
    });
    expect(res.districtTotal).toMatchObject({
      clinicsWithCompleter: 1,
      clinicsWithCompleterRate: 1,
      clinicsReady: 1,
      doctors: 0,
      certified: 0,
      completionRate: null,
    });
  });

  test('certified = linked certified + outside; doctor counts unchanged', () => {
    const res = run({
      doctors: doctors(doctor('D1', { clinicCode: MED, ...CERT }), doctor('D2', { clinicCode: MED })),
      clinics: clinics(clinic(MED, { outsideCompleters: 2 })),
    });
    expect(res.clinics[0]).toMatchObject({ doctors: 2, certified: 3, outsideCompleters: 2 });
    expect(res.districtTotal).toMatchObject({ doctors: 2, certified: 1, completionRate: 0.5 });
  });

  test('without an account: action-needed with no-gmis-account only (no no-linked-doctor)', () => {
    const res = run({ clinics: clinics(clinic(MED, { outsideCompleters: 1, gmisAccount: false })) });
    expect(res.clinics[0]).toMatchObject({
      readiness: 'action-needed',
      reasons: ['no-gmis-account'],
      completerAnswer: '有',
    });
  });

  test('outside completers 0 and no linked doctor: no-linked-doctor (replaces no-completer)', () => {
    const res = run({ clinics: clinics(clinic(MED, { outsideCompleters: 0 })) });
    expect(res.clinics[0]).toMatchObject({ readiness: 'action-needed', reasons: ['no-linked-doctor'] });
  });

  test('an eligible doctor and an outside completer: ready, not eligible-not-applied', () => {
    const res = run({
      doctors: doctors(doctor('D1', { clinicCode: MED })),
      records: records(zagaku('D1', '2025-05-01', 5), jitchi('D1', '2025-06-01')),
      clinics: clinics(clinic(MED, { outsideCompleters: 1, gmisAccount: false })),
    });
    expect(res.clinics[0]).toMatchObject({ eligible: 1, certified: 1, reasons: ['no-gmis-account'] });
  });
});

describe('実地 and the count-from dates (§3.1 rev 2)', () => {
  test('実地 dated before 集計開始日 still counts; 座学 before it does not', () => {
    const res = run({
      profile: { countFrom: day('2025-04-01') },
      doctors: doctors(doctor('D1')),
      records: records(
        jitchi('D1', '2024-06-01'),
        zagaku('D1', '2025-03-01', 5),
        zagaku('D1', '2025-05-01', 5),
      ),
    });
    expect(res.doctors[0]).toMatchObject({
      zagakuUnits: 5,
      jitchiActivities: 1,
      totalUnits: 10,
      status: 'eligible',
    });
    expect(res.records.map((r) => r.counted)).toEqual([true, false, true]);
    expect(issuesOf(res, 'date-before-count-from').map((i) => i.params)).toEqual([
      { count: 1, countFrom: '2025/04/01' },
    ]);
  });

  test('実地の集計開始日 limits 実地 only; one issue naming both dates', () => {
    const res = run({
      profile: { countFrom: day('2025-04-01'), jitchiCountFrom: day('2024-04-01') },
      doctors: doctors(doctor('D1')),
      records: records(
        jitchi('D1', '2024-03-31'),
        jitchi('D1', '2024-04-01', { titleKey: 'b' }),
        zagaku('D1', '2024-06-01', 2),
        zagaku('D1', '2025-04-01', 3),
      ),
    });
    expect(res.doctors[0]).toMatchObject({ zagakuUnits: 3, jitchiActivities: 1 });
    expect(issuesOf(res, 'date-before-count-from').map((i) => i.params)).toEqual([
      { count: 2, countFrom: '2025/04/01', jitchiCountFrom: '2024/04/01' },
    ]);
  });
});

describe('a customized report window (§3.5)', () => {
  const WINDOW = { reportWindowStart: day('2027-01-14'), reportWindowEnd: day('2027-02-27') };

  test('2027-01-14〜2027-02-27 drives daysLeft and atRisk', () => {
    const res = run({
      asOf: day('2027-02-10'),
      profile: WINDOW,
      doctors: doctors(doctor('D1', { clinicCode: MED, ...CERT })),
      clinics: clinics(
        clinic(MED, { gmisAccount: true }), // ready
        clinic(MED2, { gmisAccount: false }), // 14 days for an account: 02-24 ≤ 02-27, in time
        clinic('4010000003', { gmisPermission: false }), // 30 days: 03-12 > 02-27, at risk
      ),
    });
    expect(res.reportWindowStart).toBe(day('2027-01-14'));
    expect(res.reportWindowEnd).toBe(day('2027-02-27'));
    expect(res.clinics.map((c) => [c.readiness, c.daysLeft, c.atRisk])).toEqual([
      ['ready', 17, false],
      ['action-needed', 17, false],
      ['action-needed', 17, true],
    ]);
    const later = run({
      asOf: day('2027-02-14'),
      profile: WINDOW,
      clinics: clinics(clinic(MED2, { gmisAccount: false })),
    });
    // 02-14 + 14 = 02-28 > 02-27: at risk now (with the default 31 March it would not be).
    expect(later.clinics.map((c) => [c.daysLeft, c.atRisk])).toEqual([[13, true]]);
    const dflt = run({ asOf: day('2027-02-14'), clinics: clinics(clinic(MED2, { gmisAccount: false })) });
    expect(dflt.clinics.map((c) => [c.daysLeft, c.atRisk])).toEqual([[45, false]]);
  });
});
