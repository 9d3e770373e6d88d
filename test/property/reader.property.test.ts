/**
 * The streaming package reader (src/xlsx/package-read.ts over xml-stream.ts) on random worksheet
 * and shared-string XML: whatever the chunk boundaries, and whatever comments, processing
 * instructions and CDATA sections the XML holds where XML allows them, the rows read are exactly
 * the cells written (issue 16, defects 3 and 8: linear, and never a silent misread).
 */
import fc from 'fast-check';
import { readContext, readSharedStrings, readSheet } from '../../src/xlsx/package-read';
import { StyleBook } from '../../src/xlsx/styles';
import { params, RUNS, timeout } from './config';

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

const colName = (n: number): string => {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
};

/** Text as SpreadsheetML stores it: XML-escaped, controls as _xHHHH_, a literal _xHHHH_ protected. */
const escText = (s: string): string =>
  s
    .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1')
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\x00-\x08\x0b-\x1f\ufffe\uffff]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0')}_`,
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

const textArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 6, unit: 'binary' }),
  fc.constantFrom(
    "it's",
    '"q"',
    '</sheetData>',
    '<c r="A1">',
    ']]',
    '--',
    '?>',
    '&amp;',
    '_x0041_',
    '山田 太郎',
    '\u0001',
  ),
);
/** A value: text (inline or shared), a number, or nothing. */
const valueArb = fc.oneof(
  { weight: 3, arbitrary: textArb },
  { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e6 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f]/;
/** A text that can be written as a CDATA section and read back the same. */
const cdataSafe = (v: string): boolean =>
  !v.includes(']]>') && !CONTROL.test(v) && !/_x[0-9a-fA-F]{4}_/.test(v);
const NOISE = ["<!-- it's -->", '<!-- "<row>" </sheetData> -->', "<?pi a='<c>' ?>", '<!---->'];

interface Layout {
  rows: { r: number; cells: { col: number; v: string | number | null; shared: boolean; cdata: boolean }[] }[];
  noise: number[];
  chunk: number;
}

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  rows: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }).chain((rs) =>
    fc.tuple(
      ...[...rs]
        .sort((a, b) => a - b)
        .map((r) =>
          fc.record({
            r: fc.constant(r),
            cells: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }).chain((cs) =>
              fc.tuple(
                ...[...cs]
                  .sort((a, b) => a - b)
                  .map((col) =>
                    fc.record({
                      col: fc.constant(col),
                      v: valueArb,
                      shared: fc.boolean(),
                      cdata: fc.boolean(),
                    }),
                  ),
              ),
            ),
          }),
        ),
    ),
  ),
  noise: fc.array(fc.nat(), { maxLength: 8 }),
  chunk: fc.integer({ min: 1, max: 300 }),
});

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += size) yield Buffer.from(b.subarray(i, i + size));
}

test(
  `the reader gives the cells written, whatever the chunks and the comments, PIs and CDATA (${RUNS} runs)`,
  async () => {
    await fc.assert(
      fc.asyncProperty(layoutArb, async (l) => {
        const sst: string[] = [];
        const parts: string[] = [];
        // Where noise may go: between elements of sheetData.
        const gaps: number[] = [];
        const expected: unknown[][] = [];
        let xml = `<?xml version="1.0"?><worksheet ${MAIN}><sheetData>`;
        for (const row of l.rows) {
          gaps.push(xml.length);
          xml += `<row r="${row.r}">`;
          const values: unknown[] = [];
          for (const c of row.cells) {
            gaps.push(xml.length);
            const ref = `${colName(c.col)}${row.r}`;
            if (c.v === null) xml += `<c r="${ref}"/>`;
            else if (typeof c.v === 'number') xml += `<c r="${ref}"><v>${c.v}</v></c>`;
            else if (c.shared) {
              xml += `<c r="${ref}" t="s"><v>${sst.length}</v></c>`;
              sst.push(c.v);
            } else {
              const body = c.cdata && cdataSafe(c.v) ? `<![CDATA[${c.v}]]>` : escText(c.v);
              xml += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${body}</t></is></c>`;
            }
            if (c.v !== null) values[c.col - 1] = c.v;
          }
          xml += '</row>';
          if (values.length) expected[row.r - 1] = values;
        }
        gaps.push(xml.length);
        xml += '</sheetData></worksheet>';
        // Noise, inserted from the end so earlier positions stay valid.
        const at = [...new Set(l.noise.map((k) => gaps[k % gaps.length]))].sort((a, b) => b - a);
        at.forEach((p, k) => (xml = xml.slice(0, p) + NOISE[k % NOISE.length] + xml.slice(p)));
        for (const s of sst) parts.push(`<si><t xml:space="preserve">${escText(s)}</t></si>`);
        const sstXml = `<sst ${MAIN}>${NOISE[0]}${parts.join(NOISE[2])}</sst>`;

        const strings = await readSharedStrings(chunks(sstXml, l.chunk));
        // Shared strings are read as written (a CR travels as _x000d_).
        expect(strings).toEqual(sst);
        const read = await readSheet(chunks(xml, l.chunk), readContext(strings, StyleBook.empty(), false));
        const norm = (rows: unknown[][]) =>
          Array.from({ length: rows.length }, (_, i) =>
            rows[i] ? Array.from({ length: rows[i].length }, (_, j) => rows[i][j] ?? null) : null,
          );
        expect(norm(read.rows)).toEqual(norm(expected));
      }),
      params(RUNS),
    );
  },
  timeout(RUNS, 40),
);
