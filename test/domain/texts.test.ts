import { day } from './helpers';
import {
  AT_RISK_TEXT,
  clinicActionText,
  COMPLETER_NO,
  COMPLETER_YES,
  EXCLUSION_LABELS,
  expiredPrefix,
  fmtNum,
  INPUT_ERROR_TEXT,
  MAMIS_NOTE,
  NEXT_TEXTS,
  READINESS_LABELS,
  REASON_LABELS,
  ruleText,
  scopeLabel,
  SEVERITY_LABELS,
  shortfallText,
  STATUS_LABELS,
  TOTAL_DISTRICT,
  UNSET_DISTRICT,
} from '../../src/strings/texts';
import { nextText } from '../../src/sheets/outcome';
import { REASONS, READINESSES, STATUSES } from '../../src/domain/types';

describe('fixed labels (Appendix B)', () => {
  test('status labels', () => {
    expect(STATUS_LABELS).toEqual({
      certified: '修了証あり',
      eligible: '要件充足',
      'in-progress': '未充足',
      'no-records': '記録なし',
    });
    expect(Object.keys(STATUS_LABELS)).toEqual([...STATUSES]);
  });

  test('readiness labels', () => {
    expect(READINESS_LABELS).toEqual({
      'out-of-scope': '対象外',
      reported: '報告済',
      ready: '準備完了',
      'action-needed': '要対応',
    });
    expect(Object.keys(READINESS_LABELS)).toEqual([...READINESSES]);
  });

  test('判定_報告対象 texts', () => {
    expect(scopeLabel(null)).toBe('対象');
    expect(scopeLabel('special-function-hospital')).toBe('対象外（特定機能病院）');
    expect(scopeLabel('dental')).toBe('対象外（歯科）');
    expect(scopeLabel('suspended')).toBe('対象外（休院）');
    expect(Object.keys(EXCLUSION_LABELS)).toHaveLength(3);
  });

  test('reason texts', () => {
    expect(REASON_LABELS).toEqual({
      'no-gmis-account': 'G-MISアカウントなし',
      'no-gmis-permission': 'かかりつけ報告権限なし',
      'no-linked-doctor': '所属医師なし',
      'no-completer': '修了者・要件充足者なし',
      'eligible-not-applied': '要件充足者あり（未修了）',
    });
    expect(Object.keys(REASON_LABELS)).toEqual([...REASONS]);
  });

  test('other fixed texts', () => {
    expect(COMPLETER_YES).toBe('有');
    expect(COMPLETER_NO).toBe('無');
    expect(MAMIS_NOTE).toBe(
      '正式な修了は日本医師会（MAMIS）での承認により決定されます。本資料の『要件充足』は見込みです。',
    );
    expect(INPUT_ERROR_TEXT).toBe('入力エラー（入力チェック参照）');
    expect(AT_RISK_TEXT).toBe('間に合わない恐れ');
    expect(UNSET_DISTRICT).toBe('（地区未設定）');
    expect(TOTAL_DISTRICT).toBe('合計');
    expect(SEVERITY_LABELS).toEqual({ error: 'エラー', warning: '警告', info: '情報' });
    expect(NEXT_TEXTS).toEqual({
      certified: '対応不要（修了証あり）',
      eligible: '要件充足：MAMISで修了申請を',
      applied: '修了申請中：承認・発行を待つ',
      returned: '差戻し：申請内容を修正して再申請',
    });
  });
});

describe('fmtNum', () => {
  test.each([
    [3, '3'],
    [3.0, '3'],
    [2.5, '2.5'],
    [0.5, '0.5'],
    [0, '0'],
    [-0, '0'],
    [10, '10'],
    [0.1 + 0.2, '0.3'],
    [1.2345678901234, '1.2345678901'],
    [1e-11, '0'],
    [12345.5, '12345.5'],
  ])('fmtNum(%p) = %p', (n, s) => {
    expect(fmtNum(n)).toBe(s);
  });
});

describe('shortfallText', () => {
  test('both parts', () =>
    expect(shortfallText({ jitchiActivities: 1, zagakuUnits: 2.5 })).toBe('実地1件・座学2.5単位'));
  test('only 実地', () => expect(shortfallText({ jitchiActivities: 2, zagakuUnits: 0 })).toBe('実地2件'));
  test('only 座学', () =>
    expect(shortfallText({ jitchiActivities: 0, zagakuUnits: 0.5 })).toBe('座学0.5単位'));
  test('nothing', () => expect(shortfallText({ jitchiActivities: 0, zagakuUnits: 0 })).toBe(''));
  test('whole units print without decimals', () =>
    expect(shortfallText({ jitchiActivities: 0, zagakuUnits: 3 })).toBe('座学3単位'));
});

describe('nextText', () => {
  const none = { jitchiActivities: 0, zagakuUnits: 0 };
  const base = { missing: none, pending: 0, applicationStatus: null, expired: null } as const;

  test('certified', () => expect(nextText({ ...base, status: 'certified' })).toBe('対応不要（修了証あり）'));

  test.each([
    [null, '要件充足：MAMISで修了申請を'],
    ['未申請', '要件充足：MAMISで修了申請を'],
    ['発行済', '要件充足：MAMISで修了申請を'],
    ['申請中', '修了申請中：承認・発行を待つ'],
    ['承認済', '修了申請中：承認・発行を待つ'],
    ['差戻し', '差戻し：申請内容を修正して再申請'],
  ] as const)('eligible with 申請状況 %p', (applicationStatus, text) => {
    expect(nextText({ ...base, status: 'eligible', applicationStatus })).toBe(text);
  });

  test('in-progress: both parts', () =>
    expect(
      nextText({ ...base, status: 'in-progress', missing: { jitchiActivities: 1, zagakuUnits: 4.5 } }),
    ).toBe('実地研修1件と座学4.5単位で要件充足'));
  test('in-progress: 実地 only', () =>
    expect(
      nextText({ ...base, status: 'in-progress', missing: { jitchiActivities: 1, zagakuUnits: 0 } }),
    ).toBe('実地研修1件で要件充足'));
  test('in-progress: 座学 only', () =>
    expect(
      nextText({ ...base, status: 'in-progress', missing: { jitchiActivities: 0, zagakuUnits: 2.5 } }),
    ).toBe('座学2.5単位で要件充足'));
  test('no-records with pending', () =>
    expect(
      nextText({
        ...base,
        status: 'no-records',
        pending: 2,
        missing: { jitchiActivities: 1, zagakuUnits: 5 },
      }),
    ).toBe('実地研修1件と座学5単位で要件充足（承認待ち2件）'));
  test('application status does not change in-progress text', () =>
    expect(
      nextText({
        ...base,
        status: 'in-progress',
        applicationStatus: '差戻し',
        missing: { jitchiActivities: 0, zagakuUnits: 1 },
      }),
    ).toBe('座学1単位で要件充足'));
  test('expired prefix', () => {
    expect(expiredPrefix(day('2028-03-01'))).toBe('修了証期限切れ（2028/03/01）：');
    expect(
      nextText({
        ...base,
        status: 'in-progress',
        missing: { jitchiActivities: 1, zagakuUnits: 0 },
        expired: day('2028-03-01'),
      }),
    ).toBe('修了証期限切れ（2028/03/01）：実地研修1件で要件充足');
    expect(nextText({ ...base, status: 'eligible', expired: day('2027-04-01') })).toBe(
      '修了証期限切れ（2027/04/01）：要件充足：MAMISで修了申請を',
    );
  });
});

describe('clinicActionText', () => {
  test('reasons joined with 、', () =>
    expect(clinicActionText(['no-gmis-account', 'no-completer'], false)).toBe(
      'G-MISアカウントなし、修了者・要件充足者なし',
    ));
  test('at risk appended', () =>
    expect(clinicActionText(['no-gmis-account'], true)).toBe('G-MISアカウントなし、間に合わない恐れ'));
  test('none', () => expect(clinicActionText([], false)).toBe(''));
});

describe('ruleText', () => {
  const base = {
    minZagakuUnits: 0.5,
    minJitchiActivities: 1,
    totalUnits: 10,
    unitsPerJitchi: 5,
    certificateValidityYears: null,
    customized: false,
  };
  test('defaults', () =>
    expect(ruleText(base)).toBe('座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）'));
  test('validity and customized', () =>
    expect(ruleText({ ...base, certificateValidityYears: 3, customized: true })).toBe(
      '座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）、修了証の有効期間3年（一部変更）',
    ));
});
