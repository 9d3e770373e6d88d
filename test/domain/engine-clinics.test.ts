/** §3.4 clinic readiness, §3.5 window and deadline risk, §2.4 affiliations. */
import {
  affiliations,
  clinic,
  clinics,
  day,
  doctor,
  doctors,
  issuesOf,
  jitchi,
  records,
  run,
  type RunArgs,
  zagaku,
} from './helpers';
import type { ClinicIn, DoctorIn } from '../../src/domain/types';

const MED = '4010000001'; // 10 digits, 3rd digit 1 = 医科
const MED2 = '4010000002';
const DENTAL = '4030000001'; // 3rd digit 3 = 歯科
const SEVEN = '4030001'; // 7 digits: no fee-table digit

/** A doctor of each status, linked to `code` as primary clinic. */
function certifiedAt(id: string, code: string | null): DoctorIn {
  return doctor(id, { clinicCode: code, certificateDate: day('2025-10-01') });
}
function plainAt(id: string, code: string | null): DoctorIn {
  return doctor(id, { clinicCode: code });
}
/** Records making `id` eligible. */
function eligibleRecords(id: string) {
  return [zagaku(id, '2025-05-01', 5), jitchi(id, '2025-06-01')];
}

/** One clinic and the given doctors; returns the clinic result. */
function clinicWith(c: Partial<ClinicIn>, docs: DoctorIn[] = [], extra: RunArgs = {}) {
  const res = run({ ...extra, doctors: doctors(...docs), clinics: clinics(clinic(c.code ?? MED, c)) });
  return { res, c: res.clinics[0] };
}

describe('exclusions (§3.4 step 1)', () => {
  test('special-function hospital wins over dental and suspended', () => {
    const { c } = clinicWith({ code: DENTAL, type: 'dental', specialFunction: true, suspended: true });
    expect(c).toMatchObject({
      inScope: false,
      exclusion: 'special-function-hospital',
      readiness: 'out-of-scope',
      reasons: [],
    });
  });

  test('dental by type wins over suspended', () => {
    const { c } = clinicWith({ code: SEVEN, type: 'dental', suspended: true });
    expect(c.exclusion).toBe('dental');
  });

  test('dental by a 10-digit code with 3rd digit 3 (type blank): no conflict', () => {
    const { c, res } = clinicWith({ code: DENTAL });
    expect(c.exclusion).toBe('dental');
    expect(issuesOf(res, 'clinic-type-conflict')).toEqual([]);
  });

  test('a 7-digit code has no fee-table digit', () => {
    const { c, res } = clinicWith({ code: SEVEN, type: 'clinic' });
    expect(c.exclusion).toBeNull();
    expect(issuesOf(res, 'clinic-type-conflict')).toEqual([]);
  });

  test('type 歯科 with a 医科 code: dental, clinic-type-conflict', () => {
    const { c, res } = clinicWith({ code: MED, type: 'dental' });
    expect(c.exclusion).toBe('dental');
    expect(issuesOf(res, 'clinic-type-conflict')).toEqual([
      {
        code: 'clinic-type-conflict',
        severity: 'warning',
        role: 'clinics',
        row: 2,
        field: 'type',
        value: '歯科診療所',
        params: { code: MED },
      },
    ]);
  });

  test.each([
    ['hospital', '病院'],
    ['clinic', '診療所'],
  ] as const)('type %s with a dental code: dental by code, conflict', (type, label) => {
    const { c, res } = clinicWith({ code: DENTAL, type });
    expect(c.exclusion).toBe('dental');
    expect(issuesOf(res, 'clinic-type-conflict').map((i) => i.value)).toEqual([label]);
  });

  test('a conflict is reported even when another exclusion applies first', () => {
    const { c, res } = clinicWith({ code: DENTAL, type: 'hospital', specialFunction: true });
    expect(c.exclusion).toBe('special-function-hospital');
    expect(issuesOf(res, 'clinic-type-conflict')).toHaveLength(1);
  });

  test('type and code agreeing: no conflict', () => {
    expect(issuesOf(clinicWith({ code: DENTAL, type: 'dental' }).res, 'clinic-type-conflict')).toEqual([]);
    expect(issuesOf(clinicWith({ code: MED, type: 'hospital' }).res, 'clinic-type-conflict')).toEqual([]);
  });

  test('suspended', () => {
    expect(clinicWith({ suspended: true }).c).toMatchObject({ exclusion: 'suspended', inScope: false });
  });

  test('out of scope wins over reported; completer answer still computed', () => {
    const { c } = clinicWith({ suspended: true, reported: true }, [certifiedAt('D1', MED)]);
    expect(c).toMatchObject({
      readiness: 'out-of-scope',
      completerAnswer: '有',
      doctors: 1,
      certified: 1,
      reasons: [],
      atRisk: false,
    });
  });
});

describe('reported, ready and action-needed (§3.4)', () => {
  test('reported, even without account or doctors', () => {
    const { c } = clinicWith({ reported: true, gmisAccount: false });
    expect(c).toMatchObject({
      inScope: true,
      exclusion: null,
      readiness: 'reported',
      reasons: [],
      atRisk: false,
    });
  });

  test('ready: account, no permission column, one certified doctor', () => {
    const { c } = clinicWith({ gmisPermission: null }, [certifiedAt('D1', MED)]);
    expect(c).toEqual({
      inScope: true,
      exclusion: null,
      doctors: 1,
      certified: 1,
      outsideCompleters: 0, // rev 2
      eligible: 0,
      reportDate: null, // rev 2
      completerAnswer: '有',
      readiness: 'ready',
      reasons: [],
      daysLeft: 59,
      atRisk: false,
      district: '（地区未設定）',
    });
  });

  test('ready with permission true', () => {
    expect(clinicWith({ gmisPermission: true }, [certifiedAt('D1', MED)]).c.readiness).toBe('ready');
  });

  test('permission false blocks ready', () => {
    const { c } = clinicWith({ gmisPermission: false }, [certifiedAt('D1', MED)]);
    expect(c).toMatchObject({
      readiness: 'action-needed',
      reasons: ['no-gmis-permission'],
      completerAnswer: '有',
    });
  });

  test('no account blocks ready', () => {
    const { c } = clinicWith({ gmisAccount: false }, [certifiedAt('D1', MED)]);
    expect(c).toMatchObject({ readiness: 'action-needed', reasons: ['no-gmis-account'] });
  });

  const cases: [string, Partial<ClinicIn>, 'none' | 'plain' | 'eligible' | 'mixed', string[]][] = [
    ['no account, no doctor', { gmisAccount: false }, 'none', ['no-gmis-account', 'no-linked-doctor']],
    [
      'no account, doctor without records',
      { gmisAccount: false },
      'plain',
      ['no-gmis-account', 'no-completer'],
    ],
    [
      'no account, eligible doctor',
      { gmisAccount: false },
      'eligible',
      ['no-gmis-account', 'eligible-not-applied'],
    ],
    [
      'no account and permission false: only the account',
      { gmisAccount: false, gmisPermission: false },
      'plain',
      ['no-gmis-account', 'no-completer'],
    ],
    [
      'permission false, no doctor',
      { gmisPermission: false },
      'none',
      ['no-gmis-permission', 'no-linked-doctor'],
    ],
    [
      'permission false, eligible',
      { gmisPermission: false },
      'eligible',
      ['no-gmis-permission', 'eligible-not-applied'],
    ],
    ['account, no doctor', {}, 'none', ['no-linked-doctor']],
    ['account, doctor without records', {}, 'plain', ['no-completer']],
    ['account, eligible and in-progress doctors', {}, 'mixed', ['eligible-not-applied']],
    ['permission true, no doctor', { gmisPermission: true }, 'none', ['no-linked-doctor']],
  ];
  test.each(cases)('reasons: %s', (_name, c, who, reasons) => {
    const docs: DoctorIn[] = [];
    const recs = [];
    if (who === 'plain' || who === 'mixed') docs.push(plainAt('P', MED));
    if (who === 'eligible' || who === 'mixed') {
      docs.push(plainAt('E', MED));
      recs.push(...eligibleRecords('E'));
    }
    if (who === 'mixed') recs.push(zagaku('P', '2025-05-01', 1));
    const res = run({
      doctors: doctors(...docs),
      records: records(...recs),
      clinics: clinics(clinic(MED, c)),
    });
    expect(res.clinics[0].readiness).toBe('action-needed');
    expect(res.clinics[0].reasons).toEqual(reasons);
    expect(res.clinics[0].completerAnswer).toBe('無');
  });

  test('counts: doctors, certified, eligible', () => {
    const res = run({
      doctors: doctors(
        certifiedAt('C1', MED),
        certifiedAt('C2', MED),
        plainAt('E', MED),
        plainAt('P', MED),
        plainAt('X', MED2),
      ),
      records: records(...eligibleRecords('E')),
      clinics: clinics(clinic(MED), clinic(MED2)),
    });
    expect(
      res.clinics.map((c) => [c.doctors, c.certified, c.eligible, c.completerAnswer, c.readiness]),
    ).toEqual([
      [4, 2, 1, '有', 'ready'],
      [1, 0, 0, '無', 'action-needed'],
    ]);
  });

  test('no 医療機関 sheet: no clinic results', () => {
    const res = run({ doctors: doctors(certifiedAt('D1', MED)), clinics: null });
    expect(res.clinics).toEqual([]);
    expect(res.doctors[0].clinicCodes).toEqual([MED]);
    expect(res.issues).toEqual([]);
  });
});

describe('affiliations (§2.4)', () => {
  test('a doctor at two clinics counts for both', () => {
    const res = run({
      doctors: doctors(certifiedAt('D1', MED)),
      clinics: clinics(clinic(MED), clinic(MED2)),
      affiliations: affiliations(['D1', MED2]),
    });
    expect(res.doctors[0].clinicCodes).toEqual([MED, MED2]);
    expect(res.clinics.map((c) => [c.doctors, c.certified, c.readiness])).toEqual([
      [1, 1, 'ready'],
      [1, 1, 'ready'],
    ]);
  });

  test('clinicCodes: primary first, then affiliations in row order, unique', () => {
    const MED3 = '4010000003';
    const res = run({
      doctors: doctors(plainAt('D1', MED2), plainAt('D2', null)),
      clinics: clinics(clinic(MED), clinic(MED2), clinic(MED3)),
      affiliations: affiliations(['D1', MED3], ['D2', MED3], ['D1', MED2], ['D1', MED], ['D2', MED]),
    });
    expect(res.doctors.map((d) => d.clinicCodes)).toEqual([
      [MED2, MED3, MED],
      [MED3, MED],
    ]);
    expect(res.clinics.map((c) => c.doctors)).toEqual([2, 1, 2]);
    expect(res.issues).toEqual([]); // repeating the primary clinic is not an issue
  });

  test('a repeated pair: affiliation-duplicate on the later row, counted once', () => {
    const res = run({
      doctors: doctors(plainAt('D1', null), plainAt('D2', MED)),
      clinics: clinics(clinic(MED)),
      affiliations: affiliations(['D1', MED], ['D2', MED], ['D1', MED], ['D2', MED]),
    });
    expect(res.clinics[0].doctors).toBe(2);
    expect(res.issues).toEqual([
      {
        code: 'affiliation-duplicate',
        severity: 'warning',
        role: 'affiliations',
        row: 4,
        field: 'clinicCode',
        value: MED,
      },
      {
        code: 'affiliation-duplicate',
        severity: 'warning',
        role: 'affiliations',
        row: 5,
        field: 'clinicCode',
        value: MED,
      },
    ]);
  });

  test('affiliations of an unknown doctor are ignored (defensive)', () => {
    const res = run({
      doctors: doctors(plainAt('D1', null)),
      clinics: clinics(clinic(MED)),
      affiliations: affiliations(['ZZ', MED]),
    });
    expect(res.clinics[0].doctors).toBe(0);
  });

  test('no-doctor-clinic-links when clinics exist but nobody links', () => {
    const res = run({ doctors: doctors(plainAt('D1', null)), clinics: clinics(clinic(MED), clinic(MED2)) });
    expect(res.issues).toEqual([
      {
        code: 'no-doctor-clinic-links',
        severity: 'info',
        role: 'clinics',
        row: null,
        field: null,
        value: null,
      },
    ]);
  });

  test('no-doctor-clinic-links: not raised with one link, no clinics or no sheet', () => {
    const linked = run({
      doctors: doctors(plainAt('D1', null)),
      clinics: clinics(clinic(MED), clinic(MED2)),
      affiliations: affiliations(['D1', MED2]),
    });
    expect(issuesOf(linked, 'no-doctor-clinic-links')).toEqual([]);
    expect(run({ doctors: doctors(plainAt('D1', null)), clinics: [] }).issues).toEqual([]);
    expect(run({ doctors: doctors(plainAt('D1', null)), clinics: null }).issues).toEqual([]);
  });
});

describe('report window and deadline risk (§3.5)', () => {
  test('daysLeft: 59 on 31 Jan, 0 on the last day, negative after', () => {
    expect(clinicWith({}).c.daysLeft).toBe(59);
    expect(clinicWith({}, [], { asOf: day('2026-03-31') }).c.daysLeft).toBe(0);
    const explicit = {
      profile: { reportWindowStart: day('2026-01-14'), reportWindowEnd: day('2026-02-27') },
    };
    expect(clinicWith({}, [], { ...explicit, asOf: day('2026-02-27') }).c.daysLeft).toBe(0);
    expect(clinicWith({}, [], { ...explicit, asOf: day('2026-03-01') }).c.daysLeft).toBe(-2);
  });

  test('derived window moves to the next year after 31 March', () => {
    const res = run({ asOf: day('2026-04-01'), clinics: clinics(clinic(MED)) });
    expect(res.reportWindowStart).toBe(day('2027-01-01'));
    expect(res.reportWindowEnd).toBe(day('2027-03-31'));
    expect(res.clinics[0].daysLeft).toBe(364);
  });

  test('no account: lead 14 days; as-of + 14 = end is not at risk, +1 is', () => {
    expect(clinicWith({ gmisAccount: false }, [], { asOf: day('2026-03-17') }).c.atRisk).toBe(false);
    expect(clinicWith({ gmisAccount: false }, [], { asOf: day('2026-03-18') }).c.atRisk).toBe(true);
  });

  test('no permission: lead 30 days', () => {
    expect(clinicWith({ gmisPermission: false }, [], { asOf: day('2026-03-01') }).c.atRisk).toBe(false);
    expect(clinicWith({ gmisPermission: false }, [], { asOf: day('2026-03-02') }).c.atRisk).toBe(true);
  });

  test('no account and no permission: the account lead (14) applies', () => {
    const c = { gmisAccount: false, gmisPermission: false };
    expect(clinicWith(c, [], { asOf: day('2026-03-02') }).c.atRisk).toBe(false);
    expect(clinicWith(c, [], { asOf: day('2026-03-18') }).c.atRisk).toBe(true);
  });

  test('account and permission (or no permission column): lead 0, never at risk', () => {
    const late = { asOf: day('2026-03-31') };
    expect(clinicWith({ gmisPermission: null }, [], late).c).toMatchObject({
      readiness: 'action-needed',
      atRisk: false,
    });
    expect(clinicWith({ gmisPermission: true }, [], late).c.atRisk).toBe(false);
  });

  test('custom lead days', () => {
    const args = { asOf: day('2026-03-25'), profile: { gmisNewAccountDays: 6 } };
    expect(clinicWith({ gmisAccount: false }, [], args).c.atRisk).toBe(false);
    expect(
      clinicWith({ gmisAccount: false }, [], { ...args, profile: { gmisNewAccountDays: 7 } }).c.atRisk,
    ).toBe(true);
    expect(
      clinicWith({ gmisAccount: false }, [], { ...args, profile: { gmisNewAccountDays: 0 } }).c.atRisk,
    ).toBe(false);
  });

  test('only action-needed clinics are at risk', () => {
    const late = { asOf: day('2026-03-30') };
    expect(clinicWith({ gmisAccount: false, reported: true }, [], late).c.atRisk).toBe(false);
    expect(clinicWith({ gmisAccount: false, suspended: true }, [], late).c.atRisk).toBe(false);
    expect(clinicWith({ gmisAccount: false }, [], late).c.atRisk).toBe(true);
  });

  test('explicit window end drives the risk', () => {
    const p = { profile: { reportWindowEnd: day('2026-02-27') } };
    expect(clinicWith({ gmisAccount: false }, [], { ...p, asOf: day('2026-02-13') }).c.atRisk).toBe(false);
    expect(clinicWith({ gmisAccount: false }, [], { ...p, asOf: day('2026-02-14') }).c.atRisk).toBe(true);
  });
});
