/**
 * Japanese message and fix templates for every issue code (SPEC Appendix A, §6.3), with the
 * default severity of each code. This is the one strings module for issue texts.
 *
 * Templates use `{name}` placeholders filled by renderIssueText. Params supplied for every placed
 * issue (src/sheets/issues.ts): {value} (the value found, '' when none), {sheet} (the workbook's
 * own sheet name), {column} (the header text of the column), {cell} (A1 address), {row}.
 * Code-specific params, as the readers and the engine pass them:
 *
 *   sheet-missing                  {sheet} expected sheet name, {aliases} accepted sheet names (「、」)
 *   column-missing                 {sheet}, {expected} expected header, {aliases} accepted headers
 *   setting-invalid                {key} setting key, {value}, {cell}
 *   owned-column-blocked           {sheet}, {cells} cells in the way (「、」)
 *   owned-sheet-name-taken, sheet-protected   {sheet}
 *   file-not-xlsx, file-encrypted-or-xls, file-corrupt, workbook-protected   (none)
 *   file-not-found                 {value} the input path as given
 *   output-not-writable            {value} the target (path, or sheet for a full 実行履歴), {reason}
 *   doctor-id-*, record-doctor-unknown, date-*, kind-*, units-*, flag-unrecognised,
 *   cell-error-value, formula-without-value, clinic-code-*     {value}, {column}
 *   doctor-id-duplicate, clinic-code-duplicate, duplicate-record   {firstRow} row of the first one
 *   record-doctor-unknown          {padded} only with RECORD_DOCTOR_UNKNOWN_PADDED_FIX (below)
 *   clinic-code-leading-zero-restored   {padded} the zero-padded code that is used
 *   certificate-date-future        {value} the date (yyyy/mm/dd)
 *   date-future                    {value} the date, {asOf} as-of date (yyyy/mm/dd)
 *   date-before-count-from         {count} rows, {countFrom} 集計開始日 (yyyy/mm/dd)
 *   units-not-half-step            {value}, {step}
 *   jitchi-units-not-standard      {value}, {unitsPerJitchi}
 *   clinic-type-conflict           {value} the type as written, {code} the clinic code
 *   affiliation-duplicate          {value} the clinic code
 *   column-duplicate               {column} the ignored column's header, {used} the header used
 *   input-duplicate-source         {other} the ignored sheet (or 「sheet（テーブル name）」)
 *   owned-like-column-ignored      {column} (= {value}) the 判定_… header
 *   setting-default-used, setting-unknown   {key}
 *   report-previous-year           {date} the 報告日 (yyyy/mm/dd), {year} the report year
 *   report-date-future             {value} the 報告日 (yyyy/mm/dd), {asOf}
 *   date-before-count-from (実地)  {jitchiCountFrom}; see DATE_BEFORE_*_COUNT_FROM_MESSAGE
 *
 * Params not listed above ({step}, {date}, …) may be passed freely; a placeholder without a param
 * is left as written.
 */
import type { IssueCode, IssueParams, Severity } from '../domain/types';
import { formatNumber } from './format';

export interface IssueText {
  /** Default severity (Appendix A); cell-error-value and clinic-unknown vary by field/sheet. */
  severity: Severity;
  message: string;
  fix: string;
}

export const SEVERITY_JA: Readonly<Record<Severity, string>> = Object.freeze({
  error: 'エラー',
  warning: '警告',
  info: '情報',
});

/** Accepted date forms, quoted in date fixes. */
const DATE_FORMS = '2025/12/01、2025-12-01、2025年12月1日、令和7年12月1日、R7.12.1';

export const ISSUE_TEXTS: Readonly<Record<IssueCode, IssueText>> = Object.freeze({
  // ----- fatal (exit 1, nothing written) -----
  'sheet-missing': {
    severity: 'error',
    message: '必要なシート「{sheet}」が見つかりません（使えるシート名・テーブル名：{aliases}）',
    fix:
      'シート「{sheet}」を追加するか、既存のシート名を {aliases} のいずれかに変更してください。' +
      '「テンプレートを作成」で空の入力シートを作れます',
  },
  'column-missing': {
    severity: 'error',
    message: 'シート「{sheet}」に必須の列「{expected}」が見つかりません（使える見出し：{aliases}）',
    fix:
      'シート「{sheet}」の見出し行（先頭50行以内）に「{expected}」の列を追加するか、既存の列の見出しを' +
      ' {aliases} のいずれかに変更してください（見出しは1行で。空白・全角／半角の違いは問いません）',
  },
  'file-not-xlsx': {
    severity: 'error',
    message: 'Excel ブック（.xlsx）ではないため読めません',
    fix: 'Excel でファイルを開き、「Excel ブック（*.xlsx）」形式で保存し直してから実行してください',
  },
  'file-encrypted-or-xls': {
    severity: 'error',
    message:
      '暗号化（パスワード保護）されたファイル、または旧形式 .xls は読めません。.xlsx で保存し直してください',
    fix:
      'Excel でファイルを開き、パスワードを解除して（［ファイル］→［情報］→［ブックの保護］）、' +
      '「Excel ブック（*.xlsx）」形式で保存し直してから実行してください',
  },
  'file-corrupt': {
    severity: 'error',
    message: 'ファイルが壊れているため読めません（.xlsx として開けません）',
    fix: 'Excel で開けるか確認し、開ける場合は「名前を付けて保存」で .xlsx として保存し直してから実行してください',
  },
  'setting-invalid': {
    severity: 'error',
    message: '設定「{key}」の値「{value}」が正しくないため、計算を中止しました',
    fix:
      'セル{cell}を正しい値にしてください（数値は0以上で、「10単位」「3年」「14日」のように単位を付けても構いません。' +
      '合計必要単位・実地1件の単位・座学の単位刻みは0より大きい値、修了証の有効年数は1以上の整数。' +
      '日付は 2026/01/31 の形式で、報告期間開始は報告期間終了より後にはできません）。空欄にすると既定値を使います',
  },
  'owned-column-blocked': {
    severity: 'error',
    message: 'シート「{sheet}」の判定列を追加する場所に、値・数式またはセル結合があります（{cells}）',
    fix: 'これらのセルの内容を別の列へ移すか削除してから、もう一度再計算してください（何も書き込んでいません）',
  },
  'owned-sheet-name-taken': {
    severity: 'error',
    message: 'シート「{sheet}」はこのツールの出力用の名前ですが、ツールが作ったシートではありません',
    fix: '上書きを避けるため停止しました。既存のシート「{sheet}」の名前を変更してから、もう一度再計算してください',
  },
  'sheet-protected': {
    severity: 'error',
    message: 'シート「{sheet}」が保護されているため、結果を書き込めません',
    fix: '［校閲］→［シート保護の解除］で保護を解除してから、もう一度再計算してください（何も書き込んでいません）',
  },
  'workbook-protected': {
    severity: 'error',
    message: 'ブックの構成が保護されているため、結果のシートを追加できません',
    fix: '［校閲］→［ブックの保護］で保護を解除してから、もう一度再計算してください（何も書き込んでいません）',
  },

  // ----- fatal, rev 2: the files themselves (CLI) -----
  'file-not-found': {
    severity: 'error',
    message: '入力ファイル「{value}」が見つかりません',
    fix: 'ファイル名とフォルダーを確かめてから、もう一度実行してください（何も書き込んでいません）',
  },
  'output-not-writable': {
    severity: 'error',
    message: '出力先「{value}」に書き込めません（{reason}）',
    fix: '出力先のフォルダー・空き容量・権限を確かめるか、別の出力先を指定してください（何も書き込んでいません）',
  },

  // ----- 医師 -----
  'doctor-id-missing': {
    severity: 'error',
    message: '{column}が空欄です',
    fix: '{column}を入力してください。IDのない行は計算に使いません',
  },
  'doctor-id-invalid': {
    severity: 'error',
    message: '{column}「{value}」をIDとして読めません（小数・日付・TRUE/FALSE はIDになりません）',
    fix: 'セルの書式を「文字列」にして、正しい番号を入力し直してください（先頭の0も保たれます）',
  },
  'doctor-id-duplicate': {
    severity: 'error',
    message: '{column}「{value}」が{firstRow}行目と重複しています',
    fix: '同じ医師が2行あります。どちらかの行を削除するか、番号の誤りを直してください（この行は計算に使っていません）',
  },
  'doctor-name-missing': {
    severity: 'warning',
    message: '氏名が空欄です',
    fix: '氏名を入力してください。空欄の間は会員番号で表示します',
  },
  'certificate-date-invalid': {
    severity: 'warning',
    message: '修了証発行日「{value}」を日付として読めません',
    fix: `${DATE_FORMS} のように入力してください。読めない間は修了証なしとして扱います`,
  },
  'certificate-date-future': {
    severity: 'warning',
    message: '修了証発行日「{value}」が基準日より後です',
    fix: '日付の誤りでないか確認してください。基準日より後の修了証は「修了証あり」に数えません',
  },
  'certificate-date-missing': {
    severity: 'warning',
    message: '申請状況が「発行済」ですが、修了証発行日が空欄です',
    fix: '修了証に記載の発行日を修了証発行日の列に入力してください。日付が入るまで「修了証あり」に数えません',
  },
  'application-status-unknown': {
    severity: 'info',
    message: '申請状況「{value}」は認識できない値です',
    fix: '未申請・申請中・差戻し・承認済・発行済 のいずれかを入力してください（次の対応の文面だけに使います）',
  },
  'clinic-unknown': {
    severity: 'warning',
    message: '医療機関コード「{value}」が医療機関シートにありません',
    fix:
      'コードの誤り（桁数・先頭の0・別の医療機関）を直すか、医療機関シートにこの医療機関を追加してください。' +
      '直すまでこの医師と医療機関のつながりは計算に使いません',
  },

  // ----- 研修記録 -----
  'record-doctor-unknown': {
    severity: 'error',
    message: '{column}「{value}」の医師が医師シートにいません',
    fix: '番号の誤りを直すか、医師シートにこの医師を追加してください。この行は計算に使っていません',
  },
  'date-missing': {
    severity: 'error',
    message: '{column}が空欄です',
    fix: `受講日（実施日）を ${DATE_FORMS} のように入力してください。日付のない記録は数えません`,
  },
  'date-invalid': {
    severity: 'error',
    message: '{column}「{value}」を日付として読めません',
    fix:
      `年・月・日をすべて ${DATE_FORMS} のように入力してください` +
      '（年月だけ・2桁の年・存在しない日付・1900年より前の日付は使えません）',
  },
  'date-era-out-of-range': {
    severity: 'error',
    message: '和暦の日付「{value}」がその元号の期間外です',
    fix:
      '元号と年を確認してください（令和は2019年5月1日から、平成は2019年4月30日まで。' +
      '令和元年＝令和1年で、0年はありません）。西暦（2025/12/01）でも入力できます',
  },
  'date-future': {
    severity: 'warning',
    message: '{column}「{value}」が基準日（{asOf}）より後のため、数えていません',
    fix: '日付の誤りなら直してください。予定の記録であれば、その日が基準日を過ぎると数えます',
  },
  'date-before-count-from': {
    severity: 'info',
    message: '集計開始日（{countFrom}）より前の記録が{count}行あり、数えていません',
    fix: '意図どおりなら対応は不要です。数える場合は設定シートの集計開始日（座学）・実地の集計開始日（実地）を見直してください',
  },
  'kind-missing': {
    severity: 'error',
    message: '区分（座学／実地）が空欄です',
    fix: '「座学」または「実地」を入力してください',
  },
  'kind-unknown': {
    severity: 'error',
    message: '区分「{value}」が座学・実地のどちらか判別できません',
    fix: '「座学」（知識・講習 でも可）または「実地」（経験・活動 でも可）を入力してください',
  },
  'units-missing': {
    severity: 'error',
    message: '座学の単位数が空欄です',
    fix: '単位数を数値で入力してください（1時間＝1単位、30分＝0.5単位）',
  },
  'units-not-number': {
    severity: 'error',
    message: '単位数「{value}」を数値として読めません',
    fix: '1.5 や 2 のように数値で入力してください（「1.5単位」や全角数字も読めます）',
  },
  'units-not-half-step': {
    severity: 'error',
    message: '単位数「{value}」が{step}単位刻みではありません',
    fix: '座学の単位は{step}単位刻み（30分＝0.5単位）で入力してください。0以下の値は使えません',
  },
  'jitchi-units-not-standard': {
    severity: 'warning',
    message: '実地の単位数「{value}」が実地1件の単位（{unitsPerJitchi}単位）と異なります',
    fix:
      '実地は1行＝1件として{unitsPerJitchi}単位で数え、この列の値は使いません。' +
      '複数の活動は1件ずつ行を分けて入力してください（単位列は空欄でも構いません）',
  },
  'jitchi-approval-blank': {
    severity: 'warning',
    message: '実地研修の承認欄が空欄のため、数えていません',
    fix: '医師会長の承認を受けた記録は「承認」、申請中なら「申請中」と入力してください',
  },
  'jitchi-not-approved': {
    severity: 'info',
    message: '実地研修が承認されていない（「{value}」）ため、数えていません',
    fix: '却下・差戻しの記録です。再申請して承認されたら承認欄を「承認」に変えてください',
  },
  'duplicate-record': {
    severity: 'warning',
    message: '{firstRow}行目と同じ記録（医師・日付・区分・研修名・単位が同じ）のため、数えていません',
    fix: '二重入力ならこの行を削除してください。別の研修であれば研修名を入力して区別してください',
  },

  // ----- 医療機関 -----
  'clinic-code-missing': {
    severity: 'error',
    message: '医療機関コードが空欄です',
    fix: '10桁の医療機関コード（例：4017716434）を入力してください',
  },
  'clinic-code-invalid': {
    severity: 'error',
    message: '医療機関コード「{value}」は10桁（または7桁）の数字ではありません',
    fix: 'セルの書式を「文字列」にして、都道府県番号から始まる10桁のコード（例：4017716434）を入力してください',
  },
  'clinic-code-duplicate': {
    severity: 'error',
    message: '医療機関コード「{value}」が{firstRow}行目と重複しています',
    fix: '同じ医療機関が2行あります。どちらかの行を削除してください（この行は計算に使っていません）',
  },
  'clinic-code-leading-zero-lost': {
    severity: 'error',
    message:
      '医療機関コード「{value}」は9桁の数値です。先頭の0が消えた可能性がありますが、0を補っても正しいコードになりません',
    fix: 'セルの書式を「文字列」にして、先頭の0を含む10桁のコードを入力し直してください',
  },
  'clinic-code-pharmacy': {
    severity: 'error',
    message: '医療機関コード「{value}」は薬局（調剤、3桁目が4）のコードです',
    fix: '薬局はかかりつけ医機能報告の対象外です。薬局の行なら削除し、入力誤りなら正しいコードに直してください',
  },
  'clinic-code-check-digit': {
    severity: 'warning',
    message: '医療機関コード「{value}」の検証番号（10桁目）が合いません',
    fix:
      '入力誤りがないか確認してください。埼玉・千葉・東京・神奈川のコードは付番方式が異なり合わないことがあり、' +
      '正しいコードなら対応は不要です（この行は計算に使っています）',
  },
  'clinic-code-leading-zero-restored': {
    severity: 'warning',
    message:
      '医療機関コード「{value}」は数値として入力され先頭の0が消えていたため、「{padded}」として読みました',
    fix: 'セルの書式を「文字列」にして「{padded}」と入力し直してください',
  },
  'clinic-name-missing': {
    severity: 'warning',
    message: '医療機関名が空欄です',
    fix: '名称を入力してください。空欄の間は医療機関コードで表示します',
  },
  'clinic-type-conflict': {
    severity: 'warning',
    message: '種別「{value}」と医療機関コード「{code}」（3桁目：歯科は3）が食い違っています',
    fix: '種別とコードのどちらが正しいか確認してください。どちらかが歯科であれば報告対象外（歯科）として扱います',
  },

  // ----- 所属 -----
  'affiliation-duplicate': {
    severity: 'warning',
    message: '同じ医師と医療機関「{value}」の組み合わせが前の行にもあります',
    fix: '重複した行を削除してください（つながりは1回だけ数えます）',
  },

  // ----- any sheet -----
  'flag-unrecognised': {
    severity: 'warning',
    message: '{column}の値「{value}」をはい／いいえとして読めないため、「いいえ」として扱いました',
    fix: 'はいは ○・有・1、いいえは ×・無・0 または空欄で入力してください',
  },
  'formula-without-value': {
    severity: 'warning',
    message: '{column}の数式に計算結果が保存されていないため、値を読めません',
    fix: 'Excel でファイルを開いて再計算（F9）し、保存してから実行してください。数式をやめて値で入力しても構いません',
  },
  'cell-error-value': {
    severity: 'warning',
    message: '{column}のセルがエラー値「{value}」です',
    fix: '数式や参照先を確認し、エラーにならない値を入力してください。エラーのセルは空欄として扱います',
  },

  // ----- sheet level -----
  'column-duplicate': {
    severity: 'info',
    message: '列「{column}」は列「{used}」と同じ項目に当たるため、読んでいません',
    fix: '使わない列であれば対応は不要です。こちらを使う場合は、列「{used}」の見出しを変えるか削除してください',
  },
  'owned-like-column-ignored': {
    severity: 'info',
    message: '列「{column}」は「判定_」で始まりますが、このツールの出力列ではないため読み書きしません',
    fix: '自分で作った列なら対応は不要です。不要になった出力列なら削除してください',
  },
  'gmis-account-column-missing': {
    severity: 'info',
    message: '医療機関シートに G-MIS の列がないため、すべての医療機関を「アカウントあり」として判定しました',
    fix: 'アカウントの有無を判定に使うには「G-MIS」列を追加し、○／× または G-MIS ID を入力してください',
  },
  'input-duplicate-source': {
    severity: 'info',
    message: '「{other}」も同じ入力に当たりますが、先に見つかったシート（テーブル）を使うため読んでいません',
    fix: '意図どおりなら対応は不要です。「{other}」を読ませたい場合は、先に見つかった側のシート名を変えてください',
  },
  'setting-default-used': {
    severity: 'info',
    message: '設定シートに「{key}」の行がないため、既定値を使いました',
    fix: '既定値でよければ対応は不要です。変える場合は設定シートに「{key}」の行を追加して値を入力してください',
  },
  'no-doctor-clinic-links': {
    severity: 'info',
    message: '医療機関シートはありますが、どの医師も医療機関につながっていません',
    fix:
      '医師シートの医療機関コード列、または所属シートで医師と医療機関をつないでください' +
      '（コードは医療機関シートと完全に一致する必要があります）',
  },
  'setting-unknown': {
    severity: 'warning',
    message: '設定「{key}」は認識できない項目のため、計算に使っていません',
    fix: '項目名の誤りなら正しい名前（例：合計必要単位）に直してください。メモであれば対応は不要です',
  },

  // ----- rev 2: this year's report, completers outside the roster (医療機関) -----
  'report-previous-year': {
    severity: 'info',
    message: '前回（{date}）の報告です。今年の報告はまだ記録されていません',
    fix:
      '{year}年の報告が済んだら、報告状況を「報告済」にして報告日を入力してください。' +
      'それまでは報告済として数えません（前年の名簿を引き継いだ場合は報告状況を「未報告」に戻すと分かりやすくなります）',
  },
  'report-date-missing': {
    severity: 'info',
    message: '報告状況は報告済ですが、報告日が空欄です',
    fix: '報告日を入力してください。空欄の間は今年の報告として扱いますが、前年の報告済をそのまま引き継いだものかどうか区別できません',
  },
  'report-date-future': {
    severity: 'warning',
    message: '報告日「{value}」が基準日（{asOf}）より後です',
    fix: '日付の誤りでないか確認してください。基準日より後の報告日は空欄として扱います',
  },
  'report-date-invalid': {
    severity: 'warning',
    message: '報告日「{value}」を日付として読めません',
    fix: `${DATE_FORMS} のように入力してください。読めない間は空欄として扱います`,
  },
  'report-date-column-missing': {
    severity: 'info',
    message:
      '医療機関シートに報告日の列がないため、報告状況の「報告済」が今年の報告か前年の報告か区別できません',
    fix: '「報告日」列を追加し、G-MISで報告した日を入力してください。前年の報告日の「報告済」は今年の報告済として数えなくなります',
  },
  'outside-completers-invalid': {
    severity: 'warning',
    message: '名簿外の修了者「{value}」を人数として読めないため、0人として扱いました',
    fix: '医師シートにいない修了者の人数を 0 以上の整数（例：1）で入力してください。いる・いないだけなら ○／× でも構いません',
  },
});

/**
 * Messages of date-before-count-from when 実地 rows were left out (§3.1 rev 2: 実地 has its own
 * 実地の集計開始日). Params: {count}, {jitchiCountFrom}, and {countFrom} for the combined form.
 * ISSUE_TEXTS holds the 座学-only message; src/sheets/issues.ts picks by the params present.
 */
export const DATE_BEFORE_JITCHI_COUNT_FROM_MESSAGE =
  '実地の集計開始日（{jitchiCountFrom}）より前の実地研修が{count}行あり、数えていません';
export const DATE_BEFORE_BOTH_COUNT_FROM_MESSAGE =
  '集計開始日（座学：{countFrom}）・実地の集計開始日（{jitchiCountFrom}）より前の記録が{count}行あり、数えていません';

/**
 * Fix of record-doctor-unknown when the ID matches a doctor after zero-padding (SPEC §4.3: the
 * fix says so; nothing is repaired silently). Params: {value}, {column}, {padded}.
 */
export const RECORD_DOCTOR_UNKNOWN_PADDED_FIX =
  '先頭に0を補った「{padded}」なら医師シートの医師と一致します（数値セルで先頭の0が消えた可能性があります）。' +
  'セルの書式を「文字列」にして「{padded}」と入力し直してください（自動では直しません）';

const PLACEHOLDER_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills `{name}` placeholders from params; numbers are written as the shortest decimal (0.5, 3).
 * Placeholders without a param are left as they are.
 */
export function renderIssueText(template: string, params: IssueParams): string {
  return template.replace(PLACEHOLDER_RE, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return whole;
    const v = params[name];
    if (typeof v === 'number') return formatNumber(v);
    return typeof v === 'string' ? v : whole;
  });
}

/**
 * Fatal texts of the package writer (issue 15) for cases the fatal codes' own texts do not describe;
 * passed as FatalDetails.texts with the code named beside each. Params: {sheet}, {count},
 * {part}, {element}.
 */
export const PACKAGE_FATAL_TEXTS = Object.freeze({
  /** code file-not-xlsx: a Strict Open XML package (read, never written). */
  strict: {
    message: 'Strict Open XML 形式で保存されたブックには結果を書き込めません（読み取りと判定はできます）',
    fix:
      'Excel でファイルを開き、［名前を付けて保存］で「Excel ブック（*.xlsx）」を選んで保存し直してから実行してください' +
      '（何も書き込んでいません）',
    en: 'the workbook is saved as Strict Open XML, which the tool does not write; save it as an Excel Workbook (*.xlsx)',
  },
  /** code file-corrupt: a part the writer must change holds an element it does not know. */
  unknownContent: {
    message: 'ブック内の {part} に、このツールが扱えない要素 <{element}> があるため書き込めません',
    fix:
      'Excel でファイルを開き、「Excel ブック（*.xlsx）」形式で保存し直してから実行してください' +
      '（何も書き込んでいません）',
    en: 'a part the tool must change holds an element it does not know; nothing was written',
  },
  /** code owned-column-blocked: the owned columns would lie right of column XFD (16,384). */
  noColumnLeft: {
    message:
      'シート「{sheet}」には判定列を追加する列が残っていません（最終列 XFD まで使われていて、{count} 列が入りきりません）',
    fix:
      'シート「{sheet}」の右端の列（XFD 列まで）にある不要な値を削除するか、表を左へ詰めてから、' +
      'もう一度再計算してください（何も書き込んでいません）',
    en: 'the sheet has no columns left for the result columns (past column XFD); nothing was written',
  },
});

/**
 * The {reason} of `output-not-writable` by the Node error code of the failed write (rev 2): the
 * target is named, never the temporary file.
 */
export const OUTPUT_NOT_WRITABLE_REASONS: Readonly<Record<string, string>> = Object.freeze({
  ENOENT: 'フォルダーがありません',
  ENOTDIR: 'フォルダーではありません',
  EACCES: '書き込む権限がありません',
  EPERM: '書き込む権限がありません',
  EROFS: '読み取り専用の場所です',
  ENOSPC: 'ディスクの空きがありません',
  EDQUOT: 'ディスクの割り当てを超えました',
  EFBIG: 'ファイルが大きすぎます',
  ENAMETOOLONG: 'ファイル名が長すぎます',
  EISDIR: '同じ名前のフォルダーがあります',
  EIO: '入出力エラーが起きました',
  EBUSY: '使用中です',
  EEXIST: '同じ名前のファイルがあります',
  EXDEV: '別のドライブに移せません',
  other: '書き込みに失敗しました',
  /** 実行履歴 already reaches Excel's last row (1,048,576). */
  sheetFull: 'シートが最終行（1,048,576 行）まで埋まっています',
  /** An owned sheet would need more rows than Excel has. */
  sheetTooLong: '結果が Excel の最大行数（1,048,576 行）を超えます',
});
