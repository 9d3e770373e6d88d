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

export const USAGE = `使い方 / Usage:
  kakari-roster recalc <in.xlsx> [-o out.xlsx] [--json result.json] [--as-of YYYY-MM-DD]
  kakari-roster recalc <a.xlsx> <b.xlsx>… --out-dir DIR [--as-of YYYY-MM-DD]
  kakari-roster sample [-o sample.xlsx] [--doctors N] [--seed S]
  kakari-roster export <in.xlsx> -o meeting.xlsx [--csv list.csv] [--encoding utf8|sjis] [--as-of YYYY-MM-DD]
  kakari-roster notices <in.xlsx> -o notices.xlsx [--to doctors|clinics|all] [--district 地区] [--as-of YYYY-MM-DD]

オプション / Options:
  --debug      エラー時にスタックトレースを表示 / print stack traces on errors
  -h, --help   この説明 / this help`;

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
