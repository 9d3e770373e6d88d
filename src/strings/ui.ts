/**
 * Every text of the task pane, the ribbon command, the error dialog and the playground, in
 * Japanese and English (SPEC §6.1: Japanese UI, English when Office's display language is not
 * Japanese). Cell texts, sheet names and issue messages stay Japanese in both languages (§5): they
 * come from src/strings/texts.ts and src/strings/issues.ts.
 *
 * UI code never spells a user-visible string itself; it takes it from here.
 */
import type { IssueCode, Readiness, Severity, SheetRole, Status } from '../domain/types';
import { MAMIS_NOTE, READINESS_LABELS, SEVERITY_LABELS, STATUS_LABELS } from './texts';

export type UiLang = 'ja' | 'en';

/** Recalculation phases shown in the pane (SPEC §6.1: 読み込み / 検証 / 計算 / 書き込み). */
export type PhaseKey = 'read' | 'validate' | 'compute' | 'write';
export const PHASES: readonly PhaseKey[] = ['read', 'validate', 'compute', 'write'];

/** ja* → Japanese; anything else → English; unknown (no Office) → Japanese. */
export function uiLang(displayLanguage: string | null | undefined): UiLang {
  if (!displayLanguage) return 'ja';
  return /^ja(?:[-_]|$)/i.test(displayLanguage.trim()) ? 'ja' : 'en';
}

const n = (v: number): string => v.toLocaleString('ja-JP');
const nEn = (v: number): string => v.toLocaleString('en-US');

export interface UiStrings {
  lang: UiLang;
  /** BCP 47 tag for <html lang>. */
  htmlLang: string;
  num: (v: number) => string;
  /** Joins a list for display (、 / , ). */
  list: (items: readonly string[]) => string;
  /** "label：value" / "label: value". */
  labelled: (label: string, value: string) => string;
  /** Separator between parts of one line (・ / · ). */
  dot: string;

  app: {
    title: string;
    subtitle: string;
    connecting: string;
    noHost: string;
    playgroundBadge: string;
    playgroundAsOf: (iso: string) => string;
    mamisNote: string;
  };

  roles: Record<SheetRole, string>;

  detect: {
    heading: string;
    roleLine: (role: string, need: string, state: string) => string;
    checking: string;
    refresh: string;
    required: string;
    optional: string;
    found: (sheet: string) => string;
    inTable: (table: string) => string;
    rows: (rows: number) => string;
    headerRow: (row: number) => string;
    columnsFound: string;
    requiredMissing: string;
    optionalMissing: string;
    notFound: string;
    notFoundOptional: string;
    headerNotFound: string;
    acceptedNames: (names: string) => string;
    allRequiredFound: string;
    someRequiredMissing: string;
    statusOk: string;
    statusProblem: string;
    statusAbsent: string;
    failed: (msg: string) => string;
  };

  template: {
    heading: string;
    intro: string;
    button: string;
    creating: string;
    done: (sheets: string) => string;
    refused: (sheets: string) => string;
    nothing: string;
    failed: (msg: string) => string;
  };

  recalc: {
    heading: string;
    button: string;
    hint: string;
    cancel: string;
    cancelling: string;
    phases: Record<PhaseKey, string>;
    phaseStep: (label: string, step: number, total: number) => string;
    progressLabel: string;
    cancelled: string;
    cancelledDuringWrite: string;
    fatalTitle: string;
    fix: string;
    errorTitle: string;
    internalError: (msg: string) => string;
    busy: string;
    done: (stamp: string) => string;
    needsRequired: string;
  };

  results: {
    heading: string;
    asOf: (iso: string) => string;
    profile: (text: string) => string;
    doctors: (count: number) => string;
    clinics: (count: number) => string;
    noClinicsSheet: string;
    statusLabels: Record<Status, string>;
    readinessLabels: Record<Readiness, string>;
    statusHelp: Record<Status, string>;
    readinessHelp: Record<Readiness, string>;
    atRisk: (count: number) => string;
    legendHeading: string;
    legendIntro: string;
    cellText: (text: string) => string;
    changes: (certified: number, eligible: number, ready: number) => string;
    firstRun: string;
    rowsRead: (role: string, read: number, used: number, rejected: number, blank: number) => string;
    countTable: string;
    countColumn: string;
    categoryColumn: string;
  };

  issues: {
    heading: string;
    summary: (errors: number, warnings: number, infos: number) => string;
    none: string;
    truncated: (shown: number, total: number) => string;
    group: (code: IssueCode, count: number) => string;
    /** Short title per issue code (the group headers). */
    titles: Record<IssueCode, string>;
    itemLabel: (sheet: string, cell: string, message: string) => string;
    value: (v: string) => string;
    fix: string;
    selected: (sheet: string, cell: string) => string;
    selectFailed: (sheet: string, cell: string) => string;
    severity: Record<Severity, string>;
  };

  sheets: {
    heading: string;
    open: (name: string) => string;
    descriptions: Record<string, string>;
    openFailed: (name: string) => string;
  };

  settings: {
    heading: string;
    intro: string;
    loading: string;
    save: string;
    saving: string;
    saved: string;
    failed: (msg: string) => string;
    noSheet: string;
    create: string;
    created: string;
    missingKey: string;
    defaultValue: (v: string) => string;
    defaultBlank: string;
    defaultToday: string;
    invalidExisting: (v: string) => string;
    errors: {
      number: string;
      positive: string;
      integer: string;
      date: string;
    };
    labels: Record<string, string>;
    protectedSheet: string;
  };

  exports: {
    heading: string;
    intro: string;
    meeting: string;
    actionList: string;
    needsRecalc: string;
    working: string;
    opened: string;
    csvHint: string;
    failed: (msg: string) => string;
    unsupported: string;
  };

  command: {
    tooLarge: (doctors: number, records: number) => string;
    busy: string;
    failedTitle: string;
    nothingWritten: string;
    internalError: (msg: string) => string;
    openPane: string;
  };

  dialog: {
    title: string;
    close: string;
  };

  // ---- The pane at its real size (SPEC §6.1 rev 2, issue 19) ----
  /** The tabs below the summary. */
  tabs: {
    label: string;
    results: string;
    issues: (errors: number) => string;
    settings: string;
    output: string;
  };
  /** The summary card beside 「再計算」. */
  summary: {
    heading: string;
    /** Short status labels for the card's two columns. */
    statusLabels: Record<Status, string>;
    earlier: (stamp: string) => string;
    earlierHint: string;
    doctors: (count: number) => string;
    clinics: (count: number) => string;
    noClinics: string;
    actionNeeded: (count: number) => string;
    atRisk: (count: number) => string;
    daysLeft: (days: number, end: string) => string;
    windowOver: (days: number, end: string) => string;
    problems: (errors: number, warnings: number) => string;
    showIssues: string;
    notRunYet: string;
  };
  /** A fatal error and its one-click fixes. */
  fatal: {
    goToCell: string;
    goToCellOf: (sheet: string, cell: string) => string;
    acceptedHeaders: (names: string) => string;
    acceptedSheets: (names: string) => string;
    invalidSettings: (count: number) => string;
    settingRow: (key: string, value: string, cell: string) => string;
    openSettings: string;
    retry: string;
    selected: (sheet: string, cell: string) => string;
    /** English rendering of each fatal code from its params (Japanese: the core message). */
    describe: (code: IssueCode, p: Record<string, string | number>) => string | null;
  };
  /** The issue list's group header and rows. */
  issueList: {
    groupFix: string;
    groupTitle: (title: string, count: number) => string;
    codeLabel: (code: string) => string;
    goTo: string;
    messageLabel: string;
  };
  /** Titles of issue codes added in SPEC rev 2 (issues.titles falls back to these). */
  moreTitles: Record<string, string>;

  playground: {
    title: string;
    intro: string;
    loading: string;
    loadFailed: (msg: string) => string;
    sheetTabs: string;
    gridLabel: (sheet: string) => string;
    rowsShown: (from: number, to: number, total: number) => string;
    prevRows: string;
    nextRows: string;
    selection: (addr: string) => string;
    noSelection: string;
    paneTitle: string;
    createdWorkbooks: string;
    download: (i: number) => string;
    empty: string;
  };

  /** 「個別通知を作成」 (SPEC §5.5). */
  notices: {
    heading: string;
    intro: string;
    recipients: string;
    toDoctors: string;
    toClinics: string;
    toAll: string;
    district: string;
    allDistricts: string;
    create: string;
    needsRecalc: string;
    working: string;
    opened: (doctors: number | null, clinics: number | null) => string;
    noneHint: string;
    tooLarge: (mb: string) => string;
    perDistrict: (district: string) => string;
    failed: (msg: string) => string;
    unsupported: string;
  };
}

const ja: UiStrings = {
  lang: 'ja',
  htmlLang: 'ja',
  num: n,
  list: (items) => items.join('、'),
  labelled: (label, value) => `${label}：${value}`,
  dot: '・',
  app: {
    title: 'かかりつけロスター',
    subtitle: '研修の修了・報告準備の判定',
    connecting: 'Excel に接続しています…',
    noHost:
      'この画面は Excel のアドインとして開いてください（Excel の［ホーム］タブ →［パネルを開く］）。Excel なしで試すには「npm run playground」を使います。',
    playgroundBadge: 'プレイグラウンド（Excel なしの試用環境）',
    playgroundAsOf: (iso) => `基準日 ${iso}（固定）`,
    mamisNote: MAMIS_NOTE,
  },
  roles: {
    doctors: '医師',
    training: '研修記録',
    clinics: '医療機関',
    affiliations: '所属',
    settings: '設定',
  },
  detect: {
    heading: '入力シート',
    roleLine: (role, need, state) => `${role}（${need}）：${state}`,
    checking: '入力シートを確認しています…',
    refresh: '入力シートを再確認',
    required: '必須',
    optional: '任意',
    found: (sheet) => `シート「${sheet}」`,
    inTable: (table) => `テーブル「${table}」`,
    rows: (rows) => `データ ${n(rows)} 行`,
    headerRow: (row) => `見出しは ${n(row)} 行目`,
    columnsFound: '見つかった列',
    requiredMissing: '見つからない必須の列',
    optionalMissing: 'ない任意の列',
    notFound: '見つかりません',
    notFoundOptional: 'ありません（任意）',
    headerNotFound: 'シートはありますが、見出し行が見つかりません（先頭50行に見出しが2つ以上必要です）',
    acceptedNames: (names) => `使えるシート名：${names}`,
    allRequiredFound: '必須のシートと列がそろっています。',
    someRequiredMissing: '必須のシートまたは列が足りません。このままでは再計算できません。',
    statusOk: 'OK',
    statusProblem: '不足あり',
    statusAbsent: 'なし',
    failed: (msg) => `入力シートを確認できませんでした：${msg}`,
  },
  template: {
    heading: 'テンプレート',
    intro:
      '必須のシートがありません。見出しと入力規則（ドロップダウン）付きの空の入力シートと、説明付きの設定シートを作成できます。',
    button: 'テンプレートを作成',
    creating: 'テンプレートを作成しています…',
    done: (sheets) => `シートを作成しました：${sheets}`,
    refused: (sheets) =>
      `同じ名前のシートがすでにあるため、何も作成しませんでした：${sheets}。名前を変えるか、内容を確認してからもう一度お試しください。`,
    nothing: '作成するシートはありません（入力シートはそろっています）。',
    failed: (msg) => `テンプレートを作成できませんでした：${msg}`,
  },
  recalc: {
    heading: '再計算',
    button: '再計算',
    hint: '判定_ 列と結果のシートを書き込みます。自分で作った列・シートと設定シートは変更しません。',
    cancel: 'キャンセル',
    cancelling: 'キャンセルしています…',
    phases: { read: '読み込み', validate: '検証', compute: '計算', write: '書き込み' },
    phaseStep: (label, step, total) => `${label}（${step}／${total}）`,
    progressLabel: '再計算の進み具合',
    cancelled: '再計算をキャンセルしました。ブックには何も書き込んでいません。',
    cancelledDuringWrite:
      '書き込みの途中で中止しました。判定_ 列の一部が古いままの可能性があります。もう一度「再計算」を実行すると、すべて正しく書き直されます。',
    fatalTitle: '再計算できませんでした（ブックには何も書き込んでいません）',
    fix: '対処',
    errorTitle: '予期しないエラーが発生しました',
    internalError: (msg) => `予期しないエラーが発生しました（${msg}）。もう一度お試しください。`,
    busy: '別の再計算が実行中です（リボンのボタンまたは別の作業ウィンドウ）。終わってからもう一度お試しください。',
    done: (stamp) => `再計算が完了しました（${stamp}）。`,
    needsRequired:
      '必須のシートまたは列が足りません。「再計算」を押すと、足りないものと直し方を表示します（何も書き込みません）。',
  },
  results: {
    heading: '結果',
    asOf: (iso) => `基準日：${iso}`,
    profile: (text) => `ルール：${text}`,
    doctors: (c) => `医師 ${n(c)} 人`,
    clinics: (c) => `医療機関 ${n(c)} 件`,
    noClinicsSheet: '医療機関シートがないため、報告準備の判定はありません。',
    statusLabels: { ...STATUS_LABELS },
    readinessLabels: { ...READINESS_LABELS },
    statusHelp: {
      certified: '修了証の発行日が記録されている',
      eligible: '要件を満たしている（MAMIS で修了申請を）',
      'in-progress': '記録はあるが要件に足りない',
      'no-records': '数えられる研修記録がない',
    },
    readinessHelp: {
      'out-of-scope': '特定機能病院・歯科・休院で報告の対象外',
      reported: 'G-MIS で報告済み',
      ready: 'G-MIS の準備ができ、修了者がいる',
      'action-needed': 'アカウント・権限・修了者のいずれかが不足',
    },
    atRisk: (c) => `うち間に合わない恐れ ${n(c)} 件`,
    legendHeading: '凡例',
    legendIntro: 'シートの判定_ 列は、次の文字と色で表示されます（色だけでなく文字で区別できます）。',
    cellText: (text) => `セルの文字「${text}」`,
    changes: (c, e, r) =>
      `前回からの変化：新規修了 ${n(c)} 人・新規要件充足 ${n(e)} 人・新規準備完了 ${n(r)} 件`,
    firstRun: '初回の実行のため、前回からの変化はありません。',
    rowsRead: (role, read, used, rejected, blank) =>
      `${role}：${n(read)} 行を読み込み（使用 ${n(used)}・除外 ${n(rejected)}・空行 ${n(blank)}）`,
    countTable: '件数',
    countColumn: '件数',
    categoryColumn: '区分',
  },
  issues: {
    heading: '入力の問題',
    summary: (e, w, i) => `エラー ${n(e)} 件・警告 ${n(w)} 件・情報 ${n(i)} 件`,
    none: '入力の問題はありません。',
    truncated: (shown, total) =>
      `先頭の ${n(shown)} 件を表示しています（全 ${n(total)} 件は「入力チェック」シートにあります）。`,
    group: (code, count) => `${ja.issues.titles[code]}（${n(count)} 件）`,
    titles: {
      'sheet-missing': '必要なシートがない',
      'column-missing': '必須の列がない',
      'file-not-xlsx': '.xlsx ではない',
      'file-encrypted-or-xls': '暗号化または旧形式のファイル',
      'file-corrupt': '壊れたファイル',
      'setting-invalid': '設定の値が正しくない',
      'owned-column-blocked': '判定列の追加先にセルがある',
      'owned-sheet-name-taken': '結果シートと同じ名前のシートがある',
      'sheet-protected': 'シートが保護されている',
      'workbook-protected': 'ブックが保護されている',
      'file-not-found': '入力ファイルがない',
      'output-not-writable': '出力先に書き込めない',
      'doctor-id-missing': '会員番号がない',
      'doctor-id-invalid': '会員番号が正しくない',
      'doctor-id-duplicate': '会員番号の重複',
      'doctor-name-missing': '氏名がない',
      'certificate-date-invalid': '修了証発行日が読めない',
      'certificate-date-future': '修了証発行日が基準日より後',
      'certificate-date-missing': '発行済なのに修了証発行日がない',
      'application-status-unknown': '申請状況が読めない',
      'clinic-unknown': '医療機関コードが医療機関シートにない',
      'record-doctor-unknown': '会員番号が医師シートにない',
      'date-missing': '受講日がない',
      'date-invalid': '受講日が読めない',
      'date-era-out-of-range': '和暦の年が範囲外',
      'date-future': '受講日が基準日より後',
      'date-before-count-from': '集計開始日より前の記録',
      'kind-missing': '区分がない',
      'kind-unknown': '区分が座学・実地以外',
      'units-missing': '座学の単位がない',
      'units-not-number': '単位が数値でない',
      'units-not-half-step': '単位が刻み（0.5）の倍数でない',
      'jitchi-units-not-standard': '実地の単位が標準と違う',
      'jitchi-approval-blank': '実地の承認が空欄',
      'jitchi-not-approved': '承認されていない実地',
      'duplicate-record': '研修記録の重複',
      'clinic-code-missing': '医療機関コードがない',
      'clinic-code-invalid': '医療機関コードが正しくない',
      'clinic-code-duplicate': '医療機関コードの重複',
      'clinic-code-leading-zero-lost': '医療機関コードの先頭の0が欠けている',
      'clinic-code-pharmacy': '薬局のコード',
      'clinic-code-check-digit': '医療機関コードの検査数字が合わない',
      'clinic-code-leading-zero-restored': '医療機関コードの先頭の0を補った',
      'clinic-name-missing': '医療機関名がない',
      'clinic-type-conflict': '種別とコードが食い違う',
      'affiliation-duplicate': '所属の重複',
      'flag-unrecognised': '○／× として読めない値',
      'formula-without-value': '計算結果のない数式',
      'cell-error-value': 'エラー値のセル',
      'column-duplicate': '同じ項目の列が複数',
      'owned-like-column-ignored': '判定_ で始まる自分の列',
      'gmis-account-column-missing': 'G-MIS の列がない',
      'input-duplicate-source': '入力の候補が複数',
      'setting-default-used': '設定の項目がなく既定値を使用',
      'no-doctor-clinic-links': '医師と医療機関のつながりがない',
      'setting-unknown': '知らない設定の項目',
      // rev 2
      'report-previous-year': '報告済が前年の報告',
      'report-date-missing': '報告済なのに報告日がない',
      'report-date-future': '報告日が基準日より後',
      'report-date-invalid': '報告日が読めない',
      'report-date-column-missing': '報告日の列がない',
      'outside-completers-invalid': '名簿外の修了者が読めない',
    },
    itemLabel: (sheet, cell, message) => `${sheet}!${cell}：${message}（選択するとセルへ移動）`,
    value: (v) => `値：${v}`,
    fix: '対処',
    selected: (sheet, cell) => `「${sheet}」の ${cell} を選択しました。`,
    selectFailed: (sheet, cell) =>
      `「${sheet}」の ${cell} を選択できませんでした（シート名が変わったか削除された可能性があります）。`,
    severity: { ...SEVERITY_LABELS },
  },
  sheets: {
    heading: '結果のシート',
    open: (name) => `「${name}」を開く`,
    descriptions: {
      集計_地区: '地区別の集計と凡例',
      会議資料: '印刷用の会議資料（グラフ付き）',
      要対応リスト: 'あと少しの医師と要対応の医療機関',
      入力チェック: '入力の問題の一覧（セルへのリンク付き）',
      実行履歴: '再計算の履歴（件数のみ）',
    },
    openFailed: (name) => `シート「${name}」がありません。先に再計算してください。`,
  },
  settings: {
    heading: '設定',
    intro:
      '設定シートの「値」の列だけを書き換えます。空欄にすると既定値を使います。保存後、再計算すると反映されます。',
    loading: '設定を読み込んでいます…',
    save: '設定を保存',
    saving: '保存しています…',
    saved: '設定を保存しました。「再計算」を実行すると反映されます。',
    failed: (msg) => `設定を保存できませんでした：${msg}`,
    noSheet: '設定シートがありません。既定値で判定します（最初の再計算で設定シートが作られます）。',
    create: '設定シートを作成',
    created: '設定シートを作成しました。',
    missingKey: 'この項目の行が設定シートにありません（既定値を使います）。',
    defaultValue: (v) => `既定値：${v}`,
    defaultBlank: '既定値：空欄',
    defaultToday: '既定値：空欄（実行した日）',
    invalidExisting: (v) => `いまの値「${v}」は正しくありません。正しい値を入れて保存してください。`,
    errors: {
      number: '0 以上の数値を入力してください。',
      positive: '0 より大きい数値を入力してください。',
      integer: '0 以上の整数を入力してください。',
      date: '日付を入力してください（例：2026-01-31）。',
    },
    labels: {},
    protectedSheet: '設定シートが保護されているため保存できません。',
  },
  exports: {
    heading: '会議用の出力',
    intro: '個人名を含まない会議資料と、要対応リストを新しいブックとして開きます。',
    meeting: '会議資料を新しいブックで開く',
    actionList: '要対応リストを新しいブックで開く（CSV 用）',
    needsRecalc: '先に「再計算」を実行してください。',
    working: '新しいブックを作成しています…',
    opened: '新しいブックを開きました。',
    csvHint:
      '開いたブックを［ファイル］→［名前を付けて保存］で「CSV UTF-8（コンマ区切り）」を選んで保存してください。',
    failed: (msg) => `新しいブックを作成できませんでした：${msg}`,
    unsupported: 'この Excel では新しいブックを開けません（ExcelApi 1.8 以降が必要です）。',
  },
  command: {
    tooLarge: (d, r) =>
      `医師 ${n(d)} 人・研修記録 ${n(r)} 行は、リボンの［再計算］で扱える量（医師 20,000 人・研修記録 300,000 行まで）を超えています。［パネルを開く］から作業ウィンドウで再計算してください。`,
    busy: '別の再計算が実行中です。終わってからもう一度お試しください（10 分たっても終わらない場合は自動的に解除されます）。',
    failedTitle: '再計算できませんでした',
    nothingWritten: 'ブックには何も書き込んでいません。',
    internalError: (msg) =>
      `予期しないエラーが発生しました（${msg}）。［パネルを開く］から作業ウィンドウで再計算すると詳しい情報が表示されます。`,
    openPane: '詳しくは［パネルを開く］から作業ウィンドウをご覧ください。',
  },
  dialog: {
    title: '再計算できませんでした',
    close: '閉じる',
  },
  // ---- The pane at its real size (SPEC §6.1 rev 2, issue 19) ----
  tabs: {
    label: '作業ウィンドウの表示',
    results: '結果',
    issues: (e) => (e > 0 ? `入力の問題（エラー ${n(e)}）` : '入力の問題'),
    settings: '設定',
    output: '出力',
  },
  summary: {
    heading: '再計算の結果',
    statusLabels: { ...STATUS_LABELS },
    earlier: (stamp) => `前回の結果（${stamp}）`,
    earlierHint: '最後の再計算は完了していません。表示は前回の結果です。',
    doctors: (c) => `医師 ${n(c)} 人`,
    clinics: (c) => `医療機関 ${n(c)} 件`,
    noClinics: '医療機関シートなし（報告準備の判定なし）',
    actionNeeded: (c) => `要対応 ${n(c)} 件`,
    atRisk: (c) => `（うち間に合わない恐れ ${n(c)} 件）`,
    daysLeft: (d, end) => `報告期間の終了（${end}）まで残り ${n(d)} 日`,
    windowOver: (d, end) => `報告期間は ${end} に終了（${n(-d)} 日経過）`,
    problems: (e, w) => `入力の問題：エラー ${n(e)} 件・警告 ${n(w)} 件`,
    showIssues: '問題の一覧',
    notRunYet: '「再計算」を押すと、ここに結果の要約が表示されます。',
  },
  fatal: {
    goToCell: 'セルへ移動',
    goToCellOf: (sheet, cell) => `「${sheet}」の ${cell} へ移動`,
    acceptedHeaders: (names) => `使える見出し：${names}`,
    acceptedSheets: (names) => `使えるシート名：${names}`,
    invalidSettings: (c) => `正しくない設定（${n(c)} 件）`,
    settingRow: (key, value, cell) => `${key}：「${value}」（${cell}）`,
    openSettings: '設定タブで直す',
    retry: 'もう一度再計算',
    selected: (sheet, cell) =>
      `「${sheet}」の ${cell} を選択しました。直してから、もう一度再計算してください。`,
    describe: (_code, _p) => null,
  },
  issueList: {
    groupFix: '対処',
    groupTitle: (title, c) => `${title}（${n(c)} 件）`,
    codeLabel: (code) => `コード ${code}`,
    goTo: 'セルへ移動',
    messageLabel: '内容',
  },
  moreTitles: {
    'file-not-found': 'ファイルが見つからない',
    'output-not-writable': '出力先に書き込めない',
    'report-previous-year': '前年の報告',
    'report-date-missing': '報告日が空欄',
    'report-date-future': '報告日が基準日より後',
    'report-date-invalid': '報告日が読めない',
    'report-date-column-missing': '報告日の列がない',
    'outside-completers-invalid': '名簿外の修了者の値が正しくない',
  },
  playground: {
    title: 'かかりつけロスター プレイグラウンド',
    intro:
      'Excel なしで試せます。左はメモリ上のブック（サンプル名簿）、右は本物の作業ウィンドウです。ブックはページを閉じると消えます。',
    loading: 'サンプル名簿を読み込んでいます…',
    loadFailed: (msg) => `サンプル名簿を読み込めませんでした：${msg}`,
    sheetTabs: 'シート',
    gridLabel: (sheet) => `シート「${sheet}」のセル`,
    rowsShown: (from, to, total) => `${n(from)}〜${n(to)} 行目を表示（全 ${n(total)} 行）`,
    prevRows: '前の行',
    nextRows: '次の行',
    selection: (addr) => `選択中のセル：${addr}`,
    noSelection: '選択中のセル：なし',
    paneTitle: '作業ウィンドウ',
    createdWorkbooks: '作成された新しいブック',
    download: (i) => `ブック ${i} をダウンロード`,
    empty: '（空のシート）',
  },
  notices: {
    heading: '個別通知',
    intro:
      '研修の要件を満たしていない医師と、報告の準備が整っていない医療機関へのお知らせ（1通1ページ）を新しいブックに作成します。名簿には書き込みません。',
    recipients: '宛先',
    toDoctors: '医師',
    toClinics: '医療機関',
    toAll: '医師と医療機関',
    district: '地区',
    allDistricts: 'すべての地区',
    create: '個別通知を作成',
    needsRecalc: '先に「再計算」を実行してください。',
    working: '個別通知を作成しています…',
    opened: (d, c) =>
      `個別通知を新しいブックで開きました（${[
        d === null ? null : `医師 ${n(d)} 通`,
        c === null ? null : `医療機関 ${n(c)} 通`,
      ]
        .filter((x) => x !== null)
        .join('・')}）。印刷すると1通が1ページになります。`,
    noneHint: '該当する宛先がないシートには「該当なし」と表示されます。',
    tooLarge: (mb) =>
      `作成したブック（${mb} MB）は、Excel on the web で開ける大きさ（5 MB）を超えています。地区ごとに作成してください。`,
    perDistrict: (d) => `${d} の個別通知を作成`,
    failed: (msg) => `個別通知を作成できませんでした：${msg}`,
    unsupported: 'この Excel では新しいブックを開けません（ExcelApi 1.8 以降が必要です）。',
  },
};

const en: UiStrings = {
  lang: 'en',
  htmlLang: 'en',
  num: nEn,
  list: (items) => items.join(', '),
  labelled: (label, value) => `${label}: ${value}`,
  dot: ' · ',
  app: {
    title: 'Kakari Roster',
    subtitle: 'Training completion and report readiness',
    connecting: 'Connecting to Excel…',
    noHost:
      'Open this page as an Excel add-in (Excel Home tab → Open pane). To try it without Excel, run "npm run playground".',
    playgroundBadge: 'Playground (no Excel)',
    playgroundAsOf: (iso) => `As of ${iso} (fixed)`,
    mamisNote:
      'Official completion is decided when the JMA system (MAMIS) approves it. "Requirements met" is a forecast.',
  },
  roles: {
    doctors: 'Doctors',
    training: 'Training records',
    clinics: 'Clinics',
    affiliations: 'Affiliations',
    settings: 'Settings',
  },
  detect: {
    heading: 'Input sheets',
    roleLine: (role, need, state) => `${role} (${need}): ${state}`,
    checking: 'Checking the input sheets…',
    refresh: 'Check input sheets again',
    required: 'Required',
    optional: 'Optional',
    found: (sheet) => `Sheet “${sheet}”`,
    inTable: (table) => `table “${table}”`,
    rows: (rows) => `${nEn(rows)} data rows`,
    headerRow: (row) => `headers on row ${nEn(row)}`,
    columnsFound: 'Columns found',
    requiredMissing: 'Required columns not found',
    optionalMissing: 'Optional columns not present',
    notFound: 'Not found',
    notFoundOptional: 'Not present (optional)',
    headerNotFound:
      'The sheet exists but no header row was found (at least two known headers within the first 50 rows).',
    acceptedNames: (names) => `Accepted sheet names: ${names}`,
    allRequiredFound: 'All required sheets and columns are present.',
    someRequiredMissing: 'Required sheets or columns are missing. Recalculation is not possible yet.',
    statusOk: 'OK',
    statusProblem: 'Incomplete',
    statusAbsent: 'Absent',
    failed: (msg) => `Could not check the input sheets: ${msg}`,
  },
  template: {
    heading: 'Template',
    intro:
      'Required sheets are missing. You can create empty input sheets with headers and drop-down lists, and the settings sheet with descriptions.',
    button: 'Create template',
    creating: 'Creating the template…',
    done: (sheets) => `Sheets created: ${sheets}`,
    refused: (sheets) =>
      `Nothing was created because sheets with these names already exist: ${sheets}. Rename them or check their contents, then try again.`,
    nothing: 'There is nothing to create: the input sheets are present.',
    failed: (msg) => `Could not create the template: ${msg}`,
  },
  recalc: {
    heading: 'Recalculate',
    button: 'Recalculate',
    hint: 'Writes the 判定_ columns and the result sheets. Your own columns, sheets and the settings sheet are not changed.',
    cancel: 'Cancel',
    cancelling: 'Cancelling…',
    phases: { read: 'Reading', validate: 'Validating', compute: 'Calculating', write: 'Writing' },
    phaseStep: (label, step, total) => `${label} (${step}/${total})`,
    progressLabel: 'Recalculation progress',
    cancelled: 'Recalculation cancelled. Nothing was written to the workbook.',
    cancelledDuringWrite:
      'Stopped while writing. Some 判定_ cells may be out of date; run Recalculate again to rewrite all of them.',
    fatalTitle: 'Could not recalculate (nothing was written to the workbook)',
    fix: 'What to do',
    errorTitle: 'An unexpected error occurred',
    internalError: (msg) => `An unexpected error occurred (${msg}). Please try again.`,
    busy: 'Another recalculation is running (ribbon button or another task pane). Try again when it has finished.',
    done: (stamp) => `Recalculation finished (${stamp}).`,
    needsRequired:
      'Required sheets or columns are missing. Press Recalculate to see what is missing and how to fix it (nothing is written).',
  },
  results: {
    heading: 'Results',
    asOf: (iso) => `As of: ${iso}`,
    profile: (text) => `Rules: ${text}`,
    doctors: (c) => `${nEn(c)} doctors`,
    clinics: (c) => `${nEn(c)} clinics`,
    noClinicsSheet: 'There is no clinics sheet, so there is no report readiness.',
    statusLabels: {
      certified: 'Certificate recorded',
      eligible: 'Requirements met',
      'in-progress': 'In progress',
      'no-records': 'No records',
    },
    readinessLabels: {
      'out-of-scope': 'Out of scope',
      reported: 'Reported',
      ready: 'Ready',
      'action-needed': 'Action needed',
    },
    statusHelp: {
      certified: 'A certificate date is recorded',
      eligible: 'Requirements met (apply in MAMIS)',
      'in-progress': 'Has records but not enough yet',
      'no-records': 'No countable training records',
    },
    readinessHelp: {
      'out-of-scope': 'Special-function hospital, dental or suspended',
      reported: 'Reported on G-MIS',
      ready: 'G-MIS ready and has a certified doctor',
      'action-needed': 'Missing account, permission or certified doctor',
    },
    atRisk: (c) => `${nEn(c)} may miss the deadline`,
    legendHeading: 'Legend',
    legendIntro: 'The 判定_ columns show these texts and colours (the text tells them apart without colour).',
    cellText: (text) => `cell text “${text}”`,
    changes: (c, e, r) =>
      `Since the last run: ${nEn(c)} newly certified, ${nEn(e)} newly eligible, ${nEn(r)} clinics newly ready`,
    firstRun: 'First run: no changes to report yet.',
    rowsRead: (role, read, used, rejected, blank) =>
      `${role}: ${nEn(read)} rows read (${nEn(used)} used, ${nEn(rejected)} rejected, ${nEn(blank)} blank)`,
    countTable: 'Counts',
    countColumn: 'Count',
    categoryColumn: 'Category',
  },
  issues: {
    heading: 'Input problems',
    summary: (e, w, i) => `${nEn(e)} errors, ${nEn(w)} warnings, ${nEn(i)} notes`,
    none: 'No input problems.',
    truncated: (shown, total) =>
      `Showing the first ${nEn(shown)} of ${nEn(total)} (all are on the 入力チェック sheet).`,
    group: (code, count) => `${en.issues.titles[code]} (${nEn(count)})`,
    titles: {
      'sheet-missing': 'Required sheet missing',
      'column-missing': 'Required column missing',
      'file-not-xlsx': 'Not an .xlsx file',
      'file-encrypted-or-xls': 'Encrypted or legacy file',
      'file-corrupt': 'Corrupt file',
      'setting-invalid': 'Invalid setting',
      'owned-column-blocked': 'Cells where result columns go',
      'owned-sheet-name-taken': 'Sheet name of a result sheet taken',
      'sheet-protected': 'Protected sheet',
      'workbook-protected': 'Protected workbook',
      'file-not-found': 'Input file not found',
      'output-not-writable': 'Output not writable',
      'doctor-id-missing': 'Member number missing',
      'doctor-id-invalid': 'Invalid member number',
      'doctor-id-duplicate': 'Duplicate member number',
      'doctor-name-missing': 'Name missing',
      'certificate-date-invalid': 'Unreadable certificate date',
      'certificate-date-future': 'Certificate date after the as-of date',
      'certificate-date-missing': 'Issued but no certificate date',
      'application-status-unknown': 'Unknown application status',
      'clinic-unknown': 'Clinic code not on the clinics sheet',
      'record-doctor-unknown': 'Member number not on the doctors sheet',
      'date-missing': 'Date missing',
      'date-invalid': 'Unreadable date',
      'date-era-out-of-range': 'Era year out of range',
      'date-future': 'Date after the as-of date',
      'date-before-count-from': 'Records before the count-from date',
      'kind-missing': 'Kind missing',
      'kind-unknown': 'Kind is not 座学 or 実地',
      'units-missing': 'Lecture units missing',
      'units-not-number': 'Units not a number',
      'units-not-half-step': 'Units not a multiple of the step',
      'jitchi-units-not-standard': 'Non-standard practical units',
      'jitchi-approval-blank': 'Practical approval blank',
      'jitchi-not-approved': 'Practical activity not approved',
      'duplicate-record': 'Duplicate training record',
      'clinic-code-missing': 'Clinic code missing',
      'clinic-code-invalid': 'Invalid clinic code',
      'clinic-code-duplicate': 'Duplicate clinic code',
      'clinic-code-leading-zero-lost': 'Clinic code lost its leading zero',
      'clinic-code-pharmacy': 'Pharmacy code',
      'clinic-code-check-digit': 'Clinic code check digit mismatch',
      'clinic-code-leading-zero-restored': 'Leading zero of a clinic code restored',
      'clinic-name-missing': 'Clinic name missing',
      'clinic-type-conflict': 'Type and code disagree',
      'affiliation-duplicate': 'Duplicate affiliation',
      'flag-unrecognised': 'Unrecognised ○/× value',
      'formula-without-value': 'Formula without a value',
      'cell-error-value': 'Error value in a cell',
      'column-duplicate': 'Several columns for one field',
      'owned-like-column-ignored': 'Own column starting with 判定_',
      'gmis-account-column-missing': 'No G-MIS column',
      'input-duplicate-source': 'Several candidate inputs',
      'setting-default-used': 'Setting missing, default used',
      'no-doctor-clinic-links': 'No doctor linked to a clinic',
      'setting-unknown': 'Unknown setting',
      // rev 2
      'report-previous-year': 'Report is last year’s',
      'report-date-missing': 'Reported but no report date',
      'report-date-future': 'Report date after the as-of date',
      'report-date-invalid': 'Unreadable report date',
      'report-date-column-missing': 'No report date column',
      'outside-completers-invalid': 'Unreadable completers outside the roster',
    },
    itemLabel: (sheet, cell, message) => `${sheet}!${cell}: ${message} (select to go to the cell)`,
    value: (v) => `Value: ${v}`,
    fix: 'What to do',
    selected: (sheet, cell) => `Selected ${cell} on “${sheet}”.`,
    selectFailed: (sheet, cell) =>
      `Could not select ${cell} on “${sheet}” (the sheet may have been renamed or deleted).`,
    severity: { error: 'Error', warning: 'Warning', info: 'Note' },
  },
  sheets: {
    heading: 'Result sheets',
    open: (name) => `Open “${name}”`,
    descriptions: {
      集計_地区: 'Summary by district, with the legend',
      会議資料: 'Printable meeting handout with chart',
      要対応リスト: 'Doctors close to completion and clinics needing action',
      入力チェック: 'Input problems with links to the cells',
      実行履歴: 'Run history (counts only)',
    },
    openFailed: (name) => `There is no sheet “${name}”. Recalculate first.`,
  },
  settings: {
    heading: 'Settings',
    intro:
      'Only the 値 (value) cells of the settings sheet are changed. Leave a value blank to use the default. Recalculate to apply.',
    loading: 'Loading the settings…',
    save: 'Save settings',
    saving: 'Saving…',
    saved: 'Settings saved. Run Recalculate to apply them.',
    failed: (msg) => `Could not save the settings: ${msg}`,
    noSheet: 'There is no settings sheet; the defaults apply (the first recalculation creates the sheet).',
    create: 'Create the settings sheet',
    created: 'The settings sheet was created.',
    missingKey: 'This key has no row on the settings sheet (the default applies).',
    defaultValue: (v) => `Default: ${v}`,
    defaultBlank: 'Default: blank',
    defaultToday: 'Default: blank (the day of the run)',
    invalidExisting: (v) => `The current value “${v}” is invalid. Enter a valid value and save.`,
    errors: {
      number: 'Enter a number of 0 or more.',
      positive: 'Enter a number greater than 0.',
      integer: 'Enter a whole number of 0 or more.',
      date: 'Enter a date (e.g. 2026-01-31).',
    },
    labels: {
      基準日: 'As-of date (基準日)',
      集計開始日: 'Count records from (集計開始日)',
      合計必要単位: 'Total units required (合計必要単位)',
      実地1件の単位: 'Units per practical activity (実地1件の単位)',
      座学の単位刻み: 'Lecture unit step (座学の単位刻み)',
      座学の最小単位数: 'Minimum lecture units (座学の最小単位数)',
      実地の最小件数: 'Minimum practical activities (実地の最小件数)',
      修了証の有効年数: 'Certificate validity, years (修了証の有効年数)',
      報告期間開始: 'Report window start (報告期間開始)',
      報告期間終了: 'Report window end (報告期間終了)',
      'G-MIS新規発行日数': 'Days to issue a G-MIS account (G-MIS新規発行日数)',
      報告権限追加日数: 'Days to add report permission (報告権限追加日数)',
      座学あと少しの上限: '“Lecture units only” threshold (座学あと少しの上限)',
      最小公表人数: 'Minimum doctors to publish a rate (最小公表人数)',
      実地の集計開始日: 'Count practical activities from (実地の集計開始日)',
      医師会名: 'Association name on notices (医師会名)',
      問い合わせ先: 'Contact on notices (問い合わせ先)',
    },
    protectedSheet: 'The settings sheet is protected, so it cannot be saved.',
  },
  exports: {
    heading: 'Meeting outputs',
    intro: 'Opens the meeting handout (no personal names) and the action list as new workbooks.',
    meeting: 'Open the meeting handout in a new workbook',
    actionList: 'Open the action list in a new workbook (for CSV)',
    needsRecalc: 'Run Recalculate first.',
    working: 'Creating the new workbook…',
    opened: 'The new workbook was opened.',
    csvHint: 'Save the new workbook with File → Save As → “CSV UTF-8 (Comma delimited)”.',
    failed: (msg) => `Could not create the new workbook: ${msg}`,
    unsupported: 'This Excel cannot open new workbooks (ExcelApi 1.8 or later is needed).',
  },
  command: {
    tooLarge: (d, r) =>
      `${nEn(d)} doctors and ${nEn(r)} training records are more than the ribbon button can handle (20,000 doctors / 300,000 records). Open the task pane (Open pane) and recalculate there.`,
    busy: 'Another recalculation is running. Try again when it has finished (a run older than 10 minutes is ignored).',
    failedTitle: 'Recalculation failed',
    nothingWritten: 'Nothing was written to the workbook.',
    internalError: (msg) =>
      `An unexpected error occurred (${msg}). Recalculate from the task pane (Open pane) for details.`,
    openPane: 'Open the task pane (Open pane) for details.',
  },
  dialog: {
    title: 'Recalculation failed',
    close: 'Close',
  },
  // ---- The pane at its real size (SPEC §6.1 rev 2, issue 19) ----
  tabs: {
    label: 'Pane sections',
    results: 'Results',
    issues: (e) => (e > 0 ? `Problems (${nEn(e)} errors)` : 'Problems'),
    settings: 'Settings',
    output: 'Output',
  },
  summary: {
    heading: 'Recalculation summary',
    statusLabels: {
      certified: 'Certified',
      eligible: 'Eligible',
      'in-progress': 'In progress',
      'no-records': 'No records',
    },
    earlier: (stamp) => `Earlier results (${stamp})`,
    earlierHint: 'The last recalculation did not finish. These are the earlier results.',
    doctors: (c) => `${nEn(c)} doctors`,
    clinics: (c) => `${nEn(c)} clinics`,
    noClinics: 'No clinics sheet (no report readiness)',
    actionNeeded: (c) => `${nEn(c)} need action`,
    atRisk: (c) => ` (${nEn(c)} may miss the deadline)`,
    daysLeft: (d, end) => `Report window: ${nEn(d)} days left (to ${end})`,
    windowOver: (d, end) => `Report window ended ${end} (${nEn(-d)} days ago)`,
    problems: (e, w) => `Problems: ${nEn(e)} errors, ${nEn(w)} warnings`,
    showIssues: 'Show problems',
    notRunYet: 'Press Recalculate to see a summary of the results here.',
  },
  fatal: {
    goToCell: 'Go to cell',
    goToCellOf: (sheet, cell) => `Go to ${cell} on “${sheet}”`,
    acceptedHeaders: (names) => `Accepted headers: ${names}`,
    acceptedSheets: (names) => `Accepted sheet names: ${names}`,
    invalidSettings: (c) => `Invalid settings (${nEn(c)})`,
    settingRow: (key, value, cell) => `“${key}”: “${value}” (${cell})`,
    openSettings: 'Fix in the Settings tab',
    retry: 'Recalculate again',
    selected: (sheet, cell) => `Selected ${cell} on “${sheet}”. Fix it, then recalculate.`,
    describe: (code, p) => {
      const q = (v: unknown) => `“${String(v ?? '')}”`;
      switch (code) {
        case 'sheet-missing':
          return `The required sheet ${q(p.sheet)} was not found.`;
        case 'column-missing':
          return `Sheet ${q(p.sheet)} has no required column ${q(p.expected)}. Add it to the header row (within the first 50 rows) or rename an existing header.`;
        case 'setting-invalid':
          return `Settings values are invalid (cells ${String(p.cells ?? p.cell ?? '')}). Numbers must be 0 or more (total units, units per practical activity and the lecture step more than 0); dates like 2026/01/31. A blank cell means the default.`;
        case 'owned-column-blocked':
          return `On sheet ${q(p.sheet)}, values, formulas or merged cells are where the result columns go (${String(p.cells ?? '')}). Move or delete them, then recalculate.`;
        case 'owned-sheet-name-taken':
          return `Sheet ${q(p.sheet)} has the name of a result sheet but was not made by this tool. Rename it, then recalculate.`;
        case 'sheet-protected':
          return `Sheet ${q(p.sheet)} is protected. Unprotect it (Review → Unprotect Sheet), then recalculate.`;
        case 'workbook-protected':
          return 'The workbook structure is protected, so result sheets cannot be added. Unprotect it (Review → Protect Workbook), then recalculate.';
        default:
          return null;
      }
    },
  },
  issueList: {
    groupFix: 'What to do',
    groupTitle: (title, c) => `${title} (${nEn(c)})`,
    codeLabel: (code) => `code ${code}`,
    goTo: 'Go to cell',
    messageLabel: 'Message (as on the check sheet)',
  },
  moreTitles: {
    'file-not-found': 'File not found',
    'output-not-writable': 'Output not writable',
    'report-previous-year': 'Report from an earlier year',
    'report-date-missing': 'Report date blank',
    'report-date-future': 'Report date after the as-of date',
    'report-date-invalid': 'Unreadable report date',
    'report-date-column-missing': 'No report date column',
    'outside-completers-invalid': 'Invalid count of completers outside the roster',
  },
  playground: {
    title: 'Kakari Roster playground',
    intro:
      'Try the add-in without Excel: on the left an in-memory workbook (the sample roster), on the right the real task pane. The workbook is gone when you close the page.',
    loading: 'Loading the sample roster…',
    loadFailed: (msg) => `Could not load the sample roster: ${msg}`,
    sheetTabs: 'Sheets',
    gridLabel: (sheet) => `Cells of sheet “${sheet}”`,
    rowsShown: (from, to, total) => `Rows ${nEn(from)}–${nEn(to)} of ${nEn(total)}`,
    prevRows: 'Previous rows',
    nextRows: 'Next rows',
    selection: (addr) => `Selected cell: ${addr}`,
    noSelection: 'Selected cell: none',
    paneTitle: 'Task pane',
    createdWorkbooks: 'New workbooks created',
    download: (i) => `Download workbook ${i}`,
    empty: '(empty sheet)',
  },
  notices: {
    heading: 'Individual notices',
    intro:
      'Creates letters (one page each) to the doctors who have not met the training requirements and to the clinics not ready to report, in a new workbook. Nothing is written to the roster.',
    recipients: 'Recipients',
    toDoctors: 'Doctors',
    toClinics: 'Clinics',
    toAll: 'Doctors and clinics',
    district: 'District',
    allDistricts: 'All districts',
    create: 'Create individual notices',
    needsRecalc: 'Run Recalculate first.',
    working: 'Creating the notices…',
    opened: (d, c) =>
      `The notices were opened in a new workbook (${[
        d === null ? null : `${nEn(d)} to doctors`,
        c === null ? null : `${nEn(c)} to clinics`,
      ]
        .filter((x) => x !== null)
        .join(', ')}). Each letter prints on one page.`,
    noneHint: 'A sheet without recipients holds one line saying so.',
    tooLarge: (mb) =>
      `The workbook (${mb} MB) is larger than Excel on the web can open (5 MB). Create it per district.`,
    perDistrict: (d) => `Create the notices for ${d}`,
    failed: (msg) => `Could not create the notices: ${msg}`,
    unsupported: 'This Excel cannot open new workbooks (ExcelApi 1.8 or later is needed).',
  },
};

export const UI: Readonly<Record<UiLang, UiStrings>> = Object.freeze({ ja, en });

/** Setting label in the UI language (Japanese: the 項目 key itself). */
export function settingLabel(s: UiStrings, key: string): string {
  return s.settings.labels[key] ?? key;
}

/** Title of an issue code in the UI language (rev 2 codes from moreTitles; else the code). */
export function issueTitle(s: UiStrings, code: string): string {
  return (s.issues.titles as Record<string, string | undefined>)[code] ?? s.moreTitles[code] ?? code;
}
