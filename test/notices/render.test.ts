/**
 * Every letter fits one A4 page (SPEC §5.5): the longest cases — a clinic with every reason, at
 * risk and 30 linked doctors; a doctor with an expired certificate, missing both parts and pending
 * rows — laid out by the plan, written by the package writer and printed by LibreOffice to PDF:
 * one page per letter, A4 portrait, nothing cut off. A clinic with more doctors than fit lists as
 * many as fit and 「ほか{n}名」.
 *
 * Needs LibreOffice (soffice) and poppler (pdfinfo, pdftotext, pdftoppm): `npm test` installs them;
 * without them the test fails with one line saying what to install (test/helpers/render-tools.ts). `UPDATE_DOCS_SCREENSHOTS=1` also writes the README's pictures
 * (docs/images/notice-doctor.png, docs/images/notice-clinic.png).
 */
import { execFileSync } from 'child_process';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSteps } from '../../src/domain/steps';
import {
  NOTICE_PAGE_POINTS,
  clinicNoticesSheetSteps,
  doctorNoticesSheetSteps,
} from '../../src/sheets/plan-notices';
import type { SheetPlan } from '../../src/sheets/plan-types';
import { MAMIS_NOTE } from '../../src/strings/texts';
import { noticesWorkbookSteps } from '../../src/xlsx/notices';
import { LONG_SENDER, longestContext } from '../helpers/notices-longest';
import { pdfPagePng, pdfPageText, renderPdf, requireRenderTools } from '../helpers/render-tools';

const squash = (s: string): string => s.replace(/\s+/g, '');

/** Heights of each letter of a sheet (its rows between the manual breaks). */
function letterHeights(sp: SheetPlan): number[] {
  const bounds = [0, ...(sp.rowBreaks ?? []), sp.rows.length];
  const out: number[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let h = 0;
    for (let r = bounds[k] + 1; r <= bounds[k + 1]; r++) h += sp.rowHeights?.[r] ?? 15;
    out.push(h);
  }
  return out;
}

/** The first `n` letters of a notices sheet (rows, heights, merges and breaks cut there). */
function firstLetters(sp: SheetPlan, n: number): SheetPlan {
  const cut = sp.rowBreaks![n - 1] ?? sp.rows.length;
  const heights: Record<number, number> = {};
  for (let r = 1; r <= cut; r++) heights[r] = sp.rowHeights![r];
  return {
    ...sp,
    rows: sp.rows.slice(0, cut),
    rowHeights: heights,
    merges: sp.merges.filter((m) => Number(/\d+$/.exec(m)![0]) <= cut),
    rowBreaks: sp.rowBreaks!.slice(0, n - 1),
  };
}

const ctx = longestContext(30, 80);
const opts = { ...LONG_SENDER, district: null };
const doctors = runSteps(doctorNoticesSheetSteps(ctx, opts));
const clinics = runSteps(clinicNoticesSheetSteps(ctx, opts));

test('the plan: every letter of the longest cases is shorter than the printable A4 height', () => {
  expect(NOTICE_PAGE_POINTS).toBeLessThan(((297 - 40) / 25.4) * 72);
  for (const h of [...letterHeights(doctors), ...letterHeights(clinics)])
    expect(h).toBeLessThanOrEqual(NOTICE_PAGE_POINTS);
  const texts = (sp: SheetPlan) => sp.rows.flat().map((c) => (c && c.t === 's' ? c.v : ''));
  // The clinic with 30 doctors lists all of them; the one with 80 lists what fits and 「ほか」.
  const clinicTexts = texts(clinics);
  expect(clinicTexts).toContain('1234567890');
  expect(clinicTexts).toContain('2000000028');
  const shown = clinicTexts.filter((t) => /^3\d{9}$/.test(t)).length;
  expect(shown).toBeGreaterThan(30);
  expect(shown).toBeLessThan(80);
  expect(clinicTexts).toContain(`ほか${80 - shown}名（名簿をご確認ください）`);
  expect(clinicTexts.filter((t) => t.startsWith('ほか'))).toHaveLength(1);
});

/**
 * The same workbook as Excel prints it at 100 %: Excel's column unit is the width of "0" in Calibri
 * 11 (7 px); LibreOffice here measures it in its substitute font (DejaVu Sans, about 9.3 px), so
 * the columns come out a third wider and "fit to one page wide" prints at about 79 %. With the
 * widths scaled by 7 / 9.3 and fit-to-page off, LibreOffice lays the letters out at their
 * physical size in Excel — the strict check that each letter's rows fit the printable height.
 */
function atExcelSize(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  for (const name of Object.keys(files)) {
    if (!name.startsWith('xl/worksheets/')) continue;
    const xml = strFromU8(files[name])
      .replace('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>', '')
      .replace(/ fitToWidth="1" fitToHeight="0"/, ' scale="100"')
      .replace(/width="([\d.]+)"/g, (_m, w: string) => `width="${((Number(w) * 7) / 9.3).toFixed(2)}"`);
    files[name] = strToU8(xml);
  }
  return zipSync(files);
}

test('LibreOffice prints each of the longest letters on one A4 portrait page', async () => {
  requireRenderTools();
  // Two doctor letters (the longest first) and both clinic letters: four pages.
  const sheets = [firstLetters(doctors, 2), clinics];
  expect(clinics.rowBreaks).toHaveLength(1);
  const bytes = runSteps(noticesWorkbookSteps(sheets));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-notices-render-'));
  try {
    const xlsx = path.join(dir, 'notices.xlsx');
    await fs.writeFile(xlsx, bytes);
    await fs.writeFile(path.join(dir, 'excel-size.xlsx'), atExcelSize(bytes));
    renderPdf(dir, xlsx, path.join(dir, 'excel-size.xlsx'));
    // At Excel's size (100 %, no fitting): still one page per letter, nothing spills right or down.
    const strict = execFileSync('pdfinfo', [path.join(dir, 'excel-size.pdf')], { encoding: 'utf8' });
    expect(Number(/^Pages:\s+(\d+)/m.exec(strict)![1])).toBe(4);
    const pdf = path.join(dir, 'notices.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(/^Pages:\s+(\d+)/m.exec(info)![1])).toBe(4);
    const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info)!;
    expect([Math.round(Number(size[1])), Math.round(Number(size[2]))]).toEqual([595, 842]); // A4 portrait
    const page = (p: number): string => squash(pdfPageText(pdf, p));
    // Page 1: the longest doctor letter, from the date line to the contact line.
    const p1 = page(1);
    for (const s of [
      '令和9年3月20日',
      '長谷川裕一郎左衛門',
      '修了状況のお知らせ',
      '修了証の有効期間は2026/01/15までです。',
      'あと2件必要です',
      'あと9.5単位必要です',
      '承認待ちの実地研修が12件あります。',
      MAMIS_NOTE,
      '平日9時〜17時',
    ])
      expect(p1).toContain(squash(s));
    // Page 3: the clinic with every reason, at risk and 30 doctors, all listed.
    const p3 = page(3);
    for (const s of [
      '準備状況のお知らせ',
      'G-MISのアカウントがありません。',
      '報告権限がありません。',
      '所属する医師が登録されていません。',
      '研修の修了者・要件を満たす医師がいません。',
      '要件を満たしている医師がいます',
      '間に合わない恐れがあります。',
      '1234567890',
      '2000000000',
      '2000000028',
      MAMIS_NOTE,
      '平日9時〜17時',
    ])
      expect(p3).toContain(squash(s));
    // Page 4: the clinic with 80 doctors ends with 「ほか」 and the usual tail.
    const p4 = page(4);
    expect(p4).toContain('ほか');
    expect(p4).toContain(squash(MAMIS_NOTE));
    if (process.env.UPDATE_DOCS_SCREENSHOTS) {
      const out = path.resolve(__dirname, '../../docs/images');
      for (const [p, name] of [
        [1, 'notice-doctor'],
        [3, 'notice-clinic'],
      ] as const)
        pdfPagePng(path.join(dir, 'excel-size.pdf'), p, 80, path.join(out, name));
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
