/**
 * A map from an ID or code text (会員番号, 医療機関コード) to a number, for the reader's lookups.
 *
 * Same behaviour as Map<string, number>, faster at scale: texts of 1–12 ASCII digits (nearly
 * every real ID and code) are turned into a number that keeps the length — so '0123' and '123'
 * stay different keys — and kept in an open-addressing table of typed arrays. A lookup then reads
 * only the text itself and two small arrays, instead of chasing the stored key string across a
 * heap of millions of cells (on a national roster the Map version spent most of its time in cache
 * misses). Any other text goes to an ordinary Map.
 */

/** numericKey of a text that is not 1–12 ASCII digits. */
const NOT_NUMERIC = -1;
/**
 * An empty slot. Every numeric key is ≥ 1 (its length is part of it), so a fresh, zero-filled
 * table is all empty: no pass over millions of slots to mark them.
 */
const EMPTY = 0;
const MAX_DIGITS = 12;

/** value · 16 + length for 1–12 ASCII digits (exact: below 2^53, and ≥ 1), else NOT_NUMERIC. */
function numericKey(s: string): number {
  const n = s.length;
  if (n === 0 || n > MAX_DIGITS) return NOT_NUMERIC;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NOT_NUMERIC;
    v = v * 10 + d;
  }
  return v * 16 + n;
}

function slotOf(key: number, mask: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296);
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return h & mask;
}

export class TextIndex {
  private readonly other = new Map<string, number>();
  /** Open addressing, linear probing: slot i holds its key at 2i and its value at 2i + 1 (one cache line). */
  private slots: Float64Array;
  private mask: number;
  private count = 0;

  constructor(expected = 0) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Float64Array(cap * 2); // zero-filled: every slot EMPTY
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count + this.other.size;
  }

  get(text: string): number | undefined {
    const key = numericKey(text);
    if (key === NOT_NUMERIC) return this.other.get(text);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      if (k === key) return slots[2 * i + 1];
      if (k === EMPTY) return undefined;
    }
  }

  has(text: string): boolean {
    return this.get(text) !== undefined;
  }

  set(text: string, value: number): this {
    const key = numericKey(text);
    if (key === NOT_NUMERIC) {
      this.other.set(text, value);
      return this;
    }
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    this.put(key, value);
    return this;
  }

  /** Sets text → value unless text is already a key; returns the value text maps to now (one probe). */
  setIfAbsent(text: string, value: number): number {
    const key = numericKey(text);
    if (key === NOT_NUMERIC) {
      const found = this.other.get(text);
      if (found !== undefined) return found;
      this.other.set(text, value);
      return value;
    }
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      if (k === key) return slots[2 * i + 1];
      if (k === EMPTY) {
        slots[2 * i] = key;
        slots[2 * i + 1] = value;
        this.count++;
        return value;
      }
    }
  }

  private put(key: number, value: number): void {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = slotOf(key, mask); ; i = (i + 1) & mask) {
      const k = slots[2 * i];
      if (k === key) {
        slots[2 * i + 1] = value;
        return;
      }
      if (k === EMPTY) {
        slots[2 * i] = key;
        slots[2 * i + 1] = value;
        this.count++;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Float64Array(cap * 2);
    this.mask = cap - 1;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.put(old[i], old[i + 1]);
  }
}
