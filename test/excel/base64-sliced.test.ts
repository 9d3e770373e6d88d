/**
 * toBase64Sliced (src/excel/create-workbook.ts): the base64 that Excel.createWorkbook receives,
 * encoded in slices with pauses by time (SPEC §7: no synchronous stretch near 200 ms in the pane).
 */
import { randomBytes } from 'crypto';
import { toBase64Sliced } from '../../src/excel/create-workbook';

const SLICE = 3 * 64 * 1024;

describe('toBase64Sliced', () => {
  it('is RFC 4648 base64, as Node encodes it, at every length around the padding and the slice size', async () => {
    const lengths = [
      0,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      SLICE - 2,
      SLICE - 1,
      SLICE,
      SLICE + 1,
      SLICE + 2,
      2 * SLICE + 1,
    ];
    for (const n of lengths) {
      const b = randomBytes(n);
      expect(await toBase64Sliced(new Uint8Array(b))).toBe(b.toString('base64'));
    }
    // Every byte value, in every position of a group of three.
    const all = Buffer.from(Array.from({ length: 3 * 256 }, (_, i) => (i * 7 + (i >> 8)) & 255));
    expect(await toBase64Sliced(new Uint8Array(all))).toBe(all.toString('base64'));
  });

  it('pauses between slices once 40 ms have passed, never after the last slice', async () => {
    const bytes = new Uint8Array(randomBytes(5 * SLICE + 10));
    let clock = 0;
    const now = jest.spyOn(Date, 'now').mockImplementation(() => (clock += 25));
    try {
      let pauses = 0;
      const s = await toBase64Sliced(bytes, async () => void pauses++);
      expect(s).toBe(Buffer.from(bytes).toString('base64'));
      // 6 slices, the clock read once per slice and after each pause: 25 ms per read means a
      // pause after every second slice (50 ms ≥ 40), and none after the 6th (the last).
      expect(pauses).toBe(2);
    } finally {
      now.mockRestore();
    }
  });
});
