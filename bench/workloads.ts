/**
 * The benchmark workloads of SPEC §7 and their caches.
 *
 * W1 city (1,000 doctors / 400 clinics / 12,000 records, the 380 real 小倉 codes + synthetic),
 * W2 prefecture (20,000 / 5,000 / 300,000, 福岡 '40' from the national list, districts = 市区郡),
 * W3 national (170,000 / 97,000 / 1,000,000, all 96,488 national codes + synthetic).
 * All three are generated with the realistic decorations (和暦 and full-width dates, units as text,
 * hyphenated codes, ~0.5 % deliberate input errors): the reader's slow paths are exercised at the
 * rate real rosters have them.
 *
 * Caches live in bench/cache/ (gitignored), keyed by a hash of the generator's sources, its data
 * files and the workload options, so a change to the generator regenerates them.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import type { GenerateOptions, RosterData, SampleCell } from '../src/sample/generate';
import type { RawCell, WorkbookSnapshot } from '../src/sheets/types';

export type WorkloadName = 'W1' | 'W2' | 'W3';
export const WORKLOAD_NAMES: readonly WorkloadName[] = ['W1', 'W2', 'W3'];

export interface Workload {
  name: WorkloadName;
  label: string;
  options: GenerateOptions;
  /** Nominal sizes of SPEC §7 (the generator adds a few deliberate duplicates and errors). */
  nominal: { doctors: number; clinics: number; records: number };
}

/** As-of date of every run (fixed, so results are comparable). */
export const AS_OF = '2026-01-31';
/** Clock of every run (10:00 JST on the as-of date). */
export const NOW = new Date('2026-01-31T01:00:00Z');

export const WORKLOADS: Record<WorkloadName, Workload> = {
  W1: {
    name: 'W1',
    label: 'city (小倉)',
    options: { doctors: 1_000, seed: 1, clinics: 'kokura', clinicCount: 400, recordsPerDoctor: 12 },
    nominal: { doctors: 1_000, clinics: 400, records: 12_000 },
  },
  W2: {
    name: 'W2',
    label: 'prefecture (福岡)',
    options: {
      doctors: 20_000,
      seed: 1,
      clinics: 'national',
      prefecture: '40',
      clinicCount: 5_000,
      recordsPerDoctor: 15,
    },
    nominal: { doctors: 20_000, clinics: 5_000, records: 300_000 },
  },
  W3: {
    name: 'W3',
    label: 'national',
    options: {
      doctors: 170_000,
      seed: 1,
      clinics: 'national',
      clinicCount: 97_000,
      recordsPerDoctor: 1_000_000 / 170_000,
    },
    nominal: { doctors: 170_000, clinics: 97_000, records: 1_000_000 },
  },
};

/** The repository root (bench/ is compiled to build/bench/bench/). */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src', 'sample')))
      return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('bench: repository root not found');
    dir = up;
  }
}

export const cacheDir = (): string => path.join(repoRoot(), 'bench', 'cache');

/** Hash of everything the generated cells depend on: generator sources and data files. */
export function generatorVersion(): string {
  const root = repoRoot();
  const h = crypto.createHash('sha256');
  const files = [
    ...fs
      .readdirSync(path.join(root, 'src', 'sample'))
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => path.join('src', 'sample', f)),
    'data/kokura-clinics.csv',
    'data/jp-medical-institutions-2025-08.csv.gz',
  ];
  for (const f of files) {
    h.update(f);
    h.update(fs.readFileSync(path.join(root, f)));
  }
  return h.digest('hex').slice(0, 10);
}

function workloadKey(w: Workload): string {
  const h = crypto.createHash('sha256').update(JSON.stringify(w.options)).digest('hex').slice(0, 6);
  return `${w.name}-g${generatorVersion()}-${h}`;
}

/** Cached .xlsx of a workload (as `kakari-roster sample` would write it). */
export const xlsxPath = (w: Workload): string => path.join(cacheDir(), `${workloadKey(w)}.xlsx`);
/** Cached in-memory input (v8-serialised Office.js-style arrays). */
export const arraysPath = (w: Workload): string => path.join(cacheDir(), `${workloadKey(w)}.cells.v8`);

export function generate(w: Workload): RosterData {
  // Loaded lazily so that a child that only reads a cache does not pay for the generator.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateRoster } = require('../src/sample/generate') as typeof import('../src/sample/generate');
  return generateRoster(w.options);
}

/** Days between 1899-12-30 and 1970-01-01 (Excel's 1900 date system). */
const EXCEL_EPOCH_OFFSET = 25_569;

/**
 * The roster as the Office.js adapter hands it to the pipeline: per sheet a 2-D array from A1,
 * dates as 1900-system serial numbers, blank cells null. Cached with v8.serialize, so once read
 * back every cell's string is a separate object, as JSON.parse gives them for each block Excel
 * returns (the generator shares them).
 */
export function officeArrays(data: RosterData): { name: string; rows: RawCell[][] }[] {
  return data.sheets.map((s) => {
    const rows: RawCell[][] = new Array(s.rows.length + 1);
    rows[0] = s.header.map((h) => h);
    const toOffice = (v: SampleCell): RawCell => {
      if (v instanceof Date) return v.getTime() / 86_400_000 + EXCEL_EPOCH_OFFSET;
      return v;
    };
    for (let r = 0; r < s.rows.length; r++) {
      const src = s.rows[r];
      const out: RawCell[] = new Array(s.header.length);
      for (let c = 0; c < s.header.length; c++) out[c] = toOffice(src[c] ?? null);
      rows[r + 1] = out;
    }
    return { name: s.name, rows };
  });
}

export function snapshotOf(sheets: { name: string; rows: RawCell[][] }[]): WorkbookSnapshot {
  return {
    sheets: sheets.map((s) => ({
      name: s.name,
      hidden: false,
      protected: false,
      rows: s.rows,
      tables: [],
      merges: [],
    })),
    date1904: false,
    protected: false,
    definedNames: new Map(),
  };
}

/** Writes the Office.js-style arrays of a workload to its cache (atomically). */
export function writeArraysCache(w: Workload, sheets: { name: string; rows: RawCell[][] }[]): void {
  fs.mkdirSync(cacheDir(), { recursive: true });
  const target = arraysPath(w);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, v8.serialize(sheets));
  fs.renameSync(tmp, target);
}

export function readArraysCache(w: Workload): { name: string; rows: RawCell[][] }[] {
  return v8.deserialize(fs.readFileSync(arraysPath(w))) as { name: string; rows: RawCell[][] }[];
}

/** Row counts of the generated sheets. */
export function sheetSizes(sheets: { name: string; rows: unknown[] }[]): Record<string, number> {
  return Object.fromEntries(sheets.map((s) => [s.name, Math.max(0, s.rows.length - 1)]));
}
