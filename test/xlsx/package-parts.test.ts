/**
 * The small parts of the package writers: styles.xml appended to (never renumbered), workbook.xml
 * edits, the zip directory (ZIP64 included) and byte-for-byte copies, the streamed result JSON.
 */
import { inflateSync, strFromU8, unzipSync, zipSync } from 'fflate';
import { inflateRawSync as zlibInflate } from 'zlib';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { jsonPieces } from '../../src/cli/json';
import { StyleBook, isDateFormatCode } from '../../src/xlsx/styles';
import { addSheets, readWorkbook, setDefinedName } from '../../src/xlsx/workbook-parts';
import { entryBytes, put16, put32, put64, readCentralDirectory } from '../../src/xlsx/zip';
import { Deflater, ZipWriter, crc32, deflateBytes } from '../../src/xlsx/zip-write';
import { attrs, decodeOoxmlEscapes, escapeCellText, textValue } from '../../src/xlsx/xml';

describe('StyleBook', () => {
  const XML =
    '<?xml version="1.0"?><x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<x:fonts count="1"><x:font><x:sz val="11"/><x:name val="游ゴシック"/></x:font></x:fonts>' +
    '<x:fills count="2"><x:fill><x:patternFill patternType="none"/></x:fill><x:fill><x:patternFill patternType="gray125"/></x:fill></x:fills>' +
    '<x:borders count="1"><x:border/></x:borders>' +
    '<x:cellXfs count="2"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><x:xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><x:alignment horizontal="left"/></x:xf></x:cellXfs>' +
    '<x:cellStyles count="1"><x:cellStyle name="Normal" xfId="0" builtinId="0"/></x:cellStyles></x:styleSheet>';

  test('appends formats after the existing ones and reuses equal ones', () => {
    const b = StyleBook.parse(XML);
    expect(b.isDate(1)).toBe(true); // 31 = yyyy"年"m"月"d"日" (ja-JP built-in)
    const pct = b.withNumFmt(1, '0.0%');
    expect(pct).toBe(2);
    expect(b.withNumFmt(1, '0.0%')).toBe(2);
    expect(b.withNumFmt(pct, '0.0%')).toBe(2);
    const hdr = b.withStyle(0, 'ownedHeader');
    expect(hdr).toBe(3);
    const xml = b.toXml();
    // Existing entries untouched, in place; new lists created where CT_Stylesheet wants them.
    expect(xml).toContain(
      '<x:cellXfs count="4"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><x:xf numFmtId="31"',
    );
    expect(xml).toMatch(
      /^<\?xml version="1.0"\?><x:styleSheet [^>]*><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="0.0%"\/><\/x:numFmts><x:fonts count="2">/,
    );
    expect(xml).toContain('<x:font><x:sz val="11"/><x:name val="游ゴシック"/><x:b/></x:font>');
    expect(xml).toContain('<x:fgColor rgb="FFE2EFDA"/>');
    expect(xml).toMatch(
      /<x:xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><x:alignment horizontal="left"\/><\/x:xf>/,
    );
    const dxf = b.dxf('FFC7CE', '9C0006');
    expect(b.dxf('FFC7CE', '9C0006')).toBe(dxf);
    expect(b.toXml()).toMatch(/<x:dxfs count="1"><x:dxf>.*<\/x:dxf><\/x:dxfs><\/x:styleSheet>$/);
    // Parsing the result and deriving again adds nothing.
    const again = StyleBook.parse(b.toXml());
    expect(again.withNumFmt(1, '0.0%')).toBe(2);
    expect(again.withStyle(0, 'ownedHeader')).toBe(3);
    expect(again.dxf('FFC7CE', '9C0006')).toBe(0);
    expect(again.changed).toBe(false);
  });

  test('date formats as ExcelJS decides them', () => {
    expect(isDateFormatCode('yyyy/mm/dd')).toBe(true);
    expect(isDateFormatCode('[$-411]ggge"年"m"月"d"日"')).toBe(true);
    expect(isDateFormatCode('"（"0.0%"）"')).toBe(false);
    expect(isDateFormatCode('#,##0')).toBe(false);
    expect(isDateFormatCode('General')).toBe(false);
  });
});

describe('workbook.xml', () => {
  const WB =
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<workbookPr date1904="1"/><workbookProtection lockStructure="1"/><sheets><sheet name="A&amp;B" sheetId="3" state="hidden" rel:id="rId1"/></sheets>' +
    '<definedNames><definedName name="x" localSheetId="0">A!$A$1</definedName></definedNames><calcPr calcId="1"/></workbook>';

  test('reads sheets, names, date system and protection', () => {
    const info = readWorkbook(WB, [
      {
        id: 'rId1',
        type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
        target: 'worksheets/s.xml',
        raw: '',
      },
    ]);
    expect(info.sheets).toEqual([
      {
        name: 'A&B',
        sheetId: 3,
        rid: 'rId1',
        state: 'hidden',
        part: 'xl/worksheets/s.xml',
        type: expect.stringMatching(/worksheet$/),
      },
    ]);
    expect(info.definedNames).toEqual([{ name: 'x', localSheetId: 0, value: 'A!$A$1' }]);
    expect([info.date1904, info.protected]).toEqual([true, true]);
  });

  test('adds sheets with the bound relationships prefix, and sets names in place or at the end', () => {
    let xml = addSheets(WB, [{ name: "集計'地区", sheetId: 4, rid: 'rId9' }]);
    expect(xml).toContain('<sheet name="集計&apos;地区" sheetId="4" rel:id="rId9"/></sheets>');
    xml = setDefinedName(xml, 'x', 0, "'集計''地区'!$1:$1");
    expect(xml).toContain(
      '<definedName name="x" localSheetId="0">&apos;集計&apos;&apos;地区&apos;!$1:$1</definedName>',
    );
    xml = setDefinedName(xml, 'y', null, 'B');
    expect(xml).toContain('</definedName><definedName name="y">B</definedName></definedNames><calcPr');
    // Without a <definedNames>: created before <calcPr>.
    const bare = setDefinedName('<workbook xmlns="x"><sheets/><calcPr/></workbook>', 'm', null, 'C');
    expect(bare).toBe(
      '<workbook xmlns="x"><sheets/><definedNames><definedName name="m">C</definedName></definedNames><calcPr/></workbook>',
    );
  });
});

describe('XML text', () => {
  test('cell text escapes round-trip; attribute white space is normalised as a parser does', () => {
    const s = 'a&b<c>\u0001_x0041_\r\n\t';
    const escaped = escapeCellText(s);
    expect(escaped).toBe('a&amp;b&lt;c&gt;_x0001__x005F_x0041__x000D_\n\t');
    expect(decodeOoxmlEscapes(textValue(escaped))).toBe(s);
    expect(attrs('<sheet name="C\nl\r\ni" a=\'1\'/>').get('name')).toBe('C l i');
  });
});

describe('zip', () => {
  test('copies entries byte for byte and adds new ones', async () => {
    const src = zipSync({
      'a.xml': [new TextEncoder().encode('<a/>'.repeat(100)), { level: 9 }],
      'b.bin': [new Uint8Array([1, 2, 3]), { level: 0 }],
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kr-zip-'));
    try {
      const file = path.join(dir, 'out.zip');
      const fh = await fs.open(file, 'w');
      const zw = new ZipWriter(fh);
      for (const e of readCentralDirectory(src)) await zw.copy(src, e);
      const d = new Deflater();
      await d.write(Buffer.from('新しい部品'));
      await zw.add('c/新.xml', await d.end());
      await zw.add('d.xml', deflateBytes(new TextEncoder().encode('<d/>')));
      await zw.finish();
      await fh.close();
      const out = new Uint8Array(await fs.readFile(file));
      const files = unzipSync(out);
      expect(Object.keys(files)).toEqual(['a.xml', 'b.bin', 'c/新.xml', 'd.xml']);
      expect(strFromU8(files['c/新.xml'])).toBe('新しい部品');
      expect([...files['b.bin']]).toEqual([1, 2, 3]);
      // The copied entries' records are the source's.
      const [a] = readCentralDirectory(out);
      const [sa] = readCentralDirectory(src);
      expect(
        Buffer.from(out.subarray(a.localOffset, a.localOffset + 30 + 5 + sa.csize)).equals(
          Buffer.from(src.subarray(sa.localOffset, sa.localOffset + 30 + 5 + sa.csize)),
        ),
      ).toBe(true);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('a large part is compressed in parallel segments that form one deflate stream', async () => {
    // 11 MB of varied text written in uneven pieces, the caller's buffers released as they go.
    const parts: Buffer[] = [];
    for (let i = 0; parts.reduce((n, b) => n + b.length, 0) < 11 << 20; i++) {
      parts.push(
        Buffer.from(
          `<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>名前${(i * 7919) % 10007}</t></is></c></row>`.repeat(
            1 + (i % 97),
          ),
        ),
      );
    }
    const d = new Deflater();
    let released = 0;
    for (const b of parts) await d.write(b, () => released++);
    const out = await d.end();
    const all = Buffer.concat(parts);
    expect(released).toBe(parts.length);
    expect(out.usize).toBe(all.length);
    expect(out.crc).toBe(crc32(all));
    const z = Buffer.concat(out.chunks);
    expect(z.length).toBe(out.csize);
    expect(out.chunks.length).toBeGreaterThan(3);
    expect(zlibInflate(z).equals(all)).toBe(true);
    // fflate (what the task pane and the tests unzip with) reads it too.
    expect(Buffer.from(inflateSync(z)).equals(all)).toBe(true);
  });

  test('reads a ZIP64 directory (sizes and offset in the extra field, ZIP64 end records)', () => {
    const name = new TextEncoder().encode('x.txt');
    const data = new TextEncoder().encode('hello');
    const crc = crc32(data);
    const local = new Uint8Array(30 + name.length + 20);
    put32(local, 0, 0x04034b50);
    put16(local, 4, 45);
    put32(local, 14, crc);
    put32(local, 18, 0xffffffff);
    put32(local, 22, 0xffffffff);
    put16(local, 26, name.length);
    put16(local, 28, 20);
    local.set(name, 30);
    put16(local, 30 + name.length, 1);
    put16(local, 32 + name.length, 16);
    put64(local, 34 + name.length, data.length);
    put64(local, 42 + name.length, data.length);
    const cd = new Uint8Array(46 + name.length + 28);
    put32(cd, 0, 0x02014b50);
    put16(cd, 4, 45);
    put16(cd, 6, 45);
    put32(cd, 16, crc);
    put32(cd, 20, 0xffffffff);
    put32(cd, 24, 0xffffffff);
    put16(cd, 28, name.length);
    put16(cd, 30, 28);
    put32(cd, 42, 0xffffffff);
    cd.set(name, 46);
    const x = 46 + name.length;
    put16(cd, x, 1);
    put16(cd, x + 2, 24);
    put64(cd, x + 4, data.length);
    put64(cd, x + 12, data.length);
    put64(cd, x + 20, 0);
    const cdStart = local.length + data.length;
    const e64 = new Uint8Array(56);
    put32(e64, 0, 0x06064b50);
    put64(e64, 4, 44);
    put64(e64, 24, 1);
    put64(e64, 32, 1);
    put64(e64, 40, cd.length);
    put64(e64, 48, cdStart);
    const loc = new Uint8Array(20);
    put32(loc, 0, 0x07064b50);
    put64(loc, 8, cdStart + cd.length);
    put32(loc, 16, 1);
    const eocd = new Uint8Array(22);
    put32(eocd, 0, 0x06054b50);
    put16(eocd, 8, 0xffff);
    put16(eocd, 10, 0xffff);
    put32(eocd, 12, 0xffffffff);
    put32(eocd, 16, 0xffffffff);
    const zip = new Uint8Array([...local, ...data, ...cd, ...e64, ...loc, ...eocd]);
    const [e] = readCentralDirectory(zip);
    expect([e.name, e.csize, e.usize, e.localOffset, e.offsetField]).toEqual([
      'x.txt',
      5,
      5,
      0,
      { at: x + 20, size: 8 },
    ]);
    expect(new TextDecoder().decode(entryBytes(zip, e))).toBe('hello');
  });
});

describe('the result JSON, streamed', () => {
  test.each([
    [{ a: 1, b: [1, { c: 'x\n"', d: [] }], e: {}, f: null, g: undefined, h: [undefined, 'y'], i: '日本' }],
    [[{ nested: { deep: [1, 2, { z: true }] } }, [], 'x']],
    ['just text'],
    [{ doctors: [{ id: '0001', missing: { jitchiActivities: 0, zagakuUnits: 0 } }], changes: null }],
  ])('equals JSON.stringify(v, null, 2): %j', (v) => {
    expect([...jsonPieces(v)].join('')).toBe(JSON.stringify(v, null, 2));
  });

  test('long arrays of leaves (stringified in batches) equal JSON.stringify(v, null, 2)', () => {
    // More elements than one batch, with the values a batch must treat as the per-element path
    // does: undefined, functions and holes as null, toJSON (Dates), empty and nested containers.
    const el = (i: number): unknown =>
      i % 11 === 0
        ? undefined
        : i % 13 === 0
          ? () => i
          : i % 7 === 0
            ? new Date(Date.UTC(2026, 0, 1 + i))
            : { id: String(i).padStart(4, '0'), list: i % 3 ? [i, { x: 'a\nb' }] : [], o: {}, n: null };
    const doctors = Array.from({ length: 700 }, (_, i) => el(i));
    delete doctors[5];
    const v = { asOf: '2026-01-31', doctors, counts: { a: [1, 2] }, issues: [], deep: [[el(1), el(2)], 'x'] };
    const pieces = [...jsonPieces(v)];
    expect(pieces.join('')).toBe(JSON.stringify(v, null, 2));
    expect([...jsonPieces(doctors)].join('')).toBe(JSON.stringify(doctors, null, 2));
    // Three levels down: the array as it sits inside three enclosing arrays.
    expect(JSON.stringify([[[doctors]]], null, 2)).toBe(
      `[\n  [\n    [\n      ${[...jsonPieces(doctors, 1, 3)].join('')}\n    ]\n  ]\n]`,
    );
  });
});
