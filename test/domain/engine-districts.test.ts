/** §3.6 districts and §5.3 changes since the previous run. */
import { affiliations, clinic, clinics, day, doctor, doctors, jitchi, records, run, zagaku } from './helpers';
import type { DistrictSummary, PreviousState, Readiness, Status } from '../../src/domain/types';

const MED = '4010000001';
const MED2 = '4010000002';
const MED3 = '4010000003';
const CERT = { certificateDate: day('2025-10-01') };

/** A summary row with defaults 0/null and the given fields. */
function row(district: string, over: Partial<DistrictSummary> = {}): DistrictSummary {
  return {
    district,
    clinicsInScope: 0,
    clinicsOutOfScope: 0,
    clinicsWithCompleter: 0,
    clinicsWithCompleterRate: null,
    clinicsReady: 0,
    clinicsReported: 0,
    clinicsActionNeeded: 0,
    doctors: 0,
    certified: 0,
    eligible: 0,
    inProgress: 0,
    noRecords: 0,
    completionRate: null,
    ...over,
  };
}

describe("a doctor's district", () => {
  test('own, else the primary clinic’s, else （地区未設定）', () => {
    const res = run({
      doctors: doctors(
        doctor('D1', { district: '小倉北区', clinicCode: MED2 }),
        doctor('D2', { clinicCode: MED2 }),
        doctor('D3', { clinicCode: MED3 }), // clinic without district
        doctor('D4'),
        doctor('D5', { district: '  ', clinicCode: MED2 }), // blank own district
        doctor('D6', { clinicCode: '4010009999' }), // clinic not in the list
      ),
      clinics: clinics(clinic(MED2, { district: '小倉南区' }), clinic(MED3)),
    });
    expect(res.doctors.map((d) => d.district)).toEqual([
      '小倉北区',
      '小倉南区',
      '（地区未設定）',
      '（地区未設定）',
      '小倉南区',
      '（地区未設定）',
    ]);
  });

  test('affiliation clinics do not give a district', () => {
    const res = run({
      doctors: doctors(doctor('D1')),
      clinics: clinics(clinic(MED, { district: 'A' })),
      affiliations: affiliations(['D1', MED]),
    });
    expect(res.doctors[0].district).toBe('（地区未設定）');
  });

  test('without a 医療機関 sheet the primary clinic gives nothing', () => {
    const res = run({ doctors: doctors(doctor('D1', { clinicCode: MED })), clinics: null });
    expect(res.doctors[0].district).toBe('（地区未設定）');
  });

  test('variants merge; the display is the first text met, doctors before clinics', () => {
    const res = run({
      doctors: doctors(doctor('D1', { district: 'Ａ地区' }), doctor('D2', { district: 'A 地区' })),
      clinics: clinics(
        clinic(MED, { district: 'A地区' }),
        clinic(MED2, { district: 'B 地区' }),
        clinic(MED3, { district: 'Ｂ地区' }),
      ),
    });
    expect(res.doctors.map((d) => d.district)).toEqual(['Ａ地区', 'Ａ地区']);
    expect(res.clinics.map((c) => c.district)).toEqual(['Ａ地区', 'B 地区', 'B 地区']);
    expect(res.districts.map((d) => d.district)).toEqual(['Ａ地区', 'B 地区']);
  });

  test('hyphen variants and line breaks merge', () => {
    const res = run({
      doctors: doctors(
        doctor('D1', { district: '第1-2班' }),
        doctor('D2', { district: '第１－２班' }),
        doctor('D3', { district: '第1‐2\n班' }),
      ),
    });
    expect(res.districts).toHaveLength(1);
    expect(res.districts[0]).toMatchObject({ district: '第1-2班', doctors: 3 });
  });

  test('case is kept: a and A are different districts', () => {
    const res = run({ doctors: doctors(doctor('D1', { district: 'a' }), doctor('D2', { district: 'A' })) });
    expect(res.districts.map((d) => d.district)).toEqual(['A', 'a']);
  });
});

describe('district summary (§3.6)', () => {
  test('ordering by key in code-point order, （地区未設定） last', () => {
    const res = run({
      doctors: doctors(
        doctor('D1'),
        doctor('D2', { district: '小倉南区' }),
        doctor('D3', { district: '小倉北区' }),
        doctor('D4', { district: 'B' }),
        doctor('D5', { district: 'ｱ' }), // NFKC → ア (U+30A2), before 小 (U+5C0F)
      ),
    });
    expect(res.districts.map((d) => d.district)).toEqual([
      'B',
      'ｱ',
      '小倉北区',
      '小倉南区',
      '（地区未設定）',
    ]);
    expect(res.districtTotal.district).toBe('合計');
  });

  test('counts, rates and the total', () => {
    const res = run({
      doctors: doctors(
        doctor('N1', { district: '北', clinicCode: MED, ...CERT }),
        doctor('N2', { district: '北' }),
        doctor('N3', { district: '北' }),
        doctor('N4', { district: '北' }),
        doctor('S1', { district: '南', ...CERT }),
        doctor('S2', { district: '南', clinicCode: MED3 }),
      ),
      records: records(
        zagaku('N2', '2025-05-01', 5),
        jitchi('N2', '2025-05-02'),
        zagaku('N3', '2025-05-01', 1),
      ),
      clinics: clinics(
        clinic(MED, { district: '北' }), // ready (N1 certified)
        clinic(MED2, { district: '北', reported: true }),
        clinic('4030000001', { district: '北' }), // dental: out of scope
        clinic(MED3, { district: '南', gmisAccount: false }), // action-needed
        clinic('4010000004', { district: '南', suspended: true }),
        clinic('4010000005'), // unset district, action-needed (no doctor)
      ),
      affiliations: affiliations(['N1', '4030000001'], ['S1', '4010000004']),
    });
    expect(res.districts).toEqual([
      row('北', {
        clinicsInScope: 2,
        clinicsOutOfScope: 1,
        clinicsWithCompleter: 1,
        clinicsWithCompleterRate: 0.5,
        clinicsReady: 1,
        clinicsReported: 1,
        doctors: 4,
        certified: 1,
        eligible: 1,
        inProgress: 1,
        noRecords: 1,
        completionRate: 0.25,
      }),
      row('南', {
        clinicsInScope: 1,
        clinicsOutOfScope: 1, // suspended clinic with a certified doctor: not a clinic with completer
        clinicsWithCompleterRate: 0,
        clinicsActionNeeded: 1,
        doctors: 2,
        certified: 1,
        noRecords: 1,
        completionRate: 0.5,
      }),
      row('（地区未設定）', { clinicsInScope: 1, clinicsWithCompleterRate: 0, clinicsActionNeeded: 1 }),
    ]);
    expect(res.districtTotal).toEqual(
      row('合計', {
        clinicsInScope: 4,
        clinicsOutOfScope: 2,
        clinicsWithCompleter: 1,
        clinicsWithCompleterRate: 0.25,
        clinicsReady: 1,
        clinicsReported: 1,
        clinicsActionNeeded: 2,
        doctors: 6,
        certified: 2,
        eligible: 1,
        inProgress: 1,
        noRecords: 2,
        completionRate: 2 / 6,
      }),
    );
  });

  test('total rates are recomputed from the sums, not averaged', () => {
    const res = run({
      doctors: doctors(
        doctor('A1', { district: 'A', ...CERT }),
        doctor('B1', { district: 'B' }),
        doctor('B2', { district: 'B' }),
        doctor('B3', { district: 'B' }),
      ),
    });
    expect(res.districts.map((d) => d.completionRate)).toEqual([1, 0]);
    expect(res.districtTotal.completionRate).toBe(0.25);
  });

  test('a clinic’s district is its own, not its doctors’', () => {
    const res = run({
      doctors: doctors(doctor('D1', { district: 'A', clinicCode: MED })),
      clinics: clinics(clinic(MED)),
    });
    expect(res.clinics[0].district).toBe('（地区未設定）');
    expect(res.districts).toEqual([
      row('A', { doctors: 1, noRecords: 1, completionRate: 0 }),
      row('（地区未設定）', { clinicsInScope: 1, clinicsActionNeeded: 1, clinicsWithCompleterRate: 0 }),
    ]);
  });

  test('without clinics: clinic fields are 0 and clinic rates null', () => {
    const res = run({ doctors: doctors(doctor('D1', { district: 'A' })), clinics: null });
    expect(res.districts).toEqual([row('A', { doctors: 1, noRecords: 1, completionRate: 0 })]);
    expect(res.districtTotal).toEqual(row('合計', { doctors: 1, noRecords: 1, completionRate: 0 }));
  });

  test('nothing at all: no district rows, a zero total', () => {
    const res = run({});
    expect(res.districts).toEqual([]);
    expect(res.districtTotal).toEqual(row('合計'));
  });
});

describe('changes since the previous run', () => {
  function prev(
    doctorStatus: [string, Status][],
    clinicReadiness: [string, Readiness][] = [],
  ): PreviousState {
    return { doctorStatus: new Map(doctorStatus), clinicReadiness: new Map(clinicReadiness) };
  }
  const ELIG = (id: string) => [zagaku(id, '2025-05-01', 5), jitchi(id, '2025-05-02')];

  test('null on the first run', () => {
    expect(run({ doctors: doctors(doctor('D1', CERT)) }).changes).toBeNull();
  });

  test('only doctors and clinics with a previous value can be new', () => {
    const res = run({
      doctors: doctors(
        doctor('C1', { ...CERT, clinicCode: MED }), // certified, was in-progress → new
        doctor('C2', CERT), // certified, was certified
        doctor('C3', CERT), // certified, no previous value
        doctor('E1'), // eligible, was no-records → new
        doctor('E2'), // eligible, was certified (expired since) → new
        doctor('E3'), // eligible, was eligible
        doctor('E4'), // eligible, no previous value
      ),
      records: records(...ELIG('E1'), ...ELIG('E2'), ...ELIG('E3'), ...ELIG('E4')),
      clinics: clinics(clinic(MED), clinic(MED2), clinic(MED3)),
      affiliations: affiliations(['C2', MED2], ['C3', MED3]),
      previous: prev(
        [
          ['C1', 'in-progress'],
          ['C2', 'certified'],
          ['E1', 'no-records'],
          ['E2', 'certified'],
          ['E3', 'eligible'],
        ],
        [
          [MED, 'action-needed'],
          [MED2, 'ready'],
        ],
      ),
    });
    expect(res.clinics.map((c) => c.readiness)).toEqual(['ready', 'ready', 'ready']);
    expect(res.changes).toEqual({ newlyCertified: 1, newlyEligible: 2, newlyReady: 1 });
  });

  test('no clinics: newlyReady 0', () => {
    const res = run({
      doctors: doctors(doctor('D1', CERT)),
      clinics: null,
      previous: prev([['D1', 'no-records']]),
    });
    expect(res.changes).toEqual({ newlyCertified: 1, newlyEligible: 0, newlyReady: 0 });
  });

  test('a re-run with the same statuses reports zeros', () => {
    const res = run({
      doctors: doctors(doctor('D1', { ...CERT, clinicCode: MED })),
      clinics: clinics(clinic(MED)),
      previous: prev([['D1', 'certified']], [[MED, 'ready']]),
    });
    expect(res.changes).toEqual({ newlyCertified: 0, newlyEligible: 0, newlyReady: 0 });
  });
});
