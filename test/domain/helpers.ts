/** Builders for engine tests (not a test file itself). */
import { dayFromIso, type Day } from '../../src/domain/day';
import { DEFAULT_PROFILE } from '../../src/domain/profile';
import type {
  AffiliationIn,
  ClinicIn,
  DoctorIn,
  EngineInput,
  PreviousState,
  Profile,
  RecordIn,
} from '../../src/domain/types';
import { evaluate, type Outcome as EngineResult } from '../../src/sheets/outcome';

/** A Day from an ISO date (throws on a malformed one, so typos fail loudly). */
export function day(iso: string): Day {
  const d = dayFromIso(iso);
  if (d === null) throw new Error(`bad date ${iso}`);
  return d;
}

export const AS_OF = day('2026-01-31');

export function doctor(id: string, over: Partial<DoctorIn> = {}): DoctorIn {
  return {
    row: 2,
    id,
    name: `医師${id}`,
    kana: null,
    clinicCode: null,
    district: null,
    memberClass: null,
    certificateDate: null,
    certificateNo: null,
    applicationStatus: null,
    ...over,
  };
}

/** Doctors with rows 2, 3, … in the given order. */
export function doctors(...list: DoctorIn[]): DoctorIn[] {
  return list.map((d, i) => ({ ...d, row: i + 2 }));
}

export function zagaku(
  doctorId: string,
  date: string,
  units: number,
  over: Partial<RecordIn> = {},
): RecordIn {
  return {
    row: 2,
    doctorId,
    date: day(date),
    kind: 'zagaku',
    titleKey: '',
    units,
    approval: 'approved',
    ...over,
  };
}

export function jitchi(doctorId: string, date: string, over: Partial<RecordIn> = {}): RecordIn {
  return {
    row: 2,
    doctorId,
    date: day(date),
    kind: 'jitchi',
    titleKey: '',
    units: 5,
    approval: 'approved',
    ...over,
  };
}

/** Records with rows 2, 3, … in the given order. */
export function records(...list: RecordIn[]): RecordIn[] {
  return list.map((r, i) => ({ ...r, row: i + 2 }));
}

export function clinic(code: string, over: Partial<ClinicIn> = {}): ClinicIn {
  return {
    row: 2,
    code,
    name: `医療機関${code}`,
    type: null,
    specialFunction: false,
    suspended: false,
    district: null,
    gmisAccount: true,
    gmisPermission: null,
    reported: false,
    ...over,
  };
}

export function clinics(...list: ClinicIn[]): ClinicIn[] {
  return list.map((c, i) => ({ ...c, row: i + 2 }));
}

export function affiliations(...pairs: [string, string][]): AffiliationIn[] {
  return pairs.map(([doctorId, clinicCode], i) => ({ row: i + 2, doctorId, clinicCode }));
}

export function profile(over: Partial<Profile> = {}): Profile {
  return { ...DEFAULT_PROFILE, ...over };
}

export interface RunArgs {
  profile?: Partial<Profile>;
  asOf?: Day;
  doctors?: DoctorIn[];
  records?: RecordIn[];
  clinics?: ClinicIn[] | null;
  affiliations?: AffiliationIn[];
  previous?: PreviousState | null;
}

export function input(a: RunArgs = {}): EngineInput {
  return {
    profile: profile(a.profile),
    asOf: a.asOf ?? AS_OF,
    doctors: a.doctors ?? [],
    records: a.records ?? [],
    clinics: a.clinics === undefined ? null : a.clinics,
    affiliations: a.affiliations ?? [],
    previous: a.previous ?? null,
  };
}

export function run(a: RunArgs = {}): EngineResult {
  return evaluate(input(a));
}

/** One doctor 'D1' with the given records (doctorId forced to D1); returns its result. */
export function one(recs: RecordIn[], a: RunArgs = {}, over: Partial<DoctorIn> = {}) {
  const res = run({
    ...a,
    doctors: [doctor('D1', over)],
    records: records(...recs.map((r) => ({ ...r, doctorId: 'D1' }))),
  });
  return { res, d: res.doctors[0] };
}

/** Issues of a code, as [row, field, value, params] tuples for compact assertions. */
export function issuesOf(res: EngineResult, code: string) {
  return res.issues.filter((i) => i.code === code);
}
