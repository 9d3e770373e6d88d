/**
 * The chart grafted into files written with ExcelJS (SPEC §5.3): DrawingML parts with cached values,
 * the <drawing> element at its schema position, content types, and idempotence on re-runs.
 */
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dayFromIso } from '../../src/domain/day';
import type { ChartPlan } from '../../src/sheets/plan-types';
import { recalc } from '../../src/sheets/recalc';
import {
  CHART_OBJECT_NAME,
  chartsOf,
  graftCharts,
  onlyOwnCharts,
  setSheetDrawing,
  sheetParts,
  zipPackage,
} from '../../src/xlsx/chart';
import { meetingWorkbookBytes } from '../../src/xlsx/export';
import { recalcFile } from '../../src/cli/recalc-file';
import { FIXTURE_AS_OF, FIXTURE_NOW, FIXTURE_TEXT_COLS, meetingFixture } from '../helpers/meeting-fixture';
import { snapshot, xlsxBuffer } from '../helpers/workbook';

const AS_OF = dayFromIso(FIXTURE_AS_OF);
const unzip = (b: Uint8Array): Record<string, string> => {
  const f = unzipSync(b);
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [k, strFromU8(v)]));
};
const partsMatching = (files: Record<string, string>, re: RegExp) =>
  Object.keys(files).filter((k) => re.test(k));

/** Cached points of a c:numCache / c:strCache (null for a missing index). */
function cache(xml: string, ptCount: number): (string | null)[] {
  const out: (string | null)[] = new Array(ptCount).fill(null);
  for (const m of xml.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/g)) out[Number(m[1])] = m[2];
  return out;
}

function series(chartXml: string) {
  return [...chartXml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => {
    const s = m[1];
    const tx = /<c:tx><c:strRef><c:f>([^<]*)<\/c:f>([\s\S]*?)<\/c:strRef><\/c:tx>/.exec(s)!;
    const cat = /<c:cat><c:strRef><c:f>([^<]*)<\/c:f>([\s\S]*?)<\/c:strRef><\/c:cat>/.exec(s)!;
    const val = /<c:val><c:numRef><c:f>([^<]*)<\/c:f>([\s\S]*?)<\/c:numRef><\/c:val>/.exec(s)!;
    const count = (x: string) => Number(/<c:ptCount val="(\d+)"\/>/.exec(x)![1]);
    return {
      nameRef: tx[1],
      name: cache(tx[2], count(tx[2]))[0],
      catRef: cat[1],
      categories: cache(cat[2], count(cat[2])),
      valRef: val[1],
      values: cache(val[2], count(val[2])).map((v) => (v === null ? null : Number(v))),
    };
  });
}

const plan = () => recalc(snapshot(meetingFixture()), { asOf: AS_OF, now: FIXTURE_NOW });

describe('the grafted chart', () => {
  let files: Record<string, string>;
  let chart: ChartPlan;
  beforeAll(async () => {
    const out = plan();
    chart = out.plan.sheets.find((s) => s.name === '会議資料')!.chart!;
    files = unzip(await meetingWorkbookBytes(out.plan));
  });

  test('xl/charts/chart1.xml: a clustered column chart with both series and their cached values', () => {
    const xml = files['xl/charts/chart1.xml'];
    expect(xml).toBeDefined();
    expect(xml).toContain('<c:barDir val="col"/>');
    expect(xml).toContain('<c:grouping val="clustered"/>');
    const ser = series(xml);
    expect(ser).toEqual([
      {
        nameRef: '&apos;会議資料&apos;!$N$17',
        name: '修了率',
        catRef: '&apos;会議資料&apos;!$A$18:$A$20',
        categories: ['小倉北区', '門司区', '（地区未設定）'],
        valRef: '&apos;会議資料&apos;!$N$18:$N$20',
        values: [2 / 3, 0, 0],
      },
      {
        nameRef: '&apos;会議資料&apos;!$E$17',
        name: '修了者のいる医療機関の割合',
        catRef: '&apos;会議資料&apos;!$A$18:$A$20',
        categories: ['小倉北区', '門司区', '（地区未設定）'],
        valRef: '&apos;会議資料&apos;!$E$18:$E$20',
        values: [0.5, 0, 0],
      },
    ]);
    expect(ser.map((s) => s.values)).toEqual(chart.series.map((s) => s.values));
    // Value axis 0–100 %.
    const valAx = /<c:valAx>([\s\S]*?)<\/c:valAx>/.exec(xml)![1];
    expect(valAx).toContain('<c:max val="1"/><c:min val="0"/>');
    expect(valAx).toContain('<c:numFmt formatCode="0%" sourceLinked="0"/>');
    expect(xml).toContain(`<a:t>${chart.title}</a:t>`);
  });

  test('the drawing anchors the chart at the planned cells; rels and content types are in place', () => {
    const drawing = files['xl/drawings/drawing1.xml'];
    expect(drawing.match(/<xdr:twoCellAnchor/g)).toHaveLength(1);
    expect(drawing).toContain(
      '<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>22</xdr:row>',
    );
    expect(drawing).toContain('<xdr:to><xdr:col>14</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>42</xdr:row>');
    expect(drawing).toContain(`name="${CHART_OBJECT_NAME}"`);
    expect(files['xl/drawings/_rels/drawing1.xml.rels']).toContain('Target="../charts/chart1.xml"');
    const sheet = sheetParts(strToU8Map(files)).get('会議資料')!;
    const rels = files[sheet.replace('worksheets/', 'worksheets/_rels/') + '.rels'];
    const rid = /Id="(rId\d+)" Type="[^"]*\/drawing" Target="..\/drawings\/drawing1.xml"/.exec(rels)![1];
    expect(files[sheet]).toContain(`<drawing r:id="${rid}"/>`);
    // After pageSetup / headerFooter, last before </worksheet> here.
    expect(files[sheet]).toMatch(/<\/headerFooter><drawing r:id="rId\d+"\/><\/worksheet>$/);
    const ct = files['[Content_Types].xml'];
    expect(ct).toContain(
      '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>',
    );
    expect(ct).toContain(
      '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>',
    );
    // 集計_地区 has no chart.
    const other = sheetParts(strToU8Map(files)).get('集計_地区')!;
    expect(files[other]).not.toContain('<drawing');
  });

  test('ExcelJS reads the grafted package back', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(zipPackage(strToU8Map(files))) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['会議資料', '集計_地区']);
  });
});

function strToU8Map(files: Record<string, string>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]));
}

describe('idempotence', () => {
  test('grafting twice leaves one chart, one drawing and one <drawing> element', async () => {
    const out = plan();
    const once = await meetingWorkbookBytes(out.plan);
    const twice = graftCharts(once, chartsOf(out.plan.sheets));
    const files = unzip(twice);
    expect(partsMatching(files, /^xl\/charts\/chart\d+\.xml$/)).toEqual(['xl/charts/chart1.xml']);
    expect(partsMatching(files, /^xl\/drawings\/drawing\d+\.xml$/)).toEqual(['xl/drawings/drawing1.xml']);
    const sheet = sheetParts(unzipSync(twice)).get('会議資料')!;
    expect(files[sheet].match(/<drawing /g)).toHaveLength(1);
    expect(files['[Content_Types].xml'].match(/charts\/chart/g)).toHaveLength(1);
    // Same bytes as grafting once (fixed zip timestamps).
    expect(Buffer.from(graftCharts(once, chartsOf(out.plan.sheets))).equals(Buffer.from(twice))).toBe(true);
  });

  test('recalc on its own output: still one chart, values of the new run, no "not carried over" warning', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-chart-'));
    try {
      const input = path.join(dir, 'in.xlsx');
      await fs.writeFile(input, await xlsxBuffer(meetingFixture(), FIXTURE_TEXT_COLS));
      const first = await recalcFile(input, {
        out: path.join(dir, 'r1.xlsx'),
        asOf: AS_OF,
        now: FIXTURE_NOW,
      });
      expect(first.notCarried).toEqual([]);
      const second = await recalcFile(path.join(dir, 'r1.xlsx'), {
        out: path.join(dir, 'r2.xlsx'),
        asOf: AS_OF,
        now: FIXTURE_NOW,
      });
      expect(second.notCarried).toEqual([]);
      const b1 = new Uint8Array(await fs.readFile(path.join(dir, 'r1.xlsx')));
      const b2 = new Uint8Array(await fs.readFile(path.join(dir, 'r2.xlsx')));
      expect(onlyOwnCharts(b2)).toBe(true);
      const f1 = unzip(b1);
      const f2 = unzip(b2);
      expect(partsMatching(f2, /^xl\/charts\//)).toEqual(['xl/charts/chart1.xml']);
      expect(partsMatching(f2, /^xl\/drawings\/drawing\d+\.xml$/)).toHaveLength(1);
      expect(f2['xl/charts/chart1.xml']).toBe(f1['xl/charts/chart1.xml']);
      const sheet = sheetParts(unzipSync(b2)).get('会議資料')!;
      expect(f2[sheet].match(/<drawing /g)).toHaveLength(1);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('a picture of the user on the sheet is kept beside the chart, and the chart is not doubled', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('会議資料');
    ws.getCell('A1').value = 'x';
    // A 1×1 PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
    ws.addImage(id, 'P2:Q4');
    const base = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const out = plan();
    const charts = chartsOf(out.plan.sheets).filter((c) => c.sheet === '会議資料');
    const once = graftCharts(base, charts);
    const twice = graftCharts(once, charts);
    expect(onlyOwnCharts(twice)).toBe(false);
    const files = unzip(twice);
    const drawings = partsMatching(files, /^xl\/drawings\/drawing\d+\.xml$/);
    expect(drawings).toHaveLength(1);
    const d = files[drawings[0]];
    expect(d.match(/<xdr:pic>/g)).toHaveLength(1);
    expect(d.match(new RegExp(`name="${CHART_OBJECT_NAME}"`, 'g'))).toHaveLength(1);
    expect(partsMatching(files, /^xl\/charts\/chart\d+\.xml$/)).toHaveLength(1);
    const rels = files[drawings[0].replace('drawings/', 'drawings/_rels/') + '.rels'];
    expect(rels.match(/relationships\/image"/g)).toHaveLength(1);
    expect(rels.match(/relationships\/chart"/g)).toHaveLength(1);
  });
});

describe('the <drawing> element follows the CT_Worksheet order', () => {
  const head =
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
  test.each([
    [
      '<sheetData/><pageMargins/><pageSetup/><headerFooter/></worksheet>',
      '<headerFooter/><drawing r:id="rId9"/></worksheet>',
    ],
    [
      '<sheetData/><pageSetup/><legacyDrawing r:id="rId1"/></worksheet>',
      '<pageSetup/><drawing r:id="rId9"/><legacyDrawing',
    ],
    [
      '<sheetData/><headerFooter/><tableParts count="1"/></worksheet>',
      '<headerFooter/><drawing r:id="rId9"/><tableParts',
    ],
    [
      '<sheetData/><extLst><ext uri="x"><x14:conditionalFormattings/></ext></extLst></worksheet>',
      '<sheetData/><drawing r:id="rId9"/><extLst>',
    ],
    [
      '<sheetData><row r="1"><c r="A1"><f>A2&gt;0</f></c></row></sheetData><drawing r:id="rId3"/><tableParts/></worksheet>',
      '</sheetData><drawing r:id="rId9"/><tableParts/>',
    ],
  ])('%s', (body, expected) => {
    const xml = setSheetDrawing(head + body, 'rId9');
    expect(xml).toContain(expected);
    expect(xml.match(/<drawing /g)).toHaveLength(1);
  });

  test('declares the relationships namespace when the root lacks it', () => {
    const xml = setSheetDrawing(
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
      'rId1',
    );
    expect(xml).toContain('xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"');
    expect(xml).toContain('<sheetData/><drawing r:id="rId1"/></worksheet>');
  });
});
