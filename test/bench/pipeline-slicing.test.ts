/**
 * The pieces behind the engine budgets (SPEC §7), checked by result and by counts, never by time:
 * - recalcSliced (the pane's pipeline in time slices) gives exactly recalc's output, and hands
 *   control back at least once per 1,024 rows of input;
 * - TextIndex (the reader's and the engine's ID/code lookups) behaves like a Map<string, number>.
 */
import fc from 'fast-check';
import { dayFromIso } from '../../src/domain/day';
import { runStepsSliced, SLICE_MASK } from '../../src/domain/steps';
import { TextIndex } from '../../src/domain/text-index';
import { recalc, recalcSliced, recalcSteps } from '../../src/sheets/recalc';
import { AS_OF, NOW, WORKLOADS, generate, officeArrays, snapshotOf } from '../../bench/workloads';

const OPTS = { asOf: dayFromIso(AS_OF), now: NOW };

describe('recalcSliced', () => {
  const snap = snapshotOf(officeArrays(generate(WORKLOADS.W1)));
  const rows = snap.sheets.reduce((n, s) => n + s.rows.length, 0);

  test('gives the same output as recalc (W1)', async () => {
    const plain = recalc(snap, OPTS);
    let yields = 0;
    const sliced = await recalcSliced(snap, OPTS, {
      sliceMs: 0,
      yieldFn: async () => {
        yields++;
      },
    });
    expect(yields).toBeGreaterThan(0);
    expect(sliced.result).toEqual(plain.result);
    expect(sliced.plan).toEqual(plain.plan);
    expect(sliced.issues).toEqual(plain.issues);
  });

  test('yields at least once per 1,024 input rows (a clock that advances per read, no real time)', async () => {
    let tick = 0;
    let steps = 0;
    await runStepsSliced(recalcSteps(snap, OPTS), {
      sliceMs: 1,
      now: () => tick++,
      yieldFn: async () => {
        steps++;
      },
    });
    expect(steps).toBeGreaterThanOrEqual(Math.floor(rows / (SLICE_MASK + 1)));
  });

  test('an error thrown by yieldFn (a cancel) rejects the run', async () => {
    await expect(
      recalcSliced(snap, OPTS, {
        sliceMs: 0,
        yieldFn: async () => {
          throw new Error('cancelled');
        },
      }),
    ).rejects.toThrow('cancelled');
  });
});

describe('TextIndex', () => {
  test('numeric texts keep their length: 0123, 123 and 00123 are different keys', () => {
    const ix = new TextIndex();
    ix.set('123', 1).set('0123', 2).set('00123', 3).set('1230', 4);
    expect([ix.get('123'), ix.get('0123'), ix.get('00123'), ix.get('1230'), ix.get('12')]).toEqual([
      1,
      2,
      3,
      4,
      undefined,
    ]);
    expect(ix.size).toBe(4);
  });

  test('non-numeric and long texts (full-width digits, hyphens, 13+ digits, empty) work as in a Map', () => {
    const keys = ['４０１７７１６４３４', '40-1771643-4', '1234567890123', '', ' 1', 'A0001', '１２３'];
    const ix = new TextIndex();
    keys.forEach((k, i) => ix.set(k, i));
    keys.forEach((k, i) => expect(ix.get(k)).toBe(i));
    expect(ix.has('123')).toBe(false);
  });

  test('behaves like Map<string, number> under random sets and gets (numRuns 200)', () => {
    const digits = fc.stringMatching(/^[0-9]{1,14}$/);
    const key = fc.oneof(digits, digits, fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.integer()), { maxLength: 3000 }),
        fc.array(key, { maxLength: 50 }),
        (sets, probes) => {
          const ix = new TextIndex();
          const m = new Map<string, number>();
          for (const [k, v] of sets) {
            ix.set(k, v);
            m.set(k, v);
          }
          expect(ix.size).toBe(m.size);
          for (const [k] of sets) expect(ix.get(k)).toBe(m.get(k));
          for (const k of probes) expect(ix.get(k)).toBe(m.get(k));
        },
      ),
      { numRuns: 200 },
    );
  });
});
