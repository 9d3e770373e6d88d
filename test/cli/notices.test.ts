/**
 * `kakari-roster notices` (SPEC §5.5, §6.2, Appendix B "Notices"), golden: for the fixture roster
 * the exact recipients and their order (certified doctors, out-of-scope, ready and reported
 * clinics get none), one manual page break between letters, the text of every Appendix B case,
 * the print setup read back from the written file; the filters; the input never modified; no
 * personal data outside the letters.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, type Io } from '../../src/cli/main';
import {
  ASSOCIATION,
  CONTACT,
  NOTICES_AS_OF,
  NOTICES_TEXT_COLS,
  noticesFixture,
} from '../helpers/notices-fixture';
import { readNotices, type NoticeSheetRead } from '../helpers/notices-read';
import { xlsxBuffer, type Rows } from '../helpers/workbook';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-notices-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

let n = 0;
async function inputFile(book: Record<string, Rows> = noticesFixture()): Promise<string> {
  const p = path.join(dir, `roster-${++n}.xlsx`);
  await fs.writeFile(p, await xlsxBuffer(book, NOTICES_TEXT_COLS));
  return p;
}

async function run(
  input: string,
  extra: string[] = [],
): Promise<{ code: number; io: ReturnType<typeof capture>; sheets: NoticeSheetRead[]; out: string }> {
  const out = path.join(dir, `notices-${++n}.xlsx`);
  const io = capture();
  const code = await main(['notices', input, '-o', out, '--as-of', NOTICES_AS_OF, ...extra], io);
  const sheets = code === 0 ? await readNotices(new Uint8Array(await fs.readFile(out))) : [];
  return { code, io, sheets, out };
}

const SP = '\u3000';
const RULE =
  '座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）、修了証の有効期間3年（一部変更）';
const MAMIS = '正式な修了は日本医師会（MAMIS）での承認により決定されます。本資料の『要件充足』は見込みです。';
const T = {
  eligible: `修了の要件（${RULE}）を満たしています。日本医師会の会員情報システム（MAMIS）から、ご所属の医師会へ修了申請を行ってください。MAMISでの申請が難しい場合は、修了申請書（紙）を医師会へご提出ください。`,
  applied:
    '修了申請を受け付けています。医師会での承認後、修了証はMAMISのマイページからダウンロードできます。',
  returned: '修了申請が差し戻されています。申請内容をご確認のうえ、MAMISから再申請してください。',
  jitchi: (n: number) =>
    `実地研修（経験）があと${n}件必要です。地域に根差した活動（学校医、休日当番医など）について、実地研修（経験）報告書に参加証などの証明書を添えて医師会へご提出ください。承認された活動1件を5単位として数えます。`,
  zagaku: (z: string) =>
    `座学研修（日医生涯教育制度の単位）があと${z}単位必要です。日医生涯教育講座などでご取得ください。受講済みで単位が反映されていない場合は、単位追加申告書をご提出ください。`,
  pending: (p: number) => `承認待ちの実地研修が${p}件あります。承認されると実地の件数に加わります。`,
  expired: (d: string) => `修了証の有効期間は${d}までです。`,
  noAccount:
    'G-MISのアカウントがありません。都道府県へ新規ユーザ登録を申請してください。承認後、アカウントの発行まで通常1〜2週間程度かかります。',
  noPermission:
    'G-MISアカウントに「かかりつけ医機能報告」の報告権限がありません。権限の追加には1か月程度かかることがあります。',
  noLinked:
    '名簿では、この医療機関に所属する医師が登録されていません。所属の医師を医師会へお知らせください。',
  noCompleter:
    '研修の修了者・要件を満たす医師がいません。このままでは報告の「研修修了者の有無」は「無」となります（報告はできます）。',
  eligibleNotApplied:
    '要件を満たしている医師がいます（修了申請がまだです）。MAMISで修了申請を行い修了証が発行されると、「研修修了者 有」と報告できます。',
  atRisk: (end: string) =>
    `報告期間の終了（${end}）までに手続きが間に合わない恐れがあります。お早めにご対応ください。`,
};
const DOCTOR_TITLE = 'かかりつけ医機能報告制度にかかる研修　修了状況のお知らせ';
const CLINIC_TITLE = 'かかりつけ医機能報告（G-MIS）　準備状況のお知らせ';

/** Every name and ID of the fixture, for the privacy checks. */
const PEOPLE: Record<string, string | null> = {
  N001: '山田 太郎',
  N002: '𠮷田 花子',
  N003: '佐藤 次郎',
  N004: '髙橋 三郎',
  N005: '田中 四郎',
  N006: '伊藤 五郎',
  N007: '渡辺 六子',
  N008: null,
  N009: '中村 七海',
};

describe('notices of the fixture roster (all recipients)', () => {
  let input: string;
  let before: Buffer;
  let r: Awaited<ReturnType<typeof run>>;
  let doctors: NoticeSheetRead;
  let clinics: NoticeSheetRead;
  beforeAll(async () => {
    input = await inputFile();
    before = await fs.readFile(input);
    r = await run(input);
    [doctors, clinics] = r.sheets;
  });

  test('exit 0, one summary line with the letter counts, nothing on stderr; the input is untouched', async () => {
    expect(r.code).toBe(0);
    expect(r.io.stdout).toEqual([`${input}\tOK\t通知_医師 7通\t通知_医療機関 3通`]);
    expect(r.io.stderr).toEqual([]);
    expect((await fs.readFile(input)).equals(before)).toBe(true);
  });

  test('sheets 通知_医師 and 通知_医療機関, in this order', () => {
    expect(r.sheets.map((s) => s.name)).toEqual(['通知_医師', '通知_医療機関']);
  });

  test('doctors: exactly the non-certified ones, in 要対応リスト order, then the others by 会員番号', () => {
    // 要対応リスト: 小倉北区 1000001 (N002 申請待ち, N009 実地のみ不足), 1000002 (N003 申請待ち),
    // 門司区 1000002 (N004 申請待ち); then N005, N006, N008 by 会員番号. N001 and N007 are certified.
    expect(doctors.letters.map((l) => l.lines[1][0])).toEqual([
      `小倉北クリニック${SP}𠮷田 花子${SP}先生`,
      `小倉北クリニック${SP}中村 七海${SP}先生`,
      `小倉北内科${SP}佐藤 次郎${SP}先生`,
      `小倉北内科${SP}髙橋 三郎${SP}先生`,
      `門司中央病院${SP}田中 四郎${SP}先生`,
      `伊藤 五郎${SP}先生`,
      `門司中央病院${SP}N008${SP}先生`,
    ]);
  });

  test('clinics: exactly the in-scope action-needed ones, by 地区 then 医療機関コード', () => {
    // ready (1000001), dental (1000004), reported (1000005), 特定機能病院 (1000007), 休院 (1000008): none.
    expect(clinics.letters.map((l) => l.lines[1][0])).toEqual([
      `小倉北内科${SP}御中`,
      `門司中央病院${SP}御中`,
      `若松診療所${SP}御中`,
    ]);
  });

  test('page breaks = letters − 1, after the last row of each letter but the last', () => {
    for (const s of [doctors, clinics]) {
      expect(s.breaks).toHaveLength(s.letters.length - 1);
      s.letters.slice(0, -1).forEach((l, i) => expect(s.breaks[i]).toBe(l.last));
      expect(s.xml).toMatch(
        new RegExp(`<rowBreaks count="${s.breaks.length}" manualBreakCount="${s.breaks.length}">`),
      );
    }
  });

  test('every letter: 和暦 date line (right-aligned), sender, title, MAMIS note, contact', () => {
    for (const [s, title] of [
      [doctors, DOCTOR_TITLE],
      [clinics, CLINIC_TITLE],
    ] as const) {
      for (const l of s.letters) {
        expect(l.lines[0]).toEqual(['令和9年3月20日']);
        expect(l.lines[2]).toEqual([ASSOCIATION]);
        expect(l.lines[3]).toEqual([title]);
        expect(l.lines.at(-2)).toEqual([MAMIS]);
        expect(l.lines.at(-1)).toEqual([`お問い合わせ：${CONTACT}`]);
      }
    }
    // The date line is right-aligned.
    for (const s of [doctors, clinics]) expect(new Set(s.dateAlign)).toEqual(new Set(['right']));
  });

  test('a doctor letter: the figures table, 現在の判定, 不足 and the rule text with （一部変更）', () => {
    const l = doctors.letters[4]; // N005: expired certificate, 座学3, one pending 実地
    expect(l.lines.slice(4, 11)).toEqual([
      ['座学単位', '3単位'],
      ['実地（承認済）', '0件'],
      ['実地（承認待ち）', '1件'],
      ['合計単位', '3単位'],
      ['要件', RULE],
      ['現在の判定', '未充足'],
      ['不足', '実地1件・座学2単位'],
    ]);
    const eligible = doctors.letters[0];
    expect(eligible.lines.slice(9, 11)).toEqual([['現在の判定', '要件充足'], ['不足']]);
  });

  test('the next-step paragraphs of every doctor case, in Appendix B order (expired first)', () => {
    const paras = (i: number): string[] => doctors.letters[i].lines.slice(11, -2).map((x) => x[0]);
    expect(paras(0)).toEqual([T.eligible]);
    expect(paras(1)).toEqual([T.jitchi(1)]);
    expect(paras(2)).toEqual([T.applied]);
    expect(paras(3)).toEqual([T.returned]);
    expect(paras(4)).toEqual([T.expired('2026/01/15'), T.jitchi(1), T.zagaku('2'), T.pending(1)]);
    expect(paras(5)).toEqual([T.jitchi(1), T.zagaku('5')]);
    expect(paras(6)).toEqual([T.jitchi(1), T.zagaku('4.5')]);
  });

  test('a clinic letter: code, window, days left, 有/無, one paragraph per reason, at risk, linked doctors', () => {
    const [c2, c3, c6] = clinics.letters;
    expect(c2.lines.slice(4, 6)).toEqual([
      ['医療機関コード', '1000002', '研修修了者の有無', '無'],
      ['報告期間', '2027/01/01〜2027/03/31', '残り日数', '11日'],
    ]);
    expect(c2.lines.slice(6, 9).map((x) => x[0])).toEqual([
      T.noAccount,
      T.eligibleNotApplied,
      T.atRisk('2027/03/31'),
    ]);
    expect(c2.lines.slice(9, 13)).toEqual([
      ['所属の医師（名簿による）'],
      ['会員番号', '氏名', '現在の判定', '不足'],
      ['N003', '佐藤 次郎', '要件充足'],
      ['N004', '髙橋 三郎', '要件充足'],
    ]);
    expect(c3.lines.slice(6, 9).map((x) => x[0])).toEqual([
      T.noPermission,
      T.noCompleter,
      T.atRisk('2027/03/31'),
    ]);
    // Primary clinic and 所属 link (N009), each once, in 医師 order.
    expect(c3.lines.slice(11, 14)).toEqual([
      ['N005', '田中 四郎', '未充足', '実地1件・座学2単位'],
      ['N008', '未充足', '実地1件・座学4.5単位'],
      ['N009', '中村 七海', '未充足', '実地1件'],
    ]);
    // No linked doctor: the paragraph, not at risk (account and permission present), no list.
    expect(c6.lines.slice(4, 7)).toEqual([
      ['医療機関コード', '1000006', '研修修了者の有無', '無'],
      ['報告期間', '2027/01/01〜2027/03/31', '残り日数', '11日'],
      [T.noLinked],
    ]);
    expect(c6.lines).toHaveLength(9);
  });

  test('personal data: a letter names only its recipient, or the clinic and its own doctors', () => {
    const mentioned = (text: string): string[] =>
      Object.entries(PEOPLE)
        .filter(([id, name]) => text.includes(id) || (name !== null && text.includes(name)))
        .map(([id]) => id);
    expect(doctors.letters.map((l) => mentioned(l.text))).toEqual([
      ['N002'],
      ['N009'],
      ['N003'],
      ['N004'],
      ['N005'],
      ['N006'],
      ['N008'],
    ]);
    expect(clinics.letters.map((l) => mentioned(l.text))).toEqual([
      ['N003', 'N004'],
      ['N005', 'N008', 'N009'],
      [],
    ]);
  });

  test('personal data: nothing of the letters in the output lines (the log) or in the roster', async () => {
    const logged = [...r.io.stdout, ...r.io.stderr].join('\n');
    for (const [id, name] of Object.entries(PEOPLE)) {
      expect(logged).not.toContain(id);
      if (name) expect(logged).not.toContain(name);
    }
    expect(logged).not.toContain('小倉北クリニック');
    // The roster file is byte-identical: no 通知 sheet, no 実行履歴 row, no cell written.
    expect((await fs.readFile(input)).equals(before)).toBe(true);
  });

  test('print setup read back from the file: A4 portrait, one page wide, 20 mm margins, no gridlines, no formulas', () => {
    for (const s of r.sheets) {
      expect(s.xml).toContain('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
      expect(s.xml).toContain('<sheetView showGridLines="0" workbookViewId="0"/>');
      expect(s.xml).toMatch(
        /<pageSetup paperSize="9" orientation="portrait" fitToWidth="1" fitToHeight="0"\/>/,
      );
      const m = /<pageMargins left="([\d.]+)" right="([\d.]+)" top="([\d.]+)" bottom="([\d.]+)"/.exec(s.xml)!;
      for (const v of m.slice(1)) expect(Number(v) * 25.4).toBeCloseTo(20, 1);
      expect(s.xml).not.toMatch(/<f[ >]/);
      expect(s.xml).not.toContain('<headerFooter');
      expect(s.xml).not.toContain('gridLines="1"');
      // CT_Worksheet order: … mergeCells, pageMargins, pageSetup, rowBreaks.
      const at = (tag: string) => s.xml.indexOf(`<${tag}`);
      expect(at('sheetData')).toBeLessThan(at('mergeCells'));
      expect(at('mergeCells')).toBeLessThan(at('pageMargins'));
      expect(at('pageMargins')).toBeLessThan(at('pageSetup'));
      expect(at('pageSetup')).toBeLessThan(at('rowBreaks'));
      // Every row has an explicit height (the letters are laid out for one page each).
      const rows = [...s.xml.matchAll(/<row r="\d+"([^>]*)>/g)];
      expect(rows.every((x) => /customHeight="1"/.test(x[1]))).toBe(true);
    }
  });
});

describe('choices and edge cases', () => {
  test('--to doctors writes 通知_医師 only; --to clinics 通知_医療機関 only', async () => {
    const input = await inputFile();
    const d = await run(input, ['--to', 'doctors']);
    expect(d.sheets.map((s) => s.name)).toEqual(['通知_医師']);
    expect(d.io.stdout).toEqual([`${input}\tOK\t通知_医師 7通`]);
    const c = await run(input, ['--to', 'clinics']);
    expect(c.sheets.map((s) => s.name)).toEqual(['通知_医療機関']);
    expect(c.sheets[0].letters).toHaveLength(3);
  });

  test('--district keeps the recipients of that 地区 (a doctor without 地区 takes its clinic’s)', async () => {
    const input = await inputFile();
    const r = await run(input, ['--district', '門司区']);
    expect(r.sheets[0].letters.map((l) => l.lines[1][0])).toEqual([
      `小倉北内科${SP}髙橋 三郎${SP}先生`,
      `門司中央病院${SP}田中 四郎${SP}先生`,
      `門司中央病院${SP}N008${SP}先生`,
    ]);
    expect(r.sheets[1].letters.map((l) => l.lines[1][0])).toEqual([`門司中央病院${SP}御中`]);
  });

  test('a sheet with no letters holds one line 「該当なし」; an unknown 地区 is warned about', async () => {
    const input = await inputFile();
    const r = await run(input, ['--district', '八幡西区']);
    for (const s of r.sheets) {
      expect(s.letters).toHaveLength(1);
      expect(s.letters[0].lines).toEqual([['該当なし']]);
      expect(s.breaks).toEqual([]);
    }
    expect(r.io.stdout).toEqual([`${input}\tOK\t通知_医師 0通\t通知_医療機関 0通`]);
    expect(r.io.stderr.join('\n')).toContain('八幡西区');
  });

  test('without 医師会名 / 問い合わせ先 and with the default rules: no sender, no contact, no （一部変更）', async () => {
    const input = await inputFile(noticesFixture(false));
    const r = await run(input, ['--to', 'doctors']);
    const l = r.sheets[0].letters[0];
    expect(l.lines[2]).toEqual([DOCTOR_TITLE]);
    expect(l.lines.at(-1)).toEqual([MAMIS]);
    expect(l.text).not.toContain('（一部変更）');
    expect(l.text).not.toContain('お問い合わせ');
    expect(l.text).toContain('座学0.5単位以上かつ実地1件以上、合計10単位以上（実地1件＝5単位）');
  });

  test('-o naming the input is refused (also through a symbolic link), and nothing is written', async () => {
    const input = await inputFile();
    const before = await fs.readFile(input);
    const io = capture();
    expect(await main(['notices', input, '-o', input], io)).toBe(2);
    const link = path.join(dir, 'link.xlsx');
    await fs.symlink(input, link);
    expect(await main(['notices', input, '-o', link], capture())).toBe(2);
    expect(
      await main(
        ['notices', link, '-o', path.join(path.dirname(input), '.', path.basename(input))],
        capture(),
      ),
    ).toBe(2);
    expect((await fs.readFile(input)).equals(before)).toBe(true);
    expect(io.stderr.join('\n')).toContain('入力');
  });

  test('usage errors: no -o, a bad --to, a bad --as-of; a missing input is fatal (exit 1)', async () => {
    const input = await inputFile();
    expect(await main(['notices', input], capture())).toBe(2);
    expect(
      await main(['notices', input, '-o', path.join(dir, 'x.xlsx'), '--to', 'everyone'], capture()),
    ).toBe(2);
    expect(
      await main(['notices', input, '-o', path.join(dir, 'x.xlsx'), '--as-of', '2027-02-30'], capture()),
    ).toBe(2);
    const io = capture();
    expect(await main(['notices', path.join(dir, 'missing.xlsx'), '-o', path.join(dir, 'y.xlsx')], io)).toBe(
      1,
    );
    expect(io.stdout).toEqual([`${path.join(dir, 'missing.xlsx')}\tNG`]);
  });

  test('the same input gives the same bytes (deterministic writer)', async () => {
    const input = await inputFile();
    const a = await run(input);
    const b = await run(input);
    expect((await fs.readFile(a.out)).equals(await fs.readFile(b.out))).toBe(true);
  });
});
