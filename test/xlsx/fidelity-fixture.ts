/**
 * A roster workbook holding the kinds of content staff keep beside their data, for the package
 * writer's fidelity tests (issue 7): custom cell styles, column widths, merges, data validation
 * and conditional formats on the input sheets; an Excel table as the 研修記録 input region; a
 * picture on 医師; a user chart on its own sheet; defined names; a hidden sheet; a formula with a
 * calcChain; and an Office add-in part (xl/webextensions/). ExcelJS builds most of it; the chart,
 * the add-in part and the calcChain are added by zip surgery.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8 } from 'fflate';
import type { ChartPlan } from '../../src/sheets/plan-types';
import { graftChart, openPackage } from '../../src/xlsx/chart';
import { addOverride, parseRels, relsXml } from '../../src/xlsx/xml';
import { FIXTURE_TEXT_COLS, meetingFixture } from '../helpers/meeting-fixture';

/** A 1×1 PNG. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export const USER_CHART_NAME = 'ユーザーのグラフ';
export const USER_CF_FORMULA = 'LEN($B2)>5';
export const WEBEXT_TASKPANES = 'xl/webextensions/taskpanes.xml';
export const WEBEXT_PART = 'xl/webextensions/webextension1.xml';

const TASKPANES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">' +
  '<wetp:taskpane dockstate="right" visibility="0" width="350" row="4">' +
  '<wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>' +
  '</wetp:taskpane></wetp:taskpanes>';

const WEBEXTENSION_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{6A3D5C2E-1F2B-4C3D-9E8F-0A1B2C3D4E5F}">' +
  '<we:reference id="8b1f3f4e-6c7d-4e5f-9a0b-1c2d3e4f5a6b" version="1.0.0.0" store="developer" storeType="Registry"/>' +
  '<we:alternateReferences/><we:properties><we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/>' +
  '<we:property name="KakariRoster.lastRun" value="&quot;2026-03-01&quot;"/></we:properties>' +
  '<we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></we:webextension>';

/** The fixture's ExcelJS part (everything ExcelJS can write). */
async function excelJsPart(): Promise<Uint8Array> {
  const data = meetingFixture();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'staff';

  // 医師: custom styles, widths, a user column right of the data, validation, a user rule, a picture.
  const doctors = wb.addWorksheet('医師', { views: [{ state: 'frozen', ySplit: 1, zoomScale: 90 }] });
  data['医師'].forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null) return;
      const cell = doctors.getCell(r + 1, c + 1);
      cell.value = v as ExcelJS.CellValue;
      if (FIXTURE_TEXT_COLS['医師'].includes(c + 1)) cell.numFmt = '@';
    }),
  );
  doctors.getRow(1).eachCell((cell) => {
    cell.font = { name: 'Meiryo', size: 10, bold: true, color: { argb: 'FF1F3864' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
    cell.border = { bottom: { style: 'medium', color: { argb: 'FF833C0B' } } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  doctors.getCell('B3').font = { italic: true, underline: true, color: { argb: 'FFC00000' } };
  doctors.getColumn(2).width = 18;
  doctors.getColumn(5).width = 14;
  doctors.getCell('E2').numFmt = 'yyyy"年"m"月"d"日"';
  for (let r = 2; r <= 8; r++) {
    doctors.getCell(r, 5).dataValidation = {
      type: 'date',
      operator: 'greaterThan',
      allowBlank: true,
      showErrorMessage: true,
      formulae: [new Date(Date.UTC(2000, 0, 1))],
    };
  }
  doctors.getCell('C2').dataValidation = {
    type: 'textLength',
    operator: 'lessThanOrEqual',
    allowBlank: true,
    formulae: [10],
  };
  doctors.addConditionalFormatting({
    ref: 'B2:B8',
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: [USER_CF_FORMULA],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFFF00' } } },
      } as ExcelJS.ConditionalFormattingRule,
    ],
  });
  const image = wb.addImage({ buffer: PNG_1x1 as unknown as ExcelJS.Buffer, extension: 'png' });
  doctors.addImage(image, { tl: { col: 1, row: 13 }, ext: { width: 40, height: 40 } });

  // 研修記録 as an Excel table: the owned column 判定_チェック becomes a table column.
  const training = wb.addWorksheet('研修記録');
  const [th, ...trows] = data['研修記録'];
  training.addTable({
    name: 'T研修',
    ref: 'A1',
    headerRow: true,
    style: { theme: 'TableStyleMedium9', showRowStripes: true },
    columns: (th as string[]).map((name) => ({ name, filterButton: true })),
    rows: trows.map((r) => r.map((v) => (v === null ? undefined : v)) as ExcelJS.CellValue[]),
  });
  for (let r = 2; r <= trows.length + 1; r++) training.getCell(r, 1).numFmt = '@';
  training.getColumn(4).width = 16;

  // 医療機関: plain, with a user highlight on the G-MIS column and borders.
  const clinics = wb.addWorksheet('医療機関');
  data['医療機関'].forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null) return;
      const cell = clinics.getCell(r + 1, c + 1);
      cell.value = v as ExcelJS.CellValue;
      if (c === 0) cell.numFmt = '@';
      cell.border = { left: { style: 'thin' }, right: { style: 'thin' } };
    }),
  );
  // A user column right of the data, with a note merged over two rows: the owned columns go right of it.
  clinics.getCell('H1').value = '備考';
  clinics.getCell('H2').value = '2026年4月に移転予定';
  clinics.mergeCells('H2:H3');
  clinics.getCell('H2').alignment = { vertical: 'top', wrapText: true };
  clinics.getColumn(8).width = 24;
  clinics.addConditionalFormatting({
    ref: 'E2:E7',
    rules: [
      {
        type: 'containsText',
        operator: 'containsText',
        text: '○',
        priority: 1,
        style: { font: { bold: true } },
      } as ExcelJS.ConditionalFormattingRule,
    ],
  });

  // A user sheet for the user chart, with a formula (listed in the calcChain below).
  const chartSheet = wb.addWorksheet('グラフ用');
  chartSheet.addRow(['区分', '件数']);
  chartSheet.addRow(['座学', 6]);
  chartSheet.addRow(['実地', 2]);
  chartSheet.getCell('B4').value = { formula: 'SUM(B2:B3)', result: 8 } as ExcelJS.CellFormulaValue;
  chartSheet.getCell('A6').value = '理事会資料用（手作業で更新）';
  chartSheet.mergeCells('A6:C6');

  // A hidden sheet of lookup values.
  const hidden = wb.addWorksheet('選択肢', { state: 'hidden' });
  ['未申請', '申請中', '差戻し', '承認済', '発行済'].forEach((v, i) => (hidden.getCell(i + 1, 1).value = v));

  wb.definedNames.add("'選択肢'!$A$1:$A$5", '申請状況リスト');
  wb.definedNames.add("'医師'!$A$1:$E$8", '名簿範囲');
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The user chart: a column chart of グラフ用!B2:B3 (anchored at D2). */
const userChart: ChartPlan = {
  type: 'clusteredColumn',
  title: '区分別の件数',
  categories: 'A2:A3',
  categoryValues: ['座学', '実地'],
  series: [{ name: '件数', nameCell: 'B1', range: 'B2:B3', values: [6, 2] }],
  anchor: { col: 4, row: 2, cols: 6, rows: 12 },
  valueAxis: { min: 0, max: 10, numFmt: '0' },
};

/** The whole fixture as .xlsx bytes. */
export async function fidelityFixture(): Promise<Uint8Array> {
  const pkg = openPackage(await excelJsPart());
  const text = (n: string) => strFromU8(pkg.get(n)!);
  const state = { ct: text('[Content_Types].xml') };

  // The user chart (grafted like ours, then renamed so it is the user's, not this tool's).
  graftChart(pkg, 'グラフ用', userChart, state);
  for (const name of ['xl/drawings/drawing1.xml', 'xl/drawings/drawing2.xml']) {
    if (!pkg.has(name)) continue;
    const xml = text(name);
    if (xml.includes('KakariRoster_Chart'))
      pkg.set(name, strToU8(xml.replace(/name="KakariRoster_Chart"/g, `name="${USER_CHART_NAME}"`)));
  }

  // An Office add-in task pane part.
  pkg.set(WEBEXT_TASKPANES, strToU8(TASKPANES_XML));
  pkg.set(WEBEXT_PART, strToU8(WEBEXTENSION_XML));
  pkg.set(
    'xl/webextensions/_rels/taskpanes.xml.rels',
    strToU8(
      relsXml([
        {
          id: 'rId1',
          type: 'http://schemas.microsoft.com/office/2011/relationships/webextension',
          target: 'webextension1.xml',
          raw: '',
        },
      ]),
    ),
  );
  const rootRels = parseRels(text('_rels/.rels'));
  rootRels.push({
    id: 'rIdWebExt',
    type: 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes',
    target: 'xl/webextensions/taskpanes.xml',
    raw: '',
  });
  pkg.set('_rels/.rels', strToU8(relsXml(rootRels)));
  state.ct = addOverride(state.ct, WEBEXT_TASKPANES, 'application/vnd.ms-office.webextensiontaskpanes+xml');
  state.ct = addOverride(state.ct, WEBEXT_PART, 'application/vnd.ms-office.webextension+xml');

  // A calcChain listing the formula of グラフ用 (sheetId 4).
  pkg.set(
    'xl/calcChain.xml',
    strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B4" i="4"/></calcChain>',
    ),
  );
  const wbRels = parseRels(text('xl/_rels/workbook.xml.rels'));
  wbRels.push({
    id: 'rIdCalc',
    type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain',
    target: 'calcChain.xml',
    raw: '',
  });
  pkg.set('xl/_rels/workbook.xml.rels', strToU8(relsXml(wbRels)));
  state.ct = addOverride(
    state.ct,
    'xl/calcChain.xml',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml',
  );

  pkg.set('[Content_Types].xml', strToU8(state.ct));
  return pkg.toBytes();
}
