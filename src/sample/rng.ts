/**
 * A small, fast, seeded pseudo-random number generator for the sample roster (sfc32 state seeded
 * through splitmix32). Same seed ⇒ same sequence on every platform: only 32-bit integer
 * arithmetic (Math.imul, >>>) is used, never Math.random.
 */

/** splitmix32: spreads a (possibly small) seed over 32 bits; used to initialise the state. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Folds any finite number (also negative or fractional) or string into a 32-bit seed. */
export function seedFrom(seed: number | string): number {
  const text = typeof seed === 'number' ? (Number.isFinite(seed) ? String(seed) : '0') : seed;
  // FNV-1a over the UTF-16 code units of the seed's text.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const mix = splitmix32(seedFrom(seed));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix() | 1;
    // Warm up so that nearby seeds diverge immediately.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** sfc32: a uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`Rng.int: max ${max} < min ${min}`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty array');
    return items[Math.floor(this.next() * items.length)];
  }

  /** An index chosen with the given non-negative weights (linear scan; for short lists). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /**
   * k distinct integers from [0, n), in increasing order (partial Fisher–Yates over an index
   * array when k is a large share of n, rejection with a bitmap otherwise).
   */
  sample(n: number, k: number): number[] {
    const m = Math.max(0, Math.min(k, n));
    if (m === 0) return [];
    if (m * 4 > n) {
      const idx = new Int32Array(n);
      for (let i = 0; i < n; i++) idx[i] = i;
      for (let i = 0; i < m; i++) {
        const j = i + Math.floor(this.next() * (n - i));
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
      return Array.from(idx.subarray(0, m)).sort((x, y) => x - y);
    }
    const taken = new Uint8Array(n);
    const out: number[] = [];
    while (out.length < m) {
      const j = Math.floor(this.next() * n);
      if (!taken[j]) {
        taken[j] = 1;
        out.push(j);
      }
    }
    return out.sort((x, y) => x - y);
  }

  /** An independent generator derived from this one (for a separate stream of decisions). */
  fork(label: string): Rng {
    return new Rng(`${this.nextUint32()}:${label}`);
  }
}
