/**
 * Property-based tests of the rules engine alone (SPEC §3.1, §3.2, §7): typed rows in, statuses out.
 * Units are any value the reader accepts (positive multiples of the step, however large).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dayFromIso, type Day } from '../../src/domain/day';
import { evaluate } from '../../src/sheets/outcome';
import { DEFAULT_PROFILE } from '../../src/domain/profile';
import type { Approval, ClinicIn, DoctorIn, EngineInput, Profile, RecordIn } from '../../src/domain/types';
import { isMultipleOfStep } from '../../src/sheets/cells';
import { assertSame } from './applier';
import { RUNS, params, timeout } from './config';

const AS_OF = dayFromIso('2026-01-31')!;
const IDS = ['d1', 'd2', 'd3', 'd4'];
const CODES = ['4017716434', '4011234561'];

const profileArb: fc.Arbitrary<Profile> = fc
  .record({
    totalUnits: fc.constantFrom(10, 12, 5.5, 1),
    unitsPerJitchi: fc.constantFrom(5, 2.5, 1),
    zagakuStep: fc.constantFrom(0.5, 1, 0.25, 0.1),
    minZagakuUnits: fc.constantFrom(0.5, 0, 2, 0.3),
    minJitchiActivities: fc.constantFrom(1, 0, 2),
    certificateValidityYears: fc.constantFrom(null, 5, 0),
    countFrom: fc.constantFrom(null, dayFromIso('2025-04-01')),
  })
  .map((p) => ({ ...DEFAULT_PROFILE, ...p }));

/** Units the reader accepts for a step: positive multiples, small and huge. */
const unitsFor = (step: number): fc.Arbitrary<number> =>
  fc
    .oneof(
      fc.integer({ min: 1, max: 40 }).map((k) => k * step),
      fc.constantFrom(2 ** 52, 2 ** 53, 1e15, 1e16, 4.5e15, 1e300, Number.MAX_VALUE),
    )
    .filter((u) => u > 0 && isMultipleOfStep(u, step));

const recordArb = (step: number): fc.Arbitrary<Omit<RecordIn, 'row'>> =>
  fc.record({
    doctorId: fc.constantFrom(...IDS),
    date: fc.integer({ min: -400, max: 30 }).map((d): Day => AS_OF + d),
    kind: fc.constantFrom<'zagaku' | 'jitchi'>('zagaku', 'jitchi'),
    titleKey: fc.constantFrom('', 'a', 'b'),
    units: unitsFor(step),
    approval: fc.constantFrom<Approval>('approved', 'approved', 'pending', 'rejected', 'blank'),
  });

const inputArb: fc.Arbitrary<EngineInput> = profileArb.chain((profile) =>
  fc
    .record({
      doctors: fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: IDS.length }),
      records: fc.array(recordArb(profile.zagakuStep), { maxLength: 40 }),
      certificates: fc.array(fc.option(fc.integer({ min: -4000, max: 30 }), { freq: 3 }), {
        minLength: IDS.length,
        maxLength: IDS.length,
      }),
      primary: fc.array(fc.option(fc.constantFrom(...CODES)), {
        minLength: IDS.length,
        maxLength: IDS.length,
      }),
    })
    .map(({ doctors, records, certificates, primary }) => {
      const docs: DoctorIn[] = doctors.map((id, i) => ({
        row: i + 2,
        id,
        name: null,
        kana: null,
        clinicCode: primary[i],
        district: null,
        memberClass: null,
        certificateDate: certificates[i] === null ? null : AS_OF + certificates[i]!,
        certificateNo: null,
        applicationStatus: null,
      }));
      const clinics: ClinicIn[] = CODES.map((code, i) => ({
        row: i + 2,
        code,
        name: null,
        type: null,
        specialFunction: false,
        suspended: false,
        district: null,
        gmisAccount: true,
        gmisPermission: null,
        reported: false,
      }));
      // The reader only hands over records of known doctors, with 座学 units set.
      const known = records.filter((r) => doctors.includes(r.doctorId));
      return {
        profile,
        asOf: AS_OF,
        doctors: docs,
        records: known.map((r, i) => ({
          ...r,
          row: i + 2,
          approval: r.kind === 'zagaku' ? 'approved' : r.approval,
        })),
        clinics,
        affiliations: [],
        previous: null,
      };
    }),
);

/** Records in another sheet order (rows renumbered as the sheet would number them). */
function reorder(input: EngineInput, seed: number): EngineInput {
  const recs = [...input.records];
  let s = seed >>> 0;
  for (let i = recs.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [recs[i], recs[j]] = [recs[j], recs[i]];
  }
  return { ...input, records: recs.map((r, i) => ({ ...r, row: i + 2 })) };
}

describe('engine properties', () => {
  test(
    `doctor statuses, units, shortfalls and clinic counts do not depend on the order of the records (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(inputArb, fc.integer(), (input, seed) => {
          const a = evaluate(input);
          const b = evaluate(reorder(input, seed));
          assertSame(b.doctors, a.doctors, 'doctors after reordering');
          assertSame(b.clinics, a.clinics, 'clinics after reordering');
          assertSame(b.districts, a.districts, 'districts after reordering');
          assert.equal(b.countedRecords, a.countedRecords);
          const kinds = (r: typeof a) => r.issues.map((i) => `${i.code}|${i.value}`).sort();
          assertSame(kinds(b), kinds(a), 'issues after reordering');
        }),
        params(),
      );
    },
    timeout(),
  );

  test(
    `every figure is finite, the status follows the figures and the shortfall is sufficient and minimal (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          const res = evaluate(input);
          const p = input.profile;
          const eps = 1e-9;
          res.doctors.forEach((d, i) => {
            const where = `doctor ${input.doctors[i].id}`;
            for (const v of [
              d.zagakuUnits,
              d.jitchiActivities,
              d.jitchiPending,
              d.totalUnits,
              d.missing.zagakuUnits,
              d.missing.jitchiActivities,
            ]) {
              assert.ok(Number.isFinite(v), `${where}: a figure is ${v}`);
            }
            const meets = (z: number, j: number) =>
              z >= p.minZagakuUnits - eps &&
              j >= p.minJitchiActivities &&
              z + p.unitsPerJitchi * j >= p.totalUnits - eps * Math.max(1, p.totalUnits);
            if (d.status === 'certified' || d.status === 'eligible') {
              assert.deepStrictEqual(
                d.missing,
                { jitchiActivities: 0, zagakuUnits: 0 },
                `${where}: ${d.status} with a shortfall`,
              );
              if (d.status === 'eligible')
                assert.ok(
                  meets(d.zagakuUnits, d.jitchiActivities),
                  `${where}: eligible without meeting the rule`,
                );
              return;
            }
            assert.ok(
              !meets(d.zagakuUnits, d.jitchiActivities),
              `${where}: ${d.status} although the rule is met`,
            );
            const { jitchiActivities: mj, zagakuUnits: mz } = d.missing;
            assert.equal(
              mj,
              Math.max(0, p.minJitchiActivities - d.jitchiActivities),
              `${where}: missing 実地 is not minJ − J`,
            );
            assert.ok(
              meets(d.zagakuUnits + mz, d.jitchiActivities + mj),
              `${where}: the shortfall ${mj}件/${mz}単位 does not suffice`,
            );
            assert.ok(
              isMultipleOfStep(mz, p.zagakuStep),
              `${where}: missing 座学 ${mz} is not a multiple of the step`,
            );
            if (mz >= p.zagakuStep) {
              assert.ok(
                !meets(d.zagakuUnits + mz - p.zagakuStep, d.jitchiActivities + mj),
                `${where}: the shortfall ${mz} is not minimal`,
              );
            }
          });
          const counted = res.records.filter((r) => r.counted).length;
          assert.equal(res.countedRecords, counted);
        }),
        params(),
      );
    },
    timeout(),
  );
});
