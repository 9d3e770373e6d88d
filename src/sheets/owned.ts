/** Owned column headers per input sheet (SPEC §5.2) and owned sheet names (§5.1.7). */
import type { SheetRole } from '../domain/types';

export const DOCTOR_COLUMNS = [
  '判定_座学単位',
  '判定_実地件数',
  '判定_実地承認待ち',
  '判定_合計単位',
  '判定_状態',
  '判定_不足',
  '判定_次の対応',
] as const;
export const TRAINING_COLUMNS = ['判定_チェック'] as const;
export const CLINIC_COLUMNS = [
  '判定_報告対象',
  '判定_所属医師数',
  '判定_修了者数',
  '判定_要件充足者数',
  '判定_修了者の有無',
  '判定_準備状況',
  '判定_要対応',
  '判定_残り日数',
] as const;

export const OWNED_COLUMNS: Partial<Record<SheetRole, readonly string[]>> = {
  doctors: DOCTOR_COLUMNS,
  training: TRAINING_COLUMNS,
  clinics: CLINIC_COLUMNS,
};

/** Owned sheets in the order a missing one is added (SPEC §5.1.7). */
export const OWNED_SHEETS = ['集計_地区', '会議資料', '要対応リスト', '入力チェック', '実行履歴'] as const;
export type OwnedSheetName = (typeof OWNED_SHEETS)[number];

/** The workbook defined name marking an owned sheet. */
export const markerName = (sheet: string): string => `_KakariRoster_${sheet}`;
