import * as fs from 'fs';
import * as path from 'path';
import {
  cityOfAddress,
  findPackageRoot,
  isLuhnValid,
  isValidClinicCode,
  loadKokuraClinics,
  loadNationalClinics,
  luhnCheckDigit,
  PREFECTURES,
  syntheticClinicCode,
} from '../../src/sample/clinics';
import { Rng } from '../../src/sample/rng';

describe('package root and data files', () => {
  test('the root is found by walking up to package.json named kakari-roster', () => {
    const root = findPackageRoot();
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name).toBe('kakari-roster');
    expect(findPackageRoot(path.join(root, 'src', 'sample'))).toBe(root);
    expect(fs.existsSync(path.join(root, 'data', 'kokura-clinics.csv'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'data', 'jp-medical-institutions-2025-08.csv.gz'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'data', 'README.md'))).toBe(true);
  });

  test('outside the package the search fails clearly', () => {
    expect(() => findPackageRoot(path.parse(process.cwd()).root)).toThrow(/package root not found/);
  });
});

describe('the 小倉 list', () => {
  const list = loadKokuraClinics();

  test('380 医科 institutions in the two wards, unique codes, sorted', () => {
    expect(list).toHaveLength(380);
    expect(new Set(list.map((c) => c.code)).size).toBe(380);
    const wards = new Map<string, number>();
    for (const c of list) wards.set(c.district, (wards.get(c.district) ?? 0) + 1);
    expect(Object.fromEntries(wards)).toEqual({ 小倉北区: 223, 小倉南区: 157 });
    for (const c of list) {
      expect(c.code).toMatch(/^40177|^40178|^40179|^40199/);
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.postcode).toMatch(/^\d{7}$/);
      expect(c.address).toContain(c.district);
    }
    expect(list.map((c) => c.code)).toEqual(list.map((c) => c.code).sort());
  });

  test('standard Luhn mod 10 over all ten digits holds for every real 小倉 code', () => {
    for (const c of list) {
      expect(isValidClinicCode(c.code)).toBe(true);
      expect(luhnCheckDigit(c.code.slice(0, 9))).toBe(Number(c.code[9]));
    }
  });
});

describe('the national list', () => {
  const list = loadNationalClinics();

  test('96,488 unique 医科 codes with prefecture names as districts', () => {
    expect(list).toHaveLength(96488);
    expect(new Set(list.map((c) => c.code)).size).toBe(96488);
    const bad = list.filter(
      (c) => !/^\d{2}1\d{7}$/.test(c.code) || c.district !== PREFECTURES[c.code.slice(0, 2)],
    );
    expect(bad).toEqual([]);
  });

  test('Luhn holds outside 関東信越 prefectures 11–14 (which use another layout), fails there', () => {
    let outside = 0;
    let outsideValid = 0;
    let kanto = 0;
    let kantoValid = 0;
    for (const c of list) {
      const p = Number(c.code.slice(0, 2));
      const ok = isLuhnValid(c.code);
      if (p >= 11 && p <= 14) {
        kanto++;
        if (ok) kantoValid++;
      } else {
        outside++;
        if (ok) outsideValid++;
      }
    }
    expect(outsideValid / outside).toBeGreaterThan(0.999);
    expect(kantoValid / kanto).toBeLessThan(0.2);
  });

  test('cityOfAddress gives the 市 / 郡 / 特別区, with or without the prefecture in front', () => {
    expect(cityOfAddress('福岡県北九州市小倉南区企救丘４丁目１６番６号', '40')).toBe('北九州市');
    expect(cityOfAddress('北九州市小倉北区真鶴１－１－１', '40')).toBe('北九州市');
    expect(cityOfAddress('小郡市小郡２５５', '40')).toBe('小郡市');
    expect(cityOfAddress('糟屋郡粕屋町大字仲原', '40')).toBe('糟屋郡');
    expect(cityOfAddress('文京区目白台三丁目１６番１２号', '13')).toBe('文京区');
    expect(cityOfAddress('八王子市元横山町', '13')).toBe('八王子市');
    expect(cityOfAddress('大島町元町', '13')).toBe('大島町');
    expect(cityOfAddress('四日市市諏訪町', '24')).toBe('四日市市');
    expect(cityOfAddress('大和郡山市北郡山町', '29')).toBe('大和郡山市');
    expect(cityOfAddress('札幌市南区川沿１３条', '01')).toBe('札幌市');
    expect(cityOfAddress('', '40')).toBe('福岡県');
  });
});

describe('check digits and synthetic codes', () => {
  test('Luhn check digit: known values', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook example
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(luhnCheckDigit('401771643')).toBe(4); // 4017716434, a real 小倉 code
    expect(isLuhnValid('４０１７７１６４３４')).toBe(false); // digits only
  });

  test('synthetic codes: 10 digits, the asked prefecture and fee table, valid Luhn (2,000 codes)', () => {
    const rng = new Rng(3);
    const prefs = Object.keys(PREFECTURES);
    for (let i = 0; i < 2000; i++) {
      const pref = prefs[i % prefs.length];
      const table = ([1, 3, 4] as const)[i % 3];
      const code = syntheticClinicCode(rng, pref, table);
      expect(code).toMatch(/^\d{10}$/);
      expect(code.slice(0, 2)).toBe(pref);
      expect(code[2]).toBe(String(table));
      expect(isValidClinicCode(code, table)).toBe(true);
    }
    expect(syntheticClinicCode(new Rng(1), '40')[2]).toBe('1');
  });

  test('synthetic codes avoid taken codes and honour a fixed 郡市区', () => {
    const rng = new Rng(4);
    const taken = new Set(loadKokuraClinics().map((c) => c.code));
    const before = taken.size;
    const made = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = syntheticClinicCode(rng, '40', 1, { gunshiku: '77', taken });
      expect(code.slice(0, 5)).toBe('40177');
      expect(made.has(code)).toBe(false);
      made.add(code);
    }
    expect(taken.size).toBe(before + 500);
    expect(() => syntheticClinicCode(rng, '4', 1)).toThrow(RangeError);
    expect(() => syntheticClinicCode(rng, '40', 1, { gunshiku: '7' })).toThrow(RangeError);
  });
});
