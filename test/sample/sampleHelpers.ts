/**
 * Helpers for the sample-generator tests: find sheets, decode the decorated cell forms back to
 * plain values, detect each decoration and deliberate error kind, and an independent, minimal
 * status evaluation (SPEC §3.2, default rules) for clean rosters.
 */
import type {
  DecorationKind,
  ErrorKind,
  RosterData,
  SampleCell,
  SampleSheet,
} from '../../src/sample/generate';

export const sheet = (data: RosterData, name: string): SampleSheet => {
  const s = data.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
};

const ymd = (y: number, m: number, d: number): string | null => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

const fromFullWidth = (s: string): string =>
  s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** ISO date of a date cell in any form the generator writes; null when impossible/unknown. */
export function isoOf(v: SampleCell): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return ymd(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
  if (typeof v !== 'string') return null;
  const s = fromFullWidth(v);
  let m = /^令和(\d+)年(\d+)月(\d+)日$/.exec(s) ?? /^R(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (m) return ymd(Number(m[1]) + 2018, Number(m[2]), Number(m[3]));
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/** Units as a number (full-width and 単位-suffixed text included); null when blank. */
export function unitsOf(v: SampleCell): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  return Number(fromFullWidth(String(v)).replace(/単位$/, ''));
}

/** Which decoration kinds occur in the roster. */
export function decorationsFound(data: RosterData): Set<DecorationKind> {
  const found = new Set<DecorationKind>();
  const dateKind = (v: SampleCell): DecorationKind | null => {
    if (typeof v === 'number') return 'date-yyyymmdd';
    if (typeof v !== 'string') return null;
    if (/^令和\d+年\d+月\d+日$/.test(v)) return 'date-wareki';
    if (/^R\d+\.\d+\.\d+$/.test(v)) return 'date-wareki-abbrev';
    if (/^[０-９]+／[０-９]+／[０-９]+$/.test(v)) return 'date-fullwidth';
    return null;
  };
  for (const r of sheet(data, '研修記録').rows) {
    const d = dateKind(r[1]);
    if (d) found.add(d);
    if (typeof r[4] === 'string' && /^[０-９．]+$/.test(r[4])) found.add('units-fullwidth');
    if (typeof r[4] === 'string' && /^[\d.]+単位$/.test(r[4])) found.add('units-suffix');
  }
  for (const r of sheet(data, '医師').rows) {
    if (typeof r[3] === 'string' && /^[０-９]{10}$/.test(r[3])) found.add('code-fullwidth');
    if (typeof r[3] === 'string' && /^\d{2}-\d{7}-\d$/.test(r[3])) found.add('code-hyphen');
    if (typeof r[6] === 'string' && /^令和\d+年\d+月\d+日$/.test(r[6])) found.add('certificate-date-wareki');
  }
  for (const r of sheet(data, '医療機関').rows) {
    if (typeof r[6] === 'string' && /^GM\d{8}$/.test(r[6])) found.add('gmis-id');
  }
  return found;
}

/** Which deliberate error kinds occur in the roster (with counts). */
export function errorsFound(data: RosterData, asOfIso: string): Map<ErrorKind, number> {
  const found = new Map<ErrorKind, number>();
  const add = (k: ErrorKind): void => void found.set(k, (found.get(k) ?? 0) + 1);
  const doctorIds = new Set<string>();
  for (const r of sheet(data, '医師').rows) {
    const id = r[0] as string;
    if (doctorIds.has(id)) add('doctor-id-duplicate');
    doctorIds.add(id);
    if (r[1] === null) add('doctor-name-missing');
  }
  const keys = new Set<string>();
  for (const r of sheet(data, '研修記録').rows) {
    const [id, date, kind, title, units] = r;
    if (!doctorIds.has(id as string)) add('record-doctor-unknown');
    if (kind !== '座学' && kind !== '実地') add('kind-unknown');
    const u = unitsOf(units);
    if (kind === '座学' && u !== null && !Number.isInteger(u * 2)) add('units-not-half-step');
    const iso = isoOf(date);
    if (iso === null) add('date-invalid');
    else if (iso > asOfIso) add('date-future');
    const key = JSON.stringify([id, iso, kind, title, kind === '座学' ? u : null]);
    if (keys.has(key)) add('duplicate-record');
    keys.add(key);
  }
  for (const r of sheet(data, '医療機関').rows) {
    if (typeof r[0] === 'string' && r[0][2] === '4') add('clinic-code-pharmacy');
  }
  return found;
}

export type MiniStatus = 'certified' | 'eligible' | 'in-progress' | 'no-records';

/**
 * A deliberately small re-implementation of SPEC §3.2 with the default rules, enough for the
 * sample's values (no decorations or errors expected; dates in any form the generator writes).
 */
export function miniStatuses(
  data: RosterData,
  asOfIso: string,
): Map<string, { status: MiniStatus; z: number; j: number; missingJ: number; missingZ: number }> {
  const z = new Map<string, number>();
  const j = new Map<string, number>();
  const counted = new Set<string>();
  const seen = new Set<string>();
  for (const [id, date, kind, title, units, approval] of sheet(data, '研修記録').rows) {
    const iso = isoOf(date);
    if (iso === null || iso > asOfIso) continue;
    const u = unitsOf(units);
    const key = JSON.stringify([id, iso, kind, title, kind === '座学' ? u : null]);
    if (seen.has(key)) continue;
    if (kind === '座学' && u !== null && u > 0 && Number.isInteger(u * 2)) {
      seen.add(key);
      z.set(id as string, (z.get(id as string) ?? 0) + u);
      counted.add(id as string);
    } else if (kind === '実地' && approval === '承認') {
      seen.add(key);
      j.set(id as string, (j.get(id as string) ?? 0) + 1);
      counted.add(id as string);
    }
  }
  const out = new Map<
    string,
    { status: MiniStatus; z: number; j: number; missingJ: number; missingZ: number }
  >();
  for (const r of sheet(data, '医師').rows) {
    const id = r[0] as string;
    if (out.has(id)) continue;
    const zz = z.get(id) ?? 0;
    const jj = j.get(id) ?? 0;
    const cert = isoOf(r[6]);
    let status: MiniStatus;
    if (cert !== null && cert <= asOfIso) status = 'certified';
    else if (zz >= 0.5 && jj >= 1 && zz + 5 * jj >= 10) status = 'eligible';
    else status = counted.has(id) ? 'in-progress' : 'no-records';
    const done = status === 'certified' || status === 'eligible';
    const missingJ = done ? 0 : Math.max(0, 1 - jj);
    const missingZ = done
      ? 0
      : Math.ceil(Math.max(Math.max(0, 0.5 - zz), 10 - (zz + 5 * jj + 5 * missingJ)) / 0.5) * 0.5;
    out.set(id, { status, z: zz, j: jj, missingJ, missingZ });
  }
  return out;
}
