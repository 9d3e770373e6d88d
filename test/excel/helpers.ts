/**
 * Helpers for the Office.js adapter tests: run the add-in path on the Excel double, and read the
 * owned cells of a workbook — from the double or from an .xlsx written by the CLI — into one
 * canonical form so the two writers can be compared cell by cell.
 */
import ExcelJS from 'exceljs';
import { createExcelDouble, type ExcelDouble } from '@kakari-roster/excel-double';
import { loadWorkbookFromXlsx } from '@kakari-roster/excel-double/fromXlsx';
import { dayFromIso, type Day } from '../../src/domain/day';
import type { ExcelHost } from '../../src/excel/host';
import {
  recalculateWorkbook,
  type RecalcWorkbookOptions,
  type RecalcWorkbookResult,
} from '../../src/excel/run';
import { a1 } from '../../src/sheets/address';
import type { OutputPlan } from '../../src/sheets/plan-types';

export const AS_OF: Day = dayFromIso('2026-01-31')!;
/** 2026-01-31 10:00 JST. */
export const NOW = new Date('2026-01-31T01:00:00Z');

export async function doubleFromXlsx(
  buf: Uint8Array,
  opts: { workbookProtected?: boolean } = {},
): Promise<ExcelDouble> {
  const state = await loadWorkbookFromXlsx(buf, { workbookProtected: opts.workbookProtected });
  return createExcelDouble({ state });
}

/** The add-in path on the double (no real yielding: tests run synchronously between round trips). */
export function runAddin(
  d: ExcelDouble,
  extra: Partial<RecalcWorkbookOptions> = {},
): Promise<RecalcWorkbookResult> {
  return recalculateWorkbook({
    excel: d.Excel as unknown as ExcelHost,
    isSetSupported: (n, v) => d.Office.context.requirements.isSetSupported(n, v),
    asOf: AS_OF,
    now: NOW,
    yieldFn: async () => undefined,
    ...extra,
  });
}

/** One cell in canonical form: value (dates as serials), formula text with '=', number format. */
export interface Canon {
  v: string | number | boolean | null;
  f: string | null;
  fmt: string;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function canonValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return (v.getTime() - EXCEL_EPOCH) / 86_400_000;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('richText' in o) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('error' in o) return String(o.error);
    if ('text' in o) return String(o.text);
    if ('result' in o || 'formula' in o) return canonValue(o.result);
  }
  return v as string | number | boolean;
}

export function canonExcelJs(cell: ExcelJS.Cell): Canon {
  const v = cell.value as unknown;
  const fmt = cell.numFmt || 'General';
  if (v && typeof v === 'object' && !(v instanceof Date) && 'formula' in (v as object)) {
    const o = v as { formula: string; result?: unknown };
    return { v: canonValue(o.result), f: `=${o.formula}`, fmt };
  }
  return { v: canonValue(v), f: null, fmt };
}

/** Cells to compare: the owned columns of the input sheets and every cell of the owned sheets. */
export interface OwnedArea {
  sheet: string;
  /** 1-based columns (null = every column). */
  cols: number[] | null;
  /** First row to compare. */
  top: number;
  /** Rows whose number formats are compared in owned columns (headerRow+1 … lastRow). */
  fmtRows: [number, number] | null;
}

export function ownedAreas(plan: OutputPlan): OwnedArea[] {
  const out: OwnedArea[] = [];
  for (const p of plan.inputs) {
    out.push({
      sheet: p.sheet,
      cols: p.columns.map((c) => c.col),
      top: p.headerRow,
      fmtRows: [p.headerRow + 1, p.lastRow],
    });
  }
  for (const s of plan.sheets) out.push({ sheet: s.name, cols: null, top: 1, fmtRows: null });
  return out;
}

/** Map "sheet!A1" → canonical cell. */
export type CellMap = Map<string, Canon>;

function include(area: OwnedArea, r: number, c: number): boolean {
  return r >= area.top && (area.cols === null || area.cols.includes(c));
}

/**
 * Non-empty cells of the areas with value, formula and number format; plus, in owned columns, the
 * number format of every data row (empty cells too). Empty cells of owned sheets are left out: the
 * Office.js writer may give them the number format of the rectangle around them.
 */
function collect(
  areas: OwnedArea[],
  cellsOf: (sheet: string) => { r: number; c: number; canon: Canon }[] | null,
  fmtAt: (sheet: string, r: number, c: number) => string,
): CellMap {
  const out: CellMap = new Map();
  for (const area of areas) {
    const cells = cellsOf(area.sheet);
    if (!cells) continue;
    for (const { r, c, canon } of cells) {
      if (!include(area, r, c) || (canon.v === null && canon.f === null)) continue;
      const inFmtRows = area.fmtRows ? r >= area.fmtRows[0] && r <= area.fmtRows[1] : true;
      out.set(`${area.sheet}!${a1(r, c)}`, { ...canon, fmt: inFmtRows ? canon.fmt : '' });
    }
    if (!area.fmtRows) continue;
    const [a, b] = area.fmtRows;
    for (const c of area.cols ?? []) {
      for (let r = a; r <= b; r++) {
        const key = `${area.sheet}!${a1(r, c)}`;
        if (!out.has(key)) out.set(key, { v: null, f: null, fmt: fmtAt(area.sheet, r, c) });
      }
    }
  }
  return out;
}

export function cellsFromExcelJs(wb: ExcelJS.Workbook, areas: OwnedArea[]): CellMap {
  return collect(
    areas,
    (sheet) => {
      const ws = wb.getWorksheet(sheet);
      if (!ws) return null;
      const cells: { r: number; c: number; canon: Canon }[] = [];
      ws.eachRow({ includeEmpty: false }, (row, r) =>
        row.eachCell(
          { includeEmpty: false },
          (cell, c) => void cells.push({ r, c, canon: canonExcelJs(cell) }),
        ),
      );
      return cells;
    },
    (sheet, r, c) => wb.getWorksheet(sheet)?.findCell(r, c)?.numFmt || 'General',
  );
}

export function cellsFromDouble(d: ExcelDouble, areas: OwnedArea[]): CellMap {
  return collect(
    areas,
    (sheet) => {
      if (!d.workbook.hasSheet(sheet)) return null;
      const sh = d.workbook.sheet(sheet);
      const used = sh.usedRange(true);
      if (!used) return [];
      const values = sh.values();
      const cells: { r: number; c: number; canon: Canon }[] = [];
      values.forEach((row, i) =>
        row.forEach((_v, j) => {
          const cell = sh.cell(i + 1, j + 1);
          cells.push({
            r: i + 1,
            c: j + 1,
            canon: { v: cell.value === '' ? null : cell.value, f: cell.formula, fmt: cell.numberFormat },
          });
        }),
      );
      return cells;
    },
    (sheet, r, c) => d.workbook.sheet(sheet).cell(r, c).numberFormat,
  );
}

/** Every cell of the given sheets (value, formula, number format) — for "nothing else changed". */
export function allCells(
  d: ExcelDouble,
  sheets: string[],
  skip: (sheet: string, col: number) => boolean = () => false,
): Map<string, Canon> {
  const out = new Map<string, Canon>();
  for (const name of sheets) {
    const sh = d.workbook.sheet(name);
    const used = sh.usedRange(false);
    if (!used) continue;
    const last = used.split(':').pop()!;
    const values = sh.values(`A1:${last}`);
    const formulas = sh.formulas(`A1:${last}`);
    const fmts = sh.numberFormats(`A1:${last}`);
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        if (skip(name, j + 1)) return;
        const f = formulas[i][j];
        out.set(`${name}!${a1(i + 1, j + 1)}`, {
          v: v === '' ? null : v,
          f: typeof f === 'string' && f.startsWith('=') && sh.cell(i + 1, j + 1).formula ? f : null,
          fmt: fmts[i][j],
        });
      }),
    );
  }
  return out;
}

/** Differences between two cell maps, as readable lines (at most `max`). */
export function diffCells(a: CellMap, b: CellMap, max = 20): string[] {
  const out: string[] = [];
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const k of keys) {
    const x = a.get(k) ?? null;
    const y = b.get(k) ?? null;
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      out.push(`${k}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`);
      if (out.length >= max) break;
    }
  }
  return out;
}
