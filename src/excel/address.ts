/** Office.js address strings ("Sheet1!A1:B2, 'My sheet'!C3") ↔ sheet-relative bounds. */
import { parseRange } from '../sheets/address';

export interface Bounds {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Splits a multi-area address at commas outside quoted sheet names. */
export function splitAreas(address: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i];
    if (ch === "'") {
      // '' inside a quoted name is an escaped quote.
      if (quoted && address[i + 1] === "'") {
        cur += "''";
        i++;
        continue;
      }
      quoted = !quoted;
      cur += ch;
    } else if (ch === ',' && !quoted) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The sheet-relative part of one area ("'A b'!$C$3:$D$4" → "C3:D4"). */
export function localRef(area: string): string {
  const bang = area.lastIndexOf('!');
  return (bang >= 0 ? area.slice(bang + 1) : area).replace(/\$/g, '');
}

/** Bounds of every area of an Office.js address; whole-column/row areas are skipped. */
export function areasOf(address: string | null | undefined): Bounds[] {
  if (!address) return [];
  const out: Bounds[] = [];
  for (const a of splitAreas(address)) {
    const b = parseRange(localRef(a));
    if (b) out.push(b);
  }
  return out;
}
