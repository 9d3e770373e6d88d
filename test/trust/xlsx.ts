/**
 * Helpers of the trust tests: run the command line, and look inside a written .xlsx package at the
 * XML level (which cells are formulas, which are text) and at the ExcelJS model level.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, type Io } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string[];
  stderr: string[];
}

export async function cli(args: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = { out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export async function tempDir(prefix = 'kr-trust-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

const unescapeXml = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });

/** OOXML escapes characters XML cannot hold as _xHHHH_ (a CR is _x000D_, '_' itself _x005F_). */
const unescapeOoxml = (s: string): string =>
  s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** One <c> element of a worksheet's XML. */
export interface XmlCell {
  ref: string;
  /** The t attribute ('s' shared string, 'inlineStr', 'str' formula text result, 'n', 'b', 'e'), null = number. */
  type: string | null;
  /** The formula text (XML-unescaped), null when the cell holds no <f>. */
  formula: string | null;
  /** The cell's text: the shared string, the inline string or the raw <v>. */
  text: string | null;
}

/** The sheets of a package by name: their cells as written in the XML. */
export function xmlCells(buf: Uint8Array): Map<string, XmlCell[]> {
  const files = unzipSync(buf);
  const str = (name: string) => (files[name] ? strFromU8(files[name]) : '');
  const shared: string[] = [];
  for (const si of str('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)) {
    shared.push(
      unescapeOoxml(
        [...si[1].matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1])).join(''),
      ),
    );
  }
  const rels = new Map<string, string>();
  for (const m of str('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) rels.set(id, target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  const out = new Map<string, XmlCell[]>();
  for (const m of str('xl/workbook.xml').matchAll(/<sheet\b[^>]*\/?>/g)) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? '');
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1] ?? '';
    const xml = str(rels.get(rid) ?? '');
    const cells: XmlCell[] = [];
    for (const c of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1];
      const body = c[2] ?? '';
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1] ?? '';
      const type = /\bt="([^"]+)"/.exec(attrs)?.[1] ?? null;
      const f = /<f\b[^>]*>([\s\S]*?)<\/f>|<f\b[^>]*\/>/.exec(body);
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      const is = /<is>([\s\S]*?)<\/is>/.exec(body)?.[1];
      let text: string | null = null;
      if (type === 's' && v !== undefined) text = shared[Number(v)] ?? null;
      else if (type === 'inlineStr' && is !== undefined)
        text = unescapeOoxml(
          [...is.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1])).join(''),
        );
      else if (v !== undefined) text = unescapeXml(v);
      cells.push({ ref, type, formula: f ? unescapeXml(f[1] ?? '') : null, text });
    }
    out.set(name, cells);
  }
  return out;
}

/** A cell of the ExcelJS model reduced to what SPEC §5.1.9 calls identical. */
export function modelOf(cell: ExcelJS.Cell): unknown {
  const v = cell.value as unknown;
  return JSON.parse(
    JSON.stringify({
      value: v instanceof Date ? { date: v.toISOString() } : v,
      formula: cell.formula ?? null,
      numFmt: cell.numFmt ?? null,
      font: cell.font ?? null,
      fill: cell.fill ?? null,
      border: cell.border ?? null,
      alignment: cell.alignment ?? null,
    }),
  );
}

/** Every cell of a worksheet that has a value or a style, by A1 address. */
export function modelCells(ws: ExcelJS.Worksheet): Map<string, unknown> {
  const out = new Map<string, unknown>();
  ws.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      out.set(cell.address, modelOf(cell));
    });
  });
  return out;
}

export async function loadXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fs.readFile(file)) as unknown as ArrayBuffer);
  return wb;
}
