/**
 * The meeting export as LibreOffice prints it: one page wide, A4 landscape, everything of 会議資料
 * on its first page. LibreOffice (soffice) and poppler (pdfinfo, pdftotext, pdftoppm) convert the file
 * for real (`npm test` installs them; without them the test fails saying what to install), after the
 * print settings are checked in the file itself.
 */
import { execFileSync } from 'child_process';
import { strFromU8, unzipSync } from 'fflate';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dayFromIso } from '../../src/domain/day';
import { MEETING_TITLE } from '../../src/sheets/plan-meeting';
import { recalc } from '../../src/sheets/recalc';
import { MAMIS_NOTE } from '../../src/strings/texts';
import { meetingWorkbookBytes } from '../../src/xlsx/export';
import { FIXTURE_AS_OF, FIXTURE_NOW, meetingFixture } from '../helpers/meeting-fixture';
import { pdfPagePng, pdfPageText, renderPdf, requireRenderTools } from '../helpers/render-tools';
import { snapshot } from '../helpers/workbook';

/** Text without any white space (pdftotext spaces columns out as it likes). */
const squash = (s: string): string => s.replace(/\s+/g, '');

test('the exported handout prints one page wide (rendered with LibreOffice)', async () => {
  const out = recalc(snapshot(meetingFixture()), { asOf: dayFromIso(FIXTURE_AS_OF), now: FIXTURE_NOW });
  const bytes = await meetingWorkbookBytes(out.plan);

  // In the file: A4 landscape, fit to one page wide (any number of pages tall).
  const files = unzipSync(bytes);
  const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']);
  expect(sheetXml).toContain('<pageSetUpPr fitToPage="1"/>');
  expect(sheetXml).toMatch(
    /<pageSetup paperSize="9" orientation="landscape"[^>]* fitToWidth="1" fitToHeight="0"/,
  );

  requireRenderTools();

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-render-'));
  try {
    const xlsx = path.join(dir, 'meeting.xlsx');
    await fs.writeFile(xlsx, bytes);
    renderPdf(dir, xlsx);
    const pdf = path.join(dir, 'meeting.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    // One page per sheet: nothing spilled into extra pages to the right.
    expect(Number(/^Pages:\s+(\d+)/m.exec(info)![1])).toBe(2);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info)!;
    expect([Math.round(Number(size[1])), Math.round(Number(size[2]))]).toEqual([842, 595]); // A4 landscape
    // Everything of 会議資料, first column to last, is on page 1.
    const page1 = pdfPageText(pdf, 1);
    for (const s of [
      MEETING_TITLE,
      '基準日',
      '要対応（うち間に合わない恐れ）',
      '（うち 2）',
      '（20.0%）',
      '小倉北区',
      '記録なし',
      '修了率',
      '66.7%',
      '28.6%',
      MAMIS_NOTE,
      '1 / 2',
    ]) {
      expect(squash(page1)).toContain(squash(s));
    }
    const page2 = pdfPageText(pdf, 2);
    expect(squash(page2)).toContain('修了率');
    expect(squash(page2)).toContain('2/2');
    pdfPagePng(pdf, 1, 60, path.join(dir, 'page'));
    const png = await fs.readFile(path.join(dir, 'page.png'));
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    // Landscape image: width > height (IHDR at byte 16).
    expect(png.readUInt32BE(16)).toBeGreaterThan(png.readUInt32BE(20));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
