/**
 * A roster for the individual notices (SPEC §5.5), every case of Appendix B "Notices" present.
 * As of 2027-03-20 the report window (2027-01-01 – 2027-03-31) has 11 days left: a clinic without
 * a G-MIS account (14 days) or without the permission (30 days) is at risk. 修了証の有効年数 = 3
 * makes the rules customized (「（一部変更）」) and N005's certificate expired.
 *
 * Doctors (status → letter):
 *   N001 certified (no letter) · N002 eligible 未申請 · N003 eligible 申請中 · N004 eligible 差戻し
 *   N005 expired certificate, 座学3 + 1 pending 実地 → missing 実地1・座学2 · N006 no records, no clinic
 *   N007 certified at the dental clinic (no letter) · N008 no name, 座学0.5 · N009 座学10 → missing 実地1
 * Clinics (readiness → letter):
 *   1000001 ready · 1000002 no account + eligible-not-applied, at risk · 1000003 no permission +
 *   no completer, at risk · 1000004 dental · 1000005 reported · 1000006 no linked doctor (no 地区) ·
 *   1000007 特定機能病院 · 1000008 休院
 */
import type { Rows } from './workbook';

export const NOTICES_AS_OF = '2027-03-20';
export const ASSOCIATION = '小倉医師会';
export const CONTACT = '小倉医師会 事務局（電話 093-000-0000）';

export function noticesFixture(settings = true): Record<string, Rows> {
  const book: Record<string, Rows> = {
    医師: [
      ['会員番号', '氏名', '医療機関コード', '地区', '修了証発行日', '申請状況'],
      ['N001', '山田 太郎', '1000001', '小倉北区', '2025/12/01', '発行済'],
      ['N002', '𠮷田 花子', '1000001', '小倉北区', null, null],
      ['N003', '佐藤 次郎', '1000002', '小倉北区', null, '申請中'],
      ['N004', '髙橋 三郎', '1000002', '門司区', null, '差戻し'],
      ['N005', '田中 四郎', '1000003', '門司区', '2023/01/15', null],
      ['N006', '伊藤 五郎', null, null, null, null],
      ['N007', '渡辺 六子', '1000004', '小倉北区', '2026/06/30', '発行済'],
      ['N008', null, '1000003', null, null, null],
      ['N009', '中村 七海', '1000001', '小倉北区', null, null],
    ],
    研修記録: [
      ['会員番号', '受講日', '区分', '研修名', '単位', '承認'],
      ['N001', '2025/08/01', '座学', '講座E', 2, null],
      ['N002', '2026/10/01', '座学', '講座A', 5, null],
      ['N002', '2026/11/01', '実地', '学校医', 5, '承認'],
      ['N003', '2026/10/02', '座学', '講座A', 5, null],
      ['N003', '2026/11/02', '実地', '休日当番医', 5, '承認'],
      ['N004', '2026/10/03', '座学', '講座A', 5, null],
      ['N004', '2026/11/03', '実地', '産業医', 5, '承認'],
      ['N005', '2026/09/01', '座学', '講座B', 3, null],
      ['N005', '2026/12/01', '実地', '学校医', 5, '申請中'],
      ['N008', '2026/09/02', '座学', '講座C', 0.5, null],
      ['N009', '2026/09/03', '座学', '講座D', 10, null],
    ],
    医療機関: [
      [
        '医療機関コード',
        '名称',
        '種別',
        '地区',
        'G-MIS',
        'かかりつけ報告権限',
        '報告状況',
        '特定機能病院',
        '休院',
      ],
      ['1000001', '小倉北クリニック', '診療所', '小倉北区', '○', '○', null, null, null],
      ['1000002', '小倉北内科', '診療所', '小倉北区', null, null, null, null, null],
      ['1000003', '門司中央病院', '病院', '門司区', '○', '×', null, null, null],
      ['1000004', '小倉歯科', '歯科診療所', '小倉北区', '○', '○', null, null, null],
      ['1000005', '北九州記念病院', '病院', '小倉北区', '○', '○', '報告済', null, null],
      ['1000006', '若松診療所', '診療所', null, '○', '○', null, null, null],
      ['1000007', '九州大学病院', '病院', '小倉北区', '○', '○', null, '○', null],
      ['1000008', '門司港医院', '診療所', '門司区', null, null, null, null, '○'],
    ],
    所属: [
      ['会員番号', '医療機関コード'],
      ['N009', '1000003'],
    ],
  };
  if (settings)
    book['設定'] = [
      ['項目', '値', '説明'],
      ['修了証の有効年数', 3, null],
      ['医師会名', ASSOCIATION, null],
      ['問い合わせ先', CONTACT, null],
    ];
  return book;
}

/** Text columns (1-based) per sheet, so codes and IDs stay text in the .xlsx. */
export const NOTICES_TEXT_COLS: Record<string, number[]> = {
  医師: [1, 3],
  研修記録: [1],
  医療機関: [1],
  所属: [1, 2],
};
