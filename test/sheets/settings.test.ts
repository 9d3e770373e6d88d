/** The 設定 sheet (SPEC §2.5, §3.7): keys, values, text keys, created sheet. */
import { settingsSheet } from '../../src/sheets/plan';
import { readSettings, TEXT_SETTINGS } from '../../src/sheets/settings';
import type { IssueDraft } from '../../src/domain/types';
import { snapshot, type Rows } from '../helpers/workbook';

function read(rows: Rows) {
  const issues: IssueDraft[] = [];
  const s = readSettings(snapshot({ 設定: rows }), issues);
  return { s, issues };
}

describe('医師会名 and 問い合わせ先 (§3.7 rev 2: texts for the notices)', () => {
  test('read as text, trimmed; not rule keys, so not customized', () => {
    const { s, issues } = read([
      ['項目', '値'],
      ['医師会名', ' 小倉医師会 '],
      ['問い合わせ先', '事務局 093-000-0000'],
    ]);
    expect(s.texts).toEqual({ associationName: '小倉医師会', contact: '事務局 093-000-0000' });
    expect(s.profile.customized).toBe(false);
    expect(s.keyRows.get('医師会名')).toBe(2);
    expect(s.keyRows.get('問い合わせ先')).toBe(3);
    expect(issues.filter((i) => i.code === 'setting-default-used').map((i) => i.value)).not.toContain(
      '医師会名',
    );
  });

  test('blank, absent or an error value: null; a missing row is setting-default-used', () => {
    const { s, issues } = read([
      ['項目', '値'],
      ['医師会名', { error: '#N/A' }],
    ]);
    expect(s.texts).toEqual({ associationName: null, contact: null });
    const missing = issues.filter((i) => i.code === 'setting-default-used').map((i) => i.value);
    expect(missing).toContain('問い合わせ先');
    expect(missing).not.toContain('医師会名');
    expect(readSettings(snapshot({}), []).texts).toEqual({ associationName: null, contact: null });
  });

  test('a created 設定 ends with both keys, blank, with a 説明', () => {
    const sh = settingsSheet();
    const last = sh.rows.slice(-2);
    expect(last.map((r) => [r[0] && r[0].v, r[1]])).toEqual([
      ['医師会名', null],
      ['問い合わせ先', null],
    ]);
    for (const d of TEXT_SETTINGS) expect(d.description).toMatch(/個別通知/);
  });
});
