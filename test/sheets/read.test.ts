/**
 * The workbook contract (SPEC §2, §4.1): finding inputs, matching headers, row buckets, and every
 * issue code the reader and engine raise, each placed on its exact cell.
 */
import { dayFromIso } from '../../src/domain/day';
import { FatalError } from '../../src/sheets/fatal';
import { recalc } from '../../src/sheets/recalc';
import { FORMULA_NO_VALUE, type RawCell } from '../../src/sheets/types';
import { snapshot, MINIMAL, type Rows } from '../helpers/workbook';

const AS_OF = dayFromIso('2026-01-31')!;
const run = (sheets: Record<string, Rows>, extra: Parameters<typeof snapshot>[1] = {}) =>
  recalc(snapshot(sheets, extra), { asOf: AS_OF, now: new Date('2026-01-31T01:00:00Z') });

const DOCS: Rows = [
  ['会員番号', '氏名', '医療機関コード'],
  ['0001', '山田 太郎', '4017716434'],
];
const TRAIN_HEAD: RawCell[] = ['会員番号', '受講日', '区分', '研修名', '単位', '承認'];
const CLINIC_HEAD: RawCell[] = [
  '医療機関コード',
  '名称',
  '種別',
  '特定機能病院',
  'G-MIS',
  'かかりつけ報告権限',
];

function only(code: string, sheets: Record<string, Rows>) {
  const out = run(sheets);
  const found = out.result.issues.filter((i) => i.code === code);
  return { out, found };
}

describe('finding inputs', () => {
  test('sheet aliases, header row below row 1, width- and case-insensitive headers', () => {
    const out = run({
      会員名簿: [['名簿 2026年度'], [], ['会員 番号', 'ＮＡＭＥ'], ['0001', 'A']],
      受講記録: [
        ['id', 'date', 'KIND', '単位数'],
        ['0001', '2025-10-01', '座学', 10],
      ],
    });
    expect(out.result.counts.doctors).toEqual({ read: 1, used: 1, rejected: 0, blank: 0 });
    expect(out.result.doctors[0]).toMatchObject({
      id: '0001',
      name: 'A',
      zagakuUnits: 10,
      status: 'in-progress',
    });
    expect(out.result.counts.training.counted).toBe(1);
  });

  test('an Excel table named by an alias is an input; its header is the table top row', () => {
    const wb = snapshot({
      Data: [[], ['会員番号', '氏名'], ['0001', 'A'], ['0002', 'B']],
      研修記録: MINIMAL['研修記録'].slice(0, 1),
    });
    wb.sheets[0].tables = [{ name: 'Doctors', top: 2, left: 1, bottom: 3, right: 2 }];
    const out = recalc(wb, { asOf: AS_OF });
    // The table ends at row 3: row 4 is outside the input region.
    expect(out.result.doctors.map((d) => d.id)).toEqual(['0001']);
  });

  test('input-duplicate-source: the first alias wins, the other source gets an info issue naming its sheet', () => {
    const { out, found } = only('input-duplicate-source', { ...MINIMAL, 会員名簿: DOCS });
    expect(out.result.counts.doctors.read).toBe(3);
    expect(found).toEqual([
      expect.objectContaining({ severity: 'info', sheet: '会員名簿', row: null, cell: 'A1' }),
    ]);
  });

  test('column-duplicate: the alias listed first wins', () => {
    const { out, found } = only('column-duplicate', {
      ...MINIMAL,
      医師: [
        ['医師ID', '氏名', '会員番号'],
        ['X1', 'A', '0001'],
      ],
    });
    expect(out.result.doctors[0].id).toBe('0001');
    expect(found).toEqual([
      expect.objectContaining({ severity: 'info', sheet: '医師', row: null, cell: 'A1', value: '医師ID' }),
    ]);
  });

  test('owned-like-column-ignored: a 判定_ header the plan does not own', () => {
    const { found } = only('owned-like-column-ignored', {
      ...MINIMAL,
      医師: [
        ['会員番号', '氏名', '判定_メモ'],
        ['0001', 'A', 'x'],
      ],
    });
    expect(found).toEqual([
      expect.objectContaining({ severity: 'info', sheet: '医師', cell: 'C1', value: '判定_メモ' }),
    ]);
  });

  test('gmis-account-column-missing: account assumed', () => {
    const { out, found } = only('gmis-account-column-missing', {
      ...MINIMAL,
      医療機関: [
        ['医療機関コード', '名称'],
        ['4017716434', 'X'],
      ],
    });
    expect(found).toEqual([
      expect.objectContaining({ severity: 'info', sheet: '医療機関', row: null, cell: 'A1' }),
    ]);
    expect(out.result.clinics[0].reasons).not.toContain('no-gmis-account');
  });

  test('missing required sheet and column are fatal', () => {
    expect(() => run({ 医師: DOCS })).toThrow(FatalError);
    try {
      run({
        医師: DOCS,
        研修記録: [
          ['会員番号', '区分', '単位'],
          ['0001', '座学', 1],
        ],
      });
      throw new Error('not fatal');
    } catch (e) {
      expect((e as FatalError).code).toBe('column-missing');
      expect((e as FatalError).message).toContain('受講日');
      expect((e as FatalError).message).toContain('実施日');
    }
  });
});

describe('row buckets: read = used + rejected + blank', () => {
  test('blank rows, rejected rows and used rows reconcile on every sheet', () => {
    const out = run({
      医師: [
        ['会員番号', '氏名', 'メモ'],
        ['0001', 'A', null],
        [null, '  ', 'memo only'],
        [null, 'B', null],
        ['0001', 'C', null],
      ],
      研修記録: [
        TRAIN_HEAD,
        ['0001', '2025/10/1', '座学', 't', 1, null],
        [null, null, null, null, null, null],
        ['0009', '2025/10/1', '座学', 't', 1, null],
      ],
    });
    expect(out.result.counts.doctors).toEqual({ read: 4, used: 1, rejected: 2, blank: 1 });
    expect(out.result.counts.training).toEqual({ read: 3, used: 1, rejected: 1, blank: 1, counted: 1 });
  });
});

describe('every reader issue code on its exact cell', () => {
  const T = (row: RawCell[]) => ({ ...MINIMAL, 研修記録: [TRAIN_HEAD, row] });
  const D = (header: RawCell[], row: RawCell[]) => ({ ...MINIMAL, 医師: [header, row] });
  const C = (row: RawCell[]) => ({ ...MINIMAL, 医療機関: [CLINIC_HEAD, row] });
  const cases: [string, Record<string, Rows>, Record<string, unknown>][] = [
    [
      'doctor-id-missing',
      D(['会員番号', '氏名'], [null, 'A']),
      { severity: 'error', sheet: '医師', row: 2, cell: 'A2', value: null },
    ],
    [
      'doctor-id-invalid',
      D(['会員番号', '氏名'], [12.5, 'A']),
      { severity: 'error', sheet: '医師', row: 2, cell: 'A2', value: '12.5' },
    ],
    [
      'doctor-name-missing',
      D(['会員番号', '氏名'], ['0001', null]),
      { severity: 'warning', sheet: '医師', row: 2, cell: 'B2', value: null },
    ],
    [
      'certificate-date-invalid',
      D(['会員番号', '修了証発行日'], ['0001', 'R7.12']),
      { severity: 'warning', sheet: '医師', row: 2, cell: 'B2', value: 'R7.12' },
    ],
    [
      'certificate-date-future',
      D(['会員番号', '修了証発行日'], ['0001', '2026/02/01']),
      { severity: 'warning', sheet: '医師', row: 2, cell: 'B2' },
    ],
    [
      'certificate-date-missing',
      D(['会員番号', '申請状況'], ['0001', '発行済み']),
      { severity: 'warning', sheet: '医師', row: 2 },
    ],
    [
      'application-status-unknown',
      D(['会員番号', '申請状況'], ['0001', '検討中']),
      { severity: 'info', sheet: '医師', row: 2, cell: 'B2', value: '検討中' },
    ],
    [
      'clinic-unknown',
      D(['会員番号', '医療機関コード'], ['0001', '4017716483']),
      { severity: 'warning', sheet: '医師', row: 2, cell: 'B2', value: '4017716483' },
    ],
    [
      'record-doctor-unknown',
      T(['9999', '2025/10/1', '座学', 't', 1, null]),
      { severity: 'error', sheet: '研修記録', row: 2, cell: 'A2', value: '9999' },
    ],
    ['date-missing', T(['0001', null, '座学', 't', 1, null]), { severity: 'error', row: 2, cell: 'B2' }],
    [
      'date-invalid',
      T(['0001', '2025/02/30', '座学', 't', 1, null]),
      { severity: 'error', row: 2, cell: 'B2', value: '2025/02/30' },
    ],
    [
      'date-era-out-of-range',
      T(['0001', '平成32年1月1日', '座学', 't', 1, null]),
      { severity: 'error', row: 2, cell: 'B2', value: '平成32年1月1日' },
    ],
    [
      'date-future',
      T(['0001', '2026/02/01', '座学', 't', 1, null]),
      { severity: 'warning', row: 2, cell: 'B2' },
    ],
    ['kind-missing', T(['0001', '2025/10/1', null, 't', 1, null]), { severity: 'error', row: 2, cell: 'C2' }],
    [
      'kind-unknown',
      T(['0001', '2025/10/1', 'e-ラーニング', 't', 1, null]),
      { severity: 'error', row: 2, cell: 'C2', value: 'e-ラーニング' },
    ],
    [
      'units-missing',
      T(['0001', '2025/10/1', '座学', 't', null, null]),
      { severity: 'error', row: 2, cell: 'E2' },
    ],
    [
      'units-not-number',
      T(['0001', '2025/10/1', '座学', 't', '一単位', null]),
      { severity: 'error', row: 2, cell: 'E2', value: '一単位' },
    ],
    [
      'units-not-half-step',
      T(['0001', '2025/10/1', '座学', 't', 0, null]),
      { severity: 'error', row: 2, cell: 'E2', value: '0' },
    ],
    [
      'jitchi-units-not-standard',
      T(['0001', '2025/10/1', '実地', 't', 3, '承認']),
      { severity: 'warning', row: 2, cell: 'E2', value: '3' },
    ],
    [
      'jitchi-approval-blank',
      T(['0001', '2025/10/1', '実地', 't', 5, null]),
      { severity: 'warning', row: 2, cell: 'F2' },
    ],
    [
      'jitchi-not-approved',
      T(['0001', '2025/10/1', '実地', 't', 5, '却下']),
      { severity: 'info', row: 2, cell: 'F2', value: '却下' },
    ],
    [
      'clinic-code-missing',
      C([null, 'X', null, null, null, null]),
      { severity: 'error', sheet: '医療機関', row: 2, cell: 'A2' },
    ],
    [
      'clinic-code-invalid',
      C(['12345', 'X', null, null, null, null]),
      { severity: 'error', row: 2, cell: 'A2', value: '12345' },
    ],
    [
      'clinic-code-pharmacy',
      C(['4047716434', 'X', null, null, null, null]),
      { severity: 'error', row: 2, cell: 'A2' },
    ],
    [
      'clinic-code-leading-zero-lost',
      C([415135231, 'X', null, null, null, null]),
      { severity: 'error', row: 2, cell: 'A2', value: '415135231' },
    ],
    [
      'clinic-code-leading-zero-restored',
      C([110112489, 'X', null, null, null, null]),
      { severity: 'warning', row: 2, cell: 'A2' },
    ],
    [
      'clinic-code-check-digit',
      C(['4017716435', 'X', null, null, null, null]),
      { severity: 'warning', row: 2, cell: 'A2' },
    ],
    [
      'clinic-name-missing',
      C(['4017716434', null, null, null, null, null]),
      { severity: 'warning', row: 2, cell: 'B2' },
    ],
    [
      'clinic-type-conflict',
      C(['4017716434', 'X', '歯科診療所', null, null, null]),
      { severity: 'warning', row: 2, cell: 'C2' },
    ],
    [
      'flag-unrecognised',
      C(['4017716434', 'X', null, 'たぶん', null, null]),
      { severity: 'warning', row: 2, cell: 'D2', value: 'たぶん' },
    ],
    [
      'cell-error-value',
      C(['4017716434', { error: '#N/A' }, null, null, null, null]),
      { severity: 'warning', row: 2, cell: 'B2', value: '#N/A' },
    ],
    [
      'formula-without-value',
      D(['会員番号', '氏名'], [FORMULA_NO_VALUE, 'A']),
      { severity: 'warning', row: 2, cell: 'A2' },
    ],
    [
      'setting-unknown',
      {
        ...MINIMAL,
        設定: [
          ['項目', '値'],
          ['謎の設定', 1],
        ],
      },
      { severity: 'warning', sheet: '設定', row: 2, cell: 'A2', value: '謎の設定' },
    ],
    [
      'setting-default-used',
      {
        ...MINIMAL,
        設定: [
          ['項目', '値'],
          ['合計必要単位', 10],
        ],
      },
      { severity: 'info', sheet: '設定', row: null, cell: 'A1' },
    ],
    [
      'no-doctor-clinic-links',
      {
        ...MINIMAL,
        医師: [
          ['会員番号', '氏名'],
          ['0001', 'A'],
        ],
      },
      { severity: 'info', sheet: '医療機関', row: null },
    ],
    [
      'affiliation-duplicate',
      {
        ...MINIMAL,
        所属: [
          ['会員番号', '医療機関コード'],
          ['0003', '4017716434'],
          ['0003', '4017716434'],
        ],
      },
      { severity: 'warning', sheet: '所属', row: 3 },
    ],
    [
      'duplicate-record',
      {
        ...MINIMAL,
        研修記録: [
          TRAIN_HEAD,
          ['0001', '2025/10/1', '座学', 't', 1, null],
          ['0001', '2025/10/1', '座学', 't', 1, null],
        ],
      },
      { severity: 'warning', sheet: '研修記録', row: 3 },
    ],
  ];
  test.each(cases)('%s', (code, sheets, expected) => {
    const { found } = only(code, sheets);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found[0]).toMatchObject({ code, ...expected });
    expect(found[0].message.length).toBeGreaterThan(0);
    expect(found[0].message).not.toMatch(/\{[a-zA-Z]+\}/);
    expect(found[0].fix).not.toMatch(/\{[a-zA-Z]+\}/);
  });

  test('doctor-id-duplicate rejects the later row', () => {
    const { out, found } = only('doctor-id-duplicate', {
      ...MINIMAL,
      医師: [
        ['会員番号', '氏名'],
        ['0001', 'A'],
        ['0001', 'B'],
      ],
    });
    expect(found).toEqual([
      expect.objectContaining({ severity: 'error', row: 3, cell: 'A3', value: '0001' }),
    ]);
    expect(out.result.doctors.map((d) => d.name)).toEqual(['A']);
  });

  test('clinic-code-duplicate rejects the later row', () => {
    const { found } = only('clinic-code-duplicate', {
      ...MINIMAL,
      医療機関: [CLINIC_HEAD, ['4017716434', 'X'], ['4017716434', 'Y']],
    });
    expect(found).toEqual([expect.objectContaining({ severity: 'error', row: 3, cell: 'A3' })]);
  });

  test('date-before-count-from: one info issue with the count', () => {
    const { found } = only('date-before-count-from', {
      ...MINIMAL,
      設定: [
        ['項目', '値'],
        ['集計開始日', '2025/10/02'],
      ],
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'info', sheet: '研修記録', row: null });
    expect(found[0].message).toContain('2');
  });

  test('record-doctor-unknown: the fix says when a zero-padded ID matches', () => {
    const { found } = only('record-doctor-unknown', {
      ...MINIMAL,
      研修記録: [TRAIN_HEAD, [1, '2025/10/1', '座学', 't', 1, null]],
    });
    expect(found[0].fix).toContain('0001');
  });

  test('an unknown doctor on 所属 and an unknown clinic on 所属 are errors', () => {
    const out = run({
      ...MINIMAL,
      所属: [
        ['会員番号', '医療機関コード'],
        ['0404', '4017716434'],
        ['0001', '4017716483'],
      ],
    });
    expect(
      out.result.issues.filter((i) => i.sheet === '所属').map((i) => [i.code, i.severity, i.cell]),
    ).toEqual([
      ['record-doctor-unknown', 'error', 'A2'],
      ['clinic-unknown', 'error', 'B3'],
    ]);
    expect(out.result.counts.affiliations).toEqual({ read: 2, used: 0, rejected: 2, blank: 0 });
  });

  test('cell-error-value in a required field is an error and rejects the row', () => {
    const out = run({ ...MINIMAL, 研修記録: [TRAIN_HEAD, ['0001', '#N/A', '座学', 't', 1, null]] });
    const i = out.result.issues.find((x) => x.code === 'cell-error-value')!;
    expect(i).toMatchObject({ severity: 'error', cell: 'B2', value: '#N/A' });
    expect(out.result.counts.training.rejected).toBe(1);
  });
});

describe('the training sheet is matched by the header it uses (SPEC §2.2)', () => {
  test('a roster with 会員番号 and 医籍登録番号, records by 医籍登録番号', () => {
    const out = run({
      医師: [
        ['会員番号', '医籍登録番号', '氏名'],
        ['0001', '555111', 'A'],
      ],
      研修記録: [
        ['医籍登録番号', '受講日', '区分', '単位'],
        ['555111', '2025/10/1', '座学', 2],
      ],
    });
    expect(out.result.doctors[0]).toMatchObject({ id: '0001', zagakuUnits: 2 });
  });
});

describe('issues are sorted as 入力チェック', () => {
  test('sheet in input order, sheet-level first, then row, column, code', () => {
    const out = run({
      ...MINIMAL,
      医師: [
        ['会員番号', '氏名', '判定_メモ'],
        ['0001', null, null],
        [null, 'x', null],
      ],
      研修記録: [
        TRAIN_HEAD,
        ['0001', '2026/03/01', '座学', 't', 1, null],
        ['0001', '2025/03/01', '座学', 't', 1.25, null],
      ],
    });
    expect(out.result.issues.map((i) => [i.sheet, i.cell, i.code])).toEqual([
      ['医師', 'C1', 'owned-like-column-ignored'],
      ['医師', 'B2', 'doctor-name-missing'],
      ['医師', 'A3', 'doctor-id-missing'],
      ['研修記録', 'B2', 'date-future'],
      ['研修記録', 'E3', 'units-not-half-step'],
      ['医療機関', 'A1', 'no-doctor-clinic-links'],
    ]);
  });
});
