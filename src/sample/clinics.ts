/**
 * Real clinic lists for the sample roster (data/README.md says where they come from) and
 * synthetic 医療機関コード with valid check digits.
 *
 * A 医療機関コード has 10 digits: prefecture (2) + fee table (1: 医科 1, 歯科 3, 調剤 4) +
 * 郡市区 (2) + number (4) + check digit (1). The check digit is the standard Luhn (mod 10) check
 * digit over the first nine digits: the whole 10-digit string passes the Luhn test. This holds
 * for all 380 小倉 codes (test/sample/clinics.test.ts) and for the national list outside the
 * 関東信越 prefectures 11–14, which use another layout (RULES.md §C).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { Rng } from './rng';

export interface ClinicRecord {
  /** 10-digit 医療機関コード as text. */
  code: string;
  name: string;
  /** 7-digit postcode as text ('' for synthetic clinics). */
  postcode: string;
  address: string;
  /** 小倉 list: the ward (小倉北区 / 小倉南区). National list: the prefecture name. */
  district: string;
}

export const PACKAGE_NAME = 'kakari-roster';
export const KOKURA_FILE = 'data/kokura-clinics.csv';
export const NATIONAL_FILE = 'data/jp-medical-institutions-2025-08.csv.gz';

/** JIS prefecture codes (also the first two digits of a 医療機関コード) → names. */
// prettier-ignore
export const PREFECTURES: Readonly<Record<string, string>> = {
  '01': '北海道', '02': '青森県', '03': '岩手県', '04': '宮城県', '05': '秋田県', '06': '山形県',
  '07': '福島県', '08': '茨城県', '09': '栃木県', '10': '群馬県', '11': '埼玉県', '12': '千葉県',
  '13': '東京都', '14': '神奈川県', '15': '新潟県', '16': '富山県', '17': '石川県', '18': '福井県',
  '19': '山梨県', '20': '長野県', '21': '岐阜県', '22': '静岡県', '23': '愛知県', '24': '三重県',
  '25': '滋賀県', '26': '京都府', '27': '大阪府', '28': '兵庫県', '29': '奈良県', '30': '和歌山県',
  '31': '鳥取県', '32': '島根県', '33': '岡山県', '34': '広島県', '35': '山口県', '36': '徳島県',
  '37': '香川県', '38': '愛媛県', '39': '高知県', '40': '福岡県', '41': '佐賀県', '42': '長崎県',
  '43': '熊本県', '44': '大分県', '45': '宮崎県', '46': '鹿児島県', '47': '沖縄県',
};

// ---------------------------------------------------------------------------------------------
// Package root and loading

let cachedRoot: string | null = null;

/**
 * The package root: the nearest directory at or above `start` holding a package.json whose name
 * is kakari-roster (works from src/sample under ts-jest and from build/sample after tsc).
 */
export function findPackageRoot(start: string = __dirname): string {
  if (start === __dirname && cachedRoot !== null) return cachedRoot;
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown };
        if (pkg.name === PACKAGE_NAME) {
          if (start === __dirname) cachedRoot = dir;
          return dir;
        }
      } catch {
        // An unreadable package.json is not ours: keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}: package root not found above ${start}`);
    dir = parent;
  }
}

/** Splits CSV text without quoted fields (both lists are plain) into rows of fields. */
function parsePlainCsv(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  for (const line of body.split(/\r?\n/)) {
    if (line.length > 0) rows.push(line.split(','));
  }
  return rows;
}

function headerIndex(header: string[], name: string, file: string): number {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${file}: column ${name} not found`);
  return i;
}

let kokuraCache: ClinicRecord[] | null = null;
let nationalCache: ClinicRecord[] | null = null;

/** The 380 医科 institutions of 小倉北区 and 小倉南区 (August 2025), sorted by code. */
export function loadKokuraClinics(): ClinicRecord[] {
  if (kokuraCache) return kokuraCache;
  const file = path.join(findPackageRoot(), KOKURA_FILE);
  const [header, ...rows] = parsePlainCsv(fs.readFileSync(file, 'utf8'));
  const iCode = headerIndex(header, '医療機関コード', file);
  const iName = headerIndex(header, '名称', file);
  const iPost = headerIndex(header, '郵便番号', file);
  const iAddr = headerIndex(header, '住所', file);
  const iWard = headerIndex(header, '区', file);
  kokuraCache = rows
    .map((r) => ({
      code: r[iCode],
      name: r[iName],
      postcode: r[iPost],
      address: r[iAddr],
      district: r[iWard],
    }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return kokuraCache;
}

/**
 * The national list of 医科 institutions (96,488 rows, August 2025), sorted by code. The
 * district is the prefecture name (from the code); cityOfAddress gives the 市区郡.
 */
export function loadNationalClinics(): ClinicRecord[] {
  if (nationalCache) return nationalCache;
  const file = path.join(findPackageRoot(), NATIONAL_FILE);
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  const [header, ...rows] = parsePlainCsv(text);
  const iCode = headerIndex(header, '医療機関コード', file);
  const iName = headerIndex(header, '名称', file);
  const iPost = headerIndex(header, '郵便番号', file);
  const iAddr = headerIndex(header, '住所', file);
  nationalCache = rows
    .map((r) => ({
      code: r[iCode],
      name: r[iName],
      postcode: r[iPost],
      address: r[iAddr],
      district: PREFECTURES[r[iCode].slice(0, 2)] ?? '',
    }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return nationalCache;
}

/** City names that the "first 市 or 郡" rule below would cut short. */
const TRICKY_CITIES = ['大和郡山市', '四日市市', '廿日市市', '野々市市', '小郡市', '蒲郡市'];

/**
 * The 市 / 郡 (or, in Tokyo, the 特別区) an address lies in, e.g. 北九州市, 糟屋郡, 文京区; the
 * prefecture name when none can be told. Addresses may or may not start with the prefecture.
 */
export function cityOfAddress(address: string, prefCode: string): string {
  const pref = PREFECTURES[prefCode] ?? '';
  let a = address.trim();
  if (pref && a.startsWith(pref)) a = a.slice(pref.length);
  for (const c of TRICKY_CITIES) if (a.startsWith(c)) return c;
  // The first 市 or 郡 (Tokyo: also 区) after the first character ends the city name.
  const terminators = prefCode === '13' ? '市郡区' : '市郡';
  for (let i = 1; i < Math.min(a.length, 8); i++) {
    if (terminators.includes(a[i])) return a.slice(0, i + 1);
  }
  const town = /^(.{1,6}?[町村])/.exec(a);
  return town ? town[1] : pref;
}

// ---------------------------------------------------------------------------------------------
// Check digits and synthetic codes

/** The Luhn check digit for a string of digits (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Counting from the right of the payload, every first, third, … digit is doubled.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when a string of digits ends in its Luhn check digit. */
export function isLuhnValid(code: string): boolean {
  if (!/^\d{2,}$/.test(code)) return false;
  return luhnCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** True for a 10-digit code of the given fee table (1 医科, 3 歯科, 4 調剤) with a valid check digit. */
export function isValidClinicCode(code: string, table: 1 | 3 | 4 = 1): boolean {
  return /^\d{10}$/.test(code) && code[2] === String(table) && isLuhnValid(code);
}

/**
 * A synthetic 10-digit 医療機関コード: the given prefecture, fee table (医科 1 by default), a
 * 郡市区 part (random unless given), a random number and the Luhn check digit. When `taken` is
 * given, codes already in it are avoided and the new code is added to it.
 */
export function syntheticClinicCode(
  rng: Rng,
  prefecture2digits: string,
  table: 1 | 3 | 4 = 1,
  options: { gunshiku?: string; taken?: Set<string> } = {},
): string {
  if (!/^\d{2}$/.test(prefecture2digits))
    throw new RangeError(`prefecture must be 2 digits: ${prefecture2digits}`);
  if (options.gunshiku !== undefined && !/^\d{2}$/.test(options.gunshiku)) {
    throw new RangeError(`gunshiku must be 2 digits: ${options.gunshiku}`);
  }
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const gun = options.gunshiku ?? String(rng.int(1, 99)).padStart(2, '0');
    const number = String(rng.int(0, 9999)).padStart(4, '0');
    const nine = `${prefecture2digits}${table}${gun}${number}`;
    const code = nine + String(luhnCheckDigit(nine));
    if (options.taken) {
      if (options.taken.has(code)) continue;
      options.taken.add(code);
    }
    return code;
  }
  throw new Error('syntheticClinicCode: code space exhausted');
}
