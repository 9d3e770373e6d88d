/**
 * Every fixed Japanese text the rules produce (SPEC Appendix B, §3.6, §5.2) and the small helpers
 * that format numbers and shortfalls into them. The domain returns facts (kinds, numbers, flags);
 * src/sheets puts them in these words (src/sheets/outcome.ts), so wording changes happen here only.
 */
import type { Day } from '../domain/day';
import { slashDate } from './format';
import type {
  ClinicType,
  Exclusion,
  Missing,
  NextStep,
  Readiness,
  Reason,
  Severity,
  Status,
} from '../domain/types';

// ---------------------------------------------------------------------------------------------
// Labels of enumerations
// ---------------------------------------------------------------------------------------------

/** 判定_状態 */
export const STATUS_LABELS: Readonly<Record<Status, string>> = Object.freeze({
  certified: '修了証あり',
  eligible: '要件充足',
  'in-progress': '未充足',
  'no-records': '記録なし',
});

/** 判定_準備状況 */
export const READINESS_LABELS: Readonly<Record<Readiness, string>> = Object.freeze({
  'out-of-scope': '対象外',
  reported: '報告済',
  ready: '準備完了',
  'action-needed': '要対応',
});

/** 判定_報告対象 for an in-scope clinic. */
export const IN_SCOPE_LABEL = '対象';

/** 判定_報告対象 for an out-of-scope clinic, by exclusion. */
export const EXCLUSION_LABELS: Readonly<Record<Exclusion, string>> = Object.freeze({
  'special-function-hospital': '対象外（特定機能病院）',
  dental: '対象外（歯科）',
  suspended: '対象外（休院）',
});

/** 判定_報告対象 text for a clinic's exclusion (null = in scope). */
export function scopeLabel(exclusion: Exclusion | null): string {
  return exclusion === null ? IN_SCOPE_LABEL : EXCLUSION_LABELS[exclusion];
}

/** Reasons of an action-needed clinic (判定_要対応). */
export const REASON_LABELS: Readonly<Record<Reason, string>> = Object.freeze({
  'no-gmis-account': 'G-MISアカウントなし',
  'no-gmis-permission': 'かかりつけ報告権限なし',
  'no-linked-doctor': '所属医師なし',
  'no-completer': '修了者・要件充足者なし',
  'eligible-not-applied': '要件充足者あり（未修了）',
});

/** 判定_修了者の有無 */
export const COMPLETER_YES = '有';
export const COMPLETER_NO = '無';

/** Severity labels (入力チェック 重要度). */
export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = Object.freeze({
  error: 'エラー',
  warning: '警告',
  info: '情報',
});

/** Clinic types as staff write them (used as the value of clinic-type-conflict). */
export const CLINIC_TYPE_LABELS: Readonly<Record<ClinicType, string>> = Object.freeze({
  hospital: '病院',
  clinic: '診療所',
  dental: '歯科診療所',
});

// ---------------------------------------------------------------------------------------------
// Fixed sentences
// ---------------------------------------------------------------------------------------------

export const MAMIS_NOTE =
  '正式な修了は日本医師会（MAMIS）での承認により決定されます。本資料の『要件充足』は見込みです。';

/** Status cell of a rejected row (判定_次の対応 on 医師, 判定_準備状況 on 医療機関). */
export const INPUT_ERROR_TEXT = '入力エラー（入力チェック参照）';

/** 入力チェック's first row when it lists only the first `shown` of `total` problems (counts per code). */
export function inputCheckTruncatedText(
  total: number,
  shown: number,
  perCode: readonly [string, number][],
): string {
  const counts = perCode.map(([code, k]) => `${code} ${k}件`).join('、');
  return `問題が ${total} 件あり、先頭の ${shown} 件だけを表示しています（コード別：${counts}）。すべての問題は --json の結果にあります。`;
}

/** Deadline risk (§3.5). */
export const AT_RISK_TEXT = '間に合わない恐れ';

/** Separator of the reasons in 判定_要対応. */
export const REASON_SEPARATOR = '、';

/** District of doctors/clinics without one, and the label of the total row (§3.6). */
export const UNSET_DISTRICT = '（地区未設定）';
export const TOTAL_DISTRICT = '合計';

/** Shown on 会議資料 instead of a rate of a district below 最小公表人数 (§3.7). */
export const SUPPRESSED_RATE = '－';

/** 判定_次の対応 fixed texts. */
export const NEXT_TEXTS = Object.freeze({
  certified: '対応不要（修了証あり）',
  eligible: '要件充足：MAMISで修了申請を',
  applied: '修了申請中：承認・発行を待つ',
  returned: '差戻し：申請内容を修正して再申請',
});

// ---------------------------------------------------------------------------------------------
// Settings (設定 sheet 説明 column), keyed by the 項目 text of SPEC §3.7
// ---------------------------------------------------------------------------------------------

export const SETTING_DESCRIPTIONS: Readonly<Record<string, string>> = Object.freeze({
  基準日: '判定の基準日。空欄の場合は実行した日（日本時間）。この日より後の研修記録は数えません。',
  集計開始日:
    'この日より前の座学研修の記録は数えません（実地研修には適用しません）。空欄の場合は日付で絞り込みません。',
  実地の集計開始日:
    'この日より前の実地研修の記録は数えません。空欄の場合は日付で絞り込みません（実地研修は過去の活動も認められます）。',
  合計必要単位: '修了に必要な座学と実地の合計単位数（既定 10）。',
  実地1件の単位: '承認された実地研修1件を何単位として数えるか（既定 5）。',
  座学の単位刻み: '座学単位の最小の刻み（既定 0.5＝30分）。不足する座学単位はこの刻みで切り上げます。',
  座学の最小単位数: '修了に必要な座学の最小単位数（既定 0.5）。',
  実地の最小件数: '修了に必要な実地研修の最小件数（既定 1）。',
  修了証の有効年数:
    '修了証の有効期間（年）。空欄の場合は期限なし。設定すると、発行日から有効年数を過ぎた修了証は期限切れとして扱います。',
  報告期間開始:
    'かかりつけ医機能報告の報告期間の開始日。空欄の場合は報告年の1月1日（報告年は、報告期間終了を入力していればその年、なければ基準日から決まる年）。',
  報告期間終了:
    '報告期間の終了日。空欄の場合は報告年の3月31日。残り日数と「間に合わない恐れ」の判定に使います。',
  'G-MIS新規発行日数': 'G-MISアカウントの新規発行にかかる日数の見込み（既定 14）。',
  報告権限追加日数:
    '既存のG-MISアカウントにかかりつけ医機能報告の権限を追加するのにかかる日数の見込み（既定 30）。',
  座学あと少しの上限: '要対応リストの「座学のみ不足」に載せる、不足する座学単位の上限（既定 2）。',
  最小公表人数:
    '会議資料で、医師数がこの人数未満の地区の割合を「－」で表示します。0 の場合はすべて表示します（既定 0）。',
  // rev 2: texts printed on the individual notices (not rules)
  医師会名: '個別通知の差出人として印刷する医師会の名前（例：○○市医師会）。空欄の場合は印刷しません。',
  問い合わせ先:
    '個別通知の末尾に「お問い合わせ：…」として印刷する連絡先（担当・電話番号など）。空欄の場合は印刷しません。',
});

// ---------------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------------

/** Rounds to 10 decimals to drop binary floating-point noise (0.1 + 0.2 → 0.3). */
function round10(n: number): number {
  const r = Number(n.toFixed(10));
  return Object.is(r, -0) ? 0 : r;
}

/** Shortest decimal form of a number: 3, 2.5, 0.5 — never 3.0 (SPEC Appendix B). */
export function fmtNum(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(round10(n));
}

/** 判定_不足: 「実地{n}件・座学{u}単位」 without the zero parts ('' when nothing is missing). */
export function shortfallText(missing: Missing): string {
  const parts: string[] = [];
  if (missing.jitchiActivities > 0) parts.push(`実地${fmtNum(missing.jitchiActivities)}件`);
  if (missing.zagakuUnits > 0) parts.push(`座学${fmtNum(missing.zagakuUnits)}単位`);
  return parts.join('・');
}

/** 「修了証期限切れ（yyyy/mm/dd）：」 */
export function expiredPrefix(expiry: Day): string {
  return `修了証期限切れ（${slashDate(expiry)}）：`;
}

/**
 * 「実地研修{n}件と座学{u}単位で要件充足」 with the non-zero parts only:
 * both → 「実地研修1件と座学2.5単位で要件充足」, one → 「実地研修1件で要件充足」 / 「座学2.5単位で要件充足」.
 */
export function missingPathText(missing: Missing): string {
  const parts: string[] = [];
  if (missing.jitchiActivities > 0) parts.push(`実地研修${fmtNum(missing.jitchiActivities)}件`);
  if (missing.zagakuUnits > 0) parts.push(`座学${fmtNum(missing.zagakuUnits)}単位`);
  // Both zero cannot happen for in-progress / no-records (that would be eligible); be total anyway.
  if (parts.length === 0) return NEXT_TEXTS.eligible;
  return `${parts.join('と')}で要件充足`;
}

/** 「（承認待ち{p}件）」, '' when p is 0. */
export function pendingText(pending: number): string {
  return pending > 0 ? `（承認待ち${fmtNum(pending)}件）` : '';
}

/**
 * 判定_次の対応 (SPEC Appendix B) of a next step: `missing` and `pending` (jitchiPending) are said
 * for 'train'; `expired` (the expiry day of an expired certificate, else null) adds the
 * 修了証期限切れ prefix.
 */
export function nextStepText(step: NextStep, missing: Missing, pending: number, expired: Day | null): string {
  const prefix = expired !== null ? expiredPrefix(expired) : '';
  return prefix + nextStepBody(step, missing, pending);
}

function nextStepBody(step: NextStep, missing: Missing, pending: number): string {
  switch (step) {
    case 'none':
      return NEXT_TEXTS.certified;
    case 'apply':
      return NEXT_TEXTS.eligible;
    case 'await':
      return NEXT_TEXTS.applied;
    case 'reapply':
      return NEXT_TEXTS.returned;
    case 'train':
      return missingPathText(missing) + pendingText(pending);
  }
}

/** 判定_要対応: reasons joined with 「、」, plus 「、間に合わない恐れ」 when at risk. */
export function clinicActionText(reasons: readonly Reason[], atRisk: boolean): string {
  const parts = reasons.map((r) => REASON_LABELS[r]);
  if (atRisk) parts.push(AT_RISK_TEXT);
  return parts.join(REASON_SEPARATOR);
}

export interface RuleTextArgs {
  minZagakuUnits: number;
  minJitchiActivities: number;
  totalUnits: number;
  unitsPerJitchi: number;
  certificateValidityYears: number | null;
  customized: boolean;
}

/**
 * The rule profile in words (会議資料, 実行履歴):
 * 「座学{minZ}単位以上かつ実地{minJ}件以上、合計{total}単位以上（実地1件＝{u}単位）」
 * + 「、修了証の有効期間{N}年」 when set + 「（一部変更）」 when customized.
 */
export function ruleText(a: RuleTextArgs): string {
  let s =
    `座学${fmtNum(a.minZagakuUnits)}単位以上かつ実地${fmtNum(a.minJitchiActivities)}件以上、` +
    `合計${fmtNum(a.totalUnits)}単位以上（実地1件＝${fmtNum(a.unitsPerJitchi)}単位）`;
  if (a.certificateValidityYears !== null) s += `、修了証の有効期間${fmtNum(a.certificateValidityYears)}年`;
  if (a.customized) s += '（一部変更）';
  return s;
}
