/** Placing issue drafts on their sheet and cell, with texts, in the order of 入力チェック (SPEC §5.3). */
import { SLICE_MASK, type Steps } from '../domain/steps';
import type { Issue, IssueDraft, SheetRole } from '../domain/types';
import {
  DATE_BEFORE_BOTH_COUNT_FROM_MESSAGE,
  DATE_BEFORE_JITCHI_COUNT_FROM_MESSAGE,
  ISSUE_TEXTS,
  RECORD_DOCTOR_UNKNOWN_PADDED_FIX,
  renderIssueText,
} from '../strings/issues';
import { a1, colLetter } from './address';
import type { Source } from './locate';
import { ROLE_ORDER, sheetDef } from './schema';

/** An issue plus its sort keys (role and 1-based column). */
export interface PlacedIssue extends Issue {
  role: SheetRole;
  col: number | null;
}

/** Longest user text quoted in an issue's message or fix (in characters). */
export const MAX_QUOTED = 200;

/** A user text cut to MAX_QUOTED characters (never inside a surrogate pair), with 「…」. */
function clip(v: string): string {
  if (v.length <= MAX_QUOTED) return v;
  const chars = Array.from(v);
  return chars.length <= MAX_QUOTED ? v : `${chars.slice(0, MAX_QUOTED).join('')}…`;
}

export function placeIssue(d: IssueDraft, sources: Partial<Record<SheetRole, Source | null>>): PlacedIssue {
  const src = sources[d.role] ?? null;
  let sheet = src ? src.sheet.name : sheetDef(d.role).label;
  if (d.code === 'input-duplicate-source' && d.params?.otherSheet) sheet = String(d.params.otherSheet);
  let col: number | null = d.col ?? null;
  if (col === null && d.field && src) col = src.fields.get(d.field) ?? null;
  const column = col !== null && src ? (src.headers.get(col) ?? colLetter(col)) : null;
  let cell: string;
  if (d.code === 'input-duplicate-source') cell = 'A1';
  else if (d.row !== null) cell = a1(d.row, col ?? src?.left ?? 1);
  else if (col !== null && src) cell = a1(src.headerRow, col);
  else cell = 'A1';
  const params = {
    value: d.value ?? '',
    sheet,
    column: column ?? '',
    cell,
    row: d.row ?? '',
    ...d.params,
  };
  const t = ISSUE_TEXTS[d.code];
  // Texts quote user values; a cell holds at most 32,767 characters, and 判定_チェック joins
  // several messages, so a quoted value is cut (the issue's `value` keeps it whole).
  const quoted = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? clip(v) : v]),
  );
  let fix = renderIssueText(t.fix, quoted);
  if (d.code === 'record-doctor-unknown' && d.params?.padded)
    fix = renderIssueText(RECORD_DOCTOR_UNKNOWN_PADDED_FIX, quoted);
  let message = t.message;
  if (d.code === 'date-before-count-from' && d.params?.jitchiCountFrom !== undefined)
    message =
      d.params.countFrom !== undefined
        ? DATE_BEFORE_BOTH_COUNT_FROM_MESSAGE
        : DATE_BEFORE_JITCHI_COUNT_FROM_MESSAGE;
  return {
    severity: d.severity,
    code: d.code,
    sheet,
    row: d.row,
    column,
    cell,
    field: d.field,
    value: d.value,
    message: renderIssueText(message, quoted),
    fix,
    role: d.role,
    col,
  };
}

/** Sheet in input order, sheet-level issues first, then row, column, code. */
export function compareIssues(a: PlacedIssue, b: PlacedIssue): number {
  return (
    ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
    (a.row === null ? -1 : 0) - (b.row === null ? -1 : 0) ||
    (a.row ?? 0) - (b.row ?? 0) ||
    (a.col ?? 0) - (b.col ?? 0) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/**
 * Places the drafts (sheet, cell, texts) in the order of 入力チェック, yielding between blocks of
 * drafts (see domain/steps.ts): a national roster has over 100,000 issues, whose texts took
 * 110–260 ms in one piece — the longest stretch of the pane's sliced run.
 */
export function* placeAllSteps(
  drafts: IssueDraft[],
  sources: Partial<Record<SheetRole, Source | null>>,
): Steps<PlacedIssue[]> {
  const placed: PlacedIssue[] = [];
  for (let i = 0; i < drafts.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    placed.push(placeIssue(drafts[i], sources));
  }
  yield;
  return placed.sort(compareIssues);
}

/** The public shapes of placed issues, yielding between blocks (see placeAllSteps). */
export function* publicIssuesSteps(placed: readonly PlacedIssue[]): Steps<Issue[]> {
  const out: Issue[] = [];
  for (let i = 0; i < placed.length; i++) {
    if ((i & SLICE_MASK) === SLICE_MASK) yield;
    out.push(publicIssue(placed[i]));
  }
  return out;
}

/** The public shape (SPEC §6.3), without sort keys. */
export function publicIssue(p: PlacedIssue): Issue {
  return {
    severity: p.severity,
    code: p.code,
    sheet: p.sheet,
    row: p.row,
    column: p.column,
    cell: p.cell,
    field: p.field,
    value: p.value,
    message: p.message,
    fix: p.fix,
  };
}
