/**
 * Formula and CSV injection (SPEC §5.1.11, §5.4, §7): user text that starts with = + - @, a tab or
 * a CR — in names, kana, titles, districts, IDs, clinic names, sheet names — is written as text
 * everywhere: as string cells (t="s" / inlineStr, never <f>) in the workbook the CLI writes,
 * including 入力チェック's 値 column that echoes bad values, and with a ' prefix in the CSV. The
 * only formulas the tool writes are its own HYPERLINKs on 入力チェック, with the sheet name quoted
 * so that no user text can leave the string literal. Personal data never reaches the meeting
 * export or 実行履歴.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { promises as fs } from 'fs';
import * as path from 'path';
import { cli, tempDir, xmlCells, type XmlCell } from './xlsx';

/** A CR cannot pass through ExcelJS as a raw character: written as Excel does, _x000D_. */
const CR = '\u2063CR\u2063';

const PAYLOADS = {
  eq: '=HYPERLINK("http://evil.example/a","a")',
  dde: "=cmd|' /C calc'!A0",
  plus: '+SUM(1,1)',
  minus: '-2+3',
  at: '@SUM(A1)',
  tab: '\t=1+1',
  cr: `${CR}=1+1`,
  fullWidth: '＝１＋１',
};

const DANGEROUS = /^[=+\-@\t\r\n]|^[＝＋－＠]/;

/** A string cell: a shared string or an inline string (both writers' choices are text). */
const TEXT = expect.stringMatching(/^(s|inlineStr)$/);

const doctorRows = (): unknown[][] => {
  const rows: unknown[][] = [['会員番号', '氏名', 'フリガナ', '医療機関コード', '地区']];
  Object.entries(PAYLOADS).forEach(([k, p], i) => {
    // IDs are trimmed (SPEC §4.3): a payload with a leading tab still starts with '=' afterwards.
    rows.push([`${p.replace(CR, '')}${i}`, `${p}氏${k}`, `${p}ｶﾅ`, i < 4 ? '4017716434' : null, `${p}区`]);
  });
  return rows;
};

const trainingRows = (): unknown[][] => {
  const rows: unknown[][] = [['会員番号', '受講日', '区分', '研修名', '単位', '承認']];
  Object.values(PAYLOADS).forEach((p, i) => {
    // 10 units of 座学 and no 実地: every doctor is 実地のみ不足 and appears on 要対応リスト.
    rows.push([`${p.replace(CR, '')}${i}`, '2025/10/01', '座学', `${p}講座`, 10, null]);
  });
  rows.push(['=9+9', '2025/10/02', '座学', 'x', 1, null]); // unknown doctor: 値 echoes "=9+9"
  rows.push([`${PAYLOADS.eq}0`, '2025/10/03', '座学', 'y', '=2*3', null]); // units-not-number: 値 "=2*3"
  rows.push([`${PAYLOADS.eq}0`, '+2025/10/04', '座学', 'z', 1, null]); // date-invalid: 値 "+2025/10/04"
  return rows;
};

const clinicRows = (): unknown[][] => [
  ['医療機関コード', '名称', '地区', 'G-MIS'],
  ['4017716434', '=HYPERLINK("http://evil.example/c","c")', '@医療機関の区', null],
];

async function writeInput(
  file: string,
  sheets: Record<string, unknown[][]>,
  tableSheet?: { name: string; table: string },
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    if (tableSheet && name === tableSheet.table) {
      const ws = wb.addWorksheet(tableSheet.name);
      ws.addTable({
        name: tableSheet.table,
        ref: 'A1',
        headerRow: true,
        columns: (rows[0] as string[]).map((h) => ({ name: h })),
        rows: rows.slice(1) as ExcelJS.CellValue[][],
      });
      continue;
    }
    const ws = wb.addWorksheet(name);
    rows.forEach((r, i) =>
      r.forEach(
        (v, j) => v !== null && v !== undefined && (ws.getCell(i + 1, j + 1).value = v as ExcelJS.CellValue),
      ),
    );
  }
  // Patch the CR marker into the shared strings as Excel writes a CR: _x000D_.
  const files = unzipSync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  files['xl/sharedStrings.xml'] = strToU8(strFromU8(files['xl/sharedStrings.xml']).split(CR).join('_x000D_'));
  await fs.writeFile(file, zipSync(files));
}

/** Splits a formula into string literals ("" is an escaped quote) and the code between them. */
function literalsOf(formula: string): { code: string; literals: string[] } {
  let code = '';
  const literals: string[] = [];
  const re = /"((?:[^"]|"")*)"/g;
  let last = 0;
  for (const m of formula.matchAll(re)) {
    code += formula.slice(last, m.index) + '""';
    literals.push(m[1].replace(/""/g, '"'));
    last = m.index! + m[0].length;
  }
  code += formula.slice(last);
  return { code, literals };
}

/** The one formula the tool writes: =HYPERLINK("#'<sheet>'!A1","A1") on 入力チェック column C. */
function expectOwnHyperlink(sheet: string, c: XmlCell, sheetNames: string[]): void {
  expect(sheet).toBe('入力チェック');
  expect(c.ref).toMatch(/^C\d+$/);
  const { code, literals } = literalsOf(c.formula!);
  // Outside its string literals the formula is exactly HYPERLINK(<text>,<text>): nothing injected.
  expect(code).toBe('HYPERLINK("","")');
  const m = /^#'((?:[^']|'')*)'!([A-Z]+\d+)$/.exec(literals[0]);
  expect(m).not.toBeNull();
  expect(sheetNames).toContain(m![1].replace(/''/g, "'"));
  expect(literals[1]).toBe(m![2]);
}

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('formula injection: user text is written as text', () => {
  test('CLI recalc: every user text starting with = + - @ tab CR is a string cell; the only formulas are the own HYPERLINKs', async () => {
    const input = path.join(dir, 'in.xlsx');
    const out = path.join(dir, 'out.xlsx');
    await writeInput(input, { 医師: doctorRows(), 研修記録: trainingRows(), 医療機関: clinicRows() });
    const run = await cli(['recalc', input, '-o', out, '--as-of', '2026-01-31']);
    expect(run.code).toBe(0);

    const sheets = xmlCells(await fs.readFile(out));
    const names = [...sheets.keys()];
    let dangerousText = 0;
    for (const [sheet, cells] of sheets) {
      for (const c of cells) {
        if (c.formula !== null) {
          expectOwnHyperlink(sheet, c, names);
          continue;
        }
        expect(c.type).not.toBe('str'); // a formula's text result without its formula
        if (c.text !== null && DANGEROUS.test(c.text)) {
          dangerousText++;
          expect({ sheet, ref: c.ref, type: c.type }).toEqual({
            sheet,
            ref: c.ref,
            type: expect.stringMatching(/^(s|inlineStr)$/),
          });
        }
      }
    }
    expect(dangerousText).toBeGreaterThan(30);

    const texts = (sheet: string, col: string) =>
      (sheets.get(sheet) ?? [])
        .filter((c) => c.ref.replace(/\d+$/, '') === col)
        .map((c) => ({ text: c.text, type: c.type, f: c.formula }));
    // 入力チェック echoes the bad values in 値 (column F) as text.
    for (const bad of ['=9+9', '=2*3', '+2025/10/04']) {
      expect(texts('入力チェック', 'F')).toContainEqual({ text: bad, type: TEXT, f: null });
    }
    // Districts (集計_地区 A), names and clinic names (要対応リスト) as text.
    expect(texts('集計_地区', 'A')).toContainEqual({ text: `${PAYLOADS.dde}区`, type: TEXT, f: null });
    expect(texts('集計_地区', 'A')).toContainEqual({ text: '@医療機関の区', type: TEXT, f: null });
    const followUp = (sheets.get('要対応リスト') ?? []).map((c) => c.text);
    expect(followUp).toContain(`${PAYLOADS.eq}氏eq`);
    expect(followUp).toContain('=HYPERLINK("http://evil.example/c","c")');
    expect(followUp).toContain(`${PAYLOADS.minus}氏minus`);
    // The CR survives as a CR inside a string cell, never as a line that starts a formula.
    expect(
      (sheets.get('医師') ?? []).some(
        (c) => c.text === '\r=1+1氏cr' && (c.type === 's' || c.type === 'inlineStr'),
      ),
    ).toBe(true);
  });

  test('a sheet name holding quotes cannot break out of the 入力チェック HYPERLINK', async () => {
    const input = path.join(dir, 'in.xlsx');
    const out = path.join(dir, 'out.xlsx');
    const evil = '名簿",0)+HYPERLINK("evil.example'; // 30 characters, all allowed in a sheet name
    const doctors = [
      ['会員番号', '氏名'],
      ['0001', null],
      ['0002', 'B'],
    ]; // a blank name: an issue on that sheet
    await writeInput(
      input,
      {
        医師: doctors,
        研修記録: [
          ['会員番号', '受講日', '区分', '単位'],
          ['0001', '2025/10/01', '座学', 1],
        ],
      },
      { name: evil, table: '医師' },
    );
    const run = await cli(['recalc', input, '-o', out, '--as-of', '2026-01-31']);
    expect(run.code).toBe(0);
    const sheets = xmlCells(await fs.readFile(out));
    expect([...sheets.keys()]).toContain(evil);
    const links = (sheets.get('入力チェック') ?? []).filter((c) => c.formula !== null);
    expect(links.length).toBeGreaterThan(0);
    for (const c of links) expectOwnHyperlink('入力チェック', c, [...sheets.keys()]);
    expect(links.map((c) => literalsOf(c.formula!).literals[0])).toContain(`#'${evil}'!B2`);
  });
});

describe('CSV injection and privacy of the exports', () => {
  test("要対応リスト as CSV: dangerous text fields get a ' prefix, numbers never", async () => {
    const input = path.join(dir, 'in.xlsx');
    await writeInput(input, { 医師: doctorRows(), 研修記録: trainingRows(), 医療機関: clinicRows() });
    const csvFile = path.join(dir, 'list.csv');
    const run = await cli([
      'export',
      input,
      '-o',
      path.join(dir, 'meeting.xlsx'),
      '--csv',
      csvFile,
      '--as-of',
      '2026-01-31',
    ]);
    expect(run.code).toBe(0);
    const text = (await fs.readFile(csvFile, 'utf8')).replace(/^\uFEFF/, '');
    const fields = parseCsv(text).flat();
    expect(fields.length).toBeGreaterThan(20);
    for (const f of fields) {
      if (f === '' || /^-?\d+(\.\d+)?$/.test(f)) continue; // numbers (残り日数) are never prefixed
      expect(DANGEROUS.test(f) ? f : 'safe').toBe('safe');
    }
    expect(fields).toContain(`'${PAYLOADS.eq}氏eq`);
    expect(fields).toContain(`'${PAYLOADS.at}氏at`);
  });

  test('no personal data (names, kana, member IDs, clinic names) in the meeting export or 実行履歴', async () => {
    const input = path.join(dir, 'in.xlsx');
    const rows = [
      ['会員番号', '氏名', 'フリガナ', '医療機関コード', '地区'],
      ...['山田太郎', '鈴木花子'].map((n, i) => [`M-77${i}`, n, `ﾔﾏﾀﾞ${i}`, '4017716434', '小倉北区']),
    ];
    const training = [
      ['会員番号', '受講日', '区分', '研修名', '単位'],
      ['M-770', '2025/10/01', '座学', '秘密の講座', 10],
    ];
    await writeInput(input, {
      医師: rows,
      研修記録: training,
      医療機関: [
        ['医療機関コード', '名称'],
        ['4017716434', '坂口こどもクリニック'],
      ],
    });
    const meeting = path.join(dir, 'meeting.xlsx');
    expect((await cli(['export', input, '-o', meeting, '--as-of', '2026-01-31'])).code).toBe(0);
    const out = path.join(dir, 'out.xlsx');
    expect((await cli(['recalc', input, '-o', out, '--as-of', '2026-01-31'])).code).toBe(0);
    const personal = [
      '山田太郎',
      '鈴木花子',
      'ﾔﾏﾀﾞ0',
      'M-770',
      'M-771',
      '坂口こどもクリニック',
      '秘密の講座',
    ];
    const files = unzipSync(new Uint8Array(await fs.readFile(meeting)));
    const everything = Object.values(files)
      .map((b) => strFromU8(b))
      .join('\n');
    for (const p of personal) expect(everything.includes(p) ? p : null).toBeNull();
    expect(everything).toContain('小倉北区'); // districts are not personal and are there
    const history = (xmlCells(await fs.readFile(out)).get('実行履歴') ?? []).map((c) => c.text ?? '');
    expect(history.length).toBeGreaterThan(0);
    for (const p of personal) expect(history.filter((t) => t.includes(p))).toEqual([]);
  });
});

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}
