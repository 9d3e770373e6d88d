/** The formatting helpers of src/strings agree with the domain's own day arithmetic. */
import fc from 'fast-check';
import { dayFromYmd, slashFromDay, ymdFromDay } from '../../src/domain/day';
import { calendarDate, dayOf, slashDate } from '../../src/strings/format';

describe('days in the texts', () => {
  test('slashDate and calendarDate read a Day as src/domain/day.ts does (200 runs)', () => {
    const min = dayFromYmd(1, 1, 1);
    const max = dayFromYmd(9999, 12, 31);
    fc.assert(
      fc.property(fc.integer({ min, max }), (day) => {
        expect(slashDate(day)).toBe(slashFromDay(day));
        const { y, m, d } = ymdFromDay(day);
        expect(calendarDate(day)).toEqual([y, m, d]);
      }),
      { numRuns: 200 },
    );
  });
  test('dayOf is dayFromYmd from year 100 on', () => {
    for (const [y, m, d] of [
      [100, 1, 1],
      [1926, 12, 25],
      [1989, 1, 8],
      [2019, 5, 1],
      [2028, 2, 29],
    ] as const)
      expect(dayOf(y, m, d)).toBe(dayFromYmd(y, m, d));
  });
});
