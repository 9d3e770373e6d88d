/**
 * Property-based tests of the whole pipeline (SPEC §7 Reliability) over random and hostile
 * workbooks: recalc(snapshot) → result JSON + output plan. The number of generated cases per
 * property is in each test's name (RUNS: 200 in `npm test`, 10,000 in `npm run fuzz`).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { recalc } from '../../src/sheets/recalc';
import { TRAINING } from '../../src/sheets/schema';
import { cloneWorkbook, workbookArb } from './arbitraries';
import { applyPlan, assertSame, cellsOf } from './applier';
import { RUNS, params, timeout } from './config';
import { asOfArb, optionsOf, orderFreeView, padWorkbook, shuffleTrainingRows } from './helpers';
import {
  checkBuckets,
  checkIssueCells,
  checkIssueOrder,
  checkPlanOwnership,
  checkWritableValues,
} from './invariants';
import { oracleLocate } from './oracle';

const workbooks = workbookArb();

describe('recalc over random and hostile workbooks', () => {
  test(
    `never throws on a structurally valid workbook, whatever its cells hold (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(workbooks, asOfArb, ({ wb }, asOf) => {
          // Any exception fails the property: FatalError is for the documented situations only,
          // which these workbooks never contain (fatal.property.test.ts covers those).
          recalc(wb, optionsOf(asOf));
        }),
        params(),
      );
    },
    timeout(),
  );

  test(
    `read = used + rejected + blank for every sheet, each row in the bucket SPEC §4.1 gives it (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(workbooks, asOfArb, ({ wb }, asOf) => {
          checkBuckets(wb, recalc(wb, optionsOf(asOf)));
        }),
        params(),
      );
    },
    timeout(),
  );

  test(
    `every rejected row has an error issue on the A1 cell of its field; every row issue is in its row (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(workbooks, asOfArb, ({ wb }, asOf) => {
          checkIssueCells(wb, recalc(wb, optionsOf(asOf)));
        }),
        params(),
      );
    },
    timeout(),
  );

  test(
    `every planned value fits a cell (finite numbers, texts ≤ 32,767 characters); issues in 入力チェック order (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(workbooks, asOfArb, ({ wb }, asOf) => {
          const out = recalc(wb, optionsOf(asOf));
          checkWritableValues(out);
          checkIssueOrder(wb, out);
        }),
        params(),
      );
    },
    timeout(),
  );

  test(
    `statuses, units and counts do not depend on the order of the training records (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(workbooks, asOfArb, fc.integer(), ({ wb }, asOf, seed) => {
          const a = recalc(wb, optionsOf(asOf));
          const shuffled = shuffleTrainingRows(wb, seed);
          const b = recalc(shuffled, optionsOf(asOf));
          const sheet = oracleLocate(wb, TRAINING)?.sheet.name ?? null;
          assertSame(
            orderFreeView(b.result, sheet),
            orderFreeView(a.result, sheet),
            'after shuffling the records',
          );
        }),
        params(),
      );
    },
    timeout(),
  );

  test(
    `a re-run on the same snapshot gives a deep-equal result and plan, and never modifies the snapshot (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(workbooks, asOfArb, ({ wb }, asOf) => {
          const before = cloneWorkbook(wb);
          const a = recalc(wb, optionsOf(asOf));
          assertSame(wb, before, 'recalc modified its input snapshot');
          const b = recalc(cloneWorkbook(wb), optionsOf(asOf));
          assertSame(b.result, a.result, 're-run result');
          assertSame(b.plan, a.plan, 're-run plan');
          assert.equal(b.stamp, a.stamp);
        }),
        params(),
      );
    },
    timeout(),
  );

  test(
    `result and plan do not depend on empty padding of the rows (Office.js vs ExcelJS row shapes) (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(
          workbooks,
          asOfArb,
          fc.integer({ min: 0, max: 30 }),
          fc.integer({ min: 0, max: 5 }),
          fc.constantFrom(null, undefined),
          ({ wb }, asOf, width, extraRows, filler) => {
            const a = recalc(wb, optionsOf(asOf));
            const b = recalc(padWorkbook(wb, width, extraRows, filler), optionsOf(asOf));
            assertSame(b.result, a.result, 'result after padding');
            assertSame(b.plan, a.plan, 'plan after padding');
          },
        ),
        params(),
      );
    },
    timeout(),
  );

  test(
    `the plan writes owned cells only: 判定_ columns in place or right of all user cells, marked owned sheets (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(workbooks, asOfArb, ({ wb }, asOf) => {
          checkPlanOwnership(wb, recalc(wb, optionsOf(asOf)));
        }),
        params(),
      );
    },
    timeout(),
  );

  test(
    `write then re-run: the same result except changes (all zero), and a second write changes nothing (${RUNS} runs)`,
    () => {
      fc.assert(
        fc.property(workbooks, asOfArb, ({ wb }, asOf) => {
          const opts = optionsOf(asOf);
          const first = recalc(wb, opts);
          const written = applyPlan(wb, first.plan);
          const second = recalc(written, opts);
          assertSame(
            { ...second.result, changes: null },
            { ...first.result, changes: null },
            'result of the re-run on the written workbook',
          );
          assertSame(
            second.result.changes,
            { newlyCertified: 0, newlyEligible: 0, newlyReady: 0 },
            'changes of the re-run',
          );
          // The plan of the second run, applied to the first run's output, changes no cell
          // (an append-only history sheet, once it exists, gains exactly one row per run).
          const again = applyPlan(written, second.plan);
          const append = new Set(second.plan.sheets.filter((s) => s.mode === 'append').map((s) => s.name));
          assertSame(cellsOf(again, append), cellsOf(written, append), 'cells after the second write');
          // The ownership rule holds on the tool's own output too.
          checkPlanOwnership(written, second);
        }),
        params(),
      );
    },
    timeout(),
  );
});
