/**
 * The workbook contract (SPEC §2, §4): from raw sheets to typed rows plus issues.
 * Every read row ends in exactly one bucket: used, rejected or blank.
 */
import type { Day } from '../domain/day';
import { runSteps, SLICE_MASK, type Steps } from '../domain/steps';
import type {
  AffiliationIn,
  Approval,
  ClinicIn,
  DoctorIn,
  IssueDraft,
  PreviousState,
  Profile,
  RecordKind,
  Readiness,
  Severity,
  SheetRole,
  Status,
} from '../domain/types';
import {
  cellErrorText,
  cellText,
  dayFromNumber,
  doctorIdText,
  isAsciiDigits,
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
  parseOutsideCompleters,
  parseReported,
  textValue,
  unitsValue,
} from './cells';
import { FatalError } from './fatal';
import { cellAt, locate, type Source } from './locate';
import { OWNED_COLUMNS, markerName } from './owned';
import { AFFILIATIONS, CLINICS, DOCTORS, OWNED_PREFIX, TRAINING, type SheetDef } from './schema';
import { readSettings, type SettingsRead } from './settings';
import { TextIndex } from '../domain/text-index';
import { APPROVALS, KIND_JITCHI, KIND_ZAGAKU, RecordColumns } from '../domain/records';
import type { RawCell, WorkbookSnapshot } from './types';
import { STATUS_LABEL_TO_STATUS, READINESS_LABEL_TO_READINESS } from './labels';

/** The owned sheet whose data rows tell a re-run from a first run (§5.3). */
const HISTORY_SHEET = '実行履歴';

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
  /** The used 研修記録 rows as columns; `doctor` indexes `doctors` (and `ids`). */
  records: RecordColumns;
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
  add(
    code: IssueDraft['code'],
    severity: Severity,
    field: string | null,
    value: string | null,
    params?: IssueDraft['params'],
  ) {
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
  constructor(readonly src: Source) {
    this.cols = Object.fromEntries(src.fields);
  }
  has(field: string): boolean {
    return this.cols[field] !== undefined;
  }
  get(row: RawCell[] | undefined, field: string): RawCell {
    const c = this.cols[field];
    return c === undefined || !row ? undefined : row[c - 1];
  }
  /** 0-based index of a field's column in a row array, or -1 when the field has no column. */
  idx(field: string): number {
    const c = this.cols[field];
    return c === undefined ? -1 : c - 1;
  }
}

/** The cell at a 0-based column index from Fields.idx (same as Fields.get, for hot loops). */
const at = (row: RawCell[] | undefined, i: number): RawCell => (i < 0 || !row ? undefined : row[i]);

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
  // Fast path: blanks, numbers, booleans and Dates are never error values or formula markers.
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) {
    return v;
  }
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
  return runSteps(readWorkbookSteps(wb));
}

/** readWorkbook as a computation that yields between row blocks (see domain/steps.ts). */
export function* readWorkbookSteps(wb: WorkbookSnapshot): Steps<ReadResult> {
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
        params: {
          expected: req[0].aliases[0],
          aliases: req[0].aliases.join('、'),
          sheet: res.headerNotFound.sheet.name,
        },
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
        issues.push({
          code: 'owned-like-column-ignored',
          severity: 'info',
          role: def.role,
          row: null,
          field: null,
          col,
          value: text,
        });
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
  let clinicByCode = new TextIndex();
  if (clSrc) {
    const r = yield* readClinics(clSrc, issues, wb.date1904);
    clinics = r.clinics;
    clinicByCode = new TextIndex(r.clinics.length);
    r.clinics.forEach((c, i) => clinicByCode.set(c.code, i));
    sources.clinics = r.rows;
  }

  const d = yield* readDoctors(docSrc, issues, wb.date1904, clinics ? clinicByCode : null);
  sources.doctors = d.rows;

  const t = yield* readRecords(trSrc, docSrc, d, issues, wb.date1904, profile);
  sources.training = t.rows;

  let affiliations: AffiliationIn[] = [];
  if (afSrc) {
    const a = yield* readAffiliations(afSrc, docSrc, d, clinics ? clinicByCode : null, issues);
    affiliations = a.affiliations;
    sources.affiliations = a.rows;
  }

  // First run (§5.3 rev 2): no 実行履歴 with its marker, or no data row on it — then there are no
  // previous statuses, even when 判定_ columns exist (a template or a copied roster may carry them).
  const previous = !hasHistory(wb)
    ? null
    : yield* readPrevious(docSrc, d.doctors, d.rows.states, clSrc, clinics, sources.clinics?.states ?? []);

  return {
    sources,
    settings,
    profile,
    doctors: d.doctors,
    records: t.records,
    clinics,
    affiliations,
    previous,
    issues,
  };
}

/**
 * The states of a region's rows, one per row, set as each row is read: sized up front (a push per
 * row grows and copies an array of a million entries several times).
 */
function rowStates(src: Source): RowState[] {
  return new Array<RowState>(Math.max(0, src.lastRow - src.headerRow));
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

/** A flag field of a row (flag-unrecognised when its value is not a flag). */
function readFlag(f: Fields, row: RawCell[] | undefined, field: string, ri: RowIssues): boolean {
  const v = clean(f.get(row, field), field, false, false, ri);
  const p = parseFlag(v);
  if (!p.recognised) ri.add('flag-unrecognised', 'warning', field, cellText(v));
  return p.value;
}

function* readClinics(
  src: Source,
  issues: IssueDraft[],
  date1904: boolean,
): Steps<{ clinics: ClinicIn[]; rows: SourceRows }> {
  const f = new Fields(src);
  const ix = {
    gmisAccount: f.idx('gmisAccount'),
    clinicCode: f.idx('clinicCode'),
    name: f.idx('name'),
    type: f.idx('type'),
    district: f.idx('district'),
    reportStatus: f.idx('reportStatus'),
    reportDate: f.idx('reportDate'),
    outsideCompleters: f.idx('outsideCompleters'),
  };
  const hasReportDate = ix.reportDate >= 0;
  const ri = new RowIssues(issues, 'clinics');
  const cols = matchedCols(src);
  const states = rowStates(src);
  const clinics: ClinicIn[] = [];
  const seen = new TextIndex(src.lastRow - src.headerRow);
  if (!f.has('gmisAccount')) {
    issues.push({
      code: 'gmis-account-column-missing',
      severity: 'info',
      role: 'clinics',
      row: null,
      field: null,
      col: src.left,
      value: null,
    });
  }
  const hasPermission = f.has('gmisPermission');
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    if ((r & SLICE_MASK) === 0) yield;
    const row = src.sheet.rows[r - 1];
    if (isRowBlank(row, cols)) {
      states[r - src.headerRow - 1] = 'blank';
      continue;
    }
    ri.start(r);
    let code: string | null = null;
    const rawCode = clean(at(row, ix.clinicCode), 'clinicCode', true, false, ri);
    if (isBlankCell(rawCode)) {
      ri.add('clinic-code-missing', 'error', 'clinicCode', null);
    } else {
      const p = parseClinicCode(rawCode);
      if (!p.ok) ri.add(p.code, 'error', 'clinicCode', cellText(rawCode));
      else {
        if (p.warning) ri.add(p.warning, 'warning', 'clinicCode', cellText(rawCode), { padded: p.code });
        const first = seen.get(p.code);
        if (first !== undefined)
          ri.add('clinic-code-duplicate', 'error', 'clinicCode', p.code, { firstRow: first });
        else code = p.code;
      }
    }
    const name = textValue(clean(at(row, ix.name), 'name', false, false, ri));
    if (name === null) ri.add('clinic-name-missing', 'warning', 'name', null);
    const typeRaw = clean(at(row, ix.type), 'type', false, false, ri);
    const type = parseClinicType(typeRaw).type;
    const specialFunction = readFlag(f, row, 'specialFunction', ri);
    const suspended = readFlag(f, row, 'suspended', ri);
    const district = textValue(clean(at(row, ix.district), 'district', false, false, ri));
    const gmisAccount = f.has('gmisAccount')
      ? parseGmisAccount(clean(at(row, ix.gmisAccount), 'gmisAccount', false, false, ri))
      : true;
    const gmisPermission = hasPermission ? readFlag(f, row, 'gmisPermission', ri) : null;
    const reported = parseReported(clean(at(row, ix.reportStatus), 'reportStatus', false, false, ri));
    // 報告日 (rev 2): unreadable = warning, treated as blank; whether it is this year's is the engine's.
    let reportDate: Day | null = null;
    const rawReportDate = hasReportDate
      ? clean(at(row, ix.reportDate), 'reportDate', false, false, ri)
      : null;
    if (!isBlankCell(rawReportDate)) {
      const p = parseDate(rawReportDate, date1904);
      if (p.ok) reportDate = p.day;
      else ri.add('report-date-invalid', 'warning', 'reportDate', cellText(rawReportDate));
    }
    // 名簿外の修了者 (rev 2): a count or a flag; anything else = warning, 0.
    let outsideCompleters = 0;
    if (ix.outsideCompleters >= 0) {
      const raw = clean(at(row, ix.outsideCompleters), 'outsideCompleters', false, true, ri);
      const p = parseOutsideCompleters(raw);
      if (p.ok) outsideCompleters = p.value;
      else ri.add('outside-completers-invalid', 'warning', 'outsideCompleters', cellText(raw));
    }
    if (ri.hasError || code === null) {
      states[r - src.headerRow - 1] = 'rejected';
      continue;
    }
    seen.set(code, r);
    states[r - src.headerRow - 1] = 'used';
    // Two literals rather than a conditional spread (one object per row; same fields, same order).
    clinics.push(
      hasReportDate
        ? {
            row: r,
            code,
            name,
            type,
            specialFunction,
            suspended,
            district,
            gmisAccount,
            gmisPermission,
            reported,
            reportDate,
            outsideCompleters,
          }
        : {
            row: r,
            code,
            name,
            type,
            specialFunction,
            suspended,
            district,
            gmisAccount,
            gmisPermission,
            reported,
            outsideCompleters,
          },
    );
  }
  return { clinics, rows: finish(src, states) };
}

// ---------------------------------------------------------------- 医師

interface DoctorsRead {
  doctors: DoctorIn[];
  /** ids[i] is doctors[i].id: a compact array, so that the record loop does not load each doctor. */
  ids: string[];
  rows: SourceRows;
  byId: TextIndex;
}

function* readDoctors(
  src: Source,
  issues: IssueDraft[],
  date1904: boolean,
  clinicByCode: TextIndex | null,
): Steps<DoctorsRead> {
  const f = new Fields(src);
  const ix = {
    doctorId: f.idx('doctorId'),
    name: f.idx('name'),
    kana: f.idx('kana'),
    clinicCode: f.idx('clinicCode'),
    district: f.idx('district'),
    memberClass: f.idx('memberClass'),
    certificateDate: f.idx('certificateDate'),
    certificateNo: f.idx('certificateNo'),
    applicationStatus: f.idx('applicationStatus'),
  };
  const ri = new RowIssues(issues, 'doctors');
  const cols = matchedCols(src);
  const states = rowStates(src);
  const doctors: DoctorIn[] = [];
  const ids: string[] = [];
  const byId = new TextIndex(src.lastRow - src.headerRow);
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    if ((r & SLICE_MASK) === 0) yield;
    const row = src.sheet.rows[r - 1];
    if (isRowBlank(row, cols)) {
      states[r - src.headerRow - 1] = 'blank';
      continue;
    }
    ri.start(r);
    let id: string | null = null;
    const rawId = clean(at(row, ix.doctorId), 'doctorId', true, false, ri);
    if (isBlankCell(rawId)) {
      ri.add('doctor-id-missing', 'error', 'doctorId', null);
    } else {
      const p = parseDoctorId(rawId);
      if (!p.ok) ri.add('doctor-id-invalid', 'error', 'doctorId', cellText(rawId));
      else if (byId.has(p.id))
        ri.add('doctor-id-duplicate', 'error', 'doctorId', p.id, { firstRow: doctors[byId.get(p.id)!].row });
      else id = p.id;
    }
    const name = textValue(clean(at(row, ix.name), 'name', false, false, ri));
    if (name === null) ri.add('doctor-name-missing', 'warning', 'name', null);
    const kana = textValue(clean(at(row, ix.kana), 'kana', false, false, ri));
    let clinicCode: string | null = null;
    const rawClinic = clean(at(row, ix.clinicCode), 'clinicCode', false, false, ri);
    if (!isBlankCell(rawClinic)) {
      const p = parseClinicCode(rawClinic);
      const code = p.ok ? p.code : null;
      if (clinicByCode && (code === null || !clinicByCode.has(code))) {
        ri.add('clinic-unknown', 'warning', 'clinicCode', cellText(rawClinic));
      } else {
        clinicCode = code ?? normalisedCodeText(rawClinic);
      }
    }
    const district = textValue(clean(at(row, ix.district), 'district', false, false, ri));
    const memberClass = textValue(clean(at(row, ix.memberClass), 'memberClass', false, false, ri));
    let certificateDate: Day | null = null;
    const rawCert = clean(at(row, ix.certificateDate), 'certificateDate', false, false, ri);
    if (!isBlankCell(rawCert)) {
      const p = parseDate(rawCert, date1904);
      if (p.ok) certificateDate = p.day;
      else ri.add('certificate-date-invalid', 'warning', 'certificateDate', cellText(rawCert));
    }
    const certificateNo = textValue(clean(at(row, ix.certificateNo), 'certificateNo', false, false, ri));
    const rawApp = clean(at(row, ix.applicationStatus), 'applicationStatus', false, false, ri);
    const app = parseApplicationStatus(rawApp);
    if (app === 'unknown')
      ri.add('application-status-unknown', 'info', 'applicationStatus', cellText(rawApp));
    if (ri.hasError || id === null) {
      states[r - src.headerRow - 1] = 'rejected';
      continue;
    }
    states[r - src.headerRow - 1] = 'used';
    byId.set(id, doctors.length);
    ids.push(id);
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
  return { doctors, ids, rows: finish(src, states), byId };
}

/** Without a 医療機関 sheet codes are kept as normalised text (no validation possible). */
function normalisedCodeText(v: RawCell): string | null {
  const t = cellText(v);
  // Nothing left after removing spaces and hyphens ('-', 'ー') is no code, not the code ''.
  return t === null ? null : t.normalize('NFKC').replace(/[\s\-‐‑‒–—―−－ー]/g, '') || null;
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
  const map = new TextIndex();
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

/**
 * The doctor a 研修記録 / 所属 row refers to (its index in the used doctors), or undefined with the
 * error raised: doctor-id-missing, doctor-id-invalid, or record-doctor-unknown (whose fix names a
 * zero-padded ID that would match; nothing is repaired silently).
 */
function doctorRef(
  raw: RawCell,
  resolve: (id: string) => number | undefined,
  ri: RowIssues,
): number | undefined {
  // Fast path, same result: a text of ASCII digits (nearly every ID) is no error value, has
  // nothing to trim and is its own NFKC form, so it is its own ID; a known one needs no more.
  if (typeof raw === 'string' && isAsciiDigits(raw)) {
    const known = resolve(raw);
    if (known !== undefined) return known;
  }
  const rawId = clean(raw, 'doctorId', true, false, ri);
  if (isBlankCell(rawId)) {
    ri.add('doctor-id-missing', 'error', 'doctorId', null);
    return undefined;
  }
  const id = doctorIdText(rawId);
  if (id === null) {
    ri.add('doctor-id-invalid', 'error', 'doctorId', cellText(rawId));
    return undefined;
  }
  const index = resolve(id);
  if (index === undefined) {
    const padded = paddedMatch(id, resolve);
    ri.add('record-doctor-unknown', 'error', 'doctorId', id, padded ? { padded } : undefined);
  }
  return index;
}

// ---------------------------------------------------------------- 研修記録

function* readRecords(
  src: Source,
  docSrc: Source,
  d: DoctorsRead,
  issues: IssueDraft[],
  date1904: boolean,
  profile: Profile,
): Steps<{ records: RecordColumns; rows: SourceRows }> {
  const f = new Fields(src);
  const ix = {
    date: f.idx('date'),
    doctorId: f.idx('doctorId'),
    approval: f.idx('approval'),
    units: f.idx('units'),
    kind: f.idx('kind'),
    title: f.idx('title'),
    sponsor: f.idx('sponsor'),
  };
  const ri = new RowIssues(issues, 'training');
  const cols = matchedCols(src);
  const states = rowStates(src);
  const records = new RecordColumns(d.ids, Math.max(0, src.lastRow - src.headerRow));
  const resolve = doctorIdResolver(src, docSrc, d);
  const hasApproval = f.has('approval');
  const step = profile.zagakuStep;
  const u = profile.unitsPerJitchi;
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    if ((r & SLICE_MASK) === 0) yield;
    const row = src.sheet.rows[r - 1];
    if (isRowBlank(row, cols)) {
      states[r - src.headerRow - 1] = 'blank';
      continue;
    }
    ri.start(r);
    const doctorIndex = doctorRef(at(row, ix.doctorId), resolve, ri);
    let date: Day | null = null;
    const rawDate = clean(at(row, ix.date), 'date', true, false, ri);
    if (isBlankCell(rawDate)) ri.add('date-missing', 'error', 'date', null);
    else if (typeof rawDate === 'number') {
      // parseDate without its result object (a number can only be date-invalid).
      const day = dayFromNumber(rawDate, date1904);
      if (Number.isNaN(day)) ri.add('date-invalid', 'error', 'date', cellText(rawDate));
      else date = day;
    } else {
      const p = parseDate(rawDate, date1904);
      if (p.ok) date = p.day;
      else ri.add(p.code, 'error', 'date', cellText(rawDate));
    }
    const rawKind = clean(at(row, ix.kind), 'kind', true, false, ri);
    let kind: RecordKind | null = null;
    if (isBlankCell(rawKind)) ri.add('kind-missing', 'error', 'kind', null);
    else {
      kind = parseKind(rawKind);
      if (kind === null) ri.add('kind-unknown', 'error', 'kind', cellText(rawKind));
    }
    const title = textValue(clean(at(row, ix.title), 'title', false, false, ri));
    const rawUnits = clean(at(row, ix.units), 'units', kind === 'zagaku', true, ri);
    let units: number | null = null;
    if (kind === 'zagaku') {
      if (isBlankCell(rawUnits)) ri.add('units-missing', 'error', 'units', null);
      else {
        const value = unitsValue(rawUnits); // parseUnits: NaN = not a number
        if (Number.isNaN(value)) ri.add('units-not-number', 'error', 'units', cellText(rawUnits));
        else if (!(value > 0) || !isMultipleOfStep(value, step))
          ri.add('units-not-half-step', 'error', 'units', cellText(rawUnits), { step });
        else units = value;
      }
    } else if (kind === 'jitchi' && !isBlankCell(rawUnits)) {
      const value = unitsValue(rawUnits);
      const ok = !Number.isNaN(value);
      if (ok) units = value;
      if (!ok || value !== u)
        ri.add('jitchi-units-not-standard', 'warning', 'units', cellText(rawUnits), { unitsPerJitchi: u });
    }
    let approval: Approval = 'approved';
    if (kind === 'jitchi' && hasApproval) {
      const rawAp = clean(at(row, ix.approval), 'approval', false, false, ri);
      approval = parseApproval(rawAp);
      if (approval === 'blank') ri.add('jitchi-approval-blank', 'warning', 'approval', null);
      else if (approval === 'rejected') ri.add('jitchi-not-approved', 'info', 'approval', cellText(rawAp));
    }
    if (f.has('sponsor')) clean(at(row, ix.sponsor), 'sponsor', false, false, ri);
    if (ri.hasError || doctorIndex === undefined || date === null || kind === null) {
      states[r - src.headerRow - 1] = 'rejected';
      continue;
    }
    states[r - src.headerRow - 1] = 'used';
    records.push(
      r,
      doctorIndex,
      date,
      kind === 'zagaku' ? KIND_ZAGAKU : KIND_JITCHI,
      records.titleNumber(title === null ? '' : normKey(title)),
      units === null ? NaN : units,
      APPROVALS.indexOf(approval),
    );
  }
  return { records, rows: finish(src, states) };
}

// ---------------------------------------------------------------- 所属

function* readAffiliations(
  src: Source,
  docSrc: Source,
  d: DoctorsRead,
  clinicByCode: TextIndex | null,
  issues: IssueDraft[],
): Steps<{ affiliations: AffiliationIn[]; rows: SourceRows }> {
  const f = new Fields(src);
  const ix = {
    doctorId: f.idx('doctorId'),
    clinicCode: f.idx('clinicCode'),
  };
  const ri = new RowIssues(issues, 'affiliations');
  const cols = matchedCols(src);
  const states = rowStates(src);
  const affiliations: AffiliationIn[] = [];
  const resolve = doctorIdResolver(src, docSrc, d);
  for (let r = src.headerRow + 1; r <= src.lastRow; r++) {
    if ((r & SLICE_MASK) === 0) yield;
    const row = src.sheet.rows[r - 1];
    if (isRowBlank(row, cols)) {
      states[r - src.headerRow - 1] = 'blank';
      continue;
    }
    ri.start(r);
    const doctorIndex = doctorRef(at(row, ix.doctorId), resolve, ri);
    let code: string | null = null;
    const rawCode = clean(at(row, ix.clinicCode), 'clinicCode', true, false, ri);
    if (isBlankCell(rawCode)) ri.add('clinic-code-missing', 'error', 'clinicCode', null);
    else {
      const p = parseClinicCode(rawCode);
      const c = p.ok ? p.code : null;
      if (clinicByCode && (c === null || !clinicByCode.has(c)))
        ri.add('clinic-unknown', 'error', 'clinicCode', cellText(rawCode));
      else {
        code = c ?? normalisedCodeText(rawCode);
        // Without 医療機関 any text is kept as the code; a value with no text left (an invalid
        // Date, only hyphens) is no code at all: the row is rejected, so it must say why (§4.1).
        if (code === null) ri.add('clinic-code-invalid', 'error', 'clinicCode', cellText(rawCode));
      }
    }
    if (ri.hasError || doctorIndex === undefined || code === null) {
      states[r - src.headerRow - 1] = 'rejected';
      continue;
    }
    states[r - src.headerRow - 1] = 'used';
    affiliations.push({ row: r, doctorId: d.ids[doctorIndex], clinicCode: code });
  }
  return { affiliations, rows: finish(src, states) };
}

// ---------------------------------------------------------------- previous run

/** True when the workbook holds 実行履歴 with its marker and at least one data row (§5.3 rev 2). */
export function hasHistory(wb: WorkbookSnapshot): boolean {
  if (!wb.definedNames.has(markerName(HISTORY_SHEET))) return false;
  const sheet = wb.sheets.find((s) => s.name === HISTORY_SHEET);
  if (!sheet) return false;
  if (sheet.lastUsedRow !== undefined) return sheet.lastUsedRow >= 2;
  for (let r = 2; r <= sheet.rows.length; r++) {
    const row = sheet.rows[r - 1];
    if (row && row.some((v) => !isBlankCell(v))) return true;
  }
  return false;
}

/** 判定_状態 / 判定_準備状況 as written by the previous run (read before any write, §5.3). */
function* readPrevious(
  docSrc: Source,
  doctors: DoctorIn[],
  _docStates: RowState[],
  clSrc: Source | null,
  clinics: ClinicIn[] | null,
  _clStates: RowState[],
): Steps<PreviousState | null> {
  const statusCol = ownedCol(docSrc, '判定_状態');
  const readyCol = clSrc ? ownedCol(clSrc, '判定_準備状況') : null;
  if (statusCol === null && readyCol === null) return null;
  const doctorStatus = new Map<string, Status>();
  const clinicReadiness = new Map<string, Readiness>();
  if (statusCol !== null) {
    for (let i = 0; i < doctors.length; i++) {
      if ((i & SLICE_MASK) === SLICE_MASK) yield;
      const doc = doctors[i];
      const t = cellText(cellAt(docSrc.sheet, doc.row, statusCol));
      const s = t === null ? undefined : STATUS_LABEL_TO_STATUS.get(t);
      if (s) doctorStatus.set(doc.id, s);
    }
  }
  if (readyCol !== null && clSrc && clinics) {
    for (let i = 0; i < clinics.length; i++) {
      if ((i & SLICE_MASK) === SLICE_MASK) yield;
      const c = clinics[i];
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
