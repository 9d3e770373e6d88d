/** Texts of the command line (Japanese first, English after a slash, as on every fatal line). */
import type { IssueCode } from '../domain/types';

export const FATAL_EN: Partial<Record<IssueCode, string>> = {
  'sheet-missing': 'a required sheet is missing',
  'column-missing': 'a required column is missing',
  'file-not-xlsx': 'the file is not an .xlsx workbook',
  'file-encrypted-or-xls': 'the file is password-protected or a legacy .xls; save it as .xlsx',
  'file-corrupt': 'the .xlsx file is corrupt',
  'setting-invalid': 'a value on the settings sheet is invalid',
  'owned-column-blocked': 'user cells are where the result columns would be added',
  'owned-sheet-name-taken': 'a sheet with the name of an output sheet already exists',
  'sheet-protected': 'a sheet to be written is protected',
  'workbook-protected': 'the workbook structure is protected',
  // rev 2
  'file-not-found': 'the input file does not exist',
  'output-not-writable': 'the output cannot be written',
};

export const CLI_TEXT = {
  usageError: (msg: string) => `エラー: ${msg} / Error: usage (see --help)`,
  internalError: (msg: string) => `エラー: 内部エラーが発生しました（${msg}） / Error: internal error`,
  notCarried: (kinds: string[]) =>
    `警告: 入力ファイルの次の内容は出力に引き継がれません: ${kinds.join('、')} / Warning: not carried over: ${kinds.join(', ')}`,
  basenameClash: (name: string) => `出力ファイル名が重複します: ${name}`,
  needOut: '-o で出力ファイルを指定してください',
  unknownOption: (o: string) => `不明なオプション ${o}`,
  unknownCommand: (c: string) => `不明なコマンド ${c}`,
  missingInput: '入力ファイルを指定してください',
  multipleNeedOutDir: '複数の入力ファイルには --out-dir を指定してください',
  badAsOf: (v: string) => `--as-of の日付 ${v} が正しくありません（YYYY-MM-DD）`,
  needsValue: (o: string) => `${o} には値が必要です`,
  unexpectedArgument: (a: string) => `余分な引数 ${a}`,
  badNumber: (o: string, v: string) => `${o} の値 ${v} が正しくありません`,
  badEncoding: (v: string) => `--encoding は utf8 または sjis です（${v}）`,
  wrote: (p: string) => `書き出しました / wrote: ${p}`,
  // Colliding files (src/cli/paths.ts), refused before any work.
  outputIsInput: (out: string, option: string, input: string) =>
    `出力先 ${out}（${option}）は入力ファイル ${input} と同じファイルです。入力を上書きしないよう、別の出力先を指定してください`,
  outputsCollide: (out: string, a: string, b: string) =>
    `${a} と ${b} が同じファイル ${out} を指しています。別々の出力先を指定してください`,
};

/** Texts of `kakari-roster notices` (SPEC §5.5). */
export const NOTICES_TEXT = {
  oneInput: 'notices の入力ファイルは1つです',
  wouldOverwriteInput: '出力先が入力ファイルと同じです（notices は入力を変更しません）',
  badTo: (v: string) => `--to は doctors、clinics、all のいずれかです（${v}）`,
  badDistrict: '--district に地区名を指定してください',
  unknownDistrict: (d: string) =>
    `警告: 名簿に地区「${d}」はありません（通知は「該当なし」です） / Warning: no district "${d}" in the roster`,
  letters: (sheet: string, n: number) => `${sheet} ${n}通`,
};

// ---- Help, version, dates, progress and written paths (SPEC §6.2 rev 2, issue 19) ----

/** Exit codes, as every help text lists them. */
export const EXIT_CODES_HELP = `終了コード / Exit codes:
  0  正常（入力の問題は報告のみ） / ok (input problems are reported, not fatal)
  1  入力の致命的な問題（ファイルがない・読めない、シート・列の不足、設定の誤り、判定列の追加先にセルがある、
     出力用の名前のシート、保護、出力先に書き込めない）。何も書き込みません / fatal input problem; nothing is written
  2  使い方の誤り / usage error
  3  内部エラー / internal error
  複数ファイルのときは最も重いもの / several files: the worst of them`;

const COMMON_OPTIONS = `  --debug              エラー時にスタックトレースを表示 / print stack traces on errors
  -h, --help           この説明 / this help`;

const AS_OF_OPTION = `  --as-of DATE         基準日（2026-01-31、2026/01/31、20260131、2026年1月31日、令和8年1月31日、R8.1.31 など）
                       / as-of date in any of these forms (no serial numbers)`;

/** Help per command: synopsis, every option, exit codes. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  recalc: `使い方 / Usage:
  kakari-roster recalc <in.xlsx> [-o out.xlsx] [--json result.json] [--as-of DATE]
  kakari-roster recalc <a.xlsx> <b.xlsx>… --out-dir DIR [--as-of DATE]

名簿を再計算し、判定_ 列と結果のシートを書き込みます。-o がなければブックは書きません（要約と --json は出します）。
Recalculates a roster: writes the 判定_ columns and the result sheets (no workbook without -o).
標準出力にはファイルごとに1行の要約 / one summary line per file on stdout.

オプション / Options:
  -o, --out FILE       結果のブック（入力と同じ名前なら上書き） / the result workbook
  --json FILE          結果 JSON / the result JSON
  --out-dir DIR        複数ファイル: DIR/<名前>.xlsx と .json / several files: DIR/<name>.xlsx and .json
${AS_OF_OPTION}
${COMMON_OPTIONS}

${EXIT_CODES_HELP}`,
  sample: `使い方 / Usage:
  kakari-roster sample [-o sample.xlsx] [--doctors N] [--seed S]

サンプル名簿（小倉の実在医療機関＋架空の医師）を作ります。同じ seed なら同じ内容です。
Writes a sample roster (real 小倉 clinics, fictitious doctors); the same seed gives the same cells.

オプション / Options:
  -o, --out FILE       出力先（既定 sample.xlsx） / output file (default sample.xlsx)
  --doctors N          医師の人数（既定 1000） / number of doctors (default 1000)
  --seed S             乱数の種（既定 1） / random seed (default 1)
${COMMON_OPTIONS}

${EXIT_CODES_HELP}`,
  export: `使い方 / Usage:
  kakari-roster export <in.xlsx> -o meeting.xlsx [--csv list.csv] [--encoding utf8|sjis] [--as-of DATE]

会議資料と集計_地区だけの別ブック（個人情報なし）と、要対応リストの CSV を書き出します。入力は変更しません。
Writes the meeting workbook (no personal data) and the follow-up list as CSV; the input is not modified.

オプション / Options:
  -o, --out FILE       会議資料のブック（必須） / the meeting workbook (required)
  --csv FILE           要対応リストの CSV / the follow-up list as CSV
  --encoding ENC       CSV の文字コード utf8（BOM 付き、既定）または sjis / CSV encoding: utf8 (BOM, default) or sjis
${AS_OF_OPTION}
${COMMON_OPTIONS}

${EXIT_CODES_HELP}`,
  notices: `使い方 / Usage:
  kakari-roster notices <in.xlsx> -o notices.xlsx [--to doctors|clinics|all] [--district 地区] [--as-of DATE]

医師と医療機関への個別通知（1通1ページ）を別ブックに書き出します。名簿には何も書きません。
Writes individual notices (one page per letter) to a separate workbook; the roster is not changed.

オプション / Options:
  -o, --out FILE       通知のブック（必須） / the notices workbook (required)
  --to WHO             doctors、clinics または all（既定 all） / doctors, clinics or all (default all)
  --district NAME      この地区だけ / only this district
${AS_OF_OPTION}
${COMMON_OPTIONS}

${EXIT_CODES_HELP}`,
};

/** The commands the help lists, in order. */
export const COMMAND_SUMMARIES: readonly [string, string][] = [
  ['recalc', '名簿を再計算して判定を書き込む / recalculate rosters'],
  ['export', '会議資料と要対応リスト（CSV）を書き出す / write the meeting workbook and the follow-up CSV'],
  ['notices', '個別通知を書き出す / write individual notices'],
  ['sample', 'サンプル名簿を作る / write a sample roster'],
];

/** The top-level help (`kakari-roster --help`). */
export function mainHelp(commands: readonly string[]): string {
  const lines = COMMAND_SUMMARIES.filter(([c]) => commands.includes(c)).map(
    ([c, d]) => `  ${c.padEnd(9)}${d}`,
  );
  return `使い方 / Usage:
  kakari-roster <command> [options]
  kakari-roster <command> --help     コマンドごとの説明 / help of a command
  kakari-roster --version            バージョン / version

コマンド / Commands:
${lines.join('\n')}

${EXIT_CODES_HELP}`;
}

export const CLI_MORE = {
  badAsOfForm: (v: string) =>
    `--as-of の日付 ${v} が正しくありません（2026-01-31、2026/01/31、令和8年1月31日、R8.1.31 などの形で）`,
  asOfEraOutOfRange: (v: string) => `--as-of の和暦 ${v} の年が元号の範囲外です`,
  version: (v: string) => `kakari-roster ${v}`,
  wroteHeading: '書き出したファイル / files written:',
  wrotePath: (p: string) => `  ${p}`,
  settingsAlso: (list: string) => `（正しくない設定: ${list}）`,
  settingsAlsoEn: (list: string) => `invalid settings: ${list}`,
  progressPhases: { read: '読み込み', compute: '計算', write: '書き込み', generate: '生成' } as Record<
    string,
    string
  >,
};
