/**
 * Texts of the individual notices (個別通知, SPEC §5.5 and Appendix B "Notices", rev 2). Every
 * sentence a letter prints comes from here; src/sheets/plan-notices.ts only places them.
 * Numbers are written in their shortest decimal form, dates as yyyy/mm/dd unless stated.
 */
import type { Day } from '../domain/day';
import type { Reason } from '../domain/types';
import { calendarDate, dayOf, slashDate } from './format';
import { fmtNum } from './texts';

/** Sheet names of the notices workbook. */
export const NOTICE_DOCTORS_SHEET = '通知_医師';
export const NOTICE_CLINICS_SHEET = '通知_医療機関';

/** Titles (Appendix B). */
export const NOTICE_DOCTOR_TITLE = 'かかりつけ医機能報告制度にかかる研修　修了状況のお知らせ';
export const NOTICE_CLINIC_TITLE = 'かかりつけ医機能報告（G-MIS）　準備状況のお知らせ';

/** The one line of a notices sheet without letters. */
export const NOTICE_NONE = '該当なし';

/** Labels of a doctor's figures table. */
export const NOTICE_DOCTOR_LABELS = Object.freeze({
  zagaku: '座学単位',
  jitchi: '実地（承認済）',
  pending: '実地（承認待ち）',
  total: '合計単位',
  rule: '要件',
  status: '現在の判定',
  shortfall: '不足',
});

/** Labels of a clinic's figures and of its linked-doctors list. */
export const NOTICE_CLINIC_LABELS = Object.freeze({
  code: '医療機関コード',
  window: '報告期間',
  daysLeft: '残り日数',
  completer: '研修修了者の有無',
  doctorsHeading: '所属の医師（名簿による）',
  doctorId: '会員番号',
  doctorName: '氏名',
  doctorStatus: '現在の判定',
  doctorShortfall: '不足',
});

/** The ideographic space (U+3000) between the parts of a recipient line. */
const SP = '\u3000';

/** 「{医療機関名}＿{氏名}＿先生」, or 「{氏名}＿先生」 without a primary clinic (＿ = U+3000). */
export function doctorRecipient(clinicName: string | null, name: string): string {
  return clinicName ? clinicName + SP + name + SP + '先生' : name + SP + '先生';
}

/** 「{医療機関名}＿御中」 (＿ = U+3000) */
export function clinicRecipient(name: string): string {
  return name + SP + '御中';
}

/** 「お問い合わせ：{問い合わせ先}」 */
export function contactLine(contact: string): string {
  return `お問い合わせ：${contact}`;
}

export const units = (n: number): string => `${fmtNum(n)}単位`;
export const activities = (n: number): string => `${fmtNum(n)}件`;

/** 「{n}日」, or 「報告期間の終了から{n}日経過」 once the window has ended. */
export function daysLeftText(n: number): string {
  return n >= 0 ? `${fmtNum(n)}日` : `報告期間の終了から${fmtNum(-n)}日経過`;
}

/** 「yyyy/mm/dd〜yyyy/mm/dd」 */
export function windowText(start: Day, end: Day): string {
  return `${slashDate(start)}〜${slashDate(end)}`;
}

/** Eras for the date line, newest first (RULES.md §C). */
const ERAS: readonly { name: string; first: Day; offset: number }[] = [
  { name: '令和', first: dayOf(2019, 5, 1), offset: 2018 },
  { name: '平成', first: dayOf(1989, 1, 8), offset: 1988 },
  { name: '昭和', first: dayOf(1926, 12, 25), offset: 1925 },
];

/**
 * The date line in 和暦: 「令和9年1月10日」 (the first year of an era is 元年, as letters write it).
 * Dates before 昭和 are written in the Western calendar.
 */
export function warekiDate(day: Day): string {
  const [y, m, d] = calendarDate(day);
  const era = ERAS.find((e) => day >= e.first);
  if (!era) return `${y}年${m}月${d}日`;
  const ey = y - era.offset;
  return `${era.name}${ey === 1 ? '元' : String(ey)}年${m}月${d}日`;
}

/** Next-step paragraphs of a doctor's letter (Appendix B). */
export const NOTICE_DOCTOR_TEXTS = Object.freeze({
  eligible: (rule: string) =>
    `修了の要件（${rule}）を満たしています。日本医師会の会員情報システム（MAMIS）から、ご所属の医師会へ修了申請を行ってください。MAMISでの申請が難しい場合は、修了申請書（紙）を医師会へご提出ください。`,
  applied:
    '修了申請を受け付けています。医師会での承認後、修了証はMAMISのマイページからダウンロードできます。',
  returned: '修了申請が差し戻されています。申請内容をご確認のうえ、MAMISから再申請してください。',
  missingJitchi: (n: number, u: number) =>
    `実地研修（経験）があと${fmtNum(n)}件必要です。地域に根差した活動（学校医、休日当番医など）について、実地研修（経験）報告書に参加証などの証明書を添えて医師会へご提出ください。承認された活動1件を${fmtNum(u)}単位として数えます。`,
  missingZagaku: (z: number) =>
    `座学研修（日医生涯教育制度の単位）があと${fmtNum(z)}単位必要です。日医生涯教育講座などでご取得ください。受講済みで単位が反映されていない場合は、単位追加申告書をご提出ください。`,
  pending: (p: number) => `承認待ちの実地研修が${fmtNum(p)}件あります。承認されると実地の件数に加わります。`,
  expired: (expiry: Day) => `修了証の有効期間は${slashDate(expiry)}までです。`,
});

/** Reason paragraphs of a clinic's letter (Appendix B), and the lead-time sentence. */
export const NOTICE_REASON_TEXTS: Readonly<Record<Reason, string>> = Object.freeze({
  'no-gmis-account':
    'G-MISのアカウントがありません。都道府県へ新規ユーザ登録を申請してください。承認後、アカウントの発行まで通常1〜2週間程度かかります。',
  'no-gmis-permission':
    'G-MISアカウントに「かかりつけ医機能報告」の報告権限がありません。権限の追加には1か月程度かかることがあります。',
  'no-linked-doctor':
    '名簿では、この医療機関に所属する医師が登録されていません。所属の医師を医師会へお知らせください。',
  'no-completer':
    '研修の修了者・要件を満たす医師がいません。このままでは報告の「研修修了者の有無」は「無」となります（報告はできます）。',
  'eligible-not-applied':
    '要件を満たしている医師がいます（修了申請がまだです）。MAMISで修了申請を行い修了証が発行されると、「研修修了者 有」と報告できます。',
});

export const noticeAtRiskText = (end: Day): string =>
  `報告期間の終了（${slashDate(end)}）までに手続きが間に合わない恐れがあります。お早めにご対応ください。`;

/** 「ほか{n}名」 under a linked-doctors list cut to fit the page. */
export const moreDoctorsText = (n: number): string => `ほか${fmtNum(n)}名（名簿をご確認ください）`;
