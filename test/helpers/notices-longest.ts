/**
 * The longest letters the SPEC names (§5.5, issue 18): a clinic with every reason, at risk, and 30
 * linked doctors; a doctor with an expired certificate, missing both parts and pending rows — with
 * long names, a long sender and a long contact line and customized rules (the longest rule text).
 * Built directly as engine input and result (no roster can give a clinic all five reasons at once:
 * the plan must still fit them on one page).
 */
import { DEFAULT_PROFILE } from '../../src/domain/profile';
import { dayFromIso } from '../../src/domain/day';
import type { ClinicIn, DoctorIn, EngineInput, Reason } from '../../src/domain/types';
import type {
  ClinicOutcome as ClinicResult,
  DistrictOutcome as DistrictSummary,
  DoctorOutcome as DoctorResult,
  Outcome as EngineResult,
} from '../../src/sheets/outcome';
import type { NoticeContext, NoticeSender } from '../../src/sheets/plan-notices';

export const LONG_SENDER: NoticeSender = {
  associationName: '一般社団法人 北九州市小倉医師会（かかりつけ医機能報告 支援窓口）',
  contact: '北九州市小倉医師会 事務局（電話 093-000-0000／平日 9時〜17時）',
};

const ALL_REASONS: Reason[] = [
  'no-gmis-account',
  'no-gmis-permission',
  'no-linked-doctor',
  'no-completer',
  'eligible-not-applied',
];

const SURNAMES = ['長谷川', '佐々木', '宇佐美', '小野寺', '五十嵐', '東海林'];
const GIVEN = ['裕一郎', '美智子', '健太郎', '由紀恵', '慎之介', '千代子'];

function district(name: string): DistrictSummary {
  return {
    district: name,
    clinicsInScope: 2,
    clinicsOutOfScope: 0,
    clinicsWithCompleter: 0,
    clinicsWithCompleterRate: 0,
    clinicsReady: 0,
    clinicsReported: 0,
    clinicsActionNeeded: 2,
    doctors: 0,
    certified: 0,
    eligible: 0,
    inProgress: 0,
    noRecords: 0,
    completionRate: 0,
  };
}

/**
 * Doctor 0 is the longest doctor case (at the clinic with the long name, and one of its linked
 * doctors); clinic 0 has every reason, at risk, and `linked` linked doctors (doctor 0 and
 * `linked − 1` more); clinic 1 has `extra` of them.
 */
export function longestContext(linked = 30, extra = 0): NoticeContext {
  const asOf = dayFromIso('2027-03-20')!;
  const profile = {
    ...DEFAULT_PROFILE,
    certificateValidityYears: 3,
    minJitchiActivities: 2,
    customized: true,
  };
  const longName = '医療法人社団 小倉北区中央メディカルクリニック附属 在宅医療・地域連携センター';
  const clinics: ClinicIn[] = [
    {
      row: 2,
      code: '4017716434',
      name: longName,
      type: 'clinic',
      specialFunction: false,
      suspended: false,
      district: '小倉北区',
      gmisAccount: false,
      gmisPermission: false,
      reported: false,
    },
    {
      row: 3,
      code: '4017716442',
      name: '小倉南総合病院',
      type: 'hospital',
      specialFunction: false,
      suspended: false,
      district: '小倉北区',
      gmisAccount: false,
      gmisPermission: null,
      reported: false,
    },
  ];
  const clinicResults: ClinicResult[] = clinics.map((_c, i) => ({
    inScope: true,
    exclusion: null,
    doctors: i === 0 ? linked : extra,
    certified: 0,
    outsideCompleters: 0,
    reportDate: null,
    eligible: 0,
    completerAnswer: '無',
    readiness: 'action-needed',
    reasons: i === 0 ? [...ALL_REASONS] : ['no-gmis-account', 'no-completer'],
    daysLeft: 11,
    atRisk: true,
    district: '小倉北区',
  }));
  const doctors: DoctorIn[] = [];
  const results: DoctorResult[] = [];
  const add = (id: string, name: string, code: string, r: Partial<DoctorResult>): void => {
    doctors.push({
      row: doctors.length + 2,
      id,
      name,
      kana: null,
      clinicCode: code,
      district: '小倉北区',
      memberClass: null,
      certificateDate: null,
      certificateNo: null,
      applicationStatus: null,
    });
    results.push({
      status: 'in-progress',
      zagakuUnits: 0.5,
      jitchiActivities: 0,
      jitchiPending: 0,
      totalUnits: 0.5,
      missing: { jitchiActivities: 2, zagakuUnits: 9.5 },
      district: '小倉北区',
      clinicCodes: [code],
      certificateExpired: null,
      nextStep: 'train',
      shortfallText: '実地2件・座学9.5単位',
      next: '',
      ...r,
    });
  };
  // The longest doctor: expired certificate, both parts missing, pending rows.
  add('1234567890', '長谷川 裕一郎左衛門', clinics[0].code, {
    jitchiPending: 12,
    certificateExpired: dayFromIso('2026/01/15'.replace(/\//g, '-'))!,
  });
  for (let k = 0; k < linked - 1; k++)
    add(
      String(2000000000 + k),
      `${SURNAMES[k % 6]} ${GIVEN[(k * 5) % 6]}`,
      clinics[0].code,
      k % 3 === 0 ? { status: 'no-records', zagakuUnits: 0, totalUnits: 0 } : {},
    );
  for (let k = 0; k < extra; k++)
    add(String(3000000000 + k), `${SURNAMES[k % 6]} ${GIVEN[k % 6]}`, clinics[1].code, {});
  const input: EngineInput = {
    profile,
    asOf,
    doctors,
    records: [],
    clinics,
    affiliations: [],
    previous: null,
  };
  const engine: EngineResult = {
    asOf,
    reportWindowStart: dayFromIso('2027-01-01')!,
    reportWindowEnd: dayFromIso('2027-03-31')!,
    reportYear: 2027,
    doctors: results,
    records: [],
    clinics: clinicResults,
    districts: [district('小倉北区')],
    districtTotal: district('合計'),
    changes: null,
    issues: [],
    countedRecords: 0,
  };
  return { input, engine };
}
