/** The result JSON of SPEC §6.3 (stable names, no timestamps). */
import { isoFromDay } from '../domain/day';
import { SLICE_MASK, type Steps } from '../domain/steps';
import { profileJson, type ProfileJson } from '../domain/profile';
import type { Changes, EngineInput, Issue, Status, Readiness, Exclusion, Reason } from '../domain/types';
import type { DistrictOutcome, Outcome } from './outcome';
import type { RoleCounts } from './read';

export interface DoctorJson {
  id: string;
  name: string | null;
  district: string;
  clinicCodes: string[];
  certificateDate: string | null;
  applicationStatus: string | null;
  zagakuUnits: number;
  jitchiActivities: number;
  jitchiPending: number;
  totalUnits: number;
  status: Status;
  missing: { jitchiActivities: number; zagakuUnits: number };
  next: string;
}

export interface ClinicJson {
  code: string;
  name: string | null;
  district: string;
  inScope: boolean;
  exclusion: Exclusion | null;
  doctors: number;
  /** Linked certified doctors + outsideCompleters (§3.4 rev 2). */
  certified: number;
  outsideCompleters: number;
  eligible: number;
  /** 報告日 as ISO text; null when blank, absent or treated as blank (§3.7 rev 2). */
  reportDate: string | null;
  completerAnswer: '有' | '無';
  readiness: Readiness;
  reasons: Reason[];
  daysLeft: number;
  atRisk: boolean;
}

export interface ResultJson {
  asOf: string;
  profile: ProfileJson;
  counts: {
    doctors: RoleCounts;
    training: RoleCounts & { counted: number };
    clinics: RoleCounts;
    affiliations: RoleCounts;
  };
  doctors: DoctorJson[];
  clinics: ClinicJson[];
  districts: DistrictOutcome[];
  districtTotal: DistrictOutcome;
  changes: Changes | null;
  issues: Issue[];
}

const zero = (): RoleCounts => ({ read: 0, used: 0, rejected: 0, blank: 0 });

/**
 * The result JSON, yielding between blocks of doctors and clinics (see
 * domain/steps.ts): 170,000 doctors and 97,000 clinics took 150–210 ms in one piece.
 */
export function* buildResultJsonSteps(
  input: EngineInput,
  res: Outcome,
  counts: Partial<Record<'doctors' | 'training' | 'clinics' | 'affiliations', RoleCounts>>,
  issues: Issue[],
): Steps<ResultJson> {
  const training = counts.training ?? zero();
  const doctors: DoctorJson[] = [];
  for (let i = 0; i < input.doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const d = input.doctors[i];
    const r = res.doctors[i];
    doctors.push({
      id: d.id,
      name: d.name,
      district: r.district,
      clinicCodes: r.clinicCodes,
      certificateDate: d.certificateDate === null ? null : isoFromDay(d.certificateDate),
      applicationStatus: d.applicationStatus,
      zagakuUnits: r.zagakuUnits,
      jitchiActivities: r.jitchiActivities,
      jitchiPending: r.jitchiPending,
      totalUnits: r.totalUnits,
      status: r.status,
      // The engine's own object ({ jitchiActivities, zagakuUnits }, nothing else): shared, not copied.
      missing: r.missing,
      next: r.next,
    });
  }
  const clinicsIn = input.clinics ?? [];
  const clinics: ClinicJson[] = [];
  for (let i = 0; i < clinicsIn.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const c = clinicsIn[i];
    const r = res.clinics[i];
    clinics.push({
      code: c.code,
      name: c.name,
      district: r.district,
      inScope: r.inScope,
      exclusion: r.exclusion,
      doctors: r.doctors,
      certified: r.certified,
      outsideCompleters: r.outsideCompleters,
      eligible: r.eligible,
      reportDate: r.reportDate === null ? null : isoFromDay(r.reportDate),
      completerAnswer: r.completerAnswer,
      readiness: r.readiness,
      reasons: r.reasons,
      daysLeft: r.daysLeft,
      atRisk: r.atRisk,
    });
  }
  return {
    asOf: isoFromDay(res.asOf),
    profile: profileJson(input.profile, res.reportWindowStart, res.reportWindowEnd),
    counts: {
      doctors: { ...(counts.doctors ?? zero()) },
      training: { ...training, counted: res.countedRecords },
      clinics: { ...(counts.clinics ?? zero()) },
      affiliations: { ...(counts.affiliations ?? zero()) },
    },
    doctors,
    clinics,
    districts: res.districts,
    districtTotal: res.districtTotal,
    changes: res.changes,
    issues,
  };
}
