/** §3.1 what counts and §3.2 status and shortfall. */
import { AS_OF, day, doctor, doctors, issuesOf, jitchi, one, records, run, zagaku } from './helpers';
import type { RecordIn } from '../../src/domain/types';

/** n approved 実地 rows on distinct dates. */
function acts(n: number): RecordIn[] {
  return Array.from({ length: n }, (_, i) => jitchi('D1', `2025-06-${String(i + 1).padStart(2, '0')}`));
}

describe('status and shortfall (§3.2)', () => {
  test('9.5 座学 + 0 実地: in-progress, 実地1件 missing', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 9.5)]);
    expect(d).toMatchObject({
      status: 'in-progress',
      zagakuUnits: 9.5,
      jitchiActivities: 0,
      jitchiPending: 0,
      totalUnits: 9.5,
      missing: { jitchiActivities: 1, zagakuUnits: 0 },
      shortfallText: '実地1件',
      next: '実地研修1件で要件充足',
    });
  });

  test('5 座学 + 1 実地: eligible', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 5), ...acts(1)]);
    expect(d).toMatchObject({
      status: 'eligible',
      zagakuUnits: 5,
      jitchiActivities: 1,
      totalUnits: 10,
      missing: { jitchiActivities: 0, zagakuUnits: 0 },
      shortfallText: '',
      next: '要件充足：MAMISで修了申請を',
    });
  });

  test('0.5 座学 + 2 実地: eligible', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 0.5), ...acts(2)]);
    expect(d).toMatchObject({
      status: 'eligible',
      totalUnits: 10.5,
      missing: { jitchiActivities: 0, zagakuUnits: 0 },
    });
  });

  test('0 座学 + 2 実地: 座学0.5 missing (minimum part)', () => {
    const { d } = one(acts(2));
    expect(d).toMatchObject({
      status: 'in-progress',
      zagakuUnits: 0,
      jitchiActivities: 2,
      totalUnits: 10,
      missing: { jitchiActivities: 0, zagakuUnits: 0.5 },
      shortfallText: '座学0.5単位',
      next: '座学0.5単位で要件充足',
    });
  });

  test('4.5 座学 + 1 実地: 座学0.5 missing (total)', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 4.5), ...acts(1)]);
    expect(d).toMatchObject({
      status: 'in-progress',
      totalUnits: 9.5,
      missing: { jitchiActivities: 0, zagakuUnits: 0.5 },
    });
  });

  test('0 座学 + 1 実地: 座学5 missing', () => {
    const { d } = one(acts(1));
    expect(d.missing).toEqual({ jitchiActivities: 0, zagakuUnits: 5 });
    expect(d.next).toBe('座学5単位で要件充足');
  });

  test('0.5 座学 + 0 実地: both missing', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 0.5)]);
    expect(d).toMatchObject({
      status: 'in-progress',
      missing: { jitchiActivities: 1, zagakuUnits: 4.5 },
      shortfallText: '実地1件・座学4.5単位',
      next: '実地研修1件と座学4.5単位で要件充足',
    });
  });

  test('20 座学 + 0 実地: only 実地 missing', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 20)]);
    expect(d).toMatchObject({
      status: 'in-progress',
      totalUnits: 20,
      missing: { jitchiActivities: 1, zagakuUnits: 0 },
    });
  });

  test('0 座学 + 3 実地: 座学0.5 missing although T = 15', () => {
    const { d } = one(acts(3));
    expect(d).toMatchObject({
      status: 'in-progress',
      totalUnits: 15,
      missing: { jitchiActivities: 0, zagakuUnits: 0.5 },
    });
  });

  test('no records: no-records with the full path', () => {
    const { d, res } = one([]);
    expect(d).toMatchObject({
      status: 'no-records',
      zagakuUnits: 0,
      jitchiActivities: 0,
      jitchiPending: 0,
      totalUnits: 0,
      missing: { jitchiActivities: 1, zagakuUnits: 5 },
      shortfallText: '実地1件・座学5単位',
      next: '実地研修1件と座学5単位で要件充足',
      certificateExpired: null,
    });
    expect(res.countedRecords).toBe(0);
  });

  test('missing 座学 is rounded up to the step (step 1)', () => {
    const { d } = one(acts(1), { profile: { zagakuStep: 1, totalUnits: 9.5 } });
    // max(0.5, 9.5 − 5) = 4.5 → ⌈4.5⌉ = 5
    expect(d.missing).toEqual({ jitchiActivities: 0, zagakuUnits: 5 });
  });

  test('float-safe sums and ceilStep with step 0.1', () => {
    const p = { zagakuStep: 0.1, minZagakuUnits: 0.3, totalUnits: 5.3 };
    const recs = [
      zagaku('D1', '2025-05-01', 0.1),
      zagaku('D1', '2025-05-02', 0.1),
      zagaku('D1', '2025-05-03', 0.1),
      ...acts(1),
    ];
    const { d } = one(recs, { profile: p });
    expect(d.zagakuUnits).toBe(0.3);
    expect(d.totalUnits).toBe(5.3);
    expect(d.status).toBe('eligible');
    const { d: d2 } = one(recs, { profile: { ...p, totalUnits: 10 } });
    // 10 − 5.3 = 4.7 (4.699999… in binary) → 47 steps of 0.1
    expect(d2.missing).toEqual({ jitchiActivities: 0, zagakuUnits: 4.7 });
    expect(d2.shortfallText).toBe('座学4.7単位');
  });

  test('minimum 実地 of 2: missing 実地 first, 座学 only for what remains', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 10), ...acts(1)], { profile: { minJitchiActivities: 2 } });
    expect(d).toMatchObject({ status: 'in-progress', missing: { jitchiActivities: 1, zagakuUnits: 0 } });
    // Z = 1, J = 0: missingJ 2; max(max(0, 0.5 − 1), 10 − (1 + 2·5)) = 0
    const { d: d2 } = one([zagaku('D1', '2025-05-01', 1)], { profile: { minJitchiActivities: 2 } });
    expect(d2.missing).toEqual({ jitchiActivities: 2, zagakuUnits: 0 });
    // Z = 0, J = 0: missingJ 2; max(0.5, 10 − 10) = 0.5
    const { d: d3 } = one([], { profile: { minJitchiActivities: 2 } });
    expect(d3.missing).toEqual({ jitchiActivities: 2, zagakuUnits: 0.5 });
    expect(d3.next).toBe('実地研修2件と座学0.5単位で要件充足');
  });

  test('exact boundaries of eligibility', () => {
    expect(one([zagaku('D1', '2025-05-01', 0.5), ...acts(2)]).d.status).toBe('eligible'); // Z = minZ
    expect(one([zagaku('D1', '2025-05-01', 5), ...acts(1)]).d.status).toBe('eligible'); // T = total
    expect(one([zagaku('D1', '2025-05-01', 4.5), ...acts(1)]).d.status).toBe('in-progress'); // T = total − 0.5
  });
});

describe('what counts (§3.1)', () => {
  test('実地 units value is ignored for counting', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 5), jitchi('D1', '2025-06-01', { units: 2 })]);
    expect(d).toMatchObject({ jitchiActivities: 1, totalUnits: 10, status: 'eligible' });
    const { d: d2 } = one([zagaku('D1', '2025-05-01', 5), jitchi('D1', '2025-06-01', { units: null })]);
    expect(d2.jitchiActivities).toBe(1);
  });

  test('pending 実地: counted in jitchiPending only', () => {
    const { d, res } = one([
      zagaku('D1', '2025-05-01', 5),
      jitchi('D1', '2025-06-01', { approval: 'pending' }),
    ]);
    expect(d).toMatchObject({
      status: 'in-progress',
      jitchiActivities: 0,
      jitchiPending: 1,
      totalUnits: 5,
      missing: { jitchiActivities: 1, zagakuUnits: 0 },
      next: '実地研修1件で要件充足（承認待ち1件）',
    });
    expect(res.records.map((r) => r.counted)).toEqual([true, false]);
    expect(res.countedRecords).toBe(1);
  });

  test('only pending rows: no-records, with 承認待ち', () => {
    const { d } = one([
      jitchi('D1', '2025-06-01', { approval: 'pending' }),
      jitchi('D1', '2025-06-02', { approval: 'pending' }),
    ]);
    expect(d).toMatchObject({
      status: 'no-records',
      jitchiPending: 2,
      next: '実地研修1件と座学5単位で要件充足（承認待ち2件）',
    });
  });

  // rev 2: 実地 rows are limited by 実地の集計開始日, no longer by 集計開始日 (SPEC §3.1).
  test('pending rows dated after as-of or before 実地の集計開始日 are not pending', () => {
    const { d, res } = one(
      [
        jitchi('D1', '2026-02-01', { approval: 'pending' }),
        jitchi('D1', '2025-03-31', { approval: 'pending' }),
        jitchi('D1', '2025-04-01', { approval: 'pending' }),
      ],
      { profile: { jitchiCountFrom: day('2025-04-01') } },
    );
    expect(d.jitchiPending).toBe(1);
    expect(issuesOf(res, 'date-future')).toHaveLength(1);
    expect(issuesOf(res, 'date-before-count-from')[0].params).toEqual({
      count: 1,
      jitchiCountFrom: '2025/04/01',
    });
  });

  test('rejected and blank approval: not counted, not pending', () => {
    const { d, res } = one([
      zagaku('D1', '2025-05-01', 5),
      jitchi('D1', '2025-06-01', { approval: 'rejected' }),
      jitchi('D1', '2025-06-02', { approval: 'blank' }),
    ]);
    expect(d).toMatchObject({ status: 'in-progress', jitchiActivities: 0, jitchiPending: 0 });
    expect(res.records.map((r) => r.counted)).toEqual([true, false, false]);
    expect(res.issues).toEqual([]); // approval issues are the reader's
  });

  test('座学 approval is ignored', () => {
    const { d } = one([zagaku('D1', '2025-05-01', 2, { approval: 'blank' })]);
    expect(d.zagakuUnits).toBe(2);
  });

  test('a record dated as-of counts; the day after is date-future', () => {
    const { d, res } = one([zagaku('D1', '2026-01-31', 1), zagaku('D1', '2026-02-01', 2, { titleKey: 'x' })]);
    expect(d.zagakuUnits).toBe(1);
    expect(res.records.map((r) => r.counted)).toEqual([true, false]);
    expect(res.issues).toEqual([
      {
        code: 'date-future',
        severity: 'warning',
        role: 'training',
        row: 3,
        field: 'date',
        value: '2026/02/01',
        params: { asOf: '2026/01/31' },
      },
    ]);
  });

  test('future-dated rejected rows are still flagged', () => {
    const { res } = one([jitchi('D1', '2026-03-01', { approval: 'rejected' })]);
    expect(issuesOf(res, 'date-future').map((i) => i.row)).toEqual([2]);
  });

  // rev 2: the rejected 実地 row of 2025-01-01 is no longer before a count-from date (count 3 → 2).
  test('集計開始日: earlier 座学 rows are not counted; one info issue with the count', () => {
    const res = run({
      profile: { countFrom: day('2025-04-01') },
      doctors: doctors(doctor('D1'), doctor('D2')),
      records: records(
        zagaku('D1', '2025-03-31', 1),
        zagaku('D1', '2025-04-01', 2),
        zagaku('D2', '2024-12-01', 3),
        jitchi('D2', '2025-01-01', { approval: 'rejected' }),
        jitchi('D2', '2025-05-01'),
      ),
    });
    expect(res.doctors.map((d) => [d.zagakuUnits, d.jitchiActivities])).toEqual([
      [2, 0],
      [0, 1],
    ]);
    expect(res.records.map((r) => r.counted)).toEqual([false, true, false, false, true]);
    expect(res.issues).toEqual([
      {
        code: 'date-before-count-from',
        severity: 'info',
        role: 'training',
        row: null,
        field: 'date',
        value: null,
        params: { count: 2, countFrom: '2025/04/01' },
      },
    ]);
  });

  test('集計開始日 set but no earlier row: no issue', () => {
    const { res } = one([zagaku('D1', '2025-05-01', 1)], { profile: { countFrom: day('2025-04-01') } });
    expect(res.issues).toEqual([]);
  });

  test('a future row is date-future, not before 集計開始日', () => {
    const { res } = one([zagaku('D1', '2026-05-01', 1)], { profile: { countFrom: day('2026-04-01') } });
    expect(res.issues.map((i) => i.code)).toEqual(['date-future']);
  });

  test('records of an unknown doctor are ignored (defensive)', () => {
    const res = run({ doctors: doctors(doctor('D1')), records: records(zagaku('X', '2025-05-01', 1)) });
    expect(res.records).toEqual([{ counted: false }]);
    expect(res.doctors[0].status).toBe('no-records');
    expect(res.issues).toEqual([]);
  });

  test('records are matched to doctors by id', () => {
    const res = run({
      doctors: doctors(doctor('D1'), doctor('D2')),
      records: records(
        zagaku('D2', '2025-05-01', 5),
        jitchi('D2', '2025-05-02'),
        zagaku('D1', '2025-05-01', 1),
      ),
    });
    expect(res.doctors.map((d) => d.status)).toEqual(['in-progress', 'eligible']);
    expect(res.countedRecords).toBe(3);
  });
});

describe('duplicates (§3.1)', () => {
  test('blank titles collapse; the first counts, the later gets duplicate-record', () => {
    const { d, res } = one([zagaku('D1', '2025-05-01', 1), zagaku('D1', '2025-05-01', 1)]);
    expect(d.zagakuUnits).toBe(1);
    expect(res.records.map((r) => r.counted)).toEqual([true, false]);
    expect(res.countedRecords).toBe(1);
    expect(res.issues).toEqual([
      {
        code: 'duplicate-record',
        severity: 'warning',
        role: 'training',
        row: 3,
        field: 'title',
        value: null,
        params: { firstRow: 2 },
      },
    ]);
  });

  test('different titles are not duplicates', () => {
    const { d, res } = one([
      zagaku('D1', '2025-05-01', 1, { titleKey: '講座a' }),
      zagaku('D1', '2025-05-01', 1, { titleKey: '講座b' }),
      zagaku('D1', '2025-05-01', 1),
    ]);
    expect(d.zagakuUnits).toBe(3);
    expect(res.issues).toEqual([]);
  });

  test('座学 with different units are not duplicates', () => {
    const { d, res } = one([zagaku('D1', '2025-05-01', 1), zagaku('D1', '2025-05-01', 2)]);
    expect(d.zagakuUnits).toBe(3);
    expect(res.issues).toEqual([]);
  });

  test('実地 with different units values are duplicates (units not in the key)', () => {
    const { d, res } = one([
      jitchi('D1', '2025-05-01', { units: 5 }),
      jitchi('D1', '2025-05-01', { units: 3 }),
    ]);
    expect(d.jitchiActivities).toBe(1);
    expect(issuesOf(res, 'duplicate-record').map((i) => i.row)).toEqual([3]);
  });

  test('kind, date and doctor are parts of the key', () => {
    const res = run({
      doctors: doctors(doctor('D1'), doctor('D2')),
      records: records(
        zagaku('D1', '2025-05-01', 5),
        jitchi('D1', '2025-05-01', { units: 5 }),
        zagaku('D1', '2025-05-02', 5),
        zagaku('D2', '2025-05-01', 5),
      ),
    });
    expect(res.countedRecords).toBe(4);
    expect(res.issues).toEqual([]);
  });

  test('three copies: two warnings naming the first row', () => {
    const { res } = one([
      jitchi('D1', '2025-05-01', { titleKey: '学校医' }),
      jitchi('D1', '2025-05-01', { titleKey: '学校医' }),
      jitchi('D1', '2025-05-01', { titleKey: '学校医' }),
    ]);
    expect(issuesOf(res, 'duplicate-record').map((i) => [i.row, i.params])).toEqual([
      [3, { firstRow: 2 }],
      [4, { firstRow: 2 }],
    ]);
  });

  test('rows that would not count take no part (rejected, blank, future, before 集計開始日)', () => {
    const { d, res } = one(
      [
        jitchi('D1', '2025-05-01', { approval: 'rejected' }),
        jitchi('D1', '2025-05-01', { approval: 'blank' }),
        jitchi('D1', '2025-05-01'),
        zagaku('D1', '2025-03-01', 1),
        zagaku('D1', '2025-03-01', 1),
      ],
      { profile: { countFrom: day('2025-04-01') } },
    );
    expect(d.jitchiActivities).toBe(1);
    expect(res.records.map((r) => r.counted)).toEqual([false, false, true, false, false]);
    expect(issuesOf(res, 'duplicate-record')).toEqual([]);
  });

  test('two pending copies: one pending, the later is a duplicate', () => {
    const { d, res } = one([
      jitchi('D1', '2025-05-01', { approval: 'pending' }),
      jitchi('D1', '2025-05-01', { approval: 'pending' }),
    ]);
    expect(d.jitchiPending).toBe(1);
    expect(issuesOf(res, 'duplicate-record').map((i) => [i.row, i.params])).toEqual([[3, { firstRow: 2 }]]);
  });

  // rev 2 (acceptance defect): §3.1 groups only rows that would otherwise count, so a pending row is
  // grouped with pending rows only — never a duplicate of approved rows (it was, and its pending
  // count was lost).
  test('a pending row sharing date and blank title with approved rows stays pending, whatever the order', () => {
    const recs = [
      jitchi('D1', '2025-05-01'),
      jitchi('D1', '2025-05-01'),
      jitchi('D1', '2025-05-01', { approval: 'pending' }),
    ];
    const fwd = one(recs);
    expect(fwd.d).toMatchObject({
      jitchiActivities: 1,
      jitchiPending: 1,
      status: 'in-progress',
      next: '座学5単位で要件充足（承認待ち1件）',
    });
    expect(fwd.res.records.map((r) => r.counted)).toEqual([true, false, false]);
    expect(issuesOf(fwd.res, 'duplicate-record').map((i) => [i.row, i.params])).toEqual([
      [3, { firstRow: 2 }],
    ]);
    const pendingFirst = one([recs[2], recs[0], recs[1]]);
    expect(pendingFirst.d).toMatchObject({ jitchiActivities: 1, jitchiPending: 1 });
    expect(pendingFirst.res.records.map((r) => r.counted)).toEqual([false, true, false]);
    expect(issuesOf(pendingFirst.res, 'duplicate-record').map((i) => [i.row, i.params])).toEqual([
      [4, { firstRow: 3 }],
    ]);
  });

  test('pending rows with different titles both count as pending', () => {
    const { d } = one([
      jitchi('D1', '2025-05-01', { approval: 'pending', titleKey: 'a' }),
      jitchi('D1', '2025-05-01', { approval: 'pending', titleKey: 'b' }),
    ]);
    expect(d.jitchiPending).toBe(2);
  });

  test('statuses and counts do not depend on record order', () => {
    const recs = [
      zagaku('D1', '2025-05-01', 1),
      zagaku('D1', '2025-05-01', 1),
      zagaku('D1', '2025-05-02', 2),
      jitchi('D1', '2025-05-03', { approval: 'pending' }),
      jitchi('D1', '2025-05-03'),
      jitchi('D1', '2025-05-04', { approval: 'pending' }),
      jitchi('D1', '2025-05-04', { approval: 'pending' }),
      jitchi('D1', '2026-05-04'),
    ];
    const forward = one(recs).d;
    const backward = one([...recs].reverse()).d;
    expect(backward).toEqual(forward);
    // rev 2: the pending row of 05-03 is no longer a duplicate of the approved one (1 → 2 pending).
    expect(forward).toMatchObject({
      zagakuUnits: 3,
      jitchiActivities: 1,
      jitchiPending: 2,
      status: 'in-progress',
    });
  });
});

describe('a doctor with many records (the keyed path above 32 candidates)', () => {
  /** 40 distinct 0.5-unit 座学 rows (different titles) on one day. */
  const filler = Array.from({ length: 40 }, (_, i) => zagaku('D1', '2025-04-10', 0.5, { titleKey: `t${i}` }));
  const mixed = [
    zagaku('D1', '2025-05-01', 1),
    zagaku('D1', '2025-05-01', 1),
    zagaku('D1', '2025-05-01', 2),
    jitchi('D1', '2025-05-03', { approval: 'pending' }),
    jitchi('D1', '2025-05-03'),
    jitchi('D1', '2025-05-04', { approval: 'pending' }),
    jitchi('D1', '2025-05-04', { approval: 'pending' }),
    jitchi('D1', '2025-05-05', { approval: 'pending', titleKey: 'x' }),
  ];

  test('same outcome as the pairwise path', () => {
    const small = one(mixed);
    const large = one([...mixed, ...filler]);
    // rev 2: row 5 (pending) is not a duplicate of row 6 (approved): 3 pending, two duplicates.
    expect(small.d).toMatchObject({ zagakuUnits: 3, jitchiActivities: 1, jitchiPending: 3 });
    expect(large.d).toMatchObject({ zagakuUnits: 23, jitchiActivities: 1, jitchiPending: 3 });
    const dups = (r: typeof small) => issuesOf(r.res, 'duplicate-record').map((i) => [i.row, i.params]);
    expect(dups(large)).toEqual(dups(small));
    expect(dups(small)).toEqual([
      [3, { firstRow: 2 }],
      [8, { firstRow: 7 }],
    ]);
    expect(large.res.records.slice(0, mixed.length)).toEqual(small.res.records);
    expect(large.res.countedRecords).toBe(small.res.countedRecords + 40);
  });

  test('many copies of one row: one counts', () => {
    const copies = Array.from({ length: 100 }, () => zagaku('D1', '2025-05-01', 1));
    const { d, res } = one(copies);
    expect(d.zagakuUnits).toBe(1);
    expect(issuesOf(res, 'duplicate-record')).toHaveLength(99);
    expect(issuesOf(res, 'duplicate-record').every((i) => i.params?.firstRow === 2)).toBe(true);
  });
});

describe('result metadata', () => {
  test('asOf and the effective window', () => {
    const res = run({});
    expect(res.asOf).toBe(AS_OF);
    expect(res.reportWindowStart).toBe(day('2026-01-01'));
    expect(res.reportWindowEnd).toBe(day('2026-03-31'));
    expect(res.doctors).toEqual([]);
    expect(res.clinics).toEqual([]);
    expect(res.changes).toBeNull();
  });
});
