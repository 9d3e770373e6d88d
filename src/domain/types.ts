/**
 * Types shared by the pure engine (src/domain) and the workbook contract (src/sheets).
 * Enumerations and field names here are the ones of SPEC §6.3 and must not change.
 */
import type { Day } from './day';
import type { Records } from './records';

export type Status = 'certified' | 'eligible' | 'in-progress' | 'no-records';
export type Readiness = 'out-of-scope' | 'reported' | 'ready' | 'action-needed';
export type Exclusion = 'special-function-hospital' | 'dental' | 'suspended';
export type Reason =
  'no-gmis-account' | 'no-gmis-permission' | 'no-linked-doctor' | 'no-completer' | 'eligible-not-applied';
export type Severity = 'error' | 'warning' | 'info';
export type ApplicationStatus = '未申請' | '申請中' | '差戻し' | '承認済' | '発行済';
export type RecordKind = 'zagaku' | 'jitchi';
export type Approval = 'approved' | 'pending' | 'rejected' | 'blank';
export type ClinicType = 'hospital' | 'clinic' | 'dental';

/** Input roles (logical sheets). */
export type SheetRole = 'doctors' | 'training' | 'clinics' | 'affiliations' | 'settings';

export const STATUSES: readonly Status[] = ['certified', 'eligible', 'in-progress', 'no-records'];
export const READINESSES: readonly Readiness[] = ['out-of-scope', 'reported', 'ready', 'action-needed'];
export const REASONS: readonly Reason[] = [
  'no-gmis-account',
  'no-gmis-permission',
  'no-linked-doctor',
  'no-completer',
  'eligible-not-applied',
];

/** Every issue code of SPEC Appendix A. */
export const ISSUE_CODES = [
  // fatal
  'sheet-missing',
  'column-missing',
  'file-not-xlsx',
  'file-encrypted-or-xls',
  'file-corrupt',
  'setting-invalid',
  'owned-column-blocked',
  'owned-sheet-name-taken',
  'sheet-protected',
  'workbook-protected',
  // fatal, rev 2: the files themselves
  'file-not-found',
  'output-not-writable',
  // rows
  'doctor-id-missing',
  'doctor-id-invalid',
  'doctor-id-duplicate',
  'doctor-name-missing',
  'certificate-date-invalid',
  'certificate-date-future',
  'certificate-date-missing',
  'application-status-unknown',
  'clinic-unknown',
  'record-doctor-unknown',
  'date-missing',
  'date-invalid',
  'date-era-out-of-range',
  'date-future',
  'date-before-count-from',
  'kind-missing',
  'kind-unknown',
  'units-missing',
  'units-not-number',
  'units-not-half-step',
  'jitchi-units-not-standard',
  'jitchi-approval-blank',
  'jitchi-not-approved',
  'duplicate-record',
  'clinic-code-missing',
  'clinic-code-invalid',
  'clinic-code-duplicate',
  'clinic-code-leading-zero-lost',
  'clinic-code-pharmacy',
  'clinic-code-check-digit',
  'clinic-code-leading-zero-restored',
  'clinic-name-missing',
  'clinic-type-conflict',
  'affiliation-duplicate',
  'flag-unrecognised',
  'formula-without-value',
  'cell-error-value',
  'column-duplicate',
  'owned-like-column-ignored',
  'gmis-account-column-missing',
  'input-duplicate-source',
  'setting-default-used',
  'no-doctor-clinic-links',
  'setting-unknown',
  // rev 2: this year's report and completers outside the roster (医療機関)
  'report-previous-year',
  'report-date-missing',
  'report-date-future',
  'report-date-invalid',
  'report-date-column-missing',
  'outside-completers-invalid',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** Parameters substituted into an issue's message and fix templates ({name} placeholders). */
export type IssueParams = Record<string, string | number>;

/**
 * An issue before it is placed: the engine and the readers name the role, the row and the field;
 * src/sheets/issues.ts turns it into a full Issue (sheet name, column header, A1 cell, texts).
 */
export interface IssueDraft {
  code: IssueCode;
  severity: Severity;
  role: SheetRole;
  /** 1-based sheet row; null for a sheet-level issue. */
  row: number | null;
  /** Field name of the contract (e.g. 'units'); null when the issue concerns no one column. */
  field: string | null;
  /**
   * The value found, as text; null when none. For clinic-type-conflict the engine gives the
   * ClinicType code and src/sheets/outcome.ts puts it in words (病院, 診療所, 歯科診療所).
   */
  value: string | null;
  params?: IssueParams;
  /** Explicit 1-based column (sheet-level issues about a header that is not a matched field). */
  col?: number;
}

/** The full issue of the result JSON (SPEC §6.3). */
export interface Issue {
  severity: Severity;
  code: IssueCode;
  sheet: string;
  row: number | null;
  column: string | null;
  cell: string;
  field: string | null;
  value: string | null;
  message: string;
  fix: string;
}

/** The rule profile (SPEC §3.7). Dates are Days; null = blank setting. */
export interface Profile {
  id: 'jma-2025';
  customized: boolean;
  totalUnits: number;
  unitsPerJitchi: number;
  zagakuStep: number;
  minZagakuUnits: number;
  minJitchiActivities: number;
  certificateValidityYears: number | null;
  /** 集計開始日: limits 座学 only (§3.1 rev 2). */
  countFrom: Day | null;
  /** 実地の集計開始日 (§3.1 rev 2). */
  jitchiCountFrom: Day | null;
  /** 基準日 from 設定 (null = today). */
  asOfSetting: Day | null;
  /** 報告期間開始 / 報告期間終了 as set (null = derived, §3.5). */
  reportWindowStart: Day | null;
  reportWindowEnd: Day | null;
  gmisNewAccountDays: number;
  permissionAddDays: number;
  nearZagakuThreshold: number;
  minPublishCount: number;
}

/** A used row of 医師. */
export interface DoctorIn {
  row: number;
  id: string;
  name: string | null;
  kana: string | null;
  /** Primary clinic (already validated against 医療機関 when that sheet exists; unknown = null). */
  clinicCode: string | null;
  district: string | null;
  memberClass: string | null;
  certificateDate: Day | null;
  certificateNo: string | null;
  applicationStatus: ApplicationStatus | null;
}

/** A used row of 研修記録. */
export interface RecordIn {
  row: number;
  doctorId: string;
  date: Day;
  kind: RecordKind;
  /** Normalised title key ('' when blank). */
  titleKey: string;
  /** 座学: units (> 0, multiple of the step). 実地: the recorded value or null (not counted). */
  units: number | null;
  /** 実地 approval ('approved' when the column is absent). 座学: 'approved'. */
  approval: Approval;
}

/** A used row of 医療機関. */
export interface ClinicIn {
  row: number;
  code: string;
  name: string | null;
  type: ClinicType | null;
  specialFunction: boolean;
  suspended: boolean;
  district: string | null;
  gmisAccount: boolean;
  /** null when the permission column is absent. */
  gmisPermission: boolean | null;
  /** 報告状況 says "reported" (§2.3); whether it is this year's report is decided by the engine. */
  reported: boolean;
  /**
   * 報告日 (§2.3 rev 2): a valid date, or null when blank or unreadable (treated as blank).
   * Undefined when the sheet has no 報告日 column.
   */
  reportDate?: Day | null;
  /** 名簿外の修了者 (§2.3 rev 2): completers not on 医師; 0 when blank or invalid (default 0). */
  outsideCompleters?: number;
}

/** A used row of 所属. */
export interface AffiliationIn {
  row: number;
  doctorId: string;
  clinicCode: string;
}

/** 判定_状態 / 判定_準備状況 values read before writing, keyed by doctor id / clinic code (§5.3). */
export interface PreviousState {
  doctorStatus: Map<string, Status>;
  clinicReadiness: Map<string, Readiness>;
}

export interface EngineInput {
  profile: Profile;
  asOf: Day;
  doctors: DoctorIn[];
  /**
   * The used rows of 研修記録: columns (the reader, src/domain/records.ts) or a RecordIn list
   * (inputs built by hand); the engine reads both alike.
   */
  records: Records;
  /** null when there is no 医療機関 sheet (no clinic readiness). */
  clinics: ClinicIn[] | null;
  affiliations: AffiliationIn[];
  /** null on the first run (no owned status cells existed). */
  previous: PreviousState | null;
}

export interface Missing {
  jitchiActivities: number;
  zagakuUnits: number;
}

/**
 * What a doctor does next (判定_次の対応, SPEC Appendix B). The numbers it speaks of are the
 * result's own: `missing` and `jitchiPending` for 'train', `certificateExpired` for the prefix of an
 * expired certificate. src/sheets/outcome.ts puts it in words.
 * - 'none': certified, nothing to do;
 * - 'apply': eligible, not applied yet (apply at MAMIS);
 * - 'await': eligible, 申請中 or 承認済 (wait for approval and issue);
 * - 'reapply': eligible, 差戻し (correct the application and apply again);
 * - 'train': in progress or no records (the missing 実地 and 座学).
 */
export type NextStep = 'none' | 'apply' | 'await' | 'reapply' | 'train';

/** The district of a doctor or clinic without one (§3.6); src/sheets writes 「（地区未設定）」. */
export const NO_DISTRICT: unique symbol = Symbol('no district');
/** The district of the total row of the district summary (§3.6); src/sheets writes 「合計」. */
export const ALL_DISTRICTS: unique symbol = Symbol('all districts');

/** A district: the display text of §3.6 (the first spelling met), or NO_DISTRICT. */
export type District = string | typeof NO_DISTRICT;

export interface DoctorResult {
  status: Status;
  zagakuUnits: number;
  jitchiActivities: number;
  jitchiPending: number;
  totalUnits: number;
  missing: Missing;
  /** The district (§3.6). */
  district: District;
  clinicCodes: string[];
  /** Expiry day of an expired certificate, else null. */
  certificateExpired: Day | null;
  /** What to do next (判定_次の対応). */
  nextStep: NextStep;
}

export interface ClinicResult {
  inScope: boolean;
  exclusion: Exclusion | null;
  doctors: number;
  /** Linked certified doctors + outsideCompleters (§3.4 rev 2). */
  certified: number;
  outsideCompleters: number;
  eligible: number;
  /** The 報告日 as used (null when blank, absent or treated as blank). */
  reportDate: Day | null;
  /** certified ≥ 1: the G-MIS answer 有 (true) or 無 (false) of §3.4 (`completerAnswer`). */
  hasCompleter: boolean;
  readiness: Readiness;
  reasons: Reason[];
  daysLeft: number;
  atRisk: boolean;
  district: District;
}

export interface DistrictSummary {
  /** The district of the row, or ALL_DISTRICTS on the total row. */
  district: District | typeof ALL_DISTRICTS;
  clinicsInScope: number;
  clinicsOutOfScope: number;
  clinicsWithCompleter: number;
  clinicsWithCompleterRate: number | null;
  clinicsReady: number;
  clinicsReported: number;
  clinicsActionNeeded: number;
  doctors: number;
  certified: number;
  eligible: number;
  inProgress: number;
  noRecords: number;
  completionRate: number | null;
}

export interface Changes {
  newlyCertified: number;
  newlyEligible: number;
  newlyReady: number;
}

/** What happened to each used training record (parallel to EngineInput.records). */
export interface RecordOutcome {
  counted: boolean;
}

export interface EngineResult {
  asOf: Day;
  reportWindowStart: Day;
  reportWindowEnd: Day;
  /** The report year Y of §3.5 (rev 2). */
  reportYear: number;
  doctors: DoctorResult[];
  records: RecordOutcome[];
  clinics: ClinicResult[];
  districts: DistrictSummary[];
  districtTotal: DistrictSummary;
  changes: Changes | null;
  /** Issues raised by the rules (date-future, duplicate-record, certificate-*, …). */
  issues: IssueDraft[];
  /** Number of used records that added to Z or J. */
  countedRecords: number;
}
