/**
 * Worksheet XML for the plan's own sheets (集計_地区, 会議資料, 要対応リスト, 入力チェック, 実行履歴,
 * 設定) — written directly from the SheetPlan, with the cell formats appended to the package's
 * styles.xml through a StyleBook. Used by the CLI's package writer and by the meeting export, so
 * both write cells, print settings and highlight rules the same way. Browser-safe: strings only.
 *
 * Text cells are inline strings (`t="inlineStr"`): the package's shared-string table is never
 * touched (see docs/performance.md, "CLI (package writer)", for the measurements behind this).
 */
import { parseRange } from '../sheets/address';
import type {
  CellOut,
  HighlightRule,
  ListValidationPlan,
  PageSetupPlan,
  SheetPlan,
} from '../sheets/plan-types';
import type { StyleBook } from './styles';
import { FatalError } from '../sheets/fatal';
import { OUTPUT_NOT_WRITABLE_REASONS } from '../strings/issues';
import { MAX_ROWS, escapeCellText, escapeXml } from './xml';

/** A sheet the output cannot hold within Excel's grid: fatal, the sheet named, nothing written. */
const sheetFull = (sheet: string, reason: string): FatalError =>
  new FatalError('output-not-writable', { sheet, params: { value: sheet, reason } });

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function colName(col: number): string {
  if (col > 0 && col < COL_NAMES.length) return (COL_NAMES[col] ??= columnLetters(col));
  return columnLetters(col);
}

function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Column names computed once (every cell of a generated sheet needs one). */
const COL_NAMES: (string | undefined)[] = new Array<string | undefined>(1025);

/** Number text of a <v>: shortest round-trip decimal (JS), which xsd:double accepts. */
export function numberText(v: number): string {
  return String(v + 0);
}

/** An inline-string cell body (attributes before, `<is>` after). */
export function inlineStringXml(ref: string, s: number, text: string): string {
  return `<c r="${ref}"${s ? ` s="${s}"` : ''} t="inlineStr">${isXml(text)}</c>`;
}

/**
 * `<is><t>…</t></is>` of a text, remembered for the texts met most recently: a generated sheet
 * repeats few distinct texts (statuses, clinic names, reasons) over many cells, and each fresh
 * one costs five regular-expression scans (preserve check, `_xHHHH_`, control characters, XML
 * characters, escaping). Cleared when full; the body is a pure function of the text.
 */
function isXml(text: string): string {
  let x = IS_CACHE.get(text);
  if (x === undefined) {
    const space = /^\s|\s$|[\t\n\r]/.test(text) ? ' xml:space="preserve"' : '';
    x = `<is><t${space}>${escapeCellText(text)}</t></is>`;
    if (text.length <= 256) {
      if (IS_CACHE.size >= 65_536) IS_CACHE.clear();
      IS_CACHE.set(text, x);
    }
  }
  return x;
}

const IS_CACHE = new Map<string, string>();

/** One planned cell as XML ('' for null). */
export function cellXml(ref: string, out: CellOut, styles: StyleBook): string {
  if (out === null) return '';
  const fmt = out.t === 'n' || out.t === 'd' ? out.fmt : undefined;
  const s = styles.cellXf(out.s, fmt);
  const sa = s ? ` s="${s}"` : '';
  switch (out.t) {
    case 's':
      return inlineStringXml(ref, s, out.v);
    case 'n':
    case 'd':
      return Number.isFinite(out.v)
        ? `<c r="${ref}"${sa}><v>${numberText(out.v)}</v></c>`
        : `<c r="${ref}"${sa}/>`;
    case 'f': {
      const f = `<f>${escapeXml(out.f.replace(/^=/, ''))}</f>`;
      if (typeof out.v === 'number') return `<c r="${ref}"${sa}>${f}<v>${numberText(out.v)}</v></c>`;
      return `<c r="${ref}"${sa} t="str">${f}<v>${escapeCellText(out.v)}</v></c>`;
    }
  }
}

/**
 * One <row> of planned cells starting at column 1 ('' when it has neither cells nor height).
 * `empty` gives the cell format of an empty cell the plan formats (SheetPlan.rangeFormats), by
 * 1-based column, or 0.
 */
export function rowXml(
  r: number,
  cells: readonly CellOut[],
  styles: StyleBook,
  height?: number,
  empty?: { right: number; xfOf: (col: number) => number },
): string {
  let body = '';
  const right = Math.max(cells.length, empty?.right ?? 0);
  for (let j = 0; j < right; j++) {
    const c = cells[j];
    if (c !== null && c !== undefined) body += cellXml(`${colName(j + 1)}${r}`, c, styles);
    else if (empty) {
      const s = empty.xfOf(j + 1);
      if (s) body += `<c r="${colName(j + 1)}${r}" s="${s}"/>`;
    }
  }
  const ht = height !== undefined ? ` ht="${height}" customHeight="1"` : '';
  if (!body && !ht) return '';
  return body ? `<row r="${r}"${ht}>${body}</row>` : `<row r="${r}"${ht}/>`;
}

/** <cols> for planned widths (consecutive equal widths merged), '' when none. */
export function colsXml(widths: readonly number[]): string {
  let out = '';
  for (let i = 0; i < widths.length;) {
    let j = i;
    while (j + 1 < widths.length && widths[j + 1] === widths[i]) j++;
    if (widths[i] !== undefined && widths[i] !== null)
      out += `<col min="${i + 1}" max="${j + 1}" width="${widths[i]}" customWidth="1"/>`;
    i = j + 1;
  }
  return out ? `<cols>${out}</cols>` : '';
}

/** <sheetViews> with the top rows frozen (or none frozen), gridlines hidden when `showGridlines` is false. */
export function sheetViewsXml(freezeRows: number, showGridlines = true): string {
  const grid = showGridlines ? '' : ' showGridLines="0"';
  if (freezeRows <= 0) return `<sheetViews><sheetView${grid} workbookViewId="0"/></sheetViews>`;
  return (
    `<sheetViews><sheetView${grid} workbookViewId="0">` +
    `<pane ySplit="${freezeRows}" topLeftCell="A${freezeRows + 1}" activePane="bottomLeft" state="frozen"/>` +
    '<selection pane="bottomLeft"/></sheetView></sheetViews>'
  );
}

/**
 * <conditionalFormatting> elements for highlight rules: one per range, one rule per status, in
 * plan order, priorities from `firstPriority`.
 */
export function conditionalFormatsXml(
  rules: readonly HighlightRule[],
  styles: StyleBook,
  firstPriority = 1,
): string {
  const byRange = new Map<string, HighlightRule[]>();
  for (const h of rules) byRange.set(h.range, [...(byRange.get(h.range) ?? []), h]);
  let priority = firstPriority;
  let out = '';
  for (const [ref, hs] of byRange) {
    out += `<conditionalFormatting sqref="${escapeXml(ref)}">`;
    for (const h of hs) {
      const dxf = styles.dxf(h.fill, h.fontColor);
      out += `<cfRule type="expression" dxfId="${dxf}" priority="${priority++}"><formula>${escapeXml(h.formula.replace(/^=/, ''))}</formula></cfRule>`;
    }
    out += '</conditionalFormatting>';
  }
  return out;
}

export const PAGE_MARGINS =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';

/** <pageMargins> of a planned page setup (its own margins, else the usual ones). */
export function pageMarginsXml(page: PageSetupPlan | null): string {
  const m = page?.margins;
  if (!m) return PAGE_MARGINS;
  return `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
}

/**
 * <rowBreaks> for manual page breaks below the given 1-based rows ('' when none). A <brk> id is
 * the zero-based index of the row above which the break lies (ECMA-376 Part 1, §18.3.1.3), i.e.
 * the 1-based number of the row below which it lies; `max` spans every column; `man` = manual.
 */
export function rowBreaksXml(rows: readonly number[] | undefined): string {
  if (!rows || rows.length === 0) return '';
  let out = `<rowBreaks count="${rows.length}" manualBreakCount="${rows.length}">`;
  for (const r of rows) out += `<brk id="${r}" max="16383" man="1"/>`;
  return out + '</rowBreaks>';
}

/** <pageSetup> and <headerFooter> of a planned page setup. */
export function pageSetupXml(page: PageSetupPlan): string {
  const ps = `<pageSetup paperSize="${page.paperSize}" orientation="${page.orientation}" fitToWidth="${page.fitToWidth}" fitToHeight="${page.fitToHeight}"/>`;
  const hf = page.footer
    ? `<headerFooter><oddFooter>${escapeXml(page.footer)}</oddFooter></headerFooter>`
    : '';
  return ps + hf;
}

/** The used range of a plan's rows ("A1" for an empty sheet). */
function dimensionOf(rows: readonly CellOut[][]): string {
  let maxRow = 0;
  let maxCol = 0;
  rows.forEach((cells, i) => {
    for (let j = cells.length - 1; j >= 0; j--) {
      if (cells[j] !== null && cells[j] !== undefined) {
        maxRow = i + 1;
        maxCol = Math.max(maxCol, j + 1);
        break;
      }
    }
  });
  return maxRow === 0 ? 'A1' : `A1:${colName(maxCol)}${maxRow}`;
}

/** The plan's formats of empty cells as rectangles with their cell format (xf). */
function rangeFormatsOf(
  sp: SheetPlan,
  styles: StyleBook,
): { top: number; left: number; bottom: number; right: number; xf: number }[] {
  return (sp.rangeFormats ?? []).map((f) => {
    const b = parseRange(f.range);
    if (!b) throw new Error(`bad range ${f.range}`);
    return { ...b, xf: styles.cellXf(undefined, f.numFmt) };
  });
}

/**
 * <dataValidations> for the plan's drop-down lists ('' when none): type list, the values as a
 * quoted formula1 (ECMA-376 Part 1, §18.3.1.32); the drop-down shows (showDropDown="1" would hide
 * it); the alert style, title and message as planned.
 */
export function dataValidationsXml(list: readonly ListValidationPlan[] | undefined): string {
  if (!list || list.length === 0) return '';
  let out = `<dataValidations count="${list.length}">`;
  for (const v of list) {
    const formula = `"${v.list.join(',').replace(/"/g, '""')}"`;
    out +=
      `<dataValidation type="list" errorStyle="${v.alert}" allowBlank="1" showErrorMessage="1"` +
      ` errorTitle="${escapeXml(v.title)}" error="${escapeXml(v.message)}" sqref="${escapeXml(v.range)}">` +
      `<formula1>${escapeXml(formula)}</formula1></dataValidation>`;
  }
  return out + '</dataValidations>';
}

/** Rows per yielded piece of sheetData (keeps the strings small on large sheets). */
const ROWS_PER_PIECE = 2000;

/**
 * The worksheet XML of an owned sheet, in pieces (the head, blocks of rows, the tail), so a large
 * 入力チェック or 要対応リスト can be compressed as it is generated. Cell formats are added to
 * `styles` as the rows are produced.
 */
export function* ownedSheetXmlPieces(sp: SheetPlan, styles: StyleBook): Generator<string> {
  const rows: CellOut[][] = sp.mode === 'append' ? [sp.append!.header, sp.append!.row] : sp.rows;
  const head =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${R_NS}">` +
    (sp.page ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
    `<dimension ref="${dimensionOf(rows)}"/>` +
    sheetViewsXml(sp.freezeRows, sp.showGridlines !== false) +
    colsXml(sp.widths);
  yield head + '<sheetData>';
  const heights = sp.rowHeights ?? {};
  // (A loop, not Math.max(...): 要対応リスト may list tens of thousands of row heights.)
  let last = rows.length;
  for (const k of Object.keys(heights)) last = Math.max(last, Number(k));
  const formats = rangeFormatsOf(sp, styles);
  for (const f of formats) last = Math.max(last, f.bottom);
  if (last > MAX_ROWS) throw sheetFull(sp.name, OUTPUT_NOT_WRITABLE_REASONS.sheetTooLong);
  let piece = '';
  for (let i = 0; i < last; i++) {
    const r = i + 1;
    const here = formats.filter((f) => f.top <= r && r <= f.bottom);
    const empty =
      here.length === 0
        ? undefined
        : {
            right: Math.max(...here.map((f) => f.right)),
            xfOf: (col: number) => here.find((f) => f.left <= col && col <= f.right)?.xf ?? 0,
          };
    piece += rowXml(r, rows[i] ?? [], styles, heights[r], empty);
    if ((i + 1) % ROWS_PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  yield piece + '</sheetData>' + ownedSheetTail(sp, styles);
}

/**
 * Everything after </sheetData> of an owned sheet, up to </worksheet>, in CT_Worksheet order
 * (ECMA-376 Part 1, §18.3.1.99): autoFilter, mergeCells, conditionalFormatting, dataValidations,
 * pageMargins,
 * pageSetup, headerFooter, rowBreaks.
 */
function ownedSheetTail(sp: SheetPlan, styles: StyleBook): string {
  let tail = '';
  if (sp.autoFilter) tail += `<autoFilter ref="${escapeXml(sp.autoFilter)}"/>`;
  if (sp.merges.length)
    tail += `<mergeCells count="${sp.merges.length}">${sp.merges.map((m) => `<mergeCell ref="${escapeXml(m)}"/>`).join('')}</mergeCells>`;
  tail += conditionalFormatsXml(sp.highlights, styles);
  tail += dataValidationsXml(sp.validations);
  tail += pageMarginsXml(sp.page);
  if (sp.page) tail += pageSetupXml(sp.page);
  tail += rowBreaksXml(sp.rowBreaks);
  return tail + '</worksheet>';
}

// ---------------------------------------------------------------------------------------------
// 実行履歴: one row appended to an existing sheet, every existing row kept as it is
// ---------------------------------------------------------------------------------------------

/** Rows of a sheet XML: number, span, and whether any cell holds a value. */
function scanRows(xml: string, p: string): { r: number; start: number; end: number; hasValue: boolean }[] {
  const out: { r: number; start: number; end: number; hasValue: boolean }[] = [];
  const open = `<${p}row`;
  const close = `</${p}row>`;
  let i = xml.indexOf(`<${p}sheetData`);
  if (i < 0) return out;
  const dataEnd = xml.indexOf(`</${p}sheetData>`, i);
  let prev = 0;
  for (;;) {
    const s = xml.indexOf(open, i);
    if (s < 0 || (dataEnd >= 0 && s > dataEnd)) break;
    const ch = xml.charCodeAt(s + open.length);
    if (ch !== 32 && ch !== 62 && ch !== 47 && ch !== 9 && ch !== 10 && ch !== 13) {
      i = s + open.length;
      continue;
    }
    const te = xml.indexOf('>', s);
    const tag = xml.slice(s, te + 1);
    const rAttr = /\sr="(\d+)"/.exec(tag);
    const r = rAttr ? Number(rAttr[1]) : prev + 1;
    let end: number;
    let body = '';
    if (tag.endsWith('/>')) end = te + 1;
    else {
      const ce = xml.indexOf(close, te);
      end = ce + close.length;
      body = xml.slice(te + 1, ce);
    }
    out.push({ r, start: s, end, hasValue: /<(?:[\w.-]+:)?(?:v|is|f)\b/.test(body) });
    prev = r;
    i = end;
  }
  return out;
}

/**
 * Appends the plan's row under the last row holding a value of an existing 実行履歴 sheet (the
 * header row too when the sheet has no value at all). Every existing row stays byte-identical;
 * the dimension grows. `xml` may use a namespace prefix.
 */
export function appendHistoryRow(xml: string, sp: SheetPlan, styles: StyleBook): string {
  const a = sp.append!;
  const p = /<([\w.-]+:)?worksheet\b/.exec(xml)?.[1] ?? '';
  const rows = scanRows(xml, p);
  const lastUsed = rows.reduce((m, row) => (row.hasValue ? Math.max(m, row.r) : m), 0);
  let insert = '';
  let at = lastUsed;
  if (lastUsed === 0) {
    insert += rowXml(1, a.header, styles);
    at = 1;
  }
  const newRow = at + 1;
  // 実行履歴 already reaches Excel's last row: nothing is written (issue 16, defect 5).
  if (newRow > MAX_ROWS) throw sheetFull(sp.name, OUTPUT_NOT_WRITABLE_REASONS.sheetFull);
  insert += rowXml(newRow, a.row, styles);
  if (p) insert = insert.replace(/<(\/?)(row|c|v|f|is|t)\b/g, `<$1${p}$2`);
  // Rows numbered at or above the new ones that hold only formatting are replaced by them.
  const replaced = rows.filter((row) => row.r >= (lastUsed === 0 ? 1 : newRow) && row.r <= newRow);
  let out = xml;
  for (const row of [...replaced].reverse()) out = out.slice(0, row.start) + out.slice(row.end);
  const after = scanRows(out, p).find((row) => row.r > newRow);
  if (after) out = out.slice(0, after.start) + insert + out.slice(after.start);
  else {
    const selfClosing = new RegExp(`<${p}sheetData\\s*/>`).exec(out);
    if (selfClosing)
      out =
        out.slice(0, selfClosing.index) +
        `<${p}sheetData>${insert}</${p}sheetData>` +
        out.slice(selfClosing.index + selfClosing[0].length);
    else {
      const ce = out.indexOf(`</${p}sheetData>`);
      out = out.slice(0, ce) + insert + out.slice(ce);
    }
  }
  // The dimension covers the new row.
  const width = Math.max(a.header.length, a.row.length);
  out = out.replace(
    new RegExp(`(<${p}dimension\\b[^>]*\\sref=")([^"]*)(")`),
    (_m, pre: string, ref: string, post: string) => {
      const b = parseRange(ref.split(/\s+/)[0]);
      const bottom = Math.max(b?.bottom ?? 1, newRow);
      const right = Math.max(b?.right ?? 1, width);
      return `${pre}A1:${colName(right)}${bottom}${post}`;
    },
  );
  return out;
}
