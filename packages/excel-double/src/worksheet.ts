/**
 * Worksheets: the collection, the sheet itself, protection, freeze panes, page layout (with
 * headers/footers) and the sheet auto-filter.
 */

import { MAX_COLS, MAX_ROWS, Rect, isValidRect, parseAddress, rectsIntersect } from './address';
import { RangeTarget } from './cells';
import { ChartCollectionDouble } from './chart';
import {
  Batch,
  ClientObjectDouble,
  ClientResultDouble,
  CollectionDouble,
  NULL_OBJECT,
  Target,
  assertStructureEditable,
  mustFind,
  orNull,
  registerType,
} from './core';
import { ErrorCodes, excelError, invalidArgument, notEmulated } from './errors';
import {
  HeaderFooterModel,
  PageLayoutModel,
  SheetModel,
  WorkbookModel,
  defaultProtectionOptions,
} from './model';
import { AreasTarget, RangeAreasDouble, RangeDouble, resolveRangeArg } from './range';
import { TableCollectionDouble } from './table';
import { NamedItemCollectionDouble } from './workbook';

const sheetAlive = (s: SheetModel): boolean => !s.deleted;

// ---------------------------------------------------------------------------------------------
// WorksheetCollection

function pickSheet(
  model: WorkbookModel,
  visibleOnly: boolean | undefined,
  last: boolean,
): SheetModel | undefined {
  const list = visibleOnly ? model.visibleSheets() : model.sheets;
  return last ? list[list.length - 1] : list[0];
}

export class WorksheetCollectionDouble extends CollectionDouble<WorkbookModel> {
  add(name?: string): WorksheetDouble {
    return this._create(WorksheetDouble, 'add', [name], (m: WorkbookModel) => {
      assertStructureEditable(m, 'WorksheetCollection.add');
      return m.addSheet(name === undefined || name === null ? undefined : String(name));
    });
  }

  getItem(key: string): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getItem',
      [key],
      mustFind((m: WorkbookModel) => m.findSheet(String(key)), 'WorksheetCollection.getItem'),
    );
  }

  getItemOrNullObject(key: string): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getItemOrNullObject',
      [key],
      orNull((m: WorkbookModel) => m.findSheet(String(key))),
      {
        since: 4,
      },
    );
  }

  getActiveWorksheet(): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getActiveWorksheet',
      [],
      mustFind((m: WorkbookModel) => m.activeSheet ?? undefined, 'WorksheetCollection.getActiveWorksheet'),
    );
  }

  getCount(visibleOnly?: boolean): ClientResultDouble<number> {
    return this._callResult(
      'getCount',
      [visibleOnly],
      (m: WorkbookModel) => (visibleOnly ? m.visibleSheets() : m.sheets).length,
      {
        since: 4,
      },
    );
  }

  getFirst(visibleOnly?: boolean): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getFirst',
      [visibleOnly],
      mustFind((m: WorkbookModel) => pickSheet(m, visibleOnly, false), 'WorksheetCollection.getFirst'),
      { since: 5 },
    );
  }

  getLast(visibleOnly?: boolean): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getLast',
      [visibleOnly],
      mustFind((m: WorkbookModel) => pickSheet(m, visibleOnly, true), 'WorksheetCollection.getLast'),
      { since: 5 },
    );
  }
}

registerType(WorksheetCollectionDouble, {
  name: 'WorksheetCollection',
  collection: { itemCls: () => WorksheetDouble, list: (m: WorkbookModel) => [...m.sheets] },
});

// ---------------------------------------------------------------------------------------------
// Worksheet

function neighbour(s: SheetModel, visibleOnly: boolean | undefined, step: 1 | -1): SheetModel | undefined {
  const list = s.workbook.sheets;
  for (let i = list.indexOf(s) + step; i >= 0 && i < list.length; i += step) {
    if (!visibleOnly || list[i].visibility === 'Visible') return list[i];
  }
  return undefined;
}

export class WorksheetDouble extends ClientObjectDouble<SheetModel> {
  declare name: string;
  declare readonly id: string;
  declare position: number;
  declare visibility: string;
  declare tabColor: string;
  declare showGridlines: boolean;
  declare readonly protection: WorksheetProtectionDouble;
  declare readonly freezePanes: WorksheetFreezePanesDouble;
  declare readonly pageLayout: PageLayoutDouble;
  declare readonly charts: ChartCollectionDouble;
  declare readonly tables: TableCollectionDouble;
  declare readonly names: NamedItemCollectionDouble;
  declare readonly autoFilter: AutoFilterDouble;

  private _range(
    name: string,
    args: unknown[],
    f: (s: SheetModel, b: Batch) => Target<RangeTarget>,
    since?: number,
  ): RangeDouble {
    return this._create(RangeDouble, name, args, f, { since });
  }

  getRange(address?: string): RangeDouble {
    return this._range('getRange', [address], (s, b) => {
      if (address === undefined || address === null || address === '') {
        return { sheet: s, rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 } };
      }
      if (typeof address !== 'string') throw invalidArgument('Worksheet.getRange', 'address');
      const p = parseAddress(address);
      if (p) {
        if (p.sheet !== undefined && p.sheet.toLowerCase() !== s.name.toLowerCase())
          throw invalidArgument('Worksheet.getRange', 'address');
        return { sheet: s, rect: p.rect };
      }
      const ref = b.model.resolveReference(address, s);
      if (!ref || ref.sheet !== s) throw invalidArgument('Worksheet.getRange', 'address');
      return ref;
    });
  }

  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number,
  ): RangeDouble {
    return this._range(
      'getRangeByIndexes',
      [startRow, startColumn, rowCount, columnCount],
      (s) => {
        const rect: Rect = {
          r0: startRow,
          c0: startColumn,
          r1: startRow + rowCount - 1,
          c1: startColumn + columnCount - 1,
        };
        if (!isValidRect(rect)) throw invalidArgument('Worksheet.getRangeByIndexes');
        return { sheet: s, rect };
      },
      7,
    );
  }

  getCell(row: number, column: number): RangeDouble {
    return this._range('getCell', [row, column], (s) => {
      const rect: Rect = { r0: row, c0: column, r1: row, c1: column };
      if (!isValidRect(rect)) throw invalidArgument('Worksheet.getCell');
      return { sheet: s, rect };
    });
  }

  getUsedRange(valuesOnly?: boolean): RangeDouble {
    return this._range('getUsedRange', [valuesOnly], (s) => ({
      sheet: s,
      rect: s.usedRect(!!valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 },
    }));
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeDouble {
    return this._range(
      'getUsedRangeOrNullObject',
      [valuesOnly],
      (s) => {
        const u = s.usedRect(!!valuesOnly);
        return u ? { sheet: s, rect: u } : NULL_OBJECT;
      },
      4,
    );
  }

  getNext(visibleOnly?: boolean): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getNext',
      [visibleOnly],
      mustFind((s: SheetModel) => neighbour(s, visibleOnly, 1), 'Worksheet.getNext'),
      {
        since: 5,
      },
    );
  }
  getNextOrNullObject(visibleOnly?: boolean): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getNextOrNullObject',
      [visibleOnly],
      orNull((s: SheetModel) => neighbour(s, visibleOnly, 1)),
      {
        since: 5,
      },
    );
  }
  getPrevious(visibleOnly?: boolean): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getPrevious',
      [visibleOnly],
      mustFind((s: SheetModel) => neighbour(s, visibleOnly, -1), 'Worksheet.getPrevious'),
      { since: 5 },
    );
  }
  getPreviousOrNullObject(visibleOnly?: boolean): WorksheetDouble {
    return this._create(
      WorksheetDouble,
      'getPreviousOrNullObject',
      [visibleOnly],
      orNull((s: SheetModel) => neighbour(s, visibleOnly, -1)),
      { since: 5 },
    );
  }

  activate(): void {
    this._call('activate', [], (s, b) => {
      if (s.visibility !== 'Visible') throw excelError(ErrorCodes.invalidOperation, 'Worksheet.activate');
      b.model.activeSheet = s;
      if (b.model.selection?.sheet !== s)
        b.model.selection = { sheet: s, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }

  delete(): void {
    this._call('delete', [], (s, b) => {
      assertStructureEditable(b.model, 'Worksheet.delete');
      b.model.deleteSheet(s);
    });
  }

  calculate(_markAllDirty: boolean): void {
    this._call('calculate', [_markAllDirty], (_s, b) => b.model.recalculate(true), { since: 6 });
  }
}

const VISIBILITY = ['Visible', 'Hidden', 'VeryHidden'];

registerType(WorksheetDouble, {
  name: 'Worksheet',
  alive: sheetAlive,
  props: [
    {
      name: 'name',
      get: (s: SheetModel) => s.name,
      set: (s: SheetModel, v, b) => {
        if (typeof v !== 'string') throw invalidArgument('Worksheet.name');
        if (v !== s.name) assertStructureEditable(b.model, 'Worksheet.name');
        b.model.renameSheet(s, v);
      },
    },
    { name: 'id', get: (s: SheetModel) => s.id },
    {
      name: 'position',
      get: (s: SheetModel) => s.position,
      set: (s: SheetModel, v, b) => {
        if (v !== s.position) assertStructureEditable(b.model, 'Worksheet.position');
        b.model.moveSheet(s, v as number);
      },
    },
    {
      name: 'visibility',
      setSince: 2,
      get: (s: SheetModel) => s.visibility,
      set: (s: SheetModel, v, b) => {
        if (typeof v !== 'string' || !VISIBILITY.includes(v)) throw invalidArgument('Worksheet.visibility');
        if (v === s.visibility) return;
        assertStructureEditable(b.model, 'Worksheet.visibility');
        if (v !== 'Visible' && s.visibility === 'Visible' && b.model.visibleSheets().length <= 1) {
          throw excelError(ErrorCodes.invalidOperation, 'Worksheet.visibility');
        }
        s.visibility = v as SheetModel['visibility'];
        if (v !== 'Visible' && b.model.activeSheet === s) {
          b.model.activeSheet = b.model.visibleSheets()[0];
          b.model.selection = { sheet: b.model.activeSheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
        }
      },
    },
    {
      name: 'tabColor',
      since: 7,
      get: (s: SheetModel) => s.tabColor,
      set: (s: SheetModel, v) => {
        if (v === '' || v === null) s.tabColor = '';
        else if (typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v)) s.tabColor = v.toUpperCase();
        else throw invalidArgument('Worksheet.tabColor');
      },
    },
    {
      name: 'showGridlines',
      since: 8,
      get: (s: SheetModel) => s.showGridlines,
      set: (s: SheetModel, v) => {
        if (typeof v !== 'boolean') throw invalidArgument('Worksheet.showGridlines');
        s.showGridlines = v;
      },
    },
  ],
  navs: [
    { name: 'protection', since: 2, cls: () => WorksheetProtectionDouble, resolve: (s) => s },
    { name: 'freezePanes', since: 7, cls: () => WorksheetFreezePanesDouble, resolve: (s) => s },
    { name: 'pageLayout', since: 9, cls: () => PageLayoutDouble, resolve: (s) => s },
    { name: 'charts', cls: () => ChartCollectionDouble, resolve: (s) => s },
    {
      name: 'tables',
      cls: () => TableCollectionDouble,
      resolve: (s: SheetModel) => ({ model: s.workbook, sheet: s }),
    },
    {
      name: 'names',
      since: 4,
      cls: () => NamedItemCollectionDouble,
      resolve: (s: SheetModel) => ({ model: s.workbook, scope: s }),
    },
    { name: 'autoFilter', since: 9, cls: () => AutoFilterDouble, resolve: (s) => s },
  ],
});

// ---------------------------------------------------------------------------------------------
// Protection

const PROTECTION_KEYS = Object.keys(defaultProtectionOptions());

export class WorksheetProtectionDouble extends ClientObjectDouble<SheetModel> {
  declare readonly protected: boolean;
  declare readonly options: Record<string, unknown>;

  protect(options?: Record<string, unknown>, password?: string): void {
    if (password !== undefined) this._api('WorksheetProtection.protect', 7);
    this._call('protect', [options, password], (s) => {
      if (s.protection.protected) return;
      const o = defaultProtectionOptions() as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(options ?? {})) {
        if (!PROTECTION_KEYS.includes(k)) throw invalidArgument('WorksheetProtection.protect', 'options');
        o[k] = v;
      }
      s.protection = {
        protected: true,
        options: o as unknown as SheetModel['protection']['options'],
        ...(password ? { password } : {}),
      };
    });
  }

  unprotect(password?: string): void {
    if (password !== undefined) this._api('WorksheetProtection.unprotect', 7);
    this._call('unprotect', [password], (s) => {
      if (!s.protection.protected) return;
      if (s.protection.password !== undefined && s.protection.password !== password) {
        throw excelError(ErrorCodes.badPassword, 'WorksheetProtection.unprotect');
      }
      s.protection = { protected: false, options: defaultProtectionOptions() };
    });
  }
}

registerType(WorksheetProtectionDouble, {
  name: 'WorksheetProtection',
  alive: sheetAlive,
  props: [
    { name: 'protected', get: (s: SheetModel) => s.protection.protected },
    { name: 'options', get: (s: SheetModel) => ({ ...s.protection.options }) },
  ],
});

// ---------------------------------------------------------------------------------------------
// Freeze panes

function frozenRect(s: SheetModel): Rect | null {
  const { rows, cols } = s.freeze;
  if (!rows && !cols) return null;
  return {
    r0: 0,
    c0: 0,
    r1: rows ? rows - 1 : MAX_ROWS - 1,
    c1: cols ? cols - 1 : MAX_COLS - 1,
  };
}

export class WorksheetFreezePanesDouble extends ClientObjectDouble<SheetModel> {
  freezeRows(count?: number): void {
    this._call('freezeRows', [count], (s) => {
      const n = count === undefined ? 1 : count;
      if (!Number.isInteger(n) || n < 0 || n >= MAX_ROWS)
        throw invalidArgument('WorksheetFreezePanes.freezeRows', 'count');
      s.freeze = { rows: n, cols: 0 };
    });
  }
  freezeColumns(count?: number): void {
    this._call('freezeColumns', [count], (s) => {
      const n = count === undefined ? 1 : count;
      if (!Number.isInteger(n) || n < 0 || n >= MAX_COLS)
        throw invalidArgument('WorksheetFreezePanes.freezeColumns', 'count');
      s.freeze = { rows: 0, cols: n };
    });
  }
  freezeAt(frozenRange: RangeDouble | string): void {
    this._call('freezeAt', [frozenRange], (s, b) => {
      const t = resolveRangeArg(frozenRange, s, b, 'WorksheetFreezePanes.freezeAt');
      if (t.sheet !== s) throw invalidArgument('WorksheetFreezePanes.freezeAt');
      const rows = t.rect.r1 === MAX_ROWS - 1 ? 0 : t.rect.r1 + 1;
      const cols = t.rect.c1 === MAX_COLS - 1 ? 0 : t.rect.c1 + 1;
      s.freeze = { rows, cols };
    });
  }
  unfreeze(): void {
    this._call('unfreeze', [], (s) => {
      s.freeze = { rows: 0, cols: 0 };
    });
  }
  getLocation(): RangeDouble {
    return this._create(RangeDouble, 'getLocation', [], (s: SheetModel) => {
      const r = frozenRect(s);
      if (!r) throw excelError(ErrorCodes.itemNotFound, 'WorksheetFreezePanes.getLocation');
      return { sheet: s, rect: r };
    });
  }
  getLocationOrNullObject(): RangeDouble {
    return this._create(RangeDouble, 'getLocationOrNullObject', [], (s: SheetModel): Target<RangeTarget> => {
      const r = frozenRect(s);
      return r ? { sheet: s, rect: r } : NULL_OBJECT;
    });
  }
}

registerType(WorksheetFreezePanesDouble, { name: 'WorksheetFreezePanes', alive: sheetAlive });

// ---------------------------------------------------------------------------------------------
// Page layout

const PAPER = [
  'Letter',
  'LetterSmall',
  'Tabloid',
  'Ledger',
  'Legal',
  'Statement',
  'Executive',
  'A3',
  'A4',
  'A4Small',
  'A5',
  'B4',
  'B5',
  'Folio',
  'Quatro',
  'Paper10x14',
  'Paper11x17',
  'Note',
  'Envelope9',
  'Envelope10',
  'Envelope11',
  'Envelope12',
  'Envelope14',
  'Csheet',
  'Dsheet',
  'Esheet',
  'EnvelopeDL',
  'EnvelopeC5',
  'EnvelopeC3',
  'EnvelopeC4',
  'EnvelopeC6',
  'EnvelopeC65',
  'EnvelopeB4',
  'EnvelopeB5',
  'EnvelopeB6',
  'EnvelopeItaly',
  'EnvelopeMonarch',
  'EnvelopePersonal',
  'FanfoldUS',
  'FanfoldStdGerman',
  'FanfoldLegalGerman',
];

const pl = (s: SheetModel): PageLayoutModel => s.pageLayout;

function plEnum(key: keyof PageLayoutModel, allowed: string[]) {
  return {
    name: key,
    get: (s: SheetModel) => pl(s)[key],
    set: (s: SheetModel, v: unknown) => {
      if (typeof v !== 'string' || !allowed.includes(v)) throw invalidArgument(`PageLayout.${key}`);
      (pl(s) as unknown as Record<string, unknown>)[key] = v;
    },
  };
}

function plBool(key: keyof PageLayoutModel) {
  return {
    name: key,
    get: (s: SheetModel) => pl(s)[key],
    set: (s: SheetModel, v: unknown) => {
      if (typeof v !== 'boolean') throw invalidArgument(`PageLayout.${key}`);
      (pl(s) as unknown as Record<string, unknown>)[key] = v;
    },
  };
}

function plMargin(key: keyof PageLayoutModel) {
  return {
    name: key,
    get: (s: SheetModel) => pl(s)[key],
    set: (s: SheetModel, v: unknown) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidArgument(`PageLayout.${key}`);
      (pl(s) as unknown as Record<string, unknown>)[key] = v;
    },
  };
}

function validateZoom(v: unknown): PageLayoutModel['zoom'] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidArgument('PageLayout.zoom');
  const z = v as Record<string, unknown>;
  for (const k of Object.keys(z)) {
    if (!['scale', 'horizontalFitToPages', 'verticalFitToPages'].includes(k))
      throw invalidArgument('PageLayout.zoom');
  }
  const intOk = (x: unknown): boolean =>
    x === undefined || x === null || (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 32767);
  if (z.scale !== undefined && z.scale !== null) {
    if (typeof z.scale !== 'number' || z.scale < 10 || z.scale > 400)
      throw invalidArgument('PageLayout.zoom');
    if (z.horizontalFitToPages != null || z.verticalFitToPages != null)
      throw invalidArgument('PageLayout.zoom');
    return { scale: z.scale };
  }
  if (!intOk(z.horizontalFitToPages) || !intOk(z.verticalFitToPages))
    throw invalidArgument('PageLayout.zoom');
  if (z.horizontalFitToPages == null && z.verticalFitToPages == null)
    throw invalidArgument('PageLayout.zoom');
  return {
    horizontalFitToPages: (z.horizontalFitToPages as number | null | undefined) ?? 1,
    verticalFitToPages: (z.verticalFitToPages as number | null | undefined) ?? 1,
  };
}

function entireRows(t: RangeTarget): Rect {
  return { r0: t.rect.r0, r1: t.rect.r1, c0: 0, c1: MAX_COLS - 1 };
}
function entireCols(t: RangeTarget): Rect {
  return { r0: 0, r1: MAX_ROWS - 1, c0: t.rect.c0, c1: t.rect.c1 };
}

export class PageLayoutDouble extends ClientObjectDouble<SheetModel> {
  declare orientation: string;
  declare paperSize: string;
  declare zoom: PageLayoutModel['zoom'];
  declare readonly headersFooters: HeaderFooterGroupDouble;

  setPrintTitleRows(titleRows: RangeDouble | string): void {
    this._call('setPrintTitleRows', [titleRows], (s, b) => {
      const t = resolveRangeArg(titleRows, s, b, 'PageLayout.setPrintTitleRows');
      if (t.sheet !== s) throw invalidArgument('PageLayout.setPrintTitleRows');
      pl(s).printTitleRows = entireRows(t);
    });
  }
  setPrintTitleColumns(titleColumns: RangeDouble | string): void {
    this._call('setPrintTitleColumns', [titleColumns], (s, b) => {
      const t = resolveRangeArg(titleColumns, s, b, 'PageLayout.setPrintTitleColumns');
      if (t.sheet !== s) throw invalidArgument('PageLayout.setPrintTitleColumns');
      pl(s).printTitleColumns = entireCols(t);
    });
  }
  setPrintArea(printArea: RangeDouble | string): void {
    this._call('setPrintArea', [printArea], (s, b) => {
      if (typeof printArea === 'string' && printArea.includes(',')) {
        pl(s).printArea = printArea
          .split(',')
          .map((p) => resolveRangeArg(p.trim(), s, b, 'PageLayout.setPrintArea').rect);
        return;
      }
      const t = resolveRangeArg(printArea, s, b, 'PageLayout.setPrintArea');
      if (t.sheet !== s) throw invalidArgument('PageLayout.setPrintArea');
      pl(s).printArea = [t.rect];
    });
  }
  getPrintTitleRowsOrNullObject(): RangeDouble {
    return this._create(
      RangeDouble,
      'getPrintTitleRowsOrNullObject',
      [],
      (s: SheetModel): Target<RangeTarget> => {
        const r = pl(s).printTitleRows;
        return r ? { sheet: s, rect: r } : NULL_OBJECT;
      },
    );
  }
  getPrintTitleRows(): RangeDouble {
    return this._create(RangeDouble, 'getPrintTitleRows', [], (s: SheetModel) => {
      const r = pl(s).printTitleRows;
      if (!r) throw excelError(ErrorCodes.itemNotFound, 'PageLayout.getPrintTitleRows');
      return { sheet: s, rect: r };
    });
  }
  getPrintTitleColumnsOrNullObject(): RangeDouble {
    return this._create(
      RangeDouble,
      'getPrintTitleColumnsOrNullObject',
      [],
      (s: SheetModel): Target<RangeTarget> => {
        const r = pl(s).printTitleColumns;
        return r ? { sheet: s, rect: r } : NULL_OBJECT;
      },
    );
  }
  getPrintAreaOrNullObject(): RangeAreasDouble {
    return this._create(
      RangeAreasDouble,
      'getPrintAreaOrNullObject',
      [],
      (s: SheetModel): Target<AreasTarget> => {
        const r = pl(s).printArea;
        return r && r.length ? { sheet: s, rects: r } : NULL_OBJECT;
      },
    );
  }
}

registerType(PageLayoutDouble, {
  name: 'PageLayout',
  formatting: true,
  alive: sheetAlive,
  props: [
    plEnum('orientation', ['Portrait', 'Landscape']),
    plEnum('paperSize', PAPER),
    {
      name: 'zoom',
      get: (s: SheetModel) => ({ ...pl(s).zoom }),
      set: (s: SheetModel, v, b) => {
        const z = validateZoom(v);
        // office-js#1860 (https://github.com/OfficeDev/office-js/issues/1860): fit-to-pages
        // (horizontalFitToPages / verticalFitToPages) is not applied unless the Page Layout view
        // is active; a scale is. With that behaviour on, a fit-to-pages zoom is ignored.
        if (z.scale === undefined && b.rt.host.fitToPagesNeedsPageLayoutView) return;
        pl(s).zoom = z;
      },
    },
    plBool('centerHorizontally'),
    plBool('centerVertically'),
    plBool('printGridlines'),
    plBool('printHeadings'),
    plBool('blackAndWhite'),
    plBool('draftMode'),
    {
      name: 'firstPageNumber',
      get: (s: SheetModel) => pl(s).firstPageNumber,
      set: (s: SheetModel, v) => {
        if (v !== '' && (typeof v !== 'number' || !Number.isInteger(v)))
          throw invalidArgument('PageLayout.firstPageNumber');
        pl(s).firstPageNumber = v;
      },
    },
    plEnum('printComments', ['NoComments', 'EndSheet', 'InPlace']),
    plEnum('printErrors', ['AsDisplayed', 'Blank', 'Dash', 'NotAvailable']),
    plEnum('printOrder', ['DownThenOver', 'OverThenDown']),
    plMargin('topMargin'),
    plMargin('bottomMargin'),
    plMargin('leftMargin'),
    plMargin('rightMargin'),
    plMargin('headerMargin'),
    plMargin('footerMargin'),
  ],
  navs: [{ name: 'headersFooters', cls: () => HeaderFooterGroupDouble, resolve: (s) => s }],
});

export class HeaderFooterGroupDouble extends ClientObjectDouble<SheetModel> {
  declare state: string;
  declare readonly defaultForAllPages: HeaderFooterDouble;
  declare readonly firstPage: HeaderFooterDouble;
  declare readonly evenPages: HeaderFooterDouble;
  declare readonly oddPages: HeaderFooterDouble;
}

registerType(HeaderFooterGroupDouble, {
  name: 'HeaderFooterGroup',
  formatting: true,
  alive: sheetAlive,
  props: [
    {
      name: 'state',
      get: (s: SheetModel) => pl(s).headersFooters.state,
      set: (s: SheetModel, v) => {
        if (!['Default', 'FirstAndDefault', 'OddAndEven', 'FirstOddAndEven'].includes(String(v)))
          throw invalidArgument('HeaderFooterGroup.state');
        pl(s).headersFooters.state = String(v);
      },
    },
    {
      name: 'useSheetMargins',
      get: (s: SheetModel) => pl(s).headersFooters.useSheetMargins,
      set: (s: SheetModel, v) => (pl(s).headersFooters.useSheetMargins = !!v),
    },
    {
      name: 'useSheetScale',
      get: (s: SheetModel) => pl(s).headersFooters.useSheetScale,
      set: (s: SheetModel, v) => (pl(s).headersFooters.useSheetScale = !!v),
    },
  ],
  navs: (['defaultForAllPages', 'firstPage', 'evenPages', 'oddPages'] as const).map((n) => ({
    name: n,
    cls: () => HeaderFooterDouble,
    resolve: (s: SheetModel) => ({ sheet: s, hf: pl(s).headersFooters[n] }),
  })),
});

interface HfTarget {
  sheet: SheetModel;
  hf: HeaderFooterModel;
}

export class HeaderFooterDouble extends ClientObjectDouble<HfTarget> {
  declare leftHeader: string;
  declare centerHeader: string;
  declare rightHeader: string;
  declare leftFooter: string;
  declare centerFooter: string;
  declare rightFooter: string;
}

registerType(HeaderFooterDouble, {
  name: 'HeaderFooter',
  formatting: true,
  alive: (t: HfTarget) => !t.sheet.deleted,
  props: (
    ['leftHeader', 'centerHeader', 'rightHeader', 'leftFooter', 'centerFooter', 'rightFooter'] as const
  ).map((k) => ({
    name: k,
    get: (t: HfTarget) => t.hf[k],
    set: (t: HfTarget, v: unknown) => {
      if (typeof v !== 'string') throw invalidArgument(`HeaderFooter.${k}`);
      t.hf[k] = v;
    },
  })),
});

// ---------------------------------------------------------------------------------------------
// AutoFilter (sheet level)

export class AutoFilterDouble extends ClientObjectDouble<SheetModel> {
  declare readonly enabled: boolean;
  declare readonly isDataFiltered: boolean;

  apply(range: RangeDouble | string, columnIndex?: number, criteria?: unknown): void {
    this._call('apply', [range, columnIndex, criteria], (s, b) => {
      if (criteria !== undefined || columnIndex !== undefined)
        throw notEmulated('AutoFilter.apply with criteria');
      if (s.protection.protected && !s.protection.options.allowAutoFilter)
        throw excelError(ErrorCodes.accessDenied, 'AutoFilter.apply');
      const t = resolveRangeArg(range, s, b, 'AutoFilter.apply');
      if (t.sheet !== s) throw invalidArgument('AutoFilter.apply');
      if (b.model.tables.some((tb) => tb.sheet === s && rectsIntersect(tb.rect, t.rect))) {
        throw excelError(ErrorCodes.invalidOperation, 'AutoFilter.apply');
      }
      s.autoFilter = { rect: t.rect };
    });
  }
  remove(): void {
    this._call('remove', [], (s) => {
      s.autoFilter = { rect: null };
    });
  }
  clearCriteria(): void {
    this._call('clearCriteria', [], () => undefined);
  }
  reapply(): void {
    this._call('reapply', [], () => undefined);
  }
  getRange(): RangeDouble {
    return this._create(RangeDouble, 'getRange', [], (s: SheetModel) => {
      if (!s.autoFilter.rect) throw excelError(ErrorCodes.itemNotFound, 'AutoFilter.getRange');
      return { sheet: s, rect: s.autoFilter.rect };
    });
  }
  getRangeOrNullObject(): RangeDouble {
    return this._create(RangeDouble, 'getRangeOrNullObject', [], (s: SheetModel): Target<RangeTarget> =>
      s.autoFilter.rect ? { sheet: s, rect: s.autoFilter.rect } : NULL_OBJECT,
    );
  }
}

registerType(AutoFilterDouble, {
  name: 'AutoFilter',
  alive: sheetAlive,
  props: [
    { name: 'enabled', get: (s: SheetModel) => !!s.autoFilter.rect },
    { name: 'isDataFiltered', get: () => false },
    { name: 'criteria', get: () => [] },
  ],
});
