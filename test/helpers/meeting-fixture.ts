/**
 * A small roster whose meeting figures are computed by hand (see the expectations in
 * test/sheets/plan-meeting.test.ts). As of 2026-03-20 the report window (1 Jan – 31 Mar 2026) has
 * 11 days left, so clinics needing a new G-MIS account (14 days) or the report permission (30 days)
 * are at risk.
 *
 * 小倉北区: D001 certified, D002 eligible, D007 certified (at a dental clinic)
 * 門司区:   D003 in-progress (district from its clinic; 座学10 → missing 実地1 only),
 *           D004 in-progress (座学3 + 実地1 → missing 座学2 only), D006 in-progress (座学1)
 * （地区未設定）: D005 no records
 * Clinics:  1000001 ready · 1000002 action-needed (no account, no completer, at risk) ·
 *           1000003 action-needed (no permission, no completer, at risk) · 1000004 dental ·
 *           1000005 reported · 1000006 action-needed (no linked doctor; no district)
 */
import type { Rows } from './workbook';

export const FIXTURE_AS_OF = '2026-03-20';
/** A fixed clock for the run stamp: 2026-03-20 10:15 JST. */
export const FIXTURE_NOW = new Date(Date.UTC(2026, 2, 20, 1, 15));

export const DOCTOR_NAMES = [
  '山田 太郎',
  '𠮷田 花子',
  '佐藤 次郎',
  '髙橋 三郎',
  '田中 四郎',
  '伊藤 五郎',
  '渡辺 六子',
];
export const DOCTOR_IDS = ['D001', 'D002', 'D003', 'D004', 'D005', 'D006', 'D007'];

export function meetingFixture(): Record<string, Rows> {
  return {
    医師: [
      ['会員番号', '氏名', '医療機関コード', '地区', '修了証発行日'],
      ['D001', DOCTOR_NAMES[0], '1000001', '小倉北区', '2025/12/01'],
      ['D002', DOCTOR_NAMES[1], '1000001', '小倉北区', null],
      ['D003', DOCTOR_NAMES[2], '1000002', null, null],
      ['D004', DOCTOR_NAMES[3], '1000002', '門司区', null],
      ['D005', DOCTOR_NAMES[4], null, null, null],
      ['D006', DOCTOR_NAMES[5], '1000003', '門司区', null],
      ['D007', DOCTOR_NAMES[6], '1000004', '小倉北区', '2025/06/30'],
    ],
    研修記録: [
      ['会員番号', '受講日', '区分', '研修名', '単位', '承認'],
      ['D001', '2025/08/01', '座学', '講座E', 2, null],
      ['D002', '2025/10/01', '座学', '講座A', 5, null],
      ['D002', '2025/11/01', '実地', '学校医', 5, '承認'],
      ['D003', '2025/09/01', '座学', '講座B', 10, null],
      ['D004', '2025/09/02', '座学', '講座C', 3, null],
      [null, null, null, null, null, null],
      ['D004', '2025/11/02', '実地', '産業医', 5, '承認'],
      ['D006', '2025/09/03', '座学', '講座D', 1, null],
      ['D999', '2025/09/04', '座学', '講座F', 1, null],
    ],
    医療機関: [
      ['医療機関コード', '名称', '種別', '地区', 'G-MIS', 'かかりつけ報告権限', '報告状況'],
      ['1000001', '小倉北クリニック', '診療所', '小倉北区', '○', '○', null],
      ['1000002', '門司医院', '診療所', '門司区', null, null, null],
      ['1000003', '門司中央病院', '病院', '門司区', '○', '×', null],
      ['1000004', '小倉歯科', '歯科診療所', '小倉北区', '○', '○', null],
      ['1000005', '北九州記念病院', '病院', '小倉北区', '○', '○', '報告済'],
      ['1000006', '若松診療所', '診療所', null, '○', '○', null],
    ],
  };
}

/** Text columns (1-based) per sheet, so codes and IDs stay text in the .xlsx. */
export const FIXTURE_TEXT_COLS: Record<string, number[]> = { 医師: [1, 3], 研修記録: [1], 医療機関: [1] };
