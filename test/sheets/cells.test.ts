import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import fc from 'fast-check';
import { isoFromDay } from '../../src/domain/day';
import { formatNumber } from '../../src/strings/format';
import {
  ceilStep,
  cellErrorText,
  cellText,
  enumKey,
  isBlankCell,
  isDentalCode,
  isMultipleOfStep,
  luhnCheckDigit,
  normKey,
  normKeyKeepCase,
  parseApplicationStatus,
  parseApproval,
  parseClinicCode,
  parseClinicType,
  parseDate,
  parseDoctorId,
  parseFlag,
  parseGmisAccount,
  parseKind,
  parseReported,
  parseUnits,
  textValue,
  type DateParse,
} from '../../src/sheets/cells';
import { FORMULA_NO_VALUE, type RawCell } from '../../src/sheets/types';

// The real public lists, kept in the repository (data/README.md names their sources).
const DATA = path.resolve(__dirname, '../../data');
const utc = (y: number, m: number, d: number, h = 0, mi = 0): Date => new Date(Date.UTC(y, m - 1, d, h, mi));
const utcYear = (y: number, m: number, d: number): Date => {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  return dt;
};

/** parseDate as 'iso' | 'date-invalid' | 'date-era-out-of-range' for compact exact assertions. */
function dateResult(r: DateParse): string {
  return r.ok ? isoFromDay(r.day) : r.code;
}
const pd = (v: RawCell, date1904 = false): string => dateResult(parseDate(v, date1904));

// ---------------------------------------------------------------------------------------------
describe('normKey / normKeyKeepCase / enumKey', () => {
  test.each([
    ['会員番号', '会員番号'],
    ['会員 番号', '会員番号'],
    ['会員\u3000番号', '会員番号'],
    ['会員\n番号', '会員番号'],
    ['会員\r\n番号', '会員番号'],
    ['\t会員番号\t', '会員番号'],
    ['会員\u00a0番号', '会員番号'],
    ['会員\u200b番号', '会員番号'],
    ['ClinicCode', 'cliniccode'],
    ['ＩＤ', 'id'],
    ['ｶﾅ', 'カナ'],
    ['Ｇ－ＭＩＳ', 'g-mis'],
    ['G-MIS ID', 'g-misid'],
    [' G - MIS ', 'g-mis'],
    ['判定_状態', '判定_状態'],
    ['', ''],
  ])('normKey(%j) = %j', (input, expected) => {
    expect(normKey(input)).toBe(expected);
  });

  test.each([
    '\u2010',
    '\u2011',
    '\u2012',
    '\u2013',
    '\u2014',
    '\u2015',
    '\u2212',
    '\uff0d',
    '\ufe63',
    '\ufe58',
  ])('hyphen variant U+%s maps to "-"', (h) => {
    expect(normKey(`G${h}MIS`)).toBe('g-mis');
  });

  test('the long-vowel mark ー is not a hyphen in keys', () => {
    expect(normKey('センター')).toBe('センター');
  });

  test.each([
    ['Kokura 北区', 'Kokura北区'],
    ['Ｋｏｋｕｒａ\u3000北区', 'Kokura北区'],
    ['A－1', 'A-1'],
    ['小倉\n北区', '小倉北区'],
  ])('normKeyKeepCase(%j) = %j', (input, expected) => {
    expect(normKeyKeepCase(input)).toBe(expected);
  });

  test.each([
    ['報告済み', '報告済'],
    ['申請済み', '申請済'],
    ['承認済み', '承認済'],
    ['発行済み', '発行済'],
    [' 承認 済み ', '承認済'],
    ['差し戻し', '差戻し'],
    ['差戻し', '差戻し'],
    ['ＴＲＵＥ', 'true'],
    ['みかん', 'みかん'],
  ])('enumKey(%j) = %j', (input, expected) => {
    expect(enumKey(input)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
describe('isBlankCell / cellErrorText', () => {
  test.each<[string, RawCell, boolean]>([
    ['null', null, true],
    ['undefined', undefined, true],
    ['empty string', '', true],
    ['spaces', '   ', true],
    ['full-width space', '\u3000', true],
    ['line breaks and tabs', '\r\n\t', true],
    ['zero', 0, false],
    ['false', false, false],
    ['NaN', NaN, false],
    ['text', 'a', false],
    ['Date', utc(2025, 12, 1), false],
    ['formula without value', FORMULA_NO_VALUE, false],
    ['error object', { error: '#N/A' }, false],
    ['error string', '#N/A', false],
  ])('isBlankCell(%s) = %s', (_name, v, expected) => {
    expect(isBlankCell(v)).toBe(expected);
  });

  const ERRORS = [
    '#N/A',
    '#VALUE!',
    '#REF!',
    '#DIV/0!',
    '#NUM!',
    '#NAME?',
    '#NULL!',
    '#SPILL!',
    '#CALC!',
    '#GETTING_DATA',
    '#FIELD!',
    '#BLOCKED!',
    '#CONNECT!',
    '#BUSY!',
    '#UNKNOWN!',
  ];
  test.each(ERRORS)('error text %s is recognised as a string and as an object', (e) => {
    expect(cellErrorText(e)).toBe(e);
    expect(cellErrorText(` ${e} `)).toBe(e);
    expect(cellErrorText({ error: e })).toBe(e);
  });

  test.each<[string, RawCell, string | null]>([
    ['lower-case text is not an error', '#n/a', null],
    ['N/A without #', 'N/A', null],
    ['other # text', '#1', null],
    ['number', 0, null],
    ['null', null, null],
    ['boolean', true, null],
    ['formula without value', FORMULA_NO_VALUE, null],
    ['Date', utc(2025, 1, 1), null],
    ['empty error object', { error: '' }, '#UNKNOWN!'],
  ])('cellErrorText: %s', (_name, v, expected) => {
    expect(cellErrorText(v)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
describe('formatNumber', () => {
  test.each<[number, string]>([
    [3, '3'],
    [3.0, '3'],
    [2.5, '2.5'],
    [-2.5, '-2.5'],
    [0, '0'],
    [-0, '0'],
    [0.5, '0.5'],
    [10.5, '10.5'],
    [1234567890, '1234567890'],
    [4017716434, '4017716434'],
    [1e20, '100000000000000000000'],
    [1e21, '1e+21'],
    [0.1 + 0.2, '0.3'],
    [1.1 * 3, '3.3'],
    [1 / 3, '0.3333333333'],
    [1e-7, '0.0000001'],
    [123456789012.1, '123456789012.1'],
    [45992.75, '45992.75'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('formatNumber(%p) = %j', (n, expected) => {
    expect(formatNumber(n)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
describe('cellText / textValue', () => {
  test.each<[string, RawCell, string | null]>([
    ['trimmed text', '  abc  ', 'abc'],
    ['full-width kept (no NFKC)', '　ＡＢＣ１　', 'ＡＢＣ１'],
    ['inner spaces kept', '山田　太郎', '山田　太郎'],
    ['integer', 3, '3'],
    ['decimal', 2.5, '2.5'],
    ['float noise', 0.1 + 0.2, '0.3'],
    ['large integer', 1234567890, '1234567890'],
    ['true', true, 'TRUE'],
    ['false', false, 'FALSE'],
    ['Date at UTC midnight', utc(2025, 12, 1), '2025-12-01'],
    ['Date with a time', utc(2025, 12, 1, 23, 59), '2025-12-01'],
    ['Date before 1900', utc(1899, 12, 31), '1899-12-31'],
    ['invalid Date', new Date(NaN), null],
    ['error object', { error: '#REF!' }, '#REF!'],
    ['error string', '#N/A', '#N/A'],
    ['formula without value', FORMULA_NO_VALUE, null],
    ['null', null, null],
    ['undefined', undefined, null],
    ['blank string', ' \u3000 ', null],
  ])('cellText(%s)', (_name, v, expected) => {
    expect(cellText(v)).toBe(expected);
  });

  test.each<[string, RawCell, string | null]>([
    ['name', ' 山田　太郎 ', '山田　太郎'],
    ['full-width kept', 'ｶﾅ', 'ｶﾅ'],
    ['number', 12, '12'],
    ['boolean', true, 'TRUE'],
    ['Date', utc(2025, 12, 1), '2025-12-01'],
    ['error string is blank', '#N/A', null],
    ['error object is blank', { error: '#VALUE!' }, null],
    ['formula without value', FORMULA_NO_VALUE, null],
    ['null', null, null],
    ['blank', '  ', null],
  ])('textValue(%s)', (_name, v, expected) => {
    expect(textValue(v)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
describe('parseDate — accepted forms (SPEC §4.2)', () => {
  test.each<[RawCell, string]>([
    // Western
    ['2025-12-01', '2025-12-01'],
    ['2025/12/1', '2025-12-01'],
    ['2025/12/01', '2025-12-01'],
    ['2025/1/5', '2025-01-05'],
    ['2025.12.1', '2025-12-01'],
    ['2025年12月1日', '2025-12-01'],
    ['2025年 12月 1日', '2025-12-01'],
    ['2025年12月1', '2025-12-01'],
    ['  2025/12/01  ', '2025-12-01'],
    ['20251201', '2025-12-01'],
    ['2024/2/29', '2024-02-29'],
    ['1900/01/01', '1900-01-01'],
    ['9999/12/31', '9999-12-31'],
    // 和暦 with era names and letters
    ['令和7年12月1日', '2025-12-01'],
    ['R7.12.1', '2025-12-01'],
    ['R07/12/01', '2025-12-01'],
    ['R7-12-1', '2025-12-01'],
    ['r7.12.1', '2025-12-01'],
    ['R.7.12.1', '2025-12-01'],
    ['R7年12月1日', '2025-12-01'],
    ['令和7.12.1', '2025-12-01'],
    ['令和 7年 12月 1日', '2025-12-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R元.5.1', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['h31/4/30', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
    ['S64.1.7', '1989-01-07'],
    ['s50.4.1', '1975-04-01'],
    ['昭和元年12月25日', '1926-12-25'],
    ['大正15年12月25日', '1926-12-25'],
    ['T1.7.30', '1912-07-30'],
    ['大正元年7月30日', '1912-07-30'],
    ['明治45年7月30日', '1912-07-30'],
    ['明治33年1月1日', '1900-01-01'],
    ['M33.1.1', '1900-01-01'],
    // full-width forms (NFKC)
    ['２０２５／１２／０１', '2025-12-01'],
    ['２０２５－１２－０１', '2025-12-01'],
    ['２０２５．１２．１', '2025-12-01'],
    ['２０２５年１２月１日', '2025-12-01'],
    ['２０２５１２０１', '2025-12-01'],
    ['令和７年１２月１日', '2025-12-01'],
    ['Ｒ７．１２．１', '2025-12-01'],
    ['ｒ０７／１２／０１', '2025-12-01'],
    ['㋿7年12月1日', '2025-12-01'],
    ['㍻31年4月30日', '2019-04-30'],
    ['\u30002025/12/01\u3000', '2025-12-01'],
    // hyphen variants and the long-vowel mark used as a hyphen
    ['2025‐12‐01', '2025-12-01'],
    ['2025–12–01', '2025-12-01'],
    ['2025−12−01', '2025-12-01'],
    ['2025ー12ー01', '2025-12-01'],
    ['R7ー12ー1', '2025-12-01'],
    // trailing weekday
    ['2025/12/01(月)', '2025-12-01'],
    ['2025/12/01（月）', '2025-12-01'],
    ['2025/12/01 (月)', '2025-12-01'],
    ['2025/12/1(Mon)', '2025-12-01'],
    ['2025/12/1 (mon.)', '2025-12-01'],
    ['2025/12/1(Monday)', '2025-12-01'],
    ['2025年12月1日(月曜日)', '2025-12-01'],
    ['2025年12月1日（月曜）', '2025-12-01'],
    ['令和7年12月1日（月）', '2025-12-01'],
    ['R7.12.1(月)', '2025-12-01'],
    ['2026/1/12(月・祝)', '2026-01-12'],
    // time part after a space or T (dropped)
    ['2025/12/01 9:30', '2025-12-01'],
    ['2025/12/01 09:30:15', '2025-12-01'],
    ['2025/12/01\u30009:30', '2025-12-01'],
    ['2025/12/01 9:30 PM', '2025-12-01'],
    ['2025-12-01T09:30', '2025-12-01'],
    ['2025-12-01T09:30:00', '2025-12-01'],
    ['2025-12-01T23:30:00.000Z', '2025-12-01'],
    ['2025-12-01T09:30:00+09:00', '2025-12-01'],
    ['2025-12-01 00:00:00', '2025-12-01'],
    ['2025/12/01(月) 9:30', '2025-12-01'],
    ['2025/12/01 9:30 (月)', '2025-12-01'],
    ['2025年12月1日 9時30分', '2025-12-01'],
    ['2025年12月1日 午後3時', '2025-12-01'],
    ['令和7年12月1日 13:00', '2025-12-01'],
    ['２０２５／１２／０１　９：３０', '2025-12-01'],
    ['20251201 9:30', '2025-12-01'],
  ])('%j → %s', (v, expected) => {
    expect(pd(v)).toBe(expected);
  });
});

describe('parseDate — rejected text (date-invalid)', () => {
  test.each<RawCell>([
    '2025-02-30',
    '2025/13/01',
    '2025/00/10',
    '2025/12/00',
    '2025/12/32',
    '2023/2/29',
    '1900/2/29',
    'R7.2.30',
    '令和7年2月30日',
    // month-only
    'R7.12',
    '令和7年12月',
    '2025/12',
    '2025年12月',
    '202512',
    // two-digit years
    '25/12/1',
    '25-12-01',
    '25年12月1日',
    '251201',
    // before 1900 / after 9999
    '1899/12/31',
    '1899-12-31',
    '18991231',
    '0001-01-01',
    '明治32年12月31日',
    'M32.12.31',
    '10000/01/01',
    // malformed
    '2025/12-01',
    '2025/12/1/1',
    '2025/12/01x',
    '2025/12/01 9',
    '2025/12/01 (火曜)x',
    '2025/12/01T',
    '2025 12 01',
    '202512011',
    'R7.12.1.5',
    'X7.12.1',
    '令和',
    '令和七年十二月一日',
    '今日',
    'abc',
    '',
    '   ',
    '#N/A',
    '45992',
  ])('%j → date-invalid', (v) => {
    expect(pd(v)).toBe('date-invalid');
  });
});

describe('parseDate — era boundaries (date-era-out-of-range)', () => {
  test.each<[string, string]>([
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
    ['昭和元年12月25日', '1926-12-25'],
    ['大正15年12月25日', '1926-12-25'],
    ['大正元年7月30日', '1912-07-30'],
    ['明治45年7月30日', '1912-07-30'],
    ['令和99年12月31日', '2117-12-31'],
  ])('in range: %s → %s', (v, expected) => {
    expect(pd(v)).toBe(expected);
  });

  test.each([
    '令和1年4月30日',
    'R1.4.30',
    '令和0年1月1日',
    '令和0年5月1日',
    'R0.5.1',
    '平成32年1月1日',
    '平成31年5月1日',
    'H31.5.1',
    '平成0年1月8日',
    '平成元年1月7日',
    'H100.1.1',
    '昭和64年1月8日',
    '昭和元年12月24日',
    '大正15年12月26日',
    '大正元年7月29日',
    '明治45年7月31日',
    '明治元年1月1日',
  ])('%s → date-era-out-of-range', (v) => {
    expect(pd(v)).toBe('date-era-out-of-range');
  });

  test('an impossible date in an era is date-invalid, not out of range', () => {
    expect(pd('平成31年2月29日')).toBe('date-invalid');
    expect(pd('令和1年4月31日')).toBe('date-invalid');
  });
});

describe('parseDate — numbers (serials and yyyymmdd)', () => {
  test.each<[number, boolean, string]>([
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [61, false, '1900-03-01'],
    [45658, false, '2025-01-01'],
    [45992, false, '2025-12-01'],
    [45992.75, false, '2025-12-01'],
    [45992.999999, false, '2025-12-01'],
    [2958465, false, '9999-12-31'],
    [0, false, 'date-invalid'],
    [0.5, false, 'date-invalid'],
    [-1, false, 'date-invalid'],
    [-0.5, false, 'date-invalid'],
    [-45992, false, 'date-invalid'],
    [2958466, false, 'date-invalid'],
    [3000000, false, 'date-invalid'],
    [NaN, false, 'date-invalid'],
    [Infinity, false, 'date-invalid'],
    [-Infinity, false, 'date-invalid'],
    // yyyymmdd as an 8-digit number
    [20251201, false, '2025-12-01'],
    [19000101, false, '1900-01-01'],
    [99991231, false, '9999-12-31'],
    [20240229, false, '2024-02-29'],
    [20250230, false, 'date-invalid'],
    [20251301, false, 'date-invalid'],
    [20251201.5, false, 'date-invalid'],
    [18991231, false, 'date-invalid'],
    // 1904 date system: 1462 added
    [0, true, '1904-01-01'],
    [1, true, '1904-01-02'],
    [44530, true, '2025-12-01'],
    [44530.5, true, '2025-12-01'],
    [2957003, true, '9999-12-31'],
    [2957004, true, 'date-invalid'],
    [-1462, true, 'date-invalid'],
    [20251201, true, '2025-12-01'],
  ])('%p (1904: %p) → %s', (n, date1904, expected) => {
    expect(pd(n, date1904)).toBe(expected);
  });
});

describe('parseDate — JS Dates and other values', () => {
  test.each<[string, RawCell, string]>([
    ['UTC midnight', utc(2025, 12, 1), '2025-12-01'],
    ['UTC late evening (UTC getters, no zone shift)', utc(2025, 12, 1, 23, 59), '2025-12-01'],
    ['1900-01-01', utc(1900, 1, 1), '1900-01-01'],
    ['1899-12-31', utc(1899, 12, 31), 'date-invalid'],
    ['ExcelJS negative serial → 1899 date', utc(1899, 12, 29), 'date-invalid'],
    ['9999-12-31', utc(9999, 12, 31), '9999-12-31'],
    ['10000-01-01', utcYear(10000, 1, 1), 'date-invalid'],
    ['year 0', utcYear(0, 1, 1), 'date-invalid'],
    ['invalid Date', new Date(NaN), 'date-invalid'],
    ['true', true, 'date-invalid'],
    ['false', false, 'date-invalid'],
    ['null', null, 'date-invalid'],
    ['undefined', undefined, 'date-invalid'],
    ['error object', { error: '#N/A' }, 'date-invalid'],
    ['formula without value', FORMULA_NO_VALUE, 'date-invalid'],
  ])('%s → %s', (_name, v, expected) => {
    expect(pd(v)).toBe(expected);
  });

  test('the 1904 flag does not affect Dates and text', () => {
    expect(pd(utc(2025, 12, 1), true)).toBe('2025-12-01');
    expect(pd('2025/12/01', true)).toBe('2025-12-01');
  });
});

// ---------------------------------------------------------------------------------------------
describe('parseUnits', () => {
  test.each<[string, RawCell, number]>([
    ['number', 1.5, 1.5],
    ['integer', 2, 2],
    ['zero', 0, 0],
    ['negative number (sign is the caller’s check)', -1, -1],
    ['text', '1.5', 1.5],
    ['text with spaces', '  2  ', 2],
    ['full-width', '１．５', 1.5],
    ['full-width integer', '３', 3],
    ['with 単位', '1.5単位', 1.5],
    ['with space before 単位', '1.5 単位', 1.5],
    ['full-width with 単位', '１．５単位', 1.5],
    ['full-width spaces', '\u30000.5\u3000', 0.5],
    ['leading dot', '.5', 0.5],
    ['trailing dot', '2.', 2],
    ['plus sign', '+1', 1],
    ['minus', '-0.5', -0.5],
    ['minus sign variant', '−0.5', -0.5],
    ['full-width minus', '－1', -1],
    ['formula without value reads as 0 (SPEC §4.1)', FORMULA_NO_VALUE, 0],
  ])('%s: %j → %p', (_name, v, expected) => {
    expect(parseUnits(v)).toEqual({ ok: true, value: expected });
  });

  test.each<[string, RawCell]>([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['spaces', '   '],
    ['word', 'abc'],
    ['only 単位', '単位'],
    ['decimal comma', '1,5'],
    ['hours', '1.5時間'],
    ['two dots', '1.5.1'],
    ['kanji numeral', '一'],
    ['inner space', '1 5'],
    ['true', true],
    ['false', false],
    ['Date', utc(2025, 12, 1)],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['error object', { error: '#VALUE!' }],
    ['error string', '#VALUE!'],
  ])('%s is not a number', (_name, v) => {
    expect(parseUnits(v)).toEqual({ ok: false });
  });

  test('negative zero reads as 0', () => {
    const r = parseUnits(-0);
    expect(r.ok && Object.is(r.value, 0)).toBe(true);
  });
});

describe('isMultipleOfStep', () => {
  test.each<[number, number, boolean]>([
    [1.5, 0.5, true],
    [2, 0.5, true],
    [0.5, 0.5, true],
    [0, 0.5, true],
    [10, 0.5, true],
    [1.25, 0.5, false],
    [0.3, 0.1, true],
    [0.1 + 0.2, 0.1, true],
    [0.7, 0.1, true],
    [0.35, 0.1, false],
    [2.0000000001, 0.5, true],
    [1.0001, 0.5, false],
    [-1, 0.5, true],
    [5, 5, true],
    [7, 5, false],
    [1, 0, false],
    [1, -0.5, false],
    [NaN, 0.5, false],
    [1, NaN, false],
    [Infinity, 0.5, false],
  ])('isMultipleOfStep(%p, %p) = %p', (v, step, expected) => {
    expect(isMultipleOfStep(v, step)).toBe(expected);
  });
});

describe('ceilStep', () => {
  test.each<[number, number, number]>([
    [1.0000000001, 0.5, 1],
    [0, 0.5, 0],
    [0.1, 0.5, 0.5],
    [1.2, 0.5, 1.5],
    [1.5, 0.5, 1.5],
    [2.3, 0.5, 2.5],
    [9.5, 0.5, 9.5],
    [0.25, 0.1, 0.3],
    [0.2, 0.1, 0.2],
    [10 - 9.7, 0.1, 0.3],
    [0.30000000000000004, 0.1, 0.3],
    [4.2, 1, 5],
    [-0.5, 0.5, -0.5],
  ])('ceilStep(%p, %p) = %p', (x, step, expected) => {
    expect(ceilStep(x, step)).toBe(expected);
  });

  test('results are plain zero, not -0', () => {
    expect(Object.is(ceilStep(0, 0.5), 0)).toBe(true);
    expect(Object.is(ceilStep(-0.2, 0.5), 0)).toBe(true);
  });

  test('results print cleanly', () => {
    expect(String(ceilStep(0.21, 0.1))).toBe('0.3');
    expect(String(ceilStep(0.61, 0.1))).toBe('0.7');
  });

  test('degenerate steps return x (rounded)', () => {
    expect(ceilStep(1.2, 0)).toBe(1.2);
    expect(ceilStep(1.2, -1)).toBe(1.2);
    expect(ceilStep(1.2, NaN)).toBe(1.2);
    expect(ceilStep(NaN, 0.5)).toBeNaN();
  });
});

// ---------------------------------------------------------------------------------------------
describe('parseFlag (SPEC §4.4)', () => {
  test.each<[RawCell]>([
    ['○'],
    ['〇'],
    ['◯'],
    ['✓'],
    ['✔'],
    ['レ'],
    ['ﾚ'],
    ['はい'],
    ['有'],
    ['あり'],
    ['済'],
    ['TRUE'],
    ['true'],
    ['True'],
    ['ＴＲＵＥ'],
    ['1'],
    ['１'],
    ['yes'],
    ['Yes'],
    ['ＹＥＳ'],
    ['y'],
    ['Y'],
    [' ○ '],
    ['\u3000有\u3000'],
    [true],
    [1],
  ])('%j → true', (v) => {
    expect(parseFlag(v)).toEqual({ value: true, recognised: true });
  });

  test.each<[RawCell]>([
    [null],
    [undefined],
    [''],
    ['  '],
    ['×'],
    ['✕'],
    ['いいえ'],
    ['無'],
    ['なし'],
    ['FALSE'],
    ['false'],
    ['0'],
    ['０'],
    ['no'],
    ['No'],
    ['NO'],
    ['n'],
    ['N'],
    [false],
    [0],
    [FORMULA_NO_VALUE],
    [{ error: '#N/A' }],
    ['#N/A'],
  ])('%j → false (recognised)', (v) => {
    expect(parseFlag(v)).toEqual({ value: false, recognised: true });
  });

  test.each<[RawCell]>([
    ['2'],
    [2],
    [0.5],
    ['maybe'],
    ['済み'],
    ['申請中'],
    ['x'],
    [NaN],
    [utc(2025, 12, 1)],
  ])('%j → false, not recognised', (v) => {
    expect(parseFlag(v)).toEqual({ value: false, recognised: false });
  });
});

describe('parseKind', () => {
  test.each<[RawCell, 'zagaku' | 'jitchi' | null]>([
    ['座学', 'zagaku'],
    ['知識', 'zagaku'],
    ['講習', 'zagaku'],
    ['lecture', 'zagaku'],
    ['Lecture', 'zagaku'],
    ['ＬＥＣＴＵＲＥ', 'zagaku'],
    [' 座 学 ', 'zagaku'],
    ['座学研修', 'zagaku'],
    ['実地', 'jitchi'],
    ['経験', 'jitchi'],
    ['活動', 'jitchi'],
    ['practical', 'jitchi'],
    ['Ｐｒａｃｔｉｃａｌ', 'jitchi'],
    ['実地研修', 'jitchi'],
    ['座学・実地', null],
    ['e-learning', null],
    ['', null],
    [null, null],
    [1, null],
    [true, null],
    [{ error: '#N/A' }, null],
  ])('%j → %p', (v, expected) => {
    expect(parseKind(v)).toBe(expected);
  });
});

describe('parseApproval (SPEC §2.2)', () => {
  test.each<[RawCell, string]>([
    [null, 'blank'],
    ['', 'blank'],
    ['\u3000', 'blank'],
    [FORMULA_NO_VALUE, 'blank'],
    [{ error: '#N/A' }, 'blank'],
    ['○', 'approved'],
    ['✔', 'approved'],
    ['はい', 'approved'],
    ['済', 'approved'],
    ['TRUE', 'approved'],
    [true, 'approved'],
    [1, 'approved'],
    ['1', 'approved'],
    ['承認', 'approved'],
    ['承認済', 'approved'],
    ['承認済み', 'approved'],
    ['認定', 'approved'],
    [' 承 認 ', 'approved'],
    ['×', 'rejected'],
    ['✕', 'rejected'],
    ['いいえ', 'rejected'],
    ['無', 'rejected'],
    ['なし', 'rejected'],
    ['FALSE', 'rejected'],
    [false, 'rejected'],
    [0, 'rejected'],
    ['0', 'rejected'],
    ['no', 'rejected'],
    ['n', 'rejected'],
    ['却下', 'rejected'],
    ['不承認', 'rejected'],
    ['差戻し', 'rejected'],
    ['差し戻し', 'rejected'],
    ['申請中', 'pending'],
    ['審査中', 'pending'],
    ['保留', 'pending'],
    [2, 'pending'],
    [utc(2025, 12, 1), 'pending'],
  ])('%j → %s', (v, expected) => {
    expect(parseApproval(v)).toBe(expected);
  });
});

describe('parseApplicationStatus (SPEC §2.1, §4.5)', () => {
  test.each<[RawCell, string | null]>([
    ['未申請', '未申請'],
    ['申請中', '申請中'],
    ['差戻し', '差戻し'],
    ['差し戻し', '差戻し'],
    ['承認済', '承認済'],
    ['承認済み', '承認済'],
    ['発行済', '発行済'],
    ['発行済み', '発行済'],
    [' 申請 中 ', '申請中'],
    ['申請中（確認待ち）', 'unknown'],
    ['承認', 'unknown'],
    [5, 'unknown'],
    [true, 'unknown'],
    [null, null],
    ['', null],
    [FORMULA_NO_VALUE, null],
    [{ error: '#N/A' }, null],
  ])('%j → %p', (v, expected) => {
    expect(parseApplicationStatus(v)).toBe(expected);
  });
});

describe('parseReported', () => {
  test.each<[RawCell, boolean]>([
    ['報告済', true],
    ['報告済み', true],
    ['済', true],
    ['済み', true],
    ['完了', true],
    ['提出済', true],
    ['提出済み', true],
    ['○', true],
    ['はい', true],
    [true, true],
    [1, true],
    [null, false],
    ['', false],
    ['未報告', false],
    ['報告', false],
    ['×', false],
    [0, false],
    [false, false],
    [{ error: '#N/A' }, false],
  ])('%j → %p', (v, expected) => {
    expect(parseReported(v)).toBe(expected);
  });
});

describe('parseGmisAccount', () => {
  test.each<[RawCell, boolean]>([
    ['○', true],
    ['有', true],
    [true, true],
    [1, true],
    ['G1234567', true],
    ['申請中', true],
    [12345, true],
    [null, false],
    ['', false],
    ['\u3000', false],
    ['×', false],
    ['無', false],
    ['なし', false],
    ['いいえ', false],
    ['FALSE', false],
    ['no', false],
    [false, false],
    [0, false],
    ['0', false],
    [FORMULA_NO_VALUE, false],
    [{ error: '#N/A' }, false],
    ['#REF!', false],
  ])('%j → %p', (v, expected) => {
    expect(parseGmisAccount(v)).toBe(expected);
  });
});

describe('parseClinicType', () => {
  test.each<[RawCell, string | null, boolean]>([
    ['病院', 'hospital', true],
    ['診療所', 'clinic', true],
    ['医科診療所', 'clinic', true],
    ['クリニック', 'clinic', true],
    ['歯科診療所', 'dental', true],
    ['歯科', 'dental', true],
    ['歯科病院', 'dental', true],
    [' 歯科 ', 'dental', true],
    [null, null, true],
    ['', null, true],
    [{ error: '#N/A' }, null, true],
    ['薬局', null, false],
    ['介護老人保健施設', null, false],
    [1, null, false],
  ])('%j → %p', (v, type, recognised) => {
    expect(parseClinicType(v)).toEqual({ type, recognised });
  });
});

// ---------------------------------------------------------------------------------------------
describe('luhnCheckDigit / isDentalCode', () => {
  test.each<[string, number]>([
    ['401771643', 4], // 4017716434, a real 小倉 code
    ['011011248', 9], // 0110112489, a real 札幌 code
    ['7992739871', 3], // the textbook Luhn example 79927398713
    ['014123456', 7],
    ['403771643', 0],
    ['000000000', 0],
  ])('luhnCheckDigit(%s) = %p', (payload, expected) => {
    expect(luhnCheckDigit(payload)).toBe(expected);
  });

  test.each(['', '12a', '４０１'])('luhnCheckDigit(%j) is NaN', (s) => {
    expect(luhnCheckDigit(s)).toBeNaN();
  });

  test.each<[string, boolean]>([
    ['4037716430', true],
    ['4017716434', false],
    ['4047716434', false],
    ['403771643', false],
    ['40377164300', false],
    ['ab3defghij', false],
  ])('isDentalCode(%s) = %p', (code, expected) => {
    expect(isDentalCode(code)).toBe(expected);
  });
});

describe('parseClinicCode (SPEC §4.3)', () => {
  test.each<[string, RawCell, string]>([
    ['text', '4017716434', '4017716434'],
    ['number', 4017716434, '4017716434'],
    ['spaces around', '  4017716434 ', '4017716434'],
    ['full-width digits', '４０１７７１６４３４', '4017716434'],
    ['hyphens', '40-1771-6434', '4017716434'],
    ['full-width hyphens', '４０－１７７１－６４３４', '4017716434'],
    ['U+2010 hyphens', '40‐1771‐6434', '4017716434'],
    ['minus signs', '40−1771−6434', '4017716434'],
    ['en dashes', '40–1771–6434', '4017716434'],
    ['long-vowel mark', '40ー1771ー6434', '4017716434'],
    ['inner spaces', '40 1771 6434', '4017716434'],
    ['full-width spaces', '40\u30001771\u30006434', '4017716434'],
    ['dental', '4037716430', '4037716430'],
    ['a real 北海道 code as text', '0110112489', '0110112489'],
    ['7 digits text', '1771643', '1771643'],
    ['7 digits number', 1771643, '1771643'],
    ['7 digits with hyphen', '17-7164-3', '1771643'],
  ])('%s: %j → ok %s', (_name, v, code) => {
    expect(parseClinicCode(v)).toEqual({ ok: true, code, warning: null });
  });

  test.each<[string, RawCell, string]>([
    ['wrong check digit', '4017716435', '4017716435'],
    ['a real 東京 code (different layout)', '1310110049', '1310110049'],
    ['number with wrong check digit', 4017716430, '4017716430'],
  ])('%s: %j → check-digit warning', (_name, v, code) => {
    expect(parseClinicCode(v)).toEqual({ ok: true, code, warning: 'clinic-code-check-digit' });
  });

  test('9 digits from a numeric cell whose padded code passes Luhn → leading zero restored', () => {
    expect(parseClinicCode(110112489)).toEqual({
      ok: true,
      code: '0110112489',
      warning: 'clinic-code-leading-zero-restored',
    });
  });

  test('9 digits from a numeric cell whose padded code fails Luhn → leading zero lost', () => {
    // 0415135231 is a real 宮城 code whose check digit does not hold.
    expect(parseClinicCode(415135231)).toEqual({ ok: false, code: 'clinic-code-leading-zero-lost' });
    expect(parseClinicCode(110112488)).toEqual({ ok: false, code: 'clinic-code-leading-zero-lost' });
  });

  test('a restored code that is a pharmacy code is the pharmacy error', () => {
    expect(parseClinicCode(141234567)).toEqual({ ok: false, code: 'clinic-code-pharmacy' });
  });

  test.each<[string, RawCell]>([
    ['pharmacy text', '4047716434'],
    ['pharmacy number', 4047716434],
    ['pharmacy with hyphens', '40-4-7716434'],
    ['pharmacy full-width', '４０４７７１６４３４'],
  ])('%s → clinic-code-pharmacy', (_name, v) => {
    expect(parseClinicCode(v)).toEqual({ ok: false, code: 'clinic-code-pharmacy' });
  });

  test.each<[string, RawCell]>([
    ['9 digits as text', '110112489'],
    ['8 digits', '40177164'],
    ['8 digits number', 40177164],
    ['11 digits', '40177164341'],
    ['6 digits', '177164'],
    ['letters', '40177A6434'],
    ['trailing letter', '4017716434a'],
    ['dots', '40.1771.6434'],
    ['non-integer number', 4017716434.5],
    ['negative number', -4017716434],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['true', true],
    ['Date', utc(2025, 12, 1)],
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['spaces', '   '],
    ['error object', { error: '#N/A' }],
    ['error string', '#N/A'],
    ['formula without value', FORMULA_NO_VALUE],
  ])('%s → clinic-code-invalid', (_name, v) => {
    expect(parseClinicCode(v)).toEqual({ ok: false, code: 'clinic-code-invalid' });
  });

  test('every code of the 小倉 list (380 real codes) passes the check digit', () => {
    const lines = fs
      .readFileSync(path.join(DATA, 'kokura-clinics.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    const codes = lines.map((l) => l.split(',')[0]);
    expect(codes).toHaveLength(380);
    const failing = codes.filter((c) => {
      const r = parseClinicCode(c);
      return !(r.ok && r.code === c && r.warning === null);
    });
    expect(failing).toEqual([]);
    expect(codes.every((c) => /^\d{10}$/.test(c) && luhnCheckDigit(c.slice(0, 9)) === Number(c[9]))).toBe(
      true,
    );
  });

  test('national list: codes of prefectures 01–09 read from numeric cells are restored exactly when Luhn holds', () => {
    const text = zlib
      .gunzipSync(fs.readFileSync(path.join(DATA, 'jp-medical-institutions-2025-08.csv.gz')))
      .toString('utf8');
    const codes = text
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',')[0])
      .filter((c) => c.startsWith('0'));
    expect(codes.length).toBeGreaterThan(10000);
    let restored = 0;
    let lost = 0;
    for (const c of codes) {
      const r = parseClinicCode(Number(c));
      if (luhnCheckDigit(c.slice(0, 9)) === Number(c[9])) {
        expect(r).toEqual({ ok: true, code: c, warning: 'clinic-code-leading-zero-restored' });
        restored++;
      } else {
        expect(r).toEqual({ ok: false, code: 'clinic-code-leading-zero-lost' });
        lost++;
      }
    }
    // Measured on the 2025-08 list: only three 宮城 (04) codes fail the check digit.
    expect(lost).toBe(3);
    expect(restored).toBe(codes.length - 3);
  });
});

describe('parseDoctorId (SPEC §4.3)', () => {
  test.each<[string, RawCell, string]>([
    ['text with leading zeros', '0001234567', '0001234567'],
    ['trimmed', '  A-12  ', 'A-12'],
    ['full-width, NFKC', '\u3000０００１２３\u3000', '000123'],
    ['full-width letters', 'ＡＢ１２', 'AB12'],
    ['inner characters kept', '12 34', '12 34'],
    ['integer number', 1234567890, '1234567890'],
    ['small number', 12, '12'],
    ['zero', 0, '0'],
    ['number as float integer', 123.0, '123'],
    ['1e21 written in full', 1e21, '1000000000000000000000'],
    ['1e25 written in full (BigInt)', 1e25, '10000000000000000905969664'],
  ])('%s: %j → %s', (_name, v, id) => {
    expect(parseDoctorId(v)).toEqual({ ok: true, id });
  });

  test.each<[string, RawCell]>([
    ['non-integer', 1.5],
    ['negative', -5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['true', true],
    ['false', false],
    ['Date', utc(2025, 12, 1)],
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['spaces', ' \u3000 '],
    ['error object', { error: '#N/A' }],
    ['error string', '#N/A'],
    ['formula without value', FORMULA_NO_VALUE],
  ])('%s → invalid', (_name, v) => {
    expect(parseDoctorId(v)).toEqual({ ok: false });
  });
});

// ---------------------------------------------------------------------------------------------
describe('hostile cells (property-based)', () => {
  const rawCell: fc.Arbitrary<RawCell> = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      '２０２５／１２／０１',
      'R7.12.1',
      '令和元年5月1日',
      '1.5単位',
      '○',
      '#N/A',
      '\u3000',
      'ー－‐',
    ),
    fc.double(),
    fc.integer(),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e300, 5e-324),
    fc.boolean(),
    fc.date({ noInvalidDate: false }),
    fc.constant(new Date(NaN)),
    fc.record({ error: fc.string() }),
    fc.constant(FORMULA_NO_VALUE),
    fc.constant(null),
    fc.constant(undefined),
  );

  test('no exported parser throws on any raw cell (fast-check numRuns 500)', () => {
    fc.assert(
      fc.property(rawCell, fc.boolean(), (v, date1904) => {
        isBlankCell(v);
        cellErrorText(v);
        cellText(v);
        textValue(v);
        parseDate(v, date1904);
        parseUnits(v);
        parseFlag(v);
        parseKind(v);
        parseApproval(v);
        parseApplicationStatus(v);
        parseReported(v);
        parseGmisAccount(v);
        parseClinicType(v);
        parseClinicCode(v);
        parseDoctorId(v);
      }),
      { numRuns: 500 },
    );
  });

  test('normKey is idempotent on any string (fast-check numRuns 300)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => normKey(normKey(s)) === normKey(s)),
      { numRuns: 300 },
    );
  });

  test('a parsed date is always within 1900-01-01..9999-12-31 (fast-check numRuns 500)', () => {
    fc.assert(
      fc.property(rawCell, fc.boolean(), (v, date1904) => {
        const r = parseDate(v, date1904);
        if (!r.ok) return true;
        const iso = isoFromDay(r.day);
        return iso >= '1900-01-01' && iso <= '9999-12-31';
      }),
      { numRuns: 500 },
    );
  });

  test('ceilStep(x, 0.5) is the least multiple of 0.5 not below x (fast-check numRuns 300)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: 0, max: 9 }), (i, frac) => {
        const x = i / 10 + frac / 100;
        const c = ceilStep(x, 0.5);
        return isMultipleOfStep(c, 0.5) && c >= x - 1e-9 && c - 0.5 < x - 1e-9;
      }),
      { numRuns: 300 },
    );
  });
});
