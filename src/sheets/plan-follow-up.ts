/**
 * 要対応リスト (SPEC §5.3, Appendix C): who and which clinic to chase — one flat, filterable,
 * printable table. Who is listed is the domain's rule (src/domain/follow-up.ts); the labels, the
 * order and the layout are decided here.
 */
import { compareCodePoints } from '../domain/district';
import { FOLLOW_UP_KINDS, followUpKindOf, type FollowUpKind } from '../domain/follow-up';
import { runSteps, SLICE_MASK, type Steps } from '../domain/steps';
import { TextIndex } from '../domain/text-index';
import type { ClinicIn, Reason } from '../domain/types';
import { AT_RISK_TEXT, REASON_LABELS, REASON_SEPARATOR } from '../strings/texts';
import { colLetter } from './address';
import { emptySheet, sharedText, text as txt } from './plan';
import { pageSetup, type SheetContext } from './plan-context';
import type { CellOut, SheetPlan, StyleKey } from './plan-types';

export const FOLLOW_UP_SHEET = '要対応リスト';
export const FOLLOW_UP_HEADERS = [
  '区分',
  '地区',
  '医療機関コード',
  '医療機関名',
  '会員番号',
  '氏名',
  '不足',
  '次の対応',
  '理由',
  '残り日数',
  '間に合わない恐れ',
] as const;

/** 区分 labels (SPEC §5.3); their order is FOLLOW_UP_KINDS. */
export const FOLLOW_UP_LABELS: Readonly<Record<FollowUpKind, string>> = Object.freeze({
  apply: '申請待ち',
  jitchiOnly: '実地のみ不足',
  zagakuOnly: '座学のみ不足',
  clinic: '医療機関要対応',
});

/** 次の対応 of an action-needed clinic, one step per reason (joined with 「／」). */
export const CLINIC_NEXT_STEPS: Readonly<Record<Reason, string>> = Object.freeze({
  'no-gmis-account': 'G-MISアカウントの発行を申請',
  'no-gmis-permission': 'G-MISでかかりつけ医機能報告の権限を追加',
  'no-linked-doctor': '所属医師の登録（医師・所属シート）を確認',
  'no-completer': '所属医師に研修の受講を案内',
  'eligible-not-applied': '要件充足の医師にMAMISでの修了申請を案内',
});

export interface FollowUpEntry {
  kind: FollowUpKind;
  district: string;
  clinicCode: string | null;
  clinicName: string | null;
  doctorId: string | null;
  doctorName: string | null;
  shortfall: string | null;
  next: string;
  reasons: string | null;
  daysLeft: number | null;
  atRisk: boolean;
}

/** Code-point order (§5.3 rev 2: 医療機関コード and 会員番号 in code-point order). */
const codePointCompare = compareCodePoints;

/** The rows of 要対応リスト as data, sorted by 地区, 医療機関コード, 区分, 会員番号. */
export function followUpEntries(ctx: SheetContext): FollowUpEntry[] {
  return runSteps(followUpEntriesSteps(ctx));
}

/** followUpEntries as a computation that yields between row blocks (see domain/steps.ts). */
export function* followUpEntriesSteps(ctx: Pick<SheetContext, 'input' | 'engine'>): Steps<FollowUpEntry[]> {
  const { input, engine } = ctx;
  const clinics: ClinicIn[] = input.clinics ?? [];
  // code → index of the last clinic with that code (as new Map(clinics.map(…)) would keep).
  const clinicByCode = new TextIndex(clinics.length);
  for (let i = 0; i < clinics.length; i++) clinicByCode.set(clinics[i].code, i);
  const out: FollowUpEntry[] = [];
  for (let i = 0; i < input.doctors.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const d = input.doctors[i];
    const r = engine.doctors[i];
    const kind = followUpKindOf(
      r.status,
      r.missing.jitchiActivities,
      r.missing.zagakuUnits,
      input.profile.nearZagakuThreshold,
    );
    if (kind === null) continue;
    const code = d.clinicCode;
    out.push({
      kind,
      district: r.district,
      clinicCode: code,
      clinicName: code === null ? null : (clinics[clinicByCode.get(code) ?? -1]?.name ?? null),
      doctorId: d.id,
      doctorName: d.name,
      shortfall: r.shortfallText === '' ? null : r.shortfallText,
      next: r.next,
      reasons: null,
      daysLeft: null,
      atRisk: false,
    });
  }
  // 次の対応 and 理由 of a list of reasons (the engine shares one list per combination).
  const reasonTexts = new Map<readonly Reason[], { next: string; reasons: string }>();
  for (let i = 0; i < clinics.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const c = clinics[i];
    const r = engine.clinics[i];
    if (r.readiness !== 'action-needed') continue;
    let texts = reasonTexts.get(r.reasons);
    if (texts === undefined) {
      texts = {
        next: r.reasons.map((x) => CLINIC_NEXT_STEPS[x]).join('／'),
        reasons: r.reasons.map((x) => REASON_LABELS[x]).join(REASON_SEPARATOR),
      };
      reasonTexts.set(r.reasons, texts);
    }
    out.push({
      kind: 'clinic',
      district: r.district,
      clinicCode: c.code,
      clinicName: c.name,
      doctorId: null,
      doctorName: null,
      shortfall: null,
      next: texts.next,
      reasons: texts.reasons,
      daysLeft: r.daysLeft,
      atRisk: r.atRisk,
    });
  }
  yield;
  // Sorted by 地区 in the order of the district table (code points of the key, （地区未設定）
  // last), then 医療機関コード in code-point order (§5.3 rev 2; codes without a 医療機関 sheet may
  // be any text) with doctors without a clinic after every clinic of their district, then 区分,
  // then 会員番号 in code-point order; ties keep their order. The first three are turned into one
  // number per entry and 会員番号 into a rank (ranks computed once, not in every comparison: a
  // national roster has some 150,000 entries), so the entries are placed without comparing texts.
  const districtOrder = new Map(engine.districts.map((d, i) => [d.district, i]));
  // A district missing from the table (none in practice) comes after every listed one, such
  // districts in code-point order among themselves.
  const unlisted: string[] = [];
  for (const e of out) {
    if (!districtOrder.has(e.district)) {
      districtOrder.set(e.district, -1);
      unlisted.push(e.district);
    }
  }
  unlisted.sort(codePointCompare);
  unlisted.forEach((district, i) => districtOrder.set(district, engine.districts.length + i));
  // Distinct clinic codes, numbered in order of first use, then ranked in code-point order.
  const codeNumber = new TextIndex(out.length);
  const codes: string[] = [];
  const codeOf = new Int32Array(out.length).fill(-1);
  for (let i = 0; i < out.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const code = out[i].clinicCode;
    if (code === null) continue;
    let k = codeNumber.get(code);
    if (k === undefined) {
      k = codes.length;
      codeNumber.set(code, k);
      codes.push(code);
    }
    codeOf[i] = k;
  }
  yield;
  const codeRank = codePointRanks(codes);
  yield;
  // key = (district rank · (codes + 1) + clinic rank) · 4 + 区分; no clinic = rank codes.length.
  // At most (entries + 47)² · 4, far below 2^53: exact.
  const key = new Float64Array(out.length);
  const noClinic = codes.length;
  const ids = new Array<string>(out.length);
  for (let i = 0; i < out.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const e = out[i];
    const c = codeOf[i] < 0 ? noClinic : codeRank[codeOf[i]];
    key[i] =
      ((districtOrder.get(e.district) as number) * (noClinic + 1) + c) * 4 + FOLLOW_UP_KINDS.indexOf(e.kind);
    ids[i] = e.doctorId ?? '';
  }
  yield;
  // Sorted by key, then 会員番号 in code-point order, then position: both turned into ranks and
  // the entries placed by two stable counting sorts (会員番号 rank first, then key rank) — the
  // order of a stable comparison sort on (key, 会員番号), without a comparison per pair.
  const keyRank = numberRanks(key);
  yield;
  const idRank = codePointRanks(ids);
  yield;
  const byId = stableCountingSort(identity(out.length), idRank);
  yield;
  const order = stableCountingSort(byId, keyRank);
  yield;
  const sorted = new Array<FollowUpEntry>(out.length);
  for (let i = 0; i < out.length; i++) sorted[i] = out[order[i]];
  return sorted;
}

/** 0, 1, …, n - 1. */
function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** The items of `items` in ascending order of rank[item]; items of equal rank keep their order. */
function stableCountingSort(items: Int32Array, rank: Int32Array): Int32Array {
  let max = -1;
  for (let i = 0; i < items.length; i++) if (rank[items[i]] > max) max = rank[items[i]];
  const start = new Int32Array(max + 2);
  for (let i = 0; i < items.length; i++) start[rank[items[i]] + 1]++;
  for (let r = 0; r <= max; r++) start[r + 1] += start[r];
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) out[start[rank[items[i]]]++] = items[i];
  return out;
}

/** Index of the first element of sorted[0, n) that is ≥ v. */
function lowerBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per value, the number of distinct smaller values (values are finite: no NaN). */
function numberRanks(values: Float64Array): Int32Array {
  const sorted = values.slice().sort(); // a typed array sorts numerically, without a comparator
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (m === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  const rank = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) rank[i] = lowerBound(sorted, m, values[i]);
  return rank;
}

/** Longest text of ASCII digits that digitsKey encodes: 11^15 < 2^53. */
const MAX_KEY_DIGITS = 15;

/**
 * A number whose order is the code-point order of texts of at most 15 ASCII digits (IDs and codes
 * nearly always are): the digits + 1 in base 11, padded with 0 on the right — so a text sorts
 * before its extensions ('1' < '10' < '2'), as compareCodePoints orders them. -1 for any other text.
 */
function digitsKey(s: string): number {
  const n = s.length;
  if (n > MAX_KEY_DIGITS) return -1;
  let v = 0;
  for (let i = 0; i < MAX_KEY_DIGITS; i++) {
    let d = 0;
    if (i < n) {
      d = s.charCodeAt(i) - 47; // '0' → 1 … '9' → 10
      if (d < 1 || d > 10) return -1;
    }
    v = v * 11 + d;
  }
  return v;
}

/**
 * Per text, its rank in code-point order (equal texts, equal ranks): by digitsKey and a numeric
 * sort when every text is short digits, else by sorting the distinct texts with compareCodePoints.
 */
function codePointRanks(texts: readonly string[]): Int32Array {
  const keys = new Float64Array(texts.length);
  let numeric = true;
  for (let i = 0; i < texts.length && numeric; i++) {
    keys[i] = digitsKey(texts[i]);
    if (keys[i] < 0) numeric = false;
  }
  if (numeric) return numberRanks(keys);
  const distinct = [...new Set(texts)].sort(codePointCompare);
  const rankOf = new Map<string, number>();
  distinct.forEach((t, i) => rankOf.set(t, i));
  const rank = new Int32Array(texts.length);
  for (let i = 0; i < texts.length; i++) rank[i] = rankOf.get(texts[i]) as number;
  return rank;
}

/**
 * Cells of the 要対応リスト columns whose texts repeat (区分, 地区, 不足, 次の対応, 理由, 残り日数,
 * 間に合わない恐れ): one object per distinct value, shared by the rows — a national list has
 * some 150,000 rows of a few dozen such values — and a clinic's code and name cells shared by its
 * neighbouring rows. Cells are never changed once planned.
 */
export class RepeatedCells {
  private readonly texts = [0, 1, 2, 3, 4, 5].map(() => new Map<string, CellOut>());
  private readonly days = new Map<number, CellOut>();
  /** The clinic code and name cells of the row before (see `clinic`). */
  private lastCode: string | null = null;
  private lastName: string | null = null;
  private lastCells: [CellOut, CellOut] = [null, null];

  /** txt(v, s) for repeated column `k` (each k has one style). */
  text(k: number, v: string | null, s: StyleKey): CellOut {
    return sharedText(this.texts[k], v, s);
  }

  /**
   * The 医療機関コード and 医療機関名 cells of a row: those of the row before when they hold the
   * same texts. The list is sorted by clinic code within a district, so a clinic's rows (its own
   * and its doctors') are neighbours and share one pair of cells — without a table of every
   * clinic's texts, whose lookups cost more than the cells they saved.
   */
  clinic(code: string | null, name: string | null): [CellOut, CellOut] {
    if (code !== this.lastCode || name !== this.lastName) {
      this.lastCode = code;
      this.lastName = name;
      this.lastCells = [txt(code, 'top'), txt(name, 'wrap')];
    }
    return this.lastCells;
  }

  daysLeft(v: number): CellOut {
    let c = this.days.get(v);
    if (c === undefined) this.days.set(v, (c = { t: 'n', v, fmt: '0', s: 'top' }));
    return c;
  }
}

/**
 * One 要対応リスト row as output cells (the CSV export writes the same cells). With `repeated`,
 * cells of repeated values are shared between rows (same contents).
 */
export function followUpRow(e: FollowUpEntry, repeated?: RepeatedCells): CellOut[] {
  // Every cell top-aligned, so a row reads on one line beside its wrapped texts.
  if (repeated) {
    const [code, name] = repeated.clinic(e.clinicCode, e.clinicName);
    return [
      repeated.text(0, FOLLOW_UP_LABELS[e.kind], 'top'),
      repeated.text(1, e.district, 'top'),
      code,
      name,
      txt(e.doctorId, 'top'),
      txt(e.doctorName, 'top'),
      repeated.text(2, e.shortfall, 'top'),
      repeated.text(3, e.next, 'wrap'),
      repeated.text(4, e.reasons, 'wrap'),
      e.daysLeft === null ? null : repeated.daysLeft(e.daysLeft),
      e.atRisk ? repeated.text(5, AT_RISK_TEXT, 'top') : null,
    ];
  }
  return [
    txt(FOLLOW_UP_LABELS[e.kind], 'top'),
    txt(e.district, 'top'),
    txt(e.clinicCode, 'top'),
    txt(e.clinicName, 'wrap'),
    txt(e.doctorId, 'top'),
    txt(e.doctorName, 'top'),
    txt(e.shortfall, 'top'),
    txt(e.next, 'wrap'),
    txt(e.reasons, 'wrap'),
    e.daysLeft === null ? null : { t: 'n', v: e.daysLeft, fmt: '0', s: 'top' },
    e.atRisk ? { t: 's', v: AT_RISK_TEXT, s: 'top' } : null,
  ];
}

/**
 * Approximate display width of a text in column-width units (the width of "0" at 11 pt): East
 * Asian wide characters count about 2.1, others 1.1 (slightly generous, so wrapped text is never
 * clipped).
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x20000;
    w += wide ? 2.1 : 1.1;
  }
  return w;
}

/** Points per line of 11 pt text, and the extra of a multi-line row. */
const LINE_POINTS = 15;

/**
 * Row heights for rows whose wrapped texts need more than one line. Written explicitly because
 * neither writer can rely on the spreadsheet to auto-fit row heights when it opens the file.
 */
export function wrappedRowHeights(
  rows: CellOut[][],
  widths: number[],
  firstRow: number,
): Record<number, number> {
  return runSteps(wrappedRowHeightsSteps(rows, widths, firstRow));
}

/** wrappedRowHeights as a computation that yields between row blocks (see domain/steps.ts). */
export function* wrappedRowHeightsSteps(
  rows: CellOut[][],
  widths: number[],
  firstRow: number,
): Steps<Record<number, number>> {
  const out: Record<number, number> = {};
  // Wrapped texts repeat (次の対応, 理由, a clinic's name on each of its doctors' rows): measure each once.
  const measured = new Map<string, number>();
  const widthOf = (text: string): number => {
    let w = measured.get(text);
    if (w === undefined) measured.set(text, (w = displayWidth(text)));
    return w;
  };
  // Per column, the last cell measured and its lines: neighbouring rows share cells (a clinic's
  // name on its rows, see RepeatedCells), which need no lookup.
  const lastCell: CellOut[] = [];
  const lastLines: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const cells = rows[i];
    let lines = 1;
    for (let j = 0; j < cells.length; j++) {
      if (!(j in cells)) continue; // a hole, as forEach skips it
      const c = cells[j];
      if (c === null || c.t !== 's' || (c.s !== 'wrap' && c.s !== 'headerWrap')) continue;
      if (c !== lastCell[j]) {
        const usable = Math.max(1, (widths[j] ?? 8.43) - 1);
        lastCell[j] = c;
        lastLines[j] = Math.ceil(widthOf(c.v) / usable);
      }
      lines = Math.max(lines, lastLines[j]);
    }
    if (lines > 1) out[firstRow + i] = lines * LINE_POINTS + 3;
  }
  return out;
}

/** Column widths of 要対応リスト: narrow enough to print portrait one page wide at a readable scale. */
export const FOLLOW_UP_WIDTHS = [13, 10, 11.5, 20, 11.5, 11, 11, 26, 22, 6.5, 9.5];

/** 要対応リスト: one flat, filterable, printable table; long texts wrap. */
export function followUpSheet(ctx: SheetContext): SheetPlan {
  return runSteps(followUpSheetSteps(ctx));
}

/** followUpSheet as a computation that yields between row blocks (see domain/steps.ts). */
export function* followUpSheetSteps(ctx: SheetContext): Steps<SheetPlan> {
  const sh = emptySheet(FOLLOW_UP_SHEET);
  sh.rows.push(FOLLOW_UP_HEADERS.map((h) => ({ t: 's', v: h, s: 'headerWrap' }) as CellOut));
  const entries = yield* followUpEntriesSteps(ctx);
  let fitFirst = 0;
  let fitLast = 0;
  const repeated = new RepeatedCells();
  for (let i = 0; i < entries.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const row = followUpRow(entries[i], repeated);
    sh.rows.push(row);
    if (row.some((c) => c !== null && c.s === 'wrap')) {
      fitLast = sh.rows.length;
      if (fitFirst === 0) fitFirst = fitLast;
    }
  }
  yield;
  sh.widths = [...FOLLOW_UP_WIDTHS];
  sh.rowHeights = yield* wrappedRowHeightsSteps(sh.rows, sh.widths, 1);
  // The entries' heights come from their wrapped texts: a writer that measures text fits them.
  if (fitFirst > 0) sh.fitRows = { first: fitFirst, last: fitLast };
  sh.freezeRows = 1;
  sh.autoFilter = `A1:${colLetter(FOLLOW_UP_HEADERS.length)}${sh.rows.length}`;
  sh.page = pageSetup('portrait', '1:1');
  return sh;
}
