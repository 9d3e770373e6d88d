/**
 * fast-check generators for random and hostile workbooks, as the adapters hand them to the
 * pipeline (WorkbookSnapshot: raw cells from A1).
 *
 * Every generated workbook is *structurally valid* — required sheets and columns exist, settings
 * are valid, nothing of the user's sits where an owned column goes — so recalc must not throw at
 * all; `withDefect` (fatal.property.test.ts) then breaks exactly one documented rule. Cell values
 * are mostly plausible for their field (so the engine gets real work) mixed with hostile values:
 * every JS value type, error objects and error strings, FORMULA_NO_VALUE, huge/negative numbers,
 * NaN/±Infinity/-0, 10,000-character strings, control characters, emoji, full- and half-width
 * katakana, text that looks like a formula, Dates before 1900 / after 9999 / invalid.
 */
import fc from 'fast-check';
import { ERROR_TEXTS, isBlankCell, luhnCheckDigit, normKey } from '../../src/sheets/cells';
import { OWNED_COLUMNS, OWNED_SHEETS, markerName } from '../../src/sheets/owned';
import {
  AFFILIATIONS,
  CLINICS,
  DOCTORS,
  OWNED_PREFIX,
  SETTINGS_SHEET,
  TRAINING,
  type SheetDef,
} from '../../src/sheets/schema';
import {
  FORMULA_NO_VALUE,
  cellKey,
  type MergeSnapshot,
  type RawCell,
  type SheetSnapshot,
  type TableSnapshot,
  type WorkbookSnapshot,
} from '../../src/sheets/types';
import { SETTINGS } from '../../src/sheets/settings';

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/** ASCII → full-width forms (space → U+3000). */
export function toFullWidth(s: string): string {
  return s.replace(/[\x20-\x7e]/g, (ch) =>
    ch === ' ' ? '\u3000' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0),
  );
}

const charRange = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));

/** Full-width katakana (ァ..ヺ) and half-width katakana (ｦ..ﾟ). */
export const katakanaFull = fc.string({ unit: charRange(0x30a1, 0x30fa), minLength: 1, maxLength: 12 });
export const katakanaHalf = fc.string({ unit: charRange(0xff66, 0xff9f), minLength: 1, maxLength: 12 });

/** C0 controls, DEL, C1 controls and invisible format characters. */
const controlUnit = fc.oneof(
  charRange(0x00, 0x1f),
  fc.constantFrom(
    '\x7f',
    '\u0085',
    '\u009b',
    '\u200b',
    '\u200e',
    '\u202e',
    '\u2028',
    '\u2029',
    '\ufeff',
    '\ufffe',
    '\ud800',
    '\udfff',
  ),
);
export const controlText = fc
  .tuple(
    fc.string({ unit: controlUnit, minLength: 1, maxLength: 6 }),
    fc.constantFrom('', 'A', '0001', '座学', '山田'),
  )
  .map(([c, s]) => (s === '' ? c : `${c}${s}${c}`));

export const emoji = fc.constantFrom('😀', '👨‍👩‍👧‍👦', '🇯🇵', '🏥', '1️⃣', '🧑🏻‍⚕️', '山田😀太郎', '🩺');

/** Text a spreadsheet would take for a formula (SPEC §5.1.11, §5.4). */
export const FORMULA_LIKE = [
  '=1+1',
  '=SUM(A1:A9)',
  '+81-90-1234-5678',
  '-5',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  '=HYPERLINK("http://evil.example","x")',
  "=cmd|' /C calc'!A0",
  '＝１＋１',
  '＋１',
  '－１',
  '＠A1',
  '=',
  '+',
  '-',
  '@',
] as const;
export const formulaLike = fc.constantFrom(...FORMULA_LIKE);

/** Strings of exactly 10,000 (or Excel's 32,767) characters. */
export const longText = fc
  .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }), fc.constantFrom(10_000, 32_767))
  .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));

// ---------------------------------------------------------------------------------------------
// Hostile cells
// ---------------------------------------------------------------------------------------------

const ERRORS = [...ERROR_TEXTS];
export const errorObject: fc.Arbitrary<RawCell> = fc
  .constantFrom(...ERRORS, '#FOO!', '', ' #N/A ')
  .map((error) => ({ error }));
export const errorString: fc.Arbitrary<RawCell> = fc
  .constantFrom(...ERRORS)
  .chain((e) => fc.constantFrom(e, ` ${e} `, `${e}\n`, e.toLowerCase()));

export const hostileNumber: fc.Arbitrary<RawCell> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER,
    2 ** 53,
    -(2 ** 53),
    1e21,
    1e300,
    -1,
    -1e15,
    2958465,
    2958466,
    99991231,
    18991231,
    0.1 + 0.2,
    1e-7,
  ),
);

const MS_DAY = 86_400_000;
export const hostileDate: fc.Arbitrary<RawCell> = fc.oneof(
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(
    new Date(NaN),
    new Date(Date.UTC(1899, 11, 31)),
    new Date(Date.UTC(1900, 0, 1)),
    new Date(Date.UTC(1800, 5, 1)),
    new Date(Date.UTC(9999, 11, 31)),
    new Date(Date.UTC(10000, 0, 1)),
    new Date(-8.64e15),
    new Date(8.64e15),
    new Date(Date.UTC(2025, 8, 30, 15)), // JST midnight of 2025-10-01
    new Date(Date.UTC(2025, 9, 1) + MS_DAY - 1),
  ),
);

/** Values outside RawCell that a careless adapter could still hand over (every JS type). */
const SYMBOL = Symbol('cell');
export const foreignValue: fc.Arbitrary<RawCell> = fc
  .oneof(
    fc.bigInt(),
    fc.constant(SYMBOL),
    fc.constant(() => 1),
    fc.constant({}),
    fc.constant([]),
    fc.constant([1, 'a']),
    fc.constant({ error: 7 }),
    fc.constant({ formulaNoValue: false }),
    fc.constant({ richText: [{ text: '座学' }] }),
    fc.constant(Object.create(null) as object),
    fc.constant(new Map([[1, 2]])),
  )
  .map((v) => v as unknown as RawCell);

export const blankish: fc.Arbitrary<RawCell> = fc.constantFrom(
  null,
  undefined,
  '',
  ' ',
  '\u3000',
  '\n',
  ' \t\r\n ',
  '\u00a0',
  '\ufeff',
);

export const hostileText: fc.Arbitrary<RawCell> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  katakanaFull,
  katakanaHalf,
  controlText,
  emoji,
  formulaLike,
  longText,
);

/** Any hostile cell value. */
export const hostileCell: fc.Arbitrary<RawCell> = fc.oneof(
  { arbitrary: blankish, weight: 2 },
  { arbitrary: hostileText, weight: 5 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: hostileDate, weight: 2 },
  { arbitrary: errorObject, weight: 2 },
  { arbitrary: errorString, weight: 2 },
  { arbitrary: fc.constant(FORMULA_NO_VALUE as RawCell), weight: 1 },
  { arbitrary: foreignValue, weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Plausible values per field
// ---------------------------------------------------------------------------------------------

const withCheck = (nine: string): string => `${nine}${luhnCheckDigit(nine)}`;
/** 10-digit codes with a valid check digit (3rd digit 1 = 医科, 3 = 歯科). */
export const VALID_CODES = ['401771643', '401123456', '401987654', '131000001', '403123456'].map(withCheck);
/** A 9-digit number whose zero-padded code passes the check (leading-zero-restored). */
const NINE_DIGITS = Number(withCheck('0' + '11771643').slice(1));

export const DOCTOR_IDS = ['0001', '0002', '0003', '0004', '0005', '0006'];

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const plausibleDate: fc.Arbitrary<RawCell> = fc.oneof(
  fc.constantFrom<RawCell>(
    '2025/10/01',
    '2025-10-01',
    '2025.10.1',
    '2025年10月1日',
    '令和7年10月1日',
    'R7.10.1',
    'R07/10/01',
    '令和元年5月1日',
    'H31.4.30',
    '20251001',
    20251001,
    '２０２５／１０／０２',
    '2025/10/01(水)',
    '2025/10/03 10:00',
    day(2025, 10, 1),
    day(2025, 6, 15),
    '2026/12/01', // after as-of: date-future
    '2024/01/01', // before a 集計開始日 of 2025/04/01
    '2025-02-30',
    'R7.12',
    '25/10/01',
    '令和0年1月1日',
    '平成32年1月1日',
    '1899/12/31',
  ),
  fc.integer({ min: 45_300, max: 46_100 }), // serials around 2024-2026
);

const plausibleKind = fc.constantFrom<RawCell>(
  '座学',
  '実地',
  '知識',
  '経験',
  '講習',
  '活動',
  'lecture',
  'practical',
  'LECTURE',
  '座学研修',
  '実地研修',
  ' 座 学 ',
  'ｻﾞｶﾞｸ',
  'その他',
);

const plausibleUnits: fc.Arbitrary<RawCell> = fc.oneof(
  fc.constantFrom<RawCell>(
    0.5,
    1,
    1.5,
    2,
    2.5,
    5,
    10,
    '1.5単位',
    '１．５',
    '1',
    '5',
    0,
    -1,
    1.25,
    0.3,
    'abc',
    1e16,
    2 ** 53,
  ),
  fc.integer({ min: 1, max: 20 }).map((n) => n / 2),
);

const plausibleTitle = fc.constantFrom<RawCell>(
  '講座A',
  '講座B',
  'ｺｳｻﾞA',
  '講座 A',
  '',
  null,
  '学校医',
  '=講座',
  '+講座',
  '-講座',
  '@講座',
);

const plausibleApproval = fc.constantFrom<RawCell>(
  '承認',
  '承認済',
  '承認済み',
  '認定',
  '○',
  'はい',
  1,
  true,
  '申請中',
  '却下',
  '不承認',
  '差戻し',
  '差し戻し',
  '×',
  'FALSE',
  0,
  false,
  null,
  '',
  '保留',
);

const plausibleName: fc.Arbitrary<RawCell> = fc.oneof(
  fc.constantFrom<RawCell>(
    '山田 太郎',
    'ﾔﾏﾀﾞ ﾀﾛｳ',
    'ヤマダ　タロウ',
    'Ｊｏｈｎ',
    '田中😀',
    ...FORMULA_LIKE.map((f) => `${f}田中`),
  ),
  katakanaFull,
  katakanaHalf,
);

const plausibleCode: fc.Arbitrary<RawCell> = fc.constantFrom<RawCell>(
  ...VALID_CODES,
  ...VALID_CODES.slice(0, 2).map((c) => `${c.slice(0, 2)}-${c.slice(2, 6)}-${c.slice(6)}`),
  toFullWidth(VALID_CODES[0]),
  Number(VALID_CODES[1]),
  '1234567',
  NINE_DIGITS,
  401771643,
  '4041234567',
  '4017716435',
  'ABC',
);

const plausibleDistrict = fc.constantFrom<RawCell>(
  '小倉北区',
  '小倉南区',
  '門司区',
  'ｺｸﾗｷﾀｸ',
  '　小倉北区 ',
  '=地区',
  '+区',
  '-',
  '@区',
  'A',
  'a',
  null,
);
const plausibleFlag = fc.constantFrom<RawCell>(
  '○',
  '×',
  '',
  null,
  'はい',
  'いいえ',
  1,
  0,
  true,
  false,
  '多分',
  '済',
);
const plausibleGmis = fc.constantFrom<RawCell>('○', '×', '', null, 'ID-123', true, false, 'なし');
const plausibleReport = fc.constantFrom<RawCell>(
  '報告済',
  '報告済み',
  '済',
  '完了',
  '提出済',
  '未',
  null,
  '○',
  '×',
);
const plausibleType = fc.constantFrom<RawCell>(
  '病院',
  '診療所',
  '歯科',
  '歯科診療所',
  '歯科病院',
  'クリニック',
  '薬局',
  null,
);
const plausibleApplication = fc.constantFrom<RawCell>(
  '未申請',
  '申請中',
  '差戻し',
  '差し戻し',
  '承認済',
  '承認済み',
  '発行済',
  '不明',
  null,
);
const plausibleMemberClass = fc.constantFrom<RawCell>('A1', 'A2B', 'B', 'C', '非会員', null);
const plausibleCertDate = fc.oneof(
  plausibleDate,
  fc.constantFrom<RawCell>(null, null, null, '2020/04/01', '2027/01/01'),
);
const plausibleDoctorId: fc.Arbitrary<RawCell> = fc.constantFrom<RawCell>(
  ...DOCTOR_IDS,
  ...DOCTOR_IDS,
  1,
  2,
  '０００３',
  ' 0004 ',
  '0007',
  '0001.5',
  1.5,
);

const PLAUSIBLE: Record<string, Record<string, fc.Arbitrary<RawCell>>> = {
  doctors: {
    doctorId: plausibleDoctorId,
    name: plausibleName,
    kana: fc.oneof(katakanaFull, katakanaHalf),
    clinicCode: fc.oneof(plausibleCode, fc.constant(null)),
    district: plausibleDistrict,
    memberClass: plausibleMemberClass,
    certificateDate: plausibleCertDate,
    certificateNo: fc.constantFrom<RawCell>('K-001', null, '=A1'),
    applicationStatus: plausibleApplication,
  },
  training: {
    doctorId: plausibleDoctorId,
    date: plausibleDate,
    kind: plausibleKind,
    title: plausibleTitle,
    units: plausibleUnits,
    approval: plausibleApproval,
    sponsor: fc.constantFrom<RawCell>('日本医師会', '小倉医師会', null, '=主催'),
  },
  clinics: {
    clinicCode: plausibleCode,
    name: plausibleName,
    type: plausibleType,
    specialFunction: plausibleFlag,
    suspended: plausibleFlag,
    district: plausibleDistrict,
    gmisAccount: plausibleGmis,
    gmisPermission: plausibleFlag,
    reportStatus: plausibleReport,
  },
  affiliations: {
    doctorId: plausibleDoctorId,
    clinicCode: plausibleCode,
  },
};

/** Values that are valid for their field, so that rows are used and the engine has real work. */
const VALID: Record<string, Record<string, fc.Arbitrary<RawCell>>> = {
  doctors: {
    doctorId: fc.constantFrom<RawCell>(...DOCTOR_IDS),
    name: plausibleName,
    clinicCode: fc.constantFrom<RawCell>(...VALID_CODES.slice(0, 3), null),
    district: plausibleDistrict,
    certificateDate: fc.constantFrom<RawCell>(null, null, null, null, '2020/04/01', day(2024, 4, 1)),
    applicationStatus: fc.constantFrom<RawCell>(null, '申請中', '発行済'),
  },
  training: {
    doctorId: fc.constantFrom<RawCell>(...DOCTOR_IDS),
    // Few distinct values, so that duplicate keys (§3.1) occur.
    date: fc.constantFrom<RawCell>(
      '2025/10/01',
      '2025/10/01',
      'R7.10.1',
      day(2025, 6, 15),
      45_900,
      '2024/01/01',
      '2026/12/01',
    ),
    kind: fc.constantFrom<RawCell>('座学', '座学', '実地', '知識', '経験'),
    title: fc.constantFrom<RawCell>('講座A', '講座B', null),
    units: fc.constantFrom<RawCell>(1, 5, 5, 2.5, '1.5単位'),
    approval: fc.constantFrom<RawCell>('承認', '承認', '承認済み', '申請中', null, '却下'),
  },
  clinics: {
    clinicCode: fc.constantFrom<RawCell>(...VALID_CODES),
    gmisAccount: fc.constantFrom<RawCell>('○', 'ID-1', null),
    gmisPermission: fc.constantFrom<RawCell>('○', '×', null),
    reportStatus: fc.constantFrom<RawCell>(null, null, '報告済'),
  },
  affiliations: {
    doctorId: fc.constantFrom<RawCell>(...DOCTOR_IDS),
    clinicCode: fc.constantFrom<RawCell>(...VALID_CODES),
  },
};

/** A valid value for the field (plausible where no valid pool is defined). */
export function validCell(role: string, field: string | null): fc.Arbitrary<RawCell> {
  return (field ? (VALID[role]?.[field] ?? PLAUSIBLE[role]?.[field]) : undefined) ?? hostileCell;
}

/** A cell for one field: mostly plausible, sometimes hostile or blank. */
export function fieldCell(role: string, field: string | null): fc.Arbitrary<RawCell> {
  const plausible = field ? PLAUSIBLE[role]?.[field] : undefined;
  if (!plausible) return hostileCell;
  return fc.oneof(
    { arbitrary: plausible, weight: 8 },
    { arbitrary: hostileCell, weight: 2 },
    { arbitrary: blankish, weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// Headers and sheet names
// ---------------------------------------------------------------------------------------------

/** Spellings that keep the normalised key (SPEC §2.0): widths, case, inner whitespace, line breaks. */
const SPELLINGS: ((s: string) => string)[] = [
  (s) => s,
  (s) => s,
  (s) => ` ${s} `,
  (s) => toFullWidth(s),
  (s) => s.toUpperCase(),
  (s) => s.toLowerCase(),
  (s) => [...s].join(' '),
  (s) => [...s].join('\n'),
  (s) => s.replace(/-/g, '－'),
  (s) => `\u3000${s}`,
];

export function spelling(text: string): fc.Arbitrary<string> {
  return fc.constantFrom(...SPELLINGS).map((f) => {
    const v = f(text);
    return normKey(v) === normKey(text) && v.trim() !== '' ? v : text;
  });
}

const allAliasKeys = (def: SheetDef): Set<string> =>
  new Set(def.fields.flatMap((f) => f.aliases.map(normKey)));
const ALL_DEFS = [DOCTORS, TRAINING, CLINICS, AFFILIATIONS, SETTINGS_SHEET];
const ANY_ALIAS_KEYS = new Set(ALL_DEFS.flatMap((d) => [...allAliasKeys(d)]));

/** True when a cell could be matched as a header of any input (used to keep filler rows inert). */
export function looksLikeHeader(v: RawCell): boolean {
  if (typeof v !== 'string') return false;
  return ANY_ALIAS_KEYS.has(normKey(v.trim()));
}

/** A cell that can never be matched as a header of any input. */
const inertCell = hostileCell.filter((v) => !looksLikeHeader(v));

/** Header of a user column that matches no field (may be blank or a weird value). */
const extraHeader: fc.Arbitrary<RawCell> = fc
  .oneof(
    fc.constantFrom<RawCell>('メモ', '備考', '電話番号', null, '', 'Column1', '判定', '判 定_x'),
    hostileCell,
  )
  .filter((v) => !looksLikeHeader(v) && !(typeof v === 'string' && v.trim().startsWith(OWNED_PREFIX)));

// ---------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------

export interface ColumnSpec {
  header: RawCell;
  /** The field this column was generated for (the oracle re-derives matching from the header). */
  field: string | null;
}

export interface SheetOptions {
  maxRows: number;
  /** Allow the input to be an Excel table on a sheet with another name. */
  allowTable: boolean;
  /** Allow owned 判定_ headers of this role (they are rewritten in place). */
  allowOwnedHeaders: boolean;
}

/** Columns of one input: required fields, some optional ones, duplicates, user and 判定_ columns. */
function columnsArb(def: SheetDef, opts: SheetOptions): fc.Arbitrary<ColumnSpec[]> {
  const required = def.fields.filter((f) => f.requiredColumn);
  const optional = def.fields.filter((f) => !f.requiredColumn);
  const fieldCol = (f: (typeof def.fields)[number]) =>
    fc
      .nat(f.aliases.length - 1)
      .chain((i) => spelling(f.aliases[i]))
      .map((header): ColumnSpec => ({ header, field: f.field }));
  const owned = OWNED_COLUMNS[def.role] ?? [];
  const judgeHeaders = [
    ...(opts.allowOwnedHeaders ? owned : []),
    '判定_メモ',
    '判定_状態',
    '判定_チェック',
  ].filter((h, i, a) => a.indexOf(h) === i && (opts.allowOwnedHeaders || !owned.includes(h)));
  return fc
    .tuple(
      fc.tuple(...required.map(fieldCol)),
      fc
        .subarray(optional, { minLength: required.length >= 2 ? 0 : 1 })
        .chain((fs): fc.Arbitrary<ColumnSpec[]> =>
          fs.length ? fc.tuple(...fs.map(fieldCol)).map((t) => [...t]) : fc.constant([]),
        ),
      // Duplicated headers: a second column for a field, same or another alias.
      fc.array(fc.constantFrom(...def.fields).chain(fieldCol), { maxLength: 2 }),
      fc.array(
        extraHeader.map((header): ColumnSpec => ({ header, field: null })),
        { maxLength: 3 },
      ),
      fc
        .subarray(judgeHeaders, { maxLength: 2 })
        .map((hs) => hs.map((header): ColumnSpec => ({ header, field: null }))),
    )
    .chain(([req, opt, dup, extra, judge]) => {
      const all: ColumnSpec[] = [...req, ...opt, ...dup, ...extra, ...judge];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    });
}

/** One data row for the given columns: values, blank rows, missing rows, ragged rows. */
function rowArb(role: string, cols: ColumnSpec[], allowWider: boolean): fc.Arbitrary<RawCell[] | undefined> {
  const values = fc.oneof(
    fc.tuple(...cols.map((c) => fieldCell(role, c.field))),
    fc.tuple(...cols.map((c) => validCell(role, c.field))),
  );
  return fc.oneof(
    {
      arbitrary: fc
        .tuple(
          values,
          fc.nat(cols.length),
          allowWider ? fc.array(hostileCell, { maxLength: 2 }) : fc.constant([] as RawCell[]),
        )
        .map(([vals, cut, wider]) => {
          // Ragged: sometimes the row stops early (trailing cells missing).
          const row = cut < cols.length / 3 ? vals.slice(0, cols.length - cut) : [...vals];
          return wider.length
            ? [...row, ...new Array<RawCell>(Math.max(0, cols.length - row.length)).fill(undefined), ...wider]
            : row;
        }),
      weight: 10,
    },
    // Blank rows: nothing at all, or only blank-ish cells in every column.
    { arbitrary: fc.constant([] as RawCell[]), weight: 1 },
    { arbitrary: fc.tuple(...cols.map(() => blankish)).map((r) => [...r]), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

/**
 * Often a block of valid rows first: on 医師 one per pool ID, on 研修記録 a few records of those
 * IDs, so that records find their doctor and the engine has statuses to compute (random rows
 * alone rarely meet).
 */
function seedRows(role: string, cols: ColumnSpec[]): fc.Arbitrary<(RawCell[] | undefined)[]> {
  const row = (id: fc.Arbitrary<RawCell>) =>
    fc.tuple(...cols.map((c) => (c.field === 'doctorId' ? id : validCell(role, c.field)))).map((r) => [...r]);
  const none = fc.constant<RawCell[][]>([]);
  if (role === 'training') {
    return fc.oneof(
      none,
      fc.array(row(fc.constantFrom<RawCell>(...DOCTOR_IDS)), { minLength: 3, maxLength: 16 }),
    );
  }
  if (role !== 'doctors') return none;
  return fc.oneof(
    none,
    fc.tuple(...DOCTOR_IDS.map((id) => row(fc.constant<RawCell>(id)))).map((rows): RawCell[][] => [...rows]),
  );
}

export interface GeneratedSheet {
  sheet: SheetSnapshot;
  role: SheetDef['role'];
  headerRow: number;
  columns: ColumnSpec[];
}

/** An input sheet (or a table on a sheet) for `def`, named by one of its aliases. */
export function inputSheetArb(def: SheetDef, opts: SheetOptions): fc.Arbitrary<GeneratedSheet> {
  return columnsArb(def, opts).chain((cols) =>
    fc
      .record({
        aliasIndex: fc.nat(def.aliases.length - 1),
        junk: fc.array(fc.array(inertCell, { maxLength: 4 }), { maxLength: 3 }),
        rows: fc
          .tuple(
            seedRows(def.role, cols),
            fc.array(rowArb(def.role, cols, true), { maxLength: opts.maxRows }),
          )
          .map(([seed, rest]) => [...seed, ...rest]),
        hidden: fc.boolean(),
        asTable: opts.allowTable
          ? fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false)))
          : fc.constant(false),
        formulaRatio: fc.constantFrom(0, 0, 0.2),
        mergeSeeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(2), fc.nat(1)), { maxLength: 2 }),
        trailing: fc.array(fc.array(inertCell, { maxLength: 3 }), { maxLength: 2 }),
      })
      .chain((r) => spelling(def.aliases[r.aliasIndex]).map((name) => ({ ...r, name })))
      .map((r) => buildSheet(def, cols, r)),
  );
}

interface SheetParts {
  name: string;
  aliasIndex: number;
  junk: RawCell[][];
  rows: (RawCell[] | undefined)[];
  hidden: boolean;
  asTable: boolean;
  formulaRatio: number;
  mergeSeeds: [number, number, number, number][];
  trailing: RawCell[][];
}

function buildSheet(def: SheetDef, cols: ColumnSpec[], p: SheetParts): GeneratedSheet {
  const headerRow = p.junk.length + 1;
  const width = cols.length;
  const rows: RawCell[][] = [];
  p.junk.forEach((j, i) => (rows[i] = j));
  rows[headerRow - 1] = cols.map((c) => c.header);
  const table = p.asTable;
  p.rows.forEach((row, i) => {
    if (row === undefined) return; // a missing row (sparse array)
    rows[headerRow + i] = table ? row.slice(0, width) : row;
  });
  const lastDataRow = headerRow + p.rows.length;
  // Rows below the data whose matched fields are blank: notes in user columns (outside a table).
  if (!table) {
    const userCols = cols.map((c, i) => (c.field === null ? i : -1)).filter((i) => i >= 0);
    p.trailing.forEach((t, k) => {
      if (userCols.length === 0) return;
      const row: RawCell[] = [];
      t.forEach((v, j) => (row[userCols[j % userCols.length]] = v));
      rows[lastDataRow + k] = row;
    });
  }
  const tables: TableSnapshot[] = [];
  let name = p.name;
  if (table) {
    name = `${def.label}データ`;
    const tableName = def.aliases.find((a) => /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(a)) ?? def.aliases[0];
    tables.push({
      name: tableName,
      top: headerRow,
      left: 1,
      bottom: Math.max(headerRow + 1, lastDataRow),
      right: width,
    });
  }
  // Merged areas inside the data region, never reaching where owned columns are added and never
  // covering an existing owned column (both are in the way, SPEC §5.1.4; fatal.property.test.ts).
  const merges: MergeSnapshot[] = [];
  const owned = OWNED_COLUMNS[def.role] ?? [];
  const ownedCol = (c: number) => {
    const h = cols[c - 1]?.header;
    return typeof h === 'string' && owned.includes(h.trim());
  };
  for (const [a, b, h, w] of p.mergeSeeds) {
    if (p.rows.length === 0 || width < 2) continue;
    const top = headerRow + 1 + (a % p.rows.length);
    const left = 1 + (b % (width - 1));
    const m = { top, left, bottom: Math.min(top + h, lastDataRow), right: Math.min(left + w, width) };
    if (merges.some((o) => o.top <= m.bottom && m.top <= o.bottom && o.left <= m.right && m.left <= o.right))
      continue;
    let coversOwned = false;
    for (let c = m.left; c <= m.right; c++) coversOwned ||= ownedCol(c);
    if (coversOwned) continue;
    merges.push(m);
    // Adapters give a merged area's value to its top-left cell only.
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) {
        if ((r !== m.top || c !== m.left) && rows[r - 1]) rows[r - 1][c - 1] = null;
      }
    }
  }
  // A merged area reaching right of every value would be in the way of the owned columns (SPEC
  // §5.1.4, covered by fatal.property.test.ts): keep only those within the used columns.
  // (The data region reaches at least the merge's top row, so rows header..top bound it.)
  if (!table) {
    const usedUpTo = (bottom: number): number => {
      let used = 0;
      for (let r = headerRow; r <= bottom; r++) {
        rows[r - 1]?.forEach((v, j) => {
          if (!isBlankCell(v)) used = Math.max(used, j + 1);
        });
      }
      return used;
    };
    for (let i = merges.length - 1; i >= 0; i--)
      if (merges[i].right > usedUpTo(merges[i].top)) merges.splice(i, 1);
  }
  // Some non-blank cells are formulas (their cached value is what the snapshot holds).
  const formulaCells = new Set<number>();
  rows.forEach((row, i) => {
    row?.forEach((v, j) => {
      const isNoValue =
        typeof v === 'object' && v !== null && (v as { formulaNoValue?: unknown }).formulaNoValue === true;
      // A formula whose cached value is blank would legitimately block an owned column (SPEC
      // §5.1.4); fatal.property.test.ts covers that, so here formulas hold a non-blank value.
      if (isNoValue || (p.formulaRatio > 0 && !isBlankCell(v) && (i * 31 + j * 17) % 5 === 0)) {
        formulaCells.add(cellKey(i + 1, j + 1));
      }
    });
  });
  return {
    sheet: { name, hidden: p.hidden, protected: false, rows, formulaCells, tables, merges },
    role: def.role,
    headerRow,
    columns: cols,
  };
}

// ---------------------------------------------------------------------------------------------
// 設定 (always valid here; fatal.property.test.ts breaks it on purpose)
// ---------------------------------------------------------------------------------------------

const VALID_SETTING_VALUES: Record<string, RawCell[]> = {
  基準日: [null, '2026/01/31'],
  集計開始日: [null, '2025/04/01', 45_748],
  合計必要単位: [null, 10, 12, '10', 5.5],
  実地1件の単位: [null, 5, 2.5],
  座学の単位刻み: [null, 0.5, 1, 0.25],
  座学の最小単位数: [null, 0.5, 0, 2],
  実地の最小件数: [null, 1, 0, 2],
  実地の集計開始日: [null, '2024/04/01'],
  修了証の有効年数: [null, 5, '3年'], // rev 2: a whole number ≥ 1 (0 is invalid), a unit allowed
  報告期間開始: [null, '2026/01/01'],
  報告期間終了: [null, '2026/03/31', '2026/02/10'],
  'G-MIS新規発行日数': [null, 14, 0, 100, '14日'],
  報告権限追加日数: [null, 30],
  座学あと少しの上限: [null, 2, 1.5],
  最小公表人数: [null, 0, 5],
};

export const settingsSheetArb: fc.Arbitrary<SheetSnapshot> = fc
  .record({
    name: fc.constantFrom('設定', 'Settings', ' 設定 ', 'SETTINGS'),
    keys: fc.subarray(SETTINGS.map((s) => s.key)),
    values: fc.array(fc.nat(), { minLength: SETTINGS.length, maxLength: SETTINGS.length }),
    unknown: fc.subarray(['メモ', '作成者', '=1+1']),
    withDescription: fc.boolean(),
  })
  .map(({ name, keys, values, unknown, withDescription }) => {
    const rows: RawCell[][] = [withDescription ? ['項目', '値', '説明'] : ['項目', '値']];
    keys.forEach((k, i) => {
      const options = VALID_SETTING_VALUES[k] ?? [null];
      rows.push(
        [k, options[values[i] % options.length], withDescription ? 'テスト' : undefined].slice(
          0,
          withDescription ? 3 : 2,
        ),
      );
    });
    for (const u of unknown) rows.push([u, 'x']);
    return { name, hidden: false, protected: false, rows, tables: [], merges: [] };
  });

// ---------------------------------------------------------------------------------------------
// Workbooks
// ---------------------------------------------------------------------------------------------

export interface WorkbookOptions {
  maxDoctors: number;
  maxRecords: number;
  allowTable: boolean;
  allowOwnedHeaders: boolean;
}

export const DEFAULT_WB_OPTIONS: WorkbookOptions = {
  maxDoctors: 10,
  maxRecords: 24,
  allowTable: true,
  allowOwnedHeaders: true,
};

const otherSheet = (name: string): fc.Arbitrary<SheetSnapshot> =>
  fc
    .array(fc.array(hostileCell, { maxLength: 4 }), { maxLength: 4 })
    .map((rows) => ({ name, hidden: false, protected: false, rows, tables: [], merges: [] }));

/** A second source for an input, named by a later alias (info input-duplicate-source). */
function duplicateSource(
  def: SheetDef,
  primaryName: string,
  opts: SheetOptions,
): fc.Arbitrary<SheetSnapshot | null> {
  const idx = def.aliases.findIndex((a) => normKey(a) === normKey(primaryName));
  if (idx < 0 || idx >= def.aliases.length - 1) return fc.constant(null);
  return fc
    .tuple(
      fc.integer({ min: idx + 1, max: def.aliases.length - 1 }),
      inputSheetArb(def, { ...opts, allowTable: false, maxRows: 3 }),
    )
    .map(([i, g]) => ({ ...g.sheet, name: def.aliases[i] }));
}

export interface GeneratedWorkbook {
  wb: WorkbookSnapshot;
  inputs: GeneratedSheet[];
}

/** A structurally valid, randomly hostile workbook. */
export function workbookArb(o: Partial<WorkbookOptions> = {}): fc.Arbitrary<GeneratedWorkbook> {
  const opts = { ...DEFAULT_WB_OPTIONS, ...o };
  const sheetOpts = (maxRows: number): SheetOptions => ({
    maxRows,
    allowTable: opts.allowTable,
    allowOwnedHeaders: opts.allowOwnedHeaders,
  });
  return fc
    .record({
      doctors: inputSheetArb(DOCTORS, sheetOpts(opts.maxDoctors)),
      training: inputSheetArb(TRAINING, sheetOpts(opts.maxRecords)),
      clinics: fc.option(inputSheetArb(CLINICS, sheetOpts(6)), { freq: 3 }),
      affiliations: fc.option(inputSheetArb(AFFILIATIONS, sheetOpts(6)), { freq: 2 }),
      settings: fc.option(settingsSheetArb, { freq: 2 }),
      dupDoctors: fc.boolean(),
      owned: fc
        .subarray([...OWNED_SHEETS], { maxLength: 2 })
        .chain((names) => fc.tuple(...names.map(otherSheet))),
      others: fc
        .subarray(['メモ', 'Sheet1', '集計', '医師メモ'])
        .chain((names) => fc.tuple(...names.map(otherSheet))),
      date1904: fc.boolean(),
      order: fc.nat(),
    })
    .chain((r) =>
      (r.dupDoctors && r.doctors.sheet.tables.length === 0
        ? duplicateSource(DOCTORS, r.doctors.sheet.name, sheetOpts(3))
        : fc.constant(null)
      ).map((dup) => ({ ...r, dup })),
    )
    .map((r) => {
      const inputs = [r.doctors, r.training, r.clinics, r.affiliations].filter(
        (g): g is GeneratedSheet => g !== null,
      );
      const sheets: SheetSnapshot[] = [...inputs.map((g) => g.sheet)];
      if (r.settings) sheets.push(r.settings);
      if (r.dup) sheets.push(r.dup);
      const definedNames = new Map<string, string>([['_xlnm.Print_Area', "'メモ'!$A$1:$B$2"]]);
      for (const s of r.owned as SheetSnapshot[]) {
        sheets.push(s);
        definedNames.set(markerName(s.name), `'${s.name}'!$A$1`);
      }
      sheets.push(...(r.others as SheetSnapshot[]));
      // Sheet names are unique in a workbook (case-insensitively); rotate the order a little.
      const seen = new Set<string>();
      const unique = sheets.filter((s) => {
        const k = s.name.toLowerCase();
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      const k = r.order % unique.length;
      const ordered = [...unique.slice(k), ...unique.slice(0, k)];
      return { wb: { sheets: ordered, date1904: r.date1904, protected: false, definedNames }, inputs };
    });
}

/** Deep copy of a snapshot (cells are primitives or small objects; Dates are copied). */
export function cloneWorkbook(wb: WorkbookSnapshot): WorkbookSnapshot {
  const cell = (v: RawCell): RawCell => (v instanceof Date ? new Date(v.getTime()) : v);
  return {
    date1904: wb.date1904,
    protected: wb.protected,
    definedNames: new Map(wb.definedNames),
    sheets: wb.sheets.map((s) => ({
      name: s.name,
      hidden: s.hidden,
      protected: s.protected,
      rows: (() => {
        const rows: RawCell[][] = [];
        s.rows.forEach((r, i) => {
          if (!r) return;
          const copy: RawCell[] = [];
          r.forEach((v, j) => (copy[j] = cell(v)));
          copy.length = r.length;
          rows[i] = copy;
        });
        rows.length = s.rows.length;
        return rows;
      })(),
      ...(s.formulaCells ? { formulaCells: new Set(s.formulaCells) } : {}),
      tables: s.tables.map((t) => ({ ...t })),
      merges: s.merges.map((m) => ({ ...m })),
    })),
  };
}
