/**
 * The engine's outcome in words. src/domain decides and returns facts — a next-step kind with the
 * doctor's numbers, the shortfall as numbers, whether a clinic has a completer, a clinic-type code,
 * the sentinels NO_DISTRICT and ALL_DISTRICTS — and this module puts them in the words of
 * src/strings once per run, right after the engine: 判定_不足 and 判定_次の対応 (SPEC Appendix B),
 * 有 / 無 (§3.4), 「（地区未設定）」 and 「合計」 (§3.6), the clinic type of clinic-type-conflict, the
 * rule text. Everything after the engine (the plan, the result JSON, the CSV, the notices, the
 * pane) reads this Outcome.
 */
import { evaluateSteps as evaluateFactsSteps, nextStepOf } from '../domain/engine';
import type { Day } from '../domain/day';
import { isCustomized } from '../domain/profile';
import { runSteps, SLICE_MASK, type Steps } from '../domain/steps';
import {
  NO_DISTRICT,
  type ApplicationStatus,
  type ClinicResult,
  type ClinicType,
  type DistrictSummary,
  type DoctorResult,
  type EngineInput,
  type EngineResult,
  type IssueDraft,
  type Missing,
  type Profile,
  type Status,
} from '../domain/types';
import {
  CLINIC_TYPE_LABELS,
  COMPLETER_NO,
  COMPLETER_YES,
  nextStepText,
  ruleText,
  shortfallText,
  TOTAL_DISTRICT,
  UNSET_DISTRICT,
} from '../strings/texts';

/** A doctor's result with its texts. */
export interface DoctorOutcome extends Omit<DoctorResult, 'district'> {
  /** District display text (§3.6). */
  district: string;
  /** 判定_不足 text ('' for certified and eligible). */
  shortfallText: string;
  /** 判定_次の対応 text. */
  next: string;
}

/** A clinic's result with its texts. */
export interface ClinicOutcome extends Omit<ClinicResult, 'hasCompleter' | 'district'> {
  /** 有 when certified ≥ 1, else 無 (§3.4). */
  completerAnswer: '有' | '無';
  district: string;
}

/** A row of the district summary with its district's text (合計 on the total row). */
export interface DistrictOutcome extends Omit<DistrictSummary, 'district'> {
  district: string;
}

/** The engine's result with every text in place. */
export interface Outcome extends Omit<EngineResult, 'doctors' | 'clinics' | 'districts' | 'districtTotal'> {
  doctors: DoctorOutcome[];
  clinics: ClinicOutcome[];
  districts: DistrictOutcome[];
  districtTotal: DistrictOutcome;
}

/** The text of a district (§3.6): its display, 「（地区未設定）」 or 「合計」. */
export function districtText(d: DistrictSummary['district']): string {
  if (typeof d === 'string') return d;
  return d === NO_DISTRICT ? UNSET_DISTRICT : TOTAL_DISTRICT;
}

export interface NextTextArgs {
  status: Status;
  missing: Missing;
  /** Pending 実地 activities (jitchiPending). */
  pending: number;
  applicationStatus: ApplicationStatus | null;
  /** Expiry day of an expired certificate (adds the 修了証期限切れ prefix), else null. */
  expired: Day | null;
}

/** 判定_次の対応 (SPEC Appendix B) of a doctor's status and 申請状況. */
export function nextText(a: NextTextArgs): string {
  return nextStepText(nextStepOf(a.status, a.applicationStatus), a.missing, a.pending, a.expired);
}

/** The rule profile in words (Appendix B), e.g. for 会議資料 B3 and 実行履歴 ルール. */
export function profileText(p: Profile): string {
  return ruleText({
    minZagakuUnits: p.minZagakuUnits,
    minJitchiActivities: p.minJitchiActivities,
    totalUnits: p.totalUnits,
    unitsPerJitchi: p.unitsPerJitchi,
    certificateValidityYears: p.certificateValidityYears,
    customized: isCustomized(p),
  });
}

/**
 * The texts of doctors' shortfalls and next steps, each made once per distinct set of numbers
 * (a national roster has 170,000 doctors but a few hundred such texts): the same strings as
 * shortfallText / nextStepText, shared by the doctors instead of built per doctor.
 */
class DoctorTexts {
  /** shortfallText by missing 実地 activities, then missing 座学 units. */
  private readonly shortfalls = new Map<number, Map<number, string>>();
  /** nextStepText of 'train' without an expired certificate, by (実地, pending), then 座学. */
  private readonly trains = new Map<number, Map<number, Map<number, string>>>();

  shortfall(m: Missing): string {
    let byZ = this.shortfalls.get(m.jitchiActivities);
    if (byZ === undefined) this.shortfalls.set(m.jitchiActivities, (byZ = new Map()));
    let t = byZ.get(m.zagakuUnits);
    if (t === undefined) byZ.set(m.zagakuUnits, (t = shortfallText(m)));
    return t;
  }

  next(r: DoctorResult): string {
    // Only 'train' depends on the numbers, and the expired prefix on a date: those are built as before.
    if (r.nextStep !== 'train' || r.certificateExpired !== null) {
      return nextStepText(r.nextStep, r.missing, r.jitchiPending, r.certificateExpired);
    }
    let byPending = this.trains.get(r.missing.jitchiActivities);
    if (byPending === undefined) this.trains.set(r.missing.jitchiActivities, (byPending = new Map()));
    let byZ = byPending.get(r.jitchiPending);
    if (byZ === undefined) byPending.set(r.jitchiPending, (byZ = new Map()));
    let t = byZ.get(r.missing.zagakuUnits);
    if (t === undefined)
      byZ.set(r.missing.zagakuUnits, (t = nextStepText('train', r.missing, r.jitchiPending, null)));
    return t;
  }
}

function doctorOutcome(r: DoctorResult, texts: DoctorTexts): DoctorOutcome {
  // Written out, not spread: this runs once per doctor and a literal is several times faster.
  return {
    status: r.status,
    zagakuUnits: r.zagakuUnits,
    jitchiActivities: r.jitchiActivities,
    jitchiPending: r.jitchiPending,
    totalUnits: r.totalUnits,
    missing: r.missing,
    district: districtText(r.district),
    clinicCodes: r.clinicCodes,
    certificateExpired: r.certificateExpired,
    nextStep: r.nextStep,
    shortfallText: texts.shortfall(r.missing),
    next: texts.next(r),
  };
}

function clinicOutcome(r: ClinicResult): ClinicOutcome {
  // Written out, not spread: this runs once per clinic (97,000 on W3) and a literal is 5× faster.
  return {
    inScope: r.inScope,
    exclusion: r.exclusion,
    readiness: r.readiness,
    reasons: r.reasons,
    doctors: r.doctors,
    certified: r.certified,
    outsideCompleters: r.outsideCompleters,
    completerAnswer: r.hasCompleter ? COMPLETER_YES : COMPLETER_NO,
    eligible: r.eligible,
    reportDate: r.reportDate,
    daysLeft: r.daysLeft,
    atRisk: r.atRisk,
    district: districtText(r.district),
  };
}

/** A summary row with its district's text (the field stays first, as in the result JSON). */
export function districtOutcome(s: DistrictSummary): DistrictOutcome {
  return { ...s, district: districtText(s.district) };
}

const isClinicTypeConflict = (i: IssueDraft): boolean => i.code === 'clinic-type-conflict';

/** clinic-type-conflict names the type as staff write it (病院, 診療所, 歯科診療所). */
function issueOutcome(i: IssueDraft): IssueDraft {
  if (!isClinicTypeConflict(i) || i.value === null) return i;
  return { ...i, value: CLINIC_TYPE_LABELS[i.value as ClinicType] };
}

/** The facts of one run in words; yields between row blocks (see domain/steps.ts). */
export function* outcomeSteps(res: EngineResult): Steps<Outcome> {
  const doctors = new Array<DoctorOutcome>(res.doctors.length);
  const texts = new DoctorTexts();
  for (let i = 0; i < doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    doctors[i] = doctorOutcome(res.doctors[i], texts);
  }
  const clinics = new Array<ClinicOutcome>(res.clinics.length);
  for (let i = 0; i < clinics.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    clinics[i] = clinicOutcome(res.clinics[i]);
  }
  return {
    asOf: res.asOf,
    reportWindowStart: res.reportWindowStart,
    reportWindowEnd: res.reportWindowEnd,
    reportYear: res.reportYear,
    doctors,
    records: res.records,
    clinics,
    districts: res.districts.map(districtOutcome),
    districtTotal: districtOutcome(res.districtTotal),
    changes: res.changes,
    issues: res.issues.some(isClinicTypeConflict) ? res.issues.map(issueOutcome) : res.issues,
    countedRecords: res.countedRecords,
  };
}

/** The engine (src/domain/engine.ts) and its outcome in words, as one computation. */
export function* evaluateSteps(input: EngineInput): Steps<Outcome> {
  const facts = yield* evaluateFactsSteps(input);
  return yield* outcomeSteps(facts);
}

/** evaluateSteps run to the end. */
export function evaluate(input: EngineInput): Outcome {
  return runSteps(evaluateSteps(input));
}
