/**
 * Applies an OutputPlan to an ExcelJS workbook (the CLI's writer). The Office.js writer in
 * src/excel applies the same plan, so both produce the same cells.
 */
import type ExcelJS from 'exceljs';
import { parseRange } from '../sheets/address';
import { markerName } from '../sheets/owned';
import {
  STYLES,
  type CellOut,
  type HighlightRule,
  type InputSheetPlan,
  type OutputPlan,
  type SheetPlan,
  type StyleKey,
} from '../sheets/plan-types';

const argb = (hex: string): string => `FF${hex.toUpperCase()}`;

export function excelJsStyle(key: StyleKey): Partial<ExcelJS.Style> {
  const d = STYLES[key];
  const style: Partial<ExcelJS.Style> = {};
  const font: Partial<ExcelJS.Font> = {};
  if (d.bold) font.bold = true;
  if (d.italic) font.italic = true;
  if (d.size) font.size = d.size;
  if (d.fontColor) font.color = { argb: argb(d.fontColor) };
  // A font without a name renders in a fallback (serif) face in LibreOffice: name the workbook default.
  if (Object.keys(font).length) style.font = { name: 'Calibri', family: 2, size: 11, ...font };
  if (d.fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(d.fill) } };
  if (d.wrap || d.align || d.valign) {
    const al: Partial<ExcelJS.Alignment> = {};
    if (d.wrap) al.wrapText = true;
    if (d.align) al.horizontal = d.align;
    const v = d.valign ?? (d.wrap ? 'top' : undefined);
    if (v) al.vertical = v;
    style.alignment = al;
  }
  return style;
}

function writeCell(cell: ExcelJS.Cell, out: CellOut): void {
  if (out === null) {
    cell.value = null;
    return;
  }
  switch (out.t) {
    case 's':
      cell.value = out.v;
      break;
    case 'n':
      cell.value = out.v;
      if (out.fmt) cell.numFmt = out.fmt;
      break;
    case 'd':
      cell.value = out.v;
      cell.numFmt = out.fmt;
      break;
    case 'f':
      cell.value = { formula: out.f, result: out.v } as ExcelJS.CellFormulaValue;
      break;
  }
  if (out.s) cell.style = { ...cell.style, ...excelJsStyle(out.s) };
}

function cfRule(h: HighlightRule): ExcelJS.ConditionalFormattingRule {
  return {
    type: 'expression',
    priority: 1,
    formulae: [h.formula.replace(/^=/, '')],
    style: {
      fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(h.fill) } },
      font: { color: { argb: argb(h.fontColor) } },
    },
  } as ExcelJS.ConditionalFormattingRule;
}

/** Adds highlight rules grouped by range (one conditional format per range, one rule per status). */
function addHighlights(ws: ExcelJS.Worksheet, rules: HighlightRule[]): void {
  const byRange = new Map<string, HighlightRule[]>();
  for (const h of rules) byRange.set(h.range, [...(byRange.get(h.range) ?? []), h]);
  let priority = 1;
  for (const [ref, hs] of byRange) {
    ws.addConditionalFormatting({ ref, rules: hs.map((h) => ({ ...cfRule(h), priority: priority++ })) });
  }
}

/**
 * Removes the conditional formats of a previous run: only those lying entirely inside owned columns
 * whose every rule formula equals a rule formula of the plan (SPEC §5.1.6). User rules stay.
 */
interface CfHolder {
  conditionalFormattings: ExcelJS.ConditionalFormattingOptions[];
}

function removeOwnedHighlights(ws: ExcelJS.Worksheet, ownedCols: Set<number>, formulas: Set<string>): void {
  const holder = ws as unknown as CfHolder;
  holder.conditionalFormattings = holder.conditionalFormattings.filter((cf) => {
    const ranges = String(cf.ref).split(/\s+/).map(parseRange);
    const inside = ranges.every(
      (b) => b !== null && [...Array(b.right - b.left + 1)].every((_, i) => ownedCols.has(b.left + i)),
    );
    const ours = cf.rules.every((r) => {
      const f = (r as { formulae?: unknown[] }).formulae;
      return Array.isArray(f) && f.length === 1 && formulas.has(`=${String(f[0])}`);
    });
    return !(inside && ours);
  });
}

function applyInput(wb: ExcelJS.Workbook, p: InputSheetPlan): void {
  const ws = wb.getWorksheet(p.sheet);
  if (!ws) throw new Error(`sheet ${p.sheet} vanished`);
  const headerStyle = excelJsStyle('ownedHeader');
  const lastSheetRow = Math.max(ws.rowCount, p.lastRow);
  for (const c of p.columns) {
    const head = ws.getCell(p.headerRow, c.col);
    head.value = c.header;
    head.style = { ...head.style, ...headerStyle };
    for (let i = 0; i < c.values.length; i++) {
      const cell = ws.getCell(p.headerRow + 1 + i, c.col);
      const v = c.values[i];
      cell.value = v;
      if (c.numFmt) cell.numFmt = c.numFmt;
    }
    // Owned cells below the last read row are cleared.
    for (let r = p.lastRow + 1; r <= lastSheetRow; r++) {
      const cell = ws.findCell(r, c.col);
      if (cell && cell.value !== null) cell.value = null;
    }
    ws.getColumn(c.col).width = c.width;
  }
  removeOwnedHighlights(
    ws,
    new Set(p.columns.map((c) => c.col)),
    new Set(p.highlights.map((h) => h.formula)),
  );
  addHighlights(ws, p.highlights);
  if (p.table) extendTable(ws, p);
}

/** Extends an Excel table to hold the owned columns added right of it. */
function extendTable(ws: ExcelJS.Worksheet, p: InputSheetPlan): void {
  const t = ws.getTable(p.table!.name) as unknown as { table: Record<string, unknown> } | undefined;
  if (!t) return;
  const model = t.table;
  const ref = String(model.ref ?? model.tableRef);
  const b = parseRange(ref);
  if (!b) return;
  const right = Math.max(b.right, ...p.columns.map((c) => c.col));
  if (right === b.right) return;
  const columns = (model.columns as { name: string }[]) ?? [];
  for (let c = b.right + 1; c <= right; c++) {
    const oc = p.columns.find((x) => x.col === c);
    columns.push({ name: oc ? oc.header : `列${c}`, filterButton: true } as { name: string });
  }
  const newRef = `${ref.split(':')[0]}:${colName(right)}${b.bottom}`;
  model.ref = newRef;
  model.tableRef = newRef;
  if (model.autoFilterRef) model.autoFilterRef = newRef;
  model.columns = columns;
}

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Clears an owned sheet in place (values, styles, merges, rules, filters), keeping the sheet itself. */
function clearSheet(ws: ExcelJS.Worksheet): void {
  const merges = Object.keys((ws as unknown as { _merges: Record<string, unknown> })._merges ?? {});
  for (const m of merges) ws.unMergeCells(m);
  ws.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.value = null;
      cell.style = {};
    });
    // Heights of the previous run's rows (the plan sets this run's again).
    if (row.height !== undefined) row.height = undefined as unknown as number;
  });
  (ws as unknown as CfHolder).conditionalFormattings = [];
  ws.autoFilter = undefined as unknown as string;
  ws.views = [];
}

function writeSheetBody(ws: ExcelJS.Worksheet, sp: SheetPlan, startRow = 1): void {
  sp.rows.forEach((cells, i) => {
    cells.forEach((out, j) => {
      if (out !== null) writeCell(ws.getCell(startRow + i, j + 1), out);
    });
  });
}

export interface ApplySheetOptions {
  /** Add the `_KakariRoster_<sheet>` marker name (default true; the meeting export has none). */
  marker?: boolean;
}

export function applySheet(wb: ExcelJS.Workbook, sp: SheetPlan, opts: ApplySheetOptions = {}): void {
  let ws = wb.getWorksheet(sp.name);
  if (sp.mode === 'create' && ws) return;
  const isNew = !ws;
  if (!ws) ws = wb.addWorksheet(sp.name);
  if (sp.mode === 'append') {
    const a = sp.append!;
    let last = 0;
    ws.eachRow({ includeEmpty: false }, (_r, n) => (last = n));
    if (last === 0) {
      a.header.forEach((out, j) => out && writeCell(ws!.getCell(1, j + 1), out));
      last = 1;
    }
    a.row.forEach((out, j) => out && writeCell(ws!.getCell(last + 1, j + 1), out));
  } else {
    if (!isNew) clearSheet(ws);
    writeSheetBody(ws, sp);
  }
  sp.widths.forEach((w, i) => (ws!.getColumn(i + 1).width = w));
  for (const [r, h] of Object.entries(sp.rowHeights ?? {})) ws.getRow(Number(r)).height = h;
  if (sp.freezeRows > 0) ws.views = [{ state: 'frozen', xSplit: 0, ySplit: sp.freezeRows }];
  if (sp.autoFilter) ws.autoFilter = sp.autoFilter;
  for (const m of sp.merges) ws.mergeCells(m);
  addHighlights(ws, sp.highlights);
  if (sp.page) {
    ws.pageSetup = {
      ...ws.pageSetup,
      orientation: sp.page.orientation,
      paperSize: sp.page.paperSize,
      fitToPage: true,
      fitToWidth: sp.page.fitToWidth,
      fitToHeight: sp.page.fitToHeight,
      ...(sp.page.printTitleRows ? { printTitlesRow: sp.page.printTitleRows } : {}),
    };
    if (sp.page.footer) ws.headerFooter = { ...ws.headerFooter, oddFooter: sp.page.footer };
  }
  if (sp.mode !== 'create' && opts.marker !== false) {
    const name = markerName(sp.name);
    const dn = wb.definedNames as unknown as {
      getRanges(n: string): { ranges: string[] };
      add(loc: string, n: string): void;
    };
    if (dn.getRanges(name).ranges.length === 0) dn.add(`'${sp.name.replace(/'/g, "''")}'!$A$1`, name);
  }
}

export function applyPlanToExcelJs(wb: ExcelJS.Workbook, plan: OutputPlan): void {
  for (const p of plan.inputs) applyInput(wb, p);
  // 実行履歴 (append) is written last: a run interrupted mid-write leaves no history row.
  const ordered = [
    ...plan.sheets.filter((s) => s.mode !== 'append'),
    ...plan.sheets.filter((s) => s.mode === 'append'),
  ];
  for (const sp of ordered) applySheet(wb, sp);
}
