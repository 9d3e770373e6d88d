/**
 * The hostile-package attacks of the fuzz campaign (issue 16), shared by the jest property
 * (hostile.property.test.ts, 200 cases in `npm test`) and the sharded campaign runner
 * (scripts/fuzz/hostile.js, ≥ 10,000 cases): how an attack is generated, how it is built into a
 * package, and what a run of the command line on it must do.
 *
 * A case runs the CLI in-process through its main function (src/cli/main.ts, the very code the
 * binary runs, with captured output): `recalc -o` and, for texts that reach a chart, `export -o`.
 * The runner also runs a sample of cases as whole processes (processRun below) to check exit
 * codes, peak memory and time of the real binary.
 */
import fc from 'fast-check';
import { strFromU8 } from 'fflate';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { SaxesParser } from 'saxes';
import { main, type Io } from '../../src/cli/main';
import { isFatal } from '../../src/sheets/fatal';
import { recalc } from '../../src/sheets/recalc';
import type { WorkbookSnapshot } from '../../src/sheets/types';
import { dayFromIso } from '../../src/domain/day';
import {
  INFLATE_BUDGET_MIN,
  MAX_PART_BYTES,
  openXlsxBuffer,
  readPackageSnapshot,
} from '../../src/xlsx/package-read';
import { MAX_WHOLE_PART_BYTES, entryBytes, readCentralDirectory } from '../../src/xlsx/zip';
import {
  MAIN_NS,
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

export const AS_OF_ISO = '2026-01-31';
const AS_OF = dayFromIso(AS_OF_ISO);
const NOW = new Date('2026-01-31T09:00:00Z');

export const SHEETS = Object.keys(ROSTER);
export const PARTS = Object.keys(packageParts(rosterSheets()));
/** Parts the reader streams (sheets); the others are read whole. */
const STREAMED = new Set(PARTS.filter((p) => p.startsWith('xl/worksheets/')));

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

/**
 * A zip bomb in one part:
 *  - `lie`: the entry declares `declared` bytes and inflates to over a gigabyte (refused at the
 *    first byte beyond the declared size);
 *  - `over`: honest sizes, just beyond the part's own bound (1 GiB for a sheet, 128 MiB for a part
 *    read whole): refused from the declared size, before inflating;
 *  - `budget`: two honest sheets, each within its bound, together just beyond the package's
 *    inflation budget (256 MiB for a small file): refused when the second is reached (the first,
 *    of `first` bytes, is read whole before);
 *  - `junk`: honest and within every bound, 4 MB of comments in a root that is not the part's
 *    (inflated and parsed, then refused as not what the part must be).
 */
export type Bomb =
  | { mode: 'lie'; declared: number }
  | { mode: 'over' }
  | { mode: 'budget'; second: string; first: number }
  | { mode: 'junk' };

export type Attack =
  | { kind: 'row'; sheet: string; r: string }
  | { kind: 'col'; sheet: string; ref: string }
  | { kind: 'long'; sheet: string; length: number; shared: boolean }
  | ({ kind: 'bomb'; part: string } & Bomb)
  | { kind: 'markup'; sheet: string; where: number[]; what: string[]; cdata: number[] }
  | { kind: 'control'; texts: { sheet: string; row: number; col: number; text: string }[] }
  | { kind: 'parts'; part: string; where: number[]; what: string[]; broken: string | null };

export const KINDS = ['row', 'col', 'long', 'bomb', 'markup', 'control', 'parts'] as const;

/** Parts read (or edited) whole, where markup between elements is attacked. */
const WHOLE_PARTS = [
  'xl/workbook.xml',
  'xl/styles.xml',
  'xl/_rels/workbook.xml.rels',
  '[Content_Types].xml',
  '_rels/.rels',
];

const bombArb: fc.Arbitrary<Attack> = fc.oneof(
  fc.record({
    kind: fc.constant('bomb' as const),
    part: fc.constantFrom(...PARTS),
    mode: fc.constant('lie' as const),
    declared: fc.constantFrom(0, 100, 5_000, 1_000_000),
  }),
  fc.record({
    kind: fc.constant('bomb' as const),
    part: fc.constantFrom(...PARTS),
    mode: fc.constant('over' as const),
  }),
  fc
    .record({
      pair: fc.constantFrom(
        ...[...STREAMED].flatMap((p, i, all) => all.slice(i + 1).map((q) => [p, q] as const)),
      ),
      first: fc.constantFrom(1_000, 64 * 1024 * 1024),
    })
    .map(({ pair, first }) => ({
      kind: 'bomb' as const,
      part: pair[0],
      mode: 'budget' as const,
      second: pair[1],
      first,
    })),
  fc.record({
    kind: fc.constant('bomb' as const),
    part: fc.constantFrom(...PARTS),
    mode: fc.constant('junk' as const),
  }),
);

/**
 * Comments and processing instructions between the elements of a part read or edited whole,
 * holding what looks like the markup the reader and the writer look for (an edit by text search
 * would be misplaced), or an unterminated comment, PI or CDATA section (a scan that searches on
 * from the start loops forever).
 */
const partsArb: fc.Arbitrary<Attack> = fc.record({
  kind: fc.constant('parts' as const),
  part: fc.constantFrom(...WHOLE_PARTS),
  where: fc.array(fc.nat(1_000), { minLength: 1, maxLength: 4 }),
  what: fc.array(
    fc.constantFrom(
      '<!-- </sheets> -->',
      '<!-- <sheet name="幽霊" sheetId="9" r:id="rId1"/> -->',
      '<!-- <definedName name="x">1</definedName></definedNames> -->',
      "<!-- </Types></Relationships><Relationship Id='rId1' Target='x'/> -->",
      '<?pi </sheets> <sheets/> ?>',
      '<!-- </cellXfs></styleSheet> -->',
    ),
    { minLength: 4, maxLength: 4 },
  ),
  broken: fc.option(fc.constantFrom('<!-- open', '<![CDATA[ open', '<?pi open'), { nil: null, freq: 3 }),
});

export const attackArb: fc.Arbitrary<Attack> = fc.oneof(
  fc.record({
    kind: fc.constant('row' as const),
    sheet: fc.constantFrom(...SHEETS),
    // The last row (1,048,576) is valid and makes a sheet of a million rows: ~10 s of CPU per
    // case for the same deterministic run, so it is drawn once in ~100 row cases (the campaign
    // spent half its time on it); bounds.process.test.ts runs it as a whole process every time.
    r: fc.oneof(
      {
        weight: 50,
        arbitrary: fc.constantFrom(
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
      },
      { weight: 50, arbitrary: fc.integer({ min: 5, max: 60 }).map(String) },
      { weight: 1, arbitrary: fc.constant('1048576') },
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
  bombArb,
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
  partsArb,
);

/** A short name of the attack's class (for summaries): kind, and the bomb's mode. */
export const classOf = (a: Attack): string => (a.kind === 'bomb' ? `bomb-${a.mode}` : a.kind);

// ---------------------------------------------------------------------------------------------
// Bomb data, built once per process (a repeated block is compressed once: a gigabyte of XML is a
// megabyte of file).
// ---------------------------------------------------------------------------------------------

const UNIT = '<!-- bomb bomb bomb bomb -->';
const cache = new Map<string, { data: Buffer; size: number }>();
/** `<x>` + comments + `</x>` inflating to just over `bytes` bytes. */
function junkOf(bytes: number): { data: Buffer; size: number } {
  const key = String(bytes);
  let b = cache.get(key);
  if (!b) {
    b = bombData('<x>', UNIT, Math.ceil((bytes - 7) / UNIT.length) + 1, '</x>');
    cache.set(key, b);
  }
  return b;
}
/** A sheet within the streamed part's bound, for the budget attack: a worksheet of comments. */
function sheetOf(bytes: number): { data: Buffer; size: number } {
  const key = `sheet${bytes}`;
  let b = cache.get(key);
  if (!b) {
    const head = `<?xml version="1.0"?><worksheet xmlns="${MAIN_NS}"><sheetData>`;
    const tail = `</sheetData></worksheet>`;
    b = bombData(head, UNIT, Math.ceil((bytes - head.length - tail.length) / UNIT.length), tail);
    cache.set(key, b);
  }
  return b;
}
/** Over a gigabyte: beyond every bound (what a lying entry really holds). */
const HUGE = 1.1 * 1024 ** 3;

function withRows(rows: Cell[][], extra = ''): string {
  return sheetXml(
    rows
      .map(
        (row, i) =>
          `<row r="${i + 1}">${row.map((v, j) => cellXml(`${col(j + 1)}${i + 1}`, v)).join('')}</row>`,
      )
      .join('') + extra,
  );
}

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

export interface Case {
  buf: Buffer;
  /**
   * The outcome the attack must have: 'corrupt' (file-corrupt), 'write-corrupt' (file-corrupt
   * when a workbook is written; the reader alone needs nothing of that part), 'refused' (a
   * documented fatal error), 'same' (as the clean package), or 'any'.
   */
  expect: 'corrupt' | 'write-corrupt' | 'refused' | 'same' | 'any';
}

export function build(a: Attack): Case {
  switch (a.kind) {
    case 'row': {
      const n = a.r === '' ? NaN : Number(a.r);
      const beyond = /^\d+$/.test(a.r) && n > 1_048_576;
      // Rows must ascend: a number at or below the last row (4 or 6) is out of order.
      const last = ROSTER[a.sheet].length;
      const outOfOrder = /^\d+$/.test(a.r) && n >= 1 && n <= last;
      const xml = withRows(ROSTER[a.sheet], `<row r="${a.r}"><c t="inlineStr"><is><t>x</t></is></c></row>`);
      return {
        buf: zipParts(packageParts(rosterSheets({ [a.sheet]: xml }))),
        expect: beyond || outOfOrder ? 'corrupt' : 'any',
      };
    }
    case 'col': {
      let c = 0;
      for (const ch of a.ref) c = c * 26 + (ch.charCodeAt(0) - 64);
      const xml = withRows(ROSTER[a.sheet], `<row r="9"><c r="${a.ref}9"><v>1</v></c></row>`);
      return {
        buf: zipParts(packageParts(rosterSheets({ [a.sheet]: xml }))),
        expect: c > 16_384 ? 'corrupt' : 'any',
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
          `<?xml version="1.0"?><sst xmlns="${MAIN_NS}"><si><t>${text}</t></si></sst>`;
        parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels'].replace(
          '</Relationships>',
          '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        );
        return { buf: zipParts(parts), expect: over ? 'corrupt' : 'any' };
      }
      return {
        buf: zipParts(packageParts(rosterSheets({ [a.sheet]: withRows(rows) }))),
        expect: over ? 'corrupt' : 'any',
      };
    }
    case 'bomb': {
      // The package's own rels and content types are not read for the snapshot: a bomb there is
      // copied (never inflated) or refused by the writer.
      const unread = a.part === '_rels/.rels' || a.part === '[Content_Types].xml';
      const expect = unread ? 'any' : 'corrupt';
      const bound = STREAMED.has(a.part) ? MAX_PART_BYTES : MAX_WHOLE_PART_BYTES;
      switch (a.mode) {
        case 'lie':
          return { buf: rosterWithBomb({ [a.part]: { ...junkOf(HUGE), declared: a.declared } }), expect };
        case 'over':
          return { buf: rosterWithBomb({ [a.part]: junkOf(bound + 1) }), expect };
        case 'junk':
          // A package without a <workbook> is not a workbook (file-not-xlsx); the package's own
          // relationships may be absent (the workbook is then found at xl/workbook.xml).
          return {
            buf: rosterWithBomb({ [a.part]: junkOf(4_000_000) }),
            expect:
              a.part === '_rels/.rels'
                ? 'any'
                : a.part === 'xl/workbook.xml'
                  ? 'refused'
                  : a.part === '[Content_Types].xml'
                    ? 'write-corrupt'
                    : 'corrupt',
          };
        case 'budget': {
          // Two sheets of valid XML (each within the 1 GiB of a sheet); the one read second (the
          // later sheet) makes the total just exceed the budget (the other parts are a few hundred
          // bytes). Whichever order the reader takes, one of them crosses the budget.
          const bombs = {
            [a.part]: sheetOf(a.first),
            [a.second]: sheetOf(INFLATE_BUDGET_MIN - a.first + 1024),
          };
          return { buf: rosterWithBomb(bombs), expect: 'corrupt' };
        }
      }
      break;
    }
    case 'markup': {
      let k = 0;
      const wrap = new Set(a.cdata);
      let xml = withRows(ROSTER[a.sheet]).replace(
        /(<t xml:space="preserve">)([^<]*)(<\/t>)/g,
        (m, open: string, text: string, close: string) =>
          wrap.has(k++) ? `${open}<![CDATA[${text}]]>${close}` : m,
      );
      const points = markupPoints(xml);
      const at = [...new Set(a.where.map((w) => points[w % points.length]))].sort((x, y) => y - x);
      at.forEach((p, j) => (xml = xml.slice(0, p) + a.what[j] + xml.slice(p)));
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
      for (const s of SHEETS) override[s] = withRows(sheets[s]);
      return { buf: zipParts(packageParts(rosterSheets(override))), expect: 'any' };
    }
    case 'parts': {
      const parts = packageParts(rosterSheets());
      let xml = parts[a.part];
      const root = xml.search(/<[^?!]/);
      const rootEnd = xml.indexOf('>', root) + 1;
      const points: number[] = [];
      for (let i = xml.indexOf('<', rootEnd); i >= 0; i = xml.indexOf('<', i + 1)) points.push(i);
      const at = [...new Set(a.where.map((w) => points[w % points.length]))].sort((x, y) => y - x);
      at.forEach((p, j) => (xml = xml.slice(0, p) + a.what[j] + xml.slice(p)));
      if (a.broken) {
        const p = points[a.where[0] % points.length];
        xml = xml.slice(0, p) + a.broken + xml.slice(p);
      }
      parts[a.part] = xml;
      // Harmless constructs change nothing; a broken part may be refused, never hang or crash.
      return { buf: zipParts(parts), expect: a.broken ? 'any' : 'same' };
    }
  }
  throw new Error(`unknown attack ${JSON.stringify(a)}`);
}

/**
 * Every XML part the run wrote is well-formed (saxes, a conforming XML parser). Parts copied from
 * the input byte for byte (same name, CRC and compressed size) are the user's, bombs included.
 */
export function wellFormed(buf: Uint8Array, input: Uint8Array, what: string): void {
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

export const snapOf = async (buf: Buffer): Promise<WorkbookSnapshot> =>
  (await readPackageSnapshot(openXlsxBuffer(buf))).snapshot;

let cleanSnap: Promise<WorkbookSnapshot> | null = null;
const clean = (): Promise<WorkbookSnapshot> => (cleanSnap ??= snapOf(zipParts(packageParts(rosterSheets()))));

/** The CLI's main function in this process, its output captured (no progress bar: not a TTY). */
async function cliRun(argv: string[]): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  const io: Io = {
    out: () => undefined,
    err: (l) => err.push(l),
    info: () => undefined,
    progress: { isTTY: false, write: () => true } as unknown as Io['progress'],
  };
  const code = await main(argv, io);
  return { code, stderr: err.join('\n') };
}

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );

export interface CaseResult {
  /** Exit code of the in-process `recalc -o`. */
  exit: number;
  /** The fatal error's code when it stopped (from its `[code]` on stderr). */
  fatal: string | null;
  /** The input file (kept by the caller for a whole-process run, removed otherwise). */
  input: string;
}

/**
 * Runs one attack through the CLI in-process and checks every promise; throws an Error naming
 * the broken one. Files go to `base`-in.xlsx, -out.xlsx, -meeting.xlsx; the caller removes them.
 */
export async function runCase(attack: Attack, base: string): Promise<CaseResult> {
  const c = build(attack);
  const input = `${base}-in.xlsx`;
  const out = `${base}-out.xlsx`;
  const meeting = `${base}-meeting.xlsx`;
  await fs.writeFile(input, c.buf);
  let snap: WorkbookSnapshot | null = null;
  try {
    snap = await snapOf(c.buf);
  } catch (e) {
    if (!isFatal(e)) throw new Error(`reader crashed: ${(e as Error).stack ?? String(e)}`);
    if (c.expect === 'same') throw new Error(`a harmless construct was refused: ${e.code}`);
  }
  if (c.expect === 'corrupt' && snap) throw new Error('read beyond the bounds without refusal');
  if (c.expect === 'refused' && snap) throw new Error('a broken package was read without refusal');
  if (c.expect === 'same') expect(snap).toEqual(await clean());

  const run = await cliRun(['recalc', input, '-o', out, '--as-of', AS_OF_ISO]);
  const fatal = /\[([a-z-]+)\]/.exec(run.stderr)?.[1] ?? null;
  if (run.code !== 0 && run.code !== 1) throw new Error(`recalc exit ${run.code}: ${run.stderr}`);
  if (run.code === 1) {
    if ((c.expect === 'corrupt' || c.expect === 'write-corrupt') && fatal !== 'file-corrupt')
      throw new Error(`expected file-corrupt, got: ${run.stderr}`);
    if (await exists(out)) throw new Error(`a refused run wrote ${path.basename(out)}`);
    return { exit: 1, fatal, input };
  }
  if (c.expect !== 'same' && c.expect !== 'any') throw new Error('recalc succeeded beyond the bounds');
  if (!snap) throw new Error('recalc succeeded on a package the reader refused');
  const written = await fs.readFile(out);
  wellFormed(written, c.buf, 'recalc -o');
  // No user cell changed: input sheets outside the owned columns read the same. The owned
  // columns come from the same pipeline in memory (they do not depend on the clock).
  const { plan } = recalc(snap, { asOf: AS_OF, now: NOW });
  const after = await snapOf(written);
  for (const s of snap.sheets) {
    const ip = plan.inputs.find((p) => p.sheet === s.name);
    if (plan.sheets.some((x) => x.name === s.name && x.mode !== 'create')) continue;
    const owned = new Set(ip?.columns.map((x) => x.col) ?? []);
    const t = after.sheets.find((x) => x.name === s.name);
    if (!t) throw new Error(`sheet ${s.name} vanished`);
    const rows = Math.max(s.rows.length, t.rows.length);
    for (let r = 0; r < rows; r++) {
      const a = s.rows[r] ?? [];
      const b = t.rows[r] ?? [];
      for (let k = 0; k < Math.max(a.length, b.length); k++) {
        if (ip && owned.has(k + 1) && r + 1 >= ip.headerRow) continue;
        if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null))
          throw new Error(
            `user cell ${s.name}!${col(k + 1)}${r + 1} changed: ${JSON.stringify(a[k])} → ${JSON.stringify(b[k])}`,
          );
      }
    }
  }
  // The meeting export (its chart) for the texts that reach it.
  if (attack.kind === 'control' || attack.kind === 'markup') {
    const ex = await cliRun(['export', input, '-o', meeting, '--as-of', AS_OF_ISO]);
    if (ex.code !== 0 && ex.code !== 1) throw new Error(`export exit ${ex.code}: ${ex.stderr}`);
    if (ex.code === 0) wellFormed(await fs.readFile(meeting), new Uint8Array(0), 'export');
    else if (await exists(meeting)) throw new Error('a refused export wrote its file');
  }
  return { exit: 0, fatal: null, input };
}

/** `expect` outside jest too (the campaign runner): a deep equality that throws. */
function expect(actual: unknown) {
  return {
    toEqual(wanted: unknown) {
      const a = JSON.stringify(actual, replacer);
      const b = JSON.stringify(wanted, replacer);
      if (a !== b) {
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        throw new Error(
          `a harmless construct changed what is read, at ${a.slice(Math.max(0, i - 80), i + 80)} (wanted ${b.slice(Math.max(0, i - 80), i + 80)})`,
        );
      }
    },
  };
}
function replacer(_k: string, v: unknown): unknown {
  if (v instanceof Map) return { map: [...v.entries()] };
  if (v instanceof Set) return { set: [...v.values()] };
  if (v instanceof Date) return { date: v.toISOString() };
  if (typeof v === 'number' && !Number.isFinite(v)) return { number: String(v) };
  return v;
}

export interface ProcessRun {
  exit: number | null;
  signal: string | null;
  /** Peak resident memory of the CLI process, bytes (GNU time %M). */
  rss: number;
  /** Wall-clock seconds (GNU time %e). */
  seconds: number;
  cpu: number;
  stderr: string;
}

/**
 * One whole-process run of the command line under GNU time (peak RSS and times of the child):
 * `node bin/kakari-roster.js <args>` (the built binary), or with `source`
 * scripts/fuzz/cli-source.js (the same main function from the TypeScript sources, no build). Used
 * for the exit code and the memory and time bounds.
 */
export function processRun(
  root: string,
  args: string[],
  opts: { timeoutMs?: number; source?: boolean } = {},
): Promise<ProcessRun> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const entry = opts.source
    ? path.join(root, 'scripts', 'fuzz', 'cli-source.js')
    : path.join(root, 'bin', 'kakari-roster.js');
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'KR-TIME %M %e %U %S', process.execPath, entry, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 1 << 20) stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const m = /KR-TIME (\d+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(stderr);
      // GNU time reports the child's status: "Command terminated by signal N" / "exited with
      // non-zero status N" lines precede the format line.
      const sig = /terminated by signal (\d+)/.exec(stderr);
      resolve({
        exit: sig ? null : code,
        signal: sig ? `signal ${sig[1]}` : signal,
        rss: m ? Number(m[1]) * 1024 : NaN,
        seconds: m ? Number(m[2]) : NaN,
        cpu: m ? Number(m[3]) + Number(m[4]) : NaN,
        stderr: stderr.replace(/^(Command (exited|terminated)[^\n]*\n)?KR-TIME[^\n]*\n?/m, ''),
      });
    });
  });
}

/** The bounds of SPEC §7 / issue 16 for an input ≤ 10 MB. */
export const MAX_RSS = 2 * 1024 ** 3;
export const MAX_SECONDS = 60;

/** Checks a whole-process run against the in-process outcome and the bounds; throws. */
export function checkProcess(p: ProcessRun, inProcess: CaseResult): void {
  if (p.exit === null || p.signal) throw new Error(`process killed (${p.signal}): ${p.stderr.slice(0, 400)}`);
  if (p.exit !== inProcess.exit)
    throw new Error(`process exit ${p.exit}, in-process ${inProcess.exit}: ${p.stderr.slice(0, 400)}`);
  if (!(p.rss < MAX_RSS)) throw new Error(`process peak RSS ${Math.round(p.rss / 2 ** 20)} MB`);
  if (!(p.seconds < MAX_SECONDS)) throw new Error(`process took ${p.seconds} s`);
}
