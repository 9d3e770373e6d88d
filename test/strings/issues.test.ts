import { ISSUE_CODES, type IssueCode, type IssueParams } from '../../src/domain/types';
import {
  DATE_BEFORE_BOTH_COUNT_FROM_MESSAGE,
  DATE_BEFORE_JITCHI_COUNT_FROM_MESSAGE,
  ISSUE_TEXTS,
  RECORD_DOCTOR_UNKNOWN_PADDED_FIX,
  SEVERITY_JA,
  renderIssueText,
} from '../../src/strings/issues';

/** A value for every param any template may use. */
const FULL_PARAMS: IssueParams = {
  value: '1.25',
  sheet: '研修記録',
  column: '単位',
  cell: 'E12',
  row: 12,
  step: 0.5,
  unitsPerJitchi: 5,
  expected: '会員番号',
  aliases: '会員番号、医師ID、ID',
  count: 3,
  asOf: '2026/01/31',
  countFrom: '2025/04/01',
  firstRow: 7,
  padded: '0001234567',
  reason: 'フォルダーがありません',
  cells: 'H2、H3',
  key: '合計必要単位',
  other: '受講記録',
  used: '会員番号',
  code: '4037716430',
  date: '2025/12/01',
  year: 2027,
  jitchiCountFrom: '2024/04/01',
};

const FATAL: IssueCode[] = [
  'sheet-missing',
  'column-missing',
  'file-not-xlsx',
  'file-encrypted-or-xls',
  'file-corrupt',
  'setting-invalid',
  'owned-column-blocked',
  'owned-sheet-name-taken',
  'sheet-protected',
  'workbook-protected',
  'file-not-found',
  'output-not-writable',
];

/** Default severities of SPEC Appendix A. */
const EXPECTED_SEVERITY: Record<IssueCode, 'error' | 'warning' | 'info'> = {
  'sheet-missing': 'error',
  'column-missing': 'error',
  'file-not-xlsx': 'error',
  'file-encrypted-or-xls': 'error',
  'file-corrupt': 'error',
  'setting-invalid': 'error',
  'owned-column-blocked': 'error',
  'owned-sheet-name-taken': 'error',
  'sheet-protected': 'error',
  'workbook-protected': 'error',
  'file-not-found': 'error',
  'output-not-writable': 'error',
  'doctor-id-missing': 'error',
  'doctor-id-invalid': 'error',
  'doctor-id-duplicate': 'error',
  'doctor-name-missing': 'warning',
  'certificate-date-invalid': 'warning',
  'certificate-date-future': 'warning',
  'certificate-date-missing': 'warning',
  'application-status-unknown': 'info',
  'clinic-unknown': 'warning',
  'record-doctor-unknown': 'error',
  'date-missing': 'error',
  'date-invalid': 'error',
  'date-era-out-of-range': 'error',
  'date-future': 'warning',
  'date-before-count-from': 'info',
  'kind-missing': 'error',
  'kind-unknown': 'error',
  'units-missing': 'error',
  'units-not-number': 'error',
  'units-not-half-step': 'error',
  'jitchi-units-not-standard': 'warning',
  'jitchi-approval-blank': 'warning',
  'jitchi-not-approved': 'info',
  'duplicate-record': 'warning',
  'clinic-code-missing': 'error',
  'clinic-code-invalid': 'error',
  'clinic-code-duplicate': 'error',
  'clinic-code-leading-zero-lost': 'error',
  'clinic-code-pharmacy': 'error',
  'clinic-code-check-digit': 'warning',
  'clinic-code-leading-zero-restored': 'warning',
  'clinic-name-missing': 'warning',
  'clinic-type-conflict': 'warning',
  'affiliation-duplicate': 'warning',
  'flag-unrecognised': 'warning',
  'formula-without-value': 'warning',
  'cell-error-value': 'warning',
  'column-duplicate': 'info',
  'owned-like-column-ignored': 'info',
  'gmis-account-column-missing': 'info',
  'input-duplicate-source': 'info',
  'setting-default-used': 'info',
  'no-doctor-clinic-links': 'info',
  'setting-unknown': 'warning',
  // rev 2
  'report-previous-year': 'info',
  'report-date-missing': 'info',
  'report-date-future': 'warning',
  'report-date-invalid': 'warning',
  'report-date-column-missing': 'info',
  'outside-completers-invalid': 'warning',
};

describe('ISSUE_TEXTS', () => {
  test('covers exactly the codes of ISSUE_CODES', () => {
    expect(Object.keys(ISSUE_TEXTS).sort()).toEqual([...ISSUE_CODES].sort());
    expect(ISSUE_CODES).toHaveLength(62); // 54 + six rev 2 codes + file-not-found, output-not-writable
  });

  test.each([...ISSUE_CODES])('%s has a non-empty message and fix', (code) => {
    const t = ISSUE_TEXTS[code];
    expect(t.message.trim().length).toBeGreaterThan(0);
    expect(t.fix.trim().length).toBeGreaterThan(0);
    expect(t.message).not.toBe(t.fix);
  });

  test.each([...ISSUE_CODES])('%s has the default severity of Appendix A', (code) => {
    expect(ISSUE_TEXTS[code].severity).toBe(EXPECTED_SEVERITY[code]);
  });

  test.each(FATAL)('fatal code %s is an error', (code) => {
    expect(ISSUE_TEXTS[code].severity).toBe('error');
  });

  test.each([...ISSUE_CODES])('%s leaves no placeholder after rendering with a full param set', (code) => {
    const t = ISSUE_TEXTS[code];
    for (const s of [renderIssueText(t.message, FULL_PARAMS), renderIssueText(t.fix, FULL_PARAMS)]) {
      expect(s).not.toMatch(/[{}]/);
    }
  });

  test('RECORD_DOCTOR_UNKNOWN_PADDED_FIX names the padded ID and leaves no placeholder', () => {
    const s = renderIssueText(RECORD_DOCTOR_UNKNOWN_PADDED_FIX, FULL_PARAMS);
    expect(s).toContain('「0001234567」');
    expect(s).not.toMatch(/[{}]/);
  });

  test('report-previous-year says it is the previous report (SPEC §3.4 rev 2)', () => {
    expect(renderIssueText(ISSUE_TEXTS['report-previous-year'].message, { date: '2026/02/10' })).toBe(
      '前回（2026/02/10）の報告です。今年の報告はまだ記録されていません',
    );
  });

  test('date-before-count-from variants for 実地 leave no placeholder', () => {
    for (const m of [DATE_BEFORE_JITCHI_COUNT_FROM_MESSAGE, DATE_BEFORE_BOTH_COUNT_FROM_MESSAGE])
      expect(renderIssueText(m, FULL_PARAMS)).not.toMatch(/[{}]/);
    expect(renderIssueText(DATE_BEFORE_BOTH_COUNT_FROM_MESSAGE, FULL_PARAMS)).toBe(
      '集計開始日（座学：2025/04/01）・実地の集計開始日（2024/04/01）より前の記録が3行あり、数えていません',
    );
  });

  test('file-encrypted-or-xls message is exact', () => {
    expect(ISSUE_TEXTS['file-encrypted-or-xls'].message).toBe(
      '暗号化（パスワード保護）されたファイル、または旧形式 .xls は読めません。.xlsx で保存し直してください',
    );
  });

  test('sheet-missing names the sheet and the accepted sheet names', () => {
    const p = { sheet: '医師', expected: '医師', aliases: '医師、医師名簿、会員名簿、Doctors' };
    expect(renderIssueText(ISSUE_TEXTS['sheet-missing'].message, p)).toBe(
      '必要なシート「医師」が見つかりません（使えるシート名・テーブル名：医師、医師名簿、会員名簿、Doctors）',
    );
  });

  test('column-missing names the sheet, the expected header and the aliases', () => {
    const p = { sheet: '会員名簿', expected: '会員番号', aliases: '会員番号、医師ID、ID' };
    expect(renderIssueText(ISSUE_TEXTS['column-missing'].message, p)).toBe(
      'シート「会員名簿」に必須の列「会員番号」が見つかりません（使える見出し：会員番号、医師ID、ID）',
    );
  });

  test('units-not-half-step renders the value and the step', () => {
    const p = { value: '1.25', step: 0.5 };
    expect(renderIssueText(ISSUE_TEXTS['units-not-half-step'].message, p)).toBe(
      '単位数「1.25」が0.5単位刻みではありません',
    );
    expect(renderIssueText(ISSUE_TEXTS['units-not-half-step'].fix, p)).toBe(
      '座学の単位は0.5単位刻み（30分＝0.5単位）で入力してください。0以下の値は使えません',
    );
  });
});

describe('renderIssueText', () => {
  test('fills string and number params', () => {
    expect(renderIssueText('{a}と{b}', { a: 'x', b: 3 })).toBe('xと3');
  });

  test('numbers use the shortest decimal', () => {
    expect(renderIssueText('{n}', { n: 0.1 + 0.2 })).toBe('0.3');
    expect(renderIssueText('{n}', { n: 10 })).toBe('10');
    expect(renderIssueText('{n}', { n: 2.5 })).toBe('2.5');
  });

  test('unknown placeholders are left as they are', () => {
    expect(renderIssueText('{known}／{unknown}', { known: 'k' })).toBe('k／{unknown}');
  });

  test('repeated placeholders are all filled', () => {
    expect(renderIssueText('{a}{a}', { a: 'z' })).toBe('zz');
  });

  test('an empty string param renders as empty', () => {
    expect(renderIssueText('「{value}」', { value: '' })).toBe('「」');
  });

  test('text that is not a placeholder is untouched', () => {
    expect(renderIssueText('{ a } {1x} {}', { a: 'q' })).toBe('{ a } {1x} {}');
  });

  test('params with $ patterns are inserted literally', () => {
    expect(renderIssueText('{v}', { v: "$& $1 $'" })).toBe("$& $1 $'");
  });

  test('inherited object keys are not params', () => {
    expect(renderIssueText('{toString}', {})).toBe('{toString}');
  });
});

describe('SEVERITY_JA', () => {
  test('labels', () => {
    expect(SEVERITY_JA).toEqual({ error: 'エラー', warning: '警告', info: '情報' });
  });
});
