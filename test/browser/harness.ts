/**
 * Browser-test harness: builds the playground with the webpack Node API into a temp dir, serves it
 * with a tiny static server on 127.0.0.1 (random port), and launches the system's Debian Chromium
 * through playwright-core (never a downloaded browser). Pages opened with `openPage` record every
 * request, every `securitypolicyviolation` (in every frame) and every JS dialog.
 */
import * as fs from 'fs';
import * as http from 'http';
import { createRequire } from 'module';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import webpack from 'webpack';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';

// Found the usual ways (scripts/find-tools.js: $CHROMIUM_PATH, Playwright's own install, a system
// Chromium/Chrome/Edge); `npm test` installs Debian's chromium first when none is there.
const requireJs = createRequire(__filename);
const { findBrowser } = requireJs('../../scripts/find-tools.js') as { findBrowser(): string | null };
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || findBrowser() || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const ROOT = path.resolve(__dirname, '../..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'screenshots');
export const DOCS_IMAGES = path.join(ROOT, 'docs', 'images');

type ConfigFactory = (env: Record<string, unknown>, argv: { mode: string }) => Promise<webpack.Configuration>;

/** Fails with a clear message when Chromium is missing (CI installs it; these tests never skip). */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser tests need the system Chromium ` +
        '(Debian/Ubuntu: `apt-get install -y chromium`, which `npm test` does itself as root; or set CHROMIUM_PATH). They never download a browser.',
    );
  }
}

export interface Built {
  dir: string;
  ms: number;
}

/** Builds the playground (production mode, like the deployed pane, unminified) into a temp dir. */
export async function buildPlayground(mode: 'production' | 'development' = 'production'): Promise<Built> {
  const factory = jest.requireActual<ConfigFactory>('../../webpack.config.js');
  const config = await factory({ WEBPACK_BUILD: true, playground: true }, { mode });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-playground-test-'));
  config.output = { ...config.output, path: dir };
  config.infrastructureLogging = { level: 'error' };
  config.performance = { hints: false };
  // Production chunks and modules, without Terser (about a minute on a small machine; the minified
  // output is checked by test/build/webpack.test.ts). Terser adds no eval, so the CSP checks hold.
  config.optimization = { ...config.optimization, minimize: false };
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const compiler = webpack(config);
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) return reject(err);
      if (!stats || stats.hasErrors()) {
        return reject(
          new Error(
            JSON.stringify(
              stats?.toJson({ all: false, errors: true }).errors?.map((e) => e.message),
              null,
              2,
            ),
          ),
        );
      }
      resolve();
    });
  });
  return { dir, ms: Date.now() - started };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.txt': 'text/plain; charset=utf-8',
};

export interface Served {
  origin: string;
  close: () => Promise<void>;
}

/** A tiny static file server for `dir` on 127.0.0.1 and a random port. */
export async function serveDir(dir: string): Promise<Served> {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rel = decodeURIComponent(url.pathname === '/' ? '/playground.html' : url.pathname);
      const file = path.resolve(root, `.${rel}`);
      if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      fs.createReadStream(file).pipe(res);
    } catch {
      res.writeHead(400);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface CspViolation {
  frame: string;
  directive: string;
  blocked: string;
  source: string;
}

export interface Watched {
  page: Page;
  /** Every URL the page (any frame) requested. */
  requests: string[];
  /** JS dialogs (alert/confirm/prompt) that opened: an injected script would show here. */
  dialogs: string[];
  /** Console errors (CSP refusals are logged here too). */
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to anything but this origin (data: and blob: URLs are local). */
  outside(): string[];
  /** securitypolicyviolation events of every frame. */
  violations(): Promise<CspViolation[]>;
}

/** Collects securitypolicyviolation events in every frame, from before any script runs. */
const CSP_LISTENER = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile + ':' + e.lineNumber });
  });
})();`;

export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1360, height: 860 },
): Promise<Watched> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  await page.addInitScript({ content: CSP_LISTENER });
  const requests: string[] = [];
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const origin = new URL(url).origin;
  await page.goto(url);
  return {
    page,
    requests,
    dialogs,
    consoleErrors,
    pageErrors,
    outside: () =>
      requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        const parsed = new URL(u);
        return parsed.origin !== origin || !['127.0.0.1', 'localhost'].includes(parsed.hostname);
      }),
    violations: async () => {
      const out: CspViolation[] = [];
      for (const f of page.frames()) {
        const list = (await f.evaluate('window.__cspViolations || []').catch(() => [])) as Omit<
          CspViolation,
          'frame'
        >[];
        for (const v of list) out.push({ frame: f.url(), ...v });
      }
      return out;
    },
  };
}

/** The task pane's frame inside the playground, once its app has rendered. */
export async function paneFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-testid="pane-frame"]', { timeout: 60_000 });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the pane iframe has no frame');
  await frame.waitForSelector('[data-testid="recalc"]', { timeout: 60_000 });
  return frame;
}

/** Waits until the pane has finished detecting the inputs. */
export async function waitForDetection(frame: Frame): Promise<void> {
  await frame.waitForSelector('li[data-role="doctors"]', { timeout: 60_000 });
}

export function saveScreenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}

/**
 * Copies a screenshot to docs/images/ for the README: when missing there, or always when
 * UPDATE_DOCS_SCREENSHOTS=1 (so ordinary test runs do not churn the tracked images).
 */
export function publishScreenshot(name: string): void {
  const from = path.join(SCREENSHOT_DIR, name);
  const to = path.join(DOCS_IMAGES, name);
  if (!fs.existsSync(from)) return;
  if (fs.existsSync(to) && process.env.UPDATE_DOCS_SCREENSHOTS !== '1') return;
  fs.mkdirSync(DOCS_IMAGES, { recursive: true });
  fs.copyFileSync(from, to);
}

// ---------------------------------------------------------------------------------------------
// What every browser suite shares
// ---------------------------------------------------------------------------------------------

/** One suite's playground: built, served and a browser launched before its tests, closed after. */
export interface PlaygroundSuite {
  /** The build directory (the served files, sample.xlsx among them). */
  dir(): string;
  /** Opens a served page ('playground.html?…', 'dialog.html?…'); it is closed after the suite. */
  open(pathAndQuery: string, viewport?: { width: number; height: number }): Promise<Watched>;
}

/** Registers the suite's beforeAll (build, serve, launch) and afterAll (close everything). */
export function playgroundSuite(opts: { logBuild?: boolean } = {}): PlaygroundSuite {
  let built: Built | null = null;
  let served: Served | null = null;
  let browser: Browser | null = null;
  const opened: Watched[] = [];
  beforeAll(async () => {
    requireChromium();
    built = await buildPlayground('production');
    if (opts.logBuild) console.log(`playground build: ${(built.ms / 1000).toFixed(1)} s in ${built.dir}`);
    served = await serveDir(built.dir);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const w of opened)
      await w.page
        .context()
        .close()
        .catch(() => undefined);
    await browser?.close();
    await served?.close();
    if (built) fs.rmSync(built.dir, { recursive: true, force: true });
  });
  return {
    dir: () => built!.dir,
    open: async (pathAndQuery, viewport) => {
      const w = await openPage(browser!, `${served!.origin}/${pathAndQuery}`, viewport);
      opened.push(w);
      return w;
    },
  };
}

/** The security checks every page must pass. */
export async function expectClean(w: Watched): Promise<void> {
  expect(await w.violations()).toEqual([]);
  expect(w.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
  expect(w.outside()).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(w.pageErrors).toEqual([]);
}

/**
 * Clicks `target` and returns once the element itself received the click. Playwright computes the
 * click point in the top page's coordinates and checks what is under it before dispatching; twice
 * in loaded fresh-clone CI runs (2026-12-07) a click on an input problem never reached its button
 * (the double's selection stayed where it was, the pane said nothing), although the same steps
 * passed 40 of 40 times on the same machine under load 8–12. So the element counts the clicks it
 * receives, and a click it never received is repeated (at most 3 attempts), with a line in the log.
 * What the click does is still asserted by the caller; a click that arrived and did nothing fails.
 */
export async function clickReceived(target: Locator, what: string): Promise<void> {
  await target.evaluate((el) => {
    const e = el as HTMLElement & { __kakariHits?: number };
    if (e.__kakariHits === undefined) {
      e.__kakariHits = 0;
      e.addEventListener('click', () => (e.__kakariHits = (e.__kakariHits ?? 0) + 1), { capture: true });
    }
  });
  const hits = () =>
    target.evaluate((el) => (el as HTMLElement & { __kakariHits?: number }).__kakariHits ?? 0);
  const before = await hits();
  for (let attempt = 1; attempt <= 3; attempt++) {
    await target.click();
    if ((await poll(hits, (n) => n > before, 3_000)) > before) return;
    console.warn(`${what}: click ${attempt} did not reach the element; clicking again`);
  }
  throw new Error(`${what}: three clicks never reached the element`);
}

/** Polls `get` until `ok` (or the timeout) and returns the last value. */
export async function poll<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let v = await get();
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    v = await get();
  }
  return v;
}

/** The double's selection as "sheet!A1" (top-left cell of the selected range). */
export async function selectionOf(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const dbl = (
      window as unknown as {
        __kakariDouble: {
          state: { selection: { sheet: { name: string }; rect: { r0: number; c0: number } } | null };
        };
      }
    ).__kakariDouble;
    const sel = dbl.state.selection;
    if (!sel) return null;
    let c = sel.rect.c0 + 1;
    let letters = '';
    while (c > 0) {
      const r = (c - 1) % 26;
      letters = String.fromCharCode(65 + r) + letters;
      c = Math.floor((c - 1) / 26);
    }
    return `${sel.sheet.name}!${letters}${sel.rect.r0 + 1}`;
  });
}
