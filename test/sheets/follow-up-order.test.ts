/**
 * 要対応リスト order (SPEC §5.3 rev 2): the entries are placed by ranks and counting sorts; this
 * checks the result against the comparison it replaces — 地区 (table order), 医療機関コード in
 * code-point order (no clinic last), 区分, 会員番号 in code-point order, then input order — for
 * IDs and codes of every shape: digits of different lengths ('9' > '10' in code points), leading
 * zeros, more than 15 digits, other text, repeated IDs.
 */
import fc from 'fast-check';
import { compareCodePoints } from '../../src/domain/district';
import { FOLLOW_UP_KINDS } from '../../src/domain/follow-up';
import type { ClinicIn, DoctorIn, EngineInput, Status } from '../../src/domain/types';
import { followUpEntries, type FollowUpEntry } from '../../src/sheets/plan-follow-up';
import type { ClinicOutcome, DoctorOutcome, Outcome } from '../../src/sheets/outcome';
import type { SheetContext } from '../../src/sheets/plan-context';
import { DEFAULT_PROFILE } from '../../src/domain/profile';

const TEXTS = [
  '9',
  '10',
  '100',
  '0123',
  '123',
  '1',
  '2',
  '1234567890123456',
  '99999999999999999',
  'A-1',
  'a',
  'Ｚ1',
  '',
];
const DISTRICTS = ['北', '南', '東'];

interface DoctorSpec {
  id: string;
  code: string | null;
  district: string;
  status: Status;
  missingJ: number;
  missingZ: number;
}
interface ClinicSpec {
  code: string;
  district: string;
  actionNeeded: boolean;
}

const doctorArb: fc.Arbitrary<DoctorSpec> = fc.record({
  id: fc.constantFrom(...TEXTS.filter((t) => t !== '')),
  code: fc.option(fc.constantFrom(...TEXTS), { freq: 4 }),
  district: fc.constantFrom(...DISTRICTS),
  status: fc.constantFrom<Status>('certified', 'eligible', 'in-progress', 'no-records'),
  missingJ: fc.constantFrom(0, 1, 2),
  missingZ: fc.constantFrom(0, 0.5, 3, 10),
});
const clinicArb: fc.Arbitrary<ClinicSpec> = fc.record({
  code: fc.constantFrom(...TEXTS.filter((t) => t !== '')),
  district: fc.constantFrom(...DISTRICTS),
  actionNeeded: fc.boolean(),
});

function context(doctors: DoctorSpec[], clinics: ClinicSpec[]): Pick<SheetContext, 'input' | 'engine'> {
  const docs: DoctorIn[] = doctors.map((d, i) => ({
    row: i + 2,
    id: d.id,
    name: `doctor ${i}`,
    kana: null,
    clinicCode: d.code,
    district: null,
    memberClass: null,
    certificateDate: null,
    certificateNo: null,
    applicationStatus: null,
  }));
  const cls: ClinicIn[] = clinics.map((c, i) => ({
    row: i + 2,
    code: c.code,
    name: `clinic ${i}`,
    type: null,
    specialFunction: false,
    suspended: false,
    district: c.district,
    gmisAccount: false,
    gmisPermission: null,
    reported: false,
  }));
  const input: EngineInput = {
    profile: { ...DEFAULT_PROFILE },
    asOf: 0,
    doctors: docs,
    records: [],
    clinics: cls,
    affiliations: [],
    previous: null,
  };
  const engine = {
    doctors: doctors.map(
      (d) =>
        ({
          status: d.status,
          missing: { jitchiActivities: d.missingJ, zagakuUnits: d.missingZ },
          district: d.district,
          shortfallText: '',
          next: 'next',
        }) as unknown as DoctorOutcome,
    ),
    clinics: clinics.map(
      (c) =>
        ({
          readiness: c.actionNeeded ? 'action-needed' : 'ready',
          district: c.district,
          reasons: c.actionNeeded ? ['no-gmis-account'] : [],
          daysLeft: 30,
          atRisk: false,
        }) as unknown as ClinicOutcome,
    ),
    // 東 is missing from the table: it sorts after the listed districts.
    districts: [{ district: '南' }, { district: '北' }],
  } as unknown as Outcome;
  return { input, engine };
}

/** Where an entry came from: doctors first in input order, then clinics (the order before sorting). */
function origin(e: FollowUpEntry, doctors: number): number {
  if (e.doctorName !== null) return Number(e.doctorName.slice('doctor '.length));
  return doctors + Number(e.clinicName!.slice('clinic '.length));
}

describe('要対応リスト order', () => {
  test('equals a stable sort by (地区, 医療機関コード, 区分, 会員番号) in code-point order', () => {
    fc.assert(
      fc.property(
        fc.array(doctorArb, { maxLength: 60 }),
        fc.uniqueArray(clinicArb, { maxLength: 12, selector: (c) => c.code }),
        (doctors, clinics) => {
          const entries = followUpEntries(context(doctors, clinics) as SheetContext);
          const districtRank = (d: string): number => {
            const listed = ['南', '北'].indexOf(d);
            return listed >= 0 ? listed : 2 + DISTRICTS.filter((x) => !['南', '北'].includes(x)).indexOf(d);
          };
          const compare = (a: FollowUpEntry, b: FollowUpEntry): number =>
            districtRank(a.district) - districtRank(b.district) ||
            (a.clinicCode === null ? 1 : 0) - (b.clinicCode === null ? 1 : 0) ||
            compareCodePoints(a.clinicCode ?? '', b.clinicCode ?? '') ||
            FOLLOW_UP_KINDS.indexOf(a.kind) - FOLLOW_UP_KINDS.indexOf(b.kind) ||
            compareCodePoints(a.doctorId ?? '', b.doctorId ?? '') ||
            origin(a, doctors.length) - origin(b, doctors.length);
          for (let i = 1; i < entries.length; i++) {
            expect(compare(entries[i - 1], entries[i])).toBeLessThan(0);
          }
          const listedDoctors = doctors.filter(
            (d) =>
              d.status === 'eligible' ||
              ((d.status === 'in-progress' || d.status === 'no-records') &&
                ((d.missingJ >= 1 && d.missingZ === 0) ||
                  (d.missingJ === 0 && d.missingZ > 0 && d.missingZ <= DEFAULT_PROFILE.nearZagakuThreshold))),
          ).length;
          expect(entries).toHaveLength(listedDoctors + clinics.filter((c) => c.actionNeeded).length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
