/**
 * Direct access to the double's state for tests (no proxies, no accounting), plus setup helpers
 * that put content into the workbook as if it came from a file (no coercion).
 * Rows and columns in this API are 1-based like Excel's row numbers; addresses are A1 text.
 */

import {
  Rect,
  cellKey,
  isValidRect,
  keyCol,
  keyRow,
  lettersToCol,
  parseAddress,
  rectToA1,
  sheetAddress,
} from './address';
import { normalizeHeaders, readFormulas, readValues, valueType } from './cells';
import { formatText } from './numfmt';
import {
  BorderModel,
  HyperlinkModel,
  SheetModel,
  Style,
  WorkbookModel,
  defaultProtectionOptions,
} from './model';
import { createTable } from './table';
import { CellErrorValue, CellValue, serialFromJsDate } from './values';

export interface CellFormatSnapshot {
  fill: string | null;
  font: {
    bold: boolean;
    italic: boolean;
    color: string;
    size: number;
    name: string;
    underline: string;
    strikethrough: boolean;
  };
  horizontalAlignment: string;
  verticalAlignment: string;
  wrapText: boolean;
  indentLevel: number;
  locked: boolean;
  borders: {
    top: BorderModel | null;
    bottom: BorderModel | null;
    left: BorderModel | null;
    right: BorderModel | null;
  };
}

export interface CellSnapshot {
  address: string;
  /** As Office.js `values` returns it, except that an empty cell is null here. */
  value: string | number | boolean | null;
  type: string;
  formula: string | null;
  numberFormat: string;
  text: string;
  quotePrefix: boolean;
  format: CellFormatSnapshot;
  hyperlink: HyperlinkModel | null;
  /** Address of the merged area the cell belongs to, or null. */
  mergedArea: string | null;
}

/** Raw setup value: Date → serial, {formula}, {error}, null → empty. Strings are stored as text. */
export type SetupValue =
  string | number | boolean | null | undefined | Date | { formula: string } | { error: string };

function toRect(address: string, where: string): Rect {
  const p = parseAddress(address);
  if (!p) throw new Error(`Excel double: bad address '${address}' (${where})`);
  return p.rect;
}

export class DoubleSheet {
  constructor(readonly model: SheetModel) {}

  get name(): string {
    return this.model.name;
  }
  get visibility(): string {
    return this.model.visibility;
  }
  get position(): number {
    return this.model.position;
  }
  get protected(): boolean {
    return this.model.protection.protected;
  }
  get freezePanes(): { rows: number; columns: number } {
    return { rows: this.model.freeze.rows, columns: this.model.freeze.cols };
  }
  get tabColor(): string {
    return this.model.tabColor;
  }

  /** A cell by A1 address, or by 1-based row and column. */
  cell(address: string): CellSnapshot;
  cell(row: number, column: number): CellSnapshot;
  cell(a: string | number, b?: number): CellSnapshot {
    let r: number;
    let c: number;
    if (typeof a === 'string') {
      const rect = toRect(a, 'cell');
      r = rect.r0;
      c = rect.c0;
    } else {
      r = a - 1;
      c = (b ?? 1) - 1;
    }
    const s = this.model;
    s.workbook.recalculate();
    const v = s.getValue(r, c);
    const st = s.styleAt(r, c);
    const merge = s.mergeAt(r, c);
    return {
      address: rectToA1({ r0: r, c0: c, r1: r, c1: c }),
      value: v === undefined ? null : v instanceof CellErrorValue ? v.text : v,
      type: valueType(v),
      formula: s.getFormula(r, c) ?? null,
      numberFormat: st.numberFormat ?? 'General',
      text: formatText(v, st.numberFormat ?? 'General', s.workbook.date1904),
      quotePrefix: !!st.quotePrefix,
      format: formatOf(st, s.workbook),
      hyperlink: s.hyperlinks.get(cellKey(r, c)) ?? null,
      mergedArea: merge ? rectToA1(merge) : null,
    };
  }

  /** Values like Office.js `values` (empty = ''); default: A1 to the end of the used range. */
  values(address?: string): (string | number | boolean)[][] {
    this.model.workbook.recalculate();
    return readValues({ sheet: this.model, rect: this.rectOf(address) });
  }

  formulas(address?: string): (string | number | boolean)[][] {
    return readFormulas({ sheet: this.model, rect: this.rectOf(address) });
  }

  numberFormats(address?: string): string[][] {
    const rect = this.rectOf(address);
    const out: string[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row: string[] = [];
      for (let c = rect.c0; c <= rect.c1; c++) row.push(this.model.numberFormatAt(r, c));
      out.push(row);
    }
    return out;
  }

  private rectOf(address?: string): Rect {
    if (address) return toRect(address, 'values');
    const u = this.model.usedRect(true);
    return u ? { r0: 0, c0: 0, r1: u.r1, c1: u.c1 } : { r0: 0, c0: 0, r1: 0, c1: 0 };
  }

  usedRange(valuesOnly = false): string | null {
    const u = this.model.usedRect(valuesOnly);
    return u ? rectToA1(u) : null;
  }

  conditionalFormats(): {
    id: string;
    type: string;
    ranges: string[];
    priority: number;
    stopIfTrue: boolean;
    rule: unknown;
    format: Record<string, unknown>;
  }[] {
    return this.model.conditionalFormats.map((cf, i) => ({
      // ConditionalFormat.id is the rule's position (see range.ts).
      id: String(i),
      type: cf.type,
      ranges: cf.ranges.map((r) => rectToA1(r)),
      priority: i,
      stopIfTrue: cf.stopIfTrue,
      rule: cf.rule ? { ...cf.rule } : null,
      format: Object.fromEntries(Object.entries(cf.format).filter(([, v]) => v !== undefined && v !== null)),
    }));
  }

  dataValidations(): {
    ranges: string[];
    rule: unknown;
    errorAlert: unknown;
    prompt: unknown;
    ignoreBlanks: boolean;
  }[] {
    return this.model.dataValidations.map((d) => ({
      ranges: d.ranges.map((r) => rectToA1(r)),
      rule: d.rule,
      errorAlert: { ...d.errorAlert },
      prompt: { ...d.prompt },
      ignoreBlanks: d.ignoreBlanks,
    }));
  }

  charts(): {
    name: string;
    type: string;
    title: string;
    titleVisible: boolean;
    plotBy: string;
    series: { name: string; values: string | null; xValues: string | null; chartType?: string }[];
    valueAxis: {
      minimum: number | null;
      maximum: number | null;
      majorUnit: number | null;
      numberFormat: string;
    };
    legend: { visible: boolean; position: string };
    position: {
      top: number;
      left: number;
      width: number;
      height: number;
      startCell?: string;
      endCell?: string;
    };
  }[] {
    const ref = (x: { sheet: SheetModel; rect: Rect } | null): string | null =>
      x ? sheetAddress(x.sheet.name, x.rect, true) : null;
    return this.model.charts.map((c) => ({
      name: c.name,
      type: c.chartType,
      title: c.title.text,
      titleVisible: c.title.visible,
      plotBy: c.seriesBy,
      series: c.series.map((s) => ({
        name: s.name,
        values: ref(s.values),
        xValues: ref(s.xValues),
        ...(s.chartType ? { chartType: s.chartType } : {}),
      })),
      valueAxis: {
        minimum: c.axes.valueAxis.minimum,
        maximum: c.axes.valueAxis.maximum,
        majorUnit: c.axes.valueAxis.majorUnit,
        numberFormat: c.axes.valueAxis.numberFormat,
      },
      legend: { visible: c.legend.visible, position: c.legend.position },
      position: { ...c.position },
    }));
  }

  pageLayout(): Record<string, unknown> {
    const p = this.model.pageLayout;
    return {
      ...JSON.parse(
        JSON.stringify({
          ...p,
          printTitleRows: undefined,
          printTitleColumns: undefined,
          printArea: undefined,
        }),
      ),
      printTitleRows: p.printTitleRows ? rectToA1(p.printTitleRows, true) : null,
      printTitleColumns: p.printTitleColumns ? rectToA1(p.printTitleColumns, true) : null,
      printArea: p.printArea ? p.printArea.map((r) => rectToA1(r, true)).join(',') : null,
    };
  }

  merges(): string[] {
    return this.model.merges.map((m) => rectToA1(m));
  }

  hyperlinks(): ({ cell: string } & HyperlinkModel)[] {
    return [...this.model.hyperlinks].map(([k, h]) => ({
      cell: rectToA1({ r0: keyRow(k), c0: keyCol(k), r1: keyRow(k), c1: keyCol(k) }),
      ...h,
    }));
  }

  /** Column width in points (column letter or 1-based index). */
  columnWidth(column: string | number): number {
    const c = typeof column === 'number' ? column - 1 : lettersToCol(column);
    return this.model.colWidths.get(c) ?? this.model.workbook.options.columnWidth;
  }

  autoFilter(): string | null {
    return this.model.autoFilter.rect ? rectToA1(this.model.autoFilter.rect) : null;
  }

  // ----- setup (raw, like a loaded file)

  /** Put raw values at `topLeft` (no coercion: strings stay text). */
  setValues(topLeft: string, rows: SetupValue[][]): this {
    const at = toRect(topLeft, 'setValues');
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        const r = at.r0 + i;
        const c = at.c0 + j;
        this.setRaw(r, c, v);
      }),
    );
    return this;
  }

  private setRaw(r: number, c: number, v: SetupValue): void {
    const s = this.model;
    s.formulas.delete(cellKey(r, c));
    if (v === null || v === undefined || v === '') {
      s.setValue(r, c, undefined);
      return;
    }
    if (v instanceof Date) {
      const serial = serialFromJsDate(v, s.workbook.date1904);
      if (serial === null) throw new Error('Excel double: date out of range');
      s.setValue(r, c, serial);
      if ((s.styleAt(r, c).numberFormat ?? 'General') === 'General') {
        s.setStyleId(
          r,
          c,
          s.workbook.styles.patch(s.styleIdAt(r, c), { numberFormat: s.workbook.options.shortDateFormat }),
        );
      }
      return;
    }
    if (typeof v === 'object') {
      if ('formula' in v) {
        s.setFormula(r, c, v.formula.startsWith('=') ? v.formula : '=' + v.formula);
        return;
      }
      s.setValue(r, c, CellErrorValue.of(v.error));
      return;
    }
    s.setValue(r, c, v as CellValue);
  }

  setFormula(address: string, formula: string): this {
    const r = toRect(address, 'setFormula');
    this.model.setFormula(r.r0, r.c0, formula);
    return this;
  }

  setNumberFormat(address: string, numberFormat: string): this {
    this.model.patchStyle(toRect(address, 'setNumberFormat'), {
      numberFormat: numberFormat === 'General' ? undefined : numberFormat,
    });
    return this;
  }

  setStyle(address: string, patch: Partial<Style>): this {
    this.model.patchStyle(toRect(address, 'setStyle'), patch);
    return this;
  }

  merge(address: string): this {
    this.model.merges.push(toRect(address, 'merge'));
    return this;
  }

  protect(options: Partial<ReturnType<typeof defaultProtectionOptions>> = {}, password?: string): this {
    this.model.protection = {
      protected: true,
      options: { ...defaultProtectionOptions(), ...options },
      ...(password ? { password } : {}),
    };
    return this;
  }

  unprotect(): this {
    this.model.protection = { protected: false, options: defaultProtectionOptions() };
    return this;
  }

  setVisibility(v: 'Visible' | 'Hidden' | 'VeryHidden'): this {
    this.model.visibility = v;
    return this;
  }

  /** Add a table over `address` (header row = first row, as in a file). */
  addTable(name: string, address: string): this {
    const rect = toRect(address, 'addTable');
    if (!isValidRect(rect)) throw new Error('Excel double: bad table range');
    const t = createTable(this.model.workbook, { sheet: this.model, rect }, true, name);
    normalizeHeaders(t);
    return this;
  }
}

function formatOf(st: Style, wb: WorkbookModel): CellFormatSnapshot {
  return {
    fill: st.fillColor ?? null,
    font: {
      bold: !!st.fontBold,
      italic: !!st.fontItalic,
      color: st.fontColor ?? '#000000',
      size: st.fontSize ?? wb.options.fontSize,
      name: st.fontName ?? wb.options.fontName,
      underline: st.fontUnderline ?? 'None',
      strikethrough: !!st.fontStrikethrough,
    },
    horizontalAlignment: st.horizontalAlignment ?? 'General',
    verticalAlignment: st.verticalAlignment ?? 'Bottom',
    wrapText: !!st.wrapText,
    indentLevel: st.indentLevel ?? 0,
    locked: st.locked !== false,
    borders: {
      top: st.borderTop ?? null,
      bottom: st.borderBottom ?? null,
      left: st.borderLeft ?? null,
      right: st.borderRight ?? null,
    },
  };
}

export class DoubleWorkbook {
  constructor(readonly state: WorkbookModel) {}

  sheetNames(): string[] {
    return this.state.sheets.map((s) => s.name);
  }

  hasSheet(name: string): boolean {
    return !!this.state.findSheet(name);
  }

  sheet(name: string): DoubleSheet {
    const s = this.state.findSheet(name);
    if (!s) throw new Error(`Excel double: no sheet '${name}'`);
    return new DoubleSheet(s);
  }

  /** Setup: add a sheet (optionally with raw values from A1). */
  addSheet(name: string, rows?: SetupValue[][]): DoubleSheet {
    const s = new DoubleSheet(this.state.addSheet(name));
    if (rows) s.setValues('A1', rows);
    return s;
  }

  get protected(): boolean {
    return this.state.protection.protected;
  }
  protect(password?: string): this {
    this.state.protection = { protected: true, ...(password ? { password } : {}) };
    return this;
  }
  unprotect(): this {
    this.state.protection = { protected: false };
    return this;
  }

  get date1904(): boolean {
    return this.state.date1904;
  }

  names(): { name: string; formula: string; visible: boolean; comment: string; scope: string | null }[] {
    return this.state.names.map((n) => ({
      name: n.name,
      formula: this.state.nameFormula(n),
      visible: n.visible,
      comment: n.comment,
      scope: n.scope ? n.scope.name : null,
    }));
  }

  /** Setup: add a workbook-scoped name referring to a range ("Sheet1!$A$1") or a formula. */
  addName(name: string, reference: string): this {
    const ref = this.state.resolveReference(reference);
    this.state.names.push({
      name,
      scope: null,
      ref,
      formula: ref ? '' : reference.startsWith('=') ? reference : '=' + reference,
      visible: true,
      comment: '',
    });
    return this;
  }

  settings(): Record<string, unknown> {
    return Object.fromEntries(this.state.settings);
  }

  tables(): {
    name: string;
    id: string;
    sheet: string;
    address: string;
    columns: string[];
    showTotals: boolean;
    style: string;
  }[] {
    return this.state.tables.map((t) => ({
      name: t.name,
      id: t.id,
      sheet: t.sheet.name,
      address: rectToA1(t.rect),
      columns: t.columns.map((c) => c.name),
      showTotals: t.showTotals,
      style: t.style,
    }));
  }

  selection(): { sheet: string; address: string } | null {
    const s = this.state.selection;
    return s ? { sheet: s.sheet.name, address: rectToA1(s.rect) } : null;
  }

  activeSheet(): string | null {
    return this.state.activeSheet?.name ?? null;
  }
}
