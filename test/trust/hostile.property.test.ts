/**
 * The hostile-package property of the fuzz campaign (issue 16): random attacks on a small, valid
 * roster package, run through the real CLI paths — `recalc -o` (package reader → pipeline →
 * package writer → atomic rename) and the meeting export — asserting for every case:
 *
 *   - no exception other than a documented FatalError (no crash, no exit 3), and a FatalError
 *     writes nothing;
 *   - beyond Excel's grid or the reader's bounds (rows, columns, cell length, zip bombs in any
 *     part): `file-corrupt`;
 *   - comments, CDATA and processing instructions inside sheet XML change nothing: the same
 *     snapshot as the clean package (never a silent misread);
 *   - every XML part written is well-formed (saxes), whatever control characters the texts that
 *     reach a chart or a header hold;
 *   - no user cell changes: every cell of the input sheets outside the owned columns reads the same
 *     from the output.
 */
import fc from 'fast-check';
import { strFromU8 } from 'fflate';
import { promises as fs } from 'fs';
import * as path from 'path';
import { SaxesParser } from 'saxes';
import { exportFile } from '../../src/cli/export';
import { isFatal } from '../../src/sheets/fatal';
import type { WorkbookSnapshot } from '../../src/sheets/types';
import { openXlsxBuffer, readPackageSnapshot } from '../../src/xlsx/package-read';
import { recalcFile } from '../../src/xlsx/recalcFile';
import { entryBytes, readCentralDirectory } from '../../src/xlsx/zip';
import { params, RUNS, timeout } from '../property/config';
import { NOW } from '../property/helpers';
import { dayFromIso } from '../../src/domain/day';
import {
  ROSTER,
  bombData,
  cellXml,
  col,
  packageParts,
  rosterSheets,
  rosterWithBomb,
  sheetXml,
  zipParts,
  type Cell,
} from './hostile';
import { tempDir } from './xlsx';

const AS_OF = dayFromIso('2026-01-31');
const SHEETS = Object.keys(ROSTER);
const PARTS = Object.keys(packageParts(rosterSheets()));

/** Texts with what XML 1.0 cannot hold and what looks like markup. */
const CONTROL = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001f',
  '\t',
  '\r',
  '\n',
  '\uffff',
  '\ufffe',
  '_x0001_',
  '&',
  '<',
  ']]>',
  "'",
  '"',
);
const nastyText = (base: string) =>
  fc.array(fc.tuple(fc.nat(base.length), CONTROL), { minLength: 1, maxLength: 4 }).map((ins) => {
    let s = base;
    for (const [at, c] of ins) s = s.slice(0, at) + c + s.slice(at);
    return s;
  });

type Attack =
  | { kind: 'row'; sheet: string; r: string }
  | { kind: 'col'; sheet: string; ref: string }
  | { kind: 'long'; sheet: string; length: number; shared: boolean }
  | { kind: 'bomb'; part: string; lie: number | null }
  | { kind: 'markup'; sheet: string; where: number[]; what: string[]; cdata: number[] }
  | { kind: 'control'; texts: { sheet: string; row: number; col: number; text: string }[] };

const attackArb: fc.Arbitrary<Attack> = fc.oneof(
  fc.record({
    kind: fc.constant('row' as const),
    sheet: fc.constantFrom(...SHEETS),
    r: fc.oneof(
      fc.constantFrom(
        '1048576',
        '1048577',
        '200000000',
        '4294967297',
        '99999999999999999999999',
        '0',
        '3',
        '1e3',
        '-1',
        '',
      ),
      fc.integer({ min: 5, max: 60 }).map(String),
    ),
  }),
  fc.record({
    kind: fc.constant('col' as const),
    sheet: fc.constantFrom(...SHEETS),
    ref: fc.oneof(
      fc.constantFrom('XFD', 'XFE', 'ZZZ', 'ZZZZZZZZ', 'AAAAAAAAAAAAAAAAAAAA', 'A', 'E'),
      fc.stringMatching(/^[A-Z]{1,9}$/),
    ),
  }),
  fc.record({
    kind: fc.constant('long' as const),
    sheet: fc.constantFrom(...SHEETS),
    length: fc.constantFrom(32_766, 32_767, 32_768, 40_000, 200_000),
    shared: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('bomb' as const),
    part: fc.constantFrom(...PARTS),
    lie: fc.option(fc.constantFrom(0, 100, 5_000, 1_000_000), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('markup' as const),
    sheet: fc.constantFrom(...SHEETS),
    where: fc.array(fc.nat(10_000), { minLength: 1, maxLength: 6 }),
    what: fc.array(
      fc.constantFrom(
        "<!-- don't -->",
        '<!-- "quoted" <c r="Z9"><v>9</v></c> -->',
        '<!-- </sheetData> -->',
        "<?pi it's <row r='1'/> ?>",
        '<?xml-stylesheet href="x"?>',
        '<!---->',
      ),
      { minLength: 6, maxLength: 6 },
    ),
    // Texts written as CDATA sections instead (same value).
    cdata: fc.array(fc.nat(40), { maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('control' as const),
    texts: fc.array(
      fc.record({
        sheet: fc.constantFrom(...SHEETS),
        row: fc.integer({ min: 1, max: 4 }),
        col: fc.integer({ min: 1, max: 6 }),
        text: fc.oneof(nastyText('小倉北'), nastyText('山田 太郎'), nastyText('地区')),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
);

/** Bomb data per size, built once (a few MB each). */
const BOMBS = (() => {
  const big = bombData('<x>', '<!-- bomb bomb bomb bomb -->', 40_000_000, '</x>');
  return { big };
})();

/** Places where markup may go inside a sheet's XML without changing its meaning. */
function markupPoints(xml: string): number[] {
  const out: number[] = [];
  const start = xml.indexOf('<sheetData>') + '<sheetData>'.length;
  const end = xml.indexOf('</sheetData>');
  for (let i = start; i <= end; i++) {
    if (xml[i] === '<') out.push(i);
    // Inside a text node: between two characters of <t>…</t> or <v>…</v> content.
    else if (
      xml[i - 1] !== '>' &&
      xml[i] !== '>' &&
      /[^<>]/.test(xml[i]) &&
      /<(t|v)[^>]*>[^<]*$/.test(xml.slice(Math.max(0, i - 60), i))
    )
      out.push(i);
  }
  return out;
}

function withRows(sheet: string, rows: Cell[][], extra = ''): string {
  void sheet;
  return sheetXml(
    rows
      .map(
        (row, i) =>
          `<row r="${i + 1}">${row.map((v, j) => cellXml(`${col(j + 1)}${i + 1}`, v)).join('')}</row>`,
      )
      .join('') + extra,
  );
}

interface Case {
  buf: Buffer;
  /** The outcome the attack must have: 'corrupt', 'same' (as the clean package), or 'any'. */
  expect: 'corrupt' | 'same' | 'any';
}

function build(a: Attack): Case {
  switch (a.kind) {
    case 'row': {
      const n = a.r === '' ? NaN : Number(a.r);
      const beyond = /^\d+$/.test(a.r) && n > 1_048_576;
      // Rows must ascend: a number at or below the last row (4 or 6) is out of order.
      const last = ROSTER[a.sheet].length;
      const outOfOrder = /^\d+$/.test(a.r) && n >= 1 && n <= last;
      const xml = withRows(
        a.sheet,
        ROSTER[a.sheet],
        `<row r="${a.r}"><c t="inlineStr"><is><t>x</t></is></c></row>`,
      );
      return {
        buf: zipParts(packageParts(rosterSheets({ [a.sheet]: xml }))),
        expect: beyond || outOfOrder ? 'corrupt' : 'any',
      };
    }
    case 'col': {
      let c = 0;
      for (const ch of a.ref) c = c * 26 + (ch.charCodeAt(0) - 64);
      const width = ROSTER[a.sheet][0].length;
      const xml = withRows(a.sheet, ROSTER[a.sheet], `<row r="9"><c r="${a.ref}9"><v>1</v></c></row>`);
      const corrupt = c > 16_384;
      void width;
      return {
        buf: zipParts(packageParts(rosterSheets({ [a.sheet]: xml }))),
        expect: corrupt ? 'corrupt' : 'any',
      };
    }
    case 'long': {
      const text = 'あ'.repeat(a.length);
      const rows = ROSTER[a.sheet].map((r) => [...r]);
      rows[1] = [...rows[1], text];
      const over = a.length > 32_767;
      if (a.shared) {
        const parts = packageParts(rosterSheets());
        parts['xl/sharedStrings.xml'] =
          `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${text}</t></si></sst>`;
        parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels'].replace(
          '</Relationships>',
          '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        );
        return { buf: zipParts(parts), expect: over ? 'corrupt' : 'any' };
      }
      return {
        buf: zipParts(packageParts(rosterSheets({ [a.sheet]: withRows(a.sheet, rows) }))),
        expect: over ? 'corrupt' : 'any',
      };
    }
    case 'bomb': {
      const b = BOMBS.big;
      return {
        buf: rosterWithBomb({ [a.part]: a.lie === null ? b : { ...b, declared: a.lie } }),
        // The package's own rels and content types are not read for the snapshot: a bomb there
        // is copied (never inflated) or refused by the writer.
        expect: a.part === '_rels/.rels' || a.part === '[Content_Types].xml' ? 'any' : 'corrupt',
      };
    }
    case 'markup': {
      let k = 0;
      const wrap = new Set(a.cdata);
      let xml = withRows(a.sheet, ROSTER[a.sheet]).replace(
        /(<t xml:space="preserve">)([^<]*)(<\/t>)/g,
        (m, open: string, text: string, close: string) =>
          wrap.has(k++) ? `${open}<![CDATA[${text}]]>${close}` : m,
      );
      const points = markupPoints(xml);
      const at = [...new Set(a.where.map((w) => points[w % points.length]))].sort((x, y) => y - x);
      at.forEach((p, k) => (xml = xml.slice(0, p) + a.what[k] + xml.slice(p)));
      return { buf: zipParts(packageParts(rosterSheets({ [a.sheet]: xml }))), expect: 'same' };
    }
    case 'control': {
      const sheets: Record<string, Cell[][]> = {};
      for (const s of SHEETS) sheets[s] = ROSTER[s].map((r) => [...r]);
      for (const t of a.texts) {
        const rows = sheets[t.sheet];
        while (rows.length < t.row) rows.push([]);
        const row = rows[t.row - 1];
        while (row.length < t.col) row.push(null);
        row[t.col - 1] = t.text;
      }
      const override: Record<string, string> = {};
      for (const s of SHEETS) override[s] = withRows(s, sheets[s]);
      return { buf: zipParts(packageParts(rosterSheets(override))), expect: 'any' };
    }
  }
}

/**
 * Every XML part the run wrote is well-formed (saxes, a conforming XML parser). Parts copied from
 * the input byte for byte (same name, CRC and compressed size) are the user's, bombs included.
 */
function wellFormed(buf: Uint8Array, input: Uint8Array, what: string): void {
  const copied = new Set(
    (input.length ? readCentralDirectory(input) : []).map((e) => `${e.name}|${e.crc}|${e.csize}`),
  );
  const written = readCentralDirectory(buf).filter(
    (e) => /\.(xml|rels)$/.test(e.name) && !copied.has(`${e.name}|${e.crc}|${e.csize}`),
  );
  for (const e of written) {
    let err: Error | null = null;
    const p = new SaxesParser();
    p.on('error', (x) => {
      err ??= x;
    });
    p.write(strFromU8(entryBytes(buf, e, e.usize))).close();
    if (err) throw new Error(`${what}: ${e.name} is not well-formed: ${(err as Error).message}`);
  }
}

const snapOf = async (buf: Buffer): Promise<WorkbookSnapshot> =>
  (await readPackageSnapshot(openXlsxBuffer(buf))).snapshot;

const CLEAN = zipParts(packageParts(rosterSheets()));

test(
  `hostile packages: file-corrupt beyond the bounds, no misread, well-formed output, user cells kept (${RUNS} runs)`,
  async () => {
    const dir = await tempDir('kr-hostile-');
    const clean = await snapOf(CLEAN);
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(attackArb, async (attack) => {
          const c = build(attack);
          const base = path.join(dir, `c${n++}`);
          const input = `${base}-in.xlsx`;
          const out = `${base}-out.xlsx`;
          const meeting = `${base}-meeting.xlsx`;
          await fs.writeFile(input, c.buf);
          let snap: WorkbookSnapshot | null = null;
          try {
            snap = await snapOf(c.buf);
          } catch (e) {
            if (!isFatal(e)) throw e;
            if (c.expect === 'same') throw new Error(`a harmless construct was refused: ${e.code}`);
          }
          if (c.expect === 'corrupt' && snap) throw new Error('read beyond the bounds without refusal');
          if (c.expect === 'same') expect(snap).toEqual(clean);
          let plan;
          try {
            plan = (await recalcFile(input, { asOf: AS_OF, now: NOW, out })).plan;
          } catch (e) {
            if (!isFatal(e)) throw e;
            if (c.expect === 'corrupt') expect(e.code).toBe('file-corrupt');
            await expect(fs.stat(out)).rejects.toThrow();
          }
          if (plan) {
            const written = await fs.readFile(out);
            wellFormed(written, c.buf, 'recalc -o');
            // No user cell changed: input sheets outside the owned columns read the same.
            const after = await snapOf(written);
            for (const s of snap!.sheets) {
              const ip = plan.inputs.find((p) => p.sheet === s.name);
              if (plan.sheets.some((x) => x.name === s.name && x.mode !== 'create')) continue;
              const owned = new Set(ip?.columns.map((x) => x.col) ?? []);
              const t = after.sheets.find((x) => x.name === s.name)!;
              const rows = Math.max(s.rows.length, t.rows.length);
              for (let r = 0; r < rows; r++) {
                const a = s.rows[r] ?? [];
                const b = t.rows[r] ?? [];
                for (let k = 0; k < Math.max(a.length, b.length); k++) {
                  if (ip && owned.has(k + 1) && r + 1 >= ip.headerRow) continue;
                  if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null))
                    throw new Error(
                      `${s.name} ${col(k + 1)}${r + 1} changed: ${JSON.stringify(a[k])} → ${JSON.stringify(b[k])}`,
                    );
                }
              }
            }
            // The meeting export (its chart) for the texts that reach it.
            if (attack.kind === 'control' || attack.kind === 'markup')
              try {
                await exportFile(input, { asOf: AS_OF, now: NOW, out: meeting });
                wellFormed(await fs.readFile(meeting), new Uint8Array(0), 'export');
              } catch (e) {
                if (!isFatal(e)) throw e;
              }
          }
          await Promise.all([input, out, meeting].map((f) => fs.rm(f, { force: true })));
        }),
        params(RUNS),
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
  timeout(RUNS, 2000),
);
