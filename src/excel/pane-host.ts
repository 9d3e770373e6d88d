/**
 * Where the task pane runs: inside Office (the real `Excel` / `Office` globals), or inside the
 * playground, where the pane page is loaded in an iframe of playground.html and talks to the
 * in-memory Excel test double that page owns (src/playground/). The pane never touches the
 * globals directly: everything goes through a PaneHost.
 *
 * The playground bridge is used only when the page was opened with `?playground=1` AND its parent
 * is a same-origin page that installed `window.__kakariPlayground`. Inside Office the parent is a
 * different origin (or there is none), so reading it throws and the real globals are used.
 */
import type { ExcelHost, IsSetSupported } from './host';

/** The `Excel` namespace as the pane uses it (run + createWorkbook for the exports). */
export interface PaneExcel extends ExcelHost {
  createWorkbook?: (base64: string) => Promise<void>;
}

/** What the playground page exposes to the pane iframe (window.__kakariPlayground). */
export interface PlaygroundBridge {
  Excel: PaneExcel;
  displayLanguage: string;
  isSetSupported: IsSetSupported;
  /** Fixed as-of date (YYYY-MM-DD) so the playground is deterministic; null = today. */
  asOf: string | null;
  /** Called by the pane after each Excel.run it made, so the grid re-renders. */
  notify: () => void;
}

export const PLAYGROUND_GLOBAL = '__kakariPlayground';

export interface PaneHost {
  kind: 'office' | 'playground' | 'none';
  excel: PaneExcel;
  displayLanguage: string;
  isSetSupported: IsSetSupported;
  /** As-of date forced by the host (playground only); null = the pipeline's own precedence. */
  asOf: string | null;
  /** Tells the host the workbook may have changed (the playground re-renders its grid). */
  notify: () => void;
  /** Runs a batch with delayForCellEdit (SPEC §6.1) and tells the host afterwards. */
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

function makeHost(
  kind: PaneHost['kind'],
  excel: PaneExcel,
  displayLanguage: string,
  isSetSupported: IsSetSupported,
  asOf: string | null,
  notify: () => void,
): PaneHost {
  return {
    kind,
    excel,
    displayLanguage,
    isSetSupported,
    asOf,
    notify,
    async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
      try {
        return await excel.run({ delayForCellEdit: true }, batch);
      } finally {
        notify();
      }
    },
  };
}

/** The playground bridge of the parent page, or null. Never throws. */
export function playgroundBridge(win: Window = window): PlaygroundBridge | null {
  try {
    const params = new URLSearchParams(win.location.search);
    if (!params.has('playground')) return null;
    if (!win.parent || win.parent === win) return null;
    // Same-origin only: a cross-origin parent (Office on the web) throws here.
    const bridge = (win.parent as unknown as Record<string, unknown>)[PLAYGROUND_GLOBAL];
    if (!bridge || typeof bridge !== 'object') return null;
    return bridge as PlaygroundBridge;
  } catch {
    return null;
  }
}

export function hostFromBridge(b: PlaygroundBridge): PaneHost {
  return makeHost('playground', b.Excel, b.displayLanguage, b.isSetSupported, b.asOf, () => b.notify());
}

/** The real Office host (call after Office.onReady). */
export function officeHost(): PaneHost {
  const g = globalThis as { Excel?: PaneExcel; Office?: typeof Office };
  const office = g.Office;
  let lang = 'ja-JP';
  try {
    lang = office?.context?.displayLanguage || 'ja-JP';
  } catch {
    lang = 'ja-JP';
  }
  const isSetSupported: IsSetSupported = (name, version) => {
    try {
      return !!office?.context?.requirements?.isSetSupported(name, version);
    } catch {
      return false;
    }
  };
  if (!g.Excel) {
    const missing: PaneExcel = {
      run: () => Promise.reject(new Error('Excel is not available')),
    };
    return makeHost('none', missing, lang, isSetSupported, null, () => undefined);
  }
  const excel = g.Excel;
  const pane: PaneExcel = {
    run: (options, batch) => excel.run(options, batch),
    createWorkbook:
      typeof excel.createWorkbook === 'function' ? (b64) => excel.createWorkbook!(b64) : undefined,
  };
  return makeHost('office', pane, lang, isSetSupported, null, () => undefined);
}

/**
 * Resolves the host: the playground bridge at once, else waits for Office.onReady (with a
 * timeout when Office.js is missing, e.g. the page opened directly in a browser). Office.onReady
 * may take longer than the timeout on a slow start (SPEC §7 rev 2): the pane then shows the
 * "not in Excel" state, and when Office does answer, `onLateHost` receives the real host so the
 * pane can switch to it — a late Excel still becomes the host.
 */
export async function resolveHost(
  win: Window = window,
  timeoutMs = 10_000,
  onLateHost?: (host: PaneHost) => void,
): Promise<PaneHost> {
  const bridge = playgroundBridge(win);
  if (bridge) return hostFromBridge(bridge);
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== 'function') return officeHost();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ready = office.onReady().then(
    (i) => i as { host: Office.HostType | null } | null,
    () => null,
  );
  const info = await Promise.race([
    ready,
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    }),
  ]);
  if (timer !== undefined) clearTimeout(timer);
  if (info === 'timeout') {
    timedOut = true;
    void ready.then((late) => {
      if (timedOut && late && late.host) onLateHost?.(officeHost());
    });
    return { ...officeHost(), kind: 'none' };
  }
  const h = officeHost();
  if (!info || !info.host) return { ...h, kind: 'none' };
  return h;
}
