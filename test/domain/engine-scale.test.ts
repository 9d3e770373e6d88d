/**
 * A national-scale input built synthetically: 100,000 doctors × 10 records = 1,000,000 records and
 * 50,000 clinics. Checks exact counts (no timing assertion: timing belongs to the benchmarks).
 */
import { dayFromYmd } from '../../src/domain/day';
import { evaluate } from '../../src/sheets/outcome';
import { DEFAULT_PROFILE } from '../../src/domain/profile';
import type { ClinicIn, DoctorIn, EngineInput, RecordIn } from '../../src/domain/types';

const DOCTORS = 100_000;
const CLINICS = 50_000;
const AS_OF = dayFromYmd(2026, 1, 31);
const BASE = dayFromYmd(2025, 5, 1);

/**
 * Doctor i follows pattern i % 5:
 * 0: ten 1-unit 座学 on distinct days            → Z 10, J 0: in-progress, missing 実地1件
 * 1: nine 0.5-unit 座学 (distinct titles) + 1 実地 → Z 4.5, J 1: in-progress, missing 座学0.5
 * 2: five 1-unit 座学 + five 実地, distinct days    → Z 5, J 5: eligible
 * 3: ten copies of one 座学 row                    → Z 1: in-progress, 9 duplicate-record
 * 4: ten future-dated 実地                          → no-records, 10 date-future
 */
function buildInput(): EngineInput {
  const doctors: DoctorIn[] = new Array(DOCTORS);
  const records: RecordIn[] = new Array(DOCTORS * 10);
  let k = 0;
  for (let i = 0; i < DOCTORS; i++) {
    const id = String(i).padStart(7, '0');
    doctors[i] = {
      row: i + 2,
      id,
      name: null,
      kana: null,
      clinicCode: String(4010000000 + (i % CLINICS)),
      district: `D${i % 47}`,
      memberClass: null,
      certificateDate: null,
      certificateNo: null,
      applicationStatus: null,
    };
    const p = i % 5;
    for (let n = 0; n < 10; n++) {
      const r: RecordIn = {
        row: k + 2,
        doctorId: id,
        date: BASE + n,
        kind: 'zagaku',
        titleKey: '',
        units: 1,
        approval: 'approved',
      };
      if (p === 1) {
        if (n < 9) Object.assign(r, { date: BASE, units: 0.5, titleKey: `講座${n}` });
        else Object.assign(r, { kind: 'jitchi', units: 5 });
      } else if (p === 2 && n >= 5) Object.assign(r, { kind: 'jitchi', units: 5 });
      else if (p === 3) r.date = BASE;
      else if (p === 4) Object.assign(r, { kind: 'jitchi', date: AS_OF + 1 + n });
      records[k++] = r;
    }
  }
  const clinics: ClinicIn[] = new Array(CLINICS);
  for (let c = 0; c < CLINICS; c++) {
    clinics[c] = {
      row: c + 2,
      code: String(4010000000 + c),
      name: null,
      type: null,
      specialFunction: false,
      suspended: false,
      district: null,
      gmisAccount: true,
      gmisPermission: null,
      reported: false,
    };
  }
  return {
    profile: DEFAULT_PROFILE,
    asOf: AS_OF,
    doctors,
    records,
    clinics,
    affiliations: [],
    previous: null,
  };
}

test('1,000,000 records, 100,000 doctors, 50,000 clinics: exact counts', () => {
  const input = buildInput();
  const res = evaluate(input);

  const byStatus = new Map<string, number>();
  for (const d of res.doctors) byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
  expect(Object.fromEntries(byStatus)).toEqual({
    'in-progress': 60_000,
    eligible: 20_000,
    'no-records': 20_000,
  });

  expect(res.countedRecords).toBe(20_000 * 10 + 20_000 * 10 + 20_000 * 10 + 20_000 * 1);
  expect(res.records.filter((r) => r.counted).length).toBe(res.countedRecords);

  const codes = new Map<string, number>();
  for (const i of res.issues) codes.set(i.code, (codes.get(i.code) ?? 0) + 1);
  expect(Object.fromEntries(codes)).toEqual({ 'duplicate-record': 180_000, 'date-future': 200_000 });

  expect(res.doctors[0]).toMatchObject({
    zagakuUnits: 10,
    jitchiActivities: 0,
    missing: { jitchiActivities: 1, zagakuUnits: 0 },
  });
  expect(res.doctors[1]).toMatchObject({
    zagakuUnits: 4.5,
    jitchiActivities: 1,
    missing: { jitchiActivities: 0, zagakuUnits: 0.5 },
  });
  expect(res.doctors[2]).toMatchObject({
    zagakuUnits: 5,
    jitchiActivities: 5,
    totalUnits: 30,
    status: 'eligible',
  });
  expect(res.doctors[3]).toMatchObject({ zagakuUnits: 1, status: 'in-progress' });
  expect(res.doctors[4]).toMatchObject({ status: 'no-records', jitchiActivities: 0 });

  // Every clinic has 2 doctors (i and i + 50,000, same pattern parity differs by 0 mod 5).
  expect(res.clinics.every((c) => c.doctors === 2)).toBe(true);
  expect(res.clinics.filter((c) => c.readiness === 'action-needed').length).toBe(CLINICS);
  expect(res.clinics.filter((c) => c.reasons[0] === 'eligible-not-applied').length).toBe(CLINICS / 5);

  // 47 doctor districts; the clinics have none, so （地区未設定） comes last.
  expect(res.districts).toHaveLength(48);
  expect(res.districts[47]).toMatchObject({
    district: '（地区未設定）',
    doctors: 0,
    clinicsInScope: CLINICS,
  });
  expect(res.districtTotal).toMatchObject({
    doctors: DOCTORS,
    eligible: 20_000,
    inProgress: 60_000,
    noRecords: 20_000,
    certified: 0,
    completionRate: 0,
    clinicsInScope: CLINICS,
    clinicsActionNeeded: CLINICS,
  });
});
