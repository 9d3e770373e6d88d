/**
 * The package writer's schema check (issue 15): well-formedness of a part with libxml2
 * (xmllint-wasm), then, by the part's root element, validation against the hand-written schema
 * subsets beside this file (README.md says what they pin and why they are not the ECMA-376 files),
 * after markup-compatibility processing as a consumer that understands no extension namespace
 * does it (ECMA-376 Part 3 §10: elements and attributes of ignorable namespaces dropped, an
 * mc:AlternateContent replaced by its mc:Fallback).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { validateXML } from 'xmllint-wasm';

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** Schema files by the namespace and local name of a part's root element. */
const SCHEMA_OF: Record<string, string> = {
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main workbook': 'sml-subset.xsd',
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main worksheet': 'sml-subset.xsd',
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main styleSheet': 'sml-subset.xsd',
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main table': 'sml-subset.xsd',
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main sst': 'sml-subset.xsd',
  'http://schemas.openxmlformats.org/package/2006/content-types Types': 'opc.xsd',
  'http://schemas.openxmlformats.org/package/2006/relationships Relationships': 'opc-rels.xsd',
  'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing wsDr': 'xdr-subset.xsd',
  'http://schemas.openxmlformats.org/drawingml/2006/chart chartSpace': 'dml-subset.xsd',
};

const ALL_SCHEMAS = [
  'all.xsd',
  'sml-subset.xsd',
  'rel-attrs.xsd',
  'opc.xsd',
  'opc-rels.xsd',
  'dml-subset.xsd',
  'xdr-subset.xsd',
];

let preload: { fileName: string; contents: string }[] | null = null;
async function schemas(): Promise<{ fileName: string; contents: string }[]> {
  if (!preload) {
    preload = await Promise.all(
      ALL_SCHEMAS.map(async (f) => ({
        fileName: f,
        contents: await fs.readFile(path.join(__dirname, f), 'utf8'),
      })),
    );
  }
  return preload;
}

interface Tag {
  kind: 'start' | 'end' | 'empty' | 'other' | 'text';
  raw: string;
  name: string;
  attrs: [string, string][];
}

/** Tokens of an XML text (tags with quoted values skipped correctly, text, comments, PIs). */
function* tokens(xml: string): Generator<Tag> {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      yield { kind: 'text', raw: xml.slice(i), name: '', attrs: [] };
      return;
    }
    if (lt > i) yield { kind: 'text', raw: xml.slice(i, lt), name: '', attrs: [] };
    let end: number;
    if (xml.startsWith('<!--', lt)) end = xml.indexOf('-->', lt) + 3;
    else if (xml.startsWith('<?', lt)) end = xml.indexOf('?>', lt) + 2;
    else if (xml.startsWith('<![CDATA[', lt)) end = xml.indexOf(']]>', lt) + 3;
    else {
      let q = '';
      end = -1;
      for (let j = lt + 1; j < xml.length; j++) {
        const ch = xml[j];
        if (q) {
          if (ch === q) q = '';
        } else if (ch === '"' || ch === "'") q = ch;
        else if (ch === '>') {
          end = j + 1;
          break;
        }
      }
    }
    if (end <= lt) throw new Error(`unterminated markup at ${lt}`);
    const raw = xml.slice(lt, end);
    if (/^<[!?]/.test(raw)) yield { kind: 'other', raw, name: '', attrs: [] };
    else if (raw.startsWith('</')) yield { kind: 'end', raw, name: raw.slice(2, -1).trim(), attrs: [] };
    else {
      const name = /^<([^\s/>]+)/.exec(raw)![1];
      const attrs: [string, string][] = [];
      for (const m of raw.matchAll(/([^\s=/<>]+)\s*=\s*("([^"]*)"|'([^']*)')/g))
        if (m.index! > name.length) attrs.push([m[1], m[3] ?? m[4] ?? '']);
      yield { kind: raw.endsWith('/>') ? 'empty' : 'start', raw, name, attrs };
    }
    i = end;
  }
}

interface Frame {
  ns: Map<string, string>;
  ignorable: Set<string>;
  /** 'out' = written; 'skip' = dropped with its content; 'transparent' = content only. */
  mode: 'out' | 'skip' | 'transparent' | 'ac';
}

/**
 * Markup-compatibility processing for a consumer that understands only the namespaces of the
 * base standard: ignorable elements and attributes dropped, mc:AlternateContent → mc:Fallback.
 */
export function applyMarkupCompatibility(xml: string): string {
  const stack: Frame[] = [
    { ns: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), ignorable: new Set(), mode: 'out' },
  ];
  let out = '';
  for (const t of tokens(xml)) {
    const top = stack[stack.length - 1];
    if (t.kind === 'text' || t.kind === 'other') {
      if (top.mode === 'out' || top.mode === 'transparent') out += t.raw;
      continue;
    }
    if (t.kind === 'end') {
      const f = stack.pop()!;
      if (f.mode === 'out') out += t.raw;
      continue;
    }
    const ns = new Map(top.ns);
    for (const [k, v] of t.attrs) {
      if (k === 'xmlns') ns.set('', v);
      else if (k.startsWith('xmlns:')) ns.set(k.slice(6), v);
    }
    const ignorable = new Set(top.ignorable);
    for (const [k, v] of t.attrs) {
      const p = k.includes(':') ? k.slice(0, k.indexOf(':')) : '';
      if (p && ns.get(p) === MC && k.endsWith(':Ignorable'))
        for (const q of v.split(/\s+/)) if (q && ns.get(q)) ignorable.add(ns.get(q)!);
    }
    const prefix = t.name.includes(':') ? t.name.slice(0, t.name.indexOf(':')) : '';
    const local = t.name.slice(prefix ? prefix.length + 1 : 0);
    const uri = ns.get(prefix) ?? '';
    let mode: Frame['mode'];
    if (top.mode === 'skip') mode = 'skip';
    else if (uri === MC && local === 'AlternateContent') mode = 'ac';
    else if (uri === MC && top.mode === 'ac') mode = local === 'Fallback' ? 'transparent' : 'skip';
    else if (ignorable.has(uri)) mode = 'skip';
    else mode = 'out';
    if (mode === 'out') {
      const kept = t.attrs.filter(([k]) => {
        if (k === 'xmlns' || k.startsWith('xmlns:')) return true;
        if (!k.includes(':')) return true;
        const u = ns.get(k.slice(0, k.indexOf(':'))) ?? '';
        return u !== MC && !ignorable.has(u);
      });
      const attrText = kept.map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`).join('');
      out += `<${t.name}${attrText}${t.kind === 'empty' ? '/' : ''}>`;
    }
    if (t.kind === 'start') stack.push({ ns, ignorable, mode });
  }
  return out;
}

/** Namespace URI and local name of the root element. */
export function rootOf(xml: string): { uri: string; local: string } {
  for (const t of tokens(xml)) {
    if (t.kind !== 'start' && t.kind !== 'empty') continue;
    const prefix = t.name.includes(':') ? t.name.slice(0, t.name.indexOf(':')) : '';
    const decl = prefix ? `xmlns:${prefix}` : 'xmlns';
    return {
      uri: t.attrs.find(([k]) => k === decl)?.[1] ?? '',
      local: t.name.slice(prefix ? prefix.length + 1 : 0),
    };
  }
  return { uri: '', local: '' };
}

export interface PartCheck {
  part: string;
  /** The schema file used, or null when only well-formedness was checked. */
  schema: string | null;
  errors: string[];
}

/**
 * Checks parts: each well-formed, then valid against the subset schema for its root (if any). One
 * libxml2 run for the form of all parts and one for their validity (a run costs far more than a part).
 */
export async function checkParts(parts: readonly (readonly [string, string])[]): Promise<PartCheck[]> {
  const files = parts.map(([part, xml], i) => ({
    part,
    xml,
    fileName: `p${i}_${part.replace(/[^\w.-]+/g, '_')}`,
  }));
  const results = new Map<string, PartCheck>(
    files.map((f) => [f.fileName, { part: f.part, schema: null, errors: [] }]),
  );
  const errorsOf = (res: {
    errors: readonly { message: string; loc: { fileName: string } | null }[];
  }): void => {
    for (const e of res.errors) {
      const r = e.loc ? results.get(e.loc.fileName) : undefined;
      if (r) r.errors.push(e.message.trim());
    }
  };
  if (files.length === 0) return [];
  errorsOf(
    await validateXML({
      xml: files.map((f) => ({ fileName: f.fileName, contents: f.xml })),
      normalization: 'c14n',
    }),
  );
  for (const r of results.values()) r.errors = r.errors.map((e) => `not well-formed: ${e}`);
  const all = await schemas();
  const bySchema = new Map<string, typeof files>();
  for (const f of files) {
    if (results.get(f.fileName)!.errors.length) continue;
    const root = rootOf(f.xml);
    const schema = SCHEMA_OF[`${root.uri} ${root.local}`];
    if (!schema) continue;
    results.get(f.fileName)!.schema = schema;
    bySchema.set(schema, [...(bySchema.get(schema) ?? []), f]);
  }
  const group = [...bySchema.values()].flat();
  if (group.length) {
    const main = all.find((s) => s.fileName === 'all.xsd')!;
    errorsOf(
      await validateXML({
        xml: group.map((f) => ({ fileName: f.fileName, contents: applyMarkupCompatibility(f.xml) })),
        schema: [main],
        preload: all.filter((s) => s !== main),
      }),
    );
  }
  // xmllint reports "<file> validates" lines as no error; a result per part, in order.
  return files.map((f) => results.get(f.fileName)!);
}

/** Checks one part (see checkParts). */
export async function checkPart(part: string, xml: string): Promise<PartCheck> {
  return (await checkParts([[part, xml]]))[0];
}
