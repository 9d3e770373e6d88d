/**
 * Ownership and idempotence on the command line (SPEC §5.1, §6.2): `recalc -o` leaves every cell
 * it does not own exactly as it was (value, formula, number format, font, fill, border,
 * alignment — compared cell by cell on the ExcelJS model), a second run on its own output changes
 * nothing but the 実行履歴 row it appends and the 会議資料 timestamp, and a user cell where an
 * owned column would go makes the run refuse with nothing written.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as path from 'path';
import { CLINIC_COLUMNS, DOCTOR_COLUMNS, OWNED_SHEETS, TRAINING_COLUMNS } from '../../src/sheets/owned';
import { cli, loadXlsx, modelCells, tempDir } from './xlsx';

const OWNED_HEADERS: Record<string, readonly string[]> = {
  医師: DOCTOR_COLUMNS,
  研修記録: TRAINING_COLUMNS,
  医療機関: CLINIC_COLUMNS,
};

const bold: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FF1F4E78' }, name: 'Meiryo', size: 11 };
const yellow: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  bottom: { style: 'thin' },
  left: { style: 'thin' },
  right: { style: 'thin' },
};

/** A roster as staff keep it: a title above the header, styles, user formulas and notes. */
async function writeRoster(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const doc = wb.addWorksheet('医師');
  doc.getCell('A1').value = '会員名簿（2026年度）';
  doc.getCell('A1').font = { bold: true, size: 14 };
  doc.mergeCells('A1:C1');
  doc.getCell('A2').value = '※ 事務局で更新';
  doc.getCell('A2').font = { italic: true };
  const header = ['会員番号', '氏名', '医療機関コード', '地区', '修了証発行日', '連絡メモ', '敬称付き'];
  header.forEach((h, j) => {
    const c = doc.getCell(3, j + 1);
    c.value = h;
    c.font = bold;
    c.fill = yellow;
    c.border = thin;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  const people: [string, string, string | null, string, Date | null, string][] = [
    ['0001', '山田 太郎', '4017716434', '小倉北区', new Date(Date.UTC(2024, 3, 1)), '電話済'],
    ['0002', '鈴木 花子', '4017716434', '小倉南区', null, ''],
    ['0003', '佐藤 次郎', null, '門司区', null, '=要確認'],
  ];
  people.forEach((p, i) => {
    const r = 4 + i;
    p.forEach((v, j) => {
      if (v === null || v === '') return;
      const c = doc.getCell(r, j + 1);
      c.value = v;
      if (j === 0 || j === 2) c.numFmt = '@';
      if (j === 4) c.numFmt = 'yyyy/mm/dd';
      c.border = thin;
    });
    doc.getCell(r, 7).value = {
      formula: `B${r}&" 先生"`,
      result: `${p[1]} 先生`,
    } as ExcelJS.CellFormulaValue;
    doc.getCell(r, 7).font = { color: { argb: 'FF808080' } };
  });
  doc.getCell('F9').value = '件数';
  doc.getCell('G9').value = { formula: 'COUNTA(A4:A6)', result: 3 } as ExcelJS.CellFormulaValue;
  doc.getCell('G9').numFmt = '#,##0"件"';
  doc.getColumn(2).width = 18;
  doc.addConditionalFormatting({
    ref: 'D4:D6',
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: ['$D4="門司区"'],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } },
      },
    ],
  });
  doc.getCell('D4').dataValidation = {
    type: 'list',
    allowBlank: true,
    formulae: ['"小倉北区,小倉南区,門司区"'],
  };

  const tr = wb.addWorksheet('研修記録');
  tr.addRow(['会員番号', '受講日', '区分', '研修名', '単位', '承認', '備考']);
  tr.addRow(['0001', '2025/10/01', '座学', '講座A', 5, null, '会場']);
  tr.addRow(['0001', '2025/11/01', '実地', '学校医', 5, '承認', null]);
  tr.addRow(['0002', '2025/10/02', '座学', '講座B', 9.5, null, null]);
  tr.addRow(['0009', '2025/10/03', '座学', '講座C', 1.25, null, '不明な会員']);
  tr.getRow(1).font = bold;
  tr.getCell('E2').numFmt = '0.0';

  const cl = wb.addWorksheet('医療機関');
  cl.addRow(['医療機関コード', '名称', 'G-MIS', '担当']);
  cl.addRow(['4017716434', '坂口こどもクリニック', '○', '田中']);
  cl.getCell('D2').fill = yellow;

  const memo = wb.addWorksheet('メモ');
  memo.getCell('A1').value = { formula: "COUNTA('医師'!A4:A6)", result: 3 } as ExcelJS.CellFormulaValue;
  memo.getCell('B2').value = 'ユーザーのメモ';
  memo.getCell('B2').font = bold;
  await wb.xlsx.writeFile(file);
}

/** Columns a run owns on a sheet: the owned headers of its role found on the header row. */
function ownedColumns(ws: ExcelJS.Worksheet, headerRow: number): Set<number> {
  const headers = OWNED_HEADERS[ws.name] ?? [];
  const cols = new Set<number>();
  ws.getRow(headerRow).eachCell((c, col) => {
    if (typeof c.value === 'string' && headers.includes(c.value)) cols.add(col);
  });
  return cols;
}

const HEADER_ROW: Record<string, number> = { 医師: 3, 研修記録: 1, 医療機関: 1 };

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('ownership on the CLI', () => {
  test('recalc -o: every cell it does not own is identical (value, formula, format, font, fill, border, alignment)', async () => {
    const input = path.join(dir, 'in.xlsx');
    const out = path.join(dir, 'out.xlsx');
    await writeRoster(input);
    const before = await fs.readFile(input);
    const run = await cli(['recalc', input, '-o', out, '--as-of', '2026-01-31']);
    expect(run.code).toBe(0);
    expect((await fs.readFile(input)).equals(before)).toBe(true); // the input is never modified

    const a = await loadXlsx(input);
    const b = await loadXlsx(out);
    for (const wsA of a.worksheets) {
      const wsB = b.getWorksheet(wsA.name)!;
      expect(wsB).toBeDefined();
      const headerRow = HEADER_ROW[wsA.name] ?? 0;
      const owned = headerRow ? ownedColumns(wsB, headerRow) : new Set<number>();
      if (headerRow) expect(owned.size).toBe(OWNED_HEADERS[wsA.name].length);
      const cellsA = modelCells(wsA);
      const cellsB = modelCells(wsB);
      const isOwned = (addr: string) => {
        const cell = wsB.getCell(addr);
        return owned.has(Number(cell.col)) && Number(cell.row) >= headerRow;
      };
      for (const addr of new Set([...cellsA.keys(), ...cellsB.keys()])) {
        if (isOwned(addr)) continue;
        const empty = {
          value: null,
          formula: null,
          numFmt: null,
          font: null,
          fill: null,
          border: null,
          alignment: null,
        };
        expect({ sheet: wsA.name, addr, cell: cellsB.get(addr) ?? empty }).toEqual({
          sheet: wsA.name,
          addr,
          cell: cellsA.get(addr) ?? empty,
        });
      }
      expect(wsB.model.merges).toEqual(wsA.model.merges);
      // User column widths stay; conditional formats and validations of user cells stay.
      expect(wsB.getColumn(2).width).toBe(wsA.getColumn(2).width);
      const userRules = (ws: ExcelJS.Worksheet) =>
        (
          (ws as unknown as { conditionalFormattings: { ref: string }[] }).conditionalFormattings ?? []
        ).filter((cf) => cf.ref === 'D4:D6');
      expect(userRules(wsB)).toEqual(userRules(wsA));
    }
    expect(b.getWorksheet('医師')!.getCell('D4').dataValidation).toEqual(
      a.getWorksheet('医師')!.getCell('D4').dataValidation,
    );
    // Owned sheets are added after the user's sheets, in the SPEC's order, with their markers.
    const names = b.worksheets.map((w) => w.name);
    expect(names.slice(0, a.worksheets.length)).toEqual(a.worksheets.map((w) => w.name));
    const added = names.slice(a.worksheets.length);
    expect(added.filter((n) => (OWNED_SHEETS as readonly string[]).includes(n))).toEqual(
      [...OWNED_SHEETS].filter((n) => added.includes(n)),
    );
  });

  test('a second run on its own output changes nothing but the 実行履歴 row and the 会議資料 timestamp', async () => {
    const input = path.join(dir, 'in.xlsx');
    const out1 = path.join(dir, 'out1.xlsx');
    const out2 = path.join(dir, 'out2.xlsx');
    await writeRoster(input);
    expect((await cli(['recalc', input, '-o', out1, '--as-of', '2026-01-31'])).code).toBe(0);
    expect((await cli(['recalc', out1, '-o', out2, '--as-of', '2026-01-31'])).code).toBe(0);
    const a = await loadXlsx(out1);
    const b = await loadXlsx(out2);
    expect(b.worksheets.map((w) => [w.name, w.state])).toEqual(a.worksheets.map((w) => [w.name, w.state]));
    const historyExists = a.getWorksheet('実行履歴') !== undefined;
    for (const wsA of a.worksheets) {
      const wsB = b.getWorksheet(wsA.name)!;
      const cellsA = modelCells(wsA);
      const cellsB = modelCells(wsB);
      if (wsA.name === '実行履歴') {
        // Append-only: the first run's rows stay, exactly one row is added.
        expect(wsB.actualRowCount).toBe(wsA.actualRowCount + 1);
        for (const [addr, m] of cellsA) expect({ addr, m: cellsB.get(addr) }).toEqual({ addr, m });
        continue;
      }
      for (const addr of new Set([...cellsA.keys(), ...cellsB.keys()])) {
        if (wsA.name === '会議資料' && addr === 'B4') continue; // 計算日時 (the CLI's clock)
        expect({ sheet: wsA.name, addr, cell: cellsB.get(addr) }).toEqual({
          sheet: wsA.name,
          addr,
          cell: cellsA.get(addr),
        });
      }
      expect(wsB.model.merges).toEqual(wsA.model.merges);
      expect((wsB as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings).toEqual(
        (wsA as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings,
      );
      expect(wsB.columns?.map((c) => c.width)).toEqual(wsA.columns?.map((c) => c.width));
    }
    expect(historyExists).toBe(true);
    const names = (wb: ExcelJS.Workbook) =>
      (wb.definedNames as unknown as { model: { name: string; ranges: string[] }[] }).model;
    expect(names(b)).toEqual(names(a));
  });
});

describe('a user cell where an owned column would go: refuse, write nothing', () => {
  async function expectRefused(file: string, cell: string): Promise<void> {
    const before = await fs.readFile(file);
    const out = path.join(dir, 'out.xlsx');
    const run = await cli(['recalc', file, '-o', out, '--as-of', '2026-01-31']);
    expect(run.code).toBe(1);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toContain('[owned-column-blocked]');
    expect(run.stderr[0]).toContain(cell);
    await expect(fs.stat(out)).rejects.toThrow();
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await fs.readFile(file)).equals(before)).toBe(true);
  }

  test('a roster table with a user column right of it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名簿');
    ws.addTable({
      name: '医師',
      ref: 'A1',
      headerRow: true,
      columns: [{ name: '会員番号' }, { name: '氏名' }],
      rows: [
        ['0001', '山田'],
        ['0002', '鈴木'],
      ],
    });
    ws.getCell('C2').value = '表の外のメモ';
    wb.addWorksheet('研修記録').addRow(['会員番号', '受講日', '区分', '単位']);
    const file = path.join(dir, 'table.xlsx');
    await wb.xlsx.writeFile(file);
    await expectRefused(file, 'C2');
  });

  test('an empty merged area in the first free column (header row not on row 1)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('医師');
    ws.getCell('A1').value = '名簿';
    ws.getRow(2).values = ['会員番号', '氏名'];
    ws.getRow(3).values = ['0001', '山田'];
    ws.getRow(4).values = ['0002', '鈴木'];
    ws.mergeCells('C3:C4');
    wb.addWorksheet('研修記録').addRow(['会員番号', '受講日', '区分', '単位']);
    const file = path.join(dir, 'merged.xlsx');
    await wb.xlsx.writeFile(file);
    await expectRefused(file, 'C3:C4');
  });
});

describe('writer fidelity: user cells survive (regressions found by the file property)', () => {
  const training = (wb: ExcelJS.Workbook) =>
    wb.addWorksheet('研修記録').addRow(['会員番号', '受講日', '区分', '単位']);

  test('setting an owned cell’s number format leaves user cells that shared its style alone', async () => {
    // Found by cli.property.test.ts on the former ExcelJS writer: ExcelJS shares one style object
    // among the cells loaded with the same style id, and `cell.numFmt = …` changed all of them.
    const wb = new ExcelJS.Workbook();
    const doc = wb.addWorksheet('医師');
    doc.addRow(['会員番号', '氏名', '判定_座学単位']);
    doc.addRow(['0001', '山田', new Date(Date.UTC(2025, 0, 1))]); // an old value under an owned header
    doc.getCell('C2').numFmt = 'yyyy/mm/dd';
    const tr = training(wb);
    tr.worksheet.addRow(['0001', new Date(Date.UTC(2025, 9, 1)), '座学', 1]);
    tr.worksheet.getCell('B2').numFmt = 'yyyy/mm/dd';
    const input = path.join(dir, 'in.xlsx');
    const out = path.join(dir, 'out.xlsx');
    await wb.xlsx.writeFile(input);
    expect((await cli(['recalc', input, '-o', out, '--as-of', '2026-01-31'])).code).toBe(0);
    const cell = (await loadXlsx(out)).getWorksheet('研修記録')!.getCell('B2');
    // With that bug the user's 受講日 came back as the number 45931 formatted "0.0".
    expect({ value: cell.value, numFmt: cell.numFmt }).toEqual({
      value: new Date(Date.UTC(2025, 9, 1)),
      numFmt: 'yyyy/mm/dd',
    });
  });

  test('characters outside the BMP (𠮷, emoji) in user cells survive recalc -o', async () => {
    // Found on the former ExcelJS 4.4 writer, which corrupted some of them at its internal buffer
    // boundaries (here 医師!B589 「𠮷田 588」); names such as 𠮷田 are real.
    const wb = new ExcelJS.Workbook();
    const doc = wb.addWorksheet('医師');
    doc.addRow(['会員番号', '氏名', '備考']);
    for (let i = 0; i < 1000; i++) {
      doc.addRow([
        String(i).padStart(5, '0'),
        `𠮷田 ${i}`,
        `連絡済😀${i}`
          .repeat(1000)
          .slice(0, 1000)
          .replace(/[\ud800-\udbff]$/, 'x'),
      ]);
    }
    training(wb);
    const input = path.join(dir, 'in.xlsx');
    const out = path.join(dir, 'out.xlsx');
    await wb.xlsx.writeFile(input);
    expect((await cli(['recalc', input, '-o', out])).code).toBe(0);
    const a = (await loadXlsx(input)).getWorksheet('医師')!;
    const b = (await loadXlsx(out)).getWorksheet('医師')!;
    const changed: string[] = [];
    a.eachRow((row, r) =>
      row.eachCell((c, col) => {
        if (b.getCell(r, col).value !== c.value) changed.push(c.address);
      }),
    );
    expect(changed).toEqual([]);
  }, 60_000);
});
