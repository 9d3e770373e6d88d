/**
 * The used rows of 研修記録 as columns: one typed array per field instead of one RecordIn object
 * per record. On a national roster (1 M records) the objects were a large share of a run's
 * allocation — each one copied by the young-generation collector before it was promoted — and
 * the engine's passes over them loaded one object per record from a heap of millions. The reader
 * fills these columns directly; callers that build records by hand (tests, small tools) hand a
 * RecordIn list over instead and the engine turns it into columns (`recordColumns`).
 *
 * Pure: no I/O, no Office, no Node APIs.
 */
import type { Day } from './day';
import type { Approval, RecordIn, RecordKind } from './types';

/** RecordKind as stored in RecordColumns.kind. */
export const KIND_ZAGAKU = 0;
export const KIND_JITCHI = 1;
const KINDS: readonly RecordKind[] = ['zagaku', 'jitchi'];

/** Approval as stored in RecordColumns.approval (index into APPROVALS). */
export const APPROVED = 0;
export const PENDING = 1;
export const APPROVALS: readonly Approval[] = ['approved', 'pending', 'rejected', 'blank'];

const approvalCode = (a: Approval): number => {
  const k = APPROVALS.indexOf(a);
  return k < 0 ? APPROVALS.indexOf('blank') : k;
};

/**
 * Record i is (row[i], ids[doctor[i]], date[i], KINDS[kind[i]], titles[title[i]], units[i] (NaN =
 * null), APPROVALS[approval[i]]) for i < length — the fields of RecordIn. Equal title keys have
 * equal title numbers, so two titles compare as two integers. The arrays may be longer than
 * `length` (the reader sizes them for every row of the sheet).
 */
export class RecordColumns implements Iterable<RecordIn> {
  length = 0;
  row: Int32Array;
  /** Index into `ids` of the record's doctor ID. */
  doctor: Int32Array;
  date: Float64Array;
  kind: Uint8Array;
  approval: Uint8Array;
  units: Float64Array;
  title: Int32Array;
  /** Distinct title keys ('' for a blank title), numbered in order of first use. */
  readonly titles: string[] = [];
  private readonly titleNumbers = new Map<string, number>();

  /**
   * @param ids doctor IDs the `doctor` column points into — the reader passes the used doctors'
   *   IDs (index = index in EngineInput.doctors), so no ID is stored per record.
   * @param capacity records the arrays hold before they grow.
   */
  constructor(
    readonly ids: string[],
    capacity = 16,
  ) {
    const n = Math.max(1, capacity);
    this.row = new Int32Array(n);
    this.doctor = new Int32Array(n);
    this.date = new Float64Array(n);
    this.kind = new Uint8Array(n);
    this.approval = new Uint8Array(n);
    this.units = new Float64Array(n);
    this.title = new Int32Array(n);
  }

  /** The number of a title key (equal keys, equal numbers). */
  titleNumber(key: string): number {
    let k = this.titleNumbers.get(key);
    if (k === undefined) {
      k = this.titles.length;
      this.titles.push(key);
      this.titleNumbers.set(key, k);
    }
    return k;
  }

  /**
   * Appends a record; `kind` is KIND_ZAGAKU / KIND_JITCHI, `approval` an index into APPROVALS,
   * `units` NaN for none, `title` from titleNumber.
   */
  push(
    row: number,
    doctor: number,
    date: Day,
    kind: number,
    title: number,
    units: number,
    approval: number,
  ): void {
    const i = this.length;
    if (i === this.row.length) this.grow();
    this.row[i] = row;
    this.doctor[i] = doctor;
    this.date[i] = date;
    this.kind[i] = kind;
    this.title[i] = title;
    this.units[i] = units;
    this.approval[i] = approval;
    this.length = i + 1;
  }

  private grow(): void {
    const n = this.row.length * 2;
    const more = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.row = more(this.row, (k) => new Int32Array(k));
    this.doctor = more(this.doctor, (k) => new Int32Array(k));
    this.date = more(this.date, (k) => new Float64Array(k));
    this.kind = more(this.kind, (k) => new Uint8Array(k));
    this.approval = more(this.approval, (k) => new Uint8Array(k));
    this.units = more(this.units, (k) => new Float64Array(k));
    this.title = more(this.title, (k) => new Int32Array(k));
  }

  /** Record i as a RecordIn (for tests and tools; the engine reads the columns). */
  at(i: number): RecordIn {
    const units = this.units[i];
    return {
      row: this.row[i],
      doctorId: this.ids[this.doctor[i]],
      date: this.date[i],
      kind: KINDS[this.kind[i]],
      titleKey: this.titles[this.title[i]],
      units: Number.isNaN(units) ? null : units,
      approval: APPROVALS[this.approval[i]],
    };
  }

  *[Symbol.iterator](): Iterator<RecordIn> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}

/** EngineInput.records: columns (the reader) or a list (hand-built inputs). */
export type Records = RecordColumns | readonly RecordIn[];

/**
 * The records as columns: the columns themselves, or a RecordIn list copied into columns (each
 * distinct doctor ID stored once in `ids`).
 */
export function recordColumns(records: Records): RecordColumns {
  if (records instanceof RecordColumns) return records;
  const ids: string[] = [];
  const idNumbers = new Map<string, number>();
  const out = new RecordColumns(ids, records.length);
  for (const r of records) {
    let d = idNumbers.get(r.doctorId);
    if (d === undefined) {
      d = ids.length;
      ids.push(r.doctorId);
      idNumbers.set(r.doctorId, d);
    }
    out.push(
      r.row,
      d,
      r.date,
      r.kind === 'zagaku' ? KIND_ZAGAKU : KIND_JITCHI,
      out.titleNumber(r.titleKey),
      r.units === null ? NaN : r.units,
      approvalCode(r.approval),
    );
  }
  return out;
}
