/**
 * Hand-made .xlsx packages for the attack tests and the hostile fuzz property: a small, valid
 * roster (医師 / 研修記録 / 医療機関) written as raw XML, so a test can put anything into any part —
 * rows and cells out of Excel's grid, comments, CDATA and processing instructions inside
 * <sheetData>, DOCTYPEs, zip bombs, control characters.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { constants, deflateRawSync } from 'zlib';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export type Cell = string | number | null;

/** Column letters of a 1-based column. */
export function col(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

const esc = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0')}_`);

/** One cell as XML: text as an inline string, numbers as <v>. */
export function cellXml(ref: string, v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
}

/** The <row> elements of rows starting at row 1. */
export function rowsXml(rows: readonly Cell[][]): string {
  return rows
    .map(
      (row, i) =>
        `<row r="${i + 1}">${row.map((v, j) => cellXml(`${col(j + 1)}${i + 1}`, v)).join('')}</row>`,
    )
    .join('');
}

export function sheetXml(sheetData: string, tail = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetData>${sheetData}</sheetData>${tail}</worksheet>`;
}

export const ROSTER: Record<string, Cell[][]> = {
  医師: [
    ['会員番号', '氏名', '医療機関コード', '地区'],
    ['0001', '山田 太郎', '4017716434', '小倉北'],
    ['0002', '鈴木 花子', '4017716434', '小倉南'],
    ['0003', '佐藤 次郎', null, '八幡'],
  ],
  研修記録: [
    ['会員番号', '受講日', '区分', '研修名', '単位', '承認'],
    ['0001', '2025/10/01', '座学', '講座A', 5, null],
    ['0001', '2025/11/01', '実地', '学校医', 5, '承認'],
    ['0002', '2025/10/02', '座学', '講座B', 9.5, null],
    ['0003', '2025/10/03', '座学', '講座C', 1, null],
  ],
  医療機関: [
    ['医療機関コード', '名称', 'G-MIS', '地区'],
    ['4017716434', '坂口こどもクリニック', '○', '小倉北'],
  ],
};

/** The parts of a roster package; `sheets` maps a sheet name to its worksheet XML. */
export function packageParts(
  sheets: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const names = Object.keys(sheets);
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      names
        .map(
          (_n, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      `</Types>`,
    '_rels/.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
      names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      `</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      names
        .map(
          (_n, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      `</Relationships>`,
    'xl/styles.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">` +
      `<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
      `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>`,
  };
  names.forEach((n, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = sheets[n]));
  return { ...parts, ...extra };
}

/** The roster's sheets as XML, with per-sheet replacements. */
export function rosterSheets(override: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, rows] of Object.entries(ROSTER)) out[name] = override[name] ?? sheetXml(rowsXml(rows));
  return out;
}

/** A zip of text parts (deflated). */
export function zipParts(parts: Record<string, string | Uint8Array>): Buffer {
  const z: Zippable = {};
  for (const [k, v] of Object.entries(parts)) z[k] = typeof v === 'string' ? strToU8(v) : v;
  return Buffer.from(zipSync(z, { level: 6 }));
}

/** A roster .xlsx with sheets replaced and extra parts. */
export function rosterXlsx(
  override: Record<string, string> = {},
  extra: Record<string, string> = {},
): Buffer {
  return zipParts(packageParts(rosterSheets(override), extra));
}

// ---------------------------------------------------------------------------------------------
// Zip bombs: a part whose data inflates to far more than it should, built without holding it.
// ---------------------------------------------------------------------------------------------

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * Raw DEFLATE data of `head`, then `unit` repeated `times`, then `tail` — compressed once per
 * distinct block, so a gigabyte of XML costs a few megabytes of memory to build.
 */
export function bombData(
  head: string,
  unit: string,
  times: number,
  tail: string,
): { data: Buffer; size: number } {
  // Each piece is compressed once with a full flush (complete, byte-aligned, independent blocks),
  // so the pieces can be concatenated and the repeated block's bytes reused.
  const flush = (s: string | Buffer): Buffer =>
    deflateRawSync(typeof s === 'string' ? Buffer.from(s) : s, {
      level: 9,
      finishFlush: constants.Z_FULL_FLUSH,
    });
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor((1 << 20) / unit.length))));
  const perBlock = Math.floor(block.length / unit.length);
  const blocks = Math.floor(times / perBlock);
  const rest = times - blocks * perBlock;
  const headD = flush(head);
  const blockD = flush(block);
  const restD = flush(unit.repeat(rest));
  const tailD = deflateRawSync(Buffer.from(tail), { level: 9 });
  const chunks: Buffer[] = [headD];
  for (let i = 0; i < blocks; i++) chunks.push(blockD);
  chunks.push(restD, tailD);
  const size =
    Buffer.byteLength(head) +
    blocks * block.length +
    rest * Buffer.byteLength(unit) +
    Buffer.byteLength(tail);
  return { data: Buffer.concat(chunks), size };
}

/**
 * A zip whose entries are given as raw DEFLATE data with their sizes: `declared` overrides the
 * uncompressed size written in the headers (a lying bomb declares a small one). The CRC is not
 * checked by the reader and is left 0 for bombs.
 */
export function rawZip(
  entries: { name: string; data: Buffer; size: number; declared?: number; crc?: number }[],
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const usize = e.declared ?? e.size;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(e.crc ?? 0, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(Math.min(usize, 0xffffffff), 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(e.crc ?? 0, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(Math.min(usize, 0xffffffff), 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    centrals.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** CRC-32 of bytes (for honest entries of rawZip). */
export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A roster package as rawZip entries, with some parts replaced by bombs. */
export function rosterWithBomb(
  bombs: Record<string, { data: Buffer; size: number; declared?: number }>,
  override: Record<string, string> = {},
): Buffer {
  const parts = packageParts(rosterSheets(override));
  const entries = Object.entries(parts).map(([name, text]) => {
    if (bombs[name]) return { name, ...bombs[name] };
    const raw = Buffer.from(text, 'utf8');
    return { name, data: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
  });
  for (const [name, b] of Object.entries(bombs)) if (!parts[name]) entries.push({ name, ...b });
  return rawZip(entries);
}
