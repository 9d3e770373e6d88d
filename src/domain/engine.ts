/**
 * The rules engine (SPEC §3): from the used rows of the input sheets to every doctor's status and
 * shortfall, every clinic's readiness, the district summary and the rule-level issues.
 *
 * Pure: no I/O, no Office, no Node APIs. Linear in the input: one filtering pass over the records
 * (Maps keyed by id), a counting sort of the candidates by doctor for duplicate detection, typed
 * arrays for the per-record and per-doctor tallies. `records[i]` of the result are two shared frozen
 * objects ({counted: true} / {counted: false}), not one allocation per record.
 */
import { addYears, dayFromYmd, slashFromDay, type Day } from './day';
import { applyRates, DistrictRegistry, emptySummary, totalSummary } from './district';
import { reportWindow } from './profile';
import {
  APPROVED,
  KIND_ZAGAKU,
  PENDING as PENDING_APPROVAL,
  recordColumns,
  type RecordColumns,
} from './records';
import { runSteps, SLICE_MASK, type Steps } from './steps';
import { TextIndex } from './text-index';
import { REASONS } from './types';
import type {
  AffiliationIn,
  Changes,
  ClinicIn,
  ClinicResult,
  District,
  DistrictSummary,
  DoctorIn,
  DoctorResult,
  EngineInput,
  EngineResult,
  Exclusion,
  IssueDraft,
  Missing,
  NextStep,
  Profile,
  Readiness,
  Reason,
  RecordOutcome,
  Status,
} from './types';

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/** Rounds to 10 decimals so sums of steps such as 0.1 compare exactly. */
function round10(n: number): number {
  const r = Math.round(n * 1e10) / 1e10;
  return Object.is(r, -0) ? 0 : r;
}

/** ⌈x / step⌉ · step, float-safe (0.3 / 0.1 is 2.9999999999999996). Non-positive x gives 0. */
function ceilStep(x: number, step: number): number {
  const v = round10(x);
  if (v <= 0) return 0;
  if (!(step > 0)) return v;
  return round10(Math.ceil(round10(v / step)) * step);
}

const COUNTED: RecordOutcome = Object.freeze({ counted: true });
const NOT_COUNTED: RecordOutcome = Object.freeze({ counted: false });

// ---------------------------------------------------------------------------------------------
// Records (§3.1)
// ---------------------------------------------------------------------------------------------

/** Per-doctor tallies, indexed like input.doctors. */
interface Tally {
  zagaku: Float64Array;
  jitchi: Int32Array;
  pending: Int32Array;
  /** Records that added to Z or J. */
  counted: Int32Array;
  outcomes: RecordOutcome[];
  countedRecords: number;
}

/** id → index of the first doctor with that id (the reader rejects duplicates; first wins). */
function indexDoctors(doctors: readonly DoctorIn[]): TextIndex {
  const index = new TextIndex(doctors.length);
  for (let i = 0; i < doctors.length; i++) index.setIfAbsent(doctors[i].id, i);
  return index;
}

function duplicateIssue(row: number, firstRow: number): IssueDraft {
  return {
    code: 'duplicate-record',
    severity: 'warning',
    role: 'training',
    row,
    field: 'title',
    value: null,
    params: { firstRow },
  };
}

/** What a record may become after the date and approval filters. */
const NONE = 0;
const COUNTS = 1; // 座学, or approved 実地
const PENDING = 2; // pending 実地

/** Above this many candidate records for one doctor, duplicates are found with a Map, not pairwise. */
const PAIRWISE_LIMIT = 32;

/** Columnar view of the records after the filters (indexed like input.records). */
interface Scan {
  records: RecordColumns;
  /** NONE, COUNTS or PENDING. */
  cls: Uint8Array;
  doctorOf: Int32Array;
  /** date · 2 + (実地 ? 1 : 0): the cheap part of the duplicate key. */
  dateKind: Int32Array;
  /** 座学 units; 0 for 実地 (units are not part of a 実地 key). */
  units: Float64Array;
  /** Candidates per doctor at [d + 1]; after grouping, [d] is the start of doctor d's group. */
  perDoctor: Int32Array;
}

/** Same duplicate key (§3.1): date, kind, units (座学) and title; the doctor is shared. */
function sameKey(s: Scan, a: number, b: number): boolean {
  return (
    s.dateKind[a] === s.dateKind[b] && s.units[a] === s.units[b] && s.records.title[a] === s.records.title[b] // equal title keys have equal numbers
  );
}

/** The duplicate key as a string, for the rare doctor with very many records. */
function keyString(s: Scan, i: number): string {
  return `${s.dateKind[i]}\u0000${s.units[i]}\u0000${s.records.title[i]}`;
}

/**
 * Counts the records (§3.1). A record is a candidate when its doctor is known and it is dated
 * within [its kind's count-from date, as-of]. Candidate 座学 rows and approved 実地 rows count, the
 * first of each duplicate key in input order. Pending 実地 candidates are grouped among themselves
 * only (rev 2: §3.1 groups rows that would otherwise count, so a pending row sharing its key with
 * approved rows is still pending, not a duplicate of them); among pending rows of one key the
 * first is pending and the others are duplicates. J and jitchiPending are therefore independent
 * of the order of the rows (§7). Rejected and blank-approval 実地 rows never count and take no
 * part in duplicate detection. 座学 approval is ignored.
 *
 * Duplicates share the doctor, so candidates are grouped by doctor with a stable counting sort and
 * compared within each (small) group on typed arrays: no per-record keys or allocations.
 */
function* tallyRecords(input: EngineInput, doctorIndex: TextIndex, issues: IssueDraft[]): Steps<Tally> {
  const n = input.doctors.length;
  const s = yield* scanRecords(input, doctorIndex, issues);
  const t: Tally = {
    zagaku: new Float64Array(n),
    jitchi: new Int32Array(n),
    pending: new Int32Array(n),
    counted: new Int32Array(n),
    outcomes: new Array<RecordOutcome>(s.records.length).fill(NOT_COUNTED),
    countedRecords: 0,
  };
  const order = yield* groupByDoctor(s, n);
  const duplicates: [number, number][] = [];
  const kept = new Int32Array(PAIRWISE_LIMIT);
  const scratch = { units: new Float64Array(PAIRWISE_LIMIT) };
  for (let d = 0; d < n; d++) {
    if ((d & SLICE_MASK) === SLICE_MASK) yield;
    const from = s.perDoctor[d];
    const to = s.perDoctor[d + 1];
    if (to === from) continue;
    if (to - from <= PAIRWISE_LIMIT) tallyGroupPairwise(s, order, from, to, d, kept, t, duplicates);
    else tallyGroupKeyed(s, order, from, to, d, t, duplicates);
    t.zagaku[d] = sumZagaku(s, order, from, to, t, scratch);
  }
  duplicates.sort((a, b) => a[0] - b[0]);
  for (const [i, firstRow] of duplicates) issues.push(duplicateIssue(s.records.row[i], firstRow));
  return t;
}

/** The date and approval filters, in input order; raises date-future and date-before-count-from. */
function* scanRecords(input: EngineInput, doctorIndex: TextIndex, issues: IssueDraft[]): Steps<Scan> {
  const asOf = input.asOf;
  const records = recordColumns(input.records);
  const n = records.length;
  const s: Scan = {
    records,
    cls: new Uint8Array(n),
    doctorOf: new Int32Array(n),
    dateKind: new Int32Array(n),
    units: new Float64Array(n),
    perDoctor: new Int32Array(input.doctors.length + 1),
  };
  // 集計開始日 limits 座学, 実地の集計開始日 limits 実地 (§3.1 rev 2); blank = no limit.
  const countFrom = input.profile.countFrom;
  const jitchiCountFrom = input.profile.jitchiCountFrom;
  const asOfText = slashFromDay(asOf);
  let zagakuBefore = 0;
  let jitchiBefore = 0;
  // A record's doctor is the first doctor with its ID (-1: none): looked up once per ID of the
  // columns' table, not once per record.
  const ids = records.ids;
  const doctorOfId = new Int32Array(ids.length);
  for (let k = 0; k < ids.length; k++) doctorOfId[k] = doctorIndex.get(ids[k]) ?? -1;
  const { row: rows, doctor: doctorCol, date: dates, kind: kinds, approval: approvals } = records;
  const unitsCol = records.units;
  for (let i = 0; i < n; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const doctor = doctorOfId[doctorCol[i]];
    if (doctor < 0) continue; // the reader rejects these; be defensive
    const date = dates[i];
    if (date > asOf) {
      issues.push(dateFutureIssue(rows[i], date, asOfText));
      continue;
    }
    const zagaku = kinds[i] === KIND_ZAGAKU;
    const from = zagaku ? countFrom : jitchiCountFrom;
    if (from !== null && date < from) {
      if (zagaku) zagakuBefore++;
      else jitchiBefore++;
      continue;
    }
    let cls = NONE;
    const units = unitsCol[i];
    if (zagaku)
      cls = units > 0 ? COUNTS : NONE; // units (NaN = none): defensive
    else if (approvals[i] === APPROVED) cls = COUNTS;
    else if (approvals[i] === PENDING_APPROVAL) cls = PENDING;
    if (cls === NONE) continue;
    s.cls[i] = cls;
    s.doctorOf[i] = doctor;
    s.dateKind[i] = date * 2 + (zagaku ? 0 : 1);
    s.units[i] = zagaku ? units : 0;
    s.perDoctor[doctor + 1]++;
  }
  if (zagakuBefore + jitchiBefore > 0) {
    issues.push(beforeCountFromIssue(zagakuBefore, countFrom, jitchiBefore, jitchiCountFrom));
  }
  return s;
}

/** Stable counting sort of the candidates by doctor; turns perDoctor into group offsets. */
function* groupByDoctor(s: Scan, doctors: number): Steps<Int32Array> {
  const start = s.perDoctor;
  for (let d = 0; d < doctors; d++) start[d + 1] += start[d];
  const order = new Int32Array(start[doctors]);
  const next = start.slice(0, doctors);
  for (let i = 0; i < s.cls.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    if (s.cls[i] !== NONE) order[next[s.doctorOf[i]]++] = i;
  }
  return order;
}

/**
 * The counted 座学 units of one doctor, added in ascending order. Floating-point addition is not
 * associative (2^53 + 0.5 + 0.5 ≠ 0.5 + 0.5 + 2^53), so summing in row order would let Z depend on
 * the order of the rows (§7); a fixed order makes it a function of the counted multiset.
 */
function sumZagaku(
  s: Scan,
  order: Int32Array,
  from: number,
  to: number,
  t: Tally,
  scratch: { units: Float64Array },
): number {
  if (scratch.units.length < to - from) scratch.units = new Float64Array(2 * (to - from));
  const units = scratch.units;
  let n = 0;
  for (let p = from; p < to; p++) {
    const i = order[p];
    if (t.outcomes[i] === COUNTED && !(s.dateKind[i] & 1)) units[n++] = s.units[i];
  }
  // Ascending (units are > 0, never NaN): insertion sort for the usual handful, else the typed
  // array's numeric sort — no comparator calls and no allocation per doctor.
  if (n > PAIRWISE_LIMIT) units.subarray(0, n).sort();
  else {
    for (let k = 1; k < n; k++) {
      const v = units[k];
      let j = k - 1;
      while (j >= 0 && units[j] > v) {
        units[j + 1] = units[j];
        j--;
      }
      units[j + 1] = v;
    }
  }
  let sum = 0;
  for (let k = 0; k < n; k++) sum += units[k];
  return sum;
}

function addCounted(s: Scan, i: number, doctor: number, t: Tally): void {
  if (s.dateKind[i] & 1) t.jitchi[doctor]++; // 座学 units are summed per doctor by sumZagaku
  t.counted[doctor]++;
  t.outcomes[i] = COUNTED;
  t.countedRecords++;
}

/** One doctor's candidates compared pairwise; `kept` holds the indices that stand in the current class. */
function tallyGroupPairwise(
  s: Scan,
  order: Int32Array,
  from: number,
  to: number,
  doctor: number,
  kept: Int32Array,
  t: Tally,
  duplicates: [number, number][],
): void {
  for (let pass = COUNTS; pass <= PENDING; pass++) {
    let nKept = 0; // each class is grouped on its own
    for (let p = from; p < to; p++) {
      const i = order[p];
      if (s.cls[i] !== pass) continue;
      let first = -1;
      for (let q = 0; q < nKept && first < 0; q++) if (sameKey(s, kept[q], i)) first = kept[q];
      if (first >= 0) {
        duplicates.push([i, s.records.row[first]]);
        continue;
      }
      kept[nKept++] = i;
      if (pass === COUNTS) addCounted(s, i, doctor, t);
      else t.pending[doctor]++;
    }
  }
}

/** The same as tallyGroupPairwise with a Map of string keys, for a doctor with many records. */
function tallyGroupKeyed(
  s: Scan,
  order: Int32Array,
  from: number,
  to: number,
  doctor: number,
  t: Tally,
  duplicates: [number, number][],
): void {
  for (let pass = COUNTS; pass <= PENDING; pass++) {
    const kept = new Map<string, number>(); // each class is grouped on its own
    for (let p = from; p < to; p++) {
      const i = order[p];
      if (s.cls[i] !== pass) continue;
      const key = keyString(s, i);
      const firstRow = kept.get(key);
      if (firstRow !== undefined) {
        duplicates.push([i, firstRow]);
        continue;
      }
      kept.set(key, s.records.row[i]);
      if (pass === COUNTS) addCounted(s, i, doctor, t);
      else t.pending[doctor]++;
    }
  }
}

function dateFutureIssue(row: number, date: Day, asOfText: string): IssueDraft {
  return {
    code: 'date-future',
    severity: 'warning',
    role: 'training',
    row,
    field: 'date',
    value: slashFromDay(date),
    params: { asOf: asOfText },
  };
}

/**
 * One info issue per sheet (§3.1) with the number of rows before their kind's count-from date.
 * Params: {count} always; {countFrom} when 座学 rows were left out, {jitchiCountFrom} when 実地
 * rows were (the message names the dates that applied).
 */
function beforeCountFromIssue(
  zagaku: number,
  countFrom: Day | null,
  jitchi: number,
  jitchiCountFrom: Day | null,
): IssueDraft {
  const params: Record<string, string | number> = { count: zagaku + jitchi };
  if (zagaku > 0 && countFrom !== null) params.countFrom = slashFromDay(countFrom);
  if (jitchi > 0 && jitchiCountFrom !== null) params.jitchiCountFrom = slashFromDay(jitchiCountFrom);
  return {
    code: 'date-before-count-from',
    severity: 'info',
    role: 'training',
    row: null,
    field: 'date',
    value: null,
    params,
  };
}

// ---------------------------------------------------------------------------------------------
// Doctors (§3.2, §3.3)
// ---------------------------------------------------------------------------------------------

interface CertificateState {
  certified: boolean;
  /** Expiry day of an expired certificate. */
  expired: Day | null;
}
const NO_CERTIFICATE: CertificateState = Object.freeze({ certified: false, expired: null });
const VALID_CERTIFICATE: CertificateState = Object.freeze({ certified: true, expired: null });

/** §3.3: certified ⇔ date ≤ as-of and (no validity, or as-of < date + N years). */
function certificateState(d: DoctorIn, p: Profile, asOf: Day, issues: IssueDraft[]): CertificateState {
  if (d.applicationStatus === '発行済' && d.certificateDate === null) {
    issues.push(doctorIssue('certificate-date-missing', d, null));
  }
  const date = d.certificateDate;
  if (date === null) return NO_CERTIFICATE;
  if (date > asOf) {
    issues.push(doctorIssue('certificate-date-future', d, slashFromDay(date)));
    return NO_CERTIFICATE;
  }
  if (p.certificateValidityYears === null) return VALID_CERTIFICATE;
  const expiry = addYears(date, p.certificateValidityYears);
  return asOf < expiry ? VALID_CERTIFICATE : { certified: false, expired: expiry };
}

function doctorIssue(
  code: 'certificate-date-missing' | 'certificate-date-future',
  d: DoctorIn,
  value: string | null,
): IssueDraft {
  return { code, severity: 'warning', role: 'doctors', row: d.row, field: 'certificateDate', value };
}

/** The shortfall of a certified or eligible doctor: one shared (frozen) object. */
const NOTHING_MISSING: Missing = Object.freeze({ jitchiActivities: 0, zagakuUnits: 0 });

/** §3.2 shortfall on the path with the fewest added 実地 activities. */
function shortfall(z: number, j: number, p: Profile): Missing {
  const u = p.unitsPerJitchi;
  const missingJ = Math.max(0, p.minJitchiActivities - j);
  const t = z + u * j;
  const needZ = Math.max(Math.max(0, p.minZagakuUnits - z), p.totalUnits - (t + u * missingJ));
  return { jitchiActivities: missingJ, zagakuUnits: ceilStep(needZ, p.zagakuStep) };
}

function isEligible(z: number, j: number, t: number, p: Profile): boolean {
  return z >= round10(p.minZagakuUnits) && j >= p.minJitchiActivities && t >= round10(p.totalUnits);
}

/** What a doctor does next (Appendix B): 申請状況 matters only to an eligible doctor. */
export function nextStepOf(status: Status, applicationStatus: DoctorIn['applicationStatus']): NextStep {
  switch (status) {
    case 'certified':
      return 'none';
    case 'eligible':
      if (applicationStatus === '申請中' || applicationStatus === '承認済') return 'await';
      if (applicationStatus === '差戻し') return 'reapply';
      return 'apply';
    case 'in-progress':
    case 'no-records':
      return 'train';
  }
}

function evaluateDoctor(
  d: DoctorIn,
  i: number,
  tally: Tally,
  ctx: Context,
  clinicCodes: string[],
  district: District,
): DoctorResult {
  const { profile: p, asOf } = ctx.input;
  const cert = certificateState(d, p, asOf, ctx.issues);
  const z = round10(tally.zagaku[i]);
  const j = tally.jitchi[i];
  const pending = tally.pending[i];
  const t = round10(z + p.unitsPerJitchi * j);
  let status: Status;
  if (cert.certified) status = 'certified';
  else if (isEligible(z, j, t, p)) status = 'eligible';
  else if (tally.counted[i] > 0) status = 'in-progress';
  else status = 'no-records';
  const done = status === 'certified' || status === 'eligible';
  const missing = done ? NOTHING_MISSING : shortfall(z, j, p);
  return {
    status,
    zagakuUnits: z,
    jitchiActivities: j,
    jitchiPending: pending,
    totalUnits: t,
    missing,
    district,
    clinicCodes,
    certificateExpired: cert.expired,
    nextStep: nextStepOf(status, d.applicationStatus),
  };
}

// ---------------------------------------------------------------------------------------------
// Links between doctors and clinics (§2.4, §3.4)
// ---------------------------------------------------------------------------------------------

/** code → index of the first clinic with that code. */
function indexClinics(clinics: readonly ClinicIn[]): TextIndex {
  const index = new TextIndex(clinics.length);
  for (let i = 0; i < clinics.length; i++) index.setIfAbsent(clinics[i].code, i);
  return index;
}

/**
 * A doctor's links to clinics: `codes[d]` is clinicCodes (the primary clinic first, then 所属
 * clinics in row order, each once); `primary[d]` is the index in input.clinics of the primary
 * clinic (-1: none, or a code not on 医療機関); `links` lists [doctor, clinic index] of the 所属
 * codes added to codes that are on 医療機関. Each distinct code is a distinct clinic, so the
 * linked clinics of d are primary[d] and its entries in `links`, each once.
 */
interface DoctorLinks {
  codes: string[][];
  primary: Int32Array;
  links: number[];
}

/**
 * The links of every doctor (see DoctorLinks). A repeated (doctor, clinic) pair on 所属 is
 * `affiliation-duplicate` on the later row; a pair that only repeats the primary clinic adds
 * nothing and is not an issue.
 */
function* doctorLinks(
  doctors: readonly DoctorIn[],
  affiliations: readonly AffiliationIn[],
  doctorIndex: TextIndex,
  clinicIndex: TextIndex,
  issues: IssueDraft[],
): Steps<DoctorLinks> {
  const codes: string[][] = new Array<string[]>(doctors.length);
  const primary = new Int32Array(doctors.length);
  for (let i = 0; i < doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const code = doctors[i].clinicCode;
    codes[i] = code ? [code] : [];
    primary[i] = code === null ? -1 : (clinicIndex.get(code) ?? -1);
  }
  const links: number[] = [];
  const seenPairs = new Set<string>();
  for (let k = 0; k < affiliations.length; k++) {
    if ((k & SLICE_MASK) === SLICE_MASK) yield;
    const a = affiliations[k];
    const doctor = doctorIndex.get(a.doctorId);
    if (doctor === undefined) continue; // the reader rejects these; be defensive
    const pair = `${doctor}\u0000${a.clinicCode}`;
    if (seenPairs.has(pair)) {
      issues.push({
        code: 'affiliation-duplicate',
        severity: 'warning',
        role: 'affiliations',
        row: a.row,
        field: 'clinicCode',
        value: a.clinicCode,
      });
      continue;
    }
    seenPairs.add(pair);
    if (!codes[doctor].includes(a.clinicCode)) {
      codes[doctor].push(a.clinicCode);
      const c = clinicIndex.get(a.clinicCode);
      if (c !== undefined) links.push(doctor, c);
    }
  }
  return { codes, primary, links };
}

// ---------------------------------------------------------------------------------------------
// Clinics (§3.4, §3.5)
// ---------------------------------------------------------------------------------------------

/** A 10-digit code whose 3rd digit (fee table) is 3 = 歯科. */
export function isDentalCode(code: string): boolean {
  return /^\d{10}$/.test(code) && code[2] === '3';
}

/** A known type that disagrees with the fee-table digit of a 10-digit code. */
function typeConflicts(c: ClinicIn): boolean {
  if (c.type === null || !/^\d{10}$/.test(c.code)) return false;
  return (c.type === 'dental') !== isDentalCode(c.code);
}

function exclusionOf(c: ClinicIn): Exclusion | null {
  if (c.specialFunction) return 'special-function-hospital';
  if (c.type === 'dental' || isDentalCode(c.code)) return 'dental';
  if (c.suspended) return 'suspended';
  return null;
}

interface LinkCounts {
  doctors: number;
  certified: number;
  eligible: number;
}

/** A clinic's counts for every clinic rule (§3.4 rev 2): certified includes outside completers. */
interface ClinicCounts extends LinkCounts {
  outside: number;
}

function clinicCounts(c: ClinicIn, k: LinkCounts): ClinicCounts {
  const outside = c.outsideCompleters ?? 0;
  return { doctors: k.doctors, certified: k.certified + outside, eligible: k.eligible, outside };
}

function readinessOf(
  c: ClinicIn,
  exclusion: Exclusion | null,
  reported: boolean,
  k: ClinicCounts,
): Readiness {
  if (exclusion !== null) return 'out-of-scope';
  if (reported) return 'reported';
  if (c.gmisAccount && c.gmisPermission !== false && k.certified >= 1) return 'ready';
  return 'action-needed';
}

/** A clinic without reasons: one shared (frozen) empty list. */
const NO_REASONS = Object.freeze([]) as unknown as Reason[];
/** Reason lists by bit set (bit i = REASONS[i]), shared (frozen): at most 32 lists, not one per clinic. */
const REASON_LISTS = new Map<number, Reason[]>();

/** The reasons in the order of REASONS (the order they are checked in). */
function reasonsOf(c: ClinicIn, k: ClinicCounts): Reason[] {
  let bits = 0;
  if (!c.gmisAccount) bits |= 1 << REASONS.indexOf('no-gmis-account');
  if (c.gmisAccount && c.gmisPermission === false) bits |= 1 << REASONS.indexOf('no-gmis-permission');
  if (k.doctors === 0 && k.outside === 0) bits |= 1 << REASONS.indexOf('no-linked-doctor');
  else if (k.certified === 0 && k.eligible === 0) bits |= 1 << REASONS.indexOf('no-completer');
  if (k.certified === 0 && k.eligible >= 1) bits |= 1 << REASONS.indexOf('eligible-not-applied');
  let list = REASON_LISTS.get(bits);
  if (list === undefined) {
    list = Object.freeze(REASONS.filter((_, i) => (bits & (1 << i)) !== 0)) as Reason[];
    REASON_LISTS.set(bits, list);
  }
  return list;
}

/** §3.5 lead time: a new account, else the permission when it is known to be missing. */
function leadDays(c: ClinicIn, p: Profile): number {
  if (!c.gmisAccount) return p.gmisNewAccountDays;
  if (c.gmisPermission === false) return p.permissionAddDays;
  return 0;
}

function clinicIssue(
  code: 'report-date-future' | 'report-date-missing' | 'report-previous-year',
  c: ClinicIn,
  value: string | null,
  params?: IssueDraft['params'],
): IssueDraft {
  const severity = code === 'report-date-future' ? 'warning' : 'info';
  return { code, severity, role: 'clinics', row: c.row, field: 'reportDate', value, params };
}

/**
 * §3.4 step 2 (rev 2): whether the clinic's 報告状況 says "reported" for this year's report, and the
 * 報告日 as used. A 報告日 after as-of is report-date-future and treated as blank (an unreadable one
 * was treated as blank by the reader, with report-date-invalid). For an in-scope clinic whose
 * status says reported: a 報告日 before 1 January of the report year Y is last year's report (not
 * reported; info report-previous-year); a blank one counts as reported (info report-date-missing).
 * Without a 報告日 column (reportDate undefined) the status alone decides.
 */
function reportState(c: ClinicIn, inScope: boolean, ctx: Context): { reported: boolean; date: Day | null } {
  let date = c.reportDate ?? null;
  if (date !== null && date > ctx.input.asOf) {
    ctx.issues.push(
      clinicIssue('report-date-future', c, slashFromDay(date), { asOf: slashFromDay(ctx.input.asOf) }),
    );
    date = null;
  }
  if (!c.reported || !inScope || c.reportDate === undefined) return { reported: c.reported, date };
  if (date === null) {
    ctx.issues.push(clinicIssue('report-date-missing', c, null));
    return { reported: true, date };
  }
  if (date < ctx.yearStart) {
    const text = slashFromDay(date);
    ctx.issues.push(clinicIssue('report-previous-year', c, text, { date: text, year: ctx.reportYear }));
    return { reported: false, date };
  }
  return { reported: true, date };
}

function evaluateClinic(c: ClinicIn, link: LinkCounts, ctx: Context, district: District): ClinicResult {
  const { profile: p, asOf } = ctx.input;
  if (typeConflicts(c)) {
    ctx.issues.push({
      code: 'clinic-type-conflict',
      severity: 'warning',
      role: 'clinics',
      row: c.row,
      field: 'type',
      value: c.type, // the ClinicType code; src/sheets/outcome.ts writes its label
      params: { code: c.code },
    });
  }
  const k = clinicCounts(c, link);
  const exclusion = exclusionOf(c);
  const report = reportState(c, exclusion === null, ctx);
  const readiness = readinessOf(c, exclusion, report.reported, k);
  const lead = leadDays(c, p);
  return {
    inScope: exclusion === null,
    exclusion,
    doctors: k.doctors,
    certified: k.certified,
    outsideCompleters: k.outside,
    eligible: k.eligible,
    reportDate: report.date,
    hasCompleter: k.certified >= 1,
    readiness,
    reasons: readiness === 'action-needed' ? reasonsOf(c, k) : NO_REASONS,
    daysLeft: ctx.windowEnd - asOf,
    atRisk: readiness === 'action-needed' && lead > 0 && asOf + lead > ctx.windowEnd,
    district,
  };
}

/** Linked doctors per clinic (primary + 所属, each doctor once per clinic) with their statuses. */
function* linkCounts(
  clinicCount: number,
  links: DoctorLinks,
  statuses: readonly Status[],
): Steps<{ doctors: Int32Array; certified: Int32Array; eligible: Int32Array }> {
  const counts = {
    doctors: new Int32Array(clinicCount),
    certified: new Int32Array(clinicCount),
    eligible: new Int32Array(clinicCount),
  };
  const add = (d: number, c: number): void => {
    counts.doctors[c]++;
    if (statuses[d] === 'certified') counts.certified[c]++;
    else if (statuses[d] === 'eligible') counts.eligible[c]++;
  };
  for (let d = 0; d < links.primary.length; d++) {
    if ((d & SLICE_MASK) === SLICE_MASK) yield;
    if (links.primary[d] >= 0) add(d, links.primary[d]);
  }
  for (let k = 0; k < links.links.length; k += 2) {
    if ((k & SLICE_MASK) === SLICE_MASK - 1) yield;
    add(links.links[k], links.links[k + 1]);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Districts (§3.6)
// ---------------------------------------------------------------------------------------------

function isBlank(s: string | null): s is null {
  return s === null || s.trim() === '';
}

/**
 * District indices of doctors and clinics. A doctor's raw district is its own, else its primary
 * clinic's (when that clinic is in input.clinics), else unset. Displays are the first text met,
 * doctors first in input order, then clinics in input order.
 */
function* assignDistricts(
  input: EngineInput,
  primary: Int32Array,
  registry: DistrictRegistry,
): Steps<{ doctors: number[]; clinics: number[] }> {
  const clinics = input.clinics ?? [];
  const doctors = new Array<number>(input.doctors.length);
  // The index a clinic's district got when a doctor first inherited it (-1: not yet): the same
  // registry.add, once per clinic instead of once per doctor.
  const inheritedIndex = new Int32Array(clinics.length).fill(-1);
  for (let i = 0; i < input.doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const d = input.doctors[i];
    if (!isBlank(d.district)) {
      doctors[i] = registry.add(d.district);
      continue;
    }
    const c = primary[i]; // the index of d.clinicCode in input.clinics, or -1
    if (c < 0) {
      doctors[i] = registry.add(null);
      continue;
    }
    if (inheritedIndex[c] < 0) {
      const inherited = clinics[c].district;
      inheritedIndex[c] = registry.add(isBlank(inherited) ? null : inherited);
    }
    doctors[i] = inheritedIndex[c];
  }
  const clinicDistricts = new Array<number>(clinics.length);
  for (let i = 0; i < clinics.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const c = clinics[i];
    clinicDistricts[i] = registry.add(isBlank(c.district) ? null : c.district);
  }
  return { doctors, clinics: clinicDistricts };
}

function* summarizeDistricts(
  registry: DistrictRegistry,
  doctorDistricts: readonly number[],
  doctors: readonly DoctorResult[],
  clinicDistricts: readonly number[],
  clinics: readonly ClinicResult[],
): Steps<DistrictSummary[]> {
  const rows = registry.displays.map((display) => emptySummary(display));
  for (let i = 0; i < doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const s = rows[doctorDistricts[i]];
    s.doctors++;
    const status = doctors[i].status;
    if (status === 'certified') s.certified++;
    else if (status === 'eligible') s.eligible++;
    else if (status === 'in-progress') s.inProgress++;
    else s.noRecords++;
  }
  for (let i = 0; i < clinics.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const s = rows[clinicDistricts[i]];
    const c = clinics[i];
    if (!c.inScope) {
      s.clinicsOutOfScope++;
      continue;
    }
    s.clinicsInScope++;
    if (c.certified >= 1) s.clinicsWithCompleter++;
    if (c.readiness === 'ready') s.clinicsReady++;
    else if (c.readiness === 'reported') s.clinicsReported++;
    else if (c.readiness === 'action-needed') s.clinicsActionNeeded++;
  }
  return registry.order().map((i) => applyRates(rows[i]));
}

// ---------------------------------------------------------------------------------------------
// Changes since the previous run (§5.3)
// ---------------------------------------------------------------------------------------------

function* changesOf(
  input: EngineInput,
  doctors: DoctorResult[],
  clinics: ClinicResult[],
): Steps<Changes | null> {
  const prev = input.previous;
  if (prev === null) return null;
  const changes: Changes = { newlyCertified: 0, newlyEligible: 0, newlyReady: 0 };
  for (let i = 0; i < doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const before = prev.doctorStatus.get(input.doctors[i].id);
    if (before === undefined) continue; // no previous value: not "new"
    const now = doctors[i].status;
    if (now === 'certified' && before !== 'certified') changes.newlyCertified++;
    if (now === 'eligible' && before !== 'eligible') changes.newlyEligible++;
  }
  const inClinics = input.clinics ?? [];
  for (let i = 0; i < clinics.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const before = prev.clinicReadiness.get(inClinics[i].code);
    if (before !== undefined && clinics[i].readiness === 'ready' && before !== 'ready') changes.newlyReady++;
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

interface Context {
  input: EngineInput;
  windowEnd: Day;
  /** The report year Y (§3.5 rev 2) and its 1 January (§3.4 step 2). */
  reportYear: number;
  yearStart: Day;
  issues: IssueDraft[];
}

/** Evaluates the rules of SPEC §3 on the used rows of the input sheets. */
export function evaluate(input: EngineInput): EngineResult {
  return runSteps(evaluateSteps(input));
}

/** evaluate as a computation that yields between row blocks (see steps.ts). */
export function* evaluateSteps(input: EngineInput): Steps<EngineResult> {
  const window = reportWindow(input.profile, input.asOf);
  const issues: IssueDraft[] = [];
  const ctx: Context = {
    input,
    windowEnd: window.end,
    reportYear: window.year,
    yearStart: dayFromYmd(window.year, 1, 1),
    issues,
  };
  const inClinics = input.clinics ?? [];

  const doctorIndex = indexDoctors(input.doctors);
  const clinicIndex = indexClinics(inClinics);
  yield;
  const tally = yield* tallyRecords(input, doctorIndex, issues);
  const links = yield* doctorLinks(input.doctors, input.affiliations, doctorIndex, clinicIndex, issues);
  const codes = links.codes;

  const registry = new DistrictRegistry();
  const districtOf = yield* assignDistricts(input, links.primary, registry);

  const doctors = new Array<DoctorResult>(input.doctors.length);
  const statuses = new Array<Status>(input.doctors.length);
  for (let i = 0; i < input.doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    doctors[i] = evaluateDoctor(
      input.doctors[i],
      i,
      tally,
      ctx,
      codes[i],
      registry.displays[districtOf.doctors[i]],
    );
    statuses[i] = doctors[i].status;
  }
  const counts = yield* linkCounts(inClinics.length, links, statuses);
  const clinics = new Array<ClinicResult>(inClinics.length);
  for (let i = 0; i < inClinics.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const link = { doctors: counts.doctors[i], certified: counts.certified[i], eligible: counts.eligible[i] };
    clinics[i] = evaluateClinic(inClinics[i], link, ctx, registry.displays[districtOf.clinics[i]]);
  }
  // §3.4 step 2 (rev 2): without a 報告日 column last year's 報告済 cannot be told from this year's.
  if (inClinics.some((c, i) => c.reportDate === undefined && c.reported && clinics[i].inScope)) {
    issues.push({
      code: 'report-date-column-missing',
      severity: 'info',
      role: 'clinics',
      row: null,
      field: 'reportStatus',
      value: null,
    });
  }
  if (inClinics.length > 0 && counts.doctors.every((k) => k === 0)) {
    issues.push({
      code: 'no-doctor-clinic-links',
      severity: 'info',
      role: 'clinics',
      row: null,
      field: null,
      value: null,
    });
  }

  const districts = yield* summarizeDistricts(
    registry,
    districtOf.doctors,
    doctors,
    districtOf.clinics,
    clinics,
  );
  return {
    asOf: input.asOf,
    reportWindowStart: window.start,
    reportWindowEnd: window.end,
    reportYear: window.year,
    doctors,
    records: tally.outcomes,
    clinics,
    districts,
    districtTotal: totalSummary(districts),
    changes: yield* changesOf(input, doctors, clinics),
    issues,
    countedRecords: tally.countedRecords,
  };
}
