/**
 * The sheet rewriter is linear in bytes (issue 16 item 3, the rewriter's part): a row that spans
 * many chunks — one very long cell — is not passed over again for every chunk. Measured by the
 * rewriter's own count of bytes passed over (`scannedBytes`) and its growth with the cell's
 * length, never by the wall clock; the output is the same as with the whole input in one chunk.
 */
import type { InputSheetPlan } from '../../src/sheets/plan-types';
import { InputSheetRewriter } from '../../src/xlsx/sheet-rewrite';
import { StyleBook } from '../../src/xlsx/styles';

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${MAIN}>
<fonts count="1"><font><sz val="11"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border/></borders><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
<dxfs count="0"/></styleSheet>`;

const plan: InputSheetPlan = {
  role: 'doctors',
  sheet: '医師',
  headerRow: 1,
  lastRow: 3,
  columns: [
    { header: '判定_状態', col: 3, exists: false, values: ['要件充足', '未充足'], numFmt: null, width: 12 },
  ],
  table: null,
  highlights: [],
};

/** A sheet whose row 2 holds one text cell of `n` characters (ASCII and kana: multi-byte UTF-8). */
function sheetWithLongCell(n: number): Buffer {
  const unit = 'abcあいう';
  const text = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet ${MAIN}><dimension ref="A1:B3"/><sheetData>` +
      `<row r="1"><c r="A1" t="inlineStr"><is><t>会員番号</t></is></c></row>` +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>0001</t></is></c><c r="B2" t="inlineStr"><is><t>${text}</t></is></c></row>` +
      `<row r="3"><c r="A3" t="inlineStr"><is><t>0002</t></is></c></row>` +
      `</sheetData></worksheet>`,
    'utf8',
  );
}

async function rewrite(input: Buffer, chunk: number): Promise<{ out: Buffer; scanned: number }> {
  const parts: Buffer[] = [];
  const rw = new InputSheetRewriter(plan, StyleBook.parse(STYLES), (b) => void parts.push(Buffer.from(b)));
  for (let i = 0; i < input.length; i += chunk) await rw.push(Buffer.from(input.subarray(i, i + chunk)));
  await rw.end();
  return { out: Buffer.concat(parts), scanned: rw.scannedBytes };
}

describe('the sheet rewriter is linear in bytes', () => {
  test('a 4 MB cell in 16 KB chunks: passed over at most 4 times its bytes, output as in one chunk', async () => {
    const input = sheetWithLongCell(2 << 20); // ~4 MB of UTF-8 (kana are 3 bytes)
    const whole = await rewrite(input, input.length);
    const chunked = await rewrite(input, 16 << 10);
    expect(chunked.out.equals(whole.out)).toBe(true);
    // Re-scanning the unfinished row for each of the ~270 chunks would pass over ~135× the input.
    expect(chunked.scanned).toBeLessThanOrEqual(4 * input.length);
    const text = chunked.out.toString('utf8');
    expect(text).toContain('<c r="C2" t="inlineStr"><is><t>要件充足</t></is></c></row>');
    expect(text).toContain('<c r="C3" t="inlineStr"><is><t>未充足</t></is></c></row>');
  });

  test('bytes passed over grow linearly with the cell: 4× the cell, ≤ 4.5× the count', async () => {
    const small = sheetWithLongCell(512 << 10);
    const large = sheetWithLongCell(2 << 20);
    const a = await rewrite(small, 8 << 10);
    const b = await rewrite(large, 8 << 10);
    const sizeRatio = large.length / small.length;
    expect(sizeRatio).toBeGreaterThan(3.9);
    expect(b.scanned / a.scanned).toBeLessThanOrEqual(sizeRatio * 1.125);
  });

  test('ordinary rows are processed chunk by chunk (nothing waits for the window to double)', async () => {
    // 2,000 short rows in 4 KB chunks: every pass carries at most one unfinished row.
    let rows = '';
    for (let r = 1; r <= 2000; r++) rows += `<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`;
    const input = Buffer.from(`<worksheet ${MAIN}><sheetData>${rows}</sheetData></worksheet>`, 'utf8');
    const seen: number[] = [];
    const rw = new InputSheetRewriter(plan, StyleBook.parse(STYLES), (b) => void seen.push(b.length));
    let passes = 0;
    for (let i = 0; i < input.length; i += 4096) {
      const before = seen.length;
      await rw.push(Buffer.from(input.subarray(i, i + 4096)));
      if (seen.length > before) passes++;
    }
    await rw.end();
    expect(passes).toBe(Math.ceil(input.length / 4096));
    expect(rw.scannedBytes).toBeLessThan(1.1 * input.length);
  });
});
