/** The notices plan (SPEC §5.5) in pieces: 和暦 date line, recipients' fallbacks, filters, 設定 texts. */
import { dayFromIso } from '../../src/domain/day';
import { recalc } from '../../src/sheets/recalc';
import {
  letterCount,
  noticeSenderOf,
  noticesPlan,
  noticesRunSteps,
  NOTICE_PAGE_POINTS,
} from '../../src/sheets/plan-notices';
import { runSteps } from '../../src/domain/steps';
import { warekiDate, daysLeftText } from '../../src/strings/notices';
import { NOTICES_AS_OF, noticesFixture } from '../helpers/notices-fixture';
import { MINIMAL, snapshot } from '../helpers/workbook';

const day = (s: string) => dayFromIso(s)!;

test('the date line in 和暦 (元年 for the first year of an era)', () => {
  expect(warekiDate(day('2027-01-10'))).toBe('令和9年1月10日');
  expect(warekiDate(day('2019-05-01'))).toBe('令和元年5月1日');
  expect(warekiDate(day('2019-04-30'))).toBe('平成31年4月30日');
  expect(warekiDate(day('1989-01-08'))).toBe('平成元年1月8日');
  expect(warekiDate(day('1989-01-07'))).toBe('昭和64年1月7日');
});

test('days left: 「{n}日」, and after the window has ended a sentence, never a negative number', () => {
  expect(daysLeftText(11)).toBe('11日');
  expect(daysLeftText(0)).toBe('0日');
  expect(daysLeftText(-3)).toBe('報告期間の終了から3日経過');
});

const asOf = day(NOTICES_AS_OF);

test('医師会名 and 問い合わせ先 come from 設定 (first row of a key wins; blank = not printed)', () => {
  const book = noticesFixture();
  book['設定'].push(['医師会名', '別の医師会', null], ['問い合わせ先', null, null]);
  const read = recalc(snapshot(book), { asOf }).read;
  expect(noticeSenderOf(read)).toEqual({
    associationName: '小倉医師会',
    contact: '小倉医師会 事務局（電話 093-000-0000）',
  });
  const blank = noticesFixture();
  blank['設定'][2][1] = '  ';
  blank['設定'].splice(3, 1);
  expect(noticeSenderOf(recalc(snapshot(blank), { asOf }).read)).toEqual({
    associationName: null,
    contact: null,
  });
  expect(noticeSenderOf(recalc(snapshot(noticesFixture(false)), { asOf }).read)).toEqual({
    associationName: null,
    contact: null,
  });
});

test('the district filter compares district keys (full-width and spaces do not matter)', () => {
  const run = runSteps(noticesRunSteps(snapshot(noticesFixture()), { asOf, district: ' 門司区 ' }));
  expect(run.sheets.map(letterCount)).toEqual([3, 1]);
});

test('a clinic without a name is addressed by its code; the run never touches 実行履歴 or previous states', () => {
  const book = noticesFixture();
  book['医療機関'][2][1] = null; // 1000002 without 名称
  const run = runSteps(noticesRunSteps(snapshot(book), { asOf, to: 'clinics' }));
  expect(run.input.previous).toBeNull();
  const first = run.sheets[0].rows[1][0];
  expect(first).toMatchObject({ t: 's', v: '1000002\u3000御中' });
  // Each letter's rows add up to less than the printable height.
  const sp = run.sheets[0];
  const bounds = [0, ...sp.rowBreaks!, sp.rows.length];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let h = 0;
    for (let r = bounds[k] + 1; r <= bounds[k + 1]; r++) h += sp.rowHeights![r];
    expect(h).toBeLessThanOrEqual(NOTICE_PAGE_POINTS);
  }
});

test('no formula, no marker, no highlight: the plan holds text cells only', () => {
  const out = recalc(snapshot(noticesFixture()), { asOf });
  const sheets = noticesPlan(out, { associationName: null, contact: null });
  for (const sp of sheets) {
    expect(sp.rows.flat().every((c) => c === null || c.t === 's')).toBe(true);
    expect(sp.highlights).toEqual([]);
    expect(sp.page).toMatchObject({ orientation: 'portrait', paperSize: 9, fitToWidth: 1, fitToHeight: 0 });
    expect(sp.showGridlines).toBe(false);
  }
});

test('without a 医療機関 sheet: doctors are addressed by name only, 通知_医療機関 says 「該当なし」', () => {
  const { 医療機関: _clinics, ...book } = MINIMAL;
  const run = runSteps(noticesRunSteps(snapshot(book), { asOf: day('2026-01-31') }));
  expect(run.sheets.map((s) => [s.name, letterCount(s)])).toEqual([
    ['通知_医師', 3],
    ['通知_医療機関', 0],
  ]);
  expect(run.sheets[0].rows[1][0]).toMatchObject({ v: '山田 太郎\u3000先生' });
  expect(run.sheets[1].rows).toEqual([[{ t: 's', v: '該当なし', s: 'nPara' }]]);
});
