/**
 * The CLI bundle's `fflate` (scripts/build-cli-fflate-lazy.js, wired in webpack.cli.config.js;
 * issue 20 goal 3): the text helpers give exactly what fflate gives, without loading fflate; every
 * other export loads fflate on first use and returns fflate's own objects and results.
 */
import * as fflate from 'fflate';

type Lazy = typeof fflate & { isFflateLoaded(): boolean };

/** A fresh copy of the facade (fflate not yet loaded by it). */
function freshLazy(): Lazy {
  let mod: Lazy | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual<Lazy>('../../scripts/build-cli-fflate-lazy.js');
  });
  return mod!;
}

const TEXTS = [
  '',
  'xl/worksheets/sheet1.xml',
  '医師・研修記録・医療機関',
  '絵文字 😀 と結合 が',
  'lone \ud800 surrogate',
  '\ufeffBOM first',
  'x'.repeat(40_000) + '終',
];

const BYTES = [
  new Uint8Array([]),
  Uint8Array.from(Buffer.from('ascii only')),
  Uint8Array.from(Buffer.from('\ufeff先頭のBOM', 'utf8')),
  new Uint8Array([0x41, 0xff, 0xfe, 0x42]), // not UTF-8
  new Uint8Array([0xe3, 0x81]), // cut inside a character
  Uint8Array.from({ length: 50_000 }, (_, i) => i % 256),
];

test('strToU8 / strFromU8 are fflate’s, and do not load fflate', () => {
  const lazy = freshLazy();
  for (const s of TEXTS) {
    expect(lazy.strToU8(s)).toEqual(fflate.strToU8(s));
    expect(lazy.strToU8(s, true)).toEqual(fflate.strToU8(s, true));
  }
  for (const b of BYTES) {
    expect(lazy.strFromU8(b)).toBe(fflate.strFromU8(b));
    expect(lazy.strFromU8(b, true)).toBe(fflate.strFromU8(b, true));
  }
  expect(lazy.isFflateLoaded()).toBe(false);
});

test('zipSync / unzipSync load fflate and give its results', () => {
  const lazy = freshLazy();
  const files: fflate.Zippable = {
    'a.xml': [fflate.strToU8('<a>'.repeat(1000)), { mtime: new Date(2026, 0, 31) }],
    'b/c.txt': [fflate.strToU8('研修'), { level: 0, mtime: new Date(2026, 0, 31) }],
  };
  const zipped = lazy.zipSync(files);
  expect(lazy.isFflateLoaded()).toBe(true);
  expect(zipped).toEqual(fflate.zipSync(files));
  expect(lazy.unzipSync(zipped)).toEqual(fflate.unzipSync(zipped));
  expect(lazy.unzipSync(zipped, { filter: (f) => f.name === 'b/c.txt' })).toEqual(
    fflate.unzipSync(zipped, { filter: (f) => f.name === 'b/c.txt' }),
  );
});

test('Inflate, Zip and ZipDeflate construct fflate’s own objects', () => {
  const lazy = freshLazy();
  const data = fflate.strToU8('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(500));
  const raw = fflate.deflateSync(data, { level: 6 });

  const chunks: Uint8Array[] = [];
  const inflater = new lazy.Inflate((d) => chunks.push(d));
  expect(lazy.isFflateLoaded()).toBe(true);
  expect(inflater).toBeInstanceOf(fflate.Inflate);
  inflater.push(raw.subarray(0, 100));
  inflater.push(raw.subarray(100), true);
  expect(Buffer.concat(chunks)).toEqual(Buffer.from(data));

  const out: Uint8Array[] = [];
  let ended = false;
  const zip = new lazy.Zip((err, d, final) => {
    if (err) throw err;
    out.push(d);
    ended = final;
  });
  expect(zip).toBeInstanceOf(fflate.Zip);
  const entry = new lazy.ZipDeflate('xl/sheet.xml', { level: 4 });
  expect(entry).toBeInstanceOf(fflate.ZipDeflate);
  zip.add(entry);
  entry.push(data, true);
  zip.end();
  expect(ended).toBe(true);
  expect(fflate.unzipSync(Buffer.concat(out))).toEqual({ 'xl/sheet.xml': data });
});
