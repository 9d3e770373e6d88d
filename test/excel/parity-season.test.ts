/**
 * Parity on a roster with the rev 2 columns (SPEC §2.3: 報告日, 名簿外の修了者), G-MIS status words,
 * a customized report window with units in 設定 values, and an existing owned sheet before which a
 * created 設定 is inserted: the add-in (Office.js writer on the double) and the CLI (package writer)
 * give the same result, write the same owned cells and put the sheets in the same order.
 */
import ExcelJS from 'exceljs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dayFromIso } from '../../src/domain/day';
import { recalcFile } from '../../src/cli/recalc-file';
import { xlsxBuffer, type Rows } from '../helpers/workbook';
import {
  NOW,
  cellsFromDouble,
  cellsFromExcelJs,
  diffCells,
  doubleFromXlsx,
  ownedAreas,
  runAddin,
} from './helpers';

const AS_OF = dayFromIso('2027-01-20')!;

const ROSTER: Record<string, Rows> = {
  医師: [
    ['会員番号', '氏名', '医療機関コード', '地区', '修了証発行日'],
    ['0001', '山田 太郎', '4017716434', '小倉北区', null],
    ['0002', '鈴木 花子', '4017716434', '小倉北区', '2026/10/01'],
    ['0003', '佐藤 次郎', '4017716483', null, null],
    ['0004', '田中 四郎', null, '小倉南区', null],
  ],
  研修記録: [
    ['会員番号', '受講日', '区分', '研修名', '単位', '承認'],
    ['0001', '2026/10/01', '座学', '講座A', 5, null],
    ['0001', '2026/11/01', '実地', null, null, '承認'],
    ['0001', '2026/11/01', '実地', null, null, '承認'],
    ['0001', '2026/11/01', '実地', null, null, '申請中'],
    ['0003', '2024/06/01', '実地', '学校医', null, '承認'],
    ['0003', '2025/01/10', '座学', '講座B', 2, null],
    ['0004', '2026/12/01', '座学', '講座C', 8, null],
  ],
  医療機関: [
    ['医療機関コード', '名称', '地区', 'G-MIS', '報告状況', '報告日', '名簿外の修了者'],
    ['4017716434', '坂口こどもクリニック', '小倉北区', '○', '報告済', '2026/02/10', null],
    ['4017716483', '金苗医院', '小倉北区', '×', null, null, '2人'],
    ['4017716657', '土井皮フ科クリニック', '小倉南区', '○', '確認完了済み', '令和9年1月15日', null],
    ['4017716715', '徳山外科医院', '小倉南区', '○', '再報告済', null, 1],
    ['4017716723', '北九州テスト医院', '小倉南区', '○', '一時保存', '2027/13/01', '○'],
  ],
};

const SETTINGS: Rows = [
  ['項目', '値'],
  ['集計開始日', '2025/01/01'],
  ['報告期間開始', '2027/01/14'],
  ['報告期間終了', '2027/02/27'],
  ['G-MIS新規発行日数', '14日'],
  ['医師会名', '小倉医師会'],
];

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-parity-season-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Writes the workbook, runs the add-in on a double of it and the CLI on the file. */
async function both(name: string, sheets: Record<string, Rows>, edit?: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    (await xlsxBuffer(sheets, { 医師: [1, 3], 研修記録: [1], 医療機関: [1] })) as unknown as ArrayBuffer,
  );
  edit?.(wb);
  const input = path.join(dir, `${name}.xlsx`);
  await wb.xlsx.writeFile(input);
  const d = await doubleFromXlsx(await fs.readFile(input));
  const addin = await runAddin(d, { asOf: AS_OF, now: NOW });
  const cliOut = path.join(dir, `${name}-cli.xlsx`);
  const cli = await recalcFile(input, { out: cliOut, asOf: AS_OF, now: NOW });
  const cliBook = new ExcelJS.Workbook();
  await cliBook.xlsx.readFile(cliOut);
  const areas = ownedAreas(addin.plan);
  const fromDouble = cellsFromDouble(d, areas);
  return {
    d,
    addin,
    cli,
    cliBook,
    fromDouble,
    diff: diffCells(fromDouble, cellsFromExcelJs(cliBook, areas)),
  };
}

test('the rev 2 columns, status words and a customized window: same result and owned cells', async () => {
  const r = await both('season', { ...ROSTER, 設定: SETTINGS });
  expect(r.addin.result).toEqual(r.cli.result);
  expect(r.addin.plan).toEqual(r.cli.plan);
  expect(r.diff).toEqual([]);

  // The rev 2 figures both agree on (hand-computed).
  expect(
    r.cli.result.clinics.map((c) => [c.code, c.certified, c.outsideCompleters, c.reportDate, c.readiness]),
  ).toEqual([
    ['4017716434', 1, 0, '2026-02-10', 'ready'], // last year's report; 0002 certified
    ['4017716483', 2, 2, null, 'action-needed'], // no account
    ['4017716657', 0, 0, '2027-01-15', 'reported'],
    ['4017716715', 1, 1, null, 'reported'], // blank 報告日: reported, report-date-missing
    ['4017716723', 1, 1, null, 'ready'], // 一時保存 is not reported; 13月 is unreadable
  ]);
  expect(r.cli.result.doctors.map((x) => [x.id, x.jitchiActivities, x.jitchiPending, x.status])).toEqual([
    ['0001', 1, 1, 'eligible'], // the pending row beside two approved ones stays pending
    ['0002', 0, 0, 'certified'],
    ['0003', 1, 0, 'in-progress'], // the 2024 実地 counts although 集計開始日 is 2025/01/01
    ['0004', 0, 0, 'in-progress'],
  ]);
  expect(r.cli.result.profile).toMatchObject({
    countFrom: '2025-01-01',
    reportWindowStart: '2027-01-14',
    reportWindowEnd: '2027-02-27',
    gmisNewAccountDays: 14,
  });
  expect(r.fromDouble.get('会議資料!B5')?.v).toBe('2027/01/14〜2027/02/27');
  expect(r.fromDouble.get('医療機関!J3')?.v).toBe(2); // 判定_修了者数 of 金苗医院 (J = third owned column)
});

test('a created 設定 goes before the first existing owned sheet in both writers', async () => {
  const r = await both('placement', ROSTER, (wb) => {
    // An owned sheet from an earlier run (marked), then a user sheet; 設定 was deleted.
    wb.addWorksheet('集計_地区').getCell('A1').value = '地区';
    wb.addWorksheet('メモ').getCell('A1').value = '来年の準備';
    wb.definedNames.add("'集計_地区'!$A$1", '_KakariRoster_集計_地区');
  });
  expect(r.addin.result).toEqual(r.cli.result);
  expect(r.diff).toEqual([]);
  const order = [
    '医師',
    '研修記録',
    '医療機関',
    '設定',
    '集計_地区',
    'メモ',
    '会議資料',
    '要対応リスト',
    '入力チェック',
    '実行履歴',
  ];
  expect(r.d.workbook.sheetNames()).toEqual(order);
  expect(r.cliBook.worksheets.map((w) => w.name)).toEqual(order);
});
