/**
 * Excel's largest sheet: 1,048,576 rows = one header row + 1,048,575 training records (SPEC §7:
 * "One 1,048,576-row case runs on the engine alone"). A few doctors share all the records, so each
 * has ~210,000 rows and the duplicate search takes its keyed (Map) path. Exact counts are asserted;
 * there is no timing assertion (timing belongs to the benchmarks).
 */
import { dayFromIso } from '../../src/domain/day';
import { evaluate } from '../../src/domain/engine';
import { DEFAULT_PROFILE } from '../../src/domain/profile';
import type { DoctorIn, EngineInput, RecordIn } from '../../src/domain/types';
import { recalc } from '../../src/sheets/recalc';
import type { RawCell, WorkbookSnapshot } from '../../src/sheets/types';

const EXCEL_MAX_ROWS = 1_048_576;
const RECORDS = EXCEL_MAX_ROWS - 1;
const AS_OF = dayFromIso('2026-01-31')!;
const DAY = dayFromIso('2025-10-01')!;
const IDS = ['d0', 'd1', 'd2', 'd3', 'd4'];
const PER_DOCTOR = RECORDS / IDS.length; // 209,715

/**
 * Record i belongs to doctor i % 5:
 * d0: 0.5-unit 座学, every title distinct          → all count: Z = 104,857.5, J = 0 (in-progress)
 * d1: approved 実地, one date and title            → 1 counts, 209,714 duplicate-record
 * d2: pending 実地, distinct titles                → 0 count, 209,715 pending (no-records)
 * d3: future-dated 座学                            → 0 count, 209,715 date-future (no-records)
 * d4: 1-unit 座学 on one date, 10 distinct titles  → 10 count, 209,705 duplicate-record
 */
function buildInput(): EngineInput {
  const doctors: DoctorIn[] = IDS.map((id, i) => ({
    row: i + 2,
    id,
    name: null,
    kana: null,
    clinicCode: null,
    district: null,
    memberClass: null,
    certificateDate: null,
    certificateNo: null,
    applicationStatus: null,
  }));
  const records: RecordIn[] = new Array(RECORDS);
  for (let i = 0; i < RECORDS; i++) {
    const k = i % 5;
    const base: RecordIn = {
      row: i + 2,
      doctorId: IDS[k],
      date: DAY,
      kind: 'zagaku',
      titleKey: '',
      units: 1,
      approval: 'approved',
    };
    if (k === 0) records[i] = { ...base, units: 0.5, titleKey: `t${i}` };
    else if (k === 1) records[i] = { ...base, kind: 'jitchi', units: 5, titleKey: 'school' };
    else if (k === 2)
      records[i] = { ...base, kind: 'jitchi', units: 5, titleKey: `p${i}`, approval: 'pending' };
    else if (k === 3) records[i] = { ...base, date: AS_OF + 1 + (i % 300) };
    else records[i] = { ...base, titleKey: `k${Math.floor(i / 5) % 10}` };
  }
  return {
    profile: { ...DEFAULT_PROFILE },
    asOf: AS_OF,
    doctors,
    records,
    clinics: null,
    affiliations: [],
    previous: null,
  };
}

test(`engine: ${EXCEL_MAX_ROWS.toLocaleString('en')} rows (header + ${RECORDS.toLocaleString('en')} records) complete with exact counts`, () => {
  const input = buildInput();
  const res = evaluate(input);
  expect(res.records).toHaveLength(RECORDS);
  const pick = (i: number) => {
    const d = res.doctors[i];
    return [d.status, d.zagakuUnits, d.jitchiActivities, d.jitchiPending, d.totalUnits, d.missing];
  };
  expect(pick(0)).toEqual([
    'in-progress',
    PER_DOCTOR * 0.5,
    0,
    0,
    PER_DOCTOR * 0.5,
    { jitchiActivities: 1, zagakuUnits: 0 },
  ]);
  expect(pick(1)).toEqual(['in-progress', 0, 1, 0, 5, { jitchiActivities: 0, zagakuUnits: 5 }]);
  expect(pick(2)).toEqual(['no-records', 0, 0, PER_DOCTOR, 0, { jitchiActivities: 1, zagakuUnits: 5 }]);
  expect(pick(3)).toEqual(['no-records', 0, 0, 0, 0, { jitchiActivities: 1, zagakuUnits: 5 }]);
  expect(pick(4)).toEqual(['in-progress', 10, 0, 0, 10, { jitchiActivities: 1, zagakuUnits: 0 }]);
  expect(res.countedRecords).toBe(PER_DOCTOR + 1 + 10);
  expect(res.records.filter((r) => r.counted)).toHaveLength(PER_DOCTOR + 1 + 10);
  const byCode = new Map<string, number>();
  for (const i of res.issues) byCode.set(i.code, (byCode.get(i.code) ?? 0) + 1);
  expect(Object.fromEntries(byCode)).toEqual({
    'duplicate-record': PER_DOCTOR - 1 + (PER_DOCTOR - 10),
    'date-future': PER_DOCTOR,
  });
  // The first row of each duplicate key counts (SPEC §3.1): d1's first record is row 3.
  expect(res.issues.find((i) => i.code === 'duplicate-record' && i.row === 8)?.params).toEqual({
    firstRow: 3,
  });
  expect(res.districtTotal).toMatchObject({
    doctors: 5,
    certified: 0,
    eligible: 0,
    inProgress: 3,
    noRecords: 2,
  });
});

test(`pipeline: a 研修記録 sheet of ${EXCEL_MAX_ROWS.toLocaleString('en')} rows from a snapshot, read = used + rejected + blank`, () => {
  // Same records as above, as raw cells (serial dates, text kinds); every 1,000th row is blank
  // and every 1,000th + 1 row has an invalid unit, so all three buckets are exercised.
  const serial = (day: number) => day + 25569; // 1970-01-01 is serial 25569
  const rows: RawCell[][] = new Array(EXCEL_MAX_ROWS);
  rows[0] = ['会員番号', '受講日', '区分', '研修名', '単位', '承認'];
  let blank = 0;
  let rejected = 0;
  for (let i = 0; i < RECORDS; i++) {
    const k = i % 5;
    if (i % 1000 === 999) {
      rows[i + 1] = [];
      blank++;
      continue;
    }
    const date = k === 3 ? AS_OF + 1 + (i % 300) : DAY;
    const units = i % 1000 === 0 ? 1.25 : k === 0 ? 0.5 : k === 1 || k === 2 ? 5 : 1;
    if (i % 1000 === 0 && k !== 1 && k !== 2) rejected++;
    const kind = k === 1 || k === 2 ? '実地' : '座学';
    const title =
      k === 0
        ? `t${i}`
        : k === 1
          ? 'school'
          : k === 2
            ? `p${i}`
            : k === 4
              ? `k${Math.floor(i / 5) % 10}`
              : '';
    rows[i + 1] = [IDS[k], serial(date), kind, title, units, k === 2 ? '申請中' : '承認'];
  }
  const doctors: RawCell[][] = [['会員番号', '氏名'], ...IDS.map((id) => [id, `医師${id}`])];
  const wb: WorkbookSnapshot = {
    sheets: [
      { name: '医師', hidden: false, protected: false, rows: doctors, tables: [], merges: [] },
      { name: '研修記録', hidden: false, protected: false, rows, tables: [], merges: [] },
    ],
    date1904: false,
    protected: false,
    definedNames: new Map(),
  };
  const out = recalc(wb, { asOf: AS_OF, now: new Date('2026-01-31T01:00:00Z') });
  const c = out.result.counts.training;
  expect(c.read).toBe(RECORDS);
  expect(c.read).toBe(c.used + c.rejected + c.blank);
  expect(c.blank).toBe(blank);
  expect(c.rejected).toBe(rejected);
  expect(out.result.issues.filter((i) => i.code === 'units-not-half-step')).toHaveLength(rejected);
  expect(out.plan.inputs.find((p) => p.role === 'training')!.columns[0].values).toHaveLength(RECORDS);
});
