/**
 * Tables (workbook and worksheet collections), table columns and rows.
 * Tables always have a header row in the double (Office.js creates one for hasHeaders = false by
 * moving the data down one row, as Excel documents).
 */

import { MAX_COLS, MAX_ROWS, Rect, rectCells, rectsIntersect } from './address';
import {
  RangeTarget,
  forEachContentCell,
  matrixFor,
  normalizeHeaders,
  readValues,
  writeMatrix,
} from './cells';
import {
  Batch,
  ClientObjectDouble,
  ClientResultDouble,
  CollectionDouble,
  assertCanEdit,
  mustFind,
  orNull,
  registerType,
} from './core';
import { ErrorCodes, excelError, invalidArgument, notEmulated } from './errors';
import {
  SheetModel,
  TableColumnModel,
  TableModel,
  WorkbookModel,
  shiftCells,
  validateDefinedName,
} from './model';
import { RangeDouble, resolveRangeArg } from './range';
import { WorksheetDouble } from './worksheet';

interface TablesTarget {
  model: WorkbookModel;
  sheet: SheetModel | null;
}

const tableAlive = (t: TableModel): boolean => !t.deleted && !t.sheet.deleted;
const tablesOf = (t: TablesTarget): TableModel[] =>
  t.model.tables.filter((x) => !t.sheet || x.sheet === t.sheet);

function dataRect(t: TableModel): Rect {
  return { ...t.rect, r0: t.rect.r0 + 1, r1: t.rect.r1 - (t.showTotals ? 1 : 0) };
}

function assertNoConflict(sheet: SheetModel, rect: Rect, except: TableModel | null, where: string): void {
  for (const t of sheet.workbook.tables) {
    if (t !== except && t.sheet === sheet && rectsIntersect(t.rect, rect))
      throw excelError(ErrorCodes.mergedRangeConflict, where);
  }
  if (sheet.merges.some((m) => rectsIntersect(m, rect)))
    throw excelError(ErrorCodes.mergedRangeConflict, where);
}

export function createTable(
  model: WorkbookModel,
  src: RangeTarget,
  hasHeaders: boolean,
  name?: string,
): TableModel {
  const sheet = src.sheet;
  let rect = src.rect;
  assertCanEdit(sheet, null, 'objects', 'TableCollection.add');
  assertNoConflict(sheet, rect, null, 'TableCollection.add');
  if (!hasHeaders) {
    // "Excel will automatically generate a header and shift the data down by one row."
    shiftCells(sheet, { axis: 'rows', at: rect.r0, count: 1, lo: rect.c0, hi: rect.c1 });
    rect = { ...rect, r1: rect.r1 + 1 };
  } else if (rect.r1 === rect.r0) {
    rect = { ...rect, r1: rect.r0 + 1 };
  }
  const cols = rect.c1 - rect.c0 + 1;
  const columns: TableColumnModel[] = Array.from({ length: cols }, (_, i) => ({ id: i + 1, name: '' }));
  const finalName = name ?? model.nextTableName();
  validateDefinedName(finalName, 'Table.name');
  if (model.nameTaken(finalName)) throw excelError(ErrorCodes.itemAlreadyExists, 'TableCollection.add');
  const t: TableModel = {
    id: model.nextTableId(),
    name: finalName,
    sheet,
    rect,
    showHeaders: true,
    showTotals: false,
    style: 'TableStyleMedium2',
    showBandedRows: true,
    showBandedColumns: false,
    showFilterButton: true,
    highlightFirstColumn: false,
    highlightLastColumn: false,
    columns,
    nextColumnId: cols + 1,
  };
  if (!hasHeaders) for (let i = 0; i < cols; i++) sheet.setValue(rect.r0, rect.c0 + i, `Column${i + 1}`);
  model.tables.push(t);
  normalizeHeaders(t);
  return t;
}

// ---------------------------------------------------------------------------------------------

export class TableCollectionDouble extends CollectionDouble<TablesTarget> {
  declare readonly count: number;

  add(address: RangeDouble | string, hasHeaders: boolean): TableDouble {
    if (typeof address !== 'string') this._api('TableCollection.add', 3);
    return this._create(TableDouble, 'add', [address, hasHeaders], (t: TablesTarget, b) => {
      const src = resolveRangeArg(address, t.sheet ?? t.model.activeSheet, b, 'TableCollection.add');
      if (t.sheet && src.sheet !== t.sheet) throw invalidArgument('TableCollection.add', 'address');
      return createTable(t.model, src, !!hasHeaders);
    });
  }

  getItem(key: string | number): TableDouble {
    return this._create(
      TableDouble,
      'getItem',
      [key],
      mustFind((t: TablesTarget) => findIn(t, key), 'TableCollection.getItem'),
    );
  }

  getItemOrNullObject(key: string | number): TableDouble {
    return this._create(
      TableDouble,
      'getItemOrNullObject',
      [key],
      orNull((t: TablesTarget) => findIn(t, key)),
      { since: 4 },
    );
  }

  getItemAt(index: number): TableDouble {
    return this._create(
      TableDouble,
      'getItemAt',
      [index],
      mustFind((t: TablesTarget) => tablesOf(t)[index], 'TableCollection.getItemAt'),
    );
  }

  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (t: TablesTarget) => tablesOf(t).length, { since: 4 });
  }
}

function findIn(t: TablesTarget, key: string | number): TableModel | undefined {
  const hit = t.model.findTable(String(key));
  return hit && (!t.sheet || hit.sheet === t.sheet) ? hit : undefined;
}

registerType(TableCollectionDouble, {
  name: 'TableCollection',
  alive: (t: TablesTarget) => !t.sheet || !t.sheet.deleted,
  props: [{ name: 'count', get: (t: TablesTarget) => tablesOf(t).length }],
  collection: { itemCls: () => TableDouble, list: (t: TablesTarget) => tablesOf(t) },
});

// ---------------------------------------------------------------------------------------------

export class TableDouble extends ClientObjectDouble<TableModel> {
  declare readonly id: string;
  declare name: string;
  declare showHeaders: boolean;
  declare showTotals: boolean;
  declare style: string;
  declare readonly columns: TableColumnCollectionDouble;
  declare readonly rows: TableRowCollectionDouble;
  declare readonly worksheet: WorksheetDouble;

  private _r(name: string, f: (t: TableModel) => Rect, since?: number): RangeDouble {
    return this._create(RangeDouble, name, [], (t: TableModel) => ({ sheet: t.sheet, rect: f(t) }), {
      since,
    });
  }

  getRange(): RangeDouble {
    return this._r('getRange', (t) => t.rect);
  }
  getHeaderRowRange(): RangeDouble {
    return this._r('getHeaderRowRange', (t) => ({ ...t.rect, r1: t.rect.r0 }));
  }
  getDataBodyRange(): RangeDouble {
    return this._r('getDataBodyRange', dataRect);
  }
  getTotalRowRange(): RangeDouble {
    return this._r('getTotalRowRange', (t) => {
      if (!t.showTotals) throw excelError(ErrorCodes.invalidOperation, 'Table.getTotalRowRange');
      return { ...t.rect, r0: t.rect.r1 };
    });
  }

  resize(newRange: RangeDouble | string): void {
    this._call(
      'resize',
      [newRange],
      (t, b) => {
        const src = resolveRangeArg(newRange, t.sheet, b, 'Table.resize');
        const r = src.rect;
        if (
          src.sheet !== t.sheet ||
          r.r0 !== t.rect.r0 ||
          !rectsIntersect(r, t.rect) ||
          r.r1 - r.r0 < 1 + (t.showTotals ? 1 : 0)
        ) {
          throw invalidArgument('Table.resize');
        }
        assertCanEdit(t.sheet, null, 'objects', 'Table.resize');
        assertNoConflict(t.sheet, r, t, 'Table.resize');
        const byCol = new Map<number, TableColumnModel>();
        t.columns.forEach((c, i) => byCol.set(t.rect.c0 + i, c));
        const cols: TableColumnModel[] = [];
        for (let c = r.c0; c <= r.c1; c++) cols.push(byCol.get(c) ?? { id: t.nextColumnId++, name: '' });
        t.columns = cols;
        t.rect = r;
        normalizeHeaders(t);
      },
      { since: 13 },
    );
  }

  delete(): void {
    this._call('delete', [], (t, b) => {
      assertCanEdit(t.sheet, null, 'objects', 'Table.delete');
      b.model.tables = b.model.tables.filter((x) => x !== t);
      t.deleted = true;
    });
  }

  convertToRange(): RangeDouble {
    return this._create(
      RangeDouble,
      'convertToRange',
      [],
      (t: TableModel, b: Batch) => {
        assertCanEdit(t.sheet, null, 'objects', 'Table.convertToRange');
        b.model.tables = b.model.tables.filter((x) => x !== t);
        t.deleted = true;
        return { sheet: t.sheet, rect: t.rect };
      },
      { since: 2 },
    );
  }

  clearFilters(): void {
    this._call('clearFilters', [], () => undefined, { since: 2 });
  }
  reapplyFilters(): void {
    this._call('reapplyFilters', [], () => undefined, { since: 2 });
  }
}

const tableBool = (
  key:
    | 'showBandedRows'
    | 'showBandedColumns'
    | 'showFilterButton'
    | 'highlightFirstColumn'
    | 'highlightLastColumn',
) => ({
  name: key,
  since: 3,
  get: (t: TableModel) => t[key],
  set: (t: TableModel, v: unknown) => {
    if (typeof v !== 'boolean') throw invalidArgument(`Table.${key}`);
    t[key] = v;
  },
});

registerType(TableDouble, {
  name: 'Table',
  alive: tableAlive,
  props: [
    { name: 'id', get: (t: TableModel) => t.id },
    {
      name: 'name',
      get: (t: TableModel) => t.name,
      set: (t: TableModel, v, b) => {
        if (typeof v !== 'string') throw invalidArgument('Table.name');
        validateDefinedName(v, 'Table.name');
        if (b.model.nameTaken(v, t)) throw excelError(ErrorCodes.itemAlreadyExists, 'Table.name');
        t.name = v;
      },
    },
    {
      name: 'showHeaders',
      get: (t: TableModel) => t.showHeaders,
      set: (t: TableModel, v) => {
        if (v !== true) throw notEmulated('Table.showHeaders = false');
        t.showHeaders = true;
      },
    },
    {
      name: 'showTotals',
      get: (t: TableModel) => t.showTotals,
      set: (t: TableModel, v) => {
        if (v !== t.showTotals) throw notEmulated('Changing Table.showTotals');
      },
    },
    {
      name: 'style',
      get: (t: TableModel) => t.style,
      set: (t: TableModel, v) => {
        if (typeof v !== 'string') throw invalidArgument('Table.style');
        t.style = v;
      },
    },
    tableBool('showBandedRows'),
    tableBool('showBandedColumns'),
    tableBool('showFilterButton'),
    tableBool('highlightFirstColumn'),
    tableBool('highlightLastColumn'),
  ],
  navs: [
    { name: 'columns', cls: () => TableColumnCollectionDouble, resolve: (t) => t },
    { name: 'rows', cls: () => TableRowCollectionDouble, resolve: (t) => t },
    { name: 'worksheet', since: 2, cls: () => WorksheetDouble, resolve: (t: TableModel) => t.sheet },
  ],
});

// ---------------------------------------------------------------------------------------------
// Columns

interface ColumnTarget {
  table: TableModel;
  column: TableColumnModel;
}

const colIndex = (t: ColumnTarget): number => {
  const i = t.table.columns.indexOf(t.column);
  if (i < 0) throw excelError(ErrorCodes.itemNotFound, 'TableColumn');
  return i;
};
const colRect = (t: ColumnTarget): Rect => {
  const c = t.table.rect.c0 + colIndex(t);
  return { ...t.table.rect, c0: c, c1: c };
};

function findColumn(t: TableModel, key: string | number): TableColumnModel | undefined {
  if (typeof key === 'number') return t.columns.find((c) => c.id === key);
  const k = key.toLowerCase();
  return t.columns.find((c) => c.name.toLowerCase() === k) ?? t.columns.find((c) => String(c.id) === key);
}

/** Cells one operation may move on Excel on the web (OperationCellsExceedLimit). */
export const OPERATION_CELLS_LIMIT = 33_554_000;

export class TableColumnCollectionDouble extends CollectionDouble<TableModel> {
  declare readonly count: number;

  getItem(key: string | number): TableColumnDouble {
    return this._create(
      TableColumnDouble,
      'getItem',
      [key],
      mustFind((t: TableModel) => {
        const c = findColumn(t, key);
        return c ? { table: t, column: c } : undefined;
      }, 'TableColumnCollection.getItem'),
    );
  }

  getItemOrNullObject(key: string | number): TableColumnDouble {
    return this._create(
      TableColumnDouble,
      'getItemOrNullObject',
      [key],
      orNull((t: TableModel) => {
        const c = findColumn(t, key);
        return c ? { table: t, column: c } : undefined;
      }),
      { since: 4 },
    );
  }

  getItemAt(index: number): TableColumnDouble {
    return this._create(
      TableColumnDouble,
      'getItemAt',
      [index],
      mustFind(
        (t: TableModel) => (t.columns[index] ? { table: t, column: t.columns[index] } : undefined),
        'TableColumnCollection.getItemAt',
      ),
    );
  }

  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (t: TableModel) => t.columns.length, { since: 4 });
  }

  /** Add a column; `values` is the whole column, header included. */
  add(index?: number | null, values?: unknown, name?: string): TableColumnDouble {
    if (index === undefined || index === null || index === -1 || name !== undefined)
      this._api('TableColumnCollection.add', 4);
    return this._create(TableColumnDouble, 'add', [index, values, name], (t: TableModel, b: Batch) => {
      const sheet = t.sheet;
      assertCanEdit(sheet, null, 'objects', 'TableColumnCollection.add');
      const n = t.columns.length;
      const at = index === undefined || index === null || index === -1 ? n : index;
      if (!Number.isInteger(at) || at < 0 || at > n)
        throw invalidArgument('TableColumnCollection.add', 'index');
      const c = t.rect.c0 + at;
      const band: Rect = { r0: t.rect.r0, r1: t.rect.r1, c0: c, c1: c };
      if (values !== undefined && values !== null) matrixFor(values, band, 'TableColumnCollection.add');
      // Adding a table column inserts cells: everything right of it in the table's rows shifts
      // one column right, also at the table's end (the resize-based alternative, Table.resize,
      // ExcelApi 1.13, does not shift). On Excel on the web the insert fails with
      // OperationCellsExceedLimit once it would move more than 33,554,000 cells:
      // "(number of table rows) x (16383 - (number of table columns))" when anything lies right
      // of the table — https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-error-handling
      // (API error codes, OperationCellsExceedLimit: "This error only occurs in Excel on the web").
      if (b.rt.host.web) {
        const rows = t.rect.r1 - t.rect.r0 + 1;
        const right: Rect = { r0: 0, r1: MAX_ROWS - 1, c0: t.rect.c1 + 1, c1: MAX_COLS - 1 };
        let anythingRight = false;
        if (t.rect.c1 < MAX_COLS - 1) forEachContentCell(sheet, right, () => (anythingRight = true));
        if (anythingRight && rows * (16383 - n) > OPERATION_CELLS_LIMIT)
          throw excelError(ErrorCodes.operationCellsExceedLimit, 'TableColumnCollection.add');
      }
      shiftCells(sheet, { axis: 'cols', at: c, count: 1, lo: t.rect.r0, hi: t.rect.r1 }, { skipTable: t });
      const col: TableColumnModel = { id: t.nextColumnId++, name: '' };
      t.columns.splice(at, 0, col);
      t.rect = { ...t.rect, c1: t.rect.c1 + 1 };
      if (values !== undefined && values !== null)
        writeMatrix({ sheet, rect: band }, values, b.rt, 'TableColumnCollection.add');
      if (name !== undefined && name !== null) sheet.setValue(t.rect.r0, c, String(name));
      normalizeHeaders(t);
      return { table: t, column: col };
    });
  }
}

registerType(TableColumnCollectionDouble, {
  name: 'TableColumnCollection',
  alive: tableAlive,
  props: [{ name: 'count', get: (t: TableModel) => t.columns.length }],
  collection: {
    itemCls: () => TableColumnDouble,
    list: (t: TableModel) => t.columns.map((column) => ({ table: t, column })),
  },
});

export class TableColumnDouble extends ClientObjectDouble<ColumnTarget> {
  declare readonly id: number;
  declare readonly index: number;
  declare name: string;
  declare values: unknown[][];

  private _r(name: string, f: (t: ColumnTarget) => Rect): RangeDouble {
    return this._create(RangeDouble, name, [], (t: ColumnTarget) => ({ sheet: t.table.sheet, rect: f(t) }));
  }
  getRange(): RangeDouble {
    return this._r('getRange', colRect);
  }
  getHeaderRowRange(): RangeDouble {
    return this._r('getHeaderRowRange', (t) => ({ ...colRect(t), r1: t.table.rect.r0 }));
  }
  getDataBodyRange(): RangeDouble {
    return this._r('getDataBodyRange', (t) => ({
      ...dataRect(t.table),
      c0: colRect(t).c0,
      c1: colRect(t).c0,
    }));
  }
  getTotalRowRange(): RangeDouble {
    return this._r('getTotalRowRange', (t) => {
      if (!t.table.showTotals) throw excelError(ErrorCodes.invalidOperation, 'TableColumn.getTotalRowRange');
      return { ...colRect(t), r0: t.table.rect.r1 };
    });
  }

  delete(): void {
    this._call('delete', [], (t) => {
      const table = t.table;
      assertCanEdit(table.sheet, null, 'objects', 'TableColumn.delete');
      if (table.columns.length === 1) throw excelError(ErrorCodes.invalidOperation, 'TableColumn.delete');
      const r = colRect(t);
      shiftCells(
        table.sheet,
        { axis: 'cols', at: r.c0, count: -1, lo: table.rect.r0, hi: table.rect.r1 },
        { skipTable: table },
      );
      table.columns = table.columns.filter((c) => c !== t.column);
      table.rect = { ...table.rect, c1: table.rect.c1 - 1 };
    });
  }
}

registerType(TableColumnDouble, {
  name: 'TableColumn',
  alive: (t: ColumnTarget) => tableAlive(t.table) && t.table.columns.includes(t.column),
  props: [
    { name: 'id', get: (t: ColumnTarget) => t.column.id },
    { name: 'index', get: (t: ColumnTarget) => colIndex(t) },
    {
      name: 'name',
      setSince: 4,
      get: (t: ColumnTarget) => t.column.name,
      set: (t: ColumnTarget, v) => {
        if (typeof v !== 'string' || v === '') throw invalidArgument('TableColumn.name');
        assertCanEdit(t.table.sheet, null, 'contents', 'TableColumn.name');
        t.table.sheet.setValue(t.table.rect.r0, colRect(t).c0, v);
        normalizeHeaders(t.table);
      },
    },
    {
      name: 'values',
      get: (t: ColumnTarget, b) => {
        const rect = colRect(t);
        b.read(rectCells(rect), 'TableColumn.values');
        b.model.recalculate();
        return readValues({ sheet: t.table.sheet, rect });
      },
      set: (t: ColumnTarget, v, b) => {
        const rect = colRect(t);
        assertCanEdit(t.table.sheet, rect, 'contents', 'TableColumn.values');
        writeMatrix({ sheet: t.table.sheet, rect }, v, b.rt, 'TableColumn.values');
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Rows

interface RowTarget {
  table: TableModel;
  /** Data-row index at resolution time. */
  index: number;
}

const rowRect = (t: RowTarget): Rect => {
  const d = dataRect(t.table);
  const r = d.r0 + t.index;
  if (r > d.r1) throw excelError(ErrorCodes.itemNotFound, 'TableRow');
  return { ...d, r0: r, r1: r };
};

export class TableRowCollectionDouble extends CollectionDouble<TableModel> {
  declare readonly count: number;

  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (t: TableModel) => dataRect(t).r1 - dataRect(t).r0 + 1, {
      since: 4,
    });
  }

  getItemAt(index: number): TableRowDouble {
    return this._create(
      TableRowDouble,
      'getItemAt',
      [index],
      mustFind(
        (t: TableModel) =>
          index >= 0 && index <= dataRect(t).r1 - dataRect(t).r0 ? { table: t, index } : undefined,
        'TableRowCollection.getItemAt',
      ),
    );
  }

  /** Add data rows (alwaysInsert, default true: shift the cells below down; false: overwrite them). */
  add(index?: number | null, values?: unknown, alwaysInsert?: boolean): TableRowDouble {
    if (alwaysInsert !== undefined) this._api('TableRowCollection.add', 15);
    return this._create(TableRowDouble, 'add', [index, values, alwaysInsert], (t: TableModel, b: Batch) => {
      const sheet = t.sheet;
      assertCanEdit(sheet, null, 'objects', 'TableRowCollection.add');
      const d = dataRect(t);
      const n = d.r1 - d.r0 + 1;
      const at = index === undefined || index === null || index === -1 ? n : index;
      if (!Number.isInteger(at) || at < 0 || at > n) throw invalidArgument('TableRowCollection.add', 'index');
      const count = Array.isArray(values) ? values.length : 1;
      if (count < 1) throw invalidArgument('TableRowCollection.add', 'values');
      const r = d.r0 + at;
      const band: Rect = { r0: r, r1: r + count - 1, c0: t.rect.c0, c1: t.rect.c1 };
      if (values !== undefined && values !== null) matrixFor(values, band, 'TableRowCollection.add');
      if (at < n || alwaysInsert !== false || t.showTotals) {
        shiftCells(sheet, { axis: 'rows', at: r, count, lo: t.rect.c0, hi: t.rect.c1 }, { skipTable: t });
      } else {
        assertNoConflict(sheet, band, t, 'TableRowCollection.add');
      }
      t.rect = { ...t.rect, r1: t.rect.r1 + count };
      if (values !== undefined && values !== null)
        writeMatrix({ sheet, rect: band }, values, b.rt, 'TableRowCollection.add');
      return { table: t, index: at };
    });
  }
}

registerType(TableRowCollectionDouble, {
  name: 'TableRowCollection',
  alive: tableAlive,
  props: [{ name: 'count', get: (t: TableModel) => dataRect(t).r1 - dataRect(t).r0 + 1 }],
  collection: {
    itemCls: () => TableRowDouble,
    list: (t: TableModel) =>
      Array.from({ length: dataRect(t).r1 - dataRect(t).r0 + 1 }, (_, index) => ({ table: t, index })),
  },
});

export class TableRowDouble extends ClientObjectDouble<RowTarget> {
  declare readonly index: number;
  declare values: unknown[][];

  getRange(): RangeDouble {
    return this._create(RangeDouble, 'getRange', [], (t: RowTarget) => ({
      sheet: t.table.sheet,
      rect: rowRect(t),
    }));
  }

  delete(): void {
    this._call('delete', [], (t) => {
      const d = dataRect(t.table);
      if (d.r1 === d.r0) {
        // Excel keeps one (empty) data row.
        for (let c = d.c0; c <= d.c1; c++) t.table.sheet.clearContent(d.r0, c);
        return;
      }
      const r = rowRect(t);
      shiftCells(
        t.table.sheet,
        { axis: 'rows', at: r.r0, count: -1, lo: t.table.rect.c0, hi: t.table.rect.c1 },
        { skipTable: t.table },
      );
      t.table.rect = { ...t.table.rect, r1: t.table.rect.r1 - 1 };
    });
  }
}

registerType(TableRowDouble, {
  name: 'TableRow',
  alive: (t: RowTarget) => tableAlive(t.table),
  props: [
    { name: 'index', get: (t: RowTarget) => t.index },
    {
      name: 'values',
      get: (t: RowTarget, b) => {
        const rect = rowRect(t);
        b.read(rectCells(rect), 'TableRow.values');
        b.model.recalculate();
        return readValues({ sheet: t.table.sheet, rect });
      },
      set: (t: RowTarget, v, b) => {
        const rect = rowRect(t);
        assertCanEdit(t.table.sheet, rect, 'contents', 'TableRow.values');
        writeMatrix({ sheet: t.table.sheet, rect }, v, b.rt, 'TableRow.values');
      },
    },
  ],
});
