/** Property-based checks of the engine (fast-check). */
import fc from 'fast-check';
import { clinic, clinics, day, doctor, doctors, input } from './helpers';
import { evaluate } from '../../src/sheets/outcome';
import type { Approval, RecordIn } from '../../src/domain/types';

const IDS = ['D1', 'D2', 'D3'];
const BASE = day('2025-03-25');

/** Records over a few doctors, days, titles and units, so duplicates and collisions are frequent. */
const recordArb: fc.Arbitrary<Omit<RecordIn, 'row'>> = fc.record({
  doctorId: fc.constantFrom(...IDS, 'ZZ'),
  date: fc.integer({ min: 0, max: 12 }).map((n) => BASE + n * 30),
  kind: fc.constantFrom('zagaku' as const, 'jitchi' as const),
  titleKey: fc.constantFrom('', 'a', 'b'),
  units: fc.constantFrom(0.5, 1, 2.5, 5),
  approval: fc.constantFrom<Approval>('approved', 'approved', 'pending', 'rejected', 'blank'),
});

function build(recs: Omit<RecordIn, 'row'>[], countFrom: number | null) {
  return input({
    profile: { countFrom },
    asOf: day('2026-01-31'),
    doctors: doctors(...IDS.map((id, i) => doctor(id, { clinicCode: `401000000${i}` }))),
    records: recs.map((r, i) => ({ ...r, row: i + 2 })),
    clinics: clinics(clinic('4010000000'), clinic('4010000001'), clinic('4010000002')),
  });
}

/** Everything that must not depend on the order of the records. */
function summary(recs: Omit<RecordIn, 'row'>[], countFrom: number | null) {
  const res = evaluate(build(recs, countFrom));
  const codes = res.issues.map((i) => i.code).sort();
  return {
    doctors: res.doctors,
    clinics: res.clinics,
    counted: res.countedRecords,
    codes,
    total: res.districtTotal,
  };
}

describe('engine properties', () => {
  test('statuses and counts do not depend on the order of records (numRuns 200)', () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { maxLength: 60 }),
        fc.option(fc.constant(day('2025-06-01'))),
        fc.integer(),
        (recs, countFrom, seed) => {
          const shuffled = fc.sample(
            fc.shuffledSubarray(recs, { minLength: recs.length, maxLength: recs.length }),
            {
              numRuns: 1,
              seed,
            },
          )[0];
          expect(summary(shuffled, countFrom)).toEqual(summary(recs, countFrom));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('invariants of every result (numRuns 200)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), (recs) => {
        const res = evaluate(build(recs, null));
        expect(res.records).toHaveLength(recs.length);
        expect(res.records.filter((r) => r.counted).length).toBe(res.countedRecords);
        let counted = 0;
        for (const d of res.doctors) {
          counted += d.jitchiActivities;
          expect(d.totalUnits).toBeCloseTo(d.zagakuUnits + 5 * d.jitchiActivities, 10);
          if (d.status === 'certified' || d.status === 'eligible') {
            expect(d.missing).toEqual({ jitchiActivities: 0, zagakuUnits: 0 });
            expect(d.shortfallText).toBe('');
          } else {
            expect(d.missing.jitchiActivities + d.missing.zagakuUnits).toBeGreaterThan(0);
            // Adding the missing parts makes the doctor eligible.
            const z = d.zagakuUnits + d.missing.zagakuUnits;
            const j = d.jitchiActivities + d.missing.jitchiActivities;
            expect(z >= 0.5 && j >= 1 && z + 5 * j >= 10).toBe(true);
            // And one step less 座学 does not (when some 座学 is missing).
            if (d.missing.zagakuUnits > 0) {
              const z2 = z - 0.5;
              expect(z2 >= 0.5 && z2 + 5 * j >= 10).toBe(false);
            }
          }
        }
        // Records of the unknown doctor never count; duplicates never count twice.
        const zCounted = res.records.filter((r, i) => r.counted && recs[i].kind === 'zagaku').length;
        expect(zCounted + counted).toBe(res.countedRecords);
        expect(res.districtTotal.doctors).toBe(3);
      }),
      { numRuns: 200 },
    );
  });
});
