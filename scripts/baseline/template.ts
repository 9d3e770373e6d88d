/**
 * The baseline of issues 5 and 20: the way association staff track training today — the same
 * roster in a workbook whose status columns are formulas, with conditional formatting,
 * recalculated by the spreadsheet. It computes what staff's template computes, no more and no
 * less (issue 20):
 *   - per doctor: the counted 座学 units (SUMIFS) and the approved 実地 (COUNTIFS) up to the 基準日
 *     of a 設定 sheet, over whole columns of 研修記録; the total (1 実地 = 5 units); the status
 *     (修了証あり / 要件充足 / 未充足 / 記録なし — one more COUNTIFS tells 未充足 from 記録なし);
 *   - per clinic: linked doctors (COUNTIF over 医師 and 所属), completers (COUNTIFS) and the
 *     readiness (対象外 / 報告済 / 準備完了 / 要対応).
 * Before issue 20 it also counted pending 実地 (a fourth whole-column COUNTIFS per doctor), the
 * shortfall text, eligible doctors per clinic and a 集計_地区 of COUNTIFS: heavier than staff's.
 *
 * The formulas follow the default rules (profile jma-2025, no 集計開始日) as a careful staff member
 * would write them. They do not understand 和暦 text dates, full-width units or hyphenated codes
 * (nobody's hand-made sheet does): the baseline is about the cost of recalculation, not about
 * matching the engine's results.
 *
 * Every formula carries a sentinel cached result, so a spreadsheet that did not recalculate on
 * load is caught (the converted file would still hold the sentinel).
 */
import ExcelJS from 'exceljs';
import type { RosterData, SampleCell, SampleSheet } from '../../src/sample/generate';

/** Cached result written with every formula; a recalculated file no longer holds it. */
export const SENTINEL = '#未計算';

export interface TemplateOptions {
  /** Write the formula columns (false: the same data without formulas, to time load + save alone). */
  formulas: boolean;
}

/** Formula columns added to 医師 (right of the data), in order. */
export const DOCTOR_FORMULA_HEADERS = ['座学単位', '実地件数', '合計単位', '状態'] as const;
/** Formula columns added to 医療機関 (right of the data), in order. */
export const CLINIC_FORMULA_HEADERS = ['所属医師数', '修了者数', '準備状況'] as const;

const sheetOf = (data: RosterData, name: string): SampleSheet => {
  const s = data.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`baseline: no sheet ${name}`);
  return s;
};

const col = (n: number): string => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

function writeData(ws: ExcelJS.Worksheet, sheet: SampleSheet): void {
  ws.addRow(sheet.header);
  ws.getRow(1).font = { bold: true };
  const text = new Set(sheet.textColumns);
  for (const r of sheet.rows) {
    ws.addRow(
      r.map((v: SampleCell, c) => (text.has(c) && v !== null && !(v instanceof Date) ? String(v) : v)),
    );
  }
  for (const c of sheet.textColumns) ws.getColumn(c + 1).numFmt = '@';
  for (const c of sheet.dateColumns) ws.getColumn(c + 1).numFmt = 'yyyy/mm/dd';
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

function setFormula(cell: ExcelJS.Cell, f: string): void {
  cell.value = { formula: f, result: SENTINEL } as ExcelJS.CellFormulaValue;
}

/** Conditional formats keyed on the text of a status column. */
function highlight(ws: ExcelJS.Worksheet, ref: string, firstCell: string, colours: [string, string][]): void {
  ws.addConditionalFormatting({
    ref,
    rules: colours.map(([text, fill], i) => ({
      type: 'expression',
      priority: i + 1,
      formulae: [`${firstCell}="${text}"`],
      style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: `FF${fill}` } } },
    })),
  });
}

/**
 * Builds the formula template (or, with formulas: false, the same data alone) as an .xlsx file;
 * returns the number of formula cells.
 */
export async function writeFormulaTemplate(
  data: RosterData,
  target: string,
  opts: TemplateOptions,
): Promise<number> {
  let formulas = 0;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kakari-roster baseline';
  // Ask for a full recalculation on load (Excel honours it; LibreOffice needs its own setting).
  (wb as unknown as { calcProperties: Record<string, unknown> }).calcProperties = { fullCalcOnLoad: true };
  const doctors = sheetOf(data, '医師');
  const records = sheetOf(data, '研修記録');
  const clinics = sheetOf(data, '医療機関');
  const affiliations = sheetOf(data, '所属');
  const wsDoctors = wb.addWorksheet('医師');
  const wsRecords = wb.addWorksheet('研修記録');
  const wsClinics = wb.addWorksheet('医療機関');
  const wsAffiliations = wb.addWorksheet('所属');
  writeData(wsDoctors, doctors);
  writeData(wsRecords, records);
  writeData(wsClinics, clinics);
  writeData(wsAffiliations, affiliations);
  if (!opts.formulas) {
    await wb.xlsx.writeFile(target);
    return 0;
  }
  const formula = (cell: ExcelJS.Cell, f: string): void => {
    setFormula(cell, f);
    formulas++;
  };

  // 設定: the as-of date every count is limited to.
  const wsSettings = wb.addWorksheet('設定');
  wsSettings.getCell('A1').value = '基準日';
  wsSettings.getCell('B1').value = new Date(Date.UTC(2026, 0, 31));
  wsSettings.getCell('B1').numFmt = 'yyyy/mm/dd';
  const upToAsOf = `研修記録!$B:$B,"<="&設定!$B$1`;

  // 医師: A 会員番号 … D 医療機関コード, E 地区, G 修了証発行日; formulas from column J.
  const d0 = doctors.header.length + 1;
  const [cZ, cJ, cT, cS] = [0, 1, 2, 3].map((k) => col(d0 + k));
  DOCTOR_FORMULA_HEADERS.forEach((h, k) => (wsDoctors.getCell(1, d0 + k).value = h));
  // 研修記録: A 会員番号, C 区分, E 単位, F 承認.
  const R = (c: string): string => `研修記録!$${c}:$${c}`;
  for (let r = 2; r <= doctors.rows.length + 1; r++) {
    const row = wsDoctors.getRow(r);
    // Counted 座学 units and approved 実地 up to the 基準日 (the default profile has no 集計開始日).
    formula(row.getCell(d0), `SUMIFS(${R('E')},${R('A')},$A${r},${R('C')},"座学",${upToAsOf})`);
    formula(row.getCell(d0 + 1), `COUNTIFS(${R('A')},$A${r},${R('C')},"実地",${R('F')},"承認",${upToAsOf})`);
    formula(row.getCell(d0 + 2), `${cZ}${r}+5*${cJ}${r}`);
    // The status; 未充足 and 記録なし differ by whether the doctor has any record (one more COUNTIFS).
    formula(
      row.getCell(d0 + 3),
      `IF($G${r}<>"","修了証あり",IF(AND(${cZ}${r}>=0.5,${cJ}${r}>=1,${cT}${r}>=10),"要件充足",` +
        `IF(COUNTIFS(${R('A')},$A${r},${upToAsOf})>0,"未充足","記録なし")))`,
    );
  }
  const lastDoctor = doctors.rows.length + 1;
  highlight(wsDoctors, `${cS}2:${cS}${lastDoctor}`, `$${cS}2`, [
    ['修了証あり', 'C6EFCE'],
    ['要件充足', 'DDEBF7'],
    ['未充足', 'FFEB9C'],
    ['記録なし', 'EDEDED'],
  ]);

  // 医療機関: A コード, D 特定機能病院, E 休院, F 地区, G G-MIS, H 権限, I 報告状況; formulas from J.
  const k0 = clinics.header.length + 1;
  const [, kCert, kReady] = [0, 1, 2].map((k) => col(k0 + k));
  CLINIC_FORMULA_HEADERS.forEach((h, k) => (wsClinics.getCell(1, k0 + k).value = h));
  const D = (c: string): string => `医師!$${c}:$${c}`;
  for (let r = 2; r <= clinics.rows.length + 1; r++) {
    const row = wsClinics.getRow(r);
    formula(row.getCell(k0), `COUNTIF(${D('D')},$A${r})+COUNTIF(所属!$B:$B,$A${r})`);
    formula(row.getCell(k0 + 1), `COUNTIFS(${D('D')},$A${r},${D(cS)},"修了証あり")`);
    formula(
      row.getCell(k0 + 2),
      `IF(OR($D${r}="○",$E${r}="○"),"対象外",IF($I${r}="報告済","報告済",` +
        `IF(AND($G${r}<>"",$H${r}<>"×",${kCert}${r}>=1),"準備完了","要対応")))`,
    );
  }
  const lastClinic = clinics.rows.length + 1;
  highlight(wsClinics, `${kReady}2:${kReady}${lastClinic}`, `$${kReady}2`, [
    ['準備完了', 'C6EFCE'],
    ['報告済', 'DDEBF7'],
    ['要対応', 'FFC7CE'],
    ['対象外', 'EDEDED'],
  ]);

  await wb.xlsx.writeFile(target);
  return formulas;
}

/**
 * Reads the converted file back: how many formula cells of 医師 状態 still hold the sentinel, and
 * the status counts (a sanity check that the spreadsheet really computed them).
 */
export async function inspectRecalculated(
  file: string,
): Promise<{ sentinels: number; statuses: Record<string, number> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('医師');
  if (!ws) throw new Error('baseline: 医師 missing in the converted file');
  let statusCol = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === '状態') statusCol = n;
  });
  const statuses: Record<string, number> = {};
  let sentinels = 0;
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const v = row.getCell(statusCol).value as unknown;
    const res =
      v && typeof v === 'object' && 'result' in (v as object) ? (v as { result: unknown }).result : v;
    const key = String(res);
    if (key === SENTINEL) sentinels++;
    statuses[key] = (statuses[key] ?? 0) + 1;
  });
  return { sentinels, statuses };
}
