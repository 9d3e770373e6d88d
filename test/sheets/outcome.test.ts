/** The engine's facts in words (src/sheets/outcome.ts): the domain decides, the sheets layer writes. */
import { districtKey, NO_DISTRICT_KEY } from '../../src/domain/district';
import { evaluate as evaluateFacts } from '../../src/domain/engine';
import { ALL_DISTRICTS, NO_DISTRICT } from '../../src/domain/types';
import { districtText, evaluate } from '../../src/sheets/outcome';
import { TOTAL_DISTRICT, UNSET_DISTRICT } from '../../src/strings/texts';
import { clinic, clinics, day, doctor, doctors, input, jitchi, records, zagaku } from '../domain/helpers';

describe('districts', () => {
  test('the sentinels are written with the labels of src/strings', () => {
    expect(districtText(NO_DISTRICT)).toBe(UNSET_DISTRICT);
    expect(districtText(ALL_DISTRICTS)).toBe(TOTAL_DISTRICT);
    expect(districtText('小倉北区')).toBe('小倉北区');
  });
  test('a 地区 cell spelling the unset label is matched by the key of that label', () => {
    expect(districtKey(UNSET_DISTRICT)).toBe(NO_DISTRICT_KEY);
  });
});

describe('facts and words', () => {
  const run = () =>
    input({
      doctors: doctors(
        doctor('D1', { certificateDate: day('2025-10-01') }),
        doctor('D2', { applicationStatus: '申請中', district: '小倉北区' }),
        doctor('D3', { applicationStatus: '差戻し', clinicCode: '4030000001' }),
        doctor('D4'),
      ),
      records: records(
        zagaku('D2', '2025-05-01', 5),
        jitchi('D2', '2025-06-01'),
        zagaku('D3', '2025-05-01', 5),
        jitchi('D3', '2025-06-01'),
        zagaku('D4', '2025-05-01', 2),
      ),
      clinics: clinics(clinic('4030000001', { type: 'hospital' })),
    });

  test('the domain returns kinds, numbers, flags and sentinels, no texts', () => {
    const res = evaluateFacts(run());
    expect(res.doctors.map((d) => d.nextStep)).toEqual(['none', 'await', 'reapply', 'train']);
    expect(res.doctors.map((d) => d.district)).toEqual([NO_DISTRICT, '小倉北区', NO_DISTRICT, NO_DISTRICT]);
    expect(res.clinics.map((c) => c.hasCompleter)).toEqual([false]);
    expect(res.districtTotal.district).toBe(ALL_DISTRICTS);
    expect(res.issues.filter((i) => i.code === 'clinic-type-conflict').map((i) => i.value)).toEqual([
      'hospital',
    ]);
    // Apart from the district names typed in the roster, nothing Japanese.
    const facts = res.doctors.map(({ district: _district, ...rest }) => rest);
    expect(JSON.stringify(facts)).not.toMatch(/[ぁ-んァ-ヶ一-龠]/u);
  });

  test('the outcome writes them as Appendix B and §3.6 say', () => {
    const res = evaluate(run());
    expect(res.doctors.map((d) => [d.next, d.shortfallText, d.district])).toEqual([
      ['対応不要（修了証あり）', '', '（地区未設定）'],
      ['修了申請中：承認・発行を待つ', '', '小倉北区'],
      ['差戻し：申請内容を修正して再申請', '', '（地区未設定）'],
      ['実地研修1件と座学3単位で要件充足', '実地1件・座学3単位', '（地区未設定）'],
    ]);
    expect(res.clinics.map((c) => [c.completerAnswer, c.district])).toEqual([['無', '（地区未設定）']]);
    expect(res.districtTotal.district).toBe('合計');
    expect(res.issues.filter((i) => i.code === 'clinic-type-conflict').map((i) => i.value)).toEqual(['病院']);
  });
});
