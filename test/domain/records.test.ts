/**
 * The columnar record list between reader and engine (src/domain/records.ts) and the one-probe
 * insert of TextIndex that the engine's indexes use.
 */
import { recordColumns, RecordColumns, KIND_JITCHI, KIND_ZAGAKU, APPROVALS } from '../../src/domain/records';
import { TextIndex } from '../../src/domain/text-index';
import type { RecordIn } from '../../src/domain/types';

const LIST: RecordIn[] = [
  { row: 2, doctorId: '0001', date: 20000, kind: 'zagaku', titleKey: 'a', units: 1.5, approval: 'approved' },
  { row: 3, doctorId: 'X-9', date: 20001, kind: 'jitchi', titleKey: '', units: null, approval: 'pending' },
  { row: 5, doctorId: '0001', date: 20002, kind: 'jitchi', titleKey: 'a', units: 5, approval: 'rejected' },
  { row: 6, doctorId: '1', date: 20003, kind: 'jitchi', titleKey: 'b', units: null, approval: 'blank' },
];

describe('RecordColumns', () => {
  test('a RecordIn list turned into columns reads back as the same list', () => {
    const cols = recordColumns(LIST);
    expect(cols.length).toBe(LIST.length);
    expect([...cols]).toEqual(LIST);
    expect(cols.ids).toEqual(['0001', 'X-9', '1']); // each distinct ID once, in order of first use
    expect(cols.title[0]).toBe(cols.title[2]); // equal title keys, equal numbers
    expect(cols.title[0]).not.toBe(cols.title[3]);
  });

  test('columns are passed through, and grow past their capacity', () => {
    const cols = new RecordColumns(['d0', 'd1'], 1);
    for (let i = 0; i < 100; i++) {
      cols.push(
        i + 2,
        i % 2,
        19000 + i,
        i % 3 ? KIND_JITCHI : KIND_ZAGAKU,
        cols.titleNumber(`t${i % 4}`),
        i % 5 ? i / 2 : NaN,
        i % 4,
      );
    }
    expect(recordColumns(cols)).toBe(cols);
    expect(cols.length).toBe(100);
    expect(cols.at(99)).toEqual({
      row: 101,
      doctorId: 'd1',
      date: 19099,
      kind: 'zagaku',
      titleKey: 't3',
      units: 49.5,
      approval: APPROVALS[3],
    });
    expect(cols.at(0).units).toBeNull(); // NaN = no units
    expect(cols.titles).toEqual(['t0', 't1', 't2', 't3']);
  });
});

describe('TextIndex.setIfAbsent', () => {
  test('keeps the first value of a key, like a Map filled only when the key is absent', () => {
    const keys = ['12', '012', '12', 'abc', '0', 'abc', '999999999999', '9999999999999', '12'];
    const index = new TextIndex(2);
    const map = new Map<string, number>();
    keys.forEach((k, i) => {
      if (!map.has(k)) map.set(k, i);
      expect(index.setIfAbsent(k, i)).toBe(map.get(k));
    });
    for (let i = 0; i < 5000; i++) index.setIfAbsent(String(i * 7), i); // grows
    expect(index.get('12')).toBe(0);
    expect(index.get('012')).toBe(1);
    expect(index.get('abc')).toBe(3);
    expect(index.get('7')).toBe(1);
    expect(index.size).toBe(
      new Set([...keys, ...Array.from({ length: 5000 }, (_, i) => String(i * 7))]).size,
    );
  });
});
