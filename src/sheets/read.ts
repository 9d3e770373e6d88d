/**
 * The workbook contract (SPEC §2, §4): from raw sheets to typed rows plus issues.
 * Every read row ends in exactly one bucket: used, rejected or blank.
 */
import type { Day } from '../domain/day';
import type {
  AffiliationIn,
  ClinicIn,
  DoctorIn,
  IssueDraft,
  PreviousState,
  Profile,
  RecordIn,
  Readiness,
  Severity,
  SheetRole,
  Status,
} from '../domain/types';
import {
  cellErrorText,
  cellText,
  isBlankCell,
  isMultipleOfStep,
  normKey,
  parseApplicationStatus,
  parseApproval,
  parseClinicCode,
  parseClinicType,
  parseDate,
  parseDoctorId,
  parseFlag,
  parseGmisAccount,
  parseKind,
  parseReported,
  parseUnits,
  textValue,
} from './cells';
import { FatalError } from './fatal';
import { cellAt, locate, type Source } from './locate';
import { OWNED_COLUMNS } from './owned';
import { AFFILIATIONS, CLINICS, DOCTORS, OWNED_PREFIX, TRAINING, type SheetDef } from './schema';
import { readSettings, type SettingsRead } from './settings';
import type { RawCell, WorkbookSnapshot } from './types';
import { STATUS_LABEL_TO_STATUS, READINESS_LABEL_TO_READINESS } from './labels';

export type RowState = 'used' | 'rejected' | 'blank';

export interface RoleCounts {
  read: number;
  used: number;
  rejected: number;
  blank: number;
}

/** Rows of one input region and what became of each. */
export interface SourceRows {
  source: Source;
  /** state[i] is the state of sheet row source.headerRow + 1 + i. */
  states: RowState[];
  counts: RoleCounts;
}

export interface ReadResult {
  sources: Partial<Record<SheetRole, SourceRows>>;
  settings: SettingsRead;
  profile: Profile;
  doctors: DoctorIn[];
  records: RecordIn[];
  clinics: ClinicIn[] | null;
  affiliations: AffiliationIn[];
  previous: PreviousState | null;
  issues: IssueDraft[];
}

export interface ReadOptions {
  /** --as-of (wins over 設定 基準日); the reader needs no date itself but passes it through. */
  asOf?: Day | null;
}

/** Collects issues and tracks whether the current row has an error. */
class RowIssues {
  hasError = false;
  constructor(
    private readonly out: IssueDraft[],
    private readonly role: SheetRole,
  ) {}
  row = 0;
  add(code: IssueDraft['code'], severity: Severity, field: string | null, value: string | null, params?: IssueDraft['params']) {
    if (severity === 'error') this.hasError = true;
    this.out.push({ code, severity, role: this.role, row: this.row, field, value, params });
  }
  start(row: number) {
    this.row = row;
    this.hasError = false;
  }
}

/** Field accessor for one region. */
class Fields {
  readonly cols: Record<string, number>;
  constructor(
    readonly src: Source,
  ) {
    this.cols = Object.fromEntries(src.fields);
  }
  has(field: string): boolean {
    return this.cols[field] !== undefined;
  }
  get(row: RawCell[] | undefined, field: string): RawCell {
    const c = this.cols[field];
    return c === undefined || !row ? undefined : row[c - 1];
  }
}

function isRowBlank(row: RawCell[] | undefined, cols: number[]): boolean {
  if (!row) return true;
  for (const c of cols) if (!isBlankCell(row[c - 1])) return false;
  return true;
}

/**
 * Resolves error values and missing formula results for one cell of a field.
 * Returns undefined when the cell must be treated as blank (issues already raised).
 */
function clean(v: RawCell, field: string, required: boolean, numeric: boolean, ri: RowIssues): RawCell {
  const err = cellErrorText(v);
  if (err !== null) {
    ri.add('cell-error-value', required ? 'error' : 'warning', field, err);
    return undefined;
  }
  if (v !== null && typeof v === 'object' && 'formulaNoValue' in v) {
    if (numeric) return 0;
    if (required) ri.add('formula-without-value', 'warning', field, null);
    return undefined;
  }
  return v;
}

export function readWorkbook(wb: WorkbookSnapshot): ReadResult {
  const issues: IssueDraft[] = [];
  const settings = readSettings(wb, issues);
  const profile = settings.profile;
  const sources: Partial<Record<SheetRole, SourceRows>> = {};

  const need = (def: SheetDef): Source | null => {
    const res = locate(wb, def);
    issues.push(...res.issues);
    if (res.headerNotFound) {
      const req = def.fields.filter((f) => f.requiredColumn);
      throw new FatalError('column-missing', {
        sheet: res.headerNotFound.sheet.name,
        cell: 'A1',
        params: { expected: req[0].aliases[0], aliases: req[0].aliases.join('、'), sheet: res.headerNotFound.sheet.name },
      });
    }
    if (!res.source) {
      if (def.required) {
        throw new FatalError('sheet-missing', {
          sheet: def.label,
          cell: 'A1',
          params: { expected: def.label, aliases: def.aliases.join('、'), sheet: def.label },
        });
      }
      return null;
    }
    const src = res.source;
    for (const fd of def.fields) {
      if (fd.requiredColumn && !src.fields.has(fd.field)) {
        throw new FatalError('column-missing', {
          sheet: src.sheet.name,
          cell: `A${src.headerRow}`,
          row: null,
          params: { expected: fd.aliases[0], aliases: fd.aliases.join('、'), sheet: src.sheet.name },
        });
      }
    }
    // 判定_ headers that the plan does not own are user columns.
    const owned = new Set(OWNED_COLUMNS[def.role] ?? []);
    for (const [col, text] of src.headers) {
      if (text.startsWith(OWNED_PREFIX) && !owned.has(text)) {
        issues.push({ code: 'owned-like-column-ignored', severity: 'info', role: def.role, row: null, field: null, col, value: text });
      }
    }
    return src;
  };

  const docSrc = need(DOCTORS)!;
  const trSrc = need(TRAINING)!;
  const clSrc = need(CLINICS);
  const afSrc = need(AFFILIATIONS);

  // --- 医療機関 first: 医師 links are checked against it.
  let clinics: ClinicIn[] | null = null;
  const clinicByCode = new Map<string, number>();
  if (clSrc) {
    const r = readClinics(clSrc, issues, wb.date1904);
    clinics = r.clinics;
    r.clinics.forEach((c, i) => clinicByCode.set(c.code, i));
    sources.clinics = r.rows;
  }

  const d = readDoctors(docSrc, issues, wb.date1904, clinics ? clinicByCode : null);
  sources.doctors = d.rows;

  const t = readRecords(trSrc, docSrc, d, issues, wb.date1904, profile);
  sources.training = t.rows;

  let affiliations: AffiliationIn[] = [];
  if (afSrc) {
    const a = readAffiliations(afSrc, docSrc, d, clinics ? clinicByCode : null, issues);
    affiliations = a.affiliations;
    sources.affiliations = a.rows;
  }

  const previous = readPrevious(docSrc, d.doctors, d.rows.states, clSrc, clinics, sources.clinics?.states ?? []);

  return { sources, settings, profile, doctors: d.doctors, records: t.records, clinics, affiliations, previous, issues };
}

function finish(src: Source, states: RowState[]): SourceRows {
  const counts: RoleCounts = { read: states.length, used: 0, rejected: 0, blank: 0 };
  for (const s of states) counts[s]++;
  return { source: src, states, counts };
}

function matchedCols(src: Source): number[] {
  return [...src.fields.values()];
}

// ---------------------------------------------------------------- 医療機関

function readClinics(src: Source, issues: IssueDraft[], date1904: boolean) {
  void date1904;
  const f = new Fields(src);
  const ri = new RowIssues(issues, 'clinics');
  const cols = matchedCols(src);
  const states: RowState[] = [];
  const clinics: ClinicIn[] = [];
  const seen = new Map<string, number>();
  if (!f.has('gmisAccount')) {
    issues.push({ code: 'gmis-account-column-missing', severity: 'info', role: 'clinics', row: null, field: null, col: src.left, value: null });
  }
  const hasPermission = f.has('gmisPermission');
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    const row = src.sheet.rows[r - 1];
    if (isRowBlank(row, cols)) {
      states.push('blank');
      continue;
    }
    ri.start(r);
    let code: string | null = null;
    const rawCode = clean(f.get(row, 'clinicCode'), 'clinicCode', true, false, ri);
    if (isBlankCell(rawCode)) {
      ri.add('clinic-code-missing', 'error', 'clinicCode', null);
    } else {
      const p = parseClinicCode(rawCode);
      if (!p.ok) ri.add(p.code, 'error', 'clinicCode', cellText(rawCode));
      else {
        if (p.warning) ri.add(p.warning, 'warning', 'clinicCode', cellText(rawCode), { padded: p.code });
        const first = seen.get(p.code);
        if (first !== undefined) ri.add('clinic-code-duplicate', 'error', 'clinicCode', p.code, { firstRow: first });
        else code = p.code;
      }
    }
    const name = textValue(clean(f.get(row, 'name'), 'name', false, false, ri));
    if (name === null) ri.add('clinic-name-missing', 'warning', 'name', null);
    const typeRaw = clean(f.get(row, 'type'), 'type', false, false, ri);
    const type = parseClinicType(typeRaw).type;
    const flag = (field: string): boolean => {
      const v = clean(f.get(row, field), field, false, false, ri);
      const p = parseFlag(v);
      if (!p.recognised) ri.add('flag-unrecognised', 'warning', field, cellText(v));
      return p.value;
    };
    const specialFunction = flag('specialFunction');
    const suspended = flag('suspended');
    const district = textValue(clean(f.get(row, 'district'), 'district', false, false, ri));
    const gmisAccount = f.has('gmisAccount')
      ? parseGmisAccount(clean(f.get(row, 'gmisAccount'), 'gmisAccount', false, false, ri))
      : true;
    const gmisPermission = hasPermission ? flag('gmisPermission') : null;
    const reported = parseReported(clean(f.get(row, 'reportStatus'), 'reportStatus', false, false, ri));
    if (ri.hasError || code === null) {
      states.push('rejected');
      continue;
    }
    seen.set(code, r);
    states.push('used');
    clinics.push({ row: r, code, name, type, specialFunction, suspended, district, gmisAccount, gmisPermission, reported });
  }
  return { clinics, rows: finish(src, states) };
}

// ---------------------------------------------------------------- 医師

interface DoctorsRead {
  doctors: DoctorIn[];
  rows: SourceRows;
  byId: Map<string, number>;
}

function readDoctors(src: Source, issues: IssueDraft[], date1904: boolean, clinicByCode: Map<string, number> | null): DoctorsRead {
  const f = new Fields(src);
  const ri = new RowIssues(issues, 'doctors');
  const cols = matchedCols(src);
  const states: RowState[] = [];
  const doctors: DoctorIn[] = [];
  const byId = new Map<string, number>();
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    const row = src.sheet.rows[r - 1];
    if (isRowBlank(row, cols)) {
      states.push('blank');
      continue;
    }
    ri.start(r);
    let id: string | null = null;
    const rawId = clean(f.get(row, 'doctorId'), 'doctorId', true, false, ri);
    if (isBlankCell(rawId)) {
      ri.add('doctor-id-missing', 'error', 'doctorId', null);
    } else {
      const p = parseDoctorId(rawId);
      if (!p.ok) ri.add('doctor-id-invalid', 'error', 'doctorId', cellText(rawId));
      else if (byId.has(p.id)) ri.add('doctor-id-duplicate', 'error', 'doctorId', p.id, { firstRow: doctors[byId.get(p.id)!].row });
      else id = p.id;
    }
    const name = textValue(clean(f.get(row, 'name'), 'name', false, false, ri));
    if (name === null) ri.add('doctor-name-missing', 'warning', 'name', null);
    const kana = textValue(clean(f.get(row, 'kana'), 'kana', false, false, ri));
    let clinicCode: string | null = null;
    const rawClinic = clean(f.get(row, 'clinicCode'), 'clinicCode', false, false, ri);
    if (!isBlankCell(rawClinic)) {
      const p = parseClinicCode(rawClinic);
      const code = p.ok ? p.code : null;
      if (clinicByCode && (code === null || !clinicByCode.has(code))) {
        ri.add('clinic-unknown', 'warning', 'clinicCode', cellText(rawClinic));
      } else {
        clinicCode = code ?? normalisedCodeText(rawClinic);
      }
    }
    const district = textValue(clean(f.get(row, 'district'), 'district', false, false, ri));
    const memberClass = textValue(clean(f.get(row, 'memberClass'), 'memberClass', false, false, ri));
    let certificateDate: Day | null = null;
    const rawCert = clean(f.get(row, 'certificateDate'), 'certificateDate', false, false, ri);
    if (!isBlankCell(rawCert)) {
      const p = parseDate(rawCert, date1904);
      if (p.ok) certificateDate = p.day;
      else ri.add('certificate-date-invalid', 'warning', 'certificateDate', cellText(rawCert));
    }
    const certificateNo = textValue(clean(f.get(row, 'certificateNo'), 'certificateNo', false, false, ri));
    const rawApp = clean(f.get(row, 'applicationStatus'), 'applicationStatus', false, false, ri);
    const app = parseApplicationStatus(rawApp);
    if (app === 'unknown') ri.add('application-status-unknown', 'info', 'applicationStatus', cellText(rawApp));
    if (ri.hasError || id === null) {
      states.push('rejected');
      continue;
    }
    states.push('used');
    byId.set(id, doctors.length);
    doctors.push({
      row: r,
      id,
      name,
      kana,
      clinicCode,
      district,
      memberClass,
      certificateDate,
      certificateNo,
      applicationStatus: app === 'unknown' ? null : app,
    });
  }
  return { doctors, rows: finish(src, states), byId };
}

/** Without a 医療機関 sheet codes are kept as normalised text (no validation possible). */
function normalisedCodeText(v: RawCell): string | null {
  const t = cellText(v);
  return t === null ? null : t.normalize('NFKC').replace(/[\s\-‐‑‒–—―−－ー]/g, '');
}

/**
 * Maps the doctor IDs used on another sheet to doctors: by the 医師 column with the same header when
 * 医師 has one, else by 医師's doctorId column (SPEC §2.2).
 */
function doctorIdResolver(other: Source, docSrc: Source, d: DoctorsRead): (id: string) => number | undefined {
  const otherCol = other.fields.get('doctorId')!;
  const key = normKey(other.headers.get(otherCol) ?? '');
  const docCols = docSrc.headerKeys.get(key);
  const docIdCol = docSrc.fields.get('doctorId')!;
  if (!docCols || docCols.includes(docIdCol)) return (id) => d.byId.get(id);
  const col = docCols[0];
  const map = new Map<string, number>();
  d.doctors.forEach((doc, i) => {
    const p = parseDoctorId(cellAt(docSrc.sheet, doc.row, col));
    if (p.ok && !map.has(p.id)) map.set(p.id, i);
  });
  return (id) => map.get(id);
}

/** The fix hint for an unknown ID that matches a doctor after zero-padding (never repaired silently). */
function paddedMatch(id: string, resolve: (id: string) => number | undefined): string | null {
  if (!/^\d+$/.test(id)) return null;
  for (let w = id.length + 1; w <= 12; w++) {
    const padded = id.padStart(w, '0');
    if (resolve(padded) !== undefined) return padded;
  }
  return null;
}

// ---------------------------------------------------------------- 研修記録

function readRecords(src: Source, docSrc: Source, d: DoctorsRead, issues: IssueDraft[], date1904: boolean, profile: Profile) {
  const f = new Fields(src);
  const ri = new RowIssues(issues, 'training');
  const cols = matchedCols(src);
  const states: RowState[] = [];
  const records: RecordIn[] = [];
  const resolve = doctorIdResolver(src, docSrc, d);
  const hasApproval = f.has('approval');
  const step = profile.zagakuStep;
  const u = profile.unitsPerJitchi;
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    const row = src.sheet.rows[r - 1];
    if (isRowBlank(row, cols)) {
      states.push('blank');
      continue;
    }
    ri.start(r);
    let doctorIndex: number | undefined;
    const rawId = clean(f.get(row, 'doctorId'), 'doctorId', true, false, ri);
    if (isBlankCell(rawId)) ri.add('doctor-id-missing', 'error', 'doctorId', null);
    else {
      const p = parseDoctorId(rawId);
      if (!p.ok) ri.add('doctor-id-invalid', 'error', 'doctorId', cellText(rawId));
      else {
        doctorIndex = resolve(p.id);
        if (doctorIndex === undefined) {
          const padded = paddedMatch(p.id, resolve);
          ri.add('record-doctor-unknown', 'error', 'doctorId', p.id, padded ? { padded } : undefined);
        }
      }
    }
    let date: Day | null = null;
    const rawDate = clean(f.get(row, 'date'), 'date', true, false, ri);
    if (isBlankCell(rawDate)) ri.add('date-missing', 'error', 'date', null);
    else {
      const p = parseDate(rawDate, date1904);
      if (p.ok) date = p.day;
      else ri.add(p.code, 'error', 'date', cellText(rawDate));
    }
    const rawKind = clean(f.get(row, 'kind'), 'kind', true, false, ri);
    let kind: RecordIn['kind'] | null = null;
    if (isBlankCell(rawKind)) ri.add('kind-missing', 'error', 'kind', null);
    else {
      kind = parseKind(rawKind);
      if (kind === null) ri.add('kind-unknown', 'error', 'kind', cellText(rawKind));
    }
    const title = textValue(clean(f.get(row, 'title'), 'title', false, false, ri));
    const rawUnits = clean(f.get(row, 'units'), 'units', kind === 'zagaku', true, ri);
    let units: number | null = null;
    if (kind === 'zagaku') {
      if (isBlankCell(rawUnits)) ri.add('units-missing', 'error', 'units', null);
      else {
        const p = parseUnits(rawUnits);
        if (!p.ok) ri.add('units-not-number', 'error', 'units', cellText(rawUnits));
        else if (!(p.value > 0) || !isMultipleOfStep(p.value, step))
          ri.add('units-not-half-step', 'error', 'units', cellText(rawUnits), { step });
        else units = p.value;
      }
    } else if (kind === 'jitchi' && !isBlankCell(rawUnits)) {
      const p = parseUnits(rawUnits);
      if (p.ok) units = p.value;
      if (!p.ok || p.value !== u) ri.add('jitchi-units-not-standard', 'warning', 'units', cellText(rawUnits), { unitsPerJitchi: u });
    }
    let approval: RecordIn['approval'] = 'approved';
    if (kind === 'jitchi' && hasApproval) {
      const rawAp = clean(f.get(row, 'approval'), 'approval', false, false, ri);
      approval = parseApproval(rawAp);
      if (approval === 'blank') ri.add('jitchi-approval-blank', 'warning', 'approval', null);
      else if (approval === 'rejected') ri.add('jitchi-not-approved', 'info', 'approval', cellText(rawAp));
    }
    if (f.has('sponsor')) clean(f.get(row, 'sponsor'), 'sponsor', false, false, ri);
    if (ri.hasError || doctorIndex === undefined || date === null || kind === null) {
      states.push('rejected');
      continue;
    }
    states.push('used');
    records.push({
      row: r,
      doctorId: d.doctors[doctorIndex].id,
      date,
      kind,
      titleKey: title === null ? '' : normKey(title),
      units,
      approval,
    });
  }
  return { records, rows: finish(src, states) };
}

// ---------------------------------------------------------------- 所属

function readAffiliations(src: Source, docSrc: Source, d: DoctorsRead, clinicByCode: Map<string, number> | null, issues: IssueDraft[]) {
  const f = new Fields(src);
  const ri = new RowIssues(issues, 'affiliations');
  const cols = matchedCols(src);
  const states: RowState[] = [];
  const affiliations: AffiliationIn[] = [];
  const resolve = doctorIdResolver(src, docSrc, d);
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    const row = src.sheet.rows[r - 1];
    if (isRowBlank(row, cols)) {
      states.push('blank');
      continue;
    }
    ri.start(r);
    let doctorIndex: number | undefined;
    const rawId = clean(f.get(row, 'doctorId'), 'doctorId', true, false, ri);
    if (isBlankCell(rawId)) ri.add('doctor-id-missing', 'error', 'doctorId', null);
    else {
      const p = parseDoctorId(rawId);
      if (!p.ok) ri.add('doctor-id-invalid', 'error', 'doctorId', cellText(rawId));
      else {
        doctorIndex = resolve(p.id);
        if (doctorIndex === undefined) {
          const padded = paddedMatch(p.id, resolve);
          ri.add('record-doctor-unknown', 'error', 'doctorId', p.id, padded ? { padded } : undefined);
        }
      }
    }
    let code: string | null = null;
    const rawCode = clean(f.get(row, 'clinicCode'), 'clinicCode', true, false, ri);
    if (isBlankCell(rawCode)) ri.add('clinic-code-missing', 'error', 'clinicCode', null);
    else {
      const p = parseClinicCode(rawCode);
      const c = p.ok ? p.code : null;
      if (clinicByCode && (c === null || !clinicByCode.has(c))) ri.add('clinic-unknown', 'error', 'clinicCode', cellText(rawCode));
      else code = c ?? normalisedCodeText(rawCode);
    }
    if (ri.hasError || doctorIndex === undefined || code === null) {
      states.push('rejected');
      continue;
    }
    states.push('used');
    affiliations.push({ row: r, doctorId: d.doctors[doctorIndex].id, clinicCode: code });
  }
  return { affiliations, rows: finish(src, states) };
}

// ---------------------------------------------------------------- previous run

/** 判定_状態 / 判定_準備状況 as written by the previous run (read before any write, §5.3). */
function readPrevious(
  docSrc: Source,
  doctors: DoctorIn[],
  _docStates: RowState[],
  clSrc: Source | null,
  clinics: ClinicIn[] | null,
  _clStates: RowState[],
): PreviousState | null {
  const statusCol = ownedCol(docSrc, '判定_状態');
  const readyCol = clSrc ? ownedCol(clSrc, '判定_準備状況') : null;
  if (statusCol === null && readyCol === null) return null;
  const doctorStatus = new Map<string, Status>();
  const clinicReadiness = new Map<string, Readiness>();
  if (statusCol !== null) {
    for (const doc of doctors) {
      const t = cellText(cellAt(docSrc.sheet, doc.row, statusCol));
      const s = t === null ? undefined : STATUS_LABEL_TO_STATUS.get(t);
      if (s) doctorStatus.set(doc.id, s);
    }
  }
  if (readyCol !== null && clSrc && clinics) {
    for (const c of clinics) {
      const t = cellText(cellAt(clSrc.sheet, c.row, readyCol));
      const s = t === null ? undefined : READINESS_LABEL_TO_READINESS.get(t);
      if (s) clinicReadiness.set(c.code, s);
    }
  }
  return { doctorStatus, clinicReadiness };
}

export function ownedCol(src: Source, header: string): number | null {
  for (const [col, text] of src.headers) if (text === header) return col;
  return null;
}
