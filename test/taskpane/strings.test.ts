/**
 * src/strings/ui.ts: Japanese and English have the same texts (same keys, same kinds), every issue
 * code has a title in both, the language choice follows Office's display language, and the UI code
 * spells no Japanese text itself (all of it comes from ui.ts or the cell texts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ISSUE_CODES } from '../../src/domain/types';
import { UI, uiLang } from '../../src/strings/ui';

function shape(v: unknown, at: string, out: Map<string, string>): void {
  if (typeof v === 'function') out.set(at, `function/${(v as (...a: unknown[]) => unknown).length}`);
  else if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) shape(x, `${at}.${k}`, out);
  else out.set(at, typeof v);
}

test('Japanese and English have the same keys and kinds (except per-language tables)', () => {
  const ja = new Map<string, string>();
  const en = new Map<string, string>();
  shape(UI.ja, '', ja);
  shape(UI.en, '', en);
  const skip = (k: string) => k.startsWith('.settings.labels.');
  expect([...en].filter(([k]) => !skip(k))).toEqual([...ja].filter(([k]) => !skip(k)));
});

test('no empty text; every issue code has a title in both languages', () => {
  for (const lang of ['ja', 'en'] as const) {
    const texts = new Map<string, string>();
    shape(UI[lang], '', texts);
    const walk = (v: unknown): void => {
      if (typeof v === 'string') expect(v.length).toBeGreaterThan(0);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(UI[lang]);
    for (const code of ISSUE_CODES)
      expect({ lang, code, title: UI[lang].issues.titles[code] }).toEqual({
        lang,
        code,
        title: expect.any(String),
      });
  }
});

test.each([
  ['ja-JP', 'ja'],
  ['ja', 'ja'],
  ['JA-jp', 'ja'],
  ['en-US', 'en'],
  ['fr-FR', 'en'],
  ['zh-CN', 'en'],
  ['jav', 'en'],
  ['', 'ja'],
  [undefined, 'ja'],
])('uiLang(%p) = %p', (display, lang) => {
  expect(uiLang(display)).toBe(lang);
});

test('English texts contain no Japanese except quoted sheet / cell / key names', () => {
  const out: string[] = [];
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string') out.push(`${at}=${v}`);
    else if (typeof v === 'function') {
      const fn = v as (...a: unknown[]) => unknown;
      const r = at.endsWith('.list') ? fn(['a', 'b']) : fn(...Array.from({ length: fn.length }, () => 1));
      if (typeof r === 'string') out.push(`${at}()=${r}`);
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  walk(UI.en, 'en');
  const japanese = /[\u3040-\u30ff\u3400-\u9fff]/;
  // Japanese is allowed inside （…）, “…” or after a cell-text marker: sheet names, column headers and keys.
  const value = (s: string) => s.slice(s.indexOf('=') + 1);
  const stripped = out.map((s) => [
    s,
    value(s).replace(/\([^)]*\)|“[^”]*”|判定_|入力チェック|座学|実地|値|○|×/g, ''),
  ]);
  expect(stripped.filter(([, v]) => japanese.test(v)).map(([s]) => s)).toEqual([]);
});

/** Japanese string literals and JSX text in the UI sources, comments removed. */
function japaneseLiterals(file: string): string[] {
  const src = fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
  const hits: string[] = [];
  const japanese = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]/;
  for (const m of src.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`|>([^<>{}\n]+)</g)) {
    const text = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    if (japanese.test(text)) hits.push(text.trim());
  }
  return hits;
}

test('UI code takes its texts from src/strings/ui.ts (only data names are spelled in place)', () => {
  const dirs = ['src/taskpane', 'src/commands', 'src/dialog', 'src/playground', 'src/excel'].map((d) =>
    path.resolve(__dirname, '../..', d),
  );
  const files: string[] = [];
  const list = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) list(p);
      else if (/\.(ts|tsx)$/.test(e.name)) files.push(p);
    }
  };
  dirs.forEach(list);
  // Sheet names and 設定 keys are data (the workbook contract), not UI text.
  const DATA = new Set(['集計_地区', '要対応リスト', '基準日']);
  const found = files.flatMap((f) =>
    japaneseLiterals(f)
      .filter((t) => !DATA.has(t))
      .map((t) => `${path.relative(path.resolve(__dirname, '../..'), f)}: ${t}`),
  );
  expect(found).toEqual([]);
});
