/**
 * The counterexamples the properties found, shrunk by hand into plain examples, so that each fixed
 * defect stays fixed even on a property run that does not happen to generate it again.
 */
import { dayFromIso } from '../../src/domain/day';
import { evaluate } from '../../src/domain/engine';
import { DEFAULT_PROFILE } from '../../src/domain/profile';
import type { DoctorIn, RecordIn } from '../../src/domain/types';
import { isMultipleOfStep } from '../../src/sheets/cells';
import { FatalError } from '../../src/sheets/fatal';
import { MAX_CELL_TEXT } from '../../src/sheets/plan';
import { recalc } from '../../src/sheets/recalc';
import { snapshot, type Rows } from '../helpers/workbook';
import { padWorkbook, NOW } from './helpers';

const AS_OF = dayFromIso('2026-01-31')!;
const run = (sheets: Record<string, Rows>, extra: Parameters<typeof snapshot>[1] = {}) =>
  recalc(snapshot(sheets, extra), { asOf: AS_OF, now: NOW });
const DOCS: Rows = [
  ['会員番号', '氏名'],
  ['0001', '山田'],
];
const TRAIN: Rows = [['会員番号', '受講日', '区分', '単位']];

describe('regressions found by the properties', () => {
  test.each<[string, unknown]>([
    ['an invalid Date', new Date(NaN)],
    ['only hyphens', '-'],
    ['only a long-vowel mark', 'ー'],
  ])(
    '所属 without 医療機関: a clinic code with no text (%s) is rejected with an error on its cell',
    (_, code) => {
      const out = run({
        医師: DOCS,
        研修記録: TRAIN,
        所属: [
          ['会員番号', '医療機関コード'],
          ['0001', code as string],
        ],
      });
      expect(out.result.counts.affiliations).toEqual({ read: 1, used: 0, rejected: 1, blank: 0 });
      expect(out.result.issues.filter((i) => i.sheet === '所属')).toEqual([
        expect.objectContaining({ severity: 'error', code: 'clinic-code-invalid', cell: 'B2' }),
      ]);
      expect(out.result.doctors[0].clinicCodes).toEqual([]);
    },
  );

  test('座学 units are summed in a fixed order: Z does not depend on the order of the rows', () => {
    const doctor: DoctorIn = {
      row: 2,
      id: 'd',
      name: null,
      kana: null,
      clinicCode: null,
      district: null,
      memberClass: null,
      certificateDate: null,
      certificateNo: null,
      applicationStatus: null,
    };
    const z = (units: number[]) => {
      const records: RecordIn[] = units.map((u, i) => ({
        row: i + 2,
        doctorId: 'd',
        date: AS_OF - 1 - i,
        kind: 'zagaku',
        titleKey: '',
        units: u,
        approval: 'approved',
      }));
      return evaluate({
        profile: { ...DEFAULT_PROFILE },
        asOf: AS_OF,
        doctors: [doctor],
        records,
        clinics: null,
        affiliations: [],
        previous: null,
      }).doctors[0].zagakuUnits;
    };
    expect(z([4.5e15, 0.5, 0.5, 0.5])).toBe(z([0.5, 0.5, 0.5, 4.5e15]));
    expect(z([2 ** 52, 0.5, 0.5])).toBe(z([0.5, 2 ** 52, 0.5]));
  });

  test('units beyond 2^53 steps are not "a multiple of the step" (1e300 単位 would make the totals Infinity)', () => {
    expect(isMultipleOfStep(1e300, 0.5)).toBe(false);
    expect(isMultipleOfStep(Number.MAX_VALUE, 0.5)).toBe(false);
    expect(isMultipleOfStep(4.5e15, 0.5)).toBe(true);
    const out = run({
      医師: DOCS,
      研修記録: [...TRAIN, ['0001', '2025/10/01', '座学', 1e300], ['0001', '2025/10/02', '座学', 1e300]],
    });
    expect(out.result.issues.map((i) => [i.code, i.cell])).toEqual([
      ['units-not-half-step', 'D2'],
      ['units-not-half-step', 'D3'],
    ]);
    expect(out.result.doctors[0].totalUnits).toBe(0);
  });

  test('owned columns go right of the rightmost non-empty cell, whatever empty padding the adapter gives the rows', () => {
    const sheets = { 医師: DOCS, 研修記録: TRAIN };
    const plain = recalc(snapshot(sheets), { asOf: AS_OF, now: NOW });
    const padded = recalc(padWorkbook(snapshot(sheets), 12, 3, null), { asOf: AS_OF, now: NOW });
    expect(plain.plan.inputs[0].columns[0].col).toBe(3);
    expect(padded.plan.inputs[0].columns.map((c) => c.col)).toEqual(
      plain.plan.inputs[0].columns.map((c) => c.col),
    );
  });

  test('a blank-result formula where the first owned column goes is in the way, also on the header row', () => {
    const wb = snapshot({
      医師: [
        ['会員番号', '氏名', ''],
        ['0001', '山田'],
      ],
      研修記録: TRAIN,
    });
    wb.sheets[0].formulaCells = new Set([1 * 16384 + 3]);
    expect(() => recalc(wb, { asOf: AS_OF, now: NOW })).toThrow(
      expect.objectContaining({ code: 'owned-column-blocked' }),
    );
  });

  test('the 入力チェック HYPERLINK doubles the quotes of a sheet name', () => {
    const name = '名簿",0)+HYPERLINK("evil';
    const wb = snapshot({
      [name]: [
        ['会員番号', '氏名'],
        ['0001', null],
      ],
      研修記録: TRAIN,
    });
    wb.sheets[0].tables = [{ name: '医師', top: 1, left: 1, bottom: 2, right: 2 }];
    const out = recalc(wb, { asOf: AS_OF, now: NOW });
    const links = out.plan.sheets
      .find((s) => s.name === '入力チェック')!
      .rows.flat()
      .filter((c) => c !== null && c.t === 'f');
    expect(links.map((c) => (c as { f: string }).f)).toContain(
      `HYPERLINK("#'名簿"",0)+HYPERLINK(""evil'!B2","B2")`,
    );
  });

  test('an existing owned cell inside a merged area (not its top-left) is in the way', () => {
    const wb = snapshot({
      医師: [
        ['会員番号', '氏名', '判定_状態'],
        ['0001', '山田', null],
      ],
      研修記録: TRAIN,
    });
    wb.sheets[0].merges = [{ top: 2, left: 2, bottom: 2, right: 3 }];
    let err: unknown;
    try {
      recalc(wb, { asOf: AS_OF, now: NOW });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FatalError);
    expect((err as FatalError).code).toBe('owned-column-blocked');
    expect((err as FatalError).message).toContain('B2:C2');
  });

  test('texts quoting user values fit a cell: values are cut in messages, echoed values at 32,767 characters', () => {
    const long = 'ﰀ'.repeat(20_000); // NFKC turns each into two characters
    const out = run({
      医師: DOCS,
      研修記録: [...TRAIN, [long, '2025/10/01', '座学', 1], ['0001', '2025/10/01', long, 1]],
    });
    const unknown = out.result.issues.find((i) => i.code === 'record-doctor-unknown')!;
    expect(unknown.value!.length).toBe(40_000); // the JSON keeps the value whole
    expect(unknown.message.length).toBeLessThan(400);
    const check = out.plan.sheets.find((s) => s.name === '入力チェック')!;
    for (const row of check.rows)
      for (const c of row) if (c && c.t === 's') expect(c.v.length).toBeLessThanOrEqual(MAX_CELL_TEXT);
    const training = out.plan.inputs.find((p) => p.role === 'training')!.columns[0].values;
    for (const v of training) expect(String(v).length).toBeLessThanOrEqual(MAX_CELL_TEXT);
  });
});
