/**
 * What both writers ask of the plan, decided once here: how a named style reads as formatting
 * (resolveStyle), the header style of an owned column, and whether a conditional format found on
 * an input sheet is a previous run's highlight. src/excel/apply.ts (Office.js) and the package
 * writer (src/xlsx) only translate the answers into their own API.
 */
import { OWNED_HEADER_STYLE } from './owned';
import { STYLES, type InputSheetPlan, type OwnedColumn, type StyleKey } from './plan-types';

/** A named style as formatting: every property explicit, alignment defaults applied. */
export interface ResolvedStyle {
  bold: boolean;
  italic: boolean;
  /** Font size in points, or null (the default font's). */
  size: number | null;
  /** Font colour and solid fill as RRGGBB, or null. */
  fontColor: string | null;
  fill: string | null;
  wrap: boolean;
  horizontal: 'left' | 'center' | 'right' | null;
  /** Vertical alignment; wrapped text without its own is top-aligned. */
  vertical: 'top' | 'middle' | 'bottom' | null;
}

const RESOLVED = new Map<StyleKey, ResolvedStyle>();

/** The formatting of a named style (STYLES), the same for both writers. */
export function resolveStyle(key: StyleKey): ResolvedStyle {
  let r = RESOLVED.get(key);
  if (!r) {
    const d = STYLES[key];
    r = {
      bold: !!d.bold,
      italic: !!d.italic,
      size: d.size ?? null,
      fontColor: d.fontColor ?? null,
      fill: d.fill ?? null,
      wrap: !!d.wrap,
      horizontal: d.align ?? null,
      vertical: d.valign ?? (d.wrap ? 'top' : null),
    };
    RESOLVED.set(key, r);
  }
  return r;
}

/** True when a style shows nothing on an empty cell (no fill): it may be set over empty cells too. */
export const styleInvisibleWhenEmpty = (key: StyleKey): boolean => resolveStyle(key).fill === null;

/** The header style of an owned column (the column table's; a hand-made plan gets the owned one). */
export const ownedHeaderStyle = (c: OwnedColumn): StyleKey => c.headerStyle ?? OWNED_HEADER_STYLE;

/**
 * The names of the columns the writers add to the plan's table, by column: the plan's
 * (tableColumnNames); a hand-made plan without them names owned columns by their headers.
 */
export function tableColumnNames(
  p: Pick<InputSheetPlan, 'columns' | 'tableColumnNames'>,
): Map<number, string> {
  return new Map(p.tableColumnNames?.map((x) => [x.col, x.name]) ?? p.columns.map((c) => [c.col, c.header]));
}

/** Columns (1-based, inclusive) a conditional format covers. */
export interface ColumnSpan {
  left: number;
  right: number;
}

/**
 * True when a conditional format on an input sheet is a previous run's highlight (SPEC §5.1.6),
 * which the writers delete before adding this run's: it covers at least one area, every area lies
 * entirely in owned columns, it holds at least one rule, and every rule's formula is one of the
 * plan's (formulas with or without their leading '='). A user's rule never matches both.
 */
export function isPreviousHighlight(
  plan: Pick<InputSheetPlan, 'columns' | 'highlights'>,
  areas: readonly ColumnSpan[],
  formulas: readonly string[],
): boolean {
  if (areas.length === 0 || formulas.length === 0) return false;
  const owned = new Set(plan.columns.map((c) => c.col));
  const ours = new Set(plan.highlights.map((h) => h.formula));
  for (const a of areas) for (let c = a.left; c <= a.right; c++) if (!owned.has(c)) return false;
  return formulas.every((f) => ours.has(f.startsWith('=') ? f : `=${f}`));
}
