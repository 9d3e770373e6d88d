/**
 * Builds the output plan (plan-types.ts) from what was read and what the engine decided.
 * Ownership (SPEC §5.1): owned columns are found by exact header; missing ones are added right of
 * the rightmost non-empty column (or as table columns); all checks run before any write.
 */
import type { EngineInput, Reason, Status, Readiness } from '../domain/types';
import { runSteps, SLICE_MASK, type Steps } from '../domain/steps';
import {
  AT_RISK_TEXT,
  INPUT_ERROR_TEXT,
  READINESS_LABELS,
  REASON_LABELS,
  REASON_SEPARATOR,
  STATUS_LABELS,
  scopeLabel,
} from '../strings/texts';
import { a1, colLetter, quoteSheet, rangeA1 } from './address';
import { isBlankCell } from './cells';
import { FatalError } from './fatal';
import type { PlacedIssue } from './issues';
import type { Source } from './locate';
import type { ClinicOutcome, DoctorOutcome, Outcome } from './outcome';
import { CLINIC_COLUMN_DEFS, DOCTOR_COLUMN_DEFS, TRAINING_COLUMN_DEFS, type OwnedColumnDef } from './owned';
import type { CellOut, HighlightRule, InputSheetPlan, OwnedColumn, SheetPlan, StyleKey } from './plan-types';
import type { ReadResult, RowState } from './read';
import { SETTINGS, TEXT_SETTINGS } from './settings';
import { SEVERITY_LABELS, inputCheckTruncatedText } from '../strings/texts';
import { cellKey } from './types';

/** Highlight colours per status / readiness / severity (fill, font). The text is the non-colour signal. */
export const STATUS_COLOURS: Record<Status, [string, string]> = {
  certified: ['C6EFCE', '006100'],
  eligible: ['DDEBF7', '1F4E78'],
  'in-progress': ['FFEB9C', '9C5700'],
  'no-records': ['EDEDED', '404040'],
};
export const READINESS_COLOURS: Record<Readiness, [string, string]> = {
  ready: ['C6EFCE', '006100'],
  reported: ['DDEBF7', '1F4E78'],
  'action-needed': ['FFC7CE', '9C0006'],
  'out-of-scope': ['EDEDED', '404040'],
};
export const SEVERITY_COLOURS = { error: ['FFC7CE', '9C0006'], warning: ['FFEB9C', '9C5700'] } as const;

/**
 * Rightmost column holding any non-empty cell from the header row down — SPEC §5.1.3 says down to
 * the last read row; cells below it count too, because the writers clear owned columns below the
 * last read row (§5.1.5): a user's note under the roster must never end up in an added owned column.
 */
function rightmostUsed(src: Source): number {
  let right = 0;
  const bottom = Math.max(src.lastRow, src.sheet.rows.length);
  for (let r = src.headerRow; r <= bottom; r++) {
    const row = src.sheet.rows[r - 1];
    if (!row) continue;
    for (let c = row.length; c > right; c--) {
      if (!isBlankCell(row[c - 1])) {
        right = c;
        break;
      }
    }
  }
  return right;
}

/** Places the owned columns of one input sheet and checks that nothing of the user's is in the way. */
function placeColumns(
  src: Source,
  headers: readonly string[],
): { header: string; col: number; exists: boolean }[] {
  const existing = new Map<string, number>();
  for (const [col, text] of src.headers)
    if (headers.includes(text) && !existing.has(text)) existing.set(text, col);
  // SPEC §5.1.3: right of the rightmost non-empty cell from the header row down (see rightmostUsed).
  // Not right of `src.right` (the header row's array length): trailing empty cells depend on
  // the adapter (Office.js rows span the used range, package-reader rows end at their last value), and
  // the add-in and the CLI must place the columns alike.
  let next = src.table ? src.table.right + 1 : rightmostUsed(src) + 1;
  if (src.table)
    next = Math.max(next, ...[...existing.values()].map((c) => c + 1).filter((c) => c > src.table!.right));
  else next = Math.max(next, ...[...existing.values()].map((c) => c + 1));
  const placed = headers.map((h) => {
    const col = existing.get(h);
    if (col !== undefined) return { header: h, col, exists: true };
    return { header: h, col: next++, exists: false };
  });
  // In the way: a value, a formula or a merged area in a column about to be added.
  const blocked: string[] = [];
  const added = placed.filter((p) => !p.exists).map((p) => p.col);
  if (added.length > 0) {
    const lo = Math.min(...added);
    const hi = Math.max(...added);
    for (let r = src.headerRow; r <= src.lastRow && blocked.length < 10; r++) {
      const row = src.sheet.rows[r - 1];
      for (const c of added) {
        const hasValue = row ? !isBlankCell(row[c - 1]) : false;
        const hasFormula = src.sheet.formulaCells?.has(cellKey(r, c)) ?? false;
        if (hasValue || hasFormula) blocked.push(a1(r, c));
      }
    }
    for (const m of src.sheet.merges) {
      if (m.right >= lo && m.left <= hi && m.bottom >= src.headerRow) {
        blocked.push(rangeA1(m.top, m.left, m.bottom, m.right));
      }
    }
  }
  // An existing owned cell inside a merged area, other than its top-left cell, cannot be written
  // without writing that top-left cell (a file writer writes the merge's top-left cell — the user's value
  // is overwritten; Excel refuses to change part of a merged cell): in the way as well.
  for (const p of placed.filter((x) => x.exists)) {
    for (const m of src.sheet.merges) {
      const top = Math.max(m.top, src.headerRow);
      const bottom = Math.min(m.bottom, src.lastRow);
      if (top > bottom || p.col < m.left || p.col > m.right) continue;
      const onlyTopLeft = p.col === m.left && top === m.top && bottom === m.top;
      const range = rangeA1(m.top, m.left, m.bottom, m.right);
      if (!onlyTopLeft && !blocked.includes(range)) blocked.push(range);
    }
  }
  if (blocked.length > 0) {
    throw new FatalError('owned-column-blocked', {
      sheet: src.sheet.name,
      cell: blocked[0],
      params: { cells: blocked.slice(0, 10).join('、'), sheet: src.sheet.name },
    });
  }
  return placed;
}

function rule(
  range: string,
  col: number,
  firstRow: number,
  test: string,
  text: string,
  [fill, font]: readonly [string, string],
): HighlightRule {
  const ref = `$${colLetter(col)}${firstRow}`;
  return { range, formula: test.replace('{ref}', ref), fill, fontColor: font, text };
}

function textRules<K extends string>(
  col: number,
  firstRow: number,
  lastRow: number,
  labels: Record<K, string>,
  colours: Record<K, readonly [string, string]>,
): HighlightRule[] {
  if (lastRow < firstRow) return [];
  const range = rangeA1(firstRow, col, lastRow, col);
  return (Object.keys(labels) as K[]).map((k) =>
    rule(range, col, firstRow, `={ref}="${labels[k]}"`, labels[k], colours[k]),
  );
}

/** Per key of a column table, the values of rows headerRow+1 … lastRow (null = clear). */
type ColumnValues<K extends string> = Record<K, (string | number | null)[]>;

function emptyValues<K extends string>(defs: readonly OwnedColumnDef<K>[], n: number): ColumnValues<K> {
  const out = {} as ColumnValues<K>;
  for (const d of defs) out[d.key] = new Array<string | number | null>(n).fill(null);
  return out;
}

/** The plan's owned columns: placement, then header, width, format and header style from the column table. */
function columnsFrom<K extends string>(
  defs: readonly OwnedColumnDef<K>[],
  placed: { header: string; col: number; exists: boolean }[],
  values: ColumnValues<K>,
): OwnedColumn[] {
  return defs.map((d, i) => ({
    ...placed[i],
    values: values[d.key],
    numFmt: d.numFmt,
    width: d.width,
    headerStyle: d.headerStyle,
  }));
}

/**
 * The table an input region is, with the names of the columns the writers add to it (SPEC
 * §5.1.3): each column right of the table up to the last owned one is named by its header (an
 * owned column's header, else the header cell's text, else 列<n>), made unique against the
 * table's own column names and each other (case-insensitively, as Excel does) with a 2, 3, …
 */
function tableOf(
  src: Source,
  placed: { header: string; col: number }[],
): Pick<InputSheetPlan, 'table' | 'tableColumnNames'> {
  const t = src.table;
  if (!t) return { table: null };
  const right = Math.max(t.right, ...placed.map((p) => p.col));
  const owned = new Map(placed.map((p) => [p.col, p.header]));
  const headerText = (c: number): string | null => {
    const h = src.headers.get(c);
    return h !== undefined && h.trim() ? h : null;
  };
  const taken = new Set<string>();
  for (let c = t.left; c <= t.right; c++) taken.add((headerText(c) ?? `列${c}`).toLowerCase());
  const columnNames: { col: number; name: string }[] = [];
  for (let c = t.right + 1; c <= right; c++) {
    const base = owned.get(c) ?? headerText(c) ?? `列${c}`;
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}${k}`;
    taken.add(name.toLowerCase());
    columnNames.push({ col: c, name });
  }
  return { table: { name: t.name, right: t.right }, tableColumnNames: columnNames };
}

const nz = (s: string): string | null => (s === '' ? null : s);

/**
 * An input sheet's plan whose rows follow the engine's records: the owned columns placed and
 * filled per row — a blank row stays empty, a rejected row shows 入力エラー in `rejectedKey`, the
 * k-th used row is filled by `fill` from the k-th record (whose sheet row must be that row) —
 * with the text highlight rules on the `highlightKey` column.
 */
interface RecordsSpec<K extends string, L extends string> {
  role: 'doctors' | 'clinics';
  defs: readonly OwnedColumnDef<K>[];
  rejectedKey: K;
  highlight: { key: K; labels: Record<L, string>; colours: Record<L, readonly [string, string]> };
}

function* recordsPlanSteps<K extends string, L extends string>(
  { role, defs, rejectedKey, highlight }: RecordsSpec<K, L>,
  src: Source,
  states: RowState[],
  records: readonly { row: number }[],
  fill: (v: Record<K, (string | number | null)[]>, i: number, k: number) => void,
): Steps<InputSheetPlan> {
  const placed = placeColumns(
    src,
    defs.map((d) => d.header),
  );
  const n = states.length;
  const v = emptyValues(defs, n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    const st = states[i];
    if (st === 'blank') continue;
    if (st === 'rejected') {
      v[rejectedKey][i] = INPUT_ERROR_TEXT;
      continue;
    }
    if (records[k].row !== src.headerRow + 1 + i) throw new Error(`${role} rows out of step`);
    fill(v, i, k++);
  }
  const columns = columnsFrom(defs, placed, v);
  const col = columns[defs.findIndex((d) => d.key === highlight.key)].col;
  return {
    role,
    sheet: src.sheet.name,
    headerRow: src.headerRow,
    lastRow: src.lastRow,
    columns,
    ...tableOf(src, placed),
    highlights: textRules(col, src.headerRow + 1, src.lastRow, highlight.labels, highlight.colours),
  };
}

const STATUS_HIGHLIGHT = { key: 'status', labels: STATUS_LABELS, colours: STATUS_COLOURS } as const;
const DOCTOR_SPEC = {
  role: 'doctors',
  defs: DOCTOR_COLUMN_DEFS,
  rejectedKey: 'next',
  highlight: STATUS_HIGHLIGHT,
} as const;

function doctorsPlanSteps(
  src: Source,
  states: RowState[],
  input: EngineInput,
  res: Outcome,
): Steps<InputSheetPlan> {
  return recordsPlanSteps(DOCTOR_SPEC, src, states, input.doctors, (v, i, k) => {
    const r: DoctorOutcome = res.doctors[k];
    // The counts are the record's fields of the same name.
    for (const key of ['zagakuUnits', 'jitchiActivities', 'jitchiPending', 'totalUnits'] as const)
      v[key][i] = r[key];
    v.status[i] = STATUS_LABELS[r.status];
    v.shortfall[i] = nz(r.shortfallText);
    v.next[i] = r.next;
  });
}

function* trainingPlanSteps(src: Source, states: RowState[], issues: PlacedIssue[]): Steps<InputSheetPlan> {
  const placed = placeColumns(
    src,
    TRAINING_COLUMN_DEFS.map((d) => d.header),
  );
  const n = states.length;
  const v = emptyValues(TRAINING_COLUMN_DEFS, n);
  const perRow = new Map<number, { e: string[]; w: string[] }>();
  for (let j = 0; j < issues.length; j++) {
    if ((j & SLICE_MASK) === SLICE_MASK) yield;
    const is = issues[j];
    if (is.role !== 'training' || is.row === null || is.severity === 'info') continue;
    let m = perRow.get(is.row);
    if (!m) perRow.set(is.row, (m = { e: [], w: [] }));
    (is.severity === 'error' ? m.e : m.w).push(is.message);
  }
  for (let i = 0; i < n; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    if (states[i] === 'blank') continue;
    const m = perRow.get(src.headerRow + 1 + i);
    v.check[i] = m
      ? fitCell([...m.e.map((t) => `エラー：${t}`), ...m.w.map((t) => `警告：${t}`)].join('／'))
      : 'OK';
  }
  const first = src.headerRow + 1;
  const columns = columnsFrom(TRAINING_COLUMN_DEFS, placed, v);
  const col = columns[0].col;
  const highlights: HighlightRule[] = [];
  if (src.lastRow >= first) {
    const range = rangeA1(first, col, src.lastRow, col);
    highlights.push(rule(range, col, first, '=LEFT({ref},3)="エラー"', 'エラー', SEVERITY_COLOURS.error));
    highlights.push(rule(range, col, first, '=LEFT({ref},2)="警告"', '警告', SEVERITY_COLOURS.warning));
  }
  return {
    role: 'training',
    sheet: src.sheet.name,
    headerRow: src.headerRow,
    lastRow: src.lastRow,
    columns,
    ...tableOf(src, placed),
    highlights,
  };
}

function reasonsText(c: ClinicOutcome): string | null {
  if (c.reasons.length === 0) return null;
  const parts = c.reasons.map((r) => REASON_LABELS[r]);
  if (c.atRisk) parts.push(AT_RISK_TEXT);
  return parts.join(REASON_SEPARATOR);
}

const READINESS_HIGHLIGHT = {
  key: 'readiness',
  labels: READINESS_LABELS,
  colours: READINESS_COLOURS,
} as const;
const CLINIC_SPEC = {
  role: 'clinics',
  defs: CLINIC_COLUMN_DEFS,
  rejectedKey: 'readiness',
  highlight: READINESS_HIGHLIGHT,
} as const;

function clinicsPlanSteps(
  src: Source,
  states: RowState[],
  input: EngineInput,
  res: Outcome,
): Steps<InputSheetPlan> {
  // reasonsText per list of reasons (the engine shares one list per combination) and at-risk flag.
  const actions = [new Map<readonly Reason[], string | null>(), new Map<readonly Reason[], string | null>()];
  return recordsPlanSteps(CLINIC_SPEC, src, states, input.clinics!, (v, i, k) => {
    const c = res.clinics[k];
    v.scope[i] = scopeLabel(c.exclusion);
    v.completer[i] = c.completerAnswer;
    v.readiness[i] = READINESS_LABELS[c.readiness];
    const byReasons = actions[c.atRisk ? 1 : 0];
    let text = byReasons.get(c.reasons);
    if (text === undefined) byReasons.set(c.reasons, (text = reasonsText(c)));
    v.actions[i] = text;
    for (const key of ['doctors', 'certified', 'eligible', 'daysLeft'] as const) v[key][i] = c[key];
  });
}

export function inputPlans(
  read: ReadResult,
  input: EngineInput,
  res: Outcome,
  issues: PlacedIssue[],
): InputSheetPlan[] {
  return runSteps(inputPlansSteps(read, input, res, issues));
}

/** inputPlans as a computation that yields between the sheets (see domain/steps.ts). */
export function* inputPlansSteps(
  read: ReadResult,
  input: EngineInput,
  res: Outcome,
  issues: PlacedIssue[],
): Steps<InputSheetPlan[]> {
  const out: InputSheetPlan[] = [];
  const d = read.sources.doctors!;
  out.push(yield* doctorsPlanSteps(d.source, d.states, input, res));
  yield;
  const t = read.sources.training!;
  out.push(yield* trainingPlanSteps(t.source, t.states, issues));
  yield;
  const c = read.sources.clinics;
  if (c) out.push(yield* clinicsPlanSteps(c.source, c.states, input, res));
  return out;
}

// ---------------------------------------------------------------- sheets

/** Excel holds at most 32,767 characters in a cell (a longer text fails the add-in's write). */
export const MAX_CELL_TEXT = 32_767;

/**
 * A text cut to what a cell holds, ending in 「…」. Echoed user values can be longer than the cell
 * they came from: IDs are NFKC-normalised, and NFKC expands some characters (ﰀ → ئج, ﷺ → 18).
 */
export function fitCell(v: string): string {
  if (v.length <= MAX_CELL_TEXT) return v;
  let end = MAX_CELL_TEXT - 1;
  const c = v.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // never cut a surrogate pair in two
  return `${v.slice(0, end)}…`;
}

const s = (v: string | null | undefined, st?: StyleKey): CellOut =>
  v === null || v === undefined || v === ''
    ? null
    : st
      ? { t: 's', v: fitCell(v), s: st }
      : { t: 's', v: fitCell(v) };
const n = (v: number | null | undefined, fmt?: string): CellOut =>
  v === null || v === undefined ? null : fmt ? { t: 'n', v, fmt } : { t: 'n', v };

export const text = s;
export const num = n;

/**
 * s(v, st) made once per distinct text in `cache` and shared by the rows that hold it (long lists
 * repeat a few dozen values; cells are never changed once planned).
 */
export function sharedText(cache: Map<string, CellOut>, v: string | null, st?: StyleKey): CellOut {
  if (v === null) return null;
  let c = cache.get(v);
  if (c === undefined) cache.set(v, (c = s(v, st)));
  return c;
}

export function headerRow(headers: readonly string[]): CellOut[] {
  return headers.map((h) => ({ t: 's', v: h, s: 'header' }) as CellOut);
}

export function emptySheet(name: string, mode: SheetPlan['mode'] = 'owned'): SheetPlan {
  return {
    name,
    mode,
    rows: [],
    widths: [],
    freezeRows: 0,
    autoFilter: null,
    merges: [],
    highlights: [],
    page: null,
    chart: null,
  };
}

/**
 * A text as a string literal of a formula: double quotes doubled. Sheet names may hold `"`; left
 * as is, one would end the literal and let the rest of the name run as formula code.
 */
export const formulaString = (text: string): string =>
  text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`;

export const INPUT_CHECK_HEADERS = [
  '重要度',
  'シート',
  'セル',
  '行',
  '項目',
  '値',
  '内容',
  '対処',
  'コード',
] as const;
export const INPUT_CHECK_MAX_ROWS = 100_000;

/**
 * 入力チェック: one row per issue, in the order of the JSON; the セル column jumps to the cell.
 * Yields between blocks of rows (see domain/steps.ts): a national roster's issues took 90–160 ms
 * in one piece.
 */
export function* inputCheckSheetSteps(issues: PlacedIssue[]): Steps<SheetPlan> {
  const sh = emptySheet('入力チェック');
  sh.rows.push(headerRow(INPUT_CHECK_HEADERS));
  let list = issues;
  if (issues.length > INPUT_CHECK_MAX_ROWS) {
    const byCode = new Map<string, number>();
    for (const i of issues) byCode.set(i.code, (byCode.get(i.code) ?? 0) + 1);
    sh.rows.push([s(inputCheckTruncatedText(issues.length, INPUT_CHECK_MAX_ROWS, [...byCode]), 'warn')]);
    list = issues.slice(0, INPUT_CHECK_MAX_ROWS);
  }
  // The link target's sheet part (a few sheets, tens of thousands of issues): built once per sheet.
  const targets = new Map<string, string>();
  // 重要度, シート, 列 and コード repeat from row to row (a national roster has ~45,000 issues of a
  // few dozen such values): one cell per distinct value, shared by the rows, as 要対応リスト does
  // (cells are never changed once planned).
  const repeated = [0, 1, 2, 3].map(() => new Map<string, CellOut>());
  const shared = (k: number, v: string | null): CellOut => sharedText(repeated[k], v);
  for (let k = 0; k < list.length; k++) {
    if ((k & SLICE_MASK) === SLICE_MASK) yield;
    const i = list[k];
    let target = targets.get(i.sheet);
    if (target === undefined) targets.set(i.sheet, (target = `#${quoteSheet(i.sheet)}!`));
    sh.rows.push([
      shared(0, SEVERITY_LABELS[i.severity]),
      shared(1, i.sheet),
      {
        t: 'f',
        f: `HYPERLINK(${formulaString(target + i.cell)},${formulaString(i.cell)})`,
        v: i.cell,
      },
      n(i.row),
      shared(2, i.column),
      s(i.value),
      s(i.message),
      s(i.fix),
      shared(3, i.code),
    ]);
  }
  sh.widths = [8, 12, 8, 8, 16, 20, 60, 60, 30];
  sh.freezeRows = 1;
  sh.autoFilter = `A1:I${Math.max(1, sh.rows.length)}`;
  const last = sh.rows.length;
  if (last >= 2) {
    const range = `A2:A${last}`;
    sh.highlights = [
      {
        range,
        formula: '=$A2="エラー"',
        fill: SEVERITY_COLOURS.error[0],
        fontColor: SEVERITY_COLOURS.error[1],
        text: 'エラー',
      },
      {
        range,
        formula: '=$A2="警告"',
        fill: SEVERITY_COLOURS.warning[0],
        fontColor: SEVERITY_COLOURS.warning[1],
        text: '警告',
      },
    ];
  }
  return sh;
}

/** 設定, created with every key, its default and a 説明 when absent (SPEC §2.5). */
export function settingsSheet(): SheetPlan {
  const sh = emptySheet('設定', 'create');
  sh.rows.push(headerRow(['項目', '値', '説明']));
  for (const def of SETTINGS) {
    const dflt = def.kind === 'date' ? null : def.default;
    sh.rows.push([s(def.key, 'label'), n(dflt), s(def.description)]);
  }
  // 医師会名, 問い合わせ先 (rev 2): blank texts for the notices.
  for (const def of TEXT_SETTINGS) sh.rows.push([s(def.key, 'label'), null, s(def.description)]);
  sh.widths = [22, 14, 90];
  sh.freezeRows = 1;
  return sh;
}
