/**
 * Texts about what the Excel host enforces (issue 14; SPEC §5.4 Size, §6.1, §7 rev 2): the run
 * lock kept in the workbook and the size of a workbook opened with Excel.createWorkbook. Kept in
 * their own module so the pane, the ribbon command and the notices feature share them.
 * Japanese first, English for the pane in English mode.
 */
import type { UiLang } from './ui';

export interface HostTexts {
  /** The user cancelled the run (before anything was written). */
  cancelled: string;
  /** Another run holds the lock in this client's settings. */
  lockedInSettings: string;
  /** Another client's run holds the lock written into the workbook. */
  lockedInWorkbook: string;
  /** A workbook too large for Excel on the web's single 5 MB request. */
  tooLargeForWeb: (sizeMB: string, limitMB: string) => string;
  /** The offer shown with tooLargeForWeb. */
  perDistrictOffer: string;
  /** Label of one per-district button. */
  openDistrict: (district: string) => string;
  /** A per-district file that is still too large. */
  districtTooLarge: (district: string, sizeMB: string) => string;
}

const ja: HostTexts = {
  cancelled: '再計算を中止しました',
  lockedInSettings: '別の再計算が実行中です。終わってからもう一度お試しください。',
  lockedInWorkbook:
    'このブックでは別の再計算が実行中です（共同編集している別のパソコンからかもしれません）。終わってからもう一度お試しください（10 分たっても終わらない場合は自動的に解除されます）。',
  tooLargeForWeb: (size, limit) =>
    `作成するブックが大きすぎます（約 ${size} MB）。Excel on the web では一度に ${limit} MB までしか開けません。`,
  perDistrictOffer: '地区ごとに分けたブックなら開けます。開く地区を選んでください。',
  openDistrict: (d) => `${d} のブックを開く`,
  districtTooLarge: (d, size) =>
    `${d} のブックも大きすぎます（約 ${size} MB）。デスクトップ版の Excel で開くか、コマンドライン（kakari-roster export --csv）をお使いください。`,
};

const en: HostTexts = {
  cancelled: 'Recalculation cancelled',
  lockedInSettings: 'Another recalculation is running; try again when it has finished.',
  lockedInWorkbook:
    'Another recalculation is running on this workbook (perhaps by a co-author on another computer). Try again when it has finished (a run older than 10 minutes is ignored).',
  tooLargeForWeb: (size, limit) =>
    `The workbook to open is too large (about ${size} MB). Excel on the web opens at most ${limit} MB at once.`,
  perDistrictOffer: 'One workbook per district fits. Choose the district to open.',
  openDistrict: (d) => `Open the workbook for ${d}`,
  districtTooLarge: (d, size) =>
    `The workbook for ${d} is still too large (about ${size} MB). Open it in Excel on the desktop, or use the command line (kakari-roster export --csv).`,
};

export const HOST_TEXTS: Readonly<Record<UiLang, HostTexts>> = Object.freeze({ ja, en });
