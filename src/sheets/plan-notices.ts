/**
 * Individual notices (個別通知, SPEC §5.5, rev 2): a separate workbook — never the roster — with one
 * A4 portrait letter per recipient. Pure builders over the engine's result; the package writer
 * (src/xlsx/notices.ts, used by the CLI and, in the browser, by the task pane) applies the plan.
 *
 * - 通知_医師: one letter per used doctor who is not certified (eligible, in-progress, no-records;
 *   an expired certificate is not certified), in the order of 要対応リスト (§5.3), then the other
 *   doctors by 会員番号.
 * - 通知_医療機関: one letter per in-scope, action-needed clinic, by 地区 (§3.6 order) then 医療機関コード.
 * - A letter is one block of rows; a manual page break follows every letter but the last. Pages are
 *   A4 portrait, fit to one page wide (fitToWidth 1, fitToHeight 0: the pages come from the
 *   breaks), no gridlines, 20 mm margins, no formulas. A sheet without letters holds 「該当なし」.
 *
 * One page per letter: the four columns together are narrower than the printable width (so the
 * sheet prints at 100 %), every row has an explicit height (wrapped paragraphs get one line height
 * per estimated line), and the rows of a letter add up to less than the printable height. A
 * clinic with more linked doctors than fit lists as many as fit and 「ほか{n}名」 (the longest case
 * the SPEC names — every reason, at risk, 30 linked doctors — fits without cutting).
 *
 * Personal data: a doctor's letter names only that doctor; a clinic's letter names only the
 * clinic and its own linked doctors.
 */
import { tokyoNow, type Day } from '../domain/day';
import { districtKey } from '../domain/district';
import { runSteps, type Steps } from '../domain/steps';
import type { ClinicIn, DoctorIn, EngineInput } from '../domain/types';
import { evaluateSteps, profileText, type ClinicOutcome, type DoctorOutcome, type Outcome } from './outcome';
import {
  NOTICE_CLINICS_SHEET,
  NOTICE_CLINIC_LABELS,
  NOTICE_CLINIC_TITLE,
  NOTICE_DOCTORS_SHEET,
  NOTICE_DOCTOR_LABELS,
  NOTICE_DOCTOR_TEXTS,
  NOTICE_DOCTOR_TITLE,
  NOTICE_NONE,
  NOTICE_REASON_TEXTS,
  activities,
  clinicRecipient,
  contactLine,
  daysLeftText,
  doctorRecipient,
  moreDoctorsText,
  noticeAtRiskText,
  units,
  warekiDate,
  windowText,
} from '../strings/notices';
import { COMPLETER_NO, COMPLETER_YES, MAMIS_NOTE, STATUS_LABELS } from '../strings/texts';
import { fitCell } from './plan';
import { displayWidth, followUpEntriesSteps } from './plan-follow-up';
import { STYLES, type CellOut, type PageSetupPlan, type SheetPlan, type StyleKey } from './plan-types';
import { readWorkbookSteps, type ReadResult } from './read';
import type { WorkbookSnapshot } from './types';

export type NoticeTarget = 'doctors' | 'clinics' | 'all';

/** The 設定 texts printed on every letter (SPEC §3.7: 医師会名, 問い合わせ先; blank = not printed). */
export interface NoticeSender {
  associationName: string | null;
  contact: string | null;
}

export interface NoticeOptions extends NoticeSender {
  /** Which sheets: doctors, clinics or both (default both). */
  to?: NoticeTarget;
  /** Only recipients of this 地区 (compared by the district key of §3.6); null = every district. */
  district?: string | null;
}

/** What the notices need of a run: the engine's input and result. */
export interface NoticeContext {
  input: EngineInput;
  engine: Outcome;
}

// ---------------------------------------------------------------------------------------------
// Page geometry
// ---------------------------------------------------------------------------------------------

/** Column widths (character units): A labels / 会員番号, B values / 氏名, C labels / 判定, D 不足. */
export const NOTICE_WIDTHS = [16, 26, 16, 26];
/** 20 mm in inches (SPEC §5.5 margins); header and footer are empty. */
const MM20 = 0.7874;
export const NOTICE_MARGINS = { left: MM20, right: MM20, top: MM20, bottom: MM20, header: 0.3, footer: 0.3 };
/**
 * Printable height of A4 portrait (297 mm) inside 20 mm margins, in points, less a safety margin
 * for renderers that round row heights.
 */
export const NOTICE_PAGE_POINTS = ((297 - 40) / 25.4) * 72 - 4;

/** Height of one line of text of the given font size (CJK fonts need about 1.45 em). */
export function lineHeight(size: number): number {
  return Math.ceil(size * 1.45 * 2) / 2;
}

/** Font size of a style (the sizes are in STYLES, plan-types.ts). */
const sizeOf = (s: StyleKey): number => STYLES[s].size ?? 11;

const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);
const FULL = sum(NOTICE_WIDTHS);
const VALUE_SPAN = FULL - NOTICE_WIDTHS[0];

/** Lines a text needs in a span of `width` character units at font size `size`. */
export function linesFor(text: string, width: number, size: number): number {
  const usable = Math.max(1, width - 1.5);
  return Math.max(1, Math.ceil((displayWidth(text) * (size / 11)) / usable));
}

const GAP = 3;

/** Accumulates one letter: rows, their heights and the merged spans. */
class Letter {
  readonly rows: CellOut[][] = [];
  readonly heights: number[] = [];
  readonly merges: [number, number, number][] = []; // [row index, first col, last col]
  get height(): number {
    return sum(this.heights);
  }
  private push(cells: CellOut[], h: number): number {
    this.rows.push(cells);
    this.heights.push(h);
    return this.rows.length - 1;
  }
  gap(h = GAP): void {
    this.push([], h);
  }
  /** A text over all four columns (merged), as many lines high as it needs. */
  wide(text: string, s: StyleKey, pad = 0): void {
    const size = sizeOf(s);
    const i = this.push([cell(text, s)], linesFor(text, FULL, size) * lineHeight(size) + pad);
    this.merges.push([i, 1, 4]);
  }
  /** A label in A and a value over B:D (merged). */
  pair(label: string, value: string): void {
    const size = sizeOf('nValue');
    const i = this.push(
      [cell(label, 'nLabel'), cell(value, 'nValue')],
      linesFor(value, VALUE_SPAN, size) * lineHeight(size),
    );
    this.merges.push([i, 2, 4]);
  }
  /** Four cells, one line high. */
  row(cells: CellOut[], h: number): void {
    this.push(cells, h);
  }
}

const cell = (v: string, s: StyleKey): CellOut => (v === '' ? null : { t: 's', v: fitCell(v), s });

/** The head every letter shares: date line, recipient, sender, title. */
function head(l: Letter, date: string, recipient: string, sender: NoticeSender, title: string): void {
  l.wide(date, 'nDate');
  l.wide(recipient, 'nRecipient');
  if (sender.associationName) l.wide(sender.associationName, 'nSender');
  l.gap();
  l.wide(title, 'nTitle');
  l.gap();
}

/** The end every letter shares: the MAMIS note and the contact line. */
function tail(l: Letter, sender: NoticeSender): void {
  l.gap(4);
  l.wide(MAMIS_NOTE, 'nNote');
  if (sender.contact) l.wide(contactLine(sender.contact), 'nPara');
}

/** Height of the tail, for fitting a clinic's doctor list. */
function tailHeight(sender: NoticeSender): number {
  const t = new Letter();
  tail(t, sender);
  return t.height;
}

// ---------------------------------------------------------------------------------------------
// Doctors
// ---------------------------------------------------------------------------------------------

/** The next-step paragraphs of a doctor's letter, in Appendix B order (expired first). */
export function doctorParagraphs(d: DoctorIn, r: DoctorOutcome, ruleText: string, u: number): string[] {
  const out: string[] = [];
  if (r.certificateExpired !== null) out.push(NOTICE_DOCTOR_TEXTS.expired(r.certificateExpired));
  if (r.status === 'eligible') {
    if (d.applicationStatus === '申請中' || d.applicationStatus === '承認済')
      out.push(NOTICE_DOCTOR_TEXTS.applied);
    else if (d.applicationStatus === '差戻し') out.push(NOTICE_DOCTOR_TEXTS.returned);
    else out.push(NOTICE_DOCTOR_TEXTS.eligible(ruleText));
  } else if (r.status === 'in-progress' || r.status === 'no-records') {
    if (r.missing.jitchiActivities > 0)
      out.push(NOTICE_DOCTOR_TEXTS.missingJitchi(r.missing.jitchiActivities, u));
    if (r.missing.zagakuUnits > 0) out.push(NOTICE_DOCTOR_TEXTS.missingZagaku(r.missing.zagakuUnits));
    if (r.jitchiPending > 0) out.push(NOTICE_DOCTOR_TEXTS.pending(r.jitchiPending));
  }
  return out;
}

interface Shared {
  date: string;
  sender: NoticeSender;
  ruleText: string;
  unitsPerJitchi: number;
}

function doctorLetter(d: DoctorIn, r: DoctorOutcome, clinicName: string | null, sh: Shared): Letter {
  const l = new Letter();
  head(l, sh.date, doctorRecipient(clinicName, d.name ?? d.id), sh.sender, NOTICE_DOCTOR_TITLE);
  const L = NOTICE_DOCTOR_LABELS;
  l.pair(L.zagaku, units(r.zagakuUnits));
  l.pair(L.jitchi, activities(r.jitchiActivities));
  l.pair(L.pending, activities(r.jitchiPending));
  l.pair(L.total, units(r.totalUnits));
  l.pair(L.rule, sh.ruleText);
  l.pair(L.status, STATUS_LABELS[r.status]);
  l.pair(L.shortfall, r.shortfallText);
  l.gap(6);
  for (const p of doctorParagraphs(d, r, sh.ruleText, sh.unitsPerJitchi)) l.wide(p, 'nPara', 2);
  tail(l, sh.sender);
  return l;
}

/** Indices of the doctors who get a letter, in letter order (SPEC §5.5). */
export function* doctorRecipientsSteps(ctx: NoticeContext, district: string | null): Steps<number[]> {
  const { input, engine } = ctx;
  const want = district === null ? null : districtKey(district);
  const inScope = (i: number): boolean =>
    engine.doctors[i].status !== 'certified' &&
    (want === null || districtKey(engine.doctors[i].district) === want);
  const byId = new Map<string, number>();
  for (let i = 0; i < input.doctors.length; i++)
    if (!byId.has(input.doctors[i].id)) byId.set(input.doctors[i].id, i);
  const out: number[] = [];
  const seen = new Uint8Array(input.doctors.length);
  const entries = yield* followUpEntriesSteps(ctx);
  for (const e of entries) {
    if (e.doctorId === null) continue;
    const i = byId.get(e.doctorId);
    if (i === undefined || seen[i] || !inScope(i)) continue;
    seen[i] = 1;
    out.push(i);
  }
  yield;
  const rest: number[] = [];
  for (let i = 0; i < input.doctors.length; i++) if (!seen[i] && inScope(i)) rest.push(i);
  const id = (i: number): string => input.doctors[i].id;
  rest.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : a - b));
  yield;
  return out.concat(rest);
}

// ---------------------------------------------------------------------------------------------
// Clinics
// ---------------------------------------------------------------------------------------------

interface LinkedDoctor {
  id: string;
  name: string;
  status: string;
  shortfall: string;
}

function clinicLetter(
  c: ClinicIn,
  r: ClinicOutcome,
  doctors: readonly LinkedDoctor[],
  windowStart: number,
  windowEnd: number,
  sh: Shared,
): Letter {
  const l = new Letter();
  head(l, sh.date, clinicRecipient(c.name ?? c.code), sh.sender, NOTICE_CLINIC_TITLE);
  const L = NOTICE_CLINIC_LABELS;
  const info = lineHeight(sizeOf('nValue'));
  l.row(
    [
      cell(L.code, 'nLabel'),
      cell(c.code, 'nValue'),
      cell(L.completer, 'nLabel'),
      cell(r.completerAnswer === COMPLETER_YES ? COMPLETER_YES : COMPLETER_NO, 'nValue'),
    ],
    info,
  );
  l.row(
    [
      cell(L.window, 'nLabel'),
      cell(windowText(windowStart, windowEnd), 'nValue'),
      cell(L.daysLeft, 'nLabel'),
      cell(daysLeftText(r.daysLeft), 'nValue'),
    ],
    info,
  );
  l.gap(4);
  for (const reason of r.reasons) l.wide(NOTICE_REASON_TEXTS[reason], 'nParaS', 1);
  if (r.atRisk) l.wide(noticeAtRiskText(windowEnd), 'nParaS', 1);
  if (doctors.length > 0) {
    l.gap(4);
    l.wide(L.doctorsHeading, 'nHeading');
    const th = lineHeight(sizeOf('nThead'));
    l.row(
      [
        cell(L.doctorId, 'nThead'),
        cell(L.doctorName, 'nThead'),
        cell(L.doctorStatus, 'nThead'),
        cell(L.doctorShortfall, 'nThead'),
      ],
      th,
    );
    // As many doctors as fit above the tail; the rest are counted in one line.
    const room = NOTICE_PAGE_POINTS - l.height - tailHeight(sh.sender);
    let fit = Math.floor(room / th);
    if (fit < doctors.length) fit = Math.max(0, fit - 1);
    const shown = Math.min(doctors.length, fit);
    for (let k = 0; k < shown; k++) {
      const d = doctors[k];
      l.row(
        [cell(d.id, 'nTcell'), cell(d.name, 'nTcell'), cell(d.status, 'nTcell'), cell(d.shortfall, 'nTcell')],
        th,
      );
    }
    if (shown < doctors.length) {
      const i = l.rows.length;
      l.row([cell(moreDoctorsText(doctors.length - shown), 'nTcell')], th);
      l.merges.push([i, 1, 4]);
    }
  }
  tail(l, sh.sender);
  return l;
}

/** Indices of the clinics that get a letter, by 地区 (district-table order) then 医療機関コード. */
export function clinicRecipients(ctx: NoticeContext, district: string | null): number[] {
  const { input, engine } = ctx;
  const clinics = input.clinics ?? [];
  const want = district === null ? null : districtKey(district);
  const order = new Map(engine.districts.map((d, i) => [d.district, i]));
  const out: number[] = [];
  for (let i = 0; i < clinics.length; i++) {
    const r = engine.clinics[i];
    if (!r.inScope || r.readiness !== 'action-needed') continue;
    if (want !== null && districtKey(r.district) !== want) continue;
    out.push(i);
  }
  const dIdx = (i: number): number => order.get(engine.clinics[i].district) ?? Number.MAX_SAFE_INTEGER;
  const code = (i: number): string => clinics[i].code;
  out.sort((a, b) => dIdx(a) - dIdx(b) || (code(a) < code(b) ? -1 : code(a) > code(b) ? 1 : a - b));
  return out;
}

/** Linked doctors of every clinic (primary clinic and 所属 links, each once), in 医師 sheet order. */
function linkedDoctors(ctx: NoticeContext, wanted: ReadonlySet<string>): Map<string, LinkedDoctor[]> {
  const out = new Map<string, LinkedDoctor[]>();
  const { input, engine } = ctx;
  for (let i = 0; i < input.doctors.length; i++) {
    const r = engine.doctors[i];
    for (const code of r.clinicCodes) {
      if (!wanted.has(code)) continue;
      const d = input.doctors[i];
      let list = out.get(code);
      if (!list) out.set(code, (list = []));
      list.push({
        id: d.id,
        name: d.name ?? '',
        status: STATUS_LABELS[r.status],
        shortfall: r.shortfallText,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------

/** Page setup of a notices sheet: A4 portrait, one page wide, pages from the breaks, 20 mm margins. */
export function noticePage(): PageSetupPlan {
  return {
    orientation: 'portrait',
    paperSize: 9,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitleRows: null,
    footer: null,
    margins: { ...NOTICE_MARGINS },
  };
}

function emptyNoticeSheet(name: string): SheetPlan {
  return {
    name,
    mode: 'owned',
    rows: [],
    widths: [...NOTICE_WIDTHS],
    freezeRows: 0,
    autoFilter: null,
    merges: [],
    highlights: [],
    page: noticePage(),
    chart: null,
    rowHeights: {},
    rowBreaks: [],
    showGridlines: false,
  };
}

/** Appends letters to a sheet: rows, heights, merges, and a break after each letter but the last. */
function* sheetOf(name: string, letters: Iterable<Letter>): Steps<SheetPlan> {
  const sp = emptyNoticeSheet(name);
  const heights = sp.rowHeights!;
  for (const l of letters) {
    if (sp.rows.length > 0) sp.rowBreaks!.push(sp.rows.length);
    const base = sp.rows.length; // 0-based index of the letter's first row
    for (let k = 0; k < l.rows.length; k++) {
      sp.rows.push(l.rows[k]);
      heights[base + k + 1] = l.heights[k];
    }
    for (const [i, c1, c2] of l.merges) {
      const r = base + i + 1;
      sp.merges.push(`${String.fromCharCode(64 + c1)}${r}:${String.fromCharCode(64 + c2)}${r}`);
    }
    yield;
  }
  if (sp.rows.length === 0) sp.rows.push([{ t: 's', v: NOTICE_NONE, s: 'nPara' }]);
  return sp;
}

function shared(ctx: NoticeContext, sender: NoticeSender): Shared {
  return {
    date: warekiDate(ctx.engine.asOf),
    sender: {
      associationName: blankToNull(sender.associationName),
      contact: blankToNull(sender.contact),
    },
    ruleText: profileText(ctx.input.profile),
    unitsPerJitchi: ctx.input.profile.unitsPerJitchi,
  };
}

const blankToNull = (s: string | null | undefined): string | null =>
  s === null || s === undefined || s.trim() === '' ? null : s.trim();

/** 通知_医師 */
export function* doctorNoticesSheetSteps(ctx: NoticeContext, opts: NoticeOptions): Steps<SheetPlan> {
  const sh = shared(ctx, opts);
  const idx = yield* doctorRecipientsSteps(ctx, opts.district ?? null);
  const clinics = ctx.input.clinics ?? [];
  const nameByCode = new Map<string, string | null>();
  for (const c of clinics) if (!nameByCode.has(c.code)) nameByCode.set(c.code, c.name);
  const { input, engine } = ctx;
  function* letters(): Generator<Letter> {
    for (const i of idx) {
      const d = input.doctors[i];
      const name = d.clinicCode === null ? null : (nameByCode.get(d.clinicCode) ?? null);
      yield doctorLetter(d, engine.doctors[i], name, sh);
    }
  }
  return yield* sheetOf(NOTICE_DOCTORS_SHEET, letters());
}

/** 通知_医療機関 */
export function* clinicNoticesSheetSteps(ctx: NoticeContext, opts: NoticeOptions): Steps<SheetPlan> {
  const sh = shared(ctx, opts);
  const idx = clinicRecipients(ctx, opts.district ?? null);
  yield;
  const clinics = ctx.input.clinics ?? [];
  const linked = linkedDoctors(ctx, new Set(idx.map((i) => clinics[i].code)));
  yield;
  const { engine } = ctx;
  function* letters(): Generator<Letter> {
    for (const i of idx) {
      const c = clinics[i];
      yield clinicLetter(
        c,
        engine.clinics[i],
        linked.get(c.code) ?? [],
        engine.reportWindowStart,
        engine.reportWindowEnd,
        sh,
      );
    }
  }
  return yield* sheetOf(NOTICE_CLINICS_SHEET, letters());
}

/** The sheets of the notices workbook (both by default; `to` picks one). */
export function* noticesPlanSteps(ctx: NoticeContext, opts: NoticeOptions): Steps<SheetPlan[]> {
  const to = opts.to ?? 'all';
  const out: SheetPlan[] = [];
  if (to !== 'clinics') out.push(yield* doctorNoticesSheetSteps(ctx, opts));
  if (to !== 'doctors') out.push(yield* clinicNoticesSheetSteps(ctx, opts));
  return out;
}

export function noticesPlan(ctx: NoticeContext, opts: NoticeOptions): SheetPlan[] {
  return runSteps(noticesPlanSteps(ctx, opts));
}

/** Number of letters on a notices sheet (its page breaks + 1, or 0 for 「該当なし」). */
export function letterCount(sp: SheetPlan): number {
  if (sp.rows.length === 1 && sp.rows[0][0]?.t === 's' && sp.rows[0][0].v === NOTICE_NONE) return 0;
  return (sp.rowBreaks?.length ?? 0) + 1;
}

// ---------------------------------------------------------------------------------------------
// The run behind the notices: read, engine, plan (nothing is written to the roster)
// ---------------------------------------------------------------------------------------------

/**
 * 医師会名 and 問い合わせ先 as the 設定 reader parsed them (SPEC §3.7, rev 2; src/sheets/settings.ts):
 * blank or absent = not printed.
 */
export function noticeSenderOf(read: ReadResult): NoticeSender {
  const t = read.settings.texts;
  return { associationName: blankToNull(t.associationName), contact: blankToNull(t.contact) };
}

export interface NoticesRunOptions extends Omit<NoticeOptions, 'associationName' | 'contact'> {
  /** --as-of (wins over 設定 基準日). */
  asOf?: Day | null;
  /** The clock (today when neither --as-of nor 基準日 is set); Asia/Tokyo. */
  now?: Date;
}

export interface NoticesRun {
  read: ReadResult;
  input: EngineInput;
  engine: Outcome;
  sender: NoticeSender;
  sheets: SheetPlan[];
}

/** The notices of a workbook snapshot: the contract read, the engine run, the letters planned. */
export function* noticesRunSteps(wb: WorkbookSnapshot, opts: NoticesRunOptions = {}): Steps<NoticesRun> {
  const read = yield* readWorkbookSteps(wb);
  const asOf = opts.asOf ?? read.profile.asOfSetting ?? tokyoNow(opts.now ?? new Date()).day;
  const input: EngineInput = {
    profile: read.profile,
    asOf,
    doctors: read.doctors,
    records: read.records,
    clinics: read.clinics,
    affiliations: read.affiliations,
    previous: null,
  };
  yield;
  const engine = yield* evaluateSteps(input);
  yield;
  const sender = noticeSenderOf(read);
  const sheets = yield* noticesPlanSteps(
    { input, engine },
    { ...sender, to: opts.to, district: opts.district ?? null },
  );
  return { read, input, engine, sender, sheets };
}
