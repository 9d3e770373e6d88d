/**
 * Production build checks (webpack Node API, real webpack.config.js, output in a temp dir):
 *   - dist/ has the pages, the rewritten manifest and the icons;
 *   - every page carries SPEC §7's CSP verbatim, before any script, and loads only 'self' + Office.js;
 *   - no eval / new Function / Function(...) in the emitted first-load JS (CSP has no 'unsafe-eval');
 *   - the task pane's first-load JS is ≤ 400 KB gzipped (SPEC §7), and a dynamically imported
 *     ExcelJS stays out of the first load;
 *   - the development build does not use eval either.
 * Takes ~10-30 s (two production builds, one without minification, and one development build).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import webpack from 'webpack';
import { assertValidAgainstXsd } from '../helpers/xsd';
import { EXCEL_DOUBLE_MARKS, excelDoubleSourceHoldsMarks } from '../helpers/excel-double-marks';

// The CSP is pinned once, in docs/security.md (SPEC §7 verbatim); the schemas are kept in the repository.
const SECURITY_DOC = path.resolve(__dirname, '../../docs/security.md');
const SCHEMA = path.resolve(__dirname, '../manifest/schemas/OfficeAppManifestV1_1.xsd');
const PROD_URL = 'https://addins.example.org/kakari-roster/';
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const FIRST_LOAD_BUDGET = 400 * 1024; // gzipped bytes, SPEC §7
const CSP =
  "default-src 'self'; script-src 'self' https://appsforoffice.microsoft.com https://ajax.aspnetcdn.com; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
  "object-src 'none'; base-uri 'none'";
/** Code that needs 'unsafe-eval'. `[^.\w$]Function(` is the global Function constructor called without `new`. */
const DYNAMIC_CODE = /\beval\s*\(|\bnew\s+Function\s*\(|(?:^|[^.\w$])Function\s*\(/;

type ConfigFactory = (env: Record<string, unknown>, argv: { mode: string }) => Promise<webpack.Configuration>;
const configFactory = jest.requireActual<ConfigFactory>('../../webpack.config.js');

interface BuildResult {
  dir: string;
  stats: webpack.StatsCompilation;
  ms: number;
}

async function build(
  mode: 'production' | 'development',
  tweak: (c: webpack.Configuration) => void = () => undefined,
): Promise<BuildResult> {
  const previous = process.env.ADDIN_PUBLIC_URL;
  process.env.ADDIN_PUBLIC_URL = PROD_URL;
  let config: webpack.Configuration;
  try {
    config = await configFactory({ WEBPACK_BUILD: true }, { mode });
  } finally {
    if (previous === undefined) delete process.env.ADDIN_PUBLIC_URL;
    else process.env.ADDIN_PUBLIC_URL = previous;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kakari-build-${mode}-`));
  config.output = { ...config.output, path: dir };
  config.infrastructureLogging = { level: 'error' };
  tweak(config);
  const started = Date.now();
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    const compiler = webpack(config);
    compiler.run((err, result) => {
      compiler.close(() => undefined);
      if (err || !result) reject(err ?? new Error('no stats'));
      else resolve(result);
    });
  });
  const json = stats.toJson({
    all: false,
    assets: true,
    chunks: true,
    chunkModules: true,
    nestedModules: true,
    source: true,
    entrypoints: true,
    errors: true,
    warnings: true,
    ids: true,
  });
  if (stats.hasErrors()) throw new Error(JSON.stringify(json.errors?.map((e) => e.message), null, 2));
  return { dir, stats: json, ms: Date.now() - started };
}

function entryJs(stats: webpack.StatsCompilation, entry: string): string[] {
  const ep = stats.entrypoints?.[entry];
  if (!ep) throw new Error(`no entrypoint ${entry}`);
  return (ep.assets ?? []).map((a) => a.name).filter((n) => n.endsWith('.js'));
}

function gzipSize(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file)).length;
}

/** Tags as { name, attrs } with quoted or unquoted attribute values (the built HTML is minified). */
function tags(html: string, name: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const tagRe = new RegExp(`<${name}\\b([^>]*)>`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(html))) {
    const attrs: Record<string, string> = {};
    const attrRe = /([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
    let a: RegExpExecArray | null;
    while ((a = attrRe.exec(m[1]))) attrs[a[1].toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    out.push({ ...attrs, '#index': String(m.index) });
  }
  return out;
}

interface StatsModuleLike {
  name?: string;
  source?: string | Buffer;
  modules?: StatsModuleLike[];
}

function flattenModules(mods: StatsModuleLike[] = []): StatsModuleLike[] {
  return mods.flatMap((m) => (m.modules && m.modules.length ? flattenModules(m.modules) : [m]));
}

/** For each emitted JS file: the dynamic-code snippets it contains and the modules they come from. */
function scanDynamicCode(res: BuildResult) {
  const findings: { file: string; initial: boolean; snippets: string[]; modules: string[] }[] = [];
  for (const chunk of res.stats.chunks ?? []) {
    for (const file of (chunk.files ?? []).filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(path.join(res.dir, file), 'utf8');
      const global = new RegExp(DYNAMIC_CODE.source, 'g');
      const snippets = [...code.matchAll(global)].map((m) => code.slice(Math.max(0, m.index - 40), m.index + 40));
      if (snippets.length === 0) continue;
      const modules = flattenModules(chunk.modules as StatsModuleLike[])
        .filter((m) => DYNAMIC_CODE.test(String(m.source ?? '')))
        .map((m) => m.name ?? '?');
      findings.push({ file, initial: Boolean(chunk.initial), snippets, modules });
    }
  }
  return findings;
}

async function xmllintValidate(file: string): Promise<void> {
  await assertValidAgainstXsd(file, SCHEMA);
}

describe('production build (webpack.config.js)', () => {
  let prod: BuildResult;

  // A minified production build takes about a minute on a quiet 2-core machine; allow for a busy one.
  beforeAll(async () => {
    prod = await build('production');
    console.log(`production build: ${(prod.ms / 1000).toFixed(1)} s`);
  }, 600_000);

  afterAll(() => {
    if (prod) fs.rmSync(prod.dir, { recursive: true, force: true });
  });

  test('the CSP in these tests is the one pinned in docs/security.md (SPEC §7 verbatim)', () => {
    const doc = fs.readFileSync(SECURITY_DOC, 'utf8');
    const m = /Content-Security-Policy\*\*[^`]*```\s*([^`]+?)\s*```/.exec(doc);
    expect(m?.[1].replace(/\s+/g, ' ').trim()).toBe(CSP);
  });

  test('dist has the pages, the rewritten manifest and the icons', () => {
    for (const f of ['taskpane.html', 'commands.html', 'dialog.html', 'manifest.xml', 'assets/support.html']) {
      expect({ f, exists: fs.existsSync(path.join(prod.dir, f)) }).toEqual({ f, exists: true });
    }
    for (const size of [16, 32, 64, 80, 128]) {
      expect(fs.existsSync(path.join(prod.dir, 'assets', `icon-${size}.png`))).toBe(true);
    }
    for (const size of [16, 32, 80]) {
      expect(fs.existsSync(path.join(prod.dir, 'assets', `recalc-${size}.png`))).toBe(true);
    }
    // Playground-only files stay out of production builds.
    expect(fs.existsSync(path.join(prod.dir, 'office-js'))).toBe(false);
  });

  test('dist/manifest.xml points at ADDIN_PUBLIC_URL, has no localhost and validates', async () => {
    const file = path.join(prod.dir, 'manifest.xml');
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml).not.toMatch(/localhost/i);
    expect(xml).toContain(`${PROD_URL}taskpane.html`);
    expect(xml).toContain(`${PROD_URL}commands.html`);
    expect(xml).toContain(`${PROD_URL}assets/icon-32.png`);
    await xmllintValidate(file);
  });

  test.each(['taskpane.html', 'commands.html', 'dialog.html', 'assets/support.html'])(
    '%s carries the CSP before any script, lang="ja" and a title',
    (page) => {
      const html = fs.readFileSync(path.join(prod.dir, page), 'utf8');
      const metas = tags(html, 'meta').filter((t) => t['http-equiv']?.toLowerCase() === 'content-security-policy');
      expect(metas.map((t) => t.content)).toEqual([CSP]);
      const firstScript = tags(html, 'script')[0];
      if (firstScript) expect(Number(metas[0]['#index'])).toBeLessThan(Number(firstScript['#index']));
      expect(tags(html, 'html')[0].lang).toBe('ja');
      expect(html).toMatch(/<title>[^<]+<\/title>/);
      expect(html).not.toMatch(/<base\b/i);
    },
  );

  test.each(['taskpane', 'commands'])('%s.html loads Office.js from the CDN first, then only its own chunks', (name) => {
    const html = fs.readFileSync(path.join(prod.dir, `${name}.html`), 'utf8');
    const scripts = tags(html, 'script').map((t) => t.src);
    expect(scripts[0]).toBe(OFFICE_JS_CDN);
    expect(scripts.slice(1).sort()).toEqual(entryJs(prod.stats, name).sort());
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/); // no inline scripts
  });

  test('no eval / new Function in the first-load JS of any page; dynamic code elsewhere is vendor-only', () => {
    const findings = scanDynamicCode(prod);
    if (findings.length) console.log('dynamic code found in emitted JS:\n' + JSON.stringify(findings, null, 2));
    expect(findings.filter((f) => f.initial)).toEqual([]);
    const firstParty = findings.filter((f) => f.modules.some((m) => !m.includes('node_modules')));
    expect(firstParty).toEqual([]);
  });

  test('task pane first-load JS is ≤ 400 KB gzipped (SPEC §7)', () => {
    const files = entryJs(prod.stats, 'taskpane');
    const sizes = files.map((f) => ({ f, raw: fs.statSync(path.join(prod.dir, f)).size, gz: gzipSize(path.join(prod.dir, f)) }));
    const total = sizes.reduce((s, x) => s + x.gz, 0);
    console.log(
      `taskpane first load: ${(total / 1024).toFixed(1)} KB gzipped ` +
        `(${(sizes.reduce((s, x) => s + x.raw, 0) / 1024).toFixed(1)} KB raw) in ${files.length} files; ` +
        `office.js from the CDN not counted\n` +
        sizes.map((x) => `  ${x.f}: ${(x.gz / 1024).toFixed(1)} KB gz`).join('\n'),
    );
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
  });

  // ExcelJS is not in the pane at all (issue 13 item 4, issue 14 item 3): the exports use the own package writer.
  test('ExcelJS: neither the first-load bundle nor any lazy chunk of the production build holds ExcelJS', () => {
    const chunks = prod.stats.chunks ?? [];
    // Production concatenates modules (their names are not kept), so look at the emitted code:
    // ExcelJS's own messages survive minification.
    const EXCELJS_MARKS = ['Worksheet name already exists', 'Invalid Address', 'exceljs'];
    const js = chunks.flatMap((c) => (c.files ?? []).filter((f) => f.endsWith('.js')).map((f) => ({ f, initial: !!c.initial })));
    expect(js.some((x) => !x.initial)).toBe(true);
    for (const { f } of js) {
      const code = fs.readFileSync(path.join(prod.dir, f), 'utf8');
      for (const mark of EXCELJS_MARKS) expect(`${f}: ${code.includes(mark)}`).toBe(`${f}: false`);
    }
    // The export chunk (webpackChunkName "export") is lazy and holds the own package writer.
    const exportJs = js.filter((x) => /^export\./.test(x.f));
    expect(exportJs.map((x) => x.initial)).toEqual([false]);
  });

  // The Excel test double (packages/excel-double, issue 13 item 5) is development-only: the
  // playground imports it, the add-in never does.
  test('the Excel test double is in no chunk of the production build', () => {
    expect(excelDoubleSourceHoldsMarks()).toEqual(Object.fromEntries(EXCEL_DOUBLE_MARKS.map((m) => [m, true])));
    const chunks = prod.stats.chunks ?? [];
    const modules = chunks.flatMap((c) => flattenModules(c.modules as StatsModuleLike[]).map((m) => m.name ?? ''));
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((m) => /excel-double/.test(m))).toEqual([]);
    for (const f of chunks.flatMap((c) => (c.files ?? []).filter((x) => x.endsWith('.js')))) {
      const code = fs.readFileSync(path.join(prod.dir, f), 'utf8');
      expect({ f, marks: EXCEL_DOUBLE_MARKS.filter((m) => code.includes(m)) }).toEqual({ f, marks: [] });
    }
  });
});

describe('code splitting', () => {
  test('a dynamically imported ExcelJS stays out of the task pane first load', async () => {
    const fixture = path.join(__dirname, 'fixtures', 'lazy-exceljs.ts');
    const res = await build('production', (c) => {
      c.entry = { ...(c.entry as Record<string, string>), taskpane: fixture };
      c.optimization = { ...c.optimization, minimize: false }; // speed; chunking is the same
    });
    try {
      const chunks = res.stats.chunks ?? [];
      const withExcelJs = chunks.filter((c) =>
        flattenModules(c.modules as StatsModuleLike[]).some((m) => /node_modules[\\/]exceljs[\\/]/.test(m.name ?? '')),
      );
      expect(withExcelJs.length).toBeGreaterThan(0);
      expect(withExcelJs.filter((c) => c.initial)).toEqual([]);
      const initialFiles = entryJs(res.stats, 'taskpane');
      for (const c of withExcelJs) for (const f of c.files ?? []) expect(initialFiles).not.toContain(f);
      console.log(`lazy ExcelJS fixture build: ${(res.ms / 1000).toFixed(1)} s; async chunk(s): ${withExcelJs.flatMap((c) => c.files).join(', ')}`);
    } finally {
      fs.rmSync(res.dir, { recursive: true, force: true });
    }
  });
});

describe('development build', () => {
  test('uses no eval (devtool source-map), so the CSP holds in development too', async () => {
    const res = await build('development');
    try {
      const js = (res.stats.assets ?? []).map((a) => a.name).filter((n) => n.endsWith('.js'));
      expect(js.length).toBeGreaterThan(0);
      // The devtool adds no eval; the lazily loaded ExcelJS chunk carries vendor fallbacks such as
      // Function("return this") that never run in a browser, as in production: none may be first-load
      // or first-party.
      const findings = scanDynamicCode(res);
      expect(findings.filter((f) => f.initial)).toEqual([]);
      expect(findings.filter((f) => f.modules.some((m) => !m.includes('node_modules')))).toEqual([]);
      expect(findings.every((f) => f.snippets.every((sn) => !/\beval\s*\(/.test(sn)))).toBe(true);
      expect(js.every((f) => fs.existsSync(path.join(res.dir, `${f}.map`)))).toBe(true);
      for (const page of ['taskpane.html', 'commands.html', 'dialog.html']) {
        const html = fs.readFileSync(path.join(res.dir, page), 'utf8');
        const metas = tags(html, 'meta').filter((t) => t['http-equiv']?.toLowerCase() === 'content-security-policy');
        expect({ page, csp: metas.map((t) => t.content) }).toEqual({ page, csp: [CSP] });
      }
    } finally {
      fs.rmSync(res.dir, { recursive: true, force: true });
    }
  });
});
