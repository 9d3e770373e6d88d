/** 要対応リスト as CSV (SPEC §5.4): quoting, CRLF, formula-injection neutralisation, UTF-8 / CP932. */
import * as iconv from 'iconv-lite';
import { dayFromIso } from '../../src/domain/day';
import {
  GETA,
  SJIS_PREMAP,
  cellField,
  csvEncodingOf,
  csvText,
  encodeCsv,
  needsNeutralising,
  neutralise,
  quoteField,
  toCp932Text,
} from '../../src/sheets/csv';
import type { CellOut } from '../../src/sheets/plan-types';
import { recalc } from '../../src/sheets/recalc';
import { FIXTURE_AS_OF, FIXTURE_NOW, meetingFixture } from '../helpers/meeting-fixture';
import { snapshot } from '../helpers/workbook';

const s = (v: string): CellOut => ({ t: 's', v });
const n = (v: number): CellOut => ({ t: 'n', v });
const decodeSjis = (b: Uint8Array): string => iconv.decode(Buffer.from(b), 'cp932');

describe('formula-injection neutralisation', () => {
  test.each([
    ['=1+2', "'=1+2"],
    ['+81 90', "'+81 90"],
    ['-3', "'-3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    // Full-width forms that NFKC turns into the dangerous ones.
    ['＝HYPERLINK("http://x")', '\'＝HYPERLINK("http://x")'],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠A1', "'＠A1"],
    // U+2212 MINUS SIGN: the Shift_JIS pre-mapping makes it －, so it is neutralised in both encodings.
    ['−1', "'−1"],
  ])('%j gets a leading quote', (input, expected) => {
    expect(needsNeutralising(input)).toBe(true);
    expect(neutralise(input)).toBe(expected);
  });

  test.each([['a=b'], ['山田 太郎'], [''], [' =1'], ['1-2'], ["'already"], ['〜1']])(
    '%j is left alone',
    (input) => {
      expect(needsNeutralising(input)).toBe(false);
      expect(neutralise(input)).toBe(input);
    },
  );

  test('numbers are never prefixed, negative ones included; text that looks like a number is', () => {
    expect(cellField(n(-3))).toBe('-3');
    expect(cellField(n(2.5))).toBe('2.5');
    expect(cellField(n(0.1 + 0.2))).toBe('0.3');
    expect(cellField(s('-3'))).toBe("'-3");
    expect(cellField(null)).toBe('');
    expect(cellField({ t: 'f', f: 'HYPERLINK("#A1","A1")', v: 'A1' })).toBe('A1');
  });
});

describe('RFC 4180 and CRLF', () => {
  test('fields with a comma, a quote, CR or LF are quoted, quotes doubled', () => {
    expect(quoteField('a,b')).toBe('"a,b"');
    expect(quoteField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteField('two\nlines')).toBe('"two\nlines"');
    expect(quoteField('plain')).toBe('plain');
  });

  test('every record ends in CRLF; short rows are padded to the width; a CR-led field is neutralised then quoted', () => {
    const text = csvText([
      [s('区分'), s('名前'), s('残り日数')],
      [s('=cmd|"/c calc"!A0'), s('\rx'), n(-2)],
      [s('a')],
    ]);
    expect(text).toBe('区分,名前,残り日数\r\n"\'=cmd|""/c calc""!A0","\'\rx",-2\r\na,,\r\n');
  });
});

describe('encodings', () => {
  test('utf8 (the default) starts with a BOM and round-trips', () => {
    const { bytes, replaced } = encodeCsv('会員番号,氏名\r\n𠮷田,〜\r\n', 'utf8');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('会員番号,氏名\r\n𠮷田,〜\r\n');
    expect(replaced).toBe(0);
  });

  test('sjis pre-maps 〜−‖¢£¬ to the forms CP932 holds', () => {
    const src = Object.keys(SJIS_PREMAP).join('');
    expect(src).toBe('〜−‖¢£¬');
    const { bytes, replaced } = encodeCsv(src, 'sjis');
    expect(decodeSjis(bytes)).toBe('～－∥￠￡￢');
    expect(replaced).toBe(0);
    // Byte-exact: the Windows-31J codes.
    expect(Buffer.from(bytes).toString('hex')).toBe('8160' + '817c' + '8161' + '8191' + '8192' + '81ca');
  });

  test('characters CP932 cannot hold become 〓 and are counted; NEC/IBM extensions are kept', () => {
    const { text, replaced } = toCp932Text('𠮷田 ¥100 髙橋 ① ⅰ ㈱ 😀');
    expect(text).toBe(`${GETA}田 ${GETA}100 髙橋 ① ⅰ ㈱ ${GETA}`);
    expect(replaced).toBe(3);
    const enc = encodeCsv('𠮷田 ¥100 髙橋 ① ⅰ ㈱ 😀', 'sjis');
    expect(enc.replaced).toBe(3);
    expect(decodeSjis(enc.bytes)).toBe(text);
  });

  test('--encoding values', () => {
    expect(csvEncodingOf('utf8')).toBe('utf8');
    expect(csvEncodingOf('UTF-8')).toBe('utf8');
    expect(csvEncodingOf('sjis')).toBe('sjis');
    expect(csvEncodingOf('Shift_JIS')).toBe('sjis');
    expect(csvEncodingOf('cp932')).toBe('sjis');
    expect(csvEncodingOf('latin1')).toBeNull();
  });
});

describe('要対応リスト of the fixture as Shift_JIS', () => {
  const out = recalc(snapshot(meetingFixture()), { asOf: dayFromIso(FIXTURE_AS_OF), now: FIXTURE_NOW });
  const sheet = out.plan.sheets.find((x) => x.name === '要対応リスト')!;
  const text = csvText(sheet.rows);

  test('round-trips through iconv-lite: the decoded text is the CSV with 𠮷 as 〓 (one replacement)', () => {
    const { bytes, replaced } = encodeCsv(text, 'sjis');
    expect(replaced).toBe(1);
    const back = decodeSjis(bytes);
    expect(back).toBe(text.replace('𠮷', GETA));
    const lines = back.split('\r\n');
    expect(lines).toHaveLength(sheet.rows.length + 1);
    expect(lines[lines.length - 1]).toBe('');
    expect(lines[0]).toBe(
      '区分,地区,医療機関コード,医療機関名,会員番号,氏名,不足,次の対応,理由,残り日数,間に合わない恐れ',
    );
    expect(lines[1]).toBe(
      '申請待ち,小倉北区,1000001,小倉北クリニック,D002,〓田 花子,,要件充足：MAMISで修了申請を,,,',
    );
    expect(lines[3]).toBe(
      '座学のみ不足,門司区,1000002,門司医院,D004,髙橋 三郎,座学2単位,座学2単位で要件充足,,,',
    );
    expect(lines[4]).toBe(
      '医療機関要対応,門司区,1000002,門司医院,,,,G-MISアカウントの発行を申請／所属医師に研修の受講を案内,G-MISアカウントなし、修了者・要件充足者なし,11,間に合わない恐れ',
    );
  });

  test('the UTF-8 CSV keeps every character', () => {
    const { bytes } = encodeCsv(text, 'utf8');
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(text);
    expect(text).toContain('𠮷田 花子');
  });
});
