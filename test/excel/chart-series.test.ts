/**
 * The 会議資料 chart's series are set explicitly (SPEC §7 rev 2): with 最小公表人数 > 0 the first
 * district's rate is 「－」, a lone text cell on top of the rate column that charts.add's
 * auto-detection (as the double models it) takes as the series name.
 */
import { xlsxBuffer, type Rows } from '../helpers/workbook';
import { doubleFromXlsx, runAddin } from './helpers';

const doctors: Rows = [['会員番号', '氏名', '地区']];
doctors.push(['0001', '少数 一郎', 'A区']);
for (let i = 2; i <= 6; i++) doctors.push([String(i).padStart(4, '0'), `多数 ${i}`, 'B区']);
for (let i = 7; i <= 10; i++) doctors.push([String(i).padStart(4, '0'), `中央 ${i}`, 'C区']);

test('every series takes the planned range and name, even under a 「－」', async () => {
  const d = await doubleFromXlsx(
    await xlsxBuffer({
      医師: doctors,
      研修記録: [['会員番号', '受講日', '区分', '単位']],
      設定: [
        ['項目', '値'],
        ['最小公表人数', 3],
      ],
    }),
  );
  const res = await runAddin(d);
  const plan = res.plan.sheets.find((s) => s.name === '会議資料')!.chart!;
  const [chart] = d.workbook.sheet('会議資料').charts();
  // The first district's rate is the 「－」 text.
  const firstRate = plan.series[0].range.split(':')[0];
  expect(d.workbook.sheet('会議資料').cell(firstRate).value).toBe('－');
  expect(chart.series.map((s) => [s.name, s.values, s.xValues])).toEqual(
    plan.series.map((s) => [s.name, `会議資料!${abs(s.range)}`, `会議資料!${abs(plan.categories)}`]),
  );
});

const abs = (a1: string): string =>
  a1
    .split(':')
    .map((p) => p.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2'))
    .join(':');
