/** 入力チェック (src/sheets/plan.ts inputCheckSheetSteps): its rows, shared cells and the cap. */
import { runSteps } from '../../src/domain/steps';
import { INPUT_CHECK_MAX_ROWS, inputCheckSheetSteps } from '../../src/sheets/plan';
import type { PlacedIssue } from '../../src/sheets/issues';

function issue(k: number, code: PlacedIssue['code']): PlacedIssue {
  return {
    code,
    severity: k % 2 ? 'warning' : 'error',
    sheet: '研修記録',
    cell: `B${k + 2}`,
    row: k + 2,
    column: '受講日',
    value: `v${k}`,
    message: `message ${k}`,
    fix: `fix ${k}`,
    role: 'training',
    col: 2,
  } as PlacedIssue;
}

describe('入力チェック', () => {
  it('has one row per problem, its link and texts, repeated values in one shared cell', () => {
    const sh = runSteps(
      inputCheckSheetSteps([issue(0, 'date-invalid'), issue(1, 'date-future'), issue(2, 'date-invalid')]),
    );
    expect(sh.rows).toHaveLength(4);
    const [, a, , c] = sh.rows;
    expect(a.map((x) => (x === null ? null : x.v))).toEqual([
      'エラー',
      '研修記録',
      'B2',
      2,
      '受講日',
      'v0',
      'message 0',
      'fix 0',
      'date-invalid',
    ]);
    expect(a[2]).toMatchObject({ t: 'f', f: 'HYPERLINK("#\'研修記録\'!B2","B2")' });
    // Equal texts, one cell object: 重要度, シート, 列, コード.
    for (const j of [0, 1, 4, 8]) expect(c[j]).toBe(a[j]);
    // Per-problem texts are their own cells.
    for (const j of [2, 3, 5, 6, 7]) expect(c[j]).not.toBe(a[j]);
  });

  it(`lists the first ${INPUT_CHECK_MAX_ROWS} problems after a row that says how many there are, by code`, () => {
    const n = INPUT_CHECK_MAX_ROWS + 3;
    const list = Array.from({ length: n }, (_, k) => issue(k, k < 5 ? 'date-future' : 'date-invalid'));
    const sh = runSteps(inputCheckSheetSteps(list));
    expect(sh.rows).toHaveLength(INPUT_CHECK_MAX_ROWS + 2);
    expect(sh.rows[1][0]).toEqual({
      t: 's',
      v: `問題が ${n} 件あり、先頭の ${INPUT_CHECK_MAX_ROWS} 件だけを表示しています（コード別：date-future 5件、date-invalid ${n - 5}件）。すべての問題は --json の結果にあります。`,
      s: 'warn',
    });
  });
});
