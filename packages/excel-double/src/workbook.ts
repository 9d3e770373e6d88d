/**
 * Workbook root, defined names, settings, application and workbook protection.
 */

import { parseAddress } from './address';
import { RangeTarget } from './cells';
import {
  Batch,
  ClientObjectDouble,
  ClientResultDouble,
  CollectionDouble,
  NULL_OBJECT,
  Target,
  mustFind,
  orNull,
  registerType,
} from './core';
import { ErrorCodes, excelError, invalidArgument } from './errors';
import { NameModel, SheetModel, WorkbookModel, validateDefinedName } from './model';
import { RangeDouble, resolveRangeArg } from './range';
import { TableCollectionDouble } from './table';
import { CellErrorValue, serialFromYmd } from './values';
import { WorksheetCollectionDouble, WorksheetDouble } from './worksheet';

// ---------------------------------------------------------------------------------------------
// Workbook

export class WorkbookDouble extends ClientObjectDouble<WorkbookModel> {
  declare readonly name: string;
  declare readonly worksheets: WorksheetCollectionDouble;
  declare readonly tables: TableCollectionDouble;
  declare readonly names: NamedItemCollectionDouble;
  declare readonly settings: SettingCollectionDouble;
  declare readonly application: ApplicationDouble;
  declare readonly protection: WorkbookProtectionDouble;
  declare readonly functions: FunctionsDouble;

  getSelectedRange(): RangeDouble {
    return this._create(
      RangeDouble,
      'getSelectedRange',
      [],
      mustFind(
        (m: WorkbookModel): RangeTarget | undefined => m.selection ?? undefined,
        'Workbook.getSelectedRange',
      ),
    );
  }

  getActiveCell(): RangeDouble {
    return this._create(
      RangeDouble,
      'getActiveCell',
      [],
      mustFind((m: WorkbookModel): RangeTarget | undefined => {
        const s = m.selection;
        return s
          ? { sheet: s.sheet, rect: { r0: s.rect.r0, c0: s.rect.c0, r1: s.rect.r0, c1: s.rect.c0 } }
          : undefined;
      }, 'Workbook.getActiveCell'),
      { since: 7 },
    );
  }
}

registerType(WorkbookDouble, {
  name: 'Workbook',
  props: [
    { name: 'name', since: 7, get: (m: WorkbookModel) => m.name },
    { name: 'readOnly', since: 8, get: () => false },
  ],
  navs: [
    { name: 'worksheets', cls: () => WorksheetCollectionDouble, resolve: (m) => m },
    {
      name: 'tables',
      cls: () => TableCollectionDouble,
      resolve: (m: WorkbookModel) => ({ model: m, sheet: null }),
    },
    {
      name: 'names',
      cls: () => NamedItemCollectionDouble,
      resolve: (m: WorkbookModel) => ({ model: m, scope: null }),
    },
    {
      name: 'settings',
      since: 4,
      cls: () => SettingCollectionDouble,
      // Settings are per document and may not reach a co-author: a double made with
      // `separateSettings` keeps its own (only `.settings` of the model is used below).
      resolve: (m: WorkbookModel, b) =>
        b.rt.clientSettings ? ({ settings: b.rt.clientSettings } as unknown as WorkbookModel) : m,
    },
    { name: 'application', cls: () => ApplicationDouble, resolve: (m) => m },
    { name: 'protection', since: 7, cls: () => WorkbookProtectionDouble, resolve: (m) => m },
    { name: 'functions', since: 2, cls: () => FunctionsDouble, resolve: (m) => m },
  ],
});

// ---------------------------------------------------------------------------------------------
// Worksheet functions (Workbook.functions, [Api set: ExcelApi 1.2]): DATE only.

interface FunctionResultModel {
  value: number | null;
  error: string | null;
}

/**
 * Excel's DATE(year, month, day) in the workbook's date system
 * (https://support.microsoft.com/office/date-function-e36c0c8c-4104-49da-ab83-82328b832349):
 * a year 0–1899 is added to 1900; months and days outside their range roll over; a year below 0
 * or from 10000 on, or a date before the system's first day, is #NUM!. In the 1900 system
 * DATE(1904,1,1) is 1462, in the 1904 system it is 0 — the same serials the double holds for a
 * workbook loaded from an xlsx with `date1904` (fromXlsx.ts), so comparing the two tells the
 * date system with a released API (Workbook.use1904DateSystem is in no released requirement set).
 */
export function excelDate(y: number, m: number, d: number, date1904: boolean): FunctionResultModel {
  const num = { value: null, error: '#NUM!' };
  if (![y, m, d].every((x) => typeof x === 'number' && Number.isFinite(x)))
    return { value: null, error: '#VALUE!' };
  let year = Math.trunc(y);
  if (year < 0 || year >= 10000) return num;
  if (year < 1900) year += 1900;
  const dt = new Date(Date.UTC(2000, 0, 1));
  dt.setUTCFullYear(year, Math.trunc(m) - 1, Math.trunc(d));
  const serial = serialFromYmd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate(), date1904);
  return serial === null ? num : { value: serial, error: null };
}

export class FunctionsDouble extends ClientObjectDouble<WorkbookModel> {
  date(year: number, month: number, day: number): FunctionResultDouble {
    return this._create(FunctionResultDouble, 'date', [year, month, day], (m: WorkbookModel) =>
      excelDate(year, month, day, m.date1904),
    );
  }
}

registerType(FunctionsDouble, { name: 'Functions' });

export class FunctionResultDouble extends ClientObjectDouble<FunctionResultModel> {
  declare readonly value: number | null;
  declare readonly error: string | null;
}

registerType(FunctionResultDouble, {
  name: 'FunctionResult',
  props: [
    { name: 'value', get: (r: FunctionResultModel) => r.value },
    { name: 'error', get: (r: FunctionResultModel) => r.error },
  ],
});

// ---------------------------------------------------------------------------------------------
// Names

interface NamesTarget {
  model: WorkbookModel;
  scope: SheetModel | null;
}

const namesIn = (t: NamesTarget): NameModel[] =>
  t.model.names.filter((n) => n.scope === t.scope && !n.deleted);

function nameType(m: WorkbookModel, n: NameModel): string {
  if (n.ref) return 'Range';
  const f = n.formula.startsWith('=') ? n.formula.slice(1) : n.formula;
  if (/^#[A-Z/0!?]+/.test(f)) return 'Error';
  if (/^"(?:[^"]|"")*"$/.test(f)) return 'String';
  if (/^(TRUE|FALSE)$/i.test(f)) return 'Boolean';
  if (f !== '' && !Number.isNaN(Number(f))) return Number.isInteger(Number(f)) ? 'Integer' : 'Double';
  const sheet = n.scope ?? m.activeSheet ?? m.sheets[0];
  try {
    const v = sheet ? m.evaluateFormula(sheet, '=' + f) : null;
    if (v instanceof CellErrorValue) return 'Error';
    if (typeof v === 'string') return 'String';
    if (typeof v === 'boolean') return 'Boolean';
    return 'Double';
  } catch {
    return 'Error';
  }
}

function nameValue(m: WorkbookModel, n: NameModel): unknown {
  if (n.ref) return m.nameFormula(n).slice(1);
  const f = n.formula.startsWith('=') ? n.formula.slice(1) : n.formula;
  const sheet = n.scope ?? m.activeSheet ?? m.sheets[0];
  try {
    const v = sheet ? m.evaluateFormula(sheet, '=' + f) : f;
    return v instanceof CellErrorValue ? v.text : v;
  } catch {
    return '#NAME?';
  }
}

/** Set a name's reference from a Range proxy or a formula text. */
function assignReference(n: NameModel, reference: unknown, m: WorkbookModel, b: Batch, where: string): void {
  if (reference instanceof ClientObjectDouble) {
    const r = resolveRangeArg(reference, null, b, where);
    n.ref = { sheet: r.sheet, rect: r.rect };
    n.formula = '';
    return;
  }
  if (typeof reference !== 'string' || reference === '') throw invalidArgument(where, 'reference');
  const body = reference.startsWith('=') ? reference.slice(1) : reference;
  const p = parseAddress(body);
  if (p) {
    const sheet = p.sheet === undefined ? (n.scope ?? undefined) : m.findSheet(p.sheet);
    if (!sheet) throw invalidArgument(where, 'reference');
    n.ref = { sheet, rect: p.rect };
    n.formula = '';
    return;
  }
  n.ref = null;
  n.formula = '=' + body;
}

export class NamedItemCollectionDouble extends CollectionDouble<NamesTarget> {
  add(name: string, reference: RangeDouble | string, comment?: string): NamedItemDouble {
    return this._create(
      NamedItemDouble,
      'add',
      [name, reference, comment],
      (t: NamesTarget, b) => {
        validateDefinedName(name, 'NamedItemCollection.add');
        if (t.model.findName(name, t.scope) || (t.scope === null && t.model.nameTaken(name))) {
          throw excelError(ErrorCodes.itemAlreadyExists, 'NamedItemCollection.add');
        }
        const n: NameModel = {
          name,
          scope: t.scope,
          ref: null,
          formula: '',
          visible: true,
          comment: comment ?? '',
        };
        assignReference(n, reference, t.model, b, 'NamedItemCollection.add');
        t.model.names.push(n);
        return n;
      },
      { since: 4 },
    );
  }

  getItem(name: string): NamedItemDouble {
    return this._create(
      NamedItemDouble,
      'getItem',
      [name],
      mustFind((t: NamesTarget) => t.model.findName(String(name), t.scope), 'NamedItemCollection.getItem'),
    );
  }

  getItemOrNullObject(name: string): NamedItemDouble {
    return this._create(
      NamedItemDouble,
      'getItemOrNullObject',
      [name],
      orNull((t: NamesTarget) => t.model.findName(String(name), t.scope)),
      {
        since: 4,
      },
    );
  }

  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (t: NamesTarget) => namesIn(t).length, { since: 4 });
  }
}

registerType(NamedItemCollectionDouble, {
  name: 'NamedItemCollection',
  alive: (t: NamesTarget) => !t.scope || !t.scope.deleted,
  collection: { itemCls: () => NamedItemDouble, list: (t: NamesTarget) => namesIn(t) },
});

export class NamedItemDouble extends ClientObjectDouble<NameModel> {
  declare readonly name: string;
  declare readonly type: string;
  declare readonly value: unknown;
  declare formula: string;
  declare visible: boolean;
  declare comment: string;
  declare readonly scope: string;
  declare readonly worksheet: WorksheetDouble;
  declare readonly worksheetOrNullObject: WorksheetDouble;

  getRange(): RangeDouble {
    return this._create(RangeDouble, 'getRange', [], (n: NameModel) => {
      if (!n.ref) throw excelError(ErrorCodes.invalidOperation, 'NamedItem.getRange');
      return { sheet: n.ref.sheet, rect: n.ref.rect };
    });
  }

  getRangeOrNullObject(): RangeDouble {
    return this._create(
      RangeDouble,
      'getRangeOrNullObject',
      [],
      (n: NameModel): Target<RangeTarget> => (n.ref ? { sheet: n.ref.sheet, rect: n.ref.rect } : NULL_OBJECT),
      { since: 4 },
    );
  }

  delete(): void {
    this._call(
      'delete',
      [],
      (n, b) => {
        b.model.names = b.model.names.filter((x) => x !== n);
        n.deleted = true;
      },
      { since: 4 },
    );
  }
}

registerType(NamedItemDouble, {
  name: 'NamedItem',
  alive: (n: NameModel) => !n.deleted,
  props: [
    { name: 'name', get: (n: NameModel) => n.name },
    { name: 'type', get: (n: NameModel, b) => nameType(b.model, n) },
    { name: 'value', get: (n: NameModel, b) => nameValue(b.model, n) },
    {
      name: 'formula',
      since: 7,
      get: (n: NameModel, b) => b.model.nameFormula(n),
      set: (n: NameModel, v, b) => assignReference(n, v, b.model, b, 'NamedItem.formula'),
    },
    {
      name: 'visible',
      get: (n: NameModel) => n.visible,
      set: (n: NameModel, v) => {
        if (typeof v !== 'boolean') throw invalidArgument('NamedItem.visible');
        n.visible = v;
      },
    },
    {
      name: 'comment',
      since: 4,
      get: (n: NameModel) => n.comment,
      set: (n: NameModel, v) => {
        if (typeof v !== 'string') throw invalidArgument('NamedItem.comment');
        n.comment = v;
      },
    },
    { name: 'scope', since: 4, get: (n: NameModel) => (n.scope ? 'Worksheet' : 'Workbook') },
  ],
  navs: [
    {
      name: 'worksheet',
      since: 4,
      cls: () => WorksheetDouble,
      resolve: (n: NameModel) => {
        if (!n.scope) throw excelError(ErrorCodes.itemNotFound, 'NamedItem.worksheet');
        return n.scope;
      },
    },
    {
      name: 'worksheetOrNullObject',
      since: 4,
      cls: () => WorksheetDouble,
      resolve: (n: NameModel) => n.scope ?? NULL_OBJECT,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Settings

interface SettingTarget {
  model: WorkbookModel;
  key: string;
}

/** Deep copy that keeps Date objects (office.js round-trips Dates in settings). */
function copySetting(v: unknown): unknown {
  if (v instanceof Date) return new Date(v.getTime());
  if (Array.isArray(v)) return v.map(copySetting);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      if (x !== undefined) o[k] = copySetting(x);
    return o;
  }
  if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint')
    throw invalidArgument('Setting.value');
  return v;
}

function validKey(key: unknown, where: string): string {
  if (typeof key !== 'string' || key === '') throw invalidArgument(where, 'key');
  return key;
}

export class SettingCollectionDouble extends CollectionDouble<WorkbookModel> {
  add(key: string, value: unknown): SettingDouble {
    return this._create(SettingDouble, 'add', [key, value], (m: WorkbookModel) => {
      const k = validKey(key, 'SettingCollection.add');
      if (value === undefined) throw invalidArgument('SettingCollection.add', 'value');
      m.settings.set(k, copySetting(value));
      return { model: m, key: k };
    });
  }

  getItem(key: string): SettingDouble {
    return this._create(
      SettingDouble,
      'getItem',
      [key],
      mustFind(
        (m: WorkbookModel) => (m.settings.has(key) ? { model: m, key } : undefined),
        'SettingCollection.getItem',
      ),
    );
  }

  getItemOrNullObject(key: string): SettingDouble {
    return this._create(
      SettingDouble,
      'getItemOrNullObject',
      [key],
      orNull((m: WorkbookModel) => (m.settings.has(key) ? { model: m, key } : undefined)),
    );
  }

  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (m: WorkbookModel) => m.settings.size);
  }
}

registerType(SettingCollectionDouble, {
  name: 'SettingCollection',
  collection: {
    itemCls: () => SettingDouble,
    list: (m: WorkbookModel) => [...m.settings.keys()].map((key) => ({ model: m, key })),
  },
});

export class SettingDouble extends ClientObjectDouble<SettingTarget> {
  declare readonly key: string;
  declare value: unknown;

  delete(): void {
    this._call('delete', [], (t) => {
      t.model.settings.delete(t.key);
    });
  }
}

registerType(SettingDouble, {
  name: 'Setting',
  alive: (t: SettingTarget) => t.model.settings.has(t.key),
  props: [
    { name: 'key', get: (t: SettingTarget) => t.key },
    {
      name: 'value',
      get: (t: SettingTarget) => copySetting(t.model.settings.get(t.key)),
      set: (t: SettingTarget, v) => {
        if (v === undefined) throw invalidArgument('Setting.value');
        t.model.settings.set(t.key, copySetting(v));
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Application and workbook protection

export class ApplicationDouble extends ClientObjectDouble<WorkbookModel> {
  declare calculationMode: string;

  calculate(calculationType: string): void {
    this._call('calculate', [calculationType], (m) => {
      if (!['Recalculate', 'Full', 'FullRebuild'].includes(calculationType))
        throw invalidArgument('Application.calculate');
      m.recalculate(true);
    });
  }

  suspendApiCalculationUntilNextSync(): void {
    this._call('suspendApiCalculationUntilNextSync', [], () => undefined, { since: 6 });
  }

  suspendScreenUpdatingUntilNextSync(): void {
    this._call('suspendScreenUpdatingUntilNextSync', [], () => undefined, { since: 9 });
  }
}

registerType(ApplicationDouble, {
  name: 'Application',
  props: [
    {
      name: 'calculationMode',
      setSince: 8,
      get: (m: WorkbookModel) => m.calculationMode,
      set: (m: WorkbookModel, v) => {
        if (!['Automatic', 'AutomaticExceptTables', 'Manual'].includes(String(v)))
          throw invalidArgument('Application.calculationMode');
        m.calculationMode = v as WorkbookModel['calculationMode'];
      },
    },
  ],
});

export class WorkbookProtectionDouble extends ClientObjectDouble<WorkbookModel> {
  declare readonly protected: boolean;

  protect(password?: string): void {
    this._call('protect', [password], (m) => {
      if (m.protection.protected) return;
      m.protection = { protected: true, ...(password ? { password } : {}) };
    });
  }

  unprotect(password?: string): void {
    this._call('unprotect', [password], (m) => {
      if (!m.protection.protected) return;
      if (m.protection.password !== undefined && m.protection.password !== password) {
        throw excelError(ErrorCodes.badPassword, 'WorkbookProtection.unprotect');
      }
      m.protection = { protected: false };
    });
  }
}

registerType(WorkbookProtectionDouble, {
  name: 'WorkbookProtection',
  props: [{ name: 'protected', get: (m: WorkbookModel) => m.protection.protected }],
});
