/**
 * The deterministic sample-roster generator behind `kakari-roster sample` and the W1/W2/W3
 * benchmark workloads (SPEC §6.2, §7).
 *
 * It builds the four input sheets of SPEC §2 (医師, 研修記録, 医療機関, 所属; no 設定: the run
 * creates it) from real clinic lists and synthetic doctors and training records. Every doctor is
 * first given a target status at the as-of date (default rules of profile jma-2025) and then the
 * records that produce it, so the population has a known mix (see STATUS_TARGETS). With
 * `decorate` (the default) the data also carries the messiness of hand-kept Japanese rosters
 * (和暦 and full-width dates, units written as text, codes with hyphens) and a few deliberate input
 * errors; every decoration and error is chosen so that it does not change any doctor's status.
 *
 * Same options (seed included) ⇒ identical cells. Large workloads are built with typed arrays and
 * shared cell values (one Date object per calendar day, interned strings) so that 1,000,000
 * records take a few seconds.
 */
import { dayFromIso, dayFromYmd, daysInMonth, ymdFromDay, type Day } from '../domain/day';
import {
  cityOfAddress,
  loadKokuraClinics,
  loadNationalClinics,
  PREFECTURES,
  syntheticClinicCode,
  type ClinicRecord,
} from './clinics';
import {
  CLINIC_SUFFIXES,
  DENTAL_SUFFIXES,
  GIVEN_NAMES,
  JITCHI_TITLES,
  PHARMACY_SUFFIXES,
  SURNAMES,
  ZAGAKU_PREFIXES,
  ZAGAKU_TOPICS,
} from './names';
import { Rng } from './rng';

// ---------------------------------------------------------------------------------------------
// Public types and constants

export type SampleCell = string | number | boolean | Date | null;

export interface SampleSheet {
  name: string;
  header: string[];
  /** Data rows (without the header), each as long as the header. */
  rows: SampleCell[][];
  /** 0-based indexes of columns stored as text (codes and IDs). */
  textColumns: number[];
  /** 0-based indexes of date columns (Date values get a date number format). */
  dateColumns: number[];
}

export interface RosterData {
  sheets: SampleSheet[];
}

export interface GenerateOptions {
  /** Number of doctors (rows of 医師 before deliberate duplicates). */
  doctors: number;
  seed: number;
  /** Real clinic list: 小倉 (default) or the national list. */
  clinics?: 'kokura' | 'national';
  /** Number of clinics (default: 0.4 per doctor, e.g. 400 for 1,000 doctors). */
  clinicCount?: number;
  /** Average training records per doctor (default 12; fractions allowed). */
  recordsPerDoctor?: number;
  /** As-of date, YYYY-MM-DD (default 2026-01-31). Record dates run from 2025-04-01 to it. */
  asOf?: string;
  /** Realistic messiness and deliberate input errors (default true); false for clean bulk data. */
  decorate?: boolean;
  /**
   * National list only: restrict the real clinics to one prefecture (2-digit code, e.g. '40');
   * districts are then its 市区郡 instead of prefecture names (a prefecture-scale roster).
   */
  prefecture?: string;
}

export const SHEET_NAMES = {
  doctors: '医師',
  training: '研修記録',
  clinics: '医療機関',
  affiliations: '所属',
} as const;

/** Headers: the first alias of each field of SPEC §2. */
// prettier-ignore
export const HEADERS = {
  doctors: ['会員番号', '氏名', 'フリガナ', '医療機関コード', '地区', '会員区分', '修了証発行日', '修了証番号', '申請状況'],
  training: ['会員番号', '受講日', '区分', '研修名', '単位', '承認', '主催'],
  clinics: [
    '医療機関コード',
    '名称',
    '種別',
    '特定機能病院',
    '休院',
    '地区',
    'G-MIS',
    'かかりつけ報告権限',
    '報告状況',
    '報告日',
    '名簿外の修了者',
  ],
  affiliations: ['会員番号', '医療機関コード'],
} as const;

/** Intended share of each status at the as-of date under the default rules (SPEC §3.2). */
export const STATUS_TARGETS = {
  certified: 0.15,
  eligible: 0.2,
  'in-progress': 0.45,
  'no-records': 0.2,
} as const;

/** Kinds of realistic messiness added when `decorate` is true. */
export const DECORATION_KINDS = [
  'date-wareki', // 令和7年12月1日 (text)
  'date-wareki-abbrev', // R7.11.3 (text)
  'date-fullwidth', // ２０２５／１０／５ (text)
  'date-yyyymmdd', // 20251005 (number)
  'units-fullwidth', // １．５ (text)
  'units-suffix', // 2単位 (text)
  'code-fullwidth', // ４０１７７１６４３４ on 医師 / 所属
  'code-hyphen', // 40-1771643-4 on 医師 / 所属
  'certificate-date-wareki', // 修了証発行日 as 令和 text
  'gmis-id', // G-MIS column holding an account ID instead of ○
] as const;
export type DecorationKind = (typeof DECORATION_KINDS)[number];

/** Deliberate input errors added when `decorate` is true, named after the issue each one raises. */
export const ERROR_KINDS = [
  'units-not-half-step', // 座学 with 1.25 units
  'kind-unknown', // 区分 e-ラーニング
  'record-doctor-unknown', // 会員番号 not on 医師
  'duplicate-record', // a repeated record
  'date-invalid', // 2025/02/30
  'date-future', // after the as-of date
  'clinic-code-pharmacy', // a pharmacy (3rd digit 4) on 医療機関
  'doctor-name-missing', // a doctor with a blank name
  'doctor-id-duplicate', // a repeated 会員番号 on 医師
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Share of the records (per kind) and of the doctors / clinics given each decoration or error. */
const RATES = {
  dateWareki: 0.01,
  dateWarekiAbbrev: 0.01,
  dateFullwidth: 0.005,
  dateYyyymmdd: 0.005,
  unitsFullwidth: 0.005,
  unitsSuffix: 0.005,
  codeFullwidth: 0.01,
  codeHyphen: 0.01,
  certificateWareki: 0.05,
  gmisId: 0.1,
  /** All record-level errors together: 0.5 % of the records, split over six kinds. */
  recordErrors: 0.005,
  blankName: 0.002,
  duplicateId: 0.001,
  pharmacy: 0.0025,
};

const DEFAULT_AS_OF = '2026-01-31';
const TRAINING_START = dayFromYmd(2025, 4, 1);
/** First 報告日 of the sample's reported clinics (the 2026 round). */
const REPORT_DAY = dayFromYmd(2026, 1, 5);

// ---------------------------------------------------------------------------------------------
// Internal codes

// Planned statuses (with the in-progress subtypes).
const P_CERTIFIED = 0;
const P_ELIGIBLE = 1;
const P_MISSING_JITCHI = 2; // J = 0, Z ≥ 5: only 実地 missing
const P_NEAR_ZAGAKU = 3; // J = 1, Z 3–4.5: missing ≤ 2 座学 units
const P_FAR = 4; // further away
const P_NONE = 5; // no counted record
const PROFILE_SHARES = [0.15, 0.2, 0.18, 0.12, 0.15, 0.2];

// Record kinds (index into KIND_TEXT).
const K_ZAGAKU = 0;
const K_JITCHI = 1;
const KIND_TEXT = ['座学', '実地', 'e-ラーニング', 'オンライン研修'];
// Approval (index into APPROVAL_TEXT).
const A_NONE = 0;
const A_APPROVED = 1;
const A_PENDING = 2;
const A_REJECTED = 3;
const APPROVAL_TEXT: SampleCell[] = [null, '承認', '申請中', '却下'];
// Record flags.
const F_NORMAL = 0;
const F_UNITS = 1;
const F_KIND = 2;
const F_UNKNOWN_DOCTOR = 3;
const F_DUPLICATE = 4;
const F_DATE_INVALID = 5;
const F_FUTURE = 6;
// Date / units decorations.
const D_WAREKI = 1;
const D_WAREKI_ABBREV = 2;
const D_FULLWIDTH = 3;
const D_YYYYMMDD = 4;
const U_FULLWIDTH = 1;
const U_SUFFIX = 2;

const UNIT_CHOICES = [0.5, 1, 1.5, 2, 2.5, 3];
const UNIT_WEIGHTS = [0.15, 0.35, 0.2, 0.2, 0.05, 0.05];
const JITCHI_UNITS = 5;

const TITLES: string[] = [];
for (const topic of ZAGAKU_TOPICS) for (const prefix of ZAGAKU_PREFIXES) TITLES.push(prefix + topic);
const ZAGAKU_TITLE_COUNT = TITLES.length;
const JITCHI_TITLE_BASE = TITLES.length;
TITLES.push(...JITCHI_TITLES);

const MEMBER_CLASSES = ['A1', 'A2B', 'A2C', 'B', 'C', '非会員'];
const MEMBER_WEIGHTS_CLINIC = [0.62, 0.04, 0.02, 0.22, 0.08, 0.02];
const MEMBER_WEIGHTS_HOSPITAL = [0.08, 0.12, 0.06, 0.62, 0.1, 0.02];

// ---------------------------------------------------------------------------------------------
// Small text helpers

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Between family and given name, as rosters write it (full-width space). */
const NAME_SPACE = '\u3000';

/** ASCII digits, '.', '/', '-' → their full-width forms. */
function toFullWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x21 && c <= 0x7e ? String.fromCharCode(c + 0xfee0) : s[i];
  }
  return out;
}

/** 令和 year (the sample's dates are all after 2019-05-01). */
const reiwa = (y: number): number => y - 2018;

/** Largest-remainder split of n into parts with the given shares. */
function apportion(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (n * s) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length][1]]++;
  return counts;
}

/** A count for a rate that is at least 1 whenever there is anything to apply it to. */
const atLeastOne = (n: number, rate: number): number => (n <= 0 ? 0 : Math.max(1, Math.round(n * rate)));

/** Interns strings to small integer ids (sponsors). */
class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

// ---------------------------------------------------------------------------------------------
// Clinics

interface ClinicPlan {
  code: string;
  name: string;
  type: 'hospital' | 'clinic' | 'dental' | 'pharmacy';
  district: string;
  /** Prefecture name (for sponsors). */
  prefName: string;
  special: boolean;
  suspended: boolean;
  gmis: SampleCell;
  permission: SampleCell;
  reported: SampleCell;
  /** Relative chance of a doctor working here. */
  weight: number;
}

function syntheticClinicName(rng: Rng, suffixes: readonly string[]): string {
  const surname = rng.pick(SURNAMES)[0];
  const base = `${surname}${rng.pick(suffixes)}`;
  return rng.chance(0.2) ? `医療法人 ${rng.pick(SURNAMES)[0]}会 ${base}` : base;
}

function buildClinics(
  rng: Rng,
  source: 'kokura' | 'national',
  count: number,
  prefecture: string | undefined,
): ClinicPlan[] {
  let list: ClinicRecord[];
  let districtOf: (c: ClinicRecord) => string;
  if (source === 'kokura') {
    list = loadKokuraClinics();
    districtOf = (c) => c.district;
  } else {
    list = loadNationalClinics();
    if (prefecture !== undefined) {
      list = list.filter((c) => c.code.startsWith(prefecture));
      if (list.length === 0)
        throw new RangeError(`no clinics of prefecture ${prefecture} in the national list`);
      districtOf = (c) => cityOfAddress(c.address, prefecture);
    } else {
      districtOf = (c) => c.district;
    }
  }

  // Real clinics first (all of them when the count allows), then a few dental clinics, then
  // synthetic 医科 clinics for the rest.
  const dentalWanted = count >= 3 ? Math.max(1, Math.round(count * 0.01)) : 0;
  const realCount = Math.min(list.length, count - (dentalWanted > 0 ? 1 : 0));
  const dentalCount = Math.min(dentalWanted, count - realCount);
  const syntheticCount = count - dentalCount - realCount;
  const plans: ClinicPlan[] = [];
  const base = (code: string, name: string, type: ClinicPlan['type'], district: string): ClinicPlan => ({
    code,
    name,
    type,
    district,
    prefName: PREFECTURES[code.slice(0, 2)] ?? '',
    special: false,
    suspended: false,
    gmis: null,
    permission: null,
    reported: null,
    weight: 0,
  });

  const chosen = rng.sample(list.length, realCount);
  for (const i of chosen) {
    const c = list[i];
    plans.push(base(c.code, c.name, c.name.includes('病院') ? 'hospital' : 'clinic', districtOf(c)));
  }

  // Synthetic clinics take the prefecture and district of a random real one (小倉: its wards).
  const taken = new Set<string>();
  for (const c of list) taken.add(c.code);
  const kokuraGun = ['77', '79'];
  const where = (): { pref: string; district: string; gun?: string } => {
    const model = list[rng.int(0, list.length - 1)];
    const gun =
      source === 'kokura' && syntheticCount + dentalCount < 10_000 ? rng.pick(kokuraGun) : undefined;
    return { pref: model.code.slice(0, 2), district: districtOf(model), gun };
  };
  for (let i = 0; i < syntheticCount; i++) {
    const w = where();
    const code = syntheticClinicCode(rng, w.pref, 1, { gunshiku: w.gun, taken });
    plans.push(base(code, syntheticClinicName(rng, CLINIC_SUFFIXES), 'clinic', w.district));
  }
  for (let i = 0; i < dentalCount; i++) {
    const w = where();
    const code = syntheticClinicCode(rng, w.pref, 3, { gunshiku: w.gun, taken });
    plans.push(base(code, syntheticClinicName(rng, DENTAL_SUFFIXES), 'dental', w.district));
  }
  plans.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  // 特定機能病院 (1–2 in a city, about 90 nationally) and 休院 (a couple per 400).
  const hospitals = plans.filter((p) => p.type === 'hospital');
  const specialCount = Math.min(hospitals.length, count >= 300 ? Math.max(2, Math.round(count / 1100)) : 1);
  for (const i of rng.sample(hospitals.length, specialCount)) hospitals[i].special = true;
  const ordinary = plans.filter((p) => p.type === 'clinic');
  const suspendedCount = Math.min(ordinary.length, count >= 3 ? Math.max(1, Math.round(count * 0.005)) : 0);
  for (const i of rng.sample(ordinary.length, suspendedCount)) ordinary[i].suspended = true;

  for (const p of plans) {
    const hasAccount = p.type === 'dental' ? rng.chance(0.3) : rng.chance(0.9);
    if (hasAccount) {
      p.gmis = '○';
      const permitted = rng.chance(0.85);
      p.permission = permitted ? '○' : '×';
      if (permitted && p.type !== 'dental' && !p.special && !p.suspended && rng.chance(0.15))
        p.reported = '報告済';
    }
    const spread = 0.5 + rng.next();
    if (p.type === 'hospital') p.weight = (p.special ? 25 : 6) * spread;
    else if (p.type === 'clinic') p.weight = (p.suspended ? 0.2 : 1) * spread;
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Training records (columnar, so that a million rows stay cheap)

class RecordBuffer {
  n = 0;
  doc: Int32Array;
  day: Int32Array;
  kind: Uint8Array;
  title: Uint16Array;
  units: Float64Array;
  approval: Uint8Array;
  sponsor: Uint16Array;
  flag: Uint8Array;
  dateDeco: Uint8Array;
  unitsDeco: Uint8Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.doc = new Int32Array(c);
    this.day = new Int32Array(c);
    this.kind = new Uint8Array(c);
    this.title = new Uint16Array(c);
    this.units = new Float64Array(c);
    this.approval = new Uint8Array(c);
    this.sponsor = new Uint16Array(c);
    this.flag = new Uint8Array(c);
    this.dateDeco = new Uint8Array(c);
    this.unitsDeco = new Uint8Array(c);
  }

  private grow(): void {
    const c = this.doc.length * 2;
    const g = <T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.doc = g(this.doc, (n) => new Int32Array(n));
    this.day = g(this.day, (n) => new Int32Array(n));
    this.kind = g(this.kind, (n) => new Uint8Array(n));
    this.title = g(this.title, (n) => new Uint16Array(n));
    this.units = g(this.units, (n) => new Float64Array(n));
    this.approval = g(this.approval, (n) => new Uint8Array(n));
    this.sponsor = g(this.sponsor, (n) => new Uint16Array(n));
    this.flag = g(this.flag, (n) => new Uint8Array(n));
    this.dateDeco = g(this.dateDeco, (n) => new Uint8Array(n));
    this.unitsDeco = g(this.unitsDeco, (n) => new Uint8Array(n));
  }

  /** Appends a record; units NaN = blank cell. Returns its index. */
  push(
    doc: number,
    day: Day,
    kind: number,
    title: number,
    units: number,
    approval: number,
    sponsor: number,
    flag = F_NORMAL,
  ): number {
    if (this.n === this.doc.length) this.grow();
    const i = this.n++;
    this.doc[i] = doc;
    this.day[i] = day;
    this.kind[i] = kind;
    this.title[i] = title;
    this.units[i] = units;
    this.approval[i] = approval;
    this.sponsor[i] = sponsor;
    this.flag[i] = flag;
    return i;
  }

  copy(from: number, flag: number): number {
    return this.push(
      this.doc[from],
      this.day[from],
      this.kind[from],
      this.title[from],
      this.units[from],
      this.approval[from],
      this.sponsor[from],
      flag,
    );
  }
}

/** Per-doctor record writer that keeps (date, title) unique, so no record is an accidental duplicate. */
class DoctorRecords {
  private readonly keys = new Set<number>();
  doctor = 0;
  localSponsor = 0;
  zagakuSponsors: number[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly buf: RecordBuffer,
  ) {}

  begin(
    doctor: number,
    localSponsor: number,
    zagakuSponsors: number[],
    existingFrom = 0,
    existingTo = 0,
  ): void {
    this.doctor = doctor;
    this.localSponsor = localSponsor;
    this.zagakuSponsors = zagakuSponsors;
    this.keys.clear();
    for (let i = existingFrom; i < existingTo; i++)
      this.keys.add(this.buf.day[i] * 65536 + this.buf.title[i]);
  }

  private add(
    kind: number,
    titleBase: number,
    titleCount: number,
    units: number,
    approval: number,
    lo: Day,
    hi: Day,
  ): Day {
    const { rng } = this;
    let day = lo;
    let title = titleBase;
    for (let attempt = 0; attempt < 64; attempt++) {
      day = rng.int(lo, hi);
      title = titleBase + rng.int(0, titleCount - 1);
      if (!this.keys.has(day * 65536 + title)) break;
    }
    this.keys.add(day * 65536 + title);
    const sponsor = kind === K_ZAGAKU ? rng.pick(this.zagakuSponsors) : this.localSponsor;
    this.buf.push(this.doctor, day, kind, title, units, approval, sponsor);
    return day;
  }

  /** 座学 records whose units add up to exactly `total` (a multiple of 0.5). */
  zagaku(total: number, lo: Day, hi: Day): void {
    for (let left = total; left > 0;) {
      const u = Math.min(left, this.randomUnits());
      this.zagakuRecord(u, lo, hi);
      left -= u;
    }
  }

  /** One 座学 record. Returns its day. */
  zagakuRecord(units: number, lo: Day, hi: Day): Day {
    return this.add(K_ZAGAKU, 0, ZAGAKU_TITLE_COUNT, units, A_NONE, lo, hi);
  }

  /** Units of one lecture: 0.5–3 in half steps, mostly 1–2. */
  randomUnits(): number {
    return UNIT_CHOICES[this.rng.weighted(UNIT_WEIGHTS)];
  }

  /** One 実地 activity; its 単位 cell is 5, or blank on some rows. Returns its day. */
  jitchi(approval: number, lo: Day, hi: Day): Day {
    const units = this.rng.chance(0.85) ? JITCHI_UNITS : NaN;
    return this.add(K_JITCHI, JITCHI_TITLE_BASE, JITCHI_TITLES.length, units, approval, lo, hi);
  }
}

/** Counting sort of record indexes by day (stable: equal days keep insertion order). */
function orderByDay(buf: RecordBuffer): Int32Array {
  const n = buf.n;
  const order = new Int32Array(n);
  if (n === 0) return order;
  let min = buf.day[0];
  let max = buf.day[0];
  for (let i = 1; i < n; i++) {
    const d = buf.day[i];
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const start = new Int32Array(max - min + 2);
  for (let i = 0; i < n; i++) start[buf.day[i] - min + 1]++;
  for (let k = 1; k < start.length; k++) start[k] += start[k - 1];
  for (let i = 0; i < n; i++) order[start[buf.day[i] - min]++] = i;
  return order;
}

// ---------------------------------------------------------------------------------------------
// The generator

export function generateRoster(opts: GenerateOptions): RosterData {
  const n = opts.doctors;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`doctors must be a non-negative integer: ${n}`);
  const source = opts.clinics ?? 'kokura';
  const clinicCount = opts.clinicCount ?? Math.max(1, Math.round(n * 0.4));
  if (!Number.isInteger(clinicCount) || clinicCount < 1)
    throw new RangeError(`clinicCount must be ≥ 1: ${clinicCount}`);
  const perDoctor = opts.recordsPerDoctor ?? 12;
  if (!(perDoctor >= 0)) throw new RangeError(`recordsPerDoctor must be ≥ 0: ${perDoctor}`);
  const asOf = dayFromIso(opts.asOf ?? DEFAULT_AS_OF);
  if (asOf === null) throw new RangeError(`asOf must be YYYY-MM-DD: ${opts.asOf}`);
  if (opts.prefecture !== undefined && !(opts.prefecture in PREFECTURES)) {
    throw new RangeError(`prefecture must be a 2-digit prefecture code: ${opts.prefecture}`);
  }
  const decorate = opts.decorate ?? true;

  const root = new Rng(opts.seed);
  const rngClinics = root.fork('clinics');
  const rng = root.fork('doctors');
  const rngDeco = root.fork('decorations');

  // Record dates run from 2025-04-01 (start of the programme) to the as-of date.
  const first = asOf - TRAINING_START >= 90 ? TRAINING_START : asOf - 365;

  // ----- clinics
  const clinics = buildClinics(rngClinics, source, clinicCount, opts.prefecture);
  const cumulative = new Float64Array(clinics.length);
  let totalWeight = 0;
  clinics.forEach((c, i) => (cumulative[i] = totalWeight += c.weight));
  const pickClinic = (): number => {
    if (totalWeight <= 0) return -1;
    const x = rng.next() * totalWeight;
    let lo = 0;
    let hi = clinics.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const districts = [...new Set(clinics.map((c) => c.district))].sort();

  // ----- sponsors
  const sponsors = new Interner();
  const jma = sponsors.id('日本医師会');
  const sponsorCache = new Map<number, { local: number; zagaku: number[] }>();
  const sponsorsOf = (clinic: number): { local: number; zagaku: number[] } => {
    let s = sponsorCache.get(clinic);
    if (s) return s;
    if (source === 'kokura') {
      const local = sponsors.id('小倉医師会');
      s = { local, zagaku: [local, local, sponsors.id('北九州市医師会'), sponsors.id('福岡県医師会'), jma] };
    } else if (clinic < 0) {
      s = { local: jma, zagaku: [jma] };
    } else {
      const c = clinics[clinic];
      const pref = sponsors.id(`${c.prefName}医師会`);
      const local = opts.prefecture !== undefined ? sponsors.id(`${c.district}医師会`) : pref;
      s = { local, zagaku: [local, local, pref, jma] };
    }
    sponsorCache.set(clinic, s);
    return s;
  };

  // ----- doctors
  const ids: string[] = new Array<string>(n);
  const names: (string | null)[] = new Array<string | null>(n);
  const kanas: (string | null)[] = new Array<string | null>(n);
  const primary = new Int32Array(n).fill(-1);
  const ownDistrict: (string | null)[] = new Array<string | null>(n).fill(null);
  const memberClass: string[] = new Array<string>(n);
  const certDay = new Int32Array(n);
  const certNo: (string | null)[] = new Array<string | null>(n).fill(null);
  const appStatus: (string | null)[] = new Array<string | null>(n).fill(null);
  const second = new Int32Array(n).fill(-1);

  // 会員番号: '40' + 8 digits, increasing with random gaps (unique, sorted like a roster).
  const gapMax = Math.max(1, Math.floor(70_000_000 / Math.max(1, n)));
  let idNumber = rng.int(1_000_000, 19_999_999);
  for (let d = 0; d < n; d++) {
    idNumber += rng.int(1, gapMax);
    ids[d] = `40${pad(idNumber, 8)}`;
  }

  const profiles = new Uint8Array(n);
  {
    const counts = apportion(n, PROFILE_SHARES);
    const list: number[] = [];
    counts.forEach((c, p) => {
      for (let k = 0; k < c; k++) list.push(p);
    });
    rng.shuffle(list);
    profiles.set(list);
  }

  for (let d = 0; d < n; d++) {
    const [sn, sk] = rng.pick(SURNAMES);
    const [gn, gk] = rng.pick(GIVEN_NAMES);
    names[d] = `${sn}${NAME_SPACE}${gn}`;
    kanas[d] = `${sk}${NAME_SPACE}${gk}`;
    const c = rng.chance(0.97) ? pickClinic() : -1;
    primary[d] = c;
    if (c >= 0 && rng.chance(0.1)) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const c2 = pickClinic();
        if (c2 !== c) {
          second[d] = c2;
          break;
        }
      }
    }
    // 地区 is mostly blank (the clinic's applies); sometimes written, now and then differently.
    if (districts.length > 0 && (c < 0 ? rng.chance(0.5) : rng.chance(0.12))) {
      ownDistrict[d] = c >= 0 && rng.chance(0.85) ? clinics[c].district : rng.pick(districts);
    }
    const hospital = c >= 0 && clinics[c].type === 'hospital';
    memberClass[d] = MEMBER_CLASSES[rng.weighted(hospital ? MEMBER_WEIGHTS_HOSPITAL : MEMBER_WEIGHTS_CLINIC)];
  }

  // ----- training records: first what each planned status needs, then filler up to the budget
  const budget = Math.round(perDoctor * n);
  const buf = new RecordBuffer(Math.ceil(budget * 1.02) + 64);
  const writer = new DoctorRecords(rng, buf);
  const minimalFrom = new Int32Array(n);
  const minimalTo = new Int32Array(n);
  const halfSteps = (lo: number, hi: number): number => rng.int(lo * 2, hi * 2) / 2;
  let certSerial = rng.int(1, 500); // 修了証番号: unique, increasing in roster order

  for (let d = 0; d < n; d++) {
    const s = sponsorsOf(primary[d]);
    writer.begin(d, s.local, s.zagaku);
    minimalFrom[d] = buf.n;
    switch (profiles[d]) {
      case P_CERTIFIED:
      case P_ELIGIBLE: {
        const certified = profiles[d] === P_CERTIFIED;
        // A certificate is issued a few weeks after the records that met the requirements.
        const issued = certified ? rng.int(Math.min(asOf, first + 75), asOf) : asOf;
        const hi = certified ? Math.max(first, issued - 14) : asOf;
        const j = [1, 2, 3][rng.weighted([0.7, 0.25, 0.05])];
        for (let k = 0; k < j; k++) writer.jitchi(A_APPROVED, first, hi);
        writer.zagaku(j === 1 ? halfSteps(5, 9) : halfSteps(1, 6), first, hi);
        if (certified) {
          certDay[d] = issued;
          certSerial += rng.int(1, 3);
          certNo[d] = `${ymdFromDay(issued).y}-${pad(certSerial, 6)}`;
          appStatus[d] = '発行済';
        } else {
          appStatus[d] = [null, '未申請', '申請中', '承認済', '差戻し'][
            rng.weighted([0.55, 0.1, 0.25, 0.05, 0.05])
          ];
        }
        break;
      }
      case P_MISSING_JITCHI: {
        writer.zagaku(halfSteps(5, 12), first, asOf);
        const extra = rng.weighted([0.55, 0.35, 0.05, 0.05]);
        if (extra === 1) writer.jitchi(A_PENDING, Math.max(first, asOf - 75), asOf);
        else if (extra === 2) writer.jitchi(A_REJECTED, first, asOf);
        else if (extra === 3) writer.jitchi(A_NONE, first, asOf);
        break;
      }
      case P_NEAR_ZAGAKU:
        writer.jitchi(A_APPROVED, first, asOf);
        writer.zagaku(halfSteps(3, 4.5), first, asOf);
        break;
      case P_FAR:
        if (rng.chance(0.5)) {
          writer.zagaku(halfSteps(0.5, 4.5), first, asOf);
        } else {
          writer.jitchi(A_APPROVED, first, asOf);
          writer.zagaku(halfSteps(0, 2.5), first, asOf);
        }
        if (rng.chance(0.2)) writer.jitchi(A_PENDING, Math.max(first, asOf - 75), asOf);
        break;
      case P_NONE: // now and then an activity still waiting for approval (never counted)
        if (rng.chance(0.1)) writer.jitchi(A_PENDING, Math.max(first, asOf - 75), asOf);
    }
    minimalTo[d] = buf.n;
    if (!appStatus[d] && profiles[d] !== P_CERTIFIED && rng.chance(0.15)) appStatus[d] = '未申請';
  }

  // Filler goes to doctors whose status more records cannot change: certified, eligible, and
  // those missing only 実地 (who get more 座学 and non-approved 実地 only).
  const filler = Math.max(0, budget - buf.n);
  if (filler > 0) {
    const takers: number[] = [];
    const weights: number[] = [];
    let weightSum = 0;
    for (let d = 0; d < n; d++) {
      const p = profiles[d];
      if (p === P_CERTIFIED || p === P_ELIGIBLE || p === P_MISSING_JITCHI) {
        const w = 0.3 + 1.4 * rng.next();
        takers.push(d);
        weights.push(w);
        weightSum += w;
      }
    }
    for (let t = 0; t < takers.length; t++) {
      const d = takers[t];
      const count = Math.floor((filler * weights[t]) / weightSum + rng.next());
      if (count === 0) continue;
      const s = sponsorsOf(primary[d]);
      writer.begin(d, s.local, s.zagaku, minimalFrom[d], minimalTo[d]);
      const mayApprove = profiles[d] !== P_MISSING_JITCHI;
      for (let k = 0; k < count; k++) {
        if (rng.chance(0.85)) {
          writer.zagakuRecord(writer.randomUnits(), first, asOf);
        } else {
          const a = rng.weighted([mayApprove ? 0.85 : 0, 0.1, 0.03, 0.02]);
          writer.jitchi([A_APPROVED, A_PENDING, A_REJECTED, A_NONE][a], first, asOf);
        }
      }
    }
  }
  const normalCount = buf.n;

  // ----- deliberate errors (rows that are rejected, warned about or not counted: no status changes)
  const invalidDateText = new Map<number, string>();
  const unknownIds: string[] = [];
  let blankNames: number[] = [];
  let duplicateIdRows: number[] = [];
  if (decorate && n > 0) {
    const perKind = atLeastOne(normalCount || n, RATES.recordErrors / 6);
    const randomDoctor = (): number => rngDeco.int(0, n - 1);
    const anyDay = (): Day => rngDeco.int(first, asOf);
    const zTitle = (): number => rngDeco.int(0, ZAGAKU_TITLE_COUNT - 1);
    const jTitle = (): number => JITCHI_TITLE_BASE + rngDeco.int(0, JITCHI_TITLES.length - 1);
    const sponsorFor = (d: number): number => sponsorsOf(primary[d]).local;
    const idSet = new Set(ids);
    for (let k = 0; k < perKind; k++) {
      let d = randomDoctor();
      buf.push(
        d,
        anyDay(),
        K_ZAGAKU,
        zTitle(),
        rngDeco.pick([1.25, 0.75, 2.25]),
        A_NONE,
        sponsorFor(d),
        F_UNITS,
      );
      d = randomDoctor();
      buf.push(
        d,
        anyDay(),
        rngDeco.int(2, KIND_TEXT.length - 1),
        zTitle(),
        rngDeco.pick([1, 2]),
        A_NONE,
        sponsorFor(d),
        F_KIND,
      );
      // An unknown 会員番号: a real one with its last digits changed.
      d = randomDoctor();
      let unknown = ids[d];
      for (let bump = 1; idSet.has(unknown); bump++)
        unknown = `40${pad((Number(ids[d].slice(2)) + bump * 7919) % 1e8, 8)}`;
      idSet.add(unknown);
      unknownIds.push(unknown);
      buf.push(-unknownIds.length, anyDay(), K_ZAGAKU, zTitle(), 1, A_NONE, sponsorFor(d), F_UNKNOWN_DOCTOR);
      // An impossible date: the 31st of a short month, or 30 February.
      d = randomDoctor();
      const day = anyDay();
      const { y, m } = ymdFromDay(day);
      const text = daysInMonth(y, m) < 31 ? `${y}/${pad(m, 2)}/31` : `${y}/02/30`;
      invalidDateText.set(
        buf.push(d, day, K_JITCHI, jTitle(), JITCHI_UNITS, A_APPROVED, sponsorFor(d), F_DATE_INVALID),
        text,
      );
      // A future date (not counted, warning).
      d = randomDoctor();
      buf.push(d, asOf + rngDeco.int(1, 90), K_ZAGAKU, zTitle(), 1, A_NONE, sponsorFor(d), F_FUTURE);
    }
    // Duplicates of counted 座学 records (the copy sorts after its original: same day, later index).
    const zagakuRows: number[] = [];
    for (let i = 0; i < normalCount; i++) if (buf.kind[i] === K_ZAGAKU) zagakuRows.push(i);
    for (const k of rngDeco.sample(zagakuRows.length, perKind)) buf.copy(zagakuRows[k], F_DUPLICATE);

    blankNames = rngDeco.sample(n, atLeastOne(n, RATES.blankName));
    for (const d of blankNames) {
      names[d] = null;
      kanas[d] = null;
    }
    duplicateIdRows = rngDeco.sample(n, atLeastOne(n, RATES.duplicateId));
  }

  // ----- decorations of records: dates and units written the way people type them
  if (decorate && normalCount > 0) {
    const kinds = [D_WAREKI, D_WAREKI_ABBREV, D_FULLWIDTH, D_YYYYMMDD];
    const rates = [RATES.dateWareki, RATES.dateWarekiAbbrev, RATES.dateFullwidth, RATES.dateYyyymmdd];
    assignDecorations(rngDeco, normalCount, kinds, rates, (i, kind) => (buf.dateDeco[i] = kind));
    const zagakuRows: number[] = [];
    for (let i = 0; i < normalCount; i++) if (buf.kind[i] === K_ZAGAKU) zagakuRows.push(i);
    assignDecorations(
      rngDeco,
      zagakuRows.length,
      [U_FULLWIDTH, U_SUFFIX],
      [RATES.unitsFullwidth, RATES.unitsSuffix],
      (k, kind) => {
        buf.unitsDeco[zagakuRows[k]] = kind;
      },
    );
  }

  // ----- cells
  const dates = new Map<number, Date>();
  const dateCell = (day: Day): Date => {
    let dt = dates.get(day);
    if (!dt) {
      dt = new Date(day * 86_400_000);
      dates.set(day, dt);
    }
    return dt;
  };
  const decoratedDate = (day: Day, kind: number): SampleCell => {
    const { y, m, d } = ymdFromDay(day);
    switch (kind) {
      case D_WAREKI:
        return `令和${reiwa(y)}年${m}月${d}日`;
      case D_WAREKI_ABBREV:
        return `R${reiwa(y)}.${m}.${d}`;
      case D_FULLWIDTH:
        return toFullWidth(`${y}/${m}/${d}`);
      case D_YYYYMMDD:
        return y * 10000 + m * 100 + d;
      default:
        return dateCell(day);
    }
  };

  // 医療機関
  const clinicRows: SampleCell[][] = clinics.map((c, i) => [
    c.code,
    c.name,
    c.type === 'hospital' ? '病院' : c.type === 'dental' ? '歯科診療所' : '診療所',
    c.special ? '○' : null,
    c.suspended ? '○' : null,
    c.district,
    c.gmis,
    c.permission,
    c.reported,
    // 報告日 (SPEC §2.3 rev 2) of the 2026 round, 5–24 January, derived from the row (no draw from
    // the generators, so every other cell stays the same); 名簿外の修了者 left blank.
    c.reported ? dateCell(REPORT_DAY + (i % 20)) : null,
    null,
  ]);
  if (decorate && clinics.length > 0) {
    // Some staff record the G-MIS account ID instead of ○ (any non-blank text = has an account).
    const withAccount: number[] = [];
    clinicRows.forEach((r, i) => r[6] === '○' && withAccount.push(i));
    for (const k of rngDeco.sample(withAccount.length, atLeastOne(withAccount.length, RATES.gmisId))) {
      clinicRows[withAccount[k]][6] = `GM${pad(rngDeco.int(0, 99_999_999), 8)}`;
    }
    // Pharmacies entered by mistake (調剤, 3rd digit 4), inserted among the clinics.
    const taken = new Set(clinics.map((c) => c.code));
    const count = atLeastOne(clinics.length, RATES.pharmacy);
    for (let k = 0; k < count; k++) {
      const model = clinics[rngDeco.int(0, clinics.length - 1)];
      const code = syntheticClinicCode(rngDeco, model.code.slice(0, 2), 4, { taken });
      const name = `${rngDeco.pick(SURNAMES)[0]}${rngDeco.pick(PHARMACY_SUFFIXES)}`;
      const at = rngDeco.int(0, clinicRows.length);
      clinicRows.splice(at, 0, [code, name, null, null, null, model.district, '○', null, null, null, null]);
    }
  }

  // 医師
  const codeCell = (code: string, kind: 'plain' | 'fullwidth' | 'hyphen'): string => {
    if (kind === 'fullwidth') return toFullWidth(code);
    if (kind === 'hyphen') return `${code.slice(0, 2)}-${code.slice(2, 9)}-${code.slice(9)}`;
    return code;
  };
  const codeDeco = new Uint8Array(n); // 0 plain, 1 full-width, 2 hyphen
  const certDeco = new Uint8Array(n);
  if (decorate && n > 0) {
    const linked: number[] = [];
    const certified: number[] = [];
    for (let d = 0; d < n; d++) {
      if (primary[d] >= 0) linked.push(d);
      if (profiles[d] === P_CERTIFIED) certified.push(d);
    }
    assignDecorations(rngDeco, linked.length, [1, 2], [RATES.codeFullwidth, RATES.codeHyphen], (k, kind) => {
      codeDeco[linked[k]] = kind;
    });
    for (const k of rngDeco.sample(certified.length, atLeastOne(certified.length, RATES.certificateWareki))) {
      certDeco[certified[k]] = 1;
    }
  }
  const doctorRows: SampleCell[][] = new Array<SampleCell[]>(n);
  for (let d = 0; d < n; d++) {
    const c = primary[d];
    const code =
      c >= 0
        ? codeCell(clinics[c].code, codeDeco[d] === 1 ? 'fullwidth' : codeDeco[d] === 2 ? 'hyphen' : 'plain')
        : null;
    const certified = profiles[d] === P_CERTIFIED;
    const cert = certified
      ? certDeco[d]
        ? decoratedDate(certDay[d], D_WAREKI)
        : dateCell(certDay[d])
      : null;
    doctorRows[d] = [
      ids[d],
      names[d],
      kanas[d],
      code,
      ownDistrict[d],
      memberClass[d],
      cert,
      certNo[d],
      appStatus[d],
    ];
  }
  // Repeated 会員番号 (a member entered twice, with another name): appended at the end.
  for (const d of duplicateIdRows) {
    const [sn, sk] = rngDeco.pick(SURNAMES);
    const [gn, gk] = rngDeco.pick(GIVEN_NAMES);
    const c = primary[d];
    doctorRows.push([
      ids[d],
      `${sn}${NAME_SPACE}${gn}`,
      `${sk}${NAME_SPACE}${gk}`,
      c >= 0 ? clinics[c].code : null,
      null,
      memberClass[d],
      null,
      null,
      null,
    ]);
  }

  // 研修記録
  const order = orderByDay(buf);
  const trainingRows: SampleCell[][] = new Array<SampleCell[]>(buf.n);
  const sponsorText = sponsors.values;
  for (let p = 0; p < buf.n; p++) {
    const i = order[p];
    const doc = buf.doc[i];
    const id = doc >= 0 ? ids[doc] : unknownIds[-doc - 1];
    const day = buf.day[i];
    const date: SampleCell =
      buf.flag[i] === F_DATE_INVALID
        ? (invalidDateText.get(i) as string)
        : decoratedDate(day, buf.dateDeco[i]);
    const u = buf.units[i];
    let units: SampleCell = Number.isNaN(u) ? null : u;
    if (buf.unitsDeco[i] === U_FULLWIDTH) units = toFullWidth(String(u));
    else if (buf.unitsDeco[i] === U_SUFFIX) units = `${u}単位`;
    const approval = buf.kind[i] === K_JITCHI ? APPROVAL_TEXT[buf.approval[i]] : null;
    trainingRows[p] = [
      id,
      date,
      KIND_TEXT[buf.kind[i]],
      TITLES[buf.title[i]],
      units,
      approval,
      sponsorText[buf.sponsor[i]],
    ];
  }

  // 所属: the second clinics, a few written with hyphens when decorated.
  const affiliationRows: SampleCell[][] = [];
  for (let d = 0; d < n; d++) {
    if (second[d] < 0) continue;
    const hyphen = decorate && rngDeco.chance(RATES.codeHyphen * 2);
    affiliationRows.push([ids[d], codeCell(clinics[second[d]].code, hyphen ? 'hyphen' : 'plain')]);
  }

  return {
    sheets: [
      {
        name: SHEET_NAMES.doctors,
        header: [...HEADERS.doctors],
        rows: doctorRows,
        textColumns: [0, 3, 7],
        dateColumns: [6],
      },
      {
        name: SHEET_NAMES.training,
        header: [...HEADERS.training],
        rows: trainingRows,
        textColumns: [0],
        dateColumns: [1],
      },
      {
        name: SHEET_NAMES.clinics,
        header: [...HEADERS.clinics],
        rows: clinicRows,
        textColumns: [0],
        dateColumns: [9],
      },
      {
        name: SHEET_NAMES.affiliations,
        header: [...HEADERS.affiliations],
        rows: affiliationRows,
        textColumns: [0, 1],
        dateColumns: [],
      },
    ],
  };
}

/**
 * Gives decoration kinds[j] to round(count · rates[j]) (at least one) distinct items out of
 * `count`, chosen at random; `apply(index, kind)` records each choice.
 */
function assignDecorations(
  rng: Rng,
  count: number,
  kinds: readonly number[],
  rates: readonly number[],
  apply: (index: number, kind: number) => void,
): void {
  if (count === 0) return;
  const wanted = rates.map((r) => atLeastOne(count, r));
  const total = Math.min(
    count,
    wanted.reduce((a, b) => a + b, 0),
  );
  const labels: number[] = [];
  wanted.forEach((w, j) => {
    for (let k = 0; k < w; k++) labels.push(kinds[j]);
  });
  rng.shuffle(labels);
  const chosen = rng.sample(count, total);
  for (let k = 0; k < chosen.length; k++) apply(chosen[k], labels[k]);
}
