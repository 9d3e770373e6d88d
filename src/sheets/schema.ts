/**
 * The input contract of SPEC §2: sheet-name aliases and, per sheet, the fields with their header
 * aliases in priority order. The first alias is the header the template writes.
 */
import type { SheetRole } from '../domain/types';

export interface FieldDef {
  /** Field name of the contract (doctorId, date, …). */
  field: string;
  aliases: readonly string[];
  /** The column must exist (fatal column-missing otherwise). */
  requiredColumn: boolean;
  /** A blank value rejects the row. */
  requiredValue: boolean;
}

export interface SheetDef {
  role: SheetRole;
  /** Japanese name used in messages and by the template. */
  label: string;
  aliases: readonly string[];
  required: boolean;
  fields: readonly FieldDef[];
}

const f = (
  field: string,
  aliases: string[],
  requiredColumn = false,
  requiredValue = requiredColumn,
): FieldDef => ({
  field,
  aliases,
  requiredColumn,
  requiredValue,
});

const DOCTOR_ID = ['会員番号', '医師ID', '日医会員ID', '会員ID', '医籍登録番号', '医籍番号', 'ID'];
const CLINIC_CODE = ['医療機関コード', '施設コード', '機関コード', 'ClinicCode'];
const DISTRICT = ['地区', '班', '支部', 'District'];

export const DOCTORS: SheetDef = {
  role: 'doctors',
  label: '医師',
  aliases: ['医師', '医師名簿', '会員名簿', 'Doctors'],
  required: true,
  fields: [
    f('doctorId', DOCTOR_ID, true),
    f('name', ['氏名', '医師名', '名前', 'Name']),
    f('kana', ['フリガナ', 'ふりがな', 'カナ', '氏名カナ']),
    f('clinicCode', CLINIC_CODE),
    f('district', DISTRICT),
    f('memberClass', ['会員区分', '区分']),
    f('certificateDate', ['修了証発行日', '修了日', '修了証日付']),
    f('certificateNo', ['修了証番号']),
    f('applicationStatus', ['申請状況', '修了申請']),
  ],
};

export const TRAINING: SheetDef = {
  role: 'training',
  label: '研修記録',
  aliases: ['研修記録', '研修', '受講記録', 'Training'],
  required: true,
  fields: [
    f('doctorId', DOCTOR_ID, true),
    f('date', ['受講日', '実施日', '日付', '研修日', 'Date'], true),
    f('kind', ['区分', '種別', '研修区分', 'Kind'], true),
    f('title', ['研修名', '講座名', '活動名', '内容', 'Title']),
    // Units are required for 座学 only; the column itself is required to count 座学.
    f('units', ['単位', '単位数', 'Units'], true, false),
    f('approval', ['承認', '承認状況', '承認済', 'Approval']),
    f('sponsor', ['主催', '主催者']),
  ],
};

export const CLINICS: SheetDef = {
  role: 'clinics',
  label: '医療機関',
  aliases: ['医療機関', '施設', '医療機関一覧', 'Clinics'],
  required: false,
  fields: [
    f('clinicCode', [...CLINIC_CODE, 'Code'], true),
    f('name', ['名称', '医療機関名', '施設名', 'Name']),
    f('type', ['種別', '施設種別', '区分', 'Type']),
    f('specialFunction', ['特定機能病院']),
    f('suspended', ['休院', '休止']),
    f('district', DISTRICT),
    f('gmisAccount', ['G-MIS', 'G-MIS ID', 'G-MISアカウント']),
    f('gmisPermission', ['かかりつけ報告権限', '報告権限']),
    f('reportStatus', ['報告状況', '報告']),
    // rev 2 (§2.3): this year's report, completers outside the roster
    f('reportDate', ['報告日', '報告年月日', '報告完了日']),
    f('outsideCompleters', ['名簿外の修了者', '名簿外修了者', '修了者（名簿外）', '他の修了者数']),
  ],
};

export const AFFILIATIONS: SheetDef = {
  role: 'affiliations',
  label: '所属',
  aliases: ['所属', '勤務先', 'Affiliations'],
  required: false,
  fields: [f('doctorId', DOCTOR_ID, true), f('clinicCode', CLINIC_CODE, true)],
};

export const SETTINGS_SHEET: SheetDef = {
  role: 'settings',
  label: '設定',
  aliases: ['設定', 'Settings'],
  required: false,
  fields: [f('key', ['項目'], true), f('value', ['値'], true, false), f('description', ['説明'])],
};

/** Input sheets in the order issues are sorted (SPEC §5.3 入力チェック). */
export const INPUT_SHEETS: readonly SheetDef[] = [DOCTORS, TRAINING, CLINICS, AFFILIATIONS, SETTINGS_SHEET];

export const ROLE_ORDER: Record<SheetRole, number> = {
  doctors: 0,
  training: 1,
  clinics: 2,
  affiliations: 3,
  settings: 4,
};

export function sheetDef(role: SheetRole): SheetDef {
  return INPUT_SHEETS.find((s) => s.role === role)!;
}

/** Prefix of owned column headers (SPEC §5.1). */
export const OWNED_PREFIX = '判定_';
