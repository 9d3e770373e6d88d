/**
 * 「テンプレートを作成」: the declarative plan (src/sheets/template.ts) and its application through
 * Office.js on the Excel test double (src/excel/workbook-ops.ts createTemplate).
 */
import { createExcelDouble } from '@kakari-roster/excel-double';
import { SETTINGS } from '../../src/sheets/settings';
import { settingsSheet } from '../../src/sheets/plan';
import { INPUT_SHEETS } from '../../src/sheets/schema';
import {
  TEMPLATE_DATA_ROWS,
  TEMPLATE_EXTRA_COLUMNS,
  templatePlan,
  templateSheet,
} from '../../src/sheets/template';
import { SETTING_DESCRIPTIONS } from '../../src/strings/texts';
import { createTemplate, detect } from '../../src/excel/workbook-ops';
import { runRecalc } from '../../src/excel/recalc-outcome';
import { allCells, paneHost } from './helpers';

const ALL = new Set<never>();

describe('templatePlan (pure)', () => {
  test('an empty workbook gets every input sheet and 設定; headers are each field’s first alias', () => {
    const plan = templatePlan({ existingSheets: ['Sheet1'], presentRoles: ALL });
    expect(plan.conflicts).toEqual([]);
    expect(plan.sheets.map((s) => s.name)).toEqual(['医師', '研修記録', '医療機関', '所属']);
    for (const sh of plan.sheets) {
      const def = INPUT_SHEETS.find((d) => d.role === sh.role)!;
      // SPEC §6.1 rev 2: the 医療機関 template also carries 報告日 and 名簿外の修了者.
      const extra = (TEMPLATE_EXTRA_COLUMNS[sh.role] ?? [])
        .filter((x) => !def.fields.some((f) => f.field === x.field))
        .map((x) => x.header);
      expect(sh.columns.map((c) => c.header)).toEqual([...def.fields.map((f) => f.aliases[0]), ...extra]);
    }
    const clinics = plan.sheets.find((s) => s.role === 'clinics')!.columns.map((c) => c.header);
    expect(clinics).toContain('報告日');
    expect(clinics).toContain('名簿外の修了者');
    expect(plan.settings).toEqual(settingsSheet());
  });

  test('drop-down lists of SPEC §6.1', () => {
    const lists = (role: string) =>
      Object.fromEntries(
        templateSheet(INPUT_SHEETS.find((d) => d.role === role)!)
          .columns.filter((c) => c.list)
          .map((c) => [c.header, [...c.list!]]),
      );
    expect(lists('doctors')).toEqual({
      会員区分: ['A1', 'A2B', 'A2C', 'B', 'C', '非会員'],
      申請状況: ['未申請', '申請中', '差戻し', '承認済', '発行済'], // SPEC §6.1 rev 2
    });
    expect(lists('training')).toEqual({ 区分: ['座学', '実地'], 承認: ['承認', '申請中', '却下'] });
    expect(lists('clinics')).toEqual({
      種別: ['病院', '診療所', '歯科診療所'],
      特定機能病院: ['○', '×'],
      休院: ['○', '×'],
      'G-MIS': ['○', '×'],
      かかりつけ報告権限: ['○', '×'],
      報告状況: ['未報告', '報告済', '再報告済', '確認完了済'], // SPEC §6.1 rev 2
    });
  });

  test('text format on IDs and codes, date formats on dates (SPEC §6.1 rev 2)', () => {
    const formats = (role: string) =>
      Object.fromEntries(
        templateSheet(INPUT_SHEETS.find((d) => d.role === role)!)
          .columns.filter((c) => c.numberFormat)
          .map((c) => [c.header, c.numberFormat]),
      );
    expect(formats('doctors')).toEqual({
      会員番号: '@',
      医療機関コード: '@',
      修了証発行日: 'yyyy/mm/dd',
      修了証番号: '@',
    });
    expect(formats('training')).toEqual({ 会員番号: '@', 受講日: 'yyyy/mm/dd' });
    expect(formats('clinics')).toEqual({ 医療機関コード: '@', 報告日: 'yyyy/mm/dd' });
    expect(formats('affiliations')).toEqual({ 会員番号: '@', 医療機関コード: '@' });
  });

  test('present inputs are not created; an existing sheet of a name to create is a conflict', () => {
    const plan = templatePlan({ existingSheets: ['名簿', '医療機関'], presentRoles: new Set(['doctors']) });
    expect(plan.sheets.map((s) => s.name)).toEqual(['研修記録', '医療機関', '所属']);
    expect(plan.conflicts).toEqual(['医療機関']);
    // Excel compares sheet names case-insensitively.
    expect(
      templatePlan({
        existingSheets: ['settings', '設定'],
        presentRoles: new Set(['doctors', 'training', 'clinics', 'affiliations']),
      }).conflicts,
    ).toEqual(['設定']);
  });
});

describe('createTemplate on the Excel test double', () => {
  test('creates the sheets with headers, lists, text/date formats and 設定 with 説明; then detection is ready', async () => {
    const d = createExcelDouble({ sheets: ['Sheet1'] });
    const { host } = paneHost(d);
    const out = await createTemplate(host);
    expect(out).toEqual({ kind: 'created', sheets: ['医師', '研修記録', '医療機関', '所属', '設定'] });
    expect(d.workbook.sheetNames()).toEqual(['Sheet1', '医師', '研修記録', '医療機関', '所属', '設定']);
    expect(d.stats.delayForCellEditRuns).toBe(d.stats.runs);

    const doctors = d.workbook.sheet('医師');
    expect(doctors.values('A1:I1')).toEqual([
      [
        '会員番号',
        '氏名',
        'フリガナ',
        '医療機関コード',
        '地区',
        '会員区分',
        '修了証発行日',
        '修了証番号',
        '申請状況',
      ],
    ]);
    expect(doctors.cell('A1').format.font.bold).toBe(true);
    expect(doctors.freezePanes).toEqual({ rows: 1, columns: 0 });
    expect(doctors.cell('A2').numberFormat).toBe('@');
    expect(doctors.cell('D500').numberFormat).toBe('@');
    expect(doctors.cell('G2').numberFormat).toBe('yyyy/mm/dd');
    const dv = (sheet: string) =>
      d.workbook
        .sheet(sheet)
        .dataValidations()
        .map((v) => [v.ranges.join(','), (v.rule as { list?: { source: string } }).list?.source]);
    expect(dv('医師')).toEqual([
      [`F2:F${TEMPLATE_DATA_ROWS + 1}`, 'A1,A2B,A2C,B,C,非会員'],
      [`I2:I${TEMPLATE_DATA_ROWS + 1}`, '未申請,申請中,差戻し,承認済,発行済'],
    ]);
    expect(dv('研修記録')).toEqual([
      [`C2:C${TEMPLATE_DATA_ROWS + 1}`, '座学,実地'],
      [`F2:F${TEMPLATE_DATA_ROWS + 1}`, '承認,申請中,却下'],
    ]);
    expect(dv('医療機関')).toEqual([
      [`C2:C${TEMPLATE_DATA_ROWS + 1}`, '病院,診療所,歯科診療所'],
      [`D2:D${TEMPLATE_DATA_ROWS + 1}`, '○,×'],
      [`E2:E${TEMPLATE_DATA_ROWS + 1}`, '○,×'],
      [`G2:G${TEMPLATE_DATA_ROWS + 1}`, '○,×'],
      [`H2:H${TEMPLATE_DATA_ROWS + 1}`, '○,×'],
      [`I2:I${TEMPLATE_DATA_ROWS + 1}`, '未報告,報告済,再報告済,確認完了済'],
    ]);
    // 報告日 (date format) and 名簿外の修了者 follow 報告状況; 医療機関コード keeps its zeros.
    const clinics = d.workbook.sheet('医療機関');
    expect(clinics.values('I1:K1')).toEqual([['報告状況', '報告日', '名簿外の修了者']]);
    expect(clinics.cell('J2').numberFormat).toBe('yyyy/mm/dd');
    expect(clinics.cell('A9000').numberFormat).toBe('@');
    expect((clinics.dataValidations()[5].errorAlert as { style: string }).style).toBe('Information');
    // G-MIS also takes an account ID: its list only informs.
    const gmis = d.workbook.sheet('医療機関').dataValidations()[3];
    expect((gmis.errorAlert as { style: string }).style).toBe('Information');
    expect((d.workbook.sheet('研修記録').dataValidations()[0].errorAlert as { style: string }).style).toBe(
      'Stop',
    );

    const settings = d.workbook.sheet('設定');
    expect(settings.values(`A1:C${SETTINGS.length + 1}`)).toEqual([
      ['項目', '値', '説明'],
      ...SETTINGS.map((s) => [
        s.key,
        s.kind === 'date' || s.default === null ? '' : s.default,
        SETTING_DESCRIPTIONS[s.key],
      ]),
    ]);

    const det = await detect(host);
    expect(det.ready).toBe(true);
    expect(det.inputs.map((i) => i.state)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });

  test('the pipeline runs on a fresh template (no rows) without a fatal error', async () => {
    const d = createExcelDouble({ sheets: ['Sheet1'] });
    const { host } = paneHost(d);
    await createTemplate(host);
    const res = await runRecalc(host);
    expect(res.kind).toBe('done');
    if (res.kind === 'done') expect(res.output.result.counts.doctors.read).toBe(0);
  });

  test('refuses, writing nothing, when a sheet of a name to create exists', async () => {
    const d = createExcelDouble({ sheets: { Sheet1: [['メモ']], 医師: [['何か']] } });
    const before = allCells(d);
    const { host } = paneHost(d);
    expect(await createTemplate(host)).toEqual({ kind: 'refused', conflicts: ['医師'] });
    expect(d.workbook.sheetNames()).toEqual(['Sheet1', '医師']);
    expect(allCells(d)).toEqual(before);
  });

  test('creates only what is missing when some inputs exist', async () => {
    const d = createExcelDouble({
      sheets: {
        会員名簿: [
          ['会員番号', '氏名'],
          ['1', 'a'],
        ],
      },
    });
    const { host } = paneHost(d);
    expect(await createTemplate(host)).toEqual({
      kind: 'created',
      sheets: ['研修記録', '医療機関', '所属', '設定'],
    });
    expect(d.workbook.sheet('会員名簿').values('A1:B2')).toEqual([
      ['会員番号', '氏名'],
      ['1', 'a'],
    ]);
  });
});
