/** The pane's problem list: the first 500 issues grouped by code, errors first. */
import type { Issue } from '../../src/domain/types';
import { PANE_ISSUE_LIMIT, groupIssues } from '../../src/taskpane/components/IssuesPanel';

const issue = (code: Issue['code'], severity: Issue['severity'], row: number): Issue => ({
  severity,
  code,
  sheet: '研修記録',
  row,
  column: '区分',
  cell: `C${row}`,
  field: 'kind',
  value: 'x',
  message: 'm',
  fix: 'f',
});

test('groups by code and severity, errors first, then warnings, then info; first appearance within', () => {
  const list = [
    issue('jitchi-not-approved', 'info', 2),
    issue('date-future', 'warning', 3),
    issue('kind-unknown', 'error', 4),
    issue('cell-error-value', 'warning', 5),
    issue('cell-error-value', 'error', 6),
    issue('kind-unknown', 'error', 7),
  ];
  const groups = groupIssues(list);
  expect(groups.map((g) => [g.code, g.severity, g.issues.map((i) => i.row)])).toEqual([
    ['kind-unknown', 'error', [4, 7]],
    ['cell-error-value', 'error', [6]],
    ['date-future', 'warning', [3]],
    ['cell-error-value', 'warning', [5]],
    ['jitchi-not-approved', 'info', [2]],
  ]);
});

test('only the first 500 are listed', () => {
  const list = Array.from({ length: 1200 }, (_, i) =>
    issue(i < 700 ? 'kind-unknown' : 'date-future', i < 700 ? 'error' : 'warning', i + 2),
  );
  const groups = groupIssues(list);
  expect(PANE_ISSUE_LIMIT).toBe(500);
  expect(groups.reduce((n, g) => n + g.issues.length, 0)).toBe(500);
  expect(groups.map((g) => g.code)).toEqual(['kind-unknown']);
});
