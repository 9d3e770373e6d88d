/**
 * `kakari-roster export` (SPEC §5.4, §6.2) and 実行履歴 across CLI runs (§5.3): the meeting
 * workbook's sheets, figures, print setup and privacy; the CSV; usage and fatal errors.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { promises as fs } from 'fs';
import * as iconv from 'iconv-lite';
import * as os from 'os';
import * as path from 'path';
import { main, type Io } from '../../src/cli/main';
import { generateRoster } from '../../src/sample/generate';
import { writeRosterXlsx } from '../../src/sample/writeSample';
import { HISTORY_HEADERS } from '../../src/sheets/plan-history';
import { DISTRICT_HEADERS } from '../../src/sheets/plan-district';
import type { ResultJson } from '../../src/sheets/result';
import {
  DOCTOR_IDS,
  DOCTOR_NAMES,
  FIXTURE_AS_OF,
  FIXTURE_TEXT_COLS,
  meetingFixture,
} from '../helpers/meeting-fixture';
import { xlsxBuffer } from '../helpers/workbook';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-export-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function fixtureFile(name = 'roster.xlsx'): Promise<string> {
  const p = path.join(dir, name);
  await fs.writeFile(p, await xlsxBuffer(meetingFixture(), FIXTURE_TEXT_COLS));
  return p;
}

type Cell = string | number | Date | null;
async function readSheet(file: string, sheet: string): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const out: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const arr: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (c, i) => {
      const v = c.value as unknown;
      arr[i - 1] =
        v && typeof v === 'object' && !(v instanceof Date) && 'result' in (v as object)
          ? (v as { result: Cell }).result
          : (v as Cell);
    });
    out[r - 1] = arr;
  });
  return out;
}
const at = (rows: Cell[][], r: number, c: number): Cell => rows[r - 1]?.[c - 1] ?? null;

async function jsonOf(input: string): Promise<ResultJson> {
  const json = path.join(dir, `${path.basename(input)}.json`);
  expect(await main(['recalc', input, '--json', json, '--as-of', FIXTURE_AS_OF], capture())).toBe(0);
  return JSON.parse(await fs.readFile(json, 'utf8')) as ResultJson;
}

const unzipText = async (file: string): Promise<Record<string, string>> =>
  Object.fromEntries(
    Object.entries(unzipSync(new Uint8Array(await fs.readFile(file)))).map(([k, v]) => [k, strFromU8(v)]),
  );

describe('export: the meeting workbook', () => {
  test('holds 会議資料 and 集計_地区 only, with every figure of the engine JSON; the input is untouched', async () => {
    const input = await fixtureFile();
    const before = await fs.readFile(input);
    const out = path.join(dir, 'meeting.xlsx');
    const io = capture();
    expect(await main(['export', input, '-o', out, '--as-of', FIXTURE_AS_OF], io)).toBe(0);
    expect(io.stdout).toEqual([
      `${input}\tOK\t医師 7（修了証あり 2／要件充足 1／未充足 3／記録なし 1）\t医療機関 6（準備完了 1／要対応 3／報告済 1／対象外 1）\t問題 エラー 1／警告 0`,
    ]);
    expect(io.stderr).toEqual([]);
    expect((await fs.readFile(input)).equals(before)).toBe(true);
    expect((await fs.readdir(dir)).sort()).toEqual(['meeting.xlsx', 'roster.xlsx']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['会議資料', '集計_地区']);

    const r = await jsonOf(input);
    const meeting = await readSheet(out, '会議資料');
    const district = await readSheet(out, '集計_地区');
    // prettier-ignore
    const figures = (d: ResultJson['districtTotal']) => [
      d.district, d.clinicsInScope, d.clinicsOutOfScope, d.clinicsWithCompleter, d.clinicsWithCompleterRate, d.clinicsReady,
      d.clinicsReported, d.clinicsActionNeeded, d.doctors, d.certified, d.eligible, d.inProgress, d.noRecords, d.completionRate,
    ];
    const rowOf = (rows: Cell[][], r0: number) => Array.from({ length: 14 }, (_, i) => at(rows, r0, i + 1));
    expect(rowOf(district, 1)).toEqual([...DISTRICT_HEADERS]);
    expect(rowOf(meeting, 17)).toEqual([...DISTRICT_HEADERS]);
    [...r.districts, r.districtTotal].forEach((d, i) => {
      expect(rowOf(district, 2 + i)).toEqual(figures(d));
      expect(rowOf(meeting, 18 + i)).toEqual(figures(d));
    });
    // rev 2 (Appendix C): A5/B5 the report window of the run.
    expect([at(meeting, 5, 1), at(meeting, 5, 2)]).toEqual([
      '報告期間',
      `${r.profile.reportWindowStart.replace(/-/g, '/')}〜${r.profile.reportWindowEnd.replace(/-/g, '/')}`,
    ]);
    const t = r.districtTotal;
    const atRisk = r.clinics.filter((c) => c.atRisk).length;
    expect(
      Array.from({ length: 10 }, (_, i) => [
        at(meeting, 6 + i, 1),
        at(meeting, 6 + i, 2),
        at(meeting, 6 + i, 3),
      ]),
    ).toEqual([
      ['医師数', t.doctors, null],
      ['修了証あり', t.certified, null],
      ['修了率', t.completionRate, null],
      ['要件充足', t.eligible, null],
      ['未充足', t.inProgress, null],
      ['記録なし', t.noRecords, null],
      ['対象医療機関数', t.clinicsInScope, null],
      ['修了者のいる医療機関数（割合）', t.clinicsWithCompleter, t.clinicsWithCompleterRate],
      ['準備完了', t.clinicsReady, null],
      ['要対応（うち間に合わない恐れ）', t.clinicsActionNeeded, atRisk],
    ]);
    expect(atRisk).toBe(2);
    expect(at(meeting, 1, 1)).toBe('かかりつけ医機能報告制度にかかる研修 修了・報告準備状況');
    expect(at(meeting, 2, 2)).toEqual(new Date(Date.UTC(2026, 2, 20)));
    expect(at(meeting, 3, 2)).toBe('座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）');
    expect(String(at(meeting, 4, 2))).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(JST\)$/);
    expect(at(meeting, meeting.length, 1)).toBe(
      '正式な修了は日本医師会（MAMIS）での承認により決定されます。本資料の『要件充足』は見込みです。',
    );
    // Formats: rates are % numbers, not text.
    const ws = wb.getWorksheet('会議資料')!;
    expect(ws.getCell('N18').numFmt).toBe('0.0%');
    expect(ws.getCell('B8').numFmt).toBe('0.0%');
    expect(wb.getWorksheet('集計_地区')!.getCell('E2').numFmt).toBe('0.0%');
  });

  test('no doctor name or ID in any part of the package; no formula; no marker names', async () => {
    const input = await fixtureFile();
    const out = path.join(dir, 'meeting.xlsx');
    expect(await main(['export', input, '-o', out, '--as-of', FIXTURE_AS_OF], capture())).toBe(0);
    const files = await unzipText(out);
    const all = Object.values(files).join('\n');
    for (const s of [...DOCTOR_NAMES, ...DOCTOR_IDS, '𠮷田', '髙橋']) expect(all).not.toContain(s);
    for (const [name, xml] of Object.entries(files))
      if (name.startsWith('xl/worksheets/')) expect(xml).not.toMatch(/<f[ >]/);
    const definedNames = [...files['xl/workbook.xml'].matchAll(/<definedName name="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(definedNames.every((n) => n === '_xlnm.Print_Titles')).toBe(true);
    expect(Object.keys(files).some((k) => k.startsWith('xl/externalLinks'))).toBe(false);
  });

  test('page setup in the written file: A4 landscape, one page wide, titles 1:4, footer &P / &N', async () => {
    const input = await fixtureFile();
    const out = path.join(dir, 'meeting.xlsx');
    expect(await main(['export', input, '-o', out, '--as-of', FIXTURE_AS_OF], capture())).toBe(0);
    const files = await unzipText(out);
    const wbXml = files['xl/workbook.xml'];
    const sheets = [...wbXml.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(sheets.map((s) => s[0])).toEqual(['会議資料', '集計_地区']);
    const target = (rid: string) =>
      'xl/' + new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(files['xl/_rels/workbook.xml.rels'])![1];
    const meetingXml = files[target(sheets[0][1])];
    expect(meetingXml).toContain('<pageSetUpPr fitToPage="1"/>');
    const ps = /<pageSetup [^>]*\/>/.exec(meetingXml)![0];
    expect(ps).toContain('paperSize="9"');
    expect(ps).toContain('orientation="landscape"');
    expect(ps).toContain('fitToWidth="1"');
    expect(ps).toContain('fitToHeight="0"');
    expect(meetingXml).toContain('<oddFooter>&amp;P / &amp;N</oddFooter>');
    expect(wbXml).toContain(
      '<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;会議資料&apos;!$1:$4</definedName>',
    );
    // 集計_地区 prints the same way with its header row repeated.
    const districtXml = files[target(sheets[1][1])];
    expect(/<pageSetup [^>]*\/>/.exec(districtXml)![0]).toMatch(
      /paperSize="9".*orientation="landscape".*fitToWidth="1" fitToHeight="0"/,
    );
    expect(wbXml).toContain(
      '<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;集計_地区&apos;!$1:$1</definedName>',
    );
    // The chart is inside the file.
    expect(files['xl/charts/chart1.xml']).toContain('<c:barDir val="col"/>');
    expect(meetingXml).toMatch(/<drawing r:id="rId\d+"\/><\/worksheet>$/);
  });

  test('the sample roster: no doctor name anywhere in the export', async () => {
    const data = generateRoster({ doctors: 300, seed: 7 });
    const input = path.join(dir, 'sample.xlsx');
    await writeRosterXlsx(data, input);
    const out = path.join(dir, 'meeting.xlsx');
    const io = capture();
    expect(await main(['export', input, '-o', out, '--as-of', '2026-01-31'], io)).toBe(0);
    const r = await jsonOf(input);
    const all = Object.values(await unzipText(out)).join('\n');
    const names = r.doctors.map((d) => d.name).filter((n): n is string => !!n && n.length >= 2);
    expect(names.length).toBeGreaterThan(250);
    for (const n of names) expect(all).not.toContain(n);
    for (const d of r.doctors) expect(all).not.toContain(`>${d.id}<`);
    // And the figures are the JSON's.
    const district = await readSheet(out, '集計_地区');
    expect(district.slice(1, r.districts.length + 2).map((row) => row[8])).toEqual(
      [...r.districts, r.districtTotal].map((d) => d.doctors),
    );
  });
});

describe('export: 要対応リスト as CSV', () => {
  test('utf8 by default: BOM, CRLF, the sheet columns', async () => {
    const input = await fixtureFile();
    const csv = path.join(dir, 'list.csv');
    const io = capture();
    expect(
      await main(
        ['export', input, '-o', path.join(dir, 'm.xlsx'), '--csv', csv, '--as-of', FIXTURE_AS_OF],
        io,
      ),
    ).toBe(0);
    const bytes = await fs.readFile(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      '区分,地区,医療機関コード,医療機関名,会員番号,氏名,不足,次の対応,理由,残り日数,間に合わない恐れ',
    );
    expect(lines).toHaveLength(8);
    expect(lines[1]).toBe(
      '申請待ち,小倉北区,1000001,小倉北クリニック,D002,𠮷田 花子,,要件充足：MAMISで修了申請を,,,',
    );
    expect(text).not.toMatch(/[^\r]\n/);
    expect(io.stderr).toEqual([]);
  });

  test('sjis: CP932 that iconv-lite decodes back; 〓 replacements reported on stderr', async () => {
    const input = await fixtureFile();
    const csv = path.join(dir, 'list.csv');
    const io = capture();
    expect(
      await main(
        [
          'export',
          input,
          '-o',
          path.join(dir, 'm.xlsx'),
          '--csv',
          csv,
          '--encoding',
          'sjis',
          '--as-of',
          FIXTURE_AS_OF,
        ],
        io,
      ),
    ).toBe(0);
    const text = iconv.decode(await fs.readFile(csv), 'cp932');
    const utf = path.join(dir, 'list-utf8.csv');
    expect(
      await main(
        ['export', input, '-o', path.join(dir, 'm2.xlsx'), '--csv', utf, '--as-of', FIXTURE_AS_OF],
        capture(),
      ),
    ).toBe(0);
    const expected = (await fs.readFile(utf)).subarray(3).toString('utf8').replace('𠮷', '〓');
    expect(text).toBe(expected);
    expect(text).toContain('髙橋 三郎');
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain('1 字');
    expect(io.stderr[0]).toContain('〓');
  });
});

describe('export: usage and input errors', () => {
  test.each([
    [['export'], 2],
    [['export', 'IN'], 2],
    [['export', 'IN', '-o', 'IN'], 2],
    [['export', 'IN', '-o', 'OUT', '--encoding', 'latin1'], 2],
    [['export', 'IN', '-o', 'OUT', '--as-of', '2026-02-30'], 2],
    [['export', 'IN', 'IN', '-o', 'OUT'], 2],
    [['export', 'IN', '-o', 'OUT', '--csv', 'OUT'], 2],
    [['export', 'IN', '-o', 'OUT', '--bogus'], 2],
  ])('%j exits %i without writing', async (args, code) => {
    const input = await fixtureFile('in.xlsx');
    const argv = args.map((a) => (a === 'IN' ? input : a === 'OUT' ? path.join(dir, 'out.xlsx') : a));
    const io = capture();
    expect(await main(argv, io)).toBe(code);
    expect(io.stderr.some((l) => l.startsWith('エラー: '))).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['in.xlsx']);
  });

  test('a file that is not xlsx: exit 1, one error line, NG summary, nothing written', async () => {
    const input = path.join(dir, 'notes.xlsx');
    await fs.writeFile(input, 'just text');
    const io = capture();
    expect(await main(['export', input, '-o', path.join(dir, 'm.xlsx')], io)).toBe(1);
    expect(io.stdout).toEqual([`${input}\tNG`]);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^エラー: .*\[file-not-xlsx\]$/);
    expect(await fs.readdir(dir)).toEqual(['notes.xlsx']);
  });

  test('a missing required sheet: exit 1 (fatal input problem)', async () => {
    const input = path.join(dir, 'x.xlsx');
    await fs.writeFile(input, await xlsxBuffer({ 研修記録: [['会員番号', '受講日', '区分']] }));
    const io = capture();
    expect(await main(['export', input, '-o', path.join(dir, 'm.xlsx')], io)).toBe(1);
    expect(io.stderr[0]).toContain('[sheet-missing]');
  });
});

describe('実行履歴 across CLI runs', () => {
  test('two runs with one changed record: the second row shows 新規要件充足 1; a third unchanged run shows zeros', async () => {
    const input = await fixtureFile();
    const run1 = path.join(dir, 'run1.xlsx');
    expect(await main(['recalc', input, '-o', run1, '--as-of', FIXTURE_AS_OF], capture())).toBe(0);

    // Staff correct one record on the tool's output: D004's 座学 3 → 5 units (now 座学5 + 実地1 = 10).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(run1);
    const training = wb.getWorksheet('研修記録')!;
    expect([training.getCell('A6').value, training.getCell('E6').value]).toEqual(['D004', 3]);
    training.getCell('E6').value = 5;
    const edited = path.join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);

    const run2 = path.join(dir, 'run2.xlsx');
    const io2 = capture();
    expect(await main(['recalc', edited, '-o', run2, '--as-of', FIXTURE_AS_OF], io2)).toBe(0);
    expect(io2.stdout[0]).toContain('医師 7（修了証あり 2／要件充足 2／未充足 2／記録なし 1）');
    const run3 = path.join(dir, 'run3.xlsx');
    expect(await main(['recalc', run2, '-o', run3, '--as-of', FIXTURE_AS_OF], capture())).toBe(0);

    const hist = await readSheet(run3, '実行履歴');
    expect(hist).toHaveLength(4);
    expect(hist[0]).toEqual([...HISTORY_HEADERS]);
    const col = (h: string) => HISTORY_HEADERS.indexOf(h);
    const pick = (row: Cell[], hs: string[]) => hs.map((h) => row[col(h)] ?? null);
    const cols = [
      '修了証あり',
      '要件充足',
      '未充足',
      '記録なし',
      '準備完了',
      '要対応',
      '新規修了',
      '新規要件充足',
      '新規準備完了',
    ];
    expect(pick(hist[1], cols)).toEqual([2, 1, 3, 1, 1, 3, null, null, null]);
    expect(pick(hist[2], cols)).toEqual([2, 2, 2, 1, 1, 3, 0, 1, 0]);
    expect(pick(hist[3], cols)).toEqual([2, 2, 2, 1, 1, 3, 0, 0, 0]);
    for (const row of hist.slice(1)) {
      expect(String(row[0])).toMatch(/\(JST\)$/);
      expect(row[1]).toEqual(new Date(Date.UTC(2026, 2, 20)));
      expect(pick(row, ['研修記録_読込', '研修記録_使用', '研修記録_除外', '研修記録_空行'])).toEqual([
        9, 7, 1, 1,
      ]);
    }
    // Counts only, never names.
    const flat = hist.flat().map(String).join('\n');
    for (const s of [...DOCTOR_NAMES, ...DOCTOR_IDS]) expect(flat).not.toContain(s);
    // Still exactly one chart after three runs.
    const files = await unzipText(run3);
    expect(Object.keys(files).filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k))).toHaveLength(1);
  });
});
