/**
 * The owned columns per input sheet (SPEC §5.2) as one table — header, width, number format and
 * header style of each, keyed by what it holds — and the owned sheet names (§5.1.7). The plan
 * builder (plan.ts) fills the columns by key; both writers take header, width, format and style
 * from the plan it builds.
 */
import type { SheetRole } from '../domain/types';
import type { StyleKey } from './plan-types';

/** One owned column: its exact header (how ownership is found), width, data format, header style. */
export interface OwnedColumnDef<K extends string = string> {
  key: K;
  header: string;
  /** Column width in characters. */
  width: number;
  /** Number format of the data cells (null = General). */
  numFmt: string | null;
  headerStyle: StyleKey;
}

/** The header style of every owned column (pale green, bold: "written by the tool"). */
export const OWNED_HEADER_STYLE: StyleKey = 'ownedHeader';

type OwnedRole = 'doctors' | 'training' | 'clinics';

const col = <R extends OwnedRole, K extends string>(
  role: R,
  key: K,
  header: string,
  width: number,
  numFmt: string | null = null,
) => ({ role, key, header, width, numFmt, headerStyle: OWNED_HEADER_STYLE }) as const;

/** Every owned column, per role in the order of SPEC §5.2 (where missing ones are added). */
export const OWNED_COLUMN_TABLE = [
  col('doctors', 'zagakuUnits', '判定_座学単位', 12, '0.0'),
  col('doctors', 'jitchiActivities', '判定_実地件数', 12, '0'),
  col('doctors', 'jitchiPending', '判定_実地承認待ち', 14, '0'),
  col('doctors', 'totalUnits', '判定_合計単位', 12, '0.0'),
  col('doctors', 'status', '判定_状態', 12),
  col('doctors', 'shortfall', '判定_不足', 22),
  col('doctors', 'next', '判定_次の対応', 40),
  col('training', 'check', '判定_チェック', 48),
  col('clinics', 'scope', '判定_報告対象', 20),
  col('clinics', 'doctors', '判定_所属医師数', 12, '0'),
  col('clinics', 'certified', '判定_修了者数', 12, '0'),
  col('clinics', 'eligible', '判定_要件充足者数', 14, '0'),
  col('clinics', 'completer', '判定_修了者の有無', 12),
  col('clinics', 'readiness', '判定_準備状況', 12),
  col('clinics', 'actions', '判定_要対応', 40),
  col('clinics', 'daysLeft', '判定_残り日数', 12, '0'),
] as const;

type Row = (typeof OWNED_COLUMN_TABLE)[number];
/** The owned columns of one role, in order. */
const defsOf = <R extends OwnedRole>(role: R): Extract<Row, { role: R }>[] =>
  OWNED_COLUMN_TABLE.filter((d): d is Extract<Row, { role: R }> => d.role === role);

export const DOCTOR_COLUMN_DEFS = defsOf('doctors');
export const TRAINING_COLUMN_DEFS = defsOf('training');
export const CLINIC_COLUMN_DEFS = defsOf('clinics');

export const DOCTOR_COLUMNS: readonly string[] = DOCTOR_COLUMN_DEFS.map((d) => d.header);
export const TRAINING_COLUMNS: readonly string[] = TRAINING_COLUMN_DEFS.map((d) => d.header);
export const CLINIC_COLUMNS: readonly string[] = CLINIC_COLUMN_DEFS.map((d) => d.header);

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
