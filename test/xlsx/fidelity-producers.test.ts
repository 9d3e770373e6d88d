/**
 * Output Excel opens without a repair prompt, on workbooks as other producers write them
 * (issue 15; SPEC §6.2 "Fidelity", §5.1, §4.2). The fixtures are test/fixtures/<name>/roster.xlsx,
 * made by test/fixtures/make-fixtures.js (see the README there). For every fixture the writer
 * accepts, on the first run and on a re-run of its own output:
 *   - every part the writer creates or rewrites is well-formed and valid against the schema subsets
 *     of test/xlsx/schema (after markup-compatibility processing);
 *   - every part of the output has a content type; untouched entries are byte-identical;
 * and each defect of the issue has its own test below.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { strFromU8, unzipSync } from 'fflate';
import { main, type Io } from '../../src/cli/main';
import { dayFromIso, excelSerialFromDay } from '../../src/domain/day';
import { writtenValue } from '../../src/excel/apply';
import { recalc } from '../../src/sheets/recalc';
import { meetingWorkbookBytes } from '../../src/xlsx/export';
import { openXlsxBuffer, readPackageSnapshot } from '../../src/xlsx/package-read';
import { recalcFile } from '../../src/cli/recalc-file';
import { StyleBook } from '../../src/xlsx/styles';
import { UnknownPartContentError, setDefinedName } from '../../src/xlsx/workbook-parts';
import { localSpan, readCentralDirectory, type ZipEntry } from '../../src/xlsx/zip';
import { FIXTURES } from '../fixtures/make-fixtures';
import { applyMarkupCompatibility, checkParts, type PartCheck } from './schema/check';

const AS_OF_ISO = '2026-03-20';
const AS_OF = dayFromIso(AS_OF_ISO)!;
const NOW1 = new Date(Date.UTC(2026, 2, 20, 1, 15));
const NOW2 = new Date(Date.UTC(2026, 2, 21, 6, 40));
const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures');
/** Fixtures the writer refuses (each has its own test). */
const REFUSED = new Set(['strict', 'last-column-used']);
const WRITTEN = Object.keys(FIXTURES).filter((n) => !REFUSED.has(n));

const fixture = (name: string): Promise<Buffer> => fs.readFile(path.join(FIXTURE_DIR, name, 'roster.xlsx'));
const texts = (buf: Uint8Array): Record<string, string> =>
  Object.fromEntries(Object.entries(unzipSync(buf)).map(([k, v]) => [k, strFromU8(v)]));

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** The local record and the central record without its offset: what "byte-identical" compares. */
function entryIdentity(buf: Uint8Array, e: ZipEntry): Buffer {
  const { end } = localSpan(buf, e);
  const central = Buffer.from(e.central);
  central.fill(0, e.offsetField.at, e.offsetField.at + e.offsetField.size);
  return Buffer.concat([Buffer.from(buf.subarray(e.localOffset, end)), central]);
}

/** Parts of `after` that are new or differ from `before`. */
const written = (before: Record<string, string>, after: Record<string, string>): string[] =>
  Object.keys(after).filter((k) => before[k] !== after[k]);

/** Content type of a part by [Content_Types].xml (Override, else Default of its extension). */
function contentType(ct: string, part: string): string | null {
  for (const m of ct.matchAll(/<Override\b[^>]*>/g)) {
    if (/PartName="([^"]*)"/.exec(m[0])![1].toLowerCase() === `/${part}`.toLowerCase())
      return /ContentType="([^"]*)"/.exec(m[0])![1];
  }
  const ext = /\.([^./]+)$/.exec(part)?.[1]?.toLowerCase();
  for (const m of ct.matchAll(/<Default\b[^>]*>/g)) {
    if (/Extension="([^"]*)"/.exec(m[0])![1].toLowerCase() === ext)
      return /ContentType="([^"]*)"/.exec(m[0])![1];
  }
  return null;
}

interface Run {
  input: Buffer;
  out1: Buffer;
  out2: Buffer;
}
const runs = new Map<string, Run>();
const failures = new Map<string, unknown>();
/** The runs of a fixture (its error when the writer failed on it). */
function runOf(name: string): Run {
  const r = runs.get(name);
  if (!r) throw failures.get(name) ?? new Error(`no run of ${name}`);
  return r;
}
/** Schema check results: `${fixture}|${phase}` → one per part (input: all its XML parts). */
const checks = new Map<string, PartCheck[]>();
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-producers-'));
  for (const name of WRITTEN) {
    const input = await fixture(name);
    const inFile = path.join(dir, `${name}.xlsx`);
    const o1 = path.join(dir, `${name}.out1.xlsx`);
    const o2 = path.join(dir, `${name}.out2.xlsx`);
    await fs.writeFile(inFile, input);
    try {
      await recalcFile(inFile, { out: o1, asOf: AS_OF, now: NOW1 });
      await recalcFile(o1, { out: o2, asOf: AS_OF, now: NOW2 });
      runs.set(name, { input, out1: await fs.readFile(o1), out2: await fs.readFile(o2) });
    } catch (e) {
      // Reported by this fixture's tests (runOf), so one fixture's failure does not hide the others.
      failures.set(name, e);
    }
  }
  // Every part to check, of every fixture, in one schema-check run.
  const jobs: { key: string; part: string; xml: string }[] = [];
  for (const name of WRITTEN) {
    for (const [p, xml] of Object.entries(texts(await fixture(name))))
      if (/\.(xml|rels)$/.test(p)) jobs.push({ key: `${name}|input`, part: p, xml });
  }
  for (const [name, r] of runs) {
    const t = { input: texts(r.input), out1: texts(r.out1), out2: texts(r.out2) };
    for (const p of written(t.input, t.out1)) jobs.push({ key: `${name}|out1`, part: p, xml: t.out1[p] });
    for (const p of written(t.out1, t.out2)) jobs.push({ key: `${name}|out2`, part: p, xml: t.out2[p] });
  }
  const results = await checkParts(jobs.map((j) => [j.part, j.xml] as const));
  jobs.forEach((j, i) => checks.set(j.key, [...(checks.get(j.key) ?? []), results[i]]));
}, 240_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('the committed fixtures are what make-fixtures.js builds', async () => {
  const { buildFixtures, partsOf } = await import('../fixtures/make-fixtures');
  for (const [name, bytes] of Object.entries(buildFixtures())) {
    expect(partsOf(await fixture(name))).toEqual(partsOf(bytes));
  }
});

test('the schema check catches what the issue found: misplaced elements, broken XML, bad counts of items', async () => {
  const wb = (body: string) =>
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${body}</workbook>`;
  const sheets = '<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets>';
  const names = '<definedNames><definedName name="x">A!$A$1</definedName></definedNames>';
  const [good, misplaced, broken, col, rels] = await checkParts([
    ['good.xml', wb(`<bookViews/>${sheets}${names}<calcPr/>`)],
    ['misplaced.xml', wb(`${names}<bookViews/>${sheets}`)],
    ['broken.xml', wb(sheets).replace('xmlns:r=', 'xmlns:r="x" xmlns:r=')],
    [
      'sheet.xml',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="x"/></row></sheetData><cols><col min="1" max="1"/></cols></worksheet>',
    ],
    [
      'a.rels',
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="t" Target="a"/><Relationship Id="rId1" Type="t" Target="b"/></Relationships>',
    ],
  ]);
  expect(good).toEqual({ part: 'good.xml', schema: 'sml-subset.xsd', errors: [] });
  expect(misplaced.schema).toBe('sml-subset.xsd');
  expect(misplaced.errors.join('\n')).toMatch(/definedNames/);
  expect(broken.errors.join('\n')).toMatch(/not well-formed: .*redefined/);
  expect(col.errors.length).toBeGreaterThanOrEqual(2);
  expect(rels.errors.join('\n')).toMatch(/rId1/);
});

describe.each(WRITTEN)('%s', (name) => {
  test('the input parts are valid (the fixture itself is sound)', async () => {
    const results = checks.get(`${name}|input`)!;
    expect(results.length).toBeGreaterThan(8);
    expect(results.filter((x) => x.errors.length)).toEqual([]);
  });

  test.each([
    ['first run', 'input', 'out1'],
    ['re-run', 'out1', 'out2'],
  ] as const)('%s: every created or rewritten part is well-formed and schema-valid', (_l, from, to) => {
    const r = runOf(name);
    const changed = written(texts(r[from]), texts(r[to]));
    expect(changed.length).toBeGreaterThan(0);
    const results = checks.get(`${name}|${to}`)!;
    expect(results.map((x) => x.part)).toEqual(changed);
    // Every part the writer writes is one the subsets cover (none is only checked for form).
    expect(results.filter((x) => x.schema === null).map((x) => x.part)).toEqual([]);
    expect(results.filter((x) => x.errors.length)).toEqual([]);
  });

  test('every part of the output has a content type; no Override names a missing part', () => {
    for (const out of [runOf(name).out1, runOf(name).out2]) {
      const parts = texts(out);
      const ct = parts['[Content_Types].xml'];
      const missing = Object.keys(parts).filter((p) => p !== '[Content_Types].xml' && !contentType(ct, p));
      expect(missing).toEqual([]);
      const dangling = [...ct.matchAll(/PartName="\/([^"]*)"/g)]
        .map((m) => m[1])
        .filter((p) => !Object.keys(parts).some((k) => k.toLowerCase() === p.toLowerCase()));
      expect(dangling).toEqual([]);
    }
  });

  test('entries the writer did not change are byte-identical, compressed data included', () => {
    const r = runOf(name);
    const before = texts(r.input);
    const after = texts(r.out1);
    const inE = new Map(readCentralDirectory(r.input).map((e) => [e.name, e]));
    const outE = new Map(readCentralDirectory(r.out1).map((e) => [e.name, e]));
    const same = Object.keys(before).filter((k) => after[k] === before[k]);
    expect(same.length).toBeGreaterThan(0);
    for (const k of same)
      expect(entryIdentity(r.out1, outE.get(k)!)).toEqual(entryIdentity(r.input, inE.get(k)!));
  });
});

// ---------------------------------------------------------------------------------------------
// The defects, one by one

/** Local names of the root's children in a part (after markup-compatibility processing). */
function childOrder(xml: string): string[] {
  const body = applyMarkupCompatibility(xml);
  const out: string[] = [];
  let depth = 0;
  for (const m of body.matchAll(/<(\/?)([\w.:-]+)[^>]*?(\/?)>/g)) {
    if (m[0].startsWith('<?')) continue;
    if (m[1]) depth--;
    else {
      if (depth === 1) out.push(m[2].replace(/^[\w.-]+:/, ''));
      if (!m[3]) depth++;
    }
  }
  return out;
}

describe('1. workbook.xml element order (Excel 2013+ with mc:AlternateContent)', () => {
  const WB =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr" ' +
    'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision">' +
    '<fileVersion appName="xl"/><workbookPr/>' +
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15">' +
    '<x15ac:absPath url="C:\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>' +
    '<xr:revisionPtr revIDLastSave="0"/><bookViews><workbookView/></bookViews>' +
    '<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/><extLst/></workbook>';

  test('a new <definedNames> goes after <sheets> and before <calcPr>, not before the AlternateContent', () => {
    const out = setDefinedName(WB, '_KakariRoster_X', null, "'X'!$A$1");
    expect(out.indexOf('<definedNames>')).toBeGreaterThan(out.indexOf('</sheets>'));
    expect(out.indexOf('<definedNames>')).toBeLessThan(out.indexOf('<calcPr'));
  });

  test('an element the sequence does not know is refused, not guessed around', () => {
    const odd = WB.replace('<calcPr', '<mystery/><calcPr');
    expect(() => setDefinedName(odd, 'N', null, 'A!$A$1')).toThrow(UnknownPartContentError);
  });

  test('the output of the Excel 2013+ fixture lists its children in CT_Workbook order', () => {
    const wb = texts(runOf('excel2013-alternate-content').out1)['xl/workbook.xml'];
    expect(childOrder(wb)).toEqual([
      'fileVersion',
      'workbookPr',
      'bookViews',
      'sheets',
      'definedNames',
      'calcPr',
      'extLst',
    ]);
  });

  test('the CLI refuses a workbook.xml with an unknown element before writing anything', async () => {
    const parts = unzipSync(await fixture('no-shared-strings'));
    const wb = strFromU8(parts['xl/workbook.xml']).replace('<calcPr', '<mystery/><calcPr');
    const { zipSync, strToU8 } = await import('fflate');
    const file = path.join(dir, 'unknown-element.xlsx');
    await fs.writeFile(file, zipSync({ ...parts, 'xl/workbook.xml': strToU8(wb) }));
    const out = path.join(dir, 'unknown-element.out.xlsx');
    const io = capture();
    expect(await main(['recalc', file, '-o', out, '--as-of', AS_OF_ISO], io)).toBe(1);
    expect(io.stderr.join('\n')).toContain('<mystery>');
    await expect(fs.access(out)).rejects.toThrow();
  });
});

describe('2. Strict Open XML packages', () => {
  test('are refused before writing: one message, exit 1, no file, NG', async () => {
    const file = path.join(dir, 'strict.xlsx');
    await fs.writeFile(file, await fixture('strict'));
    const out = path.join(dir, 'strict.out.xlsx');
    const io = capture();
    expect(await main(['recalc', file, '-o', out, '--as-of', AS_OF_ISO], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(
      /^エラー: .*Strict Open XML.*Excel ブック（\*\.xlsx）.* \/ Error: .*Strict Open XML.*\[file-not-xlsx\]$/,
    );
    expect(io.stdout.join('\n')).toContain('\tNG');
    await expect(fs.access(out)).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((f) => f.includes('strict.out'))).toEqual([]);
  });

  test('are still read and judged when nothing is written', async () => {
    const file = path.join(dir, 'strict.xlsx');
    await fs.writeFile(file, await fixture('strict'));
    const io = capture();
    expect(await main(['recalc', file, '--as-of', AS_OF_ISO], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('\tOK\t医師 3');
  });
});

describe('3. styles.xml with mc:AlternateContent inside lists (Hancell)', () => {
  /** Items of each list after markup-compatibility processing, and the count attribute. */
  function lists(xml: string): Record<string, { count: number; items: number }> {
    const mce = applyMarkupCompatibility(xml);
    const out: Record<string, { count: number; items: number }> = {};
    for (const [list, item] of [
      ['numFmts', 'numFmt'],
      ['fonts', 'font'],
      ['fills', 'fill'],
      ['cellXfs', 'xf'],
      ['dxfs', 'dxf'],
    ]) {
      const m = new RegExp(`<${list}\\b([^>]*?)(/>|>([\\s\\S]*?)</${list}>)`).exec(mce);
      if (!m) continue;
      out[list] = {
        count: Number(/count="(\d+)"/.exec(m[1])?.[1] ?? -1),
        items: (m[3] ?? '').match(new RegExp(`<${item}\\b`, 'g'))?.length ?? 0,
      };
    }
    return out;
  }

  test('one branch is counted: indices and counts match what a consumer sees', () => {
    const input = texts(runOf('hancell-styles').input)['xl/styles.xml'];
    const book = StyleBook.parse(input);
    expect(book.xfCount).toBe(3);
    for (const out of [runOf('hancell-styles').out1, runOf('hancell-styles').out2]) {
      const styles = texts(out)['xl/styles.xml'];
      const l = lists(styles);
      for (const [list, x] of Object.entries(l)) expect([list, x.count]).toEqual([list, x.items]);
      // Every cell format points at a font that exists; the owned header's font is bold.
      const mce = applyMarkupCompatibility(styles);
      const fonts = [...mce.matchAll(/<font>([\s\S]*?)<\/font>|<font\/>/g)].map((m) => m[0]);
      const xfs = [.../<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(mce)![1].matchAll(/<xf\b[^>]*>/g)].map(
        (m) => m[0],
      );
      for (const xf of xfs) expect(Number(/fontId="(\d+)"/.exec(xf)?.[1] ?? 0)).toBeLessThan(fonts.length);
      const sheet = texts(out)['xl/worksheets/sheet1.xml'];
      const header = /<c r="E1" s="(\d+)"/.exec(sheet)!;
      const fontId = Number(/fontId="(\d+)"/.exec(xfs[Number(header[1])])![1]);
      expect(fonts[fontId]).toContain('<b/>');
    }
  });
});

describe('3b. styles.xml lists the writer adds', () => {
  const SS = (body: string) =>
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" ' +
    `xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">${body}</styleSheet>`;
  const FONTS = '<fonts count="1"><font><sz val="11"/></font></fonts>';
  const XFS = '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>';

  test('a missing <numFmts> goes at its place in CT_Stylesheet, after skipped extension content', () => {
    const book = StyleBook.parse(SS(`<x14ac:note/>${FONTS}${XFS}<extLst/>`));
    book.withNumFmt(0, '0.0');
    const xml = book.toXml();
    expect(childOrder(xml)).toEqual(['numFmts', 'fonts', 'cellXfs', 'extLst']);
  });

  test('an element CT_Stylesheet does not know, where a list must be added, is refused', () => {
    const book = StyleBook.parse(SS(`<mystery/>${FONTS}${XFS}`));
    book.withNumFmt(0, '0.0');
    expect(() => book.toXml()).toThrow(UnknownPartContentError);
  });
});

describe('4. content types when .rels parts are listed one by one (LibreOffice 4.1)', () => {
  test('each new .rels part gets an Override', () => {
    const r = runOf('libreoffice41-content-types')!;
    const before = texts(r.input);
    const after = texts(r.out1);
    const ct = after['[Content_Types].xml'];
    expect(ct).not.toMatch(/Extension="rels"/);
    const newRels = Object.keys(after).filter((p) => p.endsWith('.rels') && !(p in before));
    expect(newRels.length).toBeGreaterThan(0);
    for (const p of newRels)
      expect([p, contentType(ct, p)]).toEqual([
        p,
        'application/vnd.openxmlformats-package.relationships+xml',
      ]);
  });
});

describe('5. the workbook part where _rels/.rels points', () => {
  test('is read and written there; new sheets go beside it', async () => {
    const r = runOf('workbook-elsewhere')!;
    const after = texts(r.out1);
    expect(after['xl/workbook.xml']).toBeUndefined();
    expect(after['book/main.xml']).toContain('_KakariRoster_会議資料');
    const snap = await readPackageSnapshot(openXlsxBuffer(r.out2));
    expect(snap.snapshot.sheets.map((s) => s.name)).toEqual([
      '医師',
      '研修記録',
      '設定', // rev 2 (§2.5): a created 設定 sits before the first owned sheet
      '集計_地区',
      '会議資料',
      '要対応リスト',
      '入力チェック',
      '実行履歴',
    ]);
    const history = snap.snapshot.sheets.find((s) => s.name === '実行履歴')!;
    expect(history.rows.filter((row) => row && row.some((v) => v !== null)).length).toBe(3);
    expect(Object.keys(after).filter((p) => p.startsWith('book/worksheets/')).length).toBeGreaterThan(0);
  });
});

describe('6. owned columns past XFD', () => {
  test('a fatal error naming the sheet; nothing written', async () => {
    const file = path.join(dir, 'last-column.xlsx');
    await fs.writeFile(file, await fixture('last-column-used'));
    const out = path.join(dir, 'last-column.out.xlsx');
    const io = capture();
    expect(await main(['recalc', file, '-o', out, '--as-of', AS_OF_ISO], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain('シート「医師」には判定列を追加する列が残っていません');
    expect(io.stderr[0]).toContain('[owned-column-blocked]');
    await expect(fs.access(out)).rejects.toThrow();
  });
});

describe('7. 1904 workbooks: dates in the workbook’s own date system', () => {
  const serial1904 = excelSerialFromDay(AS_OF) - 1462;

  test('the CLI writes 会議資料 基準日 and 実行履歴 基準日 as 1904 serials', () => {
    for (const out of [runOf('date1904').out1, runOf('date1904').out2]) {
      const parts = texts(out);
      const wb = parts['xl/workbook.xml'];
      const rels = parts['xl/_rels/workbook.xml.rels'];
      const partOf = (sheet: string): string => {
        const rid = new RegExp(`<sheet name="${sheet}" sheetId="\\d+" r:id="(\\w+)"`).exec(wb)![1];
        return `xl/${new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`;
      };
      const cellValue = (sheet: string, ref: string): number =>
        Number(new RegExp(`<c r="${ref}"[^>]*><v>([^<]+)</v>`).exec(parts[partOf(sheet)])![1]);
      expect(cellValue('会議資料', 'B2')).toBe(serial1904);
      expect(cellValue('実行履歴', 'B2')).toBe(serial1904);
      // The chart states the workbook's date system too (§21.2.2.38).
      const charts = Object.keys(parts).filter((p) => p.startsWith('xl/charts/'));
      expect(charts.map((p) => /<c:date1904 val="(\d)"/.exec(parts[p])?.[1])).toEqual(['1']);
    }
  });

  test('the plan the Office.js writer applies carries 1904 serials; the meeting export moves them back', async () => {
    const snap = (await readPackageSnapshot(openXlsxBuffer(await fixture('date1904')))).snapshot;
    expect(snap.date1904).toBe(true);
    const { plan } = recalc(snap, { asOf: AS_OF, now: NOW1 });
    expect(plan.date1904).toBe(true);
    const meeting = plan.sheets.find((s) => s.name === '会議資料')!;
    expect(writtenValue(meeting.rows[1][1])).toBe(serial1904);
    const history = plan.sheets.find((s) => s.name === '実行履歴')!;
    expect(writtenValue(history.append!.row[1])).toBe(serial1904);
    // The same roster in the 1900 system gives the 1900 serial.
    const { plan: plan1900 } = recalc({ ...snap, date1904: false }, { asOf: AS_OF, now: NOW1 });
    expect(writtenValue(plan1900.sheets.find((s) => s.name === '会議資料')!.rows[1][1])).toBe(
      excelSerialFromDay(AS_OF),
    );
    // The export is a new 1900-system workbook: the date is the 1900 serial there.
    const exported = texts(await meetingWorkbookBytes(plan));
    expect(exported['xl/workbook.xml']).not.toContain('date1904');
    expect(exported['xl/worksheets/sheet1.xml']).toMatch(
      new RegExp(`<c r="B2"[^>]*><v>${excelSerialFromDay(AS_OF)}</v>`),
    );
  });
});

describe('8. cells without an r attribute', () => {
  test('keep having none on the first run and on a re-run', () => {
    const r = runOf('cells-without-r')!;
    const rowsOf = (buf: Uint8Array): string[] => {
      const sheet = texts(buf)['xl/worksheets/sheet1.xml'];
      return [2, 3, 4].map((n) => new RegExp(`<row r="${n}"[^>]*>[\\s\\S]*?</row>`).exec(sheet)![0]);
    };
    const bare = (row: string): number => (row.match(/<c(?=[ >])(?![^>]*\sr=)/g) ?? []).length;
    const input = rowsOf(r.input);
    expect(input.map(bare)).toEqual([4, 4, 0]);
    expect(rowsOf(r.out1).map(bare)).toEqual([4, 4, 0]);
    expect(rowsOf(r.out2).map(bare)).toEqual([4, 4, 0]);
  });
});
