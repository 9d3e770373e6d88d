/** The pane's problem list: the first 500 issues grouped by code, errors first. */
import type { Issue } from '../../src/domain/types';
import { ISSUE_CODES } from '../../src/domain/types';
import { UI, issueTitle } from '../../src/strings/ui';
import { PANE_ISSUE_LIMIT, groupFix, groupIssues } from '../../src/taskpane/components/IssuesPanel';

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

test('one fix text per group: the most common fix among its issues (others shown on their rows)', () => {
  const a = { ...issue('kind-unknown', 'error', 2), fix: 'A' };
  const b = { ...issue('kind-unknown', 'error', 3), fix: 'B' };
  expect(groupFix([a, b, { ...b, row: 4 }])).toBe('B');
  expect(groupFix([a])).toBe('A');
  expect(groupFix([])).toBe('');
});

test('issue titles: every code has a label in both languages, rev 2 codes included (never the raw code)', () => {
  for (const s of [UI.ja, UI.en])
    for (const code of [
      ...ISSUE_CODES,
      'file-not-found',
      'output-not-writable',
      'report-previous-year',
      'report-date-missing',
      'report-date-future',
      'report-date-invalid',
      'report-date-column-missing',
      'outside-completers-invalid',
    ])
      expect(issueTitle(s, code)).not.toBe(code);
  expect(issueTitle(UI.ja, 'kind-unknown')).toBe('区分が座学・実地以外');
  expect(UI.ja.issueList.codeLabel('kind-unknown')).toBe('コード kind-unknown');
});
