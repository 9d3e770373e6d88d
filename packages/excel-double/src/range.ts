/**
 * Range and the objects hanging off it: RangeFormat (fill, font, borders, protection),
 * DataValidation, conditional formats and RangeAreas.
 */

import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  boundingRect,
  cellKey,
  intersectRects,
  isEntireColumns,
  isEntireRows,
  isValidRect,
  parseAddress,
  rectCells,
  rectsIntersect,
  sheetAddress,
} from './address';
import {
  RangeTarget,
  clearContents,
  clearHyperlinks,
  matrixFor,
  normalizeColor,
  rangeAddress,
  readFormulas,
  readNumberFormats,
  readText,
  readValueTypes,
  readValues,
  uniformStyle,
  writeMatrix,
} from './cells';
import {
  Batch,
  ClientObjectDouble,
  ClientResultDouble,
  CollectionDouble,
  NULL_OBJECT,
  Target,
  assertCanEdit,
  mustFind,
  orNull,
  registerType,
} from './core';
import { ErrorCodes, excelError, invalidArgument, notEmulated } from './errors';
import { BorderModel, CfModel, DvModel, SheetModel, Style, shiftCells, subtractFromAreas } from './model';
import { CellErrorValue } from './values';
import { WorksheetDouble } from './worksheet';

// ---------------------------------------------------------------------------------------------
// Helpers

const rangeAlive = (t: RangeTarget): boolean => !t.sheet.deleted;
const rangeCells = (t: RangeTarget): number => rectCells(t.rect);

function target(sheet: SheetModel, rect: Rect, where: string): RangeTarget {
  if (!isValidRect(rect)) throw invalidArgument(where);
  return { sheet, rect };
}

/** Resolve a Range-or-address argument at sync. */
export function resolveRangeArg(
  arg: unknown,
  sheet: SheetModel | null,
  b: Batch,
  where: string,
): RangeTarget {
  if (arg instanceof ClientObjectDouble) {
    const t = arg._resolve(b);
    if (t === NULL_OBJECT || !t || typeof t !== 'object' || !('rect' in t)) throw invalidArgument(where);
    return t as RangeTarget;
  }
  if (typeof arg !== 'string') throw invalidArgument(where);
  const p = parseAddress(arg);
  if (!p) {
    const ref = b.model.resolveReference(arg, sheet ?? undefined);
    if (ref) return ref;
    throw invalidArgument(where);
  }
  if (p.sheet !== undefined) {
    const s = b.model.findSheet(p.sheet);
    if (!s) throw excelError(ErrorCodes.itemNotFound, where);
    return { sheet: s, rect: p.rect };
  }
  if (!sheet) throw invalidArgument(where);
  return { sheet, rect: p.rect };
}

function assertSameSheet(a: RangeTarget, b: RangeTarget, where: string): void {
  if (a.sheet !== b.sheet) throw invalidArgument(where);
}

function checkCount(n: unknown, where: string): number {
  if (n === undefined) return 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw invalidArgument(where);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Range

export class RangeDouble extends ClientObjectDouble<RangeTarget> {
  declare readonly address: string;
  declare values: unknown[][];
  declare formulas: unknown[][];
  declare numberFormat: unknown[][];
  declare readonly text: string[][];
  declare readonly rowCount: number;
  declare readonly columnCount: number;
  declare readonly rowIndex: number;
  declare readonly columnIndex: number;
  declare readonly format: RangeFormatDouble;
  declare readonly conditionalFormats: ConditionalFormatCollectionDouble;
  declare readonly dataValidation: DataValidationDouble;
  declare readonly worksheet: WorksheetDouble;

  private _sub(
    name: string,
    args: unknown[],
    f: (t: RangeTarget, b: Batch) => Rect,
    since?: number,
  ): RangeDouble {
    return this._create(RangeDouble, name, args, (t, b) => target(t.sheet, f(t, b), `Range.${name}`), {
      since,
    });
  }

  getCell(row: number, column: number): RangeDouble {
    return this._sub('getCell', [row, column], (t) => {
      const r = t.rect.r0 + row;
      const c = t.rect.c0 + column;
      return { r0: r, c0: c, r1: r, c1: c };
    });
  }

  getOffsetRange(rowOffset: number, columnOffset: number): RangeDouble {
    return this._sub('getOffsetRange', [rowOffset, columnOffset], (t) => ({
      r0: t.rect.r0 + rowOffset,
      c0: t.rect.c0 + columnOffset,
      r1: t.rect.r1 + rowOffset,
      c1: t.rect.c1 + columnOffset,
    }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): RangeDouble {
    return this._sub(
      'getResizedRange',
      [deltaRows, deltaColumns],
      (t) => ({ r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r1 + deltaRows, c1: t.rect.c1 + deltaColumns }),
      2,
    );
  }

  getAbsoluteResizedRange(numRows: number, numColumns: number): RangeDouble {
    return this._sub(
      'getAbsoluteResizedRange',
      [numRows, numColumns],
      (t) => ({ r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r0 + numRows - 1, c1: t.rect.c0 + numColumns - 1 }),
      7,
    );
  }

  getRow(row: number): RangeDouble {
    return this._sub('getRow', [row], (t) => {
      if (row < 0 || row > t.rect.r1 - t.rect.r0) throw invalidArgument('Range.getRow');
      return { ...t.rect, r0: t.rect.r0 + row, r1: t.rect.r0 + row };
    });
  }

  getColumn(column: number): RangeDouble {
    return this._sub('getColumn', [column], (t) => {
      if (column < 0 || column > t.rect.c1 - t.rect.c0) throw invalidArgument('Range.getColumn');
      return { ...t.rect, c0: t.rect.c0 + column, c1: t.rect.c0 + column };
    });
  }

  getLastRow(): RangeDouble {
    return this._sub('getLastRow', [], (t) => ({ ...t.rect, r0: t.rect.r1 }));
  }
  getLastColumn(): RangeDouble {
    return this._sub('getLastColumn', [], (t) => ({ ...t.rect, c0: t.rect.c1 }));
  }
  getLastCell(): RangeDouble {
    return this._sub('getLastCell', [], (t) => ({
      r0: t.rect.r1,
      c0: t.rect.c1,
      r1: t.rect.r1,
      c1: t.rect.c1,
    }));
  }
  getEntireRow(): RangeDouble {
    return this._sub('getEntireRow', [], (t) => ({ r0: t.rect.r0, r1: t.rect.r1, c0: 0, c1: MAX_COLS - 1 }));
  }
  getEntireColumn(): RangeDouble {
    return this._sub('getEntireColumn', [], (t) => ({
      r0: 0,
      r1: MAX_ROWS - 1,
      c0: t.rect.c0,
      c1: t.rect.c1,
    }));
  }
  getRowsAbove(count?: number): RangeDouble {
    return this._sub(
      'getRowsAbove',
      [count],
      (t) => {
        const n = checkCount(count, 'Range.getRowsAbove');
        return { ...t.rect, r0: t.rect.r0 - n, r1: t.rect.r0 - 1 };
      },
      2,
    );
  }
  getRowsBelow(count?: number): RangeDouble {
    return this._sub(
      'getRowsBelow',
      [count],
      (t) => {
        const n = checkCount(count, 'Range.getRowsBelow');
        return { ...t.rect, r0: t.rect.r1 + 1, r1: t.rect.r1 + n };
      },
      2,
    );
  }
  getColumnsBefore(count?: number): RangeDouble {
    return this._sub(
      'getColumnsBefore',
      [count],
      (t) => {
        const n = checkCount(count, 'Range.getColumnsBefore');
        return { ...t.rect, c0: t.rect.c0 - n, c1: t.rect.c0 - 1 };
      },
      2,
    );
  }
  getColumnsAfter(count?: number): RangeDouble {
    return this._sub(
      'getColumnsAfter',
      [count],
      (t) => {
        const n = checkCount(count, 'Range.getColumnsAfter');
        return { ...t.rect, c0: t.rect.c1 + 1, c1: t.rect.c1 + n };
      },
      2,
    );
  }

  getBoundingRect(anotherRange: RangeDouble | string): RangeDouble {
    return this._sub('getBoundingRect', [anotherRange], (t, b) => {
      const o = resolveRangeArg(anotherRange, t.sheet, b, 'Range.getBoundingRect');
      assertSameSheet(t, o, 'Range.getBoundingRect');
      return boundingRect(t.rect, o.rect);
    });
  }

  getIntersection(anotherRange: RangeDouble | string): RangeDouble {
    return this._sub('getIntersection', [anotherRange], (t, b) => {
      const o = resolveRangeArg(anotherRange, t.sheet, b, 'Range.getIntersection');
      const i = o.sheet === t.sheet ? intersectRects(t.rect, o.rect) : null;
      if (!i) throw excelError(ErrorCodes.itemNotFound, 'Range.getIntersection');
      return i;
    });
  }

  getIntersectionOrNullObject(anotherRange: RangeDouble | string): RangeDouble {
    return this._create(
      RangeDouble,
      'getIntersectionOrNullObject',
      [anotherRange],
      (t, b): Target<RangeTarget> => {
        const o = resolveRangeArg(anotherRange, t.sheet, b, 'Range.getIntersectionOrNullObject');
        const i = o.sheet === t.sheet ? intersectRects(t.rect, o.rect) : null;
        return i ? { sheet: t.sheet, rect: i } : NULL_OBJECT;
      },
      { since: 4 },
    );
  }

  getUsedRange(valuesOnly?: boolean): RangeDouble {
    return this._sub(
      'getUsedRange',
      [valuesOnly],
      (t) => {
        const u = t.sheet.usedRect(!!valuesOnly);
        const i = u ? intersectRects(u, t.rect) : null;
        if (!i) throw excelError(ErrorCodes.itemNotFound, 'Range.getUsedRange');
        return i;
      },
      2,
    );
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeDouble {
    return this._create(
      RangeDouble,
      'getUsedRangeOrNullObject',
      [valuesOnly],
      (t): Target<RangeTarget> => {
        const u = t.sheet.usedRect(!!valuesOnly);
        const i = u ? intersectRects(u, t.rect) : null;
        return i ? { sheet: t.sheet, rect: i } : NULL_OBJECT;
      },
      { since: 4 },
    );
  }

  getMergedAreasOrNullObject(): RangeAreasDouble {
    return this._create(
      RangeAreasDouble,
      'getMergedAreasOrNullObject',
      [],
      (t): Target<AreasTarget> => {
        const rects = t.sheet.merges.filter((m) => rectsIntersect(m, t.rect));
        return rects.length ? { sheet: t.sheet, rects } : NULL_OBJECT;
      },
      { since: 13 },
    );
  }

  /** Insert cells, shifting the others down or right; returns the new (empty) range. */
  insert(shift: string): RangeDouble {
    return this._create(RangeDouble, 'insert', [shift], (t) => {
      const r = t.rect;
      if (shift === 'Down') {
        assertCanEdit(t.sheet, r, isEntireRows(r) ? 'insertRows' : 'contents', 'Range.insert');
        if (t.sheet.protection.protected && !isEntireRows(r))
          throw excelError(ErrorCodes.accessDenied, 'Range.insert');
        shiftCells(t.sheet, { axis: 'rows', at: r.r0, count: r.r1 - r.r0 + 1, lo: r.c0, hi: r.c1 });
      } else if (shift === 'Right') {
        assertCanEdit(t.sheet, r, isEntireColumns(r) ? 'insertColumns' : 'contents', 'Range.insert');
        if (t.sheet.protection.protected && !isEntireColumns(r))
          throw excelError(ErrorCodes.accessDenied, 'Range.insert');
        shiftCells(t.sheet, { axis: 'cols', at: r.c0, count: r.c1 - r.c0 + 1, lo: r.r0, hi: r.r1 });
      } else throw invalidArgument('Range.insert', 'shift');
      return { sheet: t.sheet, rect: r };
    });
  }

  delete(shift: string): void {
    this._call('delete', [shift], (t) => {
      const r = t.rect;
      if (shift === 'Up') {
        assertCanEdit(t.sheet, r, isEntireRows(r) ? 'deleteRows' : 'contents', 'Range.delete');
        if (t.sheet.protection.protected && !isEntireRows(r))
          throw excelError(ErrorCodes.accessDenied, 'Range.delete');
        shiftCells(t.sheet, { axis: 'rows', at: r.r0, count: -(r.r1 - r.r0 + 1), lo: r.c0, hi: r.c1 });
      } else if (shift === 'Left') {
        assertCanEdit(t.sheet, r, isEntireColumns(r) ? 'deleteColumns' : 'contents', 'Range.delete');
        if (t.sheet.protection.protected && !isEntireColumns(r))
          throw excelError(ErrorCodes.accessDenied, 'Range.delete');
        shiftCells(t.sheet, { axis: 'cols', at: r.c0, count: -(r.c1 - r.c0 + 1), lo: r.r0, hi: r.r1 });
      } else throw invalidArgument('Range.delete', 'shift');
    });
  }

  clear(applyTo?: string): void {
    const mode = applyTo ?? 'All';
    this._call('clear', [applyTo], (t) => {
      const { sheet, rect } = t;
      switch (mode) {
        case 'All':
          assertCanEdit(sheet, rect, 'contents', 'Range.clear');
          assertCanEdit(sheet, rect, 'formatCells', 'Range.clear');
          clearContents(sheet, rect);
          sheet.clearFormats(rect);
          clearHyperlinks(sheet, rect);
          break;
        case 'Contents':
        case 'ResetContents':
          assertCanEdit(sheet, rect, 'contents', 'Range.clear');
          clearContents(sheet, rect);
          break;
        case 'Formats':
          assertCanEdit(sheet, rect, 'formatCells', 'Range.clear');
          sheet.clearFormats(rect);
          break;
        case 'Hyperlinks':
        case 'RemoveHyperlinks':
          assertCanEdit(sheet, rect, 'contents', 'Range.clear');
          clearHyperlinks(sheet, rect);
          break;
        default:
          throw invalidArgument('Range.clear', 'applyTo');
      }
    });
  }

  merge(across?: boolean): void {
    this._call(
      'merge',
      [across],
      (t) => {
        const { sheet, rect } = t;
        assertCanEdit(sheet, rect, 'formatCells', 'Range.merge');
        if (sheet.workbook.tables.some((tb) => tb.sheet === sheet && rectsIntersect(tb.rect, rect))) {
          throw excelError(ErrorCodes.invalidOperation, 'Range.merge');
        }
        const parts: Rect[] = across
          ? Array.from({ length: rect.r1 - rect.r0 + 1 }, (_, i) => ({
              ...rect,
              r0: rect.r0 + i,
              r1: rect.r0 + i,
            }))
          : [rect];
        for (const p of parts) {
          for (const m of sheet.merges) {
            if (rectsIntersect(m, p) && !(m.r0 >= p.r0 && m.r1 <= p.r1 && m.c0 >= p.c0 && m.c1 <= p.c1)) {
              throw excelError(ErrorCodes.invalidOperation, 'Range.merge');
            }
          }
        }
        for (const p of parts) {
          if (rectCells(p) === 1) continue;
          sheet.merges = sheet.merges.filter((m) => !rectsIntersect(m, p));
          // Excel keeps the upper-left value only.
          for (let r = p.r0; r <= p.r1; r++)
            for (let c = p.c0; c <= p.c1; c++) if (r !== p.r0 || c !== p.c0) sheet.clearContent(r, c);
          sheet.merges.push(p);
        }
      },
      { since: 2 },
    );
  }

  unmerge(): void {
    this._call(
      'unmerge',
      [],
      (t) => {
        assertCanEdit(t.sheet, t.rect, 'formatCells', 'Range.unmerge');
        t.sheet.merges = t.sheet.merges.filter((m) => !rectsIntersect(m, t.rect));
      },
      { since: 2 },
    );
  }

  select(): void {
    this._call('select', [], (t, b) => {
      if (t.sheet.visibility !== 'Visible') throw excelError(ErrorCodes.invalidOperation, 'Range.select');
      b.model.activeSheet = t.sheet;
      b.model.selection = { sheet: t.sheet, rect: t.rect };
    });
  }

  calculate(): void {
    this._call('calculate', [], (_t, b) => b.model.recalculate(true), { since: 6 });
  }
}

function setHyperlink(t: RangeTarget, v: unknown, b: Batch): void {
  assertCanEdit(t.sheet, t.rect, 'hyperlinks', 'Range.hyperlink');
  if (v === null || v === undefined) {
    clearHyperlinks(t.sheet, t.rect);
    return;
  }
  if (typeof v !== 'object') throw invalidArgument('Range.hyperlink');
  const h = v as Record<string, unknown>;
  for (const k of Object.keys(h)) {
    if (!['address', 'documentReference', 'screenTip', 'textToDisplay'].includes(k))
      throw invalidArgument('Range.hyperlink');
    if (h[k] !== undefined && h[k] !== null && typeof h[k] !== 'string')
      throw invalidArgument('Range.hyperlink');
  }
  const link = {
    ...(typeof h.address === 'string' ? { address: h.address } : {}),
    ...(typeof h.documentReference === 'string' ? { documentReference: h.documentReference } : {}),
    ...(typeof h.screenTip === 'string' ? { screenTip: h.screenTip } : {}),
    ...(typeof h.textToDisplay === 'string' ? { textToDisplay: h.textToDisplay } : {}),
  };
  if (!link.address && !link.documentReference) throw invalidArgument('Range.hyperlink');
  for (let r = t.rect.r0; r <= t.rect.r1; r++) {
    for (let c = t.rect.c0; c <= t.rect.c1; c++) {
      t.sheet.hyperlinks.set(cellKey(r, c), link);
      const display =
        link.textToDisplay ??
        (t.sheet.hasContent(r, c) ? undefined : (link.address ?? link.documentReference));
      if (display !== undefined) {
        t.sheet.formulas.delete(cellKey(r, c));
        t.sheet.setValue(r, c, display === '' ? undefined : display);
      }
    }
  }
  void b;
}

function getHyperlink(t: RangeTarget): unknown {
  let first: string | undefined;
  let out: unknown = null;
  for (let r = t.rect.r0; r <= t.rect.r1; r++) {
    for (let c = t.rect.c0; c <= t.rect.c1; c++) {
      const h = t.sheet.hyperlinks.get(cellKey(r, c));
      const j = JSON.stringify(h ?? null);
      if (first === undefined) {
        first = j;
        out = h ? { ...h, textToDisplay: h.textToDisplay ?? String(t.sheet.getValue(r, c) ?? '') } : null;
      } else if (j !== first) return null;
    }
  }
  return out;
}

const readCellsProp =
  <V>(where: string, f: (t: RangeTarget) => V) =>
  (t: RangeTarget, b: Batch): V => {
    b.read(rectCells(t.rect), where);
    b.model.recalculate();
    return f(t);
  };

registerType(RangeDouble, {
  name: 'Range',
  alive: rangeAlive,
  cells: rangeCells,
  props: [
    { name: 'address', get: (t: RangeTarget) => rangeAddress(t) },
    { name: 'addressLocal', get: (t: RangeTarget) => rangeAddress(t) },
    { name: 'cellCount', get: (t: RangeTarget) => rectCells(t.rect) },
    { name: 'rowCount', get: (t: RangeTarget) => t.rect.r1 - t.rect.r0 + 1 },
    { name: 'columnCount', get: (t: RangeTarget) => t.rect.c1 - t.rect.c0 + 1 },
    { name: 'rowIndex', get: (t: RangeTarget) => t.rect.r0 },
    { name: 'columnIndex', get: (t: RangeTarget) => t.rect.c0 },
    { name: 'isEntireColumn', since: 7, get: (t: RangeTarget) => isEntireColumns(t.rect) },
    { name: 'isEntireRow', since: 7, get: (t: RangeTarget) => isEntireRows(t.rect) },
    {
      name: 'values',
      get: readCellsProp('Range.values', readValues),
      set: (t: RangeTarget, v, b) => {
        assertCanEdit(t.sheet, t.rect, 'contents', 'Range.values');
        writeMatrix(t, v, b.rt, 'Range.values');
      },
    },
    {
      name: 'formulas',
      get: readCellsProp('Range.formulas', readFormulas),
      set: (t: RangeTarget, v, b) => {
        assertCanEdit(t.sheet, t.rect, 'contents', 'Range.formulas');
        writeMatrix(t, v, b.rt, 'Range.formulas');
      },
    },
    {
      name: 'formulasLocal',
      get: readCellsProp('Range.formulasLocal', readFormulas),
      set: (t: RangeTarget, v, b) => {
        assertCanEdit(t.sheet, t.rect, 'contents', 'Range.formulasLocal');
        writeMatrix(t, v, b.rt, 'Range.formulasLocal');
      },
    },
    {
      name: 'numberFormat',
      formatting: true,
      get: readCellsProp('Range.numberFormat', readNumberFormats),
      set: (t: RangeTarget, v) => setNumberFormat(t, v, 'Range.numberFormat'),
    },
    {
      name: 'numberFormatLocal',
      since: 7,
      formatting: true,
      get: readCellsProp('Range.numberFormatLocal', readNumberFormats),
      set: (t: RangeTarget, v) => setNumberFormat(t, v, 'Range.numberFormatLocal'),
    },
    { name: 'text', get: readCellsProp('Range.text', readText) },
    { name: 'valueTypes', get: readCellsProp('Range.valueTypes', readValueTypes) },
    {
      name: 'hyperlink',
      since: 7,
      formatting: true,
      get: (t: RangeTarget) => getHyperlink(t),
      set: setHyperlink,
    },
  ],
  navs: [
    { name: 'format', cls: () => RangeFormatDouble, resolve: (t) => t },
    { name: 'conditionalFormats', since: 6, cls: () => ConditionalFormatCollectionDouble, resolve: (t) => t },
    { name: 'dataValidation', since: 8, cls: () => DataValidationDouble, resolve: (t) => t },
    { name: 'worksheet', cls: () => WorksheetDouble, resolve: (t: RangeTarget) => t.sheet },
  ],
});

function setNumberFormat(t: RangeTarget, v: unknown, where: string): void {
  assertCanEdit(t.sheet, t.rect, 'formatCells', where);
  const at = matrixFor(v, t.rect, where);
  const sheet = t.sheet;
  if (!Array.isArray(v) && (isEntireColumns(t.rect) || isEntireRows(t.rect))) {
    if (v === null || v === undefined) return;
    sheet.patchStyle(t.rect, { numberFormat: fmtOf(v, where) });
    return;
  }
  const memo = new Map<string, number>();
  for (let r = t.rect.r0; r <= t.rect.r1; r++) {
    for (let c = t.rect.c0; c <= t.rect.c1; c++) {
      const f = at(r, c);
      if (f === null || f === undefined) continue;
      const fmt = fmtOf(f, where);
      const id = sheet.styleIdAt(r, c);
      const key = `${id}|${fmt}`;
      let next = memo.get(key);
      if (next === undefined) {
        next = sheet.workbook.styles.patch(id, { numberFormat: fmt === 'General' ? undefined : fmt });
        memo.set(key, next);
      }
      if (next !== id) sheet.setStyleId(r, c, next);
    }
  }
}

function fmtOf(v: unknown, where: string): string {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw invalidArgument(where);
  return v === '' ? 'General' : v;
}

// ---------------------------------------------------------------------------------------------
// RangeFormat, fill, font, borders, protection

function patchRange(t: RangeTarget, patch: Partial<Record<keyof Style, unknown>>, where: string): void {
  assertCanEdit(t.sheet, t.rect, 'formatCells', where);
  t.sheet.patchStyle(t.rect, patch as Style);
}

const H_ALIGN = [
  'General',
  'Left',
  'Center',
  'Right',
  'Fill',
  'Justify',
  'CenterAcrossSelection',
  'Distributed',
];
const V_ALIGN = ['Top', 'Center', 'Bottom', 'Justify', 'Distributed'];

function oneOf(v: unknown, allowed: string[], where: string): string {
  if (typeof v !== 'string' || !allowed.includes(v)) throw invalidArgument(where);
  return v;
}

function bool(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') throw invalidArgument(where);
  return v;
}

function positive(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidArgument(where);
  return v;
}

/** Rough text width in points (for autofit): ASCII ≈ 6pt, wide characters ≈ 11pt. */
function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x2e80 ? 0.55 : 1;
  return Math.ceil(w * size) + 6;
}

export class RangeFormatDouble extends ClientObjectDouble<RangeTarget> {
  declare readonly fill: RangeFillDouble;
  declare readonly font: RangeFontDouble;
  declare readonly borders: RangeBorderCollectionDouble;
  declare readonly protection: FormatProtectionDouble;
  declare columnWidth: number;
  declare rowHeight: number;
  declare horizontalAlignment: string;
  declare verticalAlignment: string;
  declare wrapText: boolean;

  autofitColumns(): void {
    this._call(
      'autofitColumns',
      [],
      (t) => {
        assertCanEdit(t.sheet, t.rect, 'formatColumns', 'RangeFormat.autofitColumns');
        const { sheet, rect } = t;
        const widths = new Map<number, number>();
        const rows = isEntireColumns(rect) ? { r0: 0, r1: sheet.rows.length - 1 } : rect;
        for (let r = rows.r0; r <= rows.r1; r++) {
          const row = sheet.rows[r];
          if (!row) continue;
          for (let c = rect.c0; c <= Math.min(rect.c1, row.length - 1); c++) {
            const v = row[c];
            if (v === undefined || sheet.mergeAt(r, c)) continue;
            const s = sheet.styleAt(r, c);
            const text = v instanceof CellErrorValue ? v.text : String(v);
            const w = textWidth(text, s.fontSize ?? sheet.workbook.options.fontSize);
            widths.set(c, Math.max(widths.get(c) ?? 0, w));
          }
        }
        for (let c = rect.c0; c <= Math.min(rect.c1, rect.c0 + 16383); c++) {
          const w = widths.get(c);
          if (w === undefined) sheet.colWidths.delete(c);
          else sheet.colWidths.set(c, Math.min(w, 409.5 * 4));
        }
      },
      { since: 2 },
    );
  }

  autofitRows(): void {
    this._call(
      'autofitRows',
      [],
      (t) => {
        assertCanEdit(t.sheet, t.rect, 'formatRows', 'RangeFormat.autofitRows');
        for (let r = t.rect.r0; r <= Math.min(t.rect.r1, t.sheet.rows.length); r++)
          t.sheet.rowHeights.delete(r);
      },
      { since: 2 },
    );
  }
}

registerType(RangeFormatDouble, {
  name: 'RangeFormat',
  formatting: true,
  alive: rangeAlive,
  cells: rangeCells,
  props: [
    {
      name: 'columnWidth',
      since: 2,
      get: (t: RangeTarget) => {
        const set = new Set<number>();
        for (let c = t.rect.c0; c <= t.rect.c1; c++)
          set.add(t.sheet.colWidths.get(c) ?? t.sheet.workbook.options.columnWidth);
        return set.size === 1 ? [...set][0] : null;
      },
      set: (t: RangeTarget, v) => {
        assertCanEdit(t.sheet, t.rect, 'formatColumns', 'RangeFormat.columnWidth');
        const w = positive(v, 'RangeFormat.columnWidth');
        for (let c = t.rect.c0; c <= t.rect.c1; c++) t.sheet.colWidths.set(c, w);
      },
    },
    {
      name: 'rowHeight',
      since: 2,
      get: (t: RangeTarget) => {
        const set = new Set<number>();
        for (let r = t.rect.r0; r <= Math.min(t.rect.r1, t.rect.r0 + 100_000); r++) {
          set.add(t.sheet.rowHeights.get(r) ?? t.sheet.workbook.options.rowHeight);
        }
        return set.size === 1 ? [...set][0] : null;
      },
      set: (t: RangeTarget, v) => {
        assertCanEdit(t.sheet, t.rect, 'formatRows', 'RangeFormat.rowHeight');
        const h = positive(v, 'RangeFormat.rowHeight');
        for (let r = t.rect.r0; r <= t.rect.r1; r++) t.sheet.rowHeights.set(r, h);
      },
    },
    {
      name: 'horizontalAlignment',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.horizontalAlignment ?? 'General'),
      set: (t: RangeTarget, v) =>
        patchRange(
          t,
          { horizontalAlignment: oneOf(v, H_ALIGN, 'RangeFormat.horizontalAlignment') },
          'RangeFormat.horizontalAlignment',
        ),
    },
    {
      name: 'verticalAlignment',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.verticalAlignment ?? 'Bottom'),
      set: (t: RangeTarget, v) =>
        patchRange(
          t,
          { verticalAlignment: oneOf(v, V_ALIGN, 'RangeFormat.verticalAlignment') },
          'RangeFormat.verticalAlignment',
        ),
    },
    {
      name: 'wrapText',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.wrapText ?? false),
      set: (t: RangeTarget, v) =>
        patchRange(t, { wrapText: bool(v, 'RangeFormat.wrapText') }, 'RangeFormat.wrapText'),
    },
    {
      name: 'indentLevel',
      since: 9,
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.indentLevel ?? 0),
      set: (t: RangeTarget, v) => {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 250)
          throw invalidArgument('RangeFormat.indentLevel');
        patchRange(t, { indentLevel: v }, 'RangeFormat.indentLevel');
      },
    },
  ],
  navs: [
    { name: 'fill', cls: () => RangeFillDouble, resolve: (t) => t },
    { name: 'font', cls: () => RangeFontDouble, resolve: (t) => t },
    { name: 'borders', cls: () => RangeBorderCollectionDouble, resolve: (t) => t },
    { name: 'protection', since: 2, cls: () => FormatProtectionDouble, resolve: (t) => t },
  ],
});

export class RangeFillDouble extends ClientObjectDouble<RangeTarget> {
  declare color: string;
  clear(): void {
    this._call('clear', [], (t) => patchRange(t, { fillColor: undefined }, 'RangeFill.clear'));
  }
}

registerType(RangeFillDouble, {
  name: 'RangeFill',
  formatting: true,
  alive: rangeAlive,
  cells: rangeCells,
  props: [
    {
      name: 'color',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.fillColor ?? '#FFFFFF'),
      set: (t: RangeTarget, v) =>
        patchRange(t, { fillColor: normalizeColor(v, 'RangeFill.color') }, 'RangeFill.color'),
    },
  ],
});

const UNDERLINES = ['None', 'Single', 'Double', 'SingleAccountant', 'DoubleAccountant'];

export class RangeFontDouble extends ClientObjectDouble<RangeTarget> {
  declare bold: boolean;
  declare italic: boolean;
  declare color: string;
  declare name: string;
  declare size: number;
  declare underline: string;
  declare strikethrough: boolean;
}

registerType(RangeFontDouble, {
  name: 'RangeFont',
  formatting: true,
  alive: rangeAlive,
  cells: rangeCells,
  props: [
    {
      name: 'bold',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.fontBold ?? false),
      set: (t: RangeTarget, v) =>
        patchRange(t, { fontBold: bool(v, 'RangeFont.bold') || undefined }, 'RangeFont.bold'),
    },
    {
      name: 'italic',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.fontItalic ?? false),
      set: (t: RangeTarget, v) =>
        patchRange(t, { fontItalic: bool(v, 'RangeFont.italic') || undefined }, 'RangeFont.italic'),
    },
    {
      name: 'strikethrough',
      since: 9,
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.fontStrikethrough ?? false),
      set: (t: RangeTarget, v) =>
        patchRange(
          t,
          { fontStrikethrough: bool(v, 'RangeFont.strikethrough') || undefined },
          'RangeFont.strikethrough',
        ),
    },
    {
      name: 'color',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.fontColor ?? '#000000'),
      set: (t: RangeTarget, v) => {
        const c = normalizeColor(v, 'RangeFont.color');
        patchRange(t, { fontColor: c === '#000000' ? undefined : c }, 'RangeFont.color');
      },
    },
    {
      name: 'name',
      get: (t: RangeTarget) =>
        uniformStyle(t.sheet, t.rect, (s) => s.fontName ?? t.sheet.workbook.options.fontName),
      set: (t: RangeTarget, v) => {
        if (typeof v !== 'string' || v === '') throw invalidArgument('RangeFont.name');
        patchRange(t, { fontName: v }, 'RangeFont.name');
      },
    },
    {
      name: 'size',
      get: (t: RangeTarget) =>
        uniformStyle(t.sheet, t.rect, (s) => s.fontSize ?? t.sheet.workbook.options.fontSize),
      set: (t: RangeTarget, v) => {
        if (typeof v !== 'number' || v < 1 || v > 409) throw invalidArgument('RangeFont.size');
        patchRange(t, { fontSize: v }, 'RangeFont.size');
      },
    },
    {
      name: 'underline',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.fontUnderline ?? 'None'),
      set: (t: RangeTarget, v) => {
        const u = oneOf(v, UNDERLINES, 'RangeFont.underline');
        patchRange(t, { fontUnderline: u === 'None' ? undefined : u }, 'RangeFont.underline');
      },
    },
  ],
});

export class FormatProtectionDouble extends ClientObjectDouble<RangeTarget> {
  declare locked: boolean;
  declare formulaHidden: boolean;
}

registerType(FormatProtectionDouble, {
  name: 'FormatProtection',
  formatting: true,
  alive: rangeAlive,
  cells: rangeCells,
  props: [
    {
      name: 'locked',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.locked ?? true),
      set: (t: RangeTarget, v) => {
        if (t.sheet.protection.protected)
          throw excelError(ErrorCodes.accessDenied, 'FormatProtection.locked');
        t.sheet.patchStyle(t.rect, { locked: bool(v, 'FormatProtection.locked') ? undefined : false });
      },
    },
    {
      name: 'formulaHidden',
      get: (t: RangeTarget) => uniformStyle(t.sheet, t.rect, (s) => s.formulaHidden ?? false),
      set: (t: RangeTarget, v) => {
        if (t.sheet.protection.protected)
          throw excelError(ErrorCodes.accessDenied, 'FormatProtection.formulaHidden');
        t.sheet.patchStyle(t.rect, { formulaHidden: bool(v, 'FormatProtection.formulaHidden') || undefined });
      },
    },
  ],
});

// Borders

const SIDES = [
  'EdgeTop',
  'EdgeBottom',
  'EdgeLeft',
  'EdgeRight',
  'InsideVertical',
  'InsideHorizontal',
  'DiagonalDown',
  'DiagonalUp',
];
const BORDER_STYLES = [
  'None',
  'Continuous',
  'Dash',
  'DashDot',
  'DashDotDot',
  'Dot',
  'Double',
  'SlantDashDot',
];
const BORDER_WEIGHTS = ['Hairline', 'Thin', 'Medium', 'Thick'];
const NO_BORDER: BorderModel = { style: 'None', color: '#000000', weight: 'Thin' };

interface BorderTarget extends RangeTarget {
  side: string;
}

/** The cells (and the style key) a border side refers to. */
function borderCells(t: BorderTarget): { rect: Rect; key: keyof Style }[] {
  const r = t.rect;
  switch (t.side) {
    case 'EdgeTop':
      return [{ rect: { ...r, r1: r.r0 }, key: 'borderTop' }];
    case 'EdgeBottom':
      return [{ rect: { ...r, r0: r.r1 }, key: 'borderBottom' }];
    case 'EdgeLeft':
      return [{ rect: { ...r, c1: r.c0 }, key: 'borderLeft' }];
    case 'EdgeRight':
      return [{ rect: { ...r, c0: r.c1 }, key: 'borderRight' }];
    case 'InsideHorizontal':
      return r.r1 > r.r0 ? [{ rect: { ...r, r1: r.r1 - 1 }, key: 'borderBottom' }] : [];
    case 'InsideVertical':
      return r.c1 > r.c0 ? [{ rect: { ...r, c1: r.c1 - 1 }, key: 'borderRight' }] : [];
    case 'DiagonalDown':
      return [{ rect: r, key: 'borderDiagonalDown' }];
    default:
      return [{ rect: r, key: 'borderDiagonalUp' }];
  }
}

function readBorder(t: BorderTarget): BorderModel | null {
  const parts = borderCells(t);
  if (!parts.length) return NO_BORDER;
  let out: BorderModel | null | undefined;
  for (const p of parts) {
    const v = uniformStyle(t.sheet, p.rect, (s) => (s[p.key] as BorderModel | undefined) ?? NO_BORDER);
    if (v === null) return null;
    if (out === undefined) out = v;
    else if (JSON.stringify(out) !== JSON.stringify(v)) return null;
  }
  return out ?? NO_BORDER;
}

function writeBorder(t: BorderTarget, patch: Partial<BorderModel>, where: string): void {
  assertCanEdit(t.sheet, t.rect, 'formatCells', where);
  for (const p of borderCells(t)) {
    for (let r = p.rect.r0; r <= p.rect.r1; r++) {
      for (let c = p.rect.c0; c <= p.rect.c1; c++) {
        const cur = (t.sheet.styleAt(r, c)[p.key] as BorderModel | undefined) ?? {
          ...NO_BORDER,
          style: 'Continuous',
        };
        const next = { ...cur, ...patch };
        if (patch.style === undefined && cur.style === 'None') next.style = 'Continuous';
        const id = t.sheet.workbook.styles.patch(t.sheet.styleIdAt(r, c), {
          [p.key]: next.style === 'None' ? undefined : next,
        });
        t.sheet.setStyleId(r, c, id);
      }
    }
  }
}

export class RangeBorderCollectionDouble extends CollectionDouble<RangeTarget> {
  declare readonly count: number;
  getItem(index: string): RangeBorderDouble {
    return this._create(RangeBorderDouble, 'getItem', [index], (t) => {
      if (!SIDES.includes(index)) throw invalidArgument('RangeBorderCollection.getItem', 'index');
      return { ...t, side: index };
    });
  }
  getItemAt(index: number): RangeBorderDouble {
    return this._create(RangeBorderDouble, 'getItemAt', [index], (t) => {
      const side = SIDES[index];
      if (!side) throw invalidArgument('RangeBorderCollection.getItemAt', 'index');
      return { ...t, side };
    });
  }
}

registerType(RangeBorderCollectionDouble, {
  name: 'RangeBorderCollection',
  formatting: true,
  alive: rangeAlive,
  cells: rangeCells,
  props: [{ name: 'count', get: () => SIDES.length }],
  collection: {
    itemCls: () => RangeBorderDouble,
    list: (t: RangeTarget) => SIDES.map((side) => ({ ...t, side })),
  },
});

export class RangeBorderDouble extends ClientObjectDouble<BorderTarget> {
  declare style: string;
  declare color: string;
  declare weight: string;
  declare readonly sideIndex: string;
}

registerType(RangeBorderDouble, {
  name: 'RangeBorder',
  formatting: true,
  alive: rangeAlive,
  cells: rangeCells,
  props: [
    { name: 'sideIndex', get: (t: BorderTarget) => t.side },
    {
      name: 'style',
      get: (t: BorderTarget) => readBorder(t)?.style ?? null,
      set: (t: BorderTarget, v) =>
        writeBorder(t, { style: oneOf(v, BORDER_STYLES, 'RangeBorder.style') }, 'RangeBorder.style'),
    },
    {
      name: 'color',
      get: (t: BorderTarget) => readBorder(t)?.color ?? null,
      set: (t: BorderTarget, v) =>
        writeBorder(t, { color: normalizeColor(v, 'RangeBorder.color') }, 'RangeBorder.color'),
    },
    {
      name: 'weight',
      get: (t: BorderTarget) => readBorder(t)?.weight ?? null,
      set: (t: BorderTarget, v) =>
        writeBorder(t, { weight: oneOf(v, BORDER_WEIGHTS, 'RangeBorder.weight') }, 'RangeBorder.weight'),
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Data validation

const DV_TYPES: Record<string, string> = {
  wholeNumber: 'WholeNumber',
  decimal: 'Decimal',
  list: 'List',
  date: 'Date',
  time: 'Time',
  textLength: 'TextLength',
  custom: 'Custom',
};

function dvsIn(t: RangeTarget): DvModel[] {
  return t.sheet.dataValidations.filter((d) => d.ranges.some((a) => rectsIntersect(a, t.rect)));
}

/** The single validation covering the whole range, or undefined (none / several / partial). */
function dvCovering(t: RangeTarget): DvModel | null | undefined {
  const list = dvsIn(t);
  if (list.length === 0) return null;
  if (list.length > 1) return undefined;
  const covered = list[0].ranges.reduce(
    (n, a) => n + rectCells(intersectRects(a, t.rect) ?? { r0: 0, c0: 0, r1: -1, c1: 0 }),
    0,
  );
  return covered === rectCells(t.rect) ? list[0] : undefined;
}

function newDv(rect: Rect): DvModel {
  return {
    ranges: [rect],
    rule: null,
    errorAlert: { message: '', showAlert: true, style: 'Stop', title: '' },
    prompt: { message: '', showPrompt: false, title: '' },
    ignoreBlanks: true,
  };
}

function normalizeRule(v: unknown, t: RangeTarget, b: Batch): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidArgument('DataValidation.rule');
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || !(keys[0] in DV_TYPES)) throw invalidArgument('DataValidation.rule');
  const k = keys[0];
  const body = { ...((v as Record<string, unknown>)[k] as Record<string, unknown>) };
  if (k === 'list') {
    let source = body.source;
    if (source instanceof ClientObjectDouble) {
      const r = resolveRangeArg(source, t.sheet, b, 'DataValidation.rule');
      source = '=' + sheetAddress(r.sheet.name, r.rect, true);
    }
    if (typeof source !== 'string' || source.trim() === '') throw invalidArgument('DataValidation.rule');
    body.source = source;
    body.inCellDropDown = body.inCellDropDown === undefined ? true : !!body.inCellDropDown;
  }
  return { [k]: body };
}

function listValues(source: string, t: RangeTarget): string[] {
  if (source.startsWith('=')) {
    const ref = t.sheet.workbook.resolveReference(source, t.sheet);
    if (!ref) return [];
    return readValues(ref)
      .flat()
      .map((x) => String(x));
  }
  return source.split(',').map((s) => s.trim());
}

export class DataValidationDouble extends ClientObjectDouble<RangeTarget> {
  declare rule: Record<string, unknown>;
  declare readonly type: string;
  declare readonly valid: boolean;
  declare errorAlert: Record<string, unknown>;
  declare prompt: Record<string, unknown>;
  declare ignoreBlanks: boolean;

  clear(): void {
    this._call('clear', [], (t) => {
      assertCanEdit(t.sheet, t.rect, 'formatCells', 'DataValidation.clear');
      t.sheet.dataValidations = subtractFromAreas(t.sheet.dataValidations, t.rect);
    });
  }
}

function setDvPart(t: RangeTarget, apply: (d: DvModel) => void, where: string): void {
  assertCanEdit(t.sheet, t.rect, 'formatCells', where);
  let list = dvsIn(t);
  if (!list.length) {
    const d = newDv(t.rect);
    t.sheet.dataValidations.push(d);
    list = [d];
  }
  list.forEach(apply);
}

registerType(DataValidationDouble, {
  name: 'DataValidation',
  formatting: true,
  alive: rangeAlive,
  cells: rangeCells,
  props: [
    {
      name: 'rule',
      get: (t: RangeTarget) => {
        const d = dvCovering(t);
        if (d === null) return {};
        return d?.rule ?? null;
      },
      set: (t: RangeTarget, v, b) => {
        assertCanEdit(t.sheet, t.rect, 'formatCells', 'DataValidation.rule');
        const rule = normalizeRule(v, t, b);
        const prev = dvCovering(t);
        t.sheet.dataValidations = subtractFromAreas(t.sheet.dataValidations, t.rect);
        const d = newDv(t.rect);
        if (prev) {
          d.errorAlert = { ...prev.errorAlert };
          d.prompt = { ...prev.prompt };
          d.ignoreBlanks = prev.ignoreBlanks;
        }
        d.rule = rule;
        t.sheet.dataValidations.push(d);
      },
    },
    {
      name: 'type',
      get: (t: RangeTarget) => {
        const d = dvCovering(t);
        if (d === null) return 'None';
        if (d === undefined) return 'Inconsistent';
        const k = d.rule ? Object.keys(d.rule)[0] : undefined;
        return k ? DV_TYPES[k] : 'None';
      },
    },
    {
      name: 'valid',
      get: (t: RangeTarget) => {
        let valid = 0;
        let invalid = 0;
        for (const d of dvsIn(t)) {
          const list = d.rule && (d.rule.list as { source: string } | undefined);
          if (!d.rule) continue;
          if (!list) throw notEmulated('DataValidation.valid', 'only list rules are checked');
          const allowed = new Set(listValues(list.source, t).map((s) => s.toLowerCase()));
          for (const a of d.ranges) {
            const i = intersectRects(a, t.rect);
            if (!i) continue;
            for (let r = i.r0; r <= i.r1; r++) {
              for (let c = i.c0; c <= i.c1; c++) {
                const v = t.sheet.getValue(r, c);
                if (v === undefined || v === '') {
                  if (d.ignoreBlanks) valid++;
                  else invalid++;
                  continue;
                }
                const s = v instanceof CellErrorValue ? v.text : String(v);
                if (allowed.has(s.toLowerCase())) valid++;
                else invalid++;
              }
            }
          }
        }
        if (invalid === 0) return true;
        return valid === 0 ? false : null;
      },
    },
    {
      name: 'errorAlert',
      get: (t: RangeTarget) => {
        const d = dvCovering(t);
        return d
          ? d.errorAlert
          : d === null
            ? { message: '', showAlert: true, style: 'Stop', title: '' }
            : null;
      },
      set: (t: RangeTarget, v) => {
        if (!v || typeof v !== 'object') throw invalidArgument('DataValidation.errorAlert');
        setDvPart(
          t,
          (d) => (d.errorAlert = { ...d.errorAlert, ...(v as object) }),
          'DataValidation.errorAlert',
        );
      },
    },
    {
      name: 'prompt',
      get: (t: RangeTarget) => {
        const d = dvCovering(t);
        return d ? d.prompt : d === null ? { message: '', showPrompt: false, title: '' } : null;
      },
      set: (t: RangeTarget, v) => {
        if (!v || typeof v !== 'object') throw invalidArgument('DataValidation.prompt');
        setDvPart(t, (d) => (d.prompt = { ...d.prompt, ...(v as object) }), 'DataValidation.prompt');
      },
    },
    {
      name: 'ignoreBlanks',
      get: (t: RangeTarget) => {
        const d = dvCovering(t);
        return d ? d.ignoreBlanks : d === null ? true : null;
      },
      set: (t: RangeTarget, v) =>
        setDvPart(
          t,
          (d) => (d.ignoreBlanks = bool(v, 'DataValidation.ignoreBlanks')),
          'DataValidation.ignoreBlanks',
        ),
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Conditional formats

const CF_TYPES: Record<string, CfModel['type']> = {
  Custom: 'Custom',
  ContainsText: 'ContainsText',
  CellValue: 'CellValue',
};

const cfAlive = (cf: CfModel): boolean => !cf.deleted;
const cfCells = (cf: CfModel): number => cf.ranges.reduce((n, r) => n + rectCells(r), 0);

function cfSheet(cf: CfModel, b: Batch): SheetModel {
  const s = b.model.sheets.find((x) => x.conditionalFormats.includes(cf));
  if (!s) throw excelError(ErrorCodes.itemNotFound, 'ConditionalFormat');
  return s;
}

function cfsIn(t: RangeTarget): CfModel[] {
  return t.sheet.conditionalFormats.filter((cf) => cf.ranges.some((r) => rectsIntersect(r, t.rect)));
}

/*
 * `ConditionalFormat.id` is "the priority of the conditional format in the current
 * ConditionalFormatCollection" ([Api set: ExcelApi 1.6] note on ConditionalFormat.id in
 * @types/office-js; https://learn.microsoft.com/javascript/api/excel/excel.conditionalformat#excel-excel-conditionalformat-id-member):
 * not a stable key but the rule's position on its sheet. Deleting a rule, adding one (it goes on
 * top) or changing a priority shifts the ids of the others, so `getItem(id)` with an id read
 * before such a change finds another rule, or none (ItemNotFound).
 */
const cfId = (cf: CfModel, sheet: SheetModel): string => String(sheet.conditionalFormats.indexOf(cf));

function cfById(t: RangeTarget, id: string): CfModel | undefined {
  const cf = /^\d+$/.test(String(id)) ? t.sheet.conditionalFormats[Number(id)] : undefined;
  return cf && cfsIn(t).includes(cf) ? cf : undefined;
}

export class ConditionalFormatCollectionDouble extends CollectionDouble<RangeTarget> {
  add(type: string): ConditionalFormatDouble {
    return this._create(
      ConditionalFormatDouble,
      'add',
      [type],
      (t) => {
        const kind = CF_TYPES[type];
        if (!kind) {
          if (['DataBar', 'ColorScale', 'IconSet', 'TopBottom', 'PresetCriteria'].includes(type)) {
            throw notEmulated(`ConditionalFormatCollection.add('${type}')`);
          }
          throw invalidArgument('ConditionalFormatCollection.add', 'type');
        }
        assertCanEdit(t.sheet, t.rect, 'formatCells', 'ConditionalFormatCollection.add');
        const cf: CfModel = {
          id: t.sheet.workbook.nextCfId(),
          type: kind,
          ranges: [t.rect],
          stopIfTrue: false,
          rule: null,
          format: {},
        };
        t.sheet.conditionalFormats.unshift(cf);
        return cf;
      },
      { formatting: true },
    );
  }

  getItem(id: string): ConditionalFormatDouble {
    return this._create(
      ConditionalFormatDouble,
      'getItem',
      [id],
      mustFind((t: RangeTarget) => cfById(t, id), 'ConditionalFormatCollection.getItem'),
    );
  }

  getItemOrNullObject(id: string): ConditionalFormatDouble {
    return this._create(
      ConditionalFormatDouble,
      'getItemOrNullObject',
      [id],
      orNull((t: RangeTarget) => cfById(t, id)),
      { since: 14 },
    );
  }

  getItemAt(index: number): ConditionalFormatDouble {
    return this._create(
      ConditionalFormatDouble,
      'getItemAt',
      [index],
      mustFind((t: RangeTarget) => cfsIn(t)[index], 'ConditionalFormatCollection.getItemAt'),
    );
  }

  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (t) => cfsIn(t).length);
  }

  clearAll(): void {
    this._call('clearAll', [], (t) => {
      assertCanEdit(t.sheet, t.rect, 'formatCells', 'ConditionalFormatCollection.clearAll');
      t.sheet.conditionalFormats = subtractFromAreas(
        t.sheet.conditionalFormats,
        t.rect,
        (cf) => (cf.deleted = true),
      );
    });
  }
}

registerType(ConditionalFormatCollectionDouble, {
  name: 'ConditionalFormatCollection',
  formatting: true,
  alive: rangeAlive,
  cells: rangeCells,
  collection: { itemCls: () => ConditionalFormatDouble, list: (t: RangeTarget) => cfsIn(t) },
});

function cfAreas(cf: CfModel, b: Batch): AreasTarget {
  return { sheet: cfSheet(cf, b), rects: cf.ranges };
}

export class ConditionalFormatDouble extends ClientObjectDouble<CfModel> {
  declare readonly id: string;
  declare readonly type: string;
  declare priority: number;
  declare stopIfTrue: boolean;
  declare readonly custom: CustomConditionalFormatDouble;
  declare readonly textComparison: TextConditionalFormatDouble;
  declare readonly cellValue: CellValueConditionalFormatDouble;

  delete(): void {
    this._call('delete', [], (cf, b) => {
      const sheet = cfSheet(cf, b);
      assertCanEdit(sheet, null, 'formatCells', 'ConditionalFormat.delete');
      sheet.conditionalFormats = sheet.conditionalFormats.filter((x) => x !== cf);
      cf.deleted = true;
    });
  }

  getRange(): RangeDouble {
    return this._create(RangeDouble, 'getRange', [], (cf: CfModel, b) => {
      if (cf.ranges.length !== 1) throw excelError(ErrorCodes.invalidOperation, 'ConditionalFormat.getRange');
      return { sheet: cfSheet(cf, b), rect: cf.ranges[0] };
    });
  }

  getRangeOrNullObject(): RangeDouble {
    return this._create(RangeDouble, 'getRangeOrNullObject', [], (cf: CfModel, b): Target<RangeTarget> =>
      cf.ranges.length === 1 ? { sheet: cfSheet(cf, b), rect: cf.ranges[0] } : NULL_OBJECT,
    );
  }

  getRanges(): RangeAreasDouble {
    return this._create(RangeAreasDouble, 'getRanges', [], (cf: CfModel, b) => cfAreas(cf, b), { since: 9 });
  }
}

const subFormat =
  (type: CfModel['type'], orNullObject: boolean) =>
  (cf: CfModel): Target<CfModel> => {
    if (cf.type === type) return cf;
    if (orNullObject) return NULL_OBJECT;
    throw excelError(ErrorCodes.invalidOperation, `ConditionalFormat.${type}`);
  };

registerType(ConditionalFormatDouble, {
  name: 'ConditionalFormat',
  formatting: true,
  alive: cfAlive,
  cells: cfCells,
  props: [
    { name: 'id', get: (cf: CfModel, b) => cfId(cf, cfSheet(cf, b)) },
    { name: 'type', get: (cf: CfModel) => cf.type },
    {
      name: 'priority',
      get: (cf: CfModel, b) => cfSheet(cf, b).conditionalFormats.indexOf(cf),
      set: (cf: CfModel, v, b) => {
        const sheet = cfSheet(cf, b);
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
          throw invalidArgument('ConditionalFormat.priority');
        const list = sheet.conditionalFormats.filter((x) => x !== cf);
        list.splice(Math.min(v, list.length), 0, cf);
        sheet.conditionalFormats = list;
      },
    },
    {
      name: 'stopIfTrue',
      get: (cf: CfModel) => cf.stopIfTrue,
      set: (cf: CfModel, v) => (cf.stopIfTrue = bool(v, 'ConditionalFormat.stopIfTrue')),
    },
  ],
  navs: [
    { name: 'custom', cls: () => CustomConditionalFormatDouble, resolve: subFormat('Custom', false) },
    {
      name: 'customOrNullObject',
      cls: () => CustomConditionalFormatDouble,
      resolve: subFormat('Custom', true),
    },
    {
      name: 'textComparison',
      cls: () => TextConditionalFormatDouble,
      resolve: subFormat('ContainsText', false),
    },
    {
      name: 'textComparisonOrNullObject',
      cls: () => TextConditionalFormatDouble,
      resolve: subFormat('ContainsText', true),
    },
    {
      name: 'cellValue',
      cls: () => CellValueConditionalFormatDouble,
      resolve: subFormat('CellValue', false),
    },
    {
      name: 'cellValueOrNullObject',
      cls: () => CellValueConditionalFormatDouble,
      resolve: subFormat('CellValue', true),
    },
  ],
});

export class CustomConditionalFormatDouble extends ClientObjectDouble<CfModel> {
  declare readonly rule: ConditionalFormatRuleDouble;
  declare readonly format: ConditionalRangeFormatDouble;
}

registerType(CustomConditionalFormatDouble, {
  name: 'CustomConditionalFormat',
  formatting: true,
  alive: cfAlive,
  cells: cfCells,
  navs: [
    { name: 'rule', cls: () => ConditionalFormatRuleDouble, resolve: (cf) => cf },
    { name: 'format', cls: () => ConditionalRangeFormatDouble, resolve: (cf) => cf },
  ],
});

function setCfFormula(cf: CfModel, v: unknown, where: string): void {
  if (typeof v !== 'string' || v === '') throw invalidArgument(where);
  cf.rule = { ...(cf.rule ?? {}), formula: v };
}

export class ConditionalFormatRuleDouble extends ClientObjectDouble<CfModel> {
  declare formula: string;
  declare formulaLocal: string;
}

registerType(ConditionalFormatRuleDouble, {
  name: 'ConditionalFormatRule',
  formatting: true,
  alive: cfAlive,
  cells: cfCells,
  props: [
    {
      name: 'formula',
      get: (cf: CfModel) => cf.rule?.formula ?? null,
      set: (cf: CfModel, v) => setCfFormula(cf, v, 'ConditionalFormatRule.formula'),
    },
    {
      name: 'formulaLocal',
      get: (cf: CfModel) => cf.rule?.formula ?? null,
      set: (cf: CfModel, v) => setCfFormula(cf, v, 'ConditionalFormatRule.formulaLocal'),
    },
  ],
});

const TEXT_OPERATORS = ['Contains', 'NotContains', 'BeginsWith', 'EndsWith'];
const VALUE_OPERATORS = [
  'Invalid',
  'Between',
  'NotBetween',
  'EqualTo',
  'NotEqualTo',
  'GreaterThan',
  'LessThan',
  'GreaterThanOrEqual',
  'LessThanOrEqual',
];

export class TextConditionalFormatDouble extends ClientObjectDouble<CfModel> {
  declare rule: { operator: string; text: string };
  declare readonly format: ConditionalRangeFormatDouble;
}

registerType(TextConditionalFormatDouble, {
  name: 'TextConditionalFormat',
  formatting: true,
  alive: cfAlive,
  cells: cfCells,
  props: [
    {
      name: 'rule',
      get: (cf: CfModel) => (cf.rule ? { operator: cf.rule.operator, text: cf.rule.text } : null),
      set: (cf: CfModel, v) => {
        const r = v as { operator?: unknown; text?: unknown } | null;
        if (!r || typeof r.text !== 'string' || !TEXT_OPERATORS.includes(String(r.operator))) {
          throw invalidArgument('TextConditionalFormat.rule');
        }
        cf.rule = { operator: String(r.operator), text: r.text };
      },
    },
  ],
  navs: [{ name: 'format', cls: () => ConditionalRangeFormatDouble, resolve: (cf) => cf }],
});

export class CellValueConditionalFormatDouble extends ClientObjectDouble<CfModel> {
  declare rule: { formula1: string; formula2?: string; operator: string };
  declare readonly format: ConditionalRangeFormatDouble;
}

registerType(CellValueConditionalFormatDouble, {
  name: 'CellValueConditionalFormat',
  formatting: true,
  alive: cfAlive,
  cells: cfCells,
  props: [
    {
      name: 'rule',
      get: (cf: CfModel) => (cf.rule ? { ...cf.rule } : null),
      set: (cf: CfModel, v) => {
        const r = v as { operator?: unknown; formula1?: unknown; formula2?: unknown } | null;
        if (!r || typeof r.formula1 !== 'string' || !VALUE_OPERATORS.includes(String(r.operator))) {
          throw invalidArgument('CellValueConditionalFormat.rule');
        }
        const between = r.operator === 'Between' || r.operator === 'NotBetween';
        if (between && typeof r.formula2 !== 'string')
          throw invalidArgument('CellValueConditionalFormat.rule');
        cf.rule = {
          operator: String(r.operator),
          formula1: r.formula1,
          ...(between ? { formula2: String(r.formula2) } : {}),
        };
      },
    },
  ],
  navs: [{ name: 'format', cls: () => ConditionalRangeFormatDouble, resolve: (cf) => cf }],
});

export class ConditionalRangeFormatDouble extends ClientObjectDouble<CfModel> {
  declare readonly fill: ConditionalRangeFillDouble;
  declare readonly font: ConditionalRangeFontDouble;
  declare numberFormat: unknown;
}

registerType(ConditionalRangeFormatDouble, {
  name: 'ConditionalRangeFormat',
  formatting: true,
  alive: cfAlive,
  cells: cfCells,
  props: [
    {
      name: 'numberFormat',
      get: (cf: CfModel) => cf.format.numberFormat ?? null,
      set: (cf: CfModel, v) => {
        if (typeof v !== 'string') throw invalidArgument('ConditionalRangeFormat.numberFormat');
        cf.format.numberFormat = v;
      },
    },
  ],
  navs: [
    { name: 'fill', cls: () => ConditionalRangeFillDouble, resolve: (cf) => cf },
    { name: 'font', cls: () => ConditionalRangeFontDouble, resolve: (cf) => cf },
  ],
});

export class ConditionalRangeFillDouble extends ClientObjectDouble<CfModel> {
  declare color: string;
  clear(): void {
    this._call('clear', [], (cf) => (cf.format.fillColor = null));
  }
}

registerType(ConditionalRangeFillDouble, {
  name: 'ConditionalRangeFill',
  formatting: true,
  alive: cfAlive,
  cells: cfCells,
  props: [
    {
      name: 'color',
      get: (cf: CfModel) => cf.format.fillColor ?? null,
      set: (cf: CfModel, v) => (cf.format.fillColor = normalizeColor(v, 'ConditionalRangeFill.color')),
    },
  ],
});

export class ConditionalRangeFontDouble extends ClientObjectDouble<CfModel> {
  declare bold: boolean;
  declare italic: boolean;
  declare color: string;
  declare strikethrough: boolean;
  declare underline: string;
  clear(): void {
    this._call('clear', [], (cf) => {
      cf.format.fontBold = null;
      cf.format.fontItalic = null;
      cf.format.fontColor = null;
      cf.format.fontStrikethrough = null;
      cf.format.fontUnderline = null;
    });
  }
}

registerType(ConditionalRangeFontDouble, {
  name: 'ConditionalRangeFont',
  formatting: true,
  alive: cfAlive,
  cells: cfCells,
  props: [
    {
      name: 'bold',
      get: (cf: CfModel) => cf.format.fontBold ?? null,
      set: (cf: CfModel, v) => (cf.format.fontBold = bool(v, 'ConditionalRangeFont.bold')),
    },
    {
      name: 'italic',
      get: (cf: CfModel) => cf.format.fontItalic ?? null,
      set: (cf: CfModel, v) => (cf.format.fontItalic = bool(v, 'ConditionalRangeFont.italic')),
    },
    {
      name: 'strikethrough',
      get: (cf: CfModel) => cf.format.fontStrikethrough ?? null,
      set: (cf: CfModel, v) => (cf.format.fontStrikethrough = bool(v, 'ConditionalRangeFont.strikethrough')),
    },
    {
      name: 'color',
      get: (cf: CfModel) => cf.format.fontColor ?? null,
      set: (cf: CfModel, v) => (cf.format.fontColor = normalizeColor(v, 'ConditionalRangeFont.color')),
    },
    {
      name: 'underline',
      get: (cf: CfModel) => cf.format.fontUnderline ?? null,
      set: (cf: CfModel, v) =>
        (cf.format.fontUnderline = oneOf(v, ['None', 'Single', 'Double'], 'ConditionalRangeFont.underline')),
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// RangeAreas (merged areas, conditional-format ranges)

export interface AreasTarget {
  sheet: SheetModel;
  rects: Rect[];
}

export class RangeAreasDouble extends ClientObjectDouble<AreasTarget> {
  declare readonly address: string;
  declare readonly areaCount: number;
  declare readonly cellCount: number;
  declare readonly areas: RangeCollectionDouble;
}

registerType(RangeAreasDouble, {
  name: 'RangeAreas',
  alive: (t: AreasTarget) => !t.sheet.deleted,
  props: [
    {
      name: 'address',
      get: (t: AreasTarget) => t.rects.map((r) => sheetAddress(t.sheet.name, r)).join(', '),
    },
    {
      name: 'addressLocal',
      get: (t: AreasTarget) => t.rects.map((r) => sheetAddress(t.sheet.name, r)).join(', '),
    },
    { name: 'areaCount', get: (t: AreasTarget) => t.rects.length },
    { name: 'cellCount', get: (t: AreasTarget) => t.rects.reduce((n, r) => n + rectCells(r), 0) },
  ],
  navs: [{ name: 'areas', cls: () => RangeCollectionDouble, resolve: (t) => t }],
});

export class RangeCollectionDouble extends CollectionDouble<AreasTarget> {
  getItemAt(index: number): RangeDouble {
    return this._create(RangeDouble, 'getItemAt', [index], (t: AreasTarget) => {
      const r = t.rects[index];
      if (!r) throw invalidArgument('RangeCollection.getItemAt', 'index');
      return { sheet: t.sheet, rect: r };
    });
  }
  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (t) => t.rects.length);
  }
}

registerType(RangeCollectionDouble, {
  name: 'RangeCollection',
  alive: (t: AreasTarget) => !t.sheet.deleted,
  collection: {
    itemCls: () => RangeDouble,
    list: (t: AreasTarget) => t.rects.map((rect) => ({ sheet: t.sheet, rect })),
  },
});
