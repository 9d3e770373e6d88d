/** The settings form (SPEC §2.5): reads 設定 like the pipeline, writes only the 値 cells of known keys. */
import { createExcelDouble } from '@kakari-roster/excel-double';
import { SETTINGS } from '../../src/sheets/settings';
import { createSettingsSheet, readSettingsForm, writeSettings } from '../../src/excel/workbook-ops';
import { parseSettingInput, settingText } from '../../src/sheets/settings';
import { runRecalc } from '../../src/excel/recalc-outcome';
import { allCells, paneHost } from './helpers';

const def = (key: string) => SETTINGS.find((s) => s.key === key)!;

test('parseSettingInput: numbers, integers, positive keys, dates, blank', () => {
  expect(parseSettingInput(def('合計必要単位'), '12.5')).toEqual({ ok: true, value: 12.5 });
  expect(parseSettingInput(def('合計必要単位'), '０')).toEqual({ ok: false, error: 'positive' });
  expect(parseSettingInput(def('合計必要単位'), '-1')).toEqual({ ok: false, error: 'number' });
  expect(parseSettingInput(def('合計必要単位'), 'abc')).toEqual({ ok: false, error: 'number' });
  expect(parseSettingInput(def('実地の最小件数'), '1.5')).toEqual({ ok: false, error: 'integer' });
  expect(parseSettingInput(def('実地の最小件数'), '0')).toEqual({ ok: true, value: 0 });
  expect(parseSettingInput(def('基準日'), '2026-01-31')).toEqual({ ok: true, value: 46053 });
  expect(parseSettingInput(def('基準日'), '2026/2/30')).toEqual({ ok: false, error: 'date' });
  expect(parseSettingInput(def('基準日'), '1899-12-31')).toEqual({ ok: false, error: 'date' });
  expect(parseSettingInput(def('修了証の有効年数'), '  ')).toEqual({ ok: true, value: null });
});

test('settingText shows what the reader would take', () => {
  expect(settingText(def('基準日'), 46053)).toEqual({ text: '2026-01-31', invalid: false });
  expect(settingText(def('基準日'), '令和8年1月31日')).toEqual({ text: '2026-01-31', invalid: false });
  expect(settingText(def('合計必要単位'), 0)).toEqual({ text: '0', invalid: true });
  expect(settingText(def('合計必要単位'), 'たくさん')).toEqual({ text: 'たくさん', invalid: true });
  expect(settingText(def('合計必要単位'), null)).toEqual({ text: '', invalid: false });
  // rev 2 (§3.7): units in values; 修了証の有効年数 is ≥ 1.
  expect(settingText(def('修了証の有効年数'), '3年')).toEqual({ text: '3', invalid: false });
  expect(settingText(def('G-MIS新規発行日数'), '14日')).toEqual({ text: '14', invalid: false });
  expect(settingText(def('修了証の有効年数'), 0)).toEqual({ text: '0', invalid: true });
  expect(parseSettingInput(def('修了証の有効年数'), '３年')).toEqual({ ok: true, value: 3 });
  expect(parseSettingInput(def('合計必要単位'), '10単位')).toEqual({ ok: true, value: 10 });
});

test('no 設定: the form says so; 設定 can be created; then every key has its row', async () => {
  const d = createExcelDouble({ sheets: { 医師: [['会員番号', '氏名']] } });
  const { host } = paneHost(d);
  const empty = await readSettingsForm(host);
  expect(empty.sheet).toBeNull();
  expect(await createSettingsSheet(host)).toEqual({ kind: 'created', sheets: ['設定'] });
  const form = await readSettingsForm(host);
  expect(form.sheet).toBe('設定');
  expect(form.rows.map((r) => [r.def.key, r.cell, r.text])).toEqual(
    SETTINGS.map((s, i) => [
      s.key,
      `B${i + 2}`,
      s.kind === 'date' || s.default === null ? '' : String(s.default),
    ]),
  );
  // A second time there is nothing to create.
  expect(await createSettingsSheet(host)).toEqual({ kind: 'nothing' });
});

test('a 設定 created from the pane sits before the first owned sheet (SPEC §2.5 rev 2)', async () => {
  const d = createExcelDouble({
    sheets: { 医師: [['会員番号', '氏名']], 集計_地区: [['地区']], メモ: [['x']], 実行履歴: [['実行日時']] },
  });
  const { host } = paneHost(d);
  expect(await createSettingsSheet(host)).toEqual({ kind: 'created', sheets: ['設定'] });
  expect(d.workbook.sheetNames()).toEqual(['医師', '設定', '集計_地区', 'メモ', '実行履歴']);
});

test('saving writes only the 値 cells given; unknown keys, 説明 and other cells are untouched', async () => {
  const d = createExcelDouble({
    sheets: {
      設定: [
        ['項目', '値', '説明', 'メモ'],
        ['合計必要単位', 10, '説明1', 'x'],
        ['独自の項目', 'abc', '', 'y'],
        ['基準日', null, '説明2', ''],
        ['座学の単位刻み', 0, '', ''],
      ],
    },
  });
  const { host } = paneHost(d);
  const form = await readSettingsForm(host);
  const row = (k: string) => form.rows.find((r) => r.def.key === k)!;
  expect(row('合計必要単位')).toMatchObject({ cell: 'B2', text: '10', invalid: false });
  expect(row('基準日')).toMatchObject({ cell: 'B4', text: '' });
  expect(row('座学の単位刻み')).toMatchObject({ cell: 'B5', invalid: true });
  expect(row('実地1件の単位')).toMatchObject({ cell: null, row: null });

  const before = allCells(d);
  await writeSettings(host, form.sheet!, [
    { cell: 'B2', value: 12, date: false },
    { cell: 'B4', value: 46053, date: true },
    { cell: 'B5', value: null, date: false },
  ]);
  const after = allCells(d);
  const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
  expect(changed.sort()).toEqual(['設定!A1+1,1', '設定!A1+3,1', '設定!A1+4,1']);
  const s = d.workbook.sheet('設定');
  expect(s.cell('B2').value).toBe(12);
  expect(s.cell('B4').value).toBe(46053);
  expect(s.cell('B4').numberFormat).toBe('yyyy/mm/dd');
  expect(s.cell('B5').value).toBeNull();
});

test('the pipeline reads what the form wrote', async () => {
  const d = createExcelDouble({
    sheets: {
      医師: [
        ['会員番号', '氏名'],
        ['1', 'a'],
      ],
      研修記録: [
        ['会員番号', '受講日', '区分', '単位'],
        ['1', 46000, '座学', 12],
      ],
    },
  });
  const { host } = paneHost(d, { asOf: null });
  await createSettingsSheet(host);
  const form = await readSettingsForm(host);
  const asOf = form.rows.find((r) => r.def.key === '基準日')!;
  const total = form.rows.find((r) => r.def.key === '合計必要単位')!;
  const parsed = (key: typeof asOf, text: string) => {
    const p = parseSettingInput(key.def, text);
    if (!p.ok) throw new Error(p.error);
    return p.value;
  };
  await writeSettings(host, '設定', [
    { cell: asOf.cell!, value: parsed(asOf, '2026-01-31'), date: true },
    { cell: total.cell!, value: parsed(total, '12'), date: false },
  ]);
  const res = await runRecalc(host);
  if (res.kind !== 'done') throw new Error(JSON.stringify(res));
  expect(res.output.result.asOf).toBe('2026-01-31');
  expect(res.output.result.profile.totalUnits).toBe(12);
  expect(res.output.result.profile.customized).toBe(true);
});
