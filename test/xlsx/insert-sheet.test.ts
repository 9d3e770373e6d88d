/** insertSheetAt: a created 設定 inserted before the first owned sheet (SPEC §2.5 rev 2). */
import { insertSheetAt, readWorkbook } from '../../src/xlsx/workbook-parts';

const WB =
  '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<bookViews><workbookView activeTab="2" firstSheet="1"/></bookViews>' +
  '<sheets><sheet name="医師" sheetId="1" r:id="rId1"/><sheet name="集計_地区" sheetId="2" r:id="rId2"/>' +
  '<sheet name="メモ" sheetId="3" r:id="rId3"/></sheets>' +
  '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">医師!$1:$1</definedName>' +
  '<definedName name="_xlnm.Print_Titles" localSheetId="2">メモ!$1:$2</definedName>' +
  '<definedName name="x">医師!$A$1</definedName></definedNames></workbook>';

test('the new sheet takes the position; later positions shift with their sheets', () => {
  const out = insertSheetAt(WB, { name: '設定', sheetId: 4, rid: 'rId9' }, 1);
  const info = readWorkbook(out, []);
  expect(info.sheets.map((s) => [s.name, s.sheetId, s.rid])).toEqual([
    ['医師', 1, 'rId1'],
    ['設定', 4, 'rId9'],
    ['集計_地区', 2, 'rId2'],
    ['メモ', 3, 'rId3'],
  ]);
  expect(info.definedNames).toEqual([
    { name: '_xlnm.Print_Titles', localSheetId: 0, value: '医師!$1:$1' },
    { name: '_xlnm.Print_Titles', localSheetId: 3, value: 'メモ!$1:$2' },
    { name: 'x', localSheetId: null, value: '医師!$A$1' },
  ]);
  expect(out).toContain('<workbookView activeTab="3" firstSheet="2"/>');
});

test('at the end it is a plain append', () => {
  const out = insertSheetAt(WB, { name: '設定', sheetId: 4, rid: 'rId9' }, 3);
  expect(readWorkbook(out, []).sheets.map((s) => s.name)).toEqual(['医師', '集計_地区', 'メモ', '設定']);
  expect(out).toContain('activeTab="2"');
});
