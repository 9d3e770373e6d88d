/**
 * 「テンプレートを作成」 (SPEC §6.1) as a declarative plan: empty input sheets whose headers are
 * each field's first alias, with data-validation lists, text / date number formats on the ID and
 * date columns, and the 設定 sheet with its 説明 column (the same plan the run uses when 設定 is
 * absent). templateSheetPlans turns it into 'create' sheet plans, which the plan writers apply
 * like every other sheet (the task pane through src/excel/apply.ts); nothing here does I/O.
 *
 * Refusal rule: if any sheet the template would create already exists (Excel compares sheet
 * names case-insensitively), the template creates nothing and names those sheets.
 */
import type { SheetRole } from '../domain/types';
import { colLetter } from './address';
import { emptySheet, headerRow, settingsSheet } from './plan';
import type { SheetPlan } from './plan-types';
import { AFFILIATIONS, CLINICS, DOCTORS, TRAINING, type SheetDef } from './schema';

/** Values of a true / false flag offered in the drop-down (SPEC §6.1). */
export const FLAG_LIST = ['○', '×'] as const;

/** Drop-down lists per role and field (SPEC §6.1). */
export const TEMPLATE_LISTS: Readonly<
  Partial<Record<SheetRole, Readonly<Record<string, readonly string[]>>>>
> = {
  doctors: {
    memberClass: ['A1', 'A2B', 'A2C', 'B', 'C', '非会員'],
    // SPEC §6.1 rev 2: the 申請状況 list.
    applicationStatus: ['未申請', '申請中', '差戻し', '承認済', '発行済'],
  },
  training: { kind: ['座学', '実地'], approval: ['承認', '申請中', '却下'] },
  clinics: {
    type: ['病院', '診療所', '歯科診療所'],
    specialFunction: FLAG_LIST,
    suspended: FLAG_LIST,
    gmisAccount: FLAG_LIST,
    gmisPermission: FLAG_LIST,
    // SPEC §6.1 rev 2: the 報告状況 list (G-MIS counts 報告済, 再報告済, 確認完了済 as filed).
    reportStatus: ['未報告', '報告済', '再報告済', '確認完了済'],
  },
};

/**
 * Fields whose list is a suggestion, not a restriction: G-MIS also accepts an account ID (any
 * non-blank text), so the alert only informs.
 */
export const SUGGESTION_FIELDS: Readonly<Partial<Record<SheetRole, readonly string[]>>> = {
  // G-MIS also shows other report states (一時保存, 差戻し …), which count as not reported.
  clinics: ['gmisAccount', 'reportStatus'],
};

/**
 * Columns the 医療機関 template carries from SPEC rev 2 (§2.3, §6.1) — 報告日 and 名簿外の修了者 —
 * added by header when the schema does not (yet) define the field; once it does, the field's own
 * first alias is used and nothing is added twice.
 */
export const TEMPLATE_EXTRA_COLUMNS: Readonly<
  Partial<Record<SheetRole, readonly { field: string; header: string }[]>>
> = {
  clinics: [
    { field: 'reportDate', header: '報告日' },
    { field: 'outsideCompleters', header: '名簿外の修了者' },
  ],
};

/**
 * Columns kept as text (codes and IDs keep leading zeros: 会員番号, 医療機関コード, 医籍登録番号,
 * SPEC §6.1 rev 2) and date columns (受講日, 修了証発行日, 報告日).
 */
const TEXT_FIELDS = new Set(['doctorId', 'clinicCode', 'certificateNo']);
const TEXT_HEADERS = new Set(['会員番号', '医療機関コード', '医籍登録番号']);
const DATE_FIELDS = new Set(['date', 'certificateDate', 'reportDate']);
export const TEXT_FORMAT = '@';
export const DATE_FORMAT = 'yyyy/mm/dd';

export interface TemplateColumn {
  field: string;
  /** The field's first alias. */
  header: string;
  /** Drop-down values, or null. */
  list: readonly string[] | null;
  /** 'stop' rejects other values; 'information' only informs (see SUGGESTION_FIELDS). */
  alert: 'stop' | 'information';
  /** Number format of the data cells ('@' text, a date format) or null. */
  numberFormat: string | null;
  /** Column width in characters. */
  width: number;
}

export interface TemplateSheet {
  role: Exclude<SheetRole, 'settings'>;
  name: string;
  columns: TemplateColumn[];
}

export interface TemplatePlan {
  /** Input sheets to add, in this order (医師, 研修記録, 医療機関, 所属). */
  sheets: TemplateSheet[];
  /** 設定 to add (null when the workbook has one). */
  settings: SheetPlan | null;
  /** Names of sheets to create that already exist: when non-empty, create nothing. */
  conflicts: string[];
}

/** Data rows covered by the validation lists and number formats (below the header row). */
export const TEMPLATE_DATA_ROWS = 10_000;

const INPUT_DEFS: readonly SheetDef[] = [DOCTORS, TRAINING, CLINICS, AFFILIATIONS];

function width(header: string, list: readonly string[] | null, numberFormat: string | null): number {
  const text = Math.max(header.length * 2 + 2, ...(list ?? []).map((v) => v.length * 2 + 4));
  if (numberFormat === DATE_FORMAT) return Math.max(text, 12);
  if (numberFormat === TEXT_FORMAT) return Math.max(text, 14);
  return Math.max(text, 10);
}

export function templateSheet(def: SheetDef): TemplateSheet {
  const role = def.role as TemplateSheet['role'];
  const lists = TEMPLATE_LISTS[role] ?? {};
  const suggest = new Set(SUGGESTION_FIELDS[role] ?? []);
  const column = (field: string, header: string): TemplateColumn => {
    const list = lists[field] ?? null;
    const numberFormat =
      TEXT_FIELDS.has(field) || TEXT_HEADERS.has(header)
        ? TEXT_FORMAT
        : DATE_FIELDS.has(field)
          ? DATE_FORMAT
          : null;
    return {
      field,
      header,
      list,
      alert: suggest.has(field) ? 'information' : 'stop',
      numberFormat,
      width: width(header, list, numberFormat),
    };
  };
  const fields = new Set(def.fields.map((f) => f.field));
  const extra = (TEMPLATE_EXTRA_COLUMNS[role] ?? []).filter((x) => !fields.has(x.field));
  return {
    role,
    name: def.label,
    columns: [
      ...def.fields.map((f) => column(f.field, f.aliases[0])),
      ...extra.map((x) => column(x.field, x.header)),
    ],
  };
}

export interface TemplateOptions {
  /** Names of the workbook's sheets. */
  existingSheets: readonly string[];
  /** Roles whose input was found (their sheets are not created). */
  presentRoles: ReadonlySet<SheetRole>;
}

/** The template for a workbook: what to add, or the conflicts that make it refuse. */
export function templatePlan(opts: TemplateOptions): TemplatePlan {
  const sheets = INPUT_DEFS.filter((d) => !opts.presentRoles.has(d.role)).map(templateSheet);
  const settings = opts.presentRoles.has('settings') ? null : settingsSheet();
  const names = [...sheets.map((s) => s.name), ...(settings ? [settings.name] : [])];
  const conflicts = opts.existingSheets.filter((s) =>
    names.some((nm) => nm.toLowerCase() === s.toLowerCase()),
  );
  return { sheets, settings, conflicts };
}

/**
 * One template sheet as a 'create' sheet plan: the header row (style 'header'), frozen; per
 * column its width, the number format of its data rows and its drop-down list (the alert titled
 * with the header, listing the values).
 */
export function templateSheetPlan(sheet: TemplateSheet): SheetPlan {
  const sp = emptySheet(sheet.name, 'create');
  sp.rows.push(headerRow(sheet.columns.map((c) => c.header)));
  sp.widths = sheet.columns.map((c) => c.width);
  sp.freezeRows = 1;
  sp.rangeFormats = [];
  sp.validations = [];
  sheet.columns.forEach((c, i) => {
    const letter = colLetter(i + 1);
    const range = `${letter}2:${letter}${TEMPLATE_DATA_ROWS + 1}`;
    if (c.numberFormat) sp.rangeFormats!.push({ range, numFmt: c.numberFormat });
    if (c.list)
      sp.validations!.push({
        range,
        list: c.list,
        alert: c.alert,
        title: c.header,
        message: c.list.join('、'),
      });
  });
  return sp;
}

/** Every sheet the template adds, as 'create' sheet plans in the order they are added. */
export function templateSheetPlans(plan: TemplatePlan): SheetPlan[] {
  return [...plan.sheets.map(templateSheetPlan), ...(plan.settings ? [plan.settings] : [])];
}
