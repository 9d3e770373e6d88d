/**
 * manifest.xml checks that XSD validation cannot do (see test/manifest/schemas/README.md):
 *   - XSD validity against Microsoft's manifest schemas, with libxml2 as WebAssembly (npm xmllint-wasm);
 *   - every resid resolves to a resource of the right kind, every resource is used;
 *   - every URL is HTTPS and, in the source manifest, on the dev server;
 *   - icon URLs map to PNG files under assets/ with the declared pixel size (read from IHDR);
 *   - permissions, requirement set, host, ribbon layout, function name, en-US overrides;
 *   - the production rewrite (scripts/manifest-url.js) leaves no localhost and stays valid.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { getOfficeAppsForManifestHosts } from 'office-addin-manifest';
import { assertValidAgainstXsd } from '../helpers/xsd';

const ROOT = path.resolve(__dirname, '../..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
// Microsoft's manifest schemas, kept in the repository (source and repairs in schemas/README.md).
const SCHEMA = path.join(__dirname, 'schemas', 'OfficeAppManifestV1_1.xsd');
const ADDIN_ID = '82921d8d-4df6-4b8e-9f8f-6dff1cbad963';

interface ManifestUrlModule {
  DEV_URL: string;
  DEFAULT_PROD_URL: string;
  normalizeBaseUrl(url: string): string;
  rewriteManifestUrls(xml: string, prodUrl?: string): string;
}
interface MakeIconsModule {
  renderIcons(): Record<string, Buffer>;
}
// Plain CommonJS helpers shared with webpack.config.js (no .d.ts; the tsconfig has no allowJs).
const requireJs = createRequire(__filename);
const manifestUrl = requireJs('../../scripts/manifest-url.js') as ManifestUrlModule;
const makeIcons = requireJs('../../scripts/make-icons.js') as MakeIconsModule;
const DEV_URL = manifestUrl.DEV_URL;

// ---------------------------------------------------------------------------------------------
// A small DOM-free XML parser: elements, attributes, text; comments, PIs and CDATA handled.
// ---------------------------------------------------------------------------------------------

interface XmlElement {
  name: string; // qualified name as written, e.g. "bt:Image"
  local: string; // local name, e.g. "Image"
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  parent: XmlElement | null;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] as string;
  });
}

function parseXml(xml: string): XmlElement {
  const doc: XmlElement = {
    name: '#document',
    local: '#document',
    attrs: {},
    children: [],
    text: '',
    parent: null,
  };
  let current = doc;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      current.text += decodeEntities(xml.slice(i));
      break;
    }
    current.text += decodeEntities(xml.slice(i, lt));
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0) throw new Error('unterminated CDATA');
      current.text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', lt);
      i = end + 1;
    } else if (xml.startsWith('</', lt)) {
      const end = xml.indexOf('>', lt);
      const name = xml.slice(lt + 2, end).trim();
      if (name !== current.name) throw new Error(`mismatched </${name}>, expected </${current.name}>`);
      current = current.parent as XmlElement;
      i = end + 1;
    } else {
      // Find the tag end, skipping '>' inside quoted attribute values.
      let j = lt + 1;
      let quote = '';
      for (; j < xml.length; j++) {
        const c = xml[j];
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      let body = xml.slice(lt + 1, j);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const nameMatch = /^[^\s/>]+/.exec(body);
      if (!nameMatch) throw new Error(`bad tag at ${lt}`);
      const name = nameMatch[0];
      const attrs: Record<string, string> = {};
      const attrRe = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      let m: RegExpExecArray | null;
      const rest = body.slice(name.length);
      while ((m = attrRe.exec(rest))) attrs[m[1]] = decodeEntities(m[2] ?? m[3]);
      const el: XmlElement = {
        name,
        local: name.includes(':') ? name.slice(name.indexOf(':') + 1) : name,
        attrs,
        children: [],
        text: '',
        parent: current,
      };
      current.children.push(el);
      if (!selfClosing) current = el;
      i = j + 1;
    }
  }
  if (current !== doc) throw new Error(`unclosed <${current.name}>`);
  return doc.children[0];
}

function descendants(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

function byLocal(el: XmlElement, local: string): XmlElement[] {
  return descendants(el).filter((e) => e.local === local);
}

function child(el: XmlElement, local: string): XmlElement {
  const found = el.children.filter((c) => c.local === local);
  if (found.length !== 1) throw new Error(`<${el.name}> has ${found.length} <${local}> children, expected 1`);
  return found[0];
}

function ancestorLocals(el: XmlElement): string[] {
  const out: string[] = [];
  for (let p = el.parent; p; p = p.parent) out.push(p.local);
  return out;
}

// ---------------------------------------------------------------------------------------------
// PNG reading (signature, chunk CRCs, IHDR, decompressed size)
// ---------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t: number[] = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t.push(c >>> 0);
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Parses and checks a PNG file; returns its size. Throws with the reason if it is not a valid PNG. */
function readPng(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!buf.subarray(0, 8).equals(sig)) throw new Error(`${file}: not a PNG (bad signature)`);
  let off = 8;
  const chunks: { type: string; data: Buffer }[] = [];
  while (off < buf.length) {
    if (off + 12 > buf.length) throw new Error(`${file}: truncated chunk`);
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    const crc = buf.readUInt32BE(off + 8 + len);
    if (crc32(buf.subarray(off + 4, off + 8 + len)) !== crc) throw new Error(`${file}: bad CRC in ${type}`);
    chunks.push({ type, data });
    off += 12 + len;
  }
  if (chunks[0]?.type !== 'IHDR') throw new Error(`${file}: first chunk is not IHDR`);
  if (chunks[chunks.length - 1].type !== 'IEND') throw new Error(`${file}: last chunk is not IEND`);
  const ihdr = chunks[0].data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8];
  const colourType = ihdr[9];
  const channels: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
  if (!(colourType in channels) || ihdr[12] !== 0)
    throw new Error(`${file}: unsupported colour type/interlace`);
  const raw = zlib.inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = Math.ceil((width * channels[colourType] * bitDepth) / 8);
  if (raw.length !== height * (stride + 1)) throw new Error(`${file}: image data has the wrong length`);
  return { width, height };
}

// ---------------------------------------------------------------------------------------------
// XSD validation
// ---------------------------------------------------------------------------------------------

async function xmllintValidate(file: string): Promise<void> {
  await assertValidAgainstXsd(file, SCHEMA);
}

// ---------------------------------------------------------------------------------------------

const xml = fs.readFileSync(MANIFEST, 'utf8');
const root = parseXml(xml);
const versionOverrides = child(root, 'VersionOverrides');
const resources = child(versionOverrides, 'Resources');

type ResourceKind = 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings';
const RESOURCE_KINDS: ResourceKind[] = ['Images', 'Urls', 'ShortStrings', 'LongStrings'];

function resourcesOf(kind: ResourceKind): Map<string, XmlElement> {
  const map = new Map<string, XmlElement>();
  const group = resources.children.find((c) => c.local === kind);
  for (const r of group?.children ?? []) {
    if (map.has(r.attrs.id)) throw new Error(`duplicate resource id ${r.attrs.id} in ${kind}`);
    map.set(r.attrs.id, r);
  }
  return map;
}
const defined = new Map(RESOURCE_KINDS.map((k) => [k, resourcesOf(k)] as const));
function kindMap(kind: ResourceKind): Map<string, XmlElement> {
  return defined.get(kind) ?? new Map<string, XmlElement>();
}

/** Which resource kind a resid on this element must point at. */
function expectedKind(el: XmlElement): ResourceKind {
  switch (el.local) {
    case 'Image':
      return 'Images';
    case 'SourceLocation':
    case 'FunctionFile':
    case 'LearnMoreUrl':
      return 'Urls';
    case 'Label':
    case 'Title':
      return 'ShortStrings';
    case 'Description':
      return 'LongStrings';
    default:
      throw new Error(`no known resource kind for resid on <${el.name}>`);
  }
}

function resolve(el: XmlElement): XmlElement {
  const kind = expectedKind(el);
  const res = kindMap(kind).get(el.attrs.resid);
  if (!res)
    throw new Error(`<${el.name} resid="${el.attrs.resid}"> does not resolve to a bt:${kind} resource`);
  return res;
}

const residElements = descendants(root).filter((e) => 'resid' in e.attrs);

/** Every (element, attribute, value) that carries a URL. */
function urlValues(doc: XmlElement): { where: string; url: string }[] {
  const out: { where: string; url: string }[] = [];
  const urlSettings = ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl'];
  for (const e of descendants(doc)) {
    const parentLocal = e.parent?.local ?? '';
    const isTopLevelUrl = urlSettings.includes(e.local) && parentLocal === 'OfficeApp';
    const isDefaultSource = e.local === 'SourceLocation' && parentLocal === 'DefaultSettings';
    const isResource =
      (e.local === 'Image' || e.local === 'Url') && (parentLocal === 'Images' || parentLocal === 'Urls');
    if (isTopLevelUrl || isDefaultSource || isResource) {
      out.push({ where: `<${e.name}> DefaultValue`, url: e.attrs.DefaultValue });
      for (const o of e.children.filter((c) => c.local === 'Override')) {
        out.push({ where: `<${e.name}> Override ${o.attrs.Locale}`, url: o.attrs.Value });
      }
    }
    if (e.local === 'AppDomain') out.push({ where: '<AppDomain>', url: e.text.trim() });
  }
  return out;
}

function assetFileFor(url: string): string {
  expect(url.startsWith(DEV_URL)).toBe(true);
  return path.join(ROOT, url.slice(DEV_URL.length));
}

function hasJapanese(s: string): boolean {
  return /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/.test(s);
}

describe('manifest.xml: schema', () => {
  test('validates against OfficeAppManifestV1_1.xsd (libxml2, WebAssembly)', async () => {
    await xmllintValidate(MANIFEST);
  });

  test('is a TaskPaneApp with the fixed Id, ja-JP default locale and the agreed names', () => {
    expect(root.local).toBe('OfficeApp');
    expect(root.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(child(root, 'Id').text.trim()).toBe(ADDIN_ID);
    expect(child(root, 'ProviderName').text.trim()).toBe('かかりつけロスター開発チーム');
    expect(child(root, 'DefaultLocale').text.trim()).toBe('ja-JP');
    expect(child(root, 'DisplayName').attrs.DefaultValue).toBe('かかりつけロスター');
    expect(versionOverrides.attrs['xsi:type']).toBe('VersionOverridesV1_0');
  });
});

describe('manifest.xml: resources', () => {
  test('every resid resolves to a defined resource of the right kind', () => {
    expect(residElements.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const el of residElements) {
      try {
        resolve(el);
      } catch (e) {
        problems.push((e as Error).message);
      }
      if (el.attrs.resid.length > 32) problems.push(`resid "${el.attrs.resid}" is longer than 32 characters`);
    }
    expect(problems).toEqual([]);
  });

  test('every defined resource is used', () => {
    const used = new Set(residElements.map((e) => `${expectedKind(e)}/${e.attrs.resid}`));
    const unused: string[] = [];
    for (const [kind, map] of defined)
      for (const id of map.keys()) if (!used.has(`${kind}/${id}`)) unused.push(`${kind}/${id}`);
    expect(unused).toEqual([]);
  });

  test('labels and descriptions have en-US overrides in English; defaults are Japanese', () => {
    const missing: string[] = [];
    const strings = [...kindMap('ShortStrings').values(), ...kindMap('LongStrings').values()];
    expect(strings.length).toBeGreaterThan(0);
    for (const s of [...strings, child(root, 'DisplayName'), child(root, 'Description')]) {
      const label = s.attrs.id ?? s.local;
      const en = s.children.filter((c) => c.local === 'Override' && c.attrs.Locale === 'en-US');
      if (en.length !== 1) missing.push(`${label}: ${en.length} en-US overrides`);
      else if (!en[0].attrs.Value || hasJapanese(en[0].attrs.Value))
        missing.push(`${label}: en-US value is not English`);
      if (!hasJapanese(s.attrs.DefaultValue)) missing.push(`${label}: default (ja-JP) value is not Japanese`);
    }
    expect(missing).toEqual([]);
    expect(child(root, 'DisplayName').children[0].attrs.Value).toBe('Kakari Roster');
  });
});

describe('manifest.xml: URLs and icons', () => {
  const urls = urlValues(root);

  test('every URL is HTTPS and, in the source manifest, on the dev server', () => {
    expect(urls.length).toBeGreaterThan(5);
    const bad = urls.filter((u) => !u.url.startsWith('https://') || !u.url.startsWith(DEV_URL));
    expect(bad).toEqual([]);
  });

  test('the pages the manifest names exist as webpack templates or assets', () => {
    const missing: string[] = [];
    for (const { where, url } of urls) {
      const rel = url.slice(DEV_URL.length);
      if (rel.startsWith('assets/')) {
        if (!fs.existsSync(path.join(ROOT, rel))) missing.push(`${where}: ${rel}`);
      } else {
        // Pages are built by HtmlWebpackPlugin from src/<name>/<name>.html (see webpack.config.js).
        const name = path.basename(rel, '.html');
        if (!fs.existsSync(path.join(ROOT, 'src', name, `${name}.html`))) missing.push(`${where}: ${rel}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every command icon is a valid PNG under assets/ with the declared size', () => {
    const images = kindMap('Images');
    const problems: string[] = [];
    const refs = residElements.filter((e) => e.local === 'Image' && ancestorLocals(e).includes('Icon'));
    expect(refs.length).toBeGreaterThanOrEqual(9);
    for (const ref of refs) {
      const res = images.get(ref.attrs.resid);
      if (!res) continue; // reported by the resid test
      const declared = Number(ref.attrs.size);
      for (const url of [res.attrs.DefaultValue, ...res.children.map((o) => o.attrs.Value)]) {
        const file = assetFileFor(url);
        if (!fs.existsSync(file)) {
          problems.push(`${ref.attrs.resid}: ${url} has no file ${path.relative(ROOT, file)}`);
          continue;
        }
        const { width, height } = readPng(file);
        if (width !== declared || height !== declared) {
          problems.push(
            `${ref.attrs.resid}: ${path.relative(ROOT, file)} is ${width}x${height}, declared size ${declared}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every Icon has the three required sizes 16, 32 and 80', () => {
    const icons = byLocal(versionOverrides, 'Icon');
    expect(icons.length).toBe(3); // group + two buttons
    for (const icon of icons) {
      expect(icon.children.map((c) => Number(c.attrs.size)).sort((a, b) => a - b)).toEqual([16, 32, 80]);
    }
  });

  test('IconUrl is 32x32 and HighResolutionIconUrl is 64x64 (task pane add-in sizes)', () => {
    expect(readPng(assetFileFor(child(root, 'IconUrl').attrs.DefaultValue))).toEqual({
      width: 32,
      height: 32,
    });
    expect(readPng(assetFileFor(child(root, 'HighResolutionIconUrl').attrs.DefaultValue))).toEqual({
      width: 64,
      height: 64,
    });
  });
});

describe('manifest.xml: permissions, requirements and commands', () => {
  test('asks for ReadWriteDocument only', () => {
    const perms = byLocal(root, 'Permissions');
    expect(perms.map((p) => p.text.trim())).toEqual(['ReadWriteDocument']);
  });

  test('requires ExcelApi 1.9 (and nothing else)', () => {
    const sets = child(child(root, 'Requirements'), 'Sets').children;
    expect(sets.map((s) => [s.attrs.Name, s.attrs.MinVersion])).toEqual([['ExcelApi', '1.9']]);
  });

  test('targets Excel only', () => {
    const hosts = child(root, 'Hosts').children.map((h) => h.attrs.Name);
    expect(hosts).toEqual(['Workbook']);
    expect(getOfficeAppsForManifestHosts(hosts)).toEqual(['excel']);
    const overrideHosts = child(versionOverrides, 'Hosts').children;
    expect(overrideHosts.map((h) => h.attrs['xsi:type'])).toEqual(['Workbook']);
  });

  test('default source and the pane button open taskpane.html; the function file is commands.html', () => {
    const defaultSource = child(child(root, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue;
    expect(defaultSource).toBe(`${DEV_URL}taskpane.html`);
    const form = child(child(child(versionOverrides, 'Hosts'), 'Host'), 'DesktopFormFactor');
    expect(resolve(child(form, 'FunctionFile')).attrs.DefaultValue).toBe(`${DEV_URL}commands.html`);
    const getStarted = child(form, 'GetStarted');
    for (const local of ['Title', 'Description', 'LearnMoreUrl']) resolve(child(getStarted, local));
  });

  test('Home tab holds one group 「かかりつけロスター」 with 「パネルを開く」 and 「再計算」', () => {
    const surface = byLocal(versionOverrides, 'ExtensionPoint');
    expect(surface.map((s) => s.attrs['xsi:type'])).toEqual(['PrimaryCommandSurface']);
    const tab = child(surface[0], 'OfficeTab');
    expect(tab.attrs.id).toBe('TabHome');
    const group = child(tab, 'Group');
    expect(resolve(child(group, 'Label')).attrs.DefaultValue).toBe('かかりつけロスター');
    const controls = group.children.filter((c) => c.local === 'Control');
    expect(controls.map((c) => c.attrs['xsi:type'])).toEqual(['Button', 'Button']);

    const [open, recalc] = controls;
    expect(resolve(child(open, 'Label')).attrs.DefaultValue).toBe('パネルを開く');
    const openAction = child(open, 'Action');
    expect(openAction.attrs['xsi:type']).toBe('ShowTaskpane');
    expect(child(openAction, 'TaskpaneId').text.trim()).toBe('ButtonId1');
    expect(resolve(child(openAction, 'SourceLocation')).attrs.DefaultValue).toBe(`${DEV_URL}taskpane.html`);

    expect(resolve(child(recalc, 'Label')).attrs.DefaultValue).toBe('再計算');
    const recalcAction = child(recalc, 'Action');
    expect(recalcAction.attrs['xsi:type']).toBe('ExecuteFunction');
    expect(child(recalcAction, 'FunctionName').text.trim()).toBe('recalculate');
  });

  test('the function file registers the "recalculate" action', () => {
    // Office.js calls live in src/excel (issue 13): the function file (src/commands/commands.ts)
    // registers through src/excel/office-commands.ts, so load it against a recording Office global
    // and see what reaches Office.actions.associate.
    const associated: [string, unknown][] = [];
    const g = globalThis as unknown as { Office?: unknown };
    const saved = g.Office;
    g.Office = {
      onReady: () => Promise.resolve({}),
      actions: { associate: (name: string, fn: unknown) => associated.push([name, fn]) },
    };
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded for its side effect, in isolation
        require('../../src/commands/commands');
      });
    } finally {
      g.Office = saved;
    }
    const names = associated.map(([name]) => name);
    expect(names).toContain('recalculate');
    expect(typeof associated[names.indexOf('recalculate')][1]).toBe('function');
  });
});

describe('production manifest (scripts/manifest-url.js)', () => {
  const prodBase = 'https://addins.example.org/kakari-roster/';

  test('rewriting leaves no localhost, points every URL at the production base and stays valid', async () => {
    const out = manifestUrl.rewriteManifestUrls(xml, 'https://addins.example.org/kakari-roster');
    expect(out).not.toMatch(/localhost/i);
    const prodRoot = parseXml(out);
    const urls = urlValues(prodRoot);
    expect(urls.length).toBe(urlValues(root).length);
    expect(urls.filter((u) => !u.url.startsWith(prodBase))).toEqual([]);
    // Only URLs changed: the documents are identical once the bases are swapped back.
    expect(out.split(prodBase).join(DEV_URL)).toBe(xml);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-manifest-'));
    try {
      const file = path.join(tmp, 'manifest.xml');
      fs.writeFileSync(file, out);
      await xmllintValidate(file);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('the placeholder default is used when no URL is given', () => {
    const out = manifestUrl.rewriteManifestUrls(xml);
    expect(out).toContain(`${manifestUrl.DEFAULT_PROD_URL}taskpane.html`);
  });

  test('rejects non-HTTPS, local or decorated production URLs', () => {
    expect(() => manifestUrl.rewriteManifestUrls(xml, 'http://addins.example.org/')).toThrow(/https/);
    expect(() => manifestUrl.rewriteManifestUrls(xml, 'https://localhost:8443/')).toThrow(/this machine/);
    expect(() => manifestUrl.rewriteManifestUrls(xml, 'https://addins.example.org/?x=1')).toThrow(/query/);
    expect(() => manifestUrl.rewriteManifestUrls(xml, 'not a url')).toThrow(/valid URL/);
  });

  test('normalises the base URL to end with a slash', () => {
    expect(manifestUrl.normalizeBaseUrl('https://addins.example.org')).toBe('https://addins.example.org/');
    expect(manifestUrl.normalizeBaseUrl('https://addins.example.org/a/b')).toBe(
      'https://addins.example.org/a/b/',
    );
  });

  test('fails loudly if a localhost URL survives (e.g. another port)', () => {
    const other = xml.replace('</OfficeApp>', '<!-- http://localhost:8080/ --></OfficeApp>');
    expect(() => manifestUrl.rewriteManifestUrls(other, prodBase)).toThrow(/localhost/);
  });
});

describe('assets/', () => {
  test('every PNG is valid and its name matches its size', () => {
    const pngs = fs.readdirSync(path.join(ROOT, 'assets')).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(5);
    for (const f of pngs) {
      const size = Number(/-(\d+)\.png$/.exec(f)?.[1]);
      expect({ f, ...readPng(path.join(ROOT, 'assets', f)) }).toEqual({ f, width: size, height: size });
    }
  });

  test('icon-16/32/64/80/128.png exist', () => {
    for (const size of [16, 32, 64, 80, 128]) {
      expect(readPng(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  test('the committed icons are what scripts/make-icons.js renders (run it after changing the design)', () => {
    const rendered = makeIcons.renderIcons();
    for (const [name, data] of Object.entries(rendered)) {
      expect({ name, same: fs.readFileSync(path.join(ROOT, 'assets', name)).equals(data) }).toEqual({
        name,
        same: true,
      });
    }
  });
});
