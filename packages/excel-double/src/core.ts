/**
 * Proxy/queue core: the request context, the client-object base class with load/sync semantics,
 * the action queue and the batch executor.
 *
 * Semantics copied from office.js:
 * - Every proxy created in a batch queues an "instantiate" action; the object it stands for is
 *   resolved when that action runs at sync (so `getItem('missing')` fails at sync, in order).
 *   Once resolved, a proxy keeps its identity (worksheets by id, ranges by their cells).
 * - Property sets, method calls and loads are queued and run in order at sync. A failing action
 *   stops the batch: earlier actions stay applied (Excel has no rollback); loaded values of a
 *   failed batch are not delivered.
 * - A property can be read only after a load of it was delivered by a completed sync, or after the
 *   add-in set it locally (office.js keeps the set value on the proxy).
 * - `*OrNullObject` proxies report `isNullObject` after sync; properties of a null object read as
 *   undefined, and actions on a null object (or on proxies derived from it) do nothing.
 * - A batch whose request payload exceeds the limit, or an injected failure, applies nothing.
 */

import { Rect, rectCells } from './address';
import { CoercionOptions } from './coercion';
import {
  DoubleRichApiError,
  ErrorCodes,
  apiNotFound,
  excelError,
  invalidObjectPath,
  notEmulated,
  propertyNotLoaded,
} from './errors';
import { SheetModel, WorkbookModel } from './model';
import { DoubleLimits, DoubleStats, SyncRecord, jsonBytes } from './stats';

export const NULL_OBJECT: unique symbol = Symbol('ExcelDouble.nullObject');
export type Target<T> = T | typeof NULL_OBJECT;

// ---------------------------------------------------------------------------------------------
// Runtime (one per double) and batches

export interface ApiSupport {
  /** Highest ExcelApi minor version supported, e.g. 17 for "1.17". */
  excelApiMinor: number;
  /** Other requirement sets (name → highest version "1.x"). */
  otherSets: Record<string, string>;
}

export interface Runtime {
  model: WorkbookModel;
  stats: DoubleStats;
  limits: DoubleLimits;
  api: ApiSupport;
  /** round-trip index → error code to fail with. */
  failOn: Map<number, string>;
  cellEditMode: boolean;
  /** Behaviours of the emulated host (see HostBehaviour in index.ts). */
  host: HostBehaviour;
  /** This client's own workbook settings, when settings do not reach other clients. */
  clientSettings: Map<string, unknown> | null;
}

/** Behaviours that differ between Excel hosts (docs/excel-behaviours.md). */
export interface HostBehaviour {
  /** Excel on the web: createWorkbook's 5 MB request, OperationCellsExceedLimit on table column adds. */
  web: boolean;
  /** office-js#1860: PageLayout.zoom fit-to-pages is not applied unless the Page Layout view is active. */
  fitToPagesNeedsPageLayoutView: boolean;
}

export function coercionOptions(model: WorkbookModel): CoercionOptions {
  return { shortDateFormat: model.options.shortDateFormat, now: model.options.now, date1904: model.date1904 };
}

export class Batch {
  responseBytes = 0;
  maxReadCells = 0;
  cellsFormatted = 0;
  readonly deliveries: (() => void)[] = [];
  readonly resolvedNow: ClientObjectDouble[] = [];

  constructor(readonly rt: Runtime) {}

  get model(): WorkbookModel {
    return this.rt.model;
  }

  /** Account for a read of `cells` cells; throws RangeExceedsLimit above the limit. */
  read(cells: number, where: string): void {
    if (cells > this.rt.limits.maxReadCells) throw excelError(ErrorCodes.rangeExceedsLimit, where);
    if (cells > this.maxReadCells) this.maxReadCells = cells;
  }
}

// ---------------------------------------------------------------------------------------------
// Type specs

/*
 * Specs are heterogeneous (each type has its own target); members are declared as methods so
 * their parameters are checked bivariantly and `(t: RangeTarget) => …` fits `(t: unknown) => …`.
 */
export interface PropSpec {
  name: string;
  /** ExcelApi minor version needed to read (and, unless setSince, to write). */
  since?: number;
  setSince?: number;
  get(t: unknown, b: Batch, obj: ClientObjectDouble): unknown;
  set?(t: unknown, value: unknown, b: Batch, obj: ClientObjectDouble): void;
  /** Counts as a formatting call (besides props of formatting types). */
  formatting?: boolean;
  /** Not part of a parameterless load(). */
  noDefaultLoad?: boolean;
}

export interface NavSpec {
  name: string;
  since?: number;
  cls: () => ProxyClass;
  resolve(parentTarget: unknown, b: Batch): Target<unknown>;
}

export interface CollectionSpec {
  itemCls: () => ProxyClass;
  list(t: unknown, b: Batch): unknown[];
}

export interface TypeSpec {
  name: string;
  /** Every set/method on this type counts as a formatting call. */
  formatting: boolean;
  props: Map<string, PropSpec>;
  navs: Map<string, NavSpec>;
  collection?: CollectionSpec;
  /** Cells the formatting calls on this type touch (for cellsFormatted). */
  cells?(t: unknown): number;
  /** Throw ItemNotFound when the resolved target no longer exists. */
  alive?(t: unknown): boolean;
}

/** How a proxy finds its object from its parent's (bivariant in the parent target). */
export type Resolver = { bivarianceHack(parentTarget: unknown, b: Batch): Target<unknown> }['bivarianceHack'];

export interface InstantiateInfo {
  /** Arguments of the method that created the proxy ([] for navigation properties). */
  args: unknown[];
  label: string;
  formatting?: boolean;
}

export type ProxyClass = (new (
  ctx: RequestContextDouble,
  parent: ClientObjectDouble | null,
  resolver: Resolver,
  inst: InstantiateInfo | null,
) => ClientObjectDouble) & { _spec?: TypeSpec };

export function specOf(cls: ProxyClass): TypeSpec {
  const own = Object.prototype.hasOwnProperty.call(cls, '_spec') ? cls._spec : undefined;
  if (!own) throw new Error(`Excel double: type ${cls.name} is not registered`);
  return own;
}

/** Register a proxy type: defines accessor properties and navigation getters on the prototype. */
export function registerType(
  cls: ProxyClass,
  def: {
    name: string;
    formatting?: boolean;
    props?: PropSpec[];
    navs?: NavSpec[];
    collection?: CollectionSpec;
    cells?(t: unknown): number;
    alive?(t: unknown): boolean;
  },
): void {
  const spec: TypeSpec = {
    name: def.name,
    formatting: !!def.formatting,
    props: new Map((def.props ?? []).map((p) => [p.name, p])),
    navs: new Map((def.navs ?? []).map((n) => [n.name, n])),
    collection: def.collection,
    cells: def.cells,
    alive: def.alive,
  };
  Object.defineProperty(cls, '_spec', { value: spec, enumerable: false });
  for (const p of spec.props.values()) {
    Object.defineProperty(cls.prototype, p.name, {
      configurable: true,
      enumerable: false,
      get(this: ClientObjectDouble) {
        return this._readProp(p.name);
      },
      set: p.set
        ? function (this: ClientObjectDouble, v: unknown) {
            this._writeProp(p, v);
          }
        : undefined,
    });
  }
  for (const n of spec.navs.values()) {
    Object.defineProperty(cls.prototype, n.name, {
      configurable: true,
      enumerable: false,
      get(this: ClientObjectDouble) {
        return this._nav(n.name);
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Load options

interface LoadTree {
  all: boolean;
  scalars: Set<string>;
  navs: Map<string, LoadTree>;
  items?: LoadTree;
}

const newTree = (): LoadTree => ({ all: false, scalars: new Set(), navs: new Map() });

function insertPath(tree: LoadTree, spec: TypeSpec, path: string[], where: string): void {
  const [head, ...rest] = path;
  if (head === undefined || head === '') return;
  if (spec.collection) {
    if (head === 'items') {
      tree.items ??= newTree();
      if (rest.length === 0) tree.items.all = true;
      else insertPath(tree.items, specOf(spec.collection.itemCls()), rest, where);
      return;
    }
    if (!spec.props.has(head) && !spec.navs.has(head)) {
      tree.items ??= newTree();
      insertPath(tree.items, specOf(spec.collection.itemCls()), path, where);
      return;
    }
  }
  const nav = spec.navs.get(head);
  if (nav) {
    let child = tree.navs.get(head);
    if (!child) tree.navs.set(head, (child = newTree()));
    if (rest.length === 0) child.all = true;
    else insertPath(child, specOf(nav.cls()), rest, where);
    return;
  }
  if (spec.props.has(head) && rest.length === 0) {
    tree.scalars.add(head);
    return;
  }
  throw notEmulated(`${spec.name}.${head}`, `cannot be loaded by the double (${where})`);
}

function parseLoadOption(option: unknown, spec: TypeSpec): LoadTree {
  const tree = newTree();
  const addPaths = (text: string): void => {
    for (const p of text.split(',')) {
      const t = p.trim();
      if (t)
        insertPath(
          tree,
          spec,
          t.split('/').map((x) => x.trim()),
          t,
        );
    }
  };
  if (option === undefined || option === null) {
    if (spec.collection) tree.items = { ...newTree(), all: true };
    else tree.all = true;
  } else if (typeof option === 'string') {
    addPaths(option);
  } else if (Array.isArray(option)) {
    for (const o of option) addPaths(String(o));
  } else if (typeof option === 'object') {
    const o = option as Record<string, unknown>;
    if ('select' in o || 'expand' in o) {
      if (typeof o.select === 'string') addPaths(o.select);
      if (typeof o.expand === 'string') {
        for (const e of o.expand.split(',')) {
          const t = e.trim();
          if (t)
            insertPath(
              tree,
              spec,
              t.split('/').map((x) => x.trim()),
              t,
            );
        }
      }
    } else {
      const walk = (obj: Record<string, unknown>, prefix: string[]): void => {
        for (const [k, v] of Object.entries(obj)) {
          if (k === '$all') {
            if (v && prefix.length === 0) {
              if (spec.collection) tree.items = { ...(tree.items ?? newTree()), all: true };
              else tree.all = true;
            } else if (v) insertPath(tree, spec, prefix, prefix.join('/'));
            continue;
          }
          if (k === '$top' || k === '$skip') continue;
          if (v === true) insertPath(tree, spec, [...prefix, k], k);
          else if (v && typeof v === 'object') walk(v as Record<string, unknown>, [...prefix, k]);
        }
      };
      walk(o, []);
    }
  }
  return tree;
}

function treePaths(tree: LoadTree, prefix = ''): string[] {
  const out: string[] = [];
  if (tree.all) out.push(prefix ? `${prefix}/*` : '*');
  for (const s of tree.scalars) out.push(prefix + s);
  for (const [n, t] of tree.navs) out.push(...treePaths(t, `${prefix}${n}/`));
  if (tree.items) out.push(...treePaths(tree.items, `${prefix}items/`));
  return out;
}

function checkTreeApi(tree: LoadTree, spec: TypeSpec, obj: ClientObjectDouble): void {
  for (const s of tree.scalars) {
    const p = spec.props.get(s)!;
    if (p.since) obj._api(`${spec.name}.${s}`, p.since);
  }
  for (const [n, t] of tree.navs) {
    const nav = spec.navs.get(n)!;
    if (nav.since) obj._api(`${spec.name}.${n}`, nav.since);
    checkTreeApi(t, specOf(nav.cls()), obj);
  }
  if (tree.items && spec.collection) checkTreeApi(tree.items, specOf(spec.collection.itemCls()), obj);
}

interface LoadResult {
  isNull: boolean;
  target: unknown;
  values: Map<string, unknown>;
  navs: Map<string, LoadResult>;
  items?: LoadResult[];
}

function deepCopy<V>(v: V): V {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return new Date(v.getTime()) as unknown as V;
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as unknown as V;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = deepCopy(x);
  return out as V;
}

function runLoadTree(
  tree: LoadTree,
  spec: TypeSpec,
  target: unknown,
  b: Batch,
  obj: ClientObjectDouble | null,
): LoadResult {
  const res: LoadResult = { isNull: target === NULL_OBJECT, target, values: new Map(), navs: new Map() };
  if (target === NULL_OBJECT) return res;
  if (spec.alive && !spec.alive(target)) throw excelError(ErrorCodes.itemNotFound, spec.name);
  const names = new Set(tree.scalars);
  if (tree.all) for (const p of spec.props.values()) if (!p.noDefaultLoad) names.add(p.name);
  for (const n of names) {
    const p = spec.props.get(n)!;
    res.values.set(n, deepCopy(p.get(target, b, obj as ClientObjectDouble)));
  }
  for (const [n, t] of tree.navs) {
    const nav = spec.navs.get(n)!;
    const childTarget = nav.resolve(target, b);
    res.navs.set(n, runLoadTree(t, specOf(nav.cls()), childTarget, b, null));
  }
  if (tree.items && spec.collection) {
    const itemSpec = specOf(spec.collection.itemCls());
    res.items = spec.collection.list(target, b).map((it) => runLoadTree(tree.items!, itemSpec, it, b, null));
  }
  return res;
}

function resultJson(r: LoadResult): unknown {
  if (r.isNull) return null;
  const o: Record<string, unknown> = {};
  for (const [k, v] of r.values) o[k] = v;
  for (const [k, v] of r.navs) o[k] = resultJson(v);
  if (r.items) o.items = r.items.map(resultJson);
  return o;
}

// ---------------------------------------------------------------------------------------------
// Actions and the request context

interface Action {
  kind: 'instantiate' | 'set' | 'method' | 'load';
  label: string;
  payload: () => unknown;
  formatting: boolean;
  exec: (b: Batch) => void;
}

export class ClientResultDouble<V> {
  private _value: V | undefined;
  private _loaded = false;
  get value(): V {
    if (!this._loaded) throw excelError(ErrorCodes.valueNotLoaded, 'ClientResult.value');
    return this._value as V;
  }
  /** @internal */
  _deliver(v: V): void {
    this._value = v;
    this._loaded = true;
  }
}

export class RequestContextDouble {
  /** @internal */ _queue: Action[] = [];
  /** @internal */ _closed = false;
  /** @internal */ _processing = false;
  /** @internal */ _blockedByCellEdit = false;
  readonly trackedObjects = {
    add: (_o: unknown): void => undefined,
    remove: (_o: unknown): void => undefined,
  };
  /** Set by index.ts: the workbook root proxy. */
  workbook!: ClientObjectDouble;
  application!: ClientObjectDouble;

  constructor(
    /** @internal */ readonly _rt: Runtime,
    rootFactory: (ctx: RequestContextDouble) => {
      workbook: ClientObjectDouble;
      application: ClientObjectDouble;
    },
  ) {
    const roots = rootFactory(this);
    this.workbook = roots.workbook;
    this.application = roots.application;
  }

  /** context.load(object, option) — same as object.load(option). */
  load<T extends ClientObjectDouble>(obj: T, option?: unknown): T {
    obj.load(option);
    return obj;
  }

  trace(_message: string): void {
    /* no-op */
  }

  sync<T>(passThroughValue?: T): Promise<T> {
    this._checkOpen('RequestContext.sync');
    this._rt.stats.syncCalls++;
    return this._sync(passThroughValue as T, false);
  }

  /** @internal */
  _checkOpen(where: string): void {
    if (this._closed) throw invalidObjectPath(where);
  }

  /** @internal */
  _enqueue(a: Action): void {
    this._checkOpen(a.label);
    this._queue.push(a);
  }

  /** @internal Run one round trip. */
  async _sync<T>(pass: T, implicit: boolean): Promise<T> {
    const actions = this._queue;
    this._queue = [];
    await Promise.resolve();
    if (actions.length === 0) return pass;
    const rt = this._rt;
    const stats = rt.stats;
    const index = ++stats.syncs;
    let requestBytes = 0;
    let proxies = 0;
    let loads = 0;
    let formattingCalls = 0;
    for (const a of actions) {
      requestBytes += rt.limits.callOverheadBytes + jsonBytes(a.payload());
      if (a.kind === 'instantiate') proxies++;
      if (a.kind === 'load') loads++;
      if (a.formatting) formattingCalls++;
    }
    const record: SyncRecord = {
      index,
      implicit,
      ok: false,
      requestBytes,
      responseBytes: 0,
      actions: actions.length,
      proxies,
      loads,
      formattingCalls,
      cellsFormatted: 0,
      maxReadCells: 0,
    };
    stats.history.push(record);
    stats.actions += actions.length;
    stats.proxies += proxies;
    stats.formattingCalls += formattingCalls;
    stats.totalRequestBytes += requestBytes;
    stats.maxRequestBytes = Math.max(stats.maxRequestBytes, requestBytes);
    const fail = (e: DoubleRichApiError): never => {
      record.errorCode = e.code;
      stats.failedSyncs++;
      throw e;
    };
    const injected = rt.failOn.get(index);
    if (injected) {
      rt.failOn.delete(index);
      fail(excelError(injected, 'RequestContext.sync'));
    }
    if (this._blockedByCellEdit) {
      this._blockedByCellEdit = false;
      fail(excelError(ErrorCodes.invalidOperationInCellEditMode, 'RequestContext.sync'));
    }
    if (requestBytes > rt.limits.maxRequestBytes)
      fail(excelError(ErrorCodes.requestPayloadSizeLimitExceeded, 'RequestContext.sync'));

    const b = new Batch(rt);
    try {
      for (const a of actions) {
        try {
          a.exec(b);
        } catch (e) {
          if (e instanceof DoubleRichApiError && !e.debugInfo.errorLocation)
            e.debugInfo.errorLocation = a.label;
          throw e;
        }
      }
    } catch (e) {
      for (const o of b.resolvedNow) o._target = undefined;
      record.maxReadCells = b.maxReadCells;
      record.cellsFormatted = b.cellsFormatted;
      stats.cellsFormatted += b.cellsFormatted;
      stats.maxReadCells = Math.max(stats.maxReadCells, b.maxReadCells);
      if (e instanceof DoubleRichApiError) fail(e);
      stats.failedSyncs++;
      throw e;
    }
    rt.model.recalculate();
    record.maxReadCells = b.maxReadCells;
    record.cellsFormatted = b.cellsFormatted;
    record.responseBytes = b.responseBytes;
    stats.cellsFormatted += b.cellsFormatted;
    stats.maxReadCells = Math.max(stats.maxReadCells, b.maxReadCells);
    stats.totalResponseBytes += b.responseBytes;
    stats.maxResponseBytes = Math.max(stats.maxResponseBytes, b.responseBytes);
    if (b.responseBytes > rt.limits.maxResponseBytes) {
      for (const o of b.resolvedNow) o._target = undefined;
      fail(excelError(ErrorCodes.responsePayloadSizeLimitExceeded, 'RequestContext.sync'));
    }
    this._processing = true;
    try {
      for (const o of b.resolvedNow) o._isNull = o._target === NULL_OBJECT;
      for (const d of b.deliveries) d();
    } finally {
      this._processing = false;
    }
    record.ok = true;
    return pass;
  }
}

// ---------------------------------------------------------------------------------------------
// Client objects

/** Method arguments as they travel: a proxy argument is sent as an object-path reference. */
function wire(args: unknown[]): unknown[] {
  return args.map((a) => (a instanceof ClientObjectDouble ? { _ObjectPathId: 0 } : a));
}

const QUIET_MISSING = new Set([
  'then',
  'catch',
  'asymmetricMatch',
  'nodeType',
  'tagName',
  'nodeName',
  'inspect',
  'length',
  'jasmineToString',
  'hasAttribute',
  'getMockName',
  'mock',
  'prototype',
]);

function findDescriptor(obj: object, key: string): PropertyDescriptor | undefined {
  let o: object | null = obj;
  while (o) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d;
    o = Object.getPrototypeOf(o);
  }
  return undefined;
}

/**
 * Base of every proxy. Internal members start with '_'; everything else is Office.js API. Proxies
 * are wrapped so that reading an API member the double does not emulate, or writing a property
 * that does not exist or is read-only, throws instead of silently doing nothing.
 */
export abstract class ClientObjectDouble<T = unknown> {
  /** @internal */ _ctx: RequestContextDouble;
  /** @internal */ _parent: ClientObjectDouble | null;
  /** @internal */ _resolver: Resolver;
  /** @internal */ _target: Target<T> | undefined = undefined;
  /** @internal */ _isNull: boolean | undefined = undefined;
  /** @internal */ _loaded = new Map<string, unknown>();
  /** @internal */ _navCache = new Map<string, ClientObjectDouble>();
  /** @internal */ _items: ClientObjectDouble[] | undefined = undefined;

  constructor(
    ctx: RequestContextDouble,
    parent: ClientObjectDouble | null,
    resolver: Resolver,
    inst: InstantiateInfo | null,
  ) {
    this._ctx = ctx;
    this._parent = parent;
    this._resolver = resolver;
    const proxy = new Proxy(this, {
      get: (target, key, receiver) => {
        if (typeof key === 'symbol' || key.startsWith('_') || key in target)
          return Reflect.get(target, key, receiver);
        if (QUIET_MISSING.has(key) || key.startsWith('@@') || key.startsWith('$$')) return undefined;
        throw notEmulated(`${target._spec.name}.${key}`);
      },
      set: (target, key, value, receiver) => {
        if (typeof key === 'symbol' || key.startsWith('_')) return Reflect.set(target, key, value);
        const d = findDescriptor(target, key);
        if (d?.set) {
          d.set.call(receiver, value);
          return true;
        }
        if (d?.get) {
          throw excelError(
            'CannotUpdateReadOnlyProperty',
            `${target._spec.name}.${key}`,
            `The property '${key}' is read-only and it cannot be updated.`,
          );
        }
        throw notEmulated(`${target._spec.name}.${key}`, 'no such writable property in the double');
      },
    });
    if (inst && !ctx._processing) {
      ctx._enqueue({
        kind: 'instantiate',
        label: inst.label,
        payload: () => wire(inst.args),
        formatting: !!inst.formatting,
        exec: (b) => {
          const t = proxy._resolve(b);
          if (inst.formatting && t !== NULL_OBJECT) b.cellsFormatted += proxy._cells(t);
        },
      });
    }
    return proxy;
  }

  /** @internal */
  get _spec(): TypeSpec {
    return specOf(this.constructor as ProxyClass);
  }

  get context(): RequestContextDouble {
    return this._ctx;
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw propertyNotLoaded(this._spec.name, 'isNullObject');
    return this._isNull;
  }

  /** @internal Resolve the object this proxy stands for (at sync, in order). */
  _resolve(b: Batch): Target<T> {
    if (this._target !== undefined) {
      if (this._target !== NULL_OBJECT && this._spec.alive && !this._spec.alive(this._target)) {
        throw excelError(ErrorCodes.itemNotFound, this._spec.name);
      }
      return this._target;
    }
    const pt = this._parent ? this._parent._resolve(b) : b.model;
    const t = pt === NULL_OBJECT ? NULL_OBJECT : (this._resolver(pt, b) as Target<T>);
    this._target = t;
    b.resolvedNow.push(this);
    return t;
  }

  /** @internal */
  _cells(t: Target<T>): number {
    if (t === NULL_OBJECT) return 0;
    const f = this._spec.cells;
    return f ? f(t) : 0;
  }

  /** @internal Throws ApiNotFound when the configured host lacks ExcelApi 1.<minor>. */
  _api(member: string, minor: number): void {
    if (minor > this._ctx._rt.api.excelApiMinor) throw apiNotFound(member, `1.${minor}`);
  }

  /** @internal */
  _readProp(name: string): unknown {
    if (this._loaded.has(name)) return this._loaded.get(name);
    if (this._isNull) return undefined;
    throw propertyNotLoaded(this._spec.name, name);
  }

  /** @internal */
  _writeProp(p: PropSpec, value: unknown): void {
    const spec = this._spec;
    const v = p.setSince ?? p.since;
    if (v) this._api(`${spec.name}.${p.name}`, v);
    const formatting = spec.formatting || !!p.formatting;
    this._ctx._enqueue({
      kind: 'set',
      label: `${spec.name}.${p.name}`,
      payload: () => value,
      formatting,
      exec: (b) => {
        const t = this._resolve(b);
        if (t === NULL_OBJECT) return;
        p.set!(t, value, b, this);
        if (formatting) b.cellsFormatted += this._cells(t);
      },
    });
    this._loaded.set(p.name, value);
  }

  /** @internal Queue a method without a result. */
  _call(
    name: string,
    args: unknown[],
    exec: (t: T, b: Batch) => void,
    opts: { since?: number; formatting?: boolean } = {},
  ): void {
    const spec = this._spec;
    if (opts.since) this._api(`${spec.name}.${name}`, opts.since);
    const formatting = spec.formatting || !!opts.formatting;
    this._ctx._enqueue({
      kind: 'method',
      label: `${spec.name}.${name}`,
      payload: () => wire(args),
      formatting,
      exec: (b) => {
        const t = this._resolve(b);
        if (t === NULL_OBJECT) return;
        exec(t, b);
        if (formatting) b.cellsFormatted += this._cells(t);
      },
    });
  }

  /** @internal Queue a method returning a primitive (ClientResult). */
  _callResult<V>(
    name: string,
    args: unknown[],
    exec: (t: T, b: Batch) => V,
    opts: { since?: number } = {},
  ): ClientResultDouble<V> {
    const spec = this._spec;
    if (opts.since) this._api(`${spec.name}.${name}`, opts.since);
    const result = new ClientResultDouble<V>();
    this._ctx._enqueue({
      kind: 'method',
      label: `${spec.name}.${name}`,
      payload: () => wire(args),
      formatting: false,
      exec: (b) => {
        const t = this._resolve(b);
        const v = (t === NULL_OBJECT ? null : exec(t, b)) as V;
        b.responseBytes += jsonBytes(v);
        b.deliveries.push(() => result._deliver(v));
      },
    });
    return result;
  }

  /** @internal Create a proxy returned by a method of this object. */
  _create<C extends ClientObjectDouble>(
    cls: new (
      ctx: RequestContextDouble,
      parent: ClientObjectDouble | null,
      resolver: Resolver,
      inst: InstantiateInfo | null,
    ) => C,
    name: string,
    args: unknown[],
    resolver: (t: T, b: Batch) => Target<unknown>,
    opts: { since?: number; formatting?: boolean } = {},
  ): C {
    const spec = this._spec;
    if (opts.since) this._api(`${spec.name}.${name}`, opts.since);
    this._ctx._checkOpen(`${spec.name}.${name}`);
    return new cls(this._ctx, this, resolver as Resolver, {
      args,
      label: `${spec.name}.${name}`,
      formatting: !!opts.formatting,
    });
  }

  /** @internal Navigation property (cached, like office.js). */
  _nav(name: string): ClientObjectDouble {
    let c = this._navCache.get(name);
    if (c) return c;
    const nav = this._spec.navs.get(name)!;
    if (nav.since) this._api(`${this._spec.name}.${name}`, nav.since);
    if (!this._ctx._processing) this._ctx._checkOpen(`${this._spec.name}.${name}`);
    const cls = nav.cls();
    c = new cls(this._ctx, this, nav.resolve, { args: [], label: `${this._spec.name}.${name}` });
    this._navCache.set(name, c);
    return c;
  }

  load(option?: unknown): this {
    const spec = this._spec;
    const tree = parseLoadOption(option, spec);
    checkTreeApi(tree, spec, this);
    const paths = treePaths(tree);
    this._ctx._enqueue({
      kind: 'load',
      label: `${spec.name}.load`,
      payload: () => paths,
      formatting: false,
      exec: (b) => {
        const t = this._resolve(b);
        const res = runLoadTree(tree, spec, t, b, this);
        b.responseBytes += jsonBytes(resultJson(res));
        b.deliveries.push(() => this._deliver(res));
      },
    });
    return this;
  }

  /** @internal Apply a load result to this proxy and its children. */
  _deliver(res: LoadResult): void {
    if (this._target === undefined) this._target = res.target as Target<T>;
    this._isNull = res.isNull;
    if (res.isNull) return;
    for (const [k, v] of res.values) this._loaded.set(k, v);
    for (const [k, r] of res.navs) this._nav(k)._deliver(r);
    if (res.items) {
      const coll = this._spec.collection!;
      const itemCls = coll.itemCls();
      const prev = this._items ?? [];
      this._items = res.items.map((r, i) => {
        const reuse = prev[i] && prev[i]._target === r.target ? prev[i] : undefined;
        const item = reuse ?? new itemCls(this._ctx, this, () => r.target as Target<unknown>, null);
        item._target = r.target as Target<unknown>;
        item._deliver(r);
        return item;
      });
    }
  }

  /** office.js `set(properties)`: assign writable scalars and recurse into navigation objects. */
  set(properties: Record<string, unknown>, _options?: unknown): void {
    const spec = this._spec;
    for (const [k, v] of Object.entries(properties ?? {})) {
      const p = spec.props.get(k);
      if (p?.set) {
        this._writeProp(p, v);
        continue;
      }
      if (spec.navs.has(k) && v && typeof v === 'object') {
        this._nav(k).set(v as Record<string, unknown>);
        continue;
      }
      throw notEmulated(`${spec.name}.${k}`, 'not settable through set() in the double');
    }
  }

  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const [k, v] of this._loaded) o[k] = v;
    for (const [k, c] of this._navCache) {
      const j = c.toJSON();
      if (Object.keys(j).length) o[k] = j;
    }
    if (this._items) o.items = this._items.map((i) => i.toJSON());
    return o;
  }

  track(): this {
    return this;
  }
  untrack(): this {
    return this;
  }
}

/** Base of collections: `items` is readable after a load delivered it. */
export abstract class CollectionDouble<T = unknown> extends ClientObjectDouble<T> {
  get items(): ClientObjectDouble[] {
    if (this._items) return this._items;
    if (this._isNull) return [];
    throw propertyNotLoaded(this._spec.name, 'items');
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the proxy modules

/** Resolver for an item that must exist: throws ItemNotFound (like getItem) when `find` fails. */
export function mustFind<P, I>(
  find: (p: P, b: Batch) => I | undefined,
  where: string,
): (p: P, b: Batch) => I {
  return (p, b) => {
    const hit = find(p, b);
    if (hit === undefined) throw excelError(ErrorCodes.itemNotFound, where);
    return hit;
  };
}

/** Resolver for *OrNullObject methods. */
export function orNull<P, I>(find: (p: P, b: Batch) => I | undefined): (p: P, b: Batch) => Target<I> {
  return (p, b) => {
    const hit = find(p, b);
    return hit === undefined ? NULL_OBJECT : hit;
  };
}

/** Sheet-protection gate for an edit. */
export type EditKind =
  | 'contents'
  | 'formatCells'
  | 'formatColumns'
  | 'formatRows'
  | 'insertRows'
  | 'insertColumns'
  | 'deleteRows'
  | 'deleteColumns'
  | 'hyperlinks'
  | 'objects';

export function assertCanEdit(sheet: SheetModel, rect: Rect | null, kind: EditKind, where: string): void {
  const p = sheet.protection;
  if (!p.protected) return;
  const o = p.options;
  const allowed: Record<EditKind, boolean> = {
    contents: true,
    formatCells: o.allowFormatCells,
    formatColumns: o.allowFormatColumns,
    formatRows: o.allowFormatRows,
    insertRows: o.allowInsertRows,
    insertColumns: o.allowInsertColumns,
    deleteRows: o.allowDeleteRows,
    deleteColumns: o.allowDeleteColumns,
    hyperlinks: o.allowInsertHyperlinks,
    objects: o.allowEditObjects,
  };
  if (!allowed[kind]) throw excelError(ErrorCodes.accessDenied, where);
  if (kind === 'contents' && rect) {
    // Only unlocked cells may change on a protected sheet.
    if (rectCells(rect) > 2_000_000) throw excelError(ErrorCodes.accessDenied, where);
    for (let r = rect.r0; r <= rect.r1; r++) {
      for (let c = rect.c0; c <= rect.c1; c++) {
        if (sheet.styleAt(r, c).locked !== false) throw excelError(ErrorCodes.accessDenied, where);
      }
    }
  }
}

export function assertStructureEditable(model: WorkbookModel, where: string): void {
  if (model.protection.protected) throw excelError(ErrorCodes.accessDenied, where);
}
