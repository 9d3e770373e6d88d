/**
 * Issue 16 "Trust under attack": one test (or more) per defect, each failing on the code before
 * the fix — collisions of inputs and outputs, files beyond Excel's grid and zip bombs, quadratic
 * long rows, output past the grid, control characters in chart text, widened permissions, valid
 * XML misread, and file-system errors reported as internal errors.
 */
import { strFromU8, unzipSync } from 'fflate';
import { promises as fs, constants as fsc } from 'fs';
import * as path from 'path';
import { SaxesParser } from 'saxes';
import { spawnSync } from 'child_process';
import { readContext, readSharedStrings, readSheet } from '../../src/xlsx/package-read';
import { StyleBook } from '../../src/xlsx/styles';
import { MAX_WHOLE_PART_BYTES, entryBytes, readCentralDirectory } from '../../src/xlsx/zip';
import { writeBytesAtomic, writeFileAtomic } from '../../src/xlsx/atomic-write';
import { cli, tempDir } from './xlsx';
import {
  MAIN_NS,
  ROSTER,
  bombData,
  cellXml,
  rosterWithBomb,
  rosterXlsx,
  rowsXml,
  sheetXml,
  zipParts,
  packageParts,
  rosterSheets,
} from './hostile';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('kr-attack-');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function put(name: string, data: Uint8Array): Promise<string> {
  const p = path.join(dir, name);
  await fs.writeFile(p, data);
  return p;
}

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

/** Every XML part of a package parses (saxes: a conforming, non-validating XML parser). */
function assertWellFormed(buf: Uint8Array): void {
  const files = unzipSync(buf);
  for (const [name, data] of Object.entries(files)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const p = new SaxesParser();
    let err: Error | null = null;
    p.on('error', (e) => {
      err ??= e;
    });
    p.write(strFromU8(data)).close();
    if (err) throw new Error(`${name} is not well-formed: ${(err as Error).message}`);
  }
}

const STYLES = StyleBook.empty();
async function* chunks(b: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield Buffer.from(b.subarray(i, i + size));
}
const sheetOf = (xml: string, size = 1 << 18) =>
  readSheet(chunks(Buffer.from(xml, 'utf8'), size), readContext([], STYLES, false));

// ---------------------------------------------------------------------------------------------
describe('1. no output may be an input, no two outputs one file', () => {
  test('recalc r.xlsx --json r.xlsx is a usage error and the roster stays', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const before = await fs.readFile(r);
    const run = await cli(['recalc', r, '--json', r]);
    expect(run.code).toBe(2);
    expect(await fs.readFile(r)).toEqual(before);
  });

  test('-o x --json x is a usage error and nothing is written', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const x = path.join(dir, 'x');
    const run = await cli(['recalc', r, '-o', x, '--json', x]);
    expect(run.code).toBe(2);
    expect(await exists(x)).toBe(false);
  });

  test('links are followed: a symbolic and a hard link to the input are the input', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const before = await fs.readFile(r);
    await fs.symlink(r, path.join(dir, 'sym.json'));
    await fs.link(r, path.join(dir, 'hard.json'));
    expect((await cli(['recalc', r, '--json', path.join(dir, 'sym.json')])).code).toBe(2);
    expect((await cli(['recalc', r, '--json', path.join(dir, 'hard.json')])).code).toBe(2);
    expect((await cli(['export', r, '-o', path.join(dir, 'sym.json')])).code).toBe(2);
    // Through a linked folder too.
    await fs.symlink(dir, path.join(dir, 'again'));
    expect((await cli(['recalc', r, '--json', path.join(dir, 'again', 'r.xlsx')])).code).toBe(2);
    expect(await fs.readFile(r)).toEqual(before);
  });

  test('bulk --out-dir at the inputs folder would overwrite them: usage error, inputs untouched', async () => {
    const a = await put('a.xlsx', rosterXlsx());
    const b = await put('b.xlsx', rosterXlsx());
    const before = await fs.readFile(a);
    const run = await cli(['recalc', a, b, '--out-dir', dir]);
    expect(run.code).toBe(2);
    expect(await fs.readFile(a)).toEqual(before);
    expect(await exists(path.join(dir, 'a.json'))).toBe(false);
  });

  test('recalc -o naming its own input is still allowed (SPEC §6.2)', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const run = await cli(['recalc', r, '-o', r, '--as-of', '2026-01-31']);
    expect(run.code).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
describe("2. Excel's grid and bounded inflation while reading", () => {
  const corrupt = async (buf: Buffer) => {
    const f = await put('in.xlsx', buf);
    const out = path.join(dir, 'out.xlsx');
    const run = await cli(['recalc', f, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stderr.join('\n')).toContain('[file-corrupt]');
    expect(await exists(out)).toBe(false);
  };
  const doctorsWith = (extra: string) => rosterXlsx({ 医師: sheetXml(rowsXml(ROSTER['医師']) + extra) });

  test('a row numbered 200,000,000', async () => {
    await corrupt(doctorsWith(`<row r="200000000">${cellXml('A200000000', 'x')}</row>`));
  });
  test('row 1,048,577 (one past the last row)', async () => {
    await corrupt(doctorsWith(`<row r="1048577">${cellXml('A1048577', 'x')}</row>`));
  });
  test('row 1,048,576 is read', async () => {
    const s = await sheetOf(sheetXml(`<row r="1048576">${cellXml('A1048576', 'x')}</row>`));
    expect(s.rows.length).toBe(1_048_576);
  });
  test('a cell reference ZZZZZZZZ2 and a column past XFD', async () => {
    await corrupt(doctorsWith(`<row r="9"><c r="ZZZZZZZZ9" t="inlineStr"><is><t>x</t></is></c></row>`));
    await corrupt(doctorsWith(`<row r="9"><c r="XFE9"><v>1</v></c></row>`));
    const s = await sheetOf(sheetXml(`<row r="1"><c r="XFD1"><v>1</v></c></row>`));
    expect(s.rows[0].length).toBe(16_384);
  });
  test('a cell of 32,768 characters (one more than Excel holds), inline and shared', async () => {
    await corrupt(doctorsWith(`<row r="9">${cellXml('A9', 'x'.repeat(32_768))}</row>`));
    const ok = await sheetOf(sheetXml(`<row r="1">${cellXml('A1', 'x'.repeat(32_767))}</row>`));
    expect((ok.rows[0][0] as string).length).toBe(32_767);
    await expect(
      readSharedStrings(
        chunks(Buffer.from(`<sst xmlns="${MAIN_NS}"><si><t>${'y'.repeat(32_768)}</t></si></sst>`), 4096),
      ),
    ).rejects.toMatchObject({ code: 'file-corrupt' });
  });
  test('a zip bomb of rows (honest size: refused before inflating; lying size: refused at the lie)', async () => {
    const head = `<?xml version="1.0"?><worksheet xmlns="${MAIN_NS}"><sheetData>`;
    const unit = '<c><v>1</v></c>';
    const bomb = bombData(`${head}<row r="9">`, unit, 40_000_000, `</row></sheetData></worksheet>`);
    expect(bomb.size).toBeGreaterThan(500_000_000);
    await corrupt(rosterWithBomb({ 'xl/worksheets/sheet1.xml': bomb }));
    await corrupt(rosterWithBomb({ 'xl/worksheets/sheet1.xml': { ...bomb, declared: 20_000_000 } }));
    await corrupt(rosterWithBomb({ 'xl/worksheets/sheet1.xml': { ...bomb, declared: 4_000 } }));
  });
});

// ---------------------------------------------------------------------------------------------
describe('3. reading is linear in bytes', () => {
  // 16,384 cells of 200 characters in one row (3.6 MB), fed in 64-byte chunks: the former reader
  // re-joined and re-scanned the unfinished row for each chunk (~57,000 chunks × MBs).
  test('a long row in small chunks', async () => {
    const cells = Array.from({ length: 16_384 }, (_, j) =>
      cellXml(`${colName(j + 1)}1`, 'あ'.repeat(66) + 'ab'),
    );
    const xml = sheetXml(`<row r="1">${cells.join('')}</row>`);
    const s = await sheetOf(xml, 64);
    expect(s.rows[0].length).toBe(16_384);
    expect(s.rows[0][16_383]).toBe('あ'.repeat(66) + 'ab');
  }, 60_000);
  test('a long string item in small chunks', async () => {
    const runs = Array.from({ length: 16_000 }, () => '<r><t>ab</t></r><rPh><t>x</t></rPh>').join('');
    const sst = await readSharedStrings(
      chunks(Buffer.from(`<sst xmlns="${MAIN_NS}"><si>${runs}</si></sst>`), 64),
    );
    expect(sst).toEqual(['ab'.repeat(16_000)]);
  }, 60_000);
});

function colName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
describe('4. zip bombs in parts read whole', () => {
  test('styles.xml inflating to 300 MB: file-corrupt, also when it lies about its size', async () => {
    const head = `<?xml version="1.0"?><styleSheet xmlns="${MAIN_NS}"><fonts count="1"><font/></fonts>`;
    const bomb = bombData(head, '<!-- padding padding padding -->', 10_000_000, '</styleSheet>');
    expect(bomb.size).toBeGreaterThan(MAX_WHOLE_PART_BYTES);
    for (const b of [bomb, { ...bomb, declared: 2_000 }]) {
      const f = await put('in.xlsx', rosterWithBomb({ 'xl/styles.xml': b }));
      const run = await cli(['recalc', f]);
      expect(run.code).toBe(1);
      expect(run.stderr.join('\n')).toContain('[file-corrupt]');
    }
  });
  test('zip.ts entryBytes stops at its limit', () => {
    const bomb = bombData('<a>', 'x'.repeat(100), 100_000, '</a>');
    const z = rosterWithBomb({ 'xl/workbook.xml': bomb });
    const e = readCentralDirectory(z).find((x) => x.name === 'xl/workbook.xml')!;
    expect(() => entryBytes(z, e, 1_000_000)).toThrow(/more than/);
    expect(entryBytes(z, e, 20_000_000).length).toBe(bomb.size);
  });
});

// ---------------------------------------------------------------------------------------------
describe('5. output outside the grid', () => {
  test('a 実行履歴 full to the last row: output-not-writable naming the sheet, nothing written', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const first = path.join(dir, 'first.xlsx');
    expect((await cli(['recalc', r, '-o', first, '--as-of', '2026-01-31'])).code).toBe(0);
    // Fill 実行履歴 down to row 1,048,576.
    const files = unzipSync(await fs.readFile(first));
    const wb = strFromU8(files['xl/workbook.xml']);
    const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
    const rid = new RegExp(`<sheet [^>]*name="実行履歴"[^>]*r:id="([^"]+)"`).exec(wb)![1];
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(
      rels,
    )!;
    const part = `xl/${(target[1] ?? target[2]).replace(/^\/?xl\//, '')}`;
    const xml = strFromU8(files[part]).replace(
      '</sheetData>',
      `<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>`,
    );
    const parts: Record<string, string | Uint8Array> = { ...files, [part]: xml };
    const full = await put('full.xlsx', zipParts(parts));
    const out = path.join(dir, 'out.xlsx');
    const run = await cli(['recalc', full, '-o', out, '--as-of', '2026-01-31']);
    expect(run.code).toBe(1);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toContain('[output-not-writable]');
    expect(run.stderr[0]).toContain('実行履歴');
    expect(await exists(out)).toBe(false);
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('6. control characters never reach XML unescaped', () => {
  test('a district holding C0 controls: recalc -o and the meeting export stay well-formed', async () => {
    const doctors = ROSTER['医師'].map((row, i) =>
      i === 1 ? [...row.slice(0, 3), '小倉\u0001北\u001f'] : row,
    );
    const clinics = ROSTER['医療機関'].map((row, i) =>
      i === 1 ? [...row.slice(0, 3), '小倉\u0002北'] : row,
    );
    const r = await put(
      'r.xlsx',
      rosterXlsx({ 医師: sheetXml(rowsXml(doctors)), 医療機関: sheetXml(rowsXml(clinics)) }),
    );
    const out = path.join(dir, 'out.xlsx');
    const meeting = path.join(dir, 'meeting.xlsx');
    expect((await cli(['recalc', r, '-o', out, '--as-of', '2026-01-31'])).code).toBe(0);
    expect((await cli(['export', r, '-o', meeting, '--as-of', '2026-01-31'])).code).toBe(0);
    assertWellFormed(await fs.readFile(out));
    assertWellFormed(await fs.readFile(meeting));
  });
});

// ---------------------------------------------------------------------------------------------
describe('7. permissions', () => {
  const mode = async (p: string) => (await fs.stat(p)).mode & 0o777;

  test('a 0600 roster rewritten in place stays 0600; a 0640 target keeps 0640', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    await fs.chmod(r, 0o600);
    expect((await cli(['recalc', r, '-o', r, '--as-of', '2026-01-31'])).code).toBe(0);
    expect(await mode(r)).toBe(0o600);
    const t = await put('t.xlsx', Buffer.from('old'));
    await fs.chmod(t, 0o640);
    expect((await cli(['recalc', r, '-o', t, '--as-of', '2026-01-31'])).code).toBe(0);
    expect(await mode(t)).toBe(0o640);
  });

  test('new files holding personal data are 0600 (workbook, JSON, CSV); the meeting export is not', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const o = path.join(dir, 'o.xlsx');
    const j = path.join(dir, 'o.json');
    const m = path.join(dir, 'm.xlsx');
    const c = path.join(dir, 'm.csv');
    expect((await cli(['recalc', r, '-o', o, '--json', j, '--as-of', '2026-01-31'])).code).toBe(0);
    expect((await cli(['export', r, '-o', m, '--csv', c, '--as-of', '2026-01-31'])).code).toBe(0);
    expect(await mode(o)).toBe(0o600);
    expect(await mode(j)).toBe(0o600);
    expect(await mode(c)).toBe(0o600);
    const umask = process.umask();
    expect(await mode(m)).toBe(0o666 & ~umask);
  });

  test('one atomic writer: its temporary file is 0600 while written and removed on failure', async () => {
    const target = path.join(dir, 'x.bin');
    let seen = -1;
    await writeFileAtomic(target, async (fh, tmp) => {
      seen = (await fs.stat(tmp)).mode & 0o777;
      await fh.write('data');
    });
    expect(seen).toBe(0o600);
    await expect(
      writeFileAtomic(target, async () => {
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC', syscall: 'write' });
      }),
    ).rejects.toMatchObject({ code: 'output-not-writable' });
    expect(await fs.readFile(target, 'utf8')).toBe('data');
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  test('no writer keeps its own temporary-file code', async () => {
    const src = path.join(__dirname, '..', '..', 'src');
    for (const f of ['cli/json.ts', 'cli/recalc-file.ts', 'xlsx/package-write.ts', 'sample/writeSample.ts']) {
      const text = await fs.readFile(path.join(src, f), 'utf8');
      expect({ f, rename: /\brename\(/.test(text) }).toEqual({ f, rename: false });
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('8. valid XML is read as XML says, or refused', () => {
  const row2 = (inner: string) => sheetXml(`<row r="1">${cellXml('A1', 'h')}</row><row r="2">${inner}</row>`);

  test('a comment with an apostrophe inside a row keeps the rest of the row', async () => {
    const s = await sheetOf(
      row2(
        `${cellXml('A2', 'a')}<!-- don't "stop" <here> -->${cellXml('B2', 'b')}<!-- ' -->${cellXml('C2', 'c')}`,
      ),
    );
    expect(s.rows[1]).toEqual(['a', 'b', 'c']);
  });
  test('a comment inside a cell and inside a value', async () => {
    const s = await sheetOf(row2(`<c r="A2"><!-- it's --><v>1<!-- ' -->2</v></c>`));
    expect(s.rows[1]).toEqual([12]);
  });
  test('CDATA holding </sheetData> and markup is text', async () => {
    const s = await sheetOf(
      row2(
        `<c r="A2" t="inlineStr"><is><t><![CDATA[a</sheetData></row>&amp;<b>]]></t></is></c>${cellXml('B2', 'z')}`,
      ) + '',
    );
    expect(s.rows[1]).toEqual(['a</sheetData></row>&amp;<b>', 'z']);
  });
  test('processing instructions inside sheet XML are skipped', async () => {
    const s = await sheetOf(
      row2(`<?pi don't ?>${cellXml('A2', 'a')}<?x <c r="B2"><v>9</v></c> ?>${cellXml('C2', 'c')}`),
    );
    expect(s.rows[1]).toEqual(['a', undefined, 'c']);
  });
  test('the same constructs split at every chunk boundary', async () => {
    const xml = row2(
      `${cellXml('A2', 'a')}<!-- don't --><c r="B2" t="inlineStr"><is><t><![CDATA[x]]y</c>]]></t></is></c><?p ?>${cellXml('C2', 'c')}`,
    );
    for (const size of [1, 2, 3, 5, 8]) {
      const s = await sheetOf(xml, size);
      expect({ size, row: s.rows[1] }).toEqual({ size, row: ['a', 'x]]y</c>', 'c'] });
    }
  });
  test('rows out of order or repeated are a corrupt file (never read twice)', async () => {
    for (const data of [
      `<row r="3">${cellXml('A3', 'a')}</row><row r="2">${cellXml('A2', 'b')}</row>`,
      `<row r="2">${cellXml('A2', 'a')}</row><row r="2">${cellXml('A2', 'b')}</row>`,
      `<row r="2">${cellXml('B2', 'a')}${cellXml('A2', 'b')}</row>`,
    ])
      await expect(sheetOf(sheetXml(data))).rejects.toMatchObject({ code: 'file-corrupt' });
    const f = await put(
      'in.xlsx',
      rosterXlsx({
        研修記録: sheetXml(rowsXml(ROSTER['研修記録']) + `<row r="3">${cellXml('A3', '0002')}</row>`),
      }),
    );
    const run = await cli(['recalc', f, '-o', path.join(dir, 'o.xlsx')]);
    expect(run.code).toBe(1);
    expect(run.stderr.join('')).toContain('[file-corrupt]');
  });
  test('a DOCTYPE in workbook.xml (or a sheet) is refused as file-corrupt', async () => {
    const parts = packageParts(rosterSheets());
    parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace(
      '<workbook ',
      '<!DOCTYPE workbook [<!ENTITY e "x">]><workbook ',
    );
    const f = await put('in.xlsx', zipParts(parts));
    const out = path.join(dir, 'o.xlsx');
    const run = await cli(['recalc', f, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stderr.join('')).toContain('[file-corrupt]');
    expect(await exists(out)).toBe(false);
    await expect(
      sheetOf(`<!DOCTYPE x><worksheet xmlns="${MAIN_NS}"><sheetData/></worksheet>`),
    ).rejects.toMatchObject({
      code: 'file-corrupt',
    });
  });
  test('a comment in workbook.xml holding a <sheet> is no sheet', async () => {
    const parts = packageParts(rosterSheets());
    parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace(
      '<sheets>',
      `<!-- <sheet name="幽霊" sheetId="9" r:id="rId1"/> it's old --><sheets>`,
    );
    const f = await put('in.xlsx', zipParts(parts));
    const j = path.join(dir, 'r.json');
    expect((await cli(['recalc', f, '--json', j, '--as-of', '2026-01-31'])).code).toBe(0);
    expect(await fs.readFile(j, 'utf8')).not.toContain('幽霊');
  });
});

// ---------------------------------------------------------------------------------------------
describe('9. file-system errors', () => {
  const oneLine = (run: { code: number; stderr: string[] }, code: string, named: string) => {
    expect(run.code).toBe(1);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toContain(`[${code}]`);
    expect(run.stderr[0]).toContain(named);
    expect(run.stderr[0]).not.toMatch(/\.tmp|\.kr-|内部エラー|internal/);
  };

  test('a missing output folder and a folder that is a file: output-not-writable naming the target', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const out = path.join(dir, 'no-such-folder', 'out.xlsx');
    oneLine(await cli(['recalc', r, '-o', out]), 'output-not-writable', out);
    const j = path.join(dir, 'r.xlsx', 'x.json');
    oneLine(await cli(['recalc', r, '--json', j]), 'output-not-writable', j);
    oneLine(await cli(['export', r, '-o', out]), 'output-not-writable', out);
  });

  test('a read-only folder (EACCES) and a full disk (ENOSPC, injected): output-not-writable, no temp file left', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const out = path.join(dir, 'out.xlsx');
    const real = fs.open.bind(fs);
    for (const code of ['EACCES', 'ENOSPC', 'EROFS']) {
      const spy = jest.spyOn(fs, 'open').mockImplementation(async (p, flags, m) => {
        const fh = await real(p, flags as string, m as number);
        if (String(p).includes('.kr-') && code !== 'EACCES') {
          fh.write = (async () => {
            throw Object.assign(new Error(`${code}: injected`), { code, syscall: 'write' });
          }) as typeof fh.write;
          return fh;
        }
        if (String(p).includes('.kr-')) {
          await fh.close();
          throw Object.assign(new Error(`${code}: injected`), { code, syscall: 'open', path: String(p) });
        }
        return fh;
      });
      try {
        oneLine(await cli(['recalc', r, '-o', out, '--as-of', '2026-01-31']), 'output-not-writable', out);
      } finally {
        spy.mockRestore();
      }
      expect(await exists(out)).toBe(false);
      expect((await fs.readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    }
  });

  test('an output name of 250 bytes works (the temporary name is short)', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    const name = `${'長'.repeat(80)}${'x'.repeat(5)}.xlsx`;
    expect(Buffer.byteLength(name)).toBe(250);
    const out = path.join(dir, name);
    expect((await cli(['recalc', r, '-o', out, '--as-of', '2026-01-31'])).code).toBe(0);
    expect(await exists(out)).toBe(true);
    await writeBytesAtomic(path.join(dir, 'y'.repeat(255)), Buffer.from('ok'));
  });

  test('temporary files of a killed run are removed by the next run; those of a live run are kept', async () => {
    const r = await put('r.xlsx', rosterXlsx());
    // A process id that is not running: a finished child's.
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    const stale = path.join(dir, `.kr-${Number(dead).toString(36)}-0badc0de.tmp`);
    const live = path.join(dir, `.kr-${process.ppid.toString(36)}-0000c0de.tmp`);
    await fs.writeFile(stale, 'roster data', { mode: 0o600 });
    await fs.writeFile(live, 'in progress', { mode: 0o600 });
    expect((await cli(['recalc', r, '-o', path.join(dir, 'o.xlsx'), '--as-of', '2026-01-31'])).code).toBe(0);
    expect(await exists(stale)).toBe(false);
    expect(await exists(live)).toBe(true);
  });

  test('a missing input: file-not-found, the path named, no advice to re-save', async () => {
    const missing = path.join(dir, 'なし.xlsx');
    const run = await cli(['recalc', missing]);
    oneLine(run, 'file-not-found', missing);
    expect(run.stderr[0]).not.toContain('保存し直');
  });

  test('only regular files are read: /dev/zero and a FIFO are refused at once', async () => {
    const fifo = path.join(dir, 'pipe.xlsx');
    const mk = spawnSync('mkfifo', [fifo]);
    const inputs = ['/dev/zero', ...(mk.status === 0 ? [fifo] : [])];
    for (const f of inputs) {
      const run = await cli(['recalc', f]);
      expect(run.code).toBe(1);
      expect(run.stderr[0]).toContain('[file-not-xlsx]');
    }
    // The folder itself is no file either.
    expect((await cli(['recalc', dir])).code).toBe(1);
    expect(fsc.O_NONBLOCK).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Found by the sharded hostile campaign (scripts/fuzz/hostile.js, class bomb-junk: a part holding
// well-formed XML of another root, within every bound).
describe('fuzz findings: a part that is not what the package says it is', () => {
  const refused = async (buf: Buffer, code = 'file-corrupt') => {
    const f = await put('in.xlsx', buf);
    const out = path.join(dir, 'out.xlsx');
    const run = await cli(['recalc', f, '-o', out, '--as-of', '2026-01-31']);
    expect({ code: run.code, err: run.stderr.join('\n') }).toEqual({
      code: 1,
      err: expect.stringContaining(`[${code}]`),
    });
    expect(await exists(out)).toBe(false);
  };
  const withPart = (name: string, xml: string) => {
    const parts = packageParts(rosterSheets());
    parts[name] = xml;
    return zipParts(parts);
  };
  test('[Content_Types].xml without <Types>: file-corrupt, not an internal error (missing: not an .xlsx)', async () => {
    await refused(withPart('[Content_Types].xml', '<?xml version="1.0"?><x><!-- junk --></x>'));
    const parts: Record<string, string> = packageParts(rosterSheets());
    delete parts['[Content_Types].xml'];
    await refused(zipParts(parts), 'file-not-xlsx');
  });
  test('workbook relationships without the sheets’ targets: file-corrupt, never sheets read as absent', async () => {
    await refused(withPart('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><x><!-- junk --></x>'));
    // A worksheet relationship whose part is missing.
    const parts: Record<string, string> = packageParts(rosterSheets());
    delete parts['xl/worksheets/sheet3.xml'];
    await refused(zipParts(parts));
  });
  test('styles.xml whose root is not <styleSheet>: file-corrupt (the cells’ formats would be lost)', async () => {
    await refused(withPart('xl/styles.xml', '<?xml version="1.0"?><x><!-- junk --></x>'));
  });
});
