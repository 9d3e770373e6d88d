/**
 * Input detection for the pane's start screen and the ribbon command's size gate (SPEC §6.1).
 *
 * A light read, independent of the workbook's size: per sheet its name, visibility, protection,
 * the used range's extent, its tables, and only the first 50 rows (where the header row must be,
 * SPEC §2.0). src/sheets/locate.ts then finds every input exactly as the pipeline will; the data
 * row count is the used range (or table) below the header row, which is what the full read
 * starts from. Pure: the Office.js light read that fills a LightWorkbook is
 * src/excel/light-read.ts (three round trips whatever the workbook holds).
 */
import type { SheetRole } from '../domain/types';
import { a1 } from './address';
import { locate } from './locate';
import { INPUT_SHEETS, type SheetDef } from './schema';
import { templatePlan } from './template';
import type { WorkbookSnapshot } from './types';

/** Rows scanned for the header row (SPEC §2.0). */
export const HEADER_SCAN_ROWS = 50;
/** Columns read for headers (a header far right of this is not found by the light read). */
export const HEADER_SCAN_COLS = 512;

/** The light snapshot: first rows only, plus the real extent of each sheet. */
export interface LightWorkbook {
  snapshot: WorkbookSnapshot;
  /** Sheet name → last used row (1-based; 0 = empty sheet). */
  lastRow: Map<string, number>;
  /** Sheet name → last used column (1-based; 0 = empty sheet). */
  lastCol: Map<string, number>;
}

export interface FieldStatus {
  field: string;
  /** The header the template writes (the field's first alias). */
  expected: string;
  /** The header text found, or null. */
  header: string | null;
  /** A1 address of the header cell found. */
  cell: string | null;
  requiredColumn: boolean;
}

export interface InputStatus {
  role: SheetRole;
  def: SheetDef;
  required: boolean;
  /** 'ok' found with every required column; 'columns-missing' found but a required column is missing; 'header-not-found' sheet found without a header row; 'absent'. */
  state: 'ok' | 'columns-missing' | 'header-not-found' | 'absent';
  sheet: string | null;
  table: string | null;
  headerRow: number | null;
  /** Data rows below the header row (used range or table body); 0 when absent. */
  rows: number;
  fields: FieldStatus[];
}

export interface Detection {
  inputs: InputStatus[];
  /** Every required input is found with its required columns. */
  ready: boolean;
  /** Some required input sheet is absent or has no header row: offer the template. */
  offerTemplate: boolean;
  sheetNames: string[];
  workbookProtected: boolean;
}

/** Summarises where each input is (pure; tests feed it snapshots). */
export function detectInputs(light: LightWorkbook): Detection {
  const inputs: InputStatus[] = [];
  for (const def of INPUT_SHEETS) {
    const res = locate(light.snapshot, def);
    const fields: FieldStatus[] = def.fields.map((f) => ({
      field: f.field,
      expected: f.aliases[0],
      header: null,
      cell: null,
      requiredColumn: f.requiredColumn,
    }));
    if (res.source) {
      const src = res.source;
      for (const fs of fields) {
        const col = src.fields.get(fs.field);
        if (col !== undefined) {
          fs.header = src.headers.get(col) ?? null;
          fs.cell = a1(src.headerRow, col);
        }
      }
      const bottom = src.table ? src.table.bottom : (light.lastRow.get(src.sheet.name) ?? src.headerRow);
      const missingRequired = fields.some((f) => f.requiredColumn && f.header === null);
      inputs.push({
        role: def.role,
        def,
        required: def.required,
        state: missingRequired ? 'columns-missing' : 'ok',
        sheet: src.sheet.name,
        table: src.table ? src.table.name : null,
        headerRow: src.headerRow,
        rows: Math.max(0, bottom - src.headerRow),
        fields,
      });
    } else if (res.headerNotFound) {
      inputs.push({
        role: def.role,
        def,
        required: def.required,
        state: 'header-not-found',
        sheet: res.headerNotFound.sheet.name,
        table: null,
        headerRow: null,
        rows: 0,
        fields,
      });
    } else {
      inputs.push({
        role: def.role,
        def,
        required: def.required,
        state: 'absent',
        sheet: null,
        table: null,
        headerRow: null,
        rows: 0,
        fields,
      });
    }
  }
  const required = inputs.filter((i) => i.required);
  const sheetNames = light.snapshot.sheets.map((s) => s.name);
  // The template is offered only when it would not be refused (never when a sheet of a name it
  // would create exists, e.g. a 研修記録 sheet without a header row: SPEC §6.1 rev 2 — then the
  // pane lists the accepted headers instead).
  const plan = templatePlan({ existingSheets: sheetNames, presentRoles: presentRoles(inputs) });
  return {
    inputs,
    ready: required.every((i) => i.state === 'ok'),
    offerTemplate: required.some((i) => i.state === 'absent') && plan.conflicts.length === 0,
    sheetNames,
    workbookProtected: light.snapshot.protected,
  };
}

/**
 * Roles whose input was found (with a header row): the template does not add them. A sheet found
 * without a header row is not among them, so the template would add a sheet of that name and is
 * refused (SPEC §6.1).
 */
export function presentRoles(inputs: readonly InputStatus[]): Set<SheetRole> {
  return new Set(inputs.filter((i) => i.state === 'ok' || i.state === 'columns-missing').map((i) => i.role));
}

/** Data rows of one role (0 when absent). */
export function rowsOf(d: Detection, role: SheetRole): number {
  return d.inputs.find((i) => i.role === role)?.rows ?? 0;
}
