/**
 * Two memory and CPU measures of the package reader (issue 20, goal 2):
 *   - texts looked up by their raw bytes before decoding (package-read.ts ColumnCache.byBytes):
 *     every value is still the decoded text, whatever its escapes and characters, in columns of
 *     repeated texts, of distinct texts (the lookup switched off) and of texts longer than the
 *     cached ones;
 *   - the file's bytes let go during the pipeline and read again for the write (XlsxPackage
 *     release / reload): same bytes after reload, and a file changed in place meanwhile is refused
 *     (file-corrupt) instead of being mixed into the output.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FatalError } from '../../src/sheets/fatal';
import {
  openXlsx,
  parseCellTag,
  readContext,
  readPackageSnapshot,
  readSheet,
  type CellTag,
} from '../../src/xlsx/package-read';
import { StyleBook } from '../../src/xlsx/styles';
import { fidelityFixture } from './fidelity-fixture';

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

async function* chunks(b: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield Buffer.from(b.subarray(i, i + size));
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

describe('texts interned by their bytes', () => {
  // Column A: a few texts repeated (escapes, multi-byte characters, an _xHHHH_ escape, texts of
  // 64 and 65 characters in one and in three bytes each — 64 characters are the interning limit); column B: distinct texts (the lookup switches off
  // after 20,000 lookups with fewer than 5,000 hits); column C: the same text written two ways.
  const REPEATED = [
    '座学',
    'a&b<c',
    'OK',
    'x_x000D_y',
    '承認済み・要確認',
    'A'.repeat(64),
    'B'.repeat(65),
    '研'.repeat(64),
    '修'.repeat(65),
    '',
    '1234567890',
  ];
  const decoded = (s: string): string => s.replace(/_x000D_/g, '\r');
  const ROWS = 25_000;

  function sheetXml(): Buffer {
    const rows: string[] = [];
    for (let r = 1; r <= ROWS; r++) {
      const a = REPEATED[(r * 7) % REPEATED.length];
      const b = `氏名${r}`;
      const c = r % 2 ? 'a&amp;b' : 'a&#38;b';
      rows.push(
        `<row r="${r}"><c r="A${r}" t="str"><v>${esc(a)}</v></c><c r="B${r}" t="str"><v>${b}</v></c>` +
          `<c r="C${r}" t="str"><v>${c}</v></c></row>`,
      );
    }
    return Buffer.from(`<worksheet ${MAIN}><sheetData>${rows.join('')}</sheetData></worksheet>`, 'utf8');
  }

  it.each([65_536, 1_000, 13])('every value is the decoded text (chunks of %i bytes)', async (size) => {
    const ctx = readContext([], StyleBook.empty(), false);
    const read = await readSheet(chunks(sheetXml(), size), ctx);
    const want: string[][] = [];
    for (let r = 1; r <= ROWS; r++)
      want.push([decoded(REPEATED[(r * 7) % REPEATED.length]), `氏名${r}`, 'a&b']);
    // One comparison (a per-cell expect made this test take seconds).
    expect(read.rows).toEqual(want);
  });
});

describe('texts whose hashes collide', () => {
  // The byte lookup hashes the length and the first and last eight bytes of a longer text: these
  // texts all share that hash. Cached only while a slot is near, so each lookup stays bounded
  // (unbounded probing would compare each new text with every earlier one: quadratic).
  it('are read right and in linear time', async () => {
    const N = 60_000;
    const text = (i: number): string => `AAAAAAAA${String(i).padStart(6, '0')}ZZZZZZZZ`;
    const rows: string[] = [];
    // Every other row repeats a text, so the lookup pays and stays on.
    for (let r = 1; r <= N; r++) {
      const t = r % 2 ? text(r) : text(1);
      rows.push(`<row r="${r}"><c r="A${r}" t="str"><v>${t}</v></c></row>`);
    }
    const xml = Buffer.from(`<worksheet ${MAIN}><sheetData>${rows.join('')}</sheetData></worksheet>`);
    const ctx = readContext([], StyleBook.empty(), false);
    const t0 = process.hrtime.bigint();
    const read = await readSheet(chunks(xml, 65_536), ctx);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const want: string[][] = [];
    for (let r = 1; r <= N; r++) want.push([r % 2 ? text(r) : text(1)]);
    expect(read.rows).toEqual(want);
    // Quadratic probing took minutes here; linear reading takes well under a second unloaded.
    expect(ms).toBeLessThan(20_000);
  }, 60_000);
});

describe('cell tags: s and t read without slicing', () => {
  // What parseInt(value, 10) || 0 and the type table gave before, for usual and unusual values.
  const T: Record<string, number> = { n: 0, s: 1, inlineStr: 2, str: 3, b: 4, e: 5, d: 6 };
  const S_VALUES = ['0', '7', '12', '999999999', '1234567890', ' 7', '+3', '-1', '7x', 'x', '', '00012'];
  const T_VALUES = ['n', 's', 'inlineStr', 'str', 'b', 'e', 'd', 'S', 'st', 'strs', 'inlinestr', 'x', ''];
  it.each(S_VALUES)('s="%s"', (v) => {
    const tag: CellTag = { col: 0, s: 0, t: 0 };
    const xml = `<c r="B3" s="${v}">`;
    parseCellTag(xml, 0, xml.length, tag);
    expect(tag).toEqual({ col: 2, s: parseInt(v, 10) || 0, t: 0 });
  });
  it.each(T_VALUES)('t="%s"', (v) => {
    const tag: CellTag = { col: 0, s: 0, t: 0 };
    const xml = `<c r="AA10" t='${v}' s="4">`;
    parseCellTag(xml, 0, xml.length, tag);
    expect(tag).toEqual({ col: 27, s: 4, t: T[v] ?? 0 });
  });
});

describe('release and reload of the package bytes', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-reload-'));
    file = path.join(dir, 'in.xlsx');
    await fs.writeFile(file, await fidelityFixture());
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads the same bytes again through the handle kept open', async () => {
    const before = await fs.readFile(file);
    const pkg = await openXlsx(file, { keepOpen: true });
    try {
      const { snapshot } = await readPackageSnapshot(pkg);
      expect(snapshot.sheets.length).toBeGreaterThan(0);
      const centrals = pkg.entries.map((e) => Buffer.from(e.central));
      pkg.release();
      expect(() => pkg.buf).toThrow(/released/);
      await pkg.reload();
      expect(Buffer.compare(pkg.buf, before)).toBe(0);
      expect(pkg.entries.map((e) => Buffer.from(e.central))).toEqual(centrals);
      expect(pkg.text(pkg.workbookPart)).toContain('<sheets>');
    } finally {
      await pkg.close();
    }
  });

  it('a package opened without keepOpen keeps its bytes', async () => {
    const pkg = await openXlsx(file);
    pkg.release();
    expect(pkg.buf.length).toBeGreaterThan(0);
  });

  it('refuses a file changed in place between reading and writing (file-corrupt)', async () => {
    const copy = path.join(dir, 'changed.xlsx');
    await fs.copyFile(file, copy);
    const pkg = await openXlsx(copy, { keepOpen: true });
    try {
      await readPackageSnapshot(pkg);
      pkg.release();
      // Rewritten in place (same inode): one byte more, then the same size with another byte.
      const b = await fs.readFile(copy);
      await fs.writeFile(copy, Buffer.concat([b, Buffer.from([0])]));
      await expect(pkg.reload()).rejects.toMatchObject({ code: 'file-corrupt' });
      b[b.length - 30] ^= 0xff;
      await fs.writeFile(copy, b);
      await fs.utimes(copy, new Date(0), new Date(0));
      await expect(pkg.reload()).rejects.toBeInstanceOf(FatalError);
    } finally {
      await pkg.close();
    }
  });
});
