import {
  DECORATION_KINDS,
  ERROR_KINDS,
  generateRoster,
  HEADERS,
  STATUS_TARGETS,
  type RosterData,
} from '../../src/sample/generate';
import { isValidClinicCode, loadKokuraClinics, loadNationalClinics } from '../../src/sample/clinics';
import { JITCHI_TITLES } from '../../src/sample/names';
import { AFFILIATIONS, CLINICS, DOCTORS, TRAINING } from '../../src/sheets/schema';
import { decorationsFound, errorsFound, isoOf, miniStatuses, sheet, unitsOf } from './sampleHelpers';

const AS_OF = '2026-01-31';

// Generated once per variant and shared by the tests below (generation is deterministic).
const w1 = generateRoster({ doctors: 1000, seed: 1 });
const w1clean = generateRoster({ doctors: 1000, seed: 1, decorate: false });

const normCode = (v: unknown): string =>
  String(v)
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[-－‐]/g, '');

describe('generateRoster: layout', () => {
  test('four sheets whose headers are the first alias of each field (SPEC §2), no 設定', () => {
    expect(w1.sheets.map((s) => s.name)).toEqual(['医師', '研修記録', '医療機関', '所属']);
    const first = (def: { fields: readonly { aliases: readonly string[] }[] }): string[] =>
      def.fields.map((f) => f.aliases[0]);
    expect(sheet(w1, '医師').header).toEqual(first(DOCTORS));
    expect(sheet(w1, '研修記録').header).toEqual(first(TRAINING));
    expect(sheet(w1, '医療機関').header).toEqual(first(CLINICS));
    expect(sheet(w1, '所属').header).toEqual(first(AFFILIATIONS));
    expect(sheet(w1, '医師').header).toEqual([...HEADERS.doctors]);
  });

  test('text and date columns are declared; every row is as wide as its header', () => {
    const cols = (name: string): [string[], string[]] => {
      const s = sheet(w1, name);
      return [s.textColumns.map((c) => s.header[c]), s.dateColumns.map((c) => s.header[c])];
    };
    expect(cols('医師')).toEqual([['会員番号', '医療機関コード', '修了証番号'], ['修了証発行日']]);
    expect(cols('研修記録')).toEqual([['会員番号'], ['受講日']]);
    expect(cols('医療機関')).toEqual([['医療機関コード'], ['報告日']]); // rev 2: 報告日
    expect(cols('所属')).toEqual([['会員番号', '医療機関コード'], []]);
    for (const s of [...w1.sheets, ...w1clean.sheets]) {
      for (const r of s.rows) expect(r.length).toBe(s.header.length);
      for (const c of s.textColumns)
        for (const r of s.rows) if (r[c] !== null) expect(typeof r[c]).toBe('string');
    }
  });
});

describe('generateRoster: determinism', () => {
  test('same seed ⇒ identical cells; a different seed ⇒ different cells', () => {
    expect(generateRoster({ doctors: 1000, seed: 1 })).toEqual(w1);
    expect(generateRoster({ doctors: 1000, seed: 1, decorate: false })).toEqual(w1clean);
    const other = generateRoster({ doctors: 1000, seed: 2 });
    expect(sheet(other, '医師').rows.slice(0, 20)).not.toEqual(sheet(w1, '医師').rows.slice(0, 20));
    expect(sheet(other, '研修記録').rows.slice(0, 20)).not.toEqual(sheet(w1, '研修記録').rows.slice(0, 20));
  });

  test('decoration does not move the clean content: same doctors, IDs and clinics', () => {
    const ids = (d: RosterData): unknown[] =>
      sheet(d, '医師')
        .rows.slice(0, 1000)
        .map((r) => r[0]);
    expect(ids(w1)).toEqual(ids(w1clean));
    expect(
      sheet(w1, '医療機関')
        .rows.filter((r) => String(r[0])[2] !== '4')
        .map((r) => r[0]),
    ).toEqual(sheet(w1clean, '医療機関').rows.map((r) => r[0]));
  });
});

test('decorated = clean + decorations + error rows: normalised, the clean records are all there in order', () => {
  const ids = new Set(sheet(w1clean, '医師').rows.map((r) => r[0]));
  const norm = (r: unknown[]): string =>
    JSON.stringify([r[0], isoOf(r[1] as never), r[2], r[3], unitsOf(r[4] as never), r[5], r[6]]);
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const r of sheet(w1, '研修記録').rows) {
    const iso = isoOf(r[1]);
    const u = unitsOf(r[4]);
    const isError =
      !ids.has(r[0]) ||
      (r[2] !== '座学' && r[2] !== '実地') ||
      iso === null ||
      iso > AS_OF ||
      (r[2] === '座学' && !Number.isInteger((u ?? 0) * 2));
    const key = norm(r);
    if (isError || seen.has(key)) continue;
    seen.add(key);
    kept.push(key);
  }
  expect(kept).toEqual(sheet(w1clean, '研修記録').rows.map(norm));
  const doctors = (d: RosterData): string[] =>
    sheet(d, '医師')
      .rows.slice(0, 1000)
      .map((r) =>
        JSON.stringify([r[0], r[3] === null ? null : normCode(r[3]), r[4], r[5], isoOf(r[6]), r[7], r[8]]),
      );
  expect(doctors(w1)).toEqual(doctors(w1clean));
});

describe('generateRoster: sizes and content (W1: 1,000 doctors, 小倉)', () => {
  test('1,000 doctors, ~12 records per doctor, 400 clinics, ~10 % second clinics', () => {
    expect(sheet(w1clean, '医師').rows).toHaveLength(1000);
    expect(sheet(w1clean, '研修記録').rows.length).toBeGreaterThanOrEqual(11_900);
    expect(sheet(w1clean, '研修記録').rows.length).toBeLessThanOrEqual(12_100);
    expect(sheet(w1clean, '医療機関').rows).toHaveLength(400);
    const aff = sheet(w1clean, '所属').rows.length;
    expect(aff).toBeGreaterThan(60);
    expect(aff).toBeLessThan(140);
    // Decorated: plus a duplicate doctor row, a pharmacy and the error records (~0.5 %).
    expect(sheet(w1, '医師').rows).toHaveLength(1001);
    expect(sheet(w1, '医療機関').rows).toHaveLength(401);
    expect(sheet(w1, '研修記録').rows.length).toBeLessThanOrEqual(12_200);
  });

  test('会員番号: unique 10-digit text, "40" + 8 digits; names in kanji with katakana readings', () => {
    const rows = sheet(w1clean, '医師').rows;
    const ids = rows.map((r) => r[0] as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^40\d{8}$/);
    for (const r of rows) {
      expect(r[1]).toMatch(/^\S+\u3000\S+$/);
      expect(r[2]).toMatch(/^[ァ-ヶー]+\u3000[ァ-ヶー]+$/);
    }
    expect(rows.some((r) => /[﨑髙邊邉]/.test(r[1] as string))).toBe(true);
    const certNos = rows.filter((r) => r[7] !== null).map((r) => r[7] as string);
    expect(certNos.length).toBe(150);
    expect(new Set(certNos).size).toBe(150);
    for (const c of certNos) expect(c).toMatch(/^20\d{2}-\d{6}$/);
  });

  test('doctors: 地区 mostly blank, sometimes set; 会員区分 from the template list; codes link to clinics', () => {
    const rows = sheet(w1, '医師').rows;
    const clinicCodes = new Set(sheet(w1, '医療機関').rows.map((r) => r[0]));
    const withDistrict = rows.filter((r) => r[4] !== null).length;
    expect(withDistrict).toBeGreaterThan(50);
    expect(withDistrict).toBeLessThan(300);
    for (const r of rows) {
      if (r[4] !== null) expect(['小倉北区', '小倉南区']).toContain(r[4]);
      expect(['A1', 'A2B', 'A2C', 'B', 'C', '非会員']).toContain(r[5]);
      if (r[3] !== null) expect(clinicCodes.has(normCode(r[3]))).toBe(true);
    }
    expect(rows.filter((r) => r[3] === null).length).toBeGreaterThan(0);
    for (const r of sheet(w1, '所属').rows) expect(clinicCodes.has(normCode(r[1]))).toBe(true);
  });

  test('clinics: the 380 real 小倉 codes plus synthetic ones with valid check digits', () => {
    const real = new Map(loadKokuraClinics().map((c) => [c.code, c]));
    const rows = sheet(w1clean, '医療機関').rows;
    const codes = rows.map((r) => r[0] as string);
    expect(new Set(codes).size).toBe(400);
    expect(codes.filter((c) => real.has(c))).toHaveLength(380);
    for (const r of rows) {
      const code = r[0] as string;
      if (real.has(code)) {
        expect(r[1]).toBe(real.get(code)!.name);
        expect(r[5]).toBe(real.get(code)!.district);
      } else {
        expect(isValidClinicCode(code, r[2] === '歯科診療所' ? 3 : 1)).toBe(true);
      }
    }
  });

  test('clinics: hospitals by name, 1–2 特定機能病院, a few dental, a couple 休院, G-MIS / permission / report mix', () => {
    const rows = sheet(w1clean, '医療機関').rows;
    for (const r of rows) {
      if (r[2] !== '歯科診療所') expect(r[2]).toBe((r[1] as string).includes('病院') ? '病院' : '診療所');
    }
    const hospitals = rows.filter((r) => r[2] === '病院');
    expect(hospitals.length).toBeGreaterThan(20);
    const special = rows.filter((r) => r[3] === '○');
    expect(special.length).toBeGreaterThanOrEqual(1);
    expect(special.length).toBeLessThanOrEqual(2);
    for (const r of special) expect(r[2]).toBe('病院');
    const dental = rows.filter((r) => r[2] === '歯科診療所');
    expect(dental.length).toBeGreaterThanOrEqual(2);
    expect(dental.length).toBeLessThanOrEqual(8);
    for (const r of dental) expect(isValidClinicCode(r[0] as string, 3)).toBe(true);
    const suspended = rows.filter((r) => r[4] === '○').length;
    expect(suspended).toBeGreaterThanOrEqual(1);
    expect(suspended).toBeLessThanOrEqual(4);
    expect(rows.filter((r) => r[6] === null).length).toBeGreaterThan(10);
    expect(rows.filter((r) => r[7] === '×').length).toBeGreaterThan(10);
    expect(rows.filter((r) => r[8] === '報告済').length).toBeGreaterThan(10);
  });

  test('records: 座学 in half units 0.5–3 with 日医生涯教育 titles; 実地 activities mostly 承認', () => {
    const rows = sheet(w1clean, '研修記録').rows;
    const zagaku = rows.filter((r) => r[2] === '座学');
    const jitchi = rows.filter((r) => r[2] === '実地');
    expect(zagaku.length + jitchi.length).toBe(rows.length);
    for (const r of zagaku) {
      const u = r[4] as number;
      expect(Number.isInteger(u * 2) && u >= 0.5 && u <= 3).toBe(true);
      expect(r[5]).toBeNull();
    }
    expect(zagaku.some((r) => (r[3] as string).startsWith('日医生涯教育講座 '))).toBe(true);
    expect(zagaku.some((r) => r[3] === '地域包括ケアと多職種連携')).toBe(true);
    for (const r of jitchi) expect(JITCHI_TITLES).toContain(r[3]);
    const approval = new Map<unknown, number>();
    for (const r of jitchi) approval.set(r[5], (approval.get(r[5]) ?? 0) + 1);
    expect(approval.get('承認')! / jitchi.length).toBeGreaterThan(0.6);
    expect(approval.get('申請中')).toBeGreaterThan(0);
    expect(approval.get('却下')).toBeGreaterThan(0);
    expect(approval.get(null)).toBeGreaterThan(0);
    for (const r of rows) {
      const iso = isoOf(r[1])!;
      expect(iso >= '2025-04-01' && iso <= AS_OF).toBe(true);
    }
    expect(rows.map((r) => isoOf(r[1])!)).toEqual(rows.map((r) => isoOf(r[1])!).sort());
  });
});

describe('generateRoster: status mix at 2026-01-31 (default rules)', () => {
  const expectMix = (data: RosterData, n: number): void => {
    const st = miniStatuses(data, AS_OF);
    const count = (s: string): number => [...st.values()].filter((x) => x.status === s).length;
    expect(st.size).toBe(n);
    for (const [status, share] of Object.entries(STATUS_TARGETS))
      expect(count(status)).toBe(Math.round(n * share));
    const inProgress = [...st.values()].filter((x) => x.status === 'in-progress');
    const onlyJitchi = inProgress.filter((x) => x.missingJ > 0 && x.missingZ === 0).length;
    const nearZagaku = inProgress.filter((x) => x.missingJ === 0 && x.missingZ > 0 && x.missingZ <= 2).length;
    expect(onlyJitchi).toBe(Math.round(n * 0.18));
    expect(nearZagaku).toBe(Math.round(n * 0.12));
    // Certified doctors have 発行済 and a certificate number; nobody else has a certificate date.
    for (const r of sheet(data, '医師').rows.slice(0, n)) {
      const s = st.get(r[0] as string)!.status;
      expect(r[6] !== null).toBe(s === 'certified');
      if (s === 'certified') expect([r[8], typeof r[7]]).toEqual(['発行済', 'string']);
    }
  };

  test('clean: 15 % certified, 20 % eligible, 45 % in progress (18 % missing only 実地, 12 % ≤ 2 座学), 20 % no records', () => {
    expectMix(w1clean, 1000);
  });

  test('decorated: the same mix (decorations and deliberate errors change no status)', () => {
    expectMix(w1, 1000);
  });

  test('another seed, size and as-of date keep the mix', () => {
    const asOf = '2025-12-15';
    const data = generateRoster({ doctors: 2000, seed: 77, asOf, recordsPerDoctor: 8, decorate: false });
    const st = miniStatuses(data, asOf);
    const count = (s: string): number => [...st.values()].filter((x) => x.status === s).length;
    for (const [status, share] of Object.entries(STATUS_TARGETS))
      expect(count(status)).toBe(Math.round(2000 * share));
    for (const r of sheet(data, '研修記録').rows) expect(isoOf(r[1])! <= asOf).toBe(true);
  });
});

describe('generateRoster: decorations and deliberate errors', () => {
  test('decorate: every decoration kind is present', () => {
    expect([...decorationsFound(w1)].sort()).toEqual([...DECORATION_KINDS].sort());
  });

  test('decorate: every deliberate error kind is present, about 0.5 % of the records', () => {
    const errors = errorsFound(w1, AS_OF);
    expect([...errors.keys()].sort()).toEqual([...ERROR_KINDS].sort());
    const recordLevel = [
      'units-not-half-step',
      'kind-unknown',
      'record-doctor-unknown',
      'duplicate-record',
      'date-invalid',
      'date-future',
    ] as const;
    const total = recordLevel.reduce((n, k) => n + errors.get(k)!, 0);
    const share = total / sheet(w1, '研修記録').rows.length;
    expect(share).toBeGreaterThan(0.003);
    expect(share).toBeLessThan(0.008);
  });

  test('decorate: a few of each decoration, not many', () => {
    const rows = sheet(w1, '研修記録').rows;
    const textDates = rows.filter((r) => !(r[1] instanceof Date)).length;
    expect(textDates / rows.length).toBeGreaterThan(0.01);
    expect(textDates / rows.length).toBeLessThan(0.05);
    const textUnits = rows.filter((r) => typeof r[4] === 'string').length;
    expect(textUnits).toBeGreaterThan(10);
    expect(textUnits / rows.length).toBeLessThan(0.02);
    for (const r of rows) if (typeof r[4] === 'string') expect(Number.isFinite(unitsOf(r[4]))).toBe(true);
  });

  test('decorate: false ⇒ no decoration and no deliberate error', () => {
    expect([...decorationsFound(w1clean)]).toEqual([]);
    expect([...errorsFound(w1clean, AS_OF).keys()]).toEqual([]);
    for (const r of sheet(w1clean, '研修記録').rows) {
      expect(r[1]).toBeInstanceOf(Date);
      if (r[4] !== null) expect(typeof r[4]).toBe('number');
    }
    for (const r of sheet(w1clean, '医師').rows) {
      if (r[3] !== null) expect(r[3]).toMatch(/^\d{10}$/);
      if (r[6] !== null) expect(r[6]).toBeInstanceOf(Date);
    }
    for (const r of sheet(w1clean, '所属').rows) expect(r[1]).toMatch(/^\d{10}$/);
    for (const r of sheet(w1clean, '医療機関').rows) expect(r[6] === null || r[6] === '○').toBe(true);
  });

  test('small rosters still get at least one of each kind', () => {
    const small = generateRoster({ doctors: 60, seed: 5 });
    expect([...decorationsFound(small)].sort()).toEqual([...DECORATION_KINDS].sort());
    expect([...errorsFound(small, AS_OF).keys()].sort()).toEqual([...ERROR_KINDS].sort());
  });
});

describe('generateRoster: national lists and scale', () => {
  test('prefecture scale (W2 shape): 20,000 doctors over 5,000 clinics of 福岡県, districts = 市区郡', () => {
    const data = generateRoster({
      doctors: 20_000,
      seed: 1,
      clinics: 'national',
      clinicCount: 5000,
      recordsPerDoctor: 15,
      prefecture: '40',
      decorate: false,
    });
    expect(sheet(data, '医師').rows).toHaveLength(20_000);
    const records = sheet(data, '研修記録').rows.length;
    expect(Math.abs(records - 300_000)).toBeLessThan(1500);
    const clinics = sheet(data, '医療機関').rows;
    expect(clinics).toHaveLength(5000);
    const fukuoka = loadNationalClinics().filter((c) => c.code.startsWith('40'));
    const codes = new Set(clinics.map((r) => r[0]));
    expect(fukuoka.every((c) => codes.has(c.code))).toBe(true);
    for (const r of clinics) expect((r[0] as string).startsWith('40')).toBe(true);
    const districts = new Set(clinics.map((r) => r[5]));
    expect(districts.has('北九州市')).toBe(true);
    expect(districts.has('福岡市')).toBe(true);
    expect(districts.size).toBeGreaterThan(30);
  });

  test('national (W3 shape): all 96,488 real codes, synthetic extras with valid check digits', () => {
    const data = generateRoster({
      doctors: 3000,
      seed: 1,
      clinics: 'national',
      clinicCount: 97_000,
      recordsPerDoctor: 2,
      decorate: false,
    });
    const rows = sheet(data, '医療機関').rows;
    expect(rows).toHaveLength(97_000);
    const real = new Set(loadNationalClinics().map((c) => c.code));
    const codes = rows.map((r) => r[0] as string);
    expect(new Set(codes).size).toBe(97_000);
    expect(codes.filter((c) => real.has(c))).toHaveLength(96_488);
    const synthetic = rows.filter((r) => !real.has(r[0] as string));
    expect(synthetic.every((r) => isValidClinicCode(r[0] as string, r[2] === '歯科診療所' ? 3 : 1))).toBe(
      true,
    );
    expect(new Set(rows.map((r) => r[5])).size).toBe(46); // prefectures (沖縄 is not in the list)
  });

  test('clinicCount below the real list samples real clinics; more than the list adds synthetic ones', () => {
    const few = generateRoster({ doctors: 100, seed: 3, clinicCount: 50 });
    expect(sheet(few, '医療機関').rows.filter((r) => String(r[0])[2] !== '4')).toHaveLength(50);
    const many = generateRoster({ doctors: 100, seed: 3, clinicCount: 1000, decorate: false });
    const real = new Set(loadKokuraClinics().map((c) => c.code));
    const rows = sheet(many, '医療機関').rows;
    expect(rows.filter((r) => real.has(r[0] as string))).toHaveLength(380);
    for (const r of rows)
      if (!real.has(r[0] as string))
        expect(isValidClinicCode(r[0] as string, r[2] === '歯科診療所' ? 3 : 1)).toBe(true);
  });

  test('edge cases and invalid options', () => {
    const empty = generateRoster({ doctors: 0, seed: 1 });
    expect(sheet(empty, '医師').rows).toEqual([]);
    expect(sheet(empty, '研修記録').rows).toEqual([]);
    expect(() => generateRoster({ doctors: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateRoster({ doctors: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateRoster({ doctors: 10, seed: 1, asOf: '2026/01/31' })).toThrow(RangeError);
    expect(() => generateRoster({ doctors: 10, seed: 1, clinicCount: 0 })).toThrow(RangeError);
    expect(() => generateRoster({ doctors: 10, seed: 1, clinics: 'national', prefecture: '99' })).toThrow(
      RangeError,
    );
    const one = generateRoster({ doctors: 1, seed: 1, recordsPerDoctor: 0 });
    expect(sheet(one, '医師').rows.length).toBeGreaterThanOrEqual(1);
  });
});
