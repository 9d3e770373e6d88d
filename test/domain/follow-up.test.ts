/** The pure rules behind 要対応リスト and 最小公表人数 (SPEC §5.3, §3.7). */
import { FOLLOW_UP_KINDS, followUpKindOf } from '../../src/domain/follow-up';
import { ratesSuppressed } from '../../src/domain/publication';

describe('followUpKindOf', () => {
  test('eligible doctors wait for their application, whatever they miss', () => {
    expect(followUpKindOf('eligible', 0, 0, 2)).toBe('apply');
  });
  test('certified doctors are never listed', () => {
    expect(followUpKindOf('certified', 1, 0, 2)).toBeNull();
    expect(followUpKindOf('certified', 0, 1, 2)).toBeNull();
  });
  test('missing only 実地: jitchiOnly (in progress or without records)', () => {
    expect(followUpKindOf('in-progress', 1, 0, 2)).toBe('jitchiOnly');
    expect(followUpKindOf('no-records', 2, 0, 2)).toBe('jitchiOnly');
  });
  test('missing only 座学, up to the threshold: zagakuOnly', () => {
    expect(followUpKindOf('in-progress', 0, 0.5, 2)).toBe('zagakuOnly');
    expect(followUpKindOf('in-progress', 0, 2, 2)).toBe('zagakuOnly');
    expect(followUpKindOf('in-progress', 0, 2.5, 2)).toBeNull();
    expect(followUpKindOf('in-progress', 0, 1, 0)).toBeNull();
  });
  test('missing both, or nothing: not listed', () => {
    expect(followUpKindOf('in-progress', 1, 1, 2)).toBeNull();
    expect(followUpKindOf('in-progress', 0, 0, 2)).toBeNull();
  });
  test('the kinds in the order of SPEC §5.3', () => {
    expect(FOLLOW_UP_KINDS).toEqual(['apply', 'jitchiOnly', 'zagakuOnly', 'clinic']);
  });
});

describe('ratesSuppressed (最小公表人数)', () => {
  test('0 publishes every rate', () => {
    expect(ratesSuppressed(0, 0)).toBe(false);
    expect(ratesSuppressed(1, 0)).toBe(false);
  });
  test('fewer doctors than the threshold are suppressed; exactly the threshold is shown', () => {
    expect(ratesSuppressed(4, 5)).toBe(true);
    expect(ratesSuppressed(5, 5)).toBe(false);
    expect(ratesSuppressed(0, 1)).toBe(true);
  });
});
