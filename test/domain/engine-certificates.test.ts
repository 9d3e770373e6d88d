/** §3.3 certificates and applications, and the next-step texts of Appendix B. */
import { day, issuesOf, jitchi, one, zagaku } from './helpers';
import type { ApplicationStatus } from '../../src/domain/types';

const ELIGIBLE = [zagaku('D1', '2025-05-01', 5), jitchi('D1', '2025-06-01')];

describe('certificates (§3.3)', () => {
  test('a certificate dated before as-of: certified without records', () => {
    const { d, res } = one([], {}, { certificateDate: day('2025-10-01') });
    expect(d).toMatchObject({
      status: 'certified',
      missing: { jitchiActivities: 0, zagakuUnits: 0 },
      shortfallText: '',
      next: '対応不要（修了証あり）',
      certificateExpired: null,
    });
    expect(res.issues).toEqual([]);
  });

  test('a certificate dated as-of: certified', () => {
    expect(one([], {}, { certificateDate: day('2026-01-31') }).d.status).toBe('certified');
  });

  test('certified wins over eligible; units are still reported', () => {
    const { d } = one(ELIGIBLE, {}, { certificateDate: day('2025-10-01'), applicationStatus: '申請中' });
    expect(d).toMatchObject({ status: 'certified', zagakuUnits: 5, jitchiActivities: 1, totalUnits: 10 });
    expect(d.next).toBe('対応不要（修了証あり）');
  });

  test('a future certificate date: warning, status from records', () => {
    const { d, res } = one(ELIGIBLE, {}, { certificateDate: day('2026-02-01') });
    expect(d.status).toBe('eligible');
    expect(d.certificateExpired).toBeNull();
    expect(res.issues).toEqual([
      {
        code: 'certificate-date-future',
        severity: 'warning',
        role: 'doctors',
        row: 2,
        field: 'certificateDate',
        value: '2026/02/01',
      },
    ]);
  });

  test('validity N years: certified until the day before the anniversary', () => {
    const p = { certificateValidityYears: 3 };
    const valid = one([], { profile: p }, { certificateDate: day('2023-02-01') }).d;
    expect(valid.status).toBe('certified');
    const expired = one([], { profile: p }, { certificateDate: day('2023-01-31') }).d; // expiry = as-of
    expect(expired).toMatchObject({
      status: 'no-records',
      certificateExpired: day('2026-01-31'),
      next: '修了証期限切れ（2026/01/31）：実地研修1件と座学5単位で要件充足',
      shortfallText: '実地1件・座学5単位',
    });
  });

  test('29 Feb certificate expires on 1 Mar of a common year', () => {
    const p = { certificateValidityYears: 1 };
    const cert = { certificateDate: day('2024-02-29') };
    expect(one([], { profile: p, asOf: day('2025-02-28') }, cert).d.status).toBe('certified');
    const d = one([], { profile: p, asOf: day('2025-03-01') }, cert).d;
    expect(d.status).toBe('no-records');
    expect(d.certificateExpired).toBe(day('2025-03-01'));
    expect(d.next.startsWith('修了証期限切れ（2025/03/01）：')).toBe(true);
  });

  test('29 Feb certificate keeps 29 Feb in a leap year', () => {
    const p = { certificateValidityYears: 4 };
    const cert = { certificateDate: day('2024-02-29') };
    expect(one([], { profile: p, asOf: day('2028-02-28') }, cert).d.status).toBe('certified');
    expect(one([], { profile: p, asOf: day('2028-02-29') }, cert).d.certificateExpired).toBe(
      day('2028-02-29'),
    );
  });

  test('expired certificate with eligible records: eligible with the prefix', () => {
    const { d } = one(
      ELIGIBLE,
      { profile: { certificateValidityYears: 1 } },
      { certificateDate: day('2024-12-01') },
    );
    expect(d).toMatchObject({
      status: 'eligible',
      certificateExpired: day('2025-12-01'),
      next: '修了証期限切れ（2025/12/01）：要件充足：MAMISで修了申請を',
    });
  });

  test('expired certificate with pending 実地', () => {
    const { d } = one(
      [zagaku('D1', '2025-05-01', 5), jitchi('D1', '2025-06-01', { approval: 'pending' })],
      { profile: { certificateValidityYears: 1 } },
      { certificateDate: day('2024-12-01') },
    );
    expect(d.next).toBe('修了証期限切れ（2025/12/01）：実地研修1件で要件充足（承認待ち1件）');
  });

  test('no validity: an old certificate never expires', () => {
    expect(one([], {}, { certificateDate: day('1990-01-01') }).d.status).toBe('certified');
  });

  test('発行済 without a date: certificate-date-missing', () => {
    const { d, res } = one(ELIGIBLE, {}, { applicationStatus: '発行済' });
    expect(d.status).toBe('eligible');
    expect(d.next).toBe('要件充足：MAMISで修了申請を');
    expect(res.issues).toEqual([
      {
        code: 'certificate-date-missing',
        severity: 'warning',
        role: 'doctors',
        row: 2,
        field: 'certificateDate',
        value: null,
      },
    ]);
  });

  test('発行済 with a date: no issue', () => {
    const { res } = one([], {}, { applicationStatus: '発行済', certificateDate: day('2025-10-01') });
    expect(res.issues).toEqual([]);
  });

  test('発行済 with a future date: only the future warning', () => {
    const { res } = one([], {}, { applicationStatus: '発行済', certificateDate: day('2026-10-01') });
    expect(res.issues.map((i) => i.code)).toEqual(['certificate-date-future']);
  });
});

describe('next-step texts by 申請状況 (Appendix B)', () => {
  test.each([
    [null, '要件充足：MAMISで修了申請を'],
    ['未申請', '要件充足：MAMISで修了申請を'],
    ['申請中', '修了申請中：承認・発行を待つ'],
    ['承認済', '修了申請中：承認・発行を待つ'],
    ['差戻し', '差戻し：申請内容を修正して再申請'],
    ['発行済', '要件充足：MAMISで修了申請を'],
  ] as [ApplicationStatus | null, string][])('eligible, %p', (applicationStatus, text) => {
    expect(one(ELIGIBLE, {}, { applicationStatus }).d.next).toBe(text);
  });

  test.each(['未申請', '申請中', '差戻し', '承認済'] as ApplicationStatus[])(
    'in-progress ignores %p',
    (applicationStatus) => {
      const { d, res } = one([zagaku('D1', '2025-05-01', 5)], {}, { applicationStatus });
      expect(d.next).toBe('実地研修1件で要件充足');
      expect(issuesOf(res, 'certificate-date-missing')).toEqual([]);
    },
  );
});
