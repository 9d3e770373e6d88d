/**
 * Districts (SPEC §3.6): the key that merges spelling variants, the registry that assigns each
 * doctor/clinic to a district with its display text, and the per-district summary rows. The
 * district without one and the total row are the sentinels NO_DISTRICT and ALL_DISTRICTS;
 * src/sheets/outcome.ts writes their labels.
 */
import { ALL_DISTRICTS, NO_DISTRICT, type District, type DistrictSummary } from './types';

const HYPHENS = /[‐‑‒–—―−－]/g;
const WHITESPACE = /\s+/gu;

/**
 * The normalised key of SPEC §2.0 without lower-casing: NFKC, all whitespace (line breaks and
 * full-width spaces included) removed, hyphen variants mapped to '-'.
 */
export function districtKey(s: string): string {
  return s.normalize('NFKC').replace(WHITESPACE, '').replace(HYPHENS, '-');
}

/** Compares two strings by Unicode code point (not UTF-16 code unit). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // A surrogate (a code point above U+FFFF) sorts after every BMP code unit.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/**
 * The key of the unset district's label 「（地区未設定）」: a 地区 cell that spells it (any width,
 * e.g. a row pasted from 集計_地区) means the unset district. Input vocabulary matched by key, like
 * the 設定 keys; the label written on the sheets is src/strings' UNSET_DISTRICT (a test checks
 * that both agree). Sorts last whatever the other keys are.
 */
export const NO_DISTRICT_KEY = '(地区未設定)';

/**
 * Assigns district indices. The display of a district is the first original text met (trimmed);
 * callers register doctors first, then clinics, each in row order. Blank text — and text whose
 * key is NO_DISTRICT_KEY — goes to the unset district, whose display is NO_DISTRICT.
 */
export class DistrictRegistry {
  private readonly byRaw = new Map<string, number>();
  private readonly byKey = new Map<string, number>();
  readonly keys: string[] = [];
  readonly displays: District[] = [];
  private unsetIndex = -1;

  /** The district index for a raw district text (null/blank = unset). */
  add(raw: string | null): number {
    if (raw === null) return this.unset();
    const cached = this.byRaw.get(raw);
    if (cached !== undefined) return cached;
    const key = districtKey(raw);
    const index = key === '' || key === NO_DISTRICT_KEY ? this.unset() : this.forKey(key, raw.trim());
    this.byRaw.set(raw, index);
    return index;
  }

  get size(): number {
    return this.keys.length;
  }

  isUnset(index: number): boolean {
    return index === this.unsetIndex;
  }

  /** Indices in output order: by key in code-point order, the unset district last. */
  order(): number[] {
    const idx = this.keys.map((_, i) => i).filter((i) => i !== this.unsetIndex);
    idx.sort((a, b) => compareCodePoints(this.keys[a], this.keys[b]));
    if (this.unsetIndex >= 0) idx.push(this.unsetIndex);
    return idx;
  }

  private unset(): number {
    if (this.unsetIndex < 0) this.unsetIndex = this.push(NO_DISTRICT_KEY, NO_DISTRICT);
    return this.unsetIndex;
  }

  private forKey(key: string, display: string): number {
    const found = this.byKey.get(key);
    if (found !== undefined) return found;
    const index = this.push(key, display);
    this.byKey.set(key, index);
    return index;
  }

  private push(key: string, display: District): number {
    this.keys.push(key);
    this.displays.push(display);
    return this.keys.length - 1;
  }
}

/** A summary row with every count 0 and null rates. */
export function emptySummary(district: DistrictSummary['district']): DistrictSummary {
  return {
    district,
    clinicsInScope: 0,
    clinicsOutOfScope: 0,
    clinicsWithCompleter: 0,
    clinicsWithCompleterRate: null,
    clinicsReady: 0,
    clinicsReported: 0,
    clinicsActionNeeded: 0,
    doctors: 0,
    certified: 0,
    eligible: 0,
    inProgress: 0,
    noRecords: 0,
    completionRate: null,
  };
}

/** Sets both rates from the counts (0–1; null when the denominator is 0). */
export function applyRates(s: DistrictSummary): DistrictSummary {
  s.completionRate = s.doctors > 0 ? s.certified / s.doctors : null;
  s.clinicsWithCompleterRate = s.clinicsInScope > 0 ? s.clinicsWithCompleter / s.clinicsInScope : null;
  return s;
}

/** The 合計 row (district ALL_DISTRICTS): counts summed, rates recomputed from the sums. */
export function totalSummary(rows: readonly DistrictSummary[]): DistrictSummary {
  const t = emptySummary(ALL_DISTRICTS);
  for (const r of rows) {
    t.clinicsInScope += r.clinicsInScope;
    t.clinicsOutOfScope += r.clinicsOutOfScope;
    t.clinicsWithCompleter += r.clinicsWithCompleter;
    t.clinicsReady += r.clinicsReady;
    t.clinicsReported += r.clinicsReported;
    t.clinicsActionNeeded += r.clinicsActionNeeded;
    t.doctors += r.doctors;
    t.certified += r.certified;
    t.eligible += r.eligible;
    t.inProgress += r.inProgress;
    t.noRecords += r.noRecords;
  }
  return applyRates(t);
}
