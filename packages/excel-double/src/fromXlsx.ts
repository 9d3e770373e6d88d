/**
 * Load an .xlsx (Buffer / ArrayBuffer / Uint8Array) into a double state with ExcelJS
 * (non-streaming `xlsx.load`).
 *
 * Brought in: sheet names, order and visibility; values (dates → serials in the workbook's date
 * system, i.e. 1900 unless the file uses date1904 — what Office.js reports; rich text → plain
 * text; hyperlink cells → their text, with the link kept; errors → error values; formulas with
 * their cached result — formula cells without a cached result get the double's own evaluation);
 * number formats and basic cell styles (font bold/italic/colour/size/name/underline, solid fill,
 * alignment, wrap, locked, borders); column widths and row heights; merges; tables (name, range,
 * header row, columns, style); sheet protection (options; a sheet protected with a password in
 * the file cannot be unprotected through the API, since only the hash is known); freeze panes; page setup and
 * headers/footers; data validation; conditional formats of type expression, containsText and
 * cellIs; auto-filter; workbook-scoped defined names (ExcelJS keeps only names that refer to
 * ranges, and loses the sheet scope).
 *
 * Not brought in: charts, drawings, comments, row/column default styles of empty cells, other
 * conditional-format types, workbook structure protection (ExcelJS does not read it; pass
 * `workbookProtected: true` to emulate it).
 */

import ExcelJS from 'exceljs';
import { MAX_COLS, MAX_ROWS, Rect, cellKey, parseAddress, splitSheet } from './address';
import {
  BorderModel,
  CfModel,
  DvModel,
  HeaderFooterModel,
  ProtectionOptionsModel,
  SheetModel,
  Style,
  TableModel,
  WorkbookModel,
  WorkbookOptions,
  defaultProtectionOptions,
} from './model';
import { CellErrorValue, CellValue, serialFromJsDate } from './values';

export interface LoadXlsxOptions {
  workbookOptions?: Partial<WorkbookOptions>;
  /** Mark the workbook structure as protected (ExcelJS does not read workbookProtection). */
  workbookProtected?: boolean;
}

/** A password the add-in can never supply (the file only has a hash). */
const UNKNOWN_PASSWORD = '\u0000unknown-password-hash\u0000';

type AnyRecord = Record<string, unknown>;

export async function loadWorkbookFromXlsx(
  data: ArrayBuffer | Uint8Array | { buffer: ArrayBufferLike; byteOffset: number; byteLength: number },
  options: LoadXlsxOptions = {},
): Promise<WorkbookModel> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const model = new WorkbookModel(options.workbookOptions);
  model.date1904 = !!(wb.properties as { date1904?: boolean } | undefined)?.date1904;
  if (options.workbookProtected) model.protection = { protected: true, password: UNKNOWN_PASSWORD };
  const styleCache = new WeakMap<object, number>();

  for (const ws of wb.worksheets) {
    const sheet = model.addSheetRaw(ws.name);
    sheet.visibility =
      ws.state === 'hidden' ? 'Hidden' : ws.state === 'veryHidden' ? 'VeryHidden' : 'Visible';
    loadCells(ws, sheet, model, styleCache);
    loadSheetParts(ws, sheet, model);
  }
  if (!model.sheets.length) model.addSheet('Sheet1');
  const firstVisible = model.visibleSheets()[0] ?? model.sheets[0];
  model.activeSheet = firstVisible;
  model.selection = { sheet: firstVisible, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
  loadNames(wb, model);
  model.recalculate(true);
  return model;
}

// ---------------------------------------------------------------------------------------------
// Cells

function argbToHex(c: unknown): string | undefined {
  const argb = (c as { argb?: string } | undefined)?.argb;
  if (typeof argb !== 'string') return undefined;
  const hex = argb.length === 8 ? argb.slice(2) : argb;
  return /^[0-9a-fA-F]{6}$/.test(hex) ? '#' + hex.toUpperCase() : undefined;
}

const H_ALIGN: Record<string, string> = {
  left: 'Left',
  center: 'Center',
  right: 'Right',
  fill: 'Fill',
  justify: 'Justify',
  centerContinuous: 'CenterAcrossSelection',
  distributed: 'Distributed',
};
const V_ALIGN: Record<string, string> = {
  top: 'Top',
  middle: 'Center',
  bottom: 'Bottom',
  distributed: 'Distributed',
  justify: 'Justify',
};
const BORDER: Record<string, [string, string]> = {
  thin: ['Continuous', 'Thin'],
  medium: ['Continuous', 'Medium'],
  thick: ['Continuous', 'Thick'],
  hair: ['Continuous', 'Hairline'],
  dotted: ['Dot', 'Thin'],
  dashed: ['Dash', 'Thin'],
  mediumDashed: ['Dash', 'Medium'],
  dashDot: ['DashDot', 'Thin'],
  mediumDashDot: ['DashDot', 'Medium'],
  dashDotDot: ['DashDotDot', 'Thin'],
  mediumDashDotDot: ['DashDotDot', 'Medium'],
  slantDashDot: ['SlantDashDot', 'Medium'],
  double: ['Double', 'Thick'],
};

function border(b: unknown): BorderModel | undefined {
  const x = b as { style?: string; color?: unknown } | undefined;
  if (!x?.style || !BORDER[x.style]) return undefined;
  const [style, weight] = BORDER[x.style];
  return { style, weight, color: argbToHex(x.color) ?? '#000000' };
}

function styleFrom(st: AnyRecord): Style {
  const out: Style = {};
  const numFmt = st.numFmt as string | undefined;
  if (numFmt && numFmt !== 'General') out.numberFormat = numFmt;
  const font = st.font as AnyRecord | undefined;
  if (font) {
    if (font.bold) out.fontBold = true;
    if (font.italic) out.fontItalic = true;
    if (font.strike) out.fontStrikethrough = true;
    if (typeof font.size === 'number') out.fontSize = font.size;
    if (typeof font.name === 'string') out.fontName = font.name;
    const color = argbToHex(font.color);
    if (color && color !== '#000000') out.fontColor = color;
    if (font.underline === true || font.underline === 'single') out.fontUnderline = 'Single';
    else if (font.underline === 'double') out.fontUnderline = 'Double';
    else if (font.underline === 'singleAccounting') out.fontUnderline = 'SingleAccountant';
    else if (font.underline === 'doubleAccounting') out.fontUnderline = 'DoubleAccountant';
  }
  const fill = st.fill as AnyRecord | undefined;
  if (fill && fill.type === 'pattern' && fill.pattern === 'solid') {
    const c = argbToHex(fill.fgColor);
    if (c) out.fillColor = c;
  }
  const al = st.alignment as AnyRecord | undefined;
  if (al) {
    if (typeof al.horizontal === 'string' && H_ALIGN[al.horizontal])
      out.horizontalAlignment = H_ALIGN[al.horizontal];
    if (typeof al.vertical === 'string' && V_ALIGN[al.vertical]) out.verticalAlignment = V_ALIGN[al.vertical];
    if (al.wrapText) out.wrapText = true;
    if (typeof al.indent === 'number' && al.indent > 0) out.indentLevel = al.indent;
  }
  const prot = st.protection as AnyRecord | undefined;
  if (prot && prot.locked === false) out.locked = false;
  if (prot && prot.hidden) out.formulaHidden = true;
  const b = st.border as AnyRecord | undefined;
  if (b) {
    const top = border(b.top);
    const bottom = border(b.bottom);
    const left = border(b.left);
    const right = border(b.right);
    if (top) out.borderTop = top;
    if (bottom) out.borderBottom = bottom;
    if (left) out.borderLeft = left;
    if (right) out.borderRight = right;
  }
  return out;
}

function richTextOf(v: unknown): string | null {
  const rt = (v as { richText?: { text?: string }[] } | null)?.richText;
  return Array.isArray(rt) ? rt.map((p) => p.text ?? '').join('') : null;
}

function plainValue(v: unknown, date1904: boolean): CellValue | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (v instanceof Date) return serialFromJsDate(v, date1904) ?? undefined;
  if (typeof v === 'object') {
    const o = v as AnyRecord;
    if (typeof o.error === 'string') return CellErrorValue.of(o.error);
    const rt = richTextOf(o);
    if (rt !== null) return rt === '' ? undefined : rt;
  }
  return undefined;
}

function loadCells(
  ws: ExcelJS.Worksheet,
  sheet: SheetModel,
  model: WorkbookModel,
  styleCache: WeakMap<object, number>,
): void {
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const r = rowNumber - 1;
    if (row.height && (row as unknown as { customHeight?: boolean }).customHeight !== false)
      sheet.rowHeights.set(r, row.height);
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const c = colNumber - 1;
      const st = cell.style as unknown as AnyRecord | undefined;
      if (st && typeof st === 'object') {
        let id = styleCache.get(st);
        if (id === undefined) {
          id = model.styles.intern(styleFrom(st));
          styleCache.set(st, id);
        }
        if (id !== 0) sheet.styles.set(cellKey(r, c), id);
      }
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const v = cell.value as unknown;
      if (v === null || v === undefined) return;
      if (typeof v === 'object' && !(v instanceof Date)) {
        const o = v as AnyRecord;
        if ('formula' in o || 'sharedFormula' in o) {
          const f = cell.formula;
          if (typeof f === 'string' && f !== '') {
            const formula = '=' + f;
            const cached = o.result;
            sheet.formulas.set(cellKey(r, c), formula);
            const value = plainValue(cached, model.date1904);
            if (value !== undefined) sheet.setValue(r, c, value);
            else if (cached === '') sheet.setValue(r, c, '');
            else {
              try {
                sheet.setValue(r, c, model.evaluateFormula(sheet, formula));
              } catch {
                sheet.setValue(r, c, CellErrorValue.of('#NAME?'));
              }
            }
            return;
          }
        }
        if ('hyperlink' in o) {
          const text =
            typeof o.text === 'string' ? o.text : (richTextOf(o.text) ?? String(o.hyperlink ?? ''));
          const link = String(o.hyperlink ?? '');
          sheet.hyperlinks.set(
            cellKey(r, c),
            link.startsWith('#')
              ? {
                  documentReference: link.slice(1),
                  ...(typeof o.tooltip === 'string' ? { screenTip: o.tooltip } : {}),
                }
              : { address: link, ...(typeof o.tooltip === 'string' ? { screenTip: o.tooltip } : {}) },
          );
          if (text !== '') sheet.setValue(r, c, text);
          return;
        }
      }
      const value = plainValue(v, model.date1904);
      if (value !== undefined) sheet.setValue(r, c, value);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Sheet-level parts

/** Column width in characters → points (Excel's MDW of 7 px for the default font). */
function widthToPoints(chars: number): number {
  const px = Math.trunc(((256 * chars + Math.trunc(128 / 7)) / 256) * 7);
  return px * 0.75;
}

function rectsOfRef(ref: string): Rect[] {
  return ref
    .split(/[\s,]+/)
    .map((a) => parseAddress(a)?.rect)
    .filter((x): x is Rect => !!x);
}

/** Group single cells into rectangles (column runs, then equal runs side by side). */
function cellsToRects(cells: { r: number; c: number }[]): Rect[] {
  const byCol = new Map<number, number[]>();
  for (const { r, c } of cells) {
    const list = byCol.get(c) ?? [];
    list.push(r);
    byCol.set(c, list);
  }
  const runs: Rect[] = [];
  for (const [c, rows] of [...byCol].sort((a, b) => a[0] - b[0])) {
    rows.sort((a, b) => a - b);
    let start = rows[0];
    let prev = rows[0];
    for (const r of rows.slice(1).concat([Number.NaN])) {
      if (r === prev + 1) {
        prev = r;
        continue;
      }
      runs.push({ r0: start, r1: prev, c0: c, c1: c });
      start = r;
      prev = r;
    }
  }
  const out: Rect[] = [];
  for (const run of runs) {
    const left = out.find((o) => o.r0 === run.r0 && o.r1 === run.r1 && o.c1 === run.c0 - 1);
    if (left) left.c1 = run.c1;
    else out.push({ ...run });
  }
  return out;
}

const DV_OPERATORS: Record<string, string> = {
  between: 'Between',
  notBetween: 'NotBetween',
  equal: 'EqualTo',
  notEqual: 'NotEqualTo',
  greaterThan: 'GreaterThan',
  lessThan: 'LessThan',
  greaterThanOrEqual: 'GreaterThanOrEqualTo',
  lessThanOrEqual: 'LessThanOrEqualTo',
};
const DV_TYPES: Record<string, string> = {
  whole: 'wholeNumber',
  decimal: 'decimal',
  date: 'date',
  time: 'time',
  textLength: 'textLength',
  custom: 'custom',
};

function dvRule(dv: AnyRecord): Record<string, unknown> | null {
  const formulae = (dv.formulae as unknown[] | undefined) ?? [];
  const f = (x: unknown): string => (x instanceof Date ? x.toISOString().slice(0, 10) : String(x));
  if (dv.type === 'list') {
    const src = f(formulae[0] ?? '');
    const source = /^".*"$/.test(src) ? src.slice(1, -1) : src.startsWith('=') ? src : '=' + src;
    return { list: { inCellDropDown: !dv.showDropDown, source } };
  }
  const key = DV_TYPES[String(dv.type)];
  if (!key) return null;
  if (key === 'custom') return { custom: { formula: '=' + f(formulae[0] ?? '') } };
  return {
    [key]: {
      formula1: f(formulae[0] ?? ''),
      ...(formulae[1] !== undefined ? { formula2: f(formulae[1]) } : {}),
      operator: DV_OPERATORS[String(dv.operator ?? 'between')] ?? 'Between',
    },
  };
}

const PAPER: Record<number, string> = {
  1: 'Letter',
  3: 'Tabloid',
  5: 'Legal',
  7: 'Executive',
  8: 'A3',
  9: 'A4',
  11: 'A5',
  12: 'B4',
  13: 'B5',
};

function hfSections(text: unknown): { left: string; center: string; right: string } {
  const out = { left: '', center: '', right: '' };
  if (typeof text !== 'string') return out;
  let cur: 'left' | 'center' | 'right' = 'center';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '&' && 'LCR'.includes(text[i + 1] ?? '')) {
      cur = text[i + 1] === 'L' ? 'left' : text[i + 1] === 'C' ? 'center' : 'right';
      i += 2;
      continue;
    }
    out[cur] += text[i];
    i++;
  }
  return out;
}

function hfModel(header: unknown, footer: unknown): HeaderFooterModel {
  const h = hfSections(header);
  const f = hfSections(footer);
  return {
    leftHeader: h.left,
    centerHeader: h.center,
    rightHeader: h.right,
    leftFooter: f.left,
    centerFooter: f.center,
    rightFooter: f.right,
  };
}

const CF_TEXT: Record<string, string> = {
  containsText: 'Contains',
  notContains: 'NotContains',
  beginsWith: 'BeginsWith',
  endsWith: 'EndsWith',
};
const CF_VALUE: Record<string, string> = {
  between: 'Between',
  notBetween: 'NotBetween',
  equal: 'EqualTo',
  notEqual: 'NotEqualTo',
  greaterThan: 'GreaterThan',
  lessThan: 'LessThan',
  greaterThanOrEqual: 'GreaterThanOrEqual',
  lessThanOrEqual: 'LessThanOrEqual',
};

function loadSheetParts(ws: ExcelJS.Worksheet, sheet: SheetModel, model: WorkbookModel): void {
  const w = ws as unknown as AnyRecord;
  // Columns
  const cols = (w._columns as { width?: number; number: number }[] | undefined) ?? [];
  for (const col of cols) {
    if (col && typeof col.width === 'number') sheet.colWidths.set(col.number - 1, widthToPoints(col.width));
  }
  // Merges
  const merges =
    (w._merges as Record<
      string,
      { range?: string; model?: { top: number; left: number; bottom: number; right: number } }
    >) ?? {};
  for (const m of Object.values(merges)) {
    const mm = m.model;
    if (mm) sheet.merges.push({ r0: mm.top - 1, c0: mm.left - 1, r1: mm.bottom - 1, c1: mm.right - 1 });
    else if (m.range) sheet.merges.push(...rectsOfRef(m.range));
  }
  // Protection
  const sp = w.sheetProtection as AnyRecord | null | undefined;
  if (sp && sp.sheet) {
    const o: ProtectionOptionsModel = {
      ...defaultProtectionOptions(),
      allowFormatCells: !!sp.formatCells,
      allowFormatColumns: !!sp.formatColumns,
      allowFormatRows: !!sp.formatRows,
      allowInsertColumns: !!sp.insertColumns,
      allowInsertRows: !!sp.insertRows,
      allowInsertHyperlinks: !!sp.insertHyperlinks,
      allowDeleteColumns: !!sp.deleteColumns,
      allowDeleteRows: !!sp.deleteRows,
      allowSort: !!sp.sort,
      allowAutoFilter: !!sp.autoFilter,
      allowPivotTables: !!sp.pivotTables,
      allowEditObjects: sp.objects === false,
      allowEditScenarios: sp.scenarios === false,
    };
    sheet.protection = {
      protected: true,
      options: o,
      ...(sp.hashValue || sp.password ? { password: UNKNOWN_PASSWORD } : {}),
    };
  }
  // Views
  const view = (ws.views ?? [])[0] as AnyRecord | undefined;
  if (view) {
    if (view.state === 'frozen')
      sheet.freeze = { rows: Number(view.ySplit ?? 0), cols: Number(view.xSplit ?? 0) };
    if (view.showGridLines === false) sheet.showGridlines = false;
  }
  if (ws.properties?.tabColor) sheet.tabColor = argbToHex(ws.properties.tabColor) ?? '';
  // Auto filter
  const af = ws.autoFilter as unknown;
  if (typeof af === 'string') sheet.autoFilter = { rect: rectsOfRef(af)[0] ?? null };
  // Page setup and header/footer
  const ps = (ws.pageSetup ?? {}) as AnyRecord;
  const pl = sheet.pageLayout;
  if (ps.orientation === 'landscape') pl.orientation = 'Landscape';
  if (typeof ps.paperSize === 'number' && PAPER[ps.paperSize]) pl.paperSize = PAPER[ps.paperSize];
  if (ps.fitToPage)
    pl.zoom = {
      horizontalFitToPages: Number(ps.fitToWidth ?? 1),
      verticalFitToPages: Number(ps.fitToHeight ?? 1),
    };
  else if (typeof ps.scale === 'number') pl.zoom = { scale: ps.scale };
  if (typeof ps.printTitlesRow === 'string') {
    const [a, b] = ps.printTitlesRow.replace(/\$/g, '').split(':').map(Number);
    if (a) pl.printTitleRows = { r0: a - 1, r1: (b || a) - 1, c0: 0, c1: MAX_COLS - 1 };
  }
  if (typeof ps.printTitlesColumn === 'string') {
    const p = parseAddress(ps.printTitlesColumn.replace(/\$/g, ''));
    if (p) pl.printTitleColumns = { ...p.rect, r0: 0, r1: MAX_ROWS - 1 };
  }
  if (typeof ps.printArea === 'string') pl.printArea = ps.printArea.split('&&').flatMap(rectsOfRef);
  if (ps.horizontalCentered) pl.centerHorizontally = true;
  if (ps.verticalCentered) pl.centerVertically = true;
  if (ps.blackAndWhite) pl.blackAndWhite = true;
  if (ps.draft) pl.draftMode = true;
  if (ps.showGridLines) pl.printGridlines = true;
  if (typeof ps.firstPageNumber === 'number') pl.firstPageNumber = ps.firstPageNumber;
  const margins = ps.margins as Record<string, number> | undefined;
  if (margins) {
    const pt = (x: unknown, d: number): number =>
      typeof x === 'number' ? Math.round(x * 72 * 100) / 100 : d;
    pl.topMargin = pt(margins.top, pl.topMargin);
    pl.bottomMargin = pt(margins.bottom, pl.bottomMargin);
    pl.leftMargin = pt(margins.left, pl.leftMargin);
    pl.rightMargin = pt(margins.right, pl.rightMargin);
    pl.headerMargin = pt(margins.header, pl.headerMargin);
    pl.footerMargin = pt(margins.footer, pl.footerMargin);
  }
  const hf = (ws.headerFooter ?? {}) as AnyRecord;
  pl.headersFooters.defaultForAllPages = hfModel(hf.oddHeader, hf.oddFooter);
  pl.headersFooters.oddPages = hfModel(hf.oddHeader, hf.oddFooter);
  pl.headersFooters.evenPages = hfModel(hf.evenHeader, hf.evenFooter);
  pl.headersFooters.firstPage = hfModel(hf.firstHeader, hf.firstFooter);
  pl.headersFooters.state = hf.differentFirst
    ? hf.differentOddEven
      ? 'FirstOddAndEven'
      : 'FirstAndDefault'
    : hf.differentOddEven
      ? 'OddAndEven'
      : 'Default';
  // Data validation (ExcelJS expands ranges to cells sharing one object)
  const dvModel = ((ws as unknown as { dataValidations?: { model?: Record<string, AnyRecord> } })
    .dataValidations?.model ?? {}) as Record<string, AnyRecord>;
  const groups = new Map<AnyRecord, { r: number; c: number }[]>();
  for (const [addr, dv] of Object.entries(dvModel)) {
    const p = parseAddress(addr.replace(/^range:/, ''));
    if (!p) continue;
    const list = groups.get(dv) ?? [];
    for (let r = p.rect.r0; r <= p.rect.r1; r++)
      for (let c = p.rect.c0; c <= p.rect.c1; c++) list.push({ r, c });
    groups.set(dv, list);
  }
  for (const [dv, cells] of groups) {
    const d: DvModel = {
      ranges: cellsToRects(cells),
      rule: dvRule(dv),
      errorAlert: {
        message: String(dv.error ?? ''),
        showAlert: dv.showErrorMessage !== false,
        style:
          dv.errorStyle === 'warning' ? 'Warning' : dv.errorStyle === 'information' ? 'Information' : 'Stop',
        title: String(dv.errorTitle ?? ''),
      },
      prompt: {
        message: String(dv.prompt ?? ''),
        showPrompt: !!dv.showInputMessage,
        title: String(dv.promptTitle ?? ''),
      },
      ignoreBlanks: dv.allowBlank !== false,
    };
    sheet.dataValidations.push(d);
  }
  // Conditional formats
  const cfs = ((w.conditionalFormattings as { ref: string; rules: AnyRecord[] }[] | undefined) ?? [])
    .flatMap((cf) => cf.rules.map((rule) => ({ ref: cf.ref, rule })))
    .sort((a, b) => Number(a.rule.priority ?? 0) - Number(b.rule.priority ?? 0));
  for (const { ref, rule } of cfs) {
    const formulae = (rule.formulae as unknown[] | undefined) ?? [];
    const eq = (x: unknown): string => (String(x).startsWith('=') ? String(x) : '=' + String(x));
    let type: CfModel['type'];
    let r: CfModel['rule'];
    if (rule.type === 'expression') {
      type = 'Custom';
      r = { formula: eq(formulae[0] ?? '') };
    } else if (rule.type === 'containsText' && CF_TEXT[String(rule.operator)]) {
      type = 'ContainsText';
      r = { operator: CF_TEXT[String(rule.operator)], text: String(rule.text ?? '') };
    } else if (rule.type === 'cellIs' && CF_VALUE[String(rule.operator)]) {
      type = 'CellValue';
      r = {
        operator: CF_VALUE[String(rule.operator)],
        formula1: eq(formulae[0] ?? ''),
        ...(formulae[1] !== undefined ? { formula2: eq(formulae[1]) } : {}),
      };
    } else continue;
    const style = (rule.style ?? {}) as AnyRecord;
    const font = (style.font ?? {}) as AnyRecord;
    const fill = (style.fill ?? {}) as AnyRecord;
    const fmt: CfModel['format'] = {};
    const fillColor = argbToHex(fill.bgColor) ?? argbToHex(fill.fgColor);
    if (fillColor) fmt.fillColor = fillColor;
    const fontColor = argbToHex(font.color);
    if (fontColor) fmt.fontColor = fontColor;
    if (font.bold !== undefined) fmt.fontBold = !!font.bold;
    if (font.italic !== undefined) fmt.fontItalic = !!font.italic;
    if (typeof style.numFmt === 'string') fmt.numberFormat = style.numFmt;
    sheet.conditionalFormats.push({
      id: model.nextCfId(),
      type,
      ranges: rectsOfRef(ref),
      stopIfTrue: !!rule.stopIfTrue,
      rule: r,
      format: fmt,
    });
  }
  // Tables
  for (const t of ws.getTables() as unknown as { table?: AnyRecord; model?: AnyRecord }[]) {
    const tm = (t.table ?? t.model) as AnyRecord | undefined;
    const ref = typeof tm?.tableRef === 'string' ? tm.tableRef : tm?.ref;
    if (!tm || typeof ref !== 'string') continue;
    const rect = rectsOfRef(ref)[0];
    if (!rect) continue;
    const columns = ((tm.columns as { name?: string }[] | undefined) ?? []).map((c, i) => ({
      id: i + 1,
      name: String(c.name ?? `Column${i + 1}`),
    }));
    const width = rect.c1 - rect.c0 + 1;
    while (columns.length < width)
      columns.push({ id: columns.length + 1, name: `Column${columns.length + 1}` });
    const id = model.nextTableId();
    const table: TableModel = {
      id,
      name: String(tm.displayName ?? tm.name ?? `Table${id}`),
      sheet,
      rect,
      showHeaders: tm.headerRow !== false,
      showTotals: !!tm.totalsRow,
      style: String((tm.style as AnyRecord | undefined)?.theme ?? 'TableStyleMedium2'),
      showBandedRows: (tm.style as AnyRecord | undefined)?.showRowStripes !== false,
      showBandedColumns: !!(tm.style as AnyRecord | undefined)?.showColumnStripes,
      showFilterButton: true,
      highlightFirstColumn: !!(tm.style as AnyRecord | undefined)?.showFirstColumn,
      highlightLastColumn: !!(tm.style as AnyRecord | undefined)?.showLastColumn,
      columns: columns.slice(0, width),
      nextColumnId: width + 1,
    };
    model.tables.push(table);
  }
}

function loadNames(wb: ExcelJS.Workbook, model: WorkbookModel): void {
  const list = (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model ?? [];
  for (const dn of list) {
    if (!dn.name || dn.name.startsWith('_xlnm.')) continue;
    if (dn.ranges.length === 1) {
      const { sheet } = splitSheet(dn.ranges[0]);
      const ref = model.resolveReference(dn.ranges[0]);
      if (ref && sheet !== undefined) {
        model.names.push({ name: dn.name, scope: null, ref, formula: '', visible: true, comment: '' });
        continue;
      }
    }
    model.names.push({
      name: dn.name,
      scope: null,
      ref: null,
      formula: '=' + dn.ranges.join(','),
      visible: true,
      comment: '',
    });
  }
}
