import { Rng, seedFrom } from '../../src/sample/rng';

describe('sample Rng', () => {
  test('is pinned: the first outputs for seed 1 never change (every sample roster depends on them)', () => {
    const r = new Rng(1);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([2102104076, 3717405259, 3328215402]);
  });

  test('same seed gives the same sequence; different seeds differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 50 }, () => a.next());
    const sb = Array.from({ length: 50 }, () => b.next());
    const sc = Array.from({ length: 50 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  test('seeds: numbers and strings fold to 32 bits; odd numbers are accepted', () => {
    expect(seedFrom(1)).toBe(seedFrom('1'));
    expect(seedFrom(-7)).not.toBe(seedFrom(7));
    expect(() => new Rng(Number.NaN).next()).not.toThrow();
    expect(new Rng(0.5).next()).not.toBe(new Rng(0).next());
  });

  test('next() in [0, 1); int() inclusive bounds, covering the whole range', () => {
    const r = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const k = r.int(-3, 3);
      expect(Number.isInteger(k)).toBe(true);
      seen.add(k);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(() => r.int(2, 1)).toThrow(RangeError);
  });

  test('pick, chance, weighted', () => {
    const r = new Rng(9);
    const items = ['a', 'b', 'c'];
    for (let i = 0; i < 100; i++) expect(items).toContain(r.pick(items));
    expect(() => r.pick([])).toThrow(RangeError);
    let hits = 0;
    for (let i = 0; i < 10000; i++) if (r.chance(0.25)) hits++;
    expect(hits).toBeGreaterThan(2200);
    expect(hits).toBeLessThan(2800);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10000; i++) counts[r.weighted([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2]).toBeGreaterThan(counts[0] * 2);
  });

  test('shuffle is a permutation; sample gives k distinct sorted indexes (both strategies)', () => {
    const r = new Rng(11);
    const arr = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = r.shuffle(arr.slice());
    expect(shuffled).not.toEqual(arr);
    expect(shuffled.slice().sort((a, b) => a - b)).toEqual(arr);
    for (const [n, k] of [
      [1000, 10],
      [1000, 900],
      [5, 5],
      [5, 9],
      [0, 3],
    ]) {
      const s = r.sample(n, k);
      expect(s.length).toBe(Math.min(n, k));
      expect(new Set(s).size).toBe(s.length);
      for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
      for (const x of s) expect(x >= 0 && x < n).toBe(true);
    }
  });

  test('fork gives an independent but deterministic stream', () => {
    const a = new Rng(5).fork('x');
    const b = new Rng(5).fork('x');
    const c = new Rng(5).fork('y');
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(new Rng(5).fork('x').nextUint32()).not.toBe(c.nextUint32());
  });
});
