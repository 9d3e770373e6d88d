/**
 * A1 addresses and rectangles. Rows and columns are 0-based inside the double (like
 * `getRangeByIndexes`); addresses are Excel's A1 text.
 */

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** Inclusive, 0-based rectangle. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function rect(r0: number, c0: number, r1: number, c1: number): Rect {
  return { r0, c0, r1, c1 };
}

export const rectRows = (r: Rect): number => r.r1 - r.r0 + 1;
export const rectCols = (r: Rect): number => r.c1 - r.c0 + 1;
export const rectCells = (r: Rect): number => rectRows(r) * rectCols(r);

export function rectsIntersect(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export function intersectRects(a: Rect, b: Rect): Rect | null {
  if (!rectsIntersect(a, b)) return null;
  return {
    r0: Math.max(a.r0, b.r0),
    c0: Math.max(a.c0, b.c0),
    r1: Math.min(a.r1, b.r1),
    c1: Math.min(a.c1, b.c1),
  };
}

export function rectContains(outer: Rect, inner: Rect): boolean {
  return outer.r0 <= inner.r0 && outer.c0 <= inner.c0 && outer.r1 >= inner.r1 && outer.c1 >= inner.c1;
}

export function boundingRect(a: Rect, b: Rect): Rect {
  return {
    r0: Math.min(a.r0, b.r0),
    c0: Math.min(a.c0, b.c0),
    r1: Math.max(a.r1, b.r1),
    c1: Math.max(a.c1, b.c1),
  };
}

export function rectEquals(a: Rect, b: Rect): boolean {
  return a.r0 === b.r0 && a.c0 === b.c0 && a.r1 === b.r1 && a.c1 === b.c1;
}

/** a minus b, as up to four disjoint rectangles. */
export function subtractRect(a: Rect, b: Rect): Rect[] {
  const i = intersectRects(a, b);
  if (!i) return [a];
  const out: Rect[] = [];
  if (a.r0 < i.r0) out.push({ r0: a.r0, c0: a.c0, r1: i.r0 - 1, c1: a.c1 });
  if (i.r1 < a.r1) out.push({ r0: i.r1 + 1, c0: a.c0, r1: a.r1, c1: a.c1 });
  if (a.c0 < i.c0) out.push({ r0: i.r0, c0: a.c0, r1: i.r1, c1: i.c0 - 1 });
  if (i.c1 < a.c1) out.push({ r0: i.r0, c0: i.c1 + 1, r1: i.r1, c1: a.c1 });
  return out;
}

export function isValidRect(r: Rect): boolean {
  return (
    Number.isInteger(r.r0) &&
    Number.isInteger(r.c0) &&
    Number.isInteger(r.r1) &&
    Number.isInteger(r.c1) &&
    r.r0 >= 0 &&
    r.c0 >= 0 &&
    r.r0 <= r.r1 &&
    r.c0 <= r.c1 &&
    r.r1 < MAX_ROWS &&
    r.c1 < MAX_COLS
  );
}

export function colToLetters(c: number): string {
  let n = c + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToCol(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export const isEntireColumns = (r: Rect): boolean => r.r0 === 0 && r.r1 === MAX_ROWS - 1;
export const isEntireRows = (r: Rect): boolean => r.c0 === 0 && r.c1 === MAX_COLS - 1;

/** "A1", "A1:B2", "A:C", "3:5" — no sheet prefix. `abs` adds $ signs. */
export function rectToA1(r: Rect, abs = false): string {
  const d = abs ? '$' : '';
  if (isEntireColumns(r) && !isEntireRows(r)) {
    return `${d}${colToLetters(r.c0)}:${d}${colToLetters(r.c1)}`;
  }
  if (isEntireRows(r) && !isEntireColumns(r)) {
    return `${d}${r.r0 + 1}:${d}${r.r1 + 1}`;
  }
  const a = `${d}${colToLetters(r.c0)}${d}${r.r0 + 1}`;
  if (r.r0 === r.r1 && r.c0 === r.c1) return a;
  return `${a}:${d}${colToLetters(r.c1)}${d}${r.r1 + 1}`;
}

/**
 * Excel quotes a sheet name in a reference unless it is made of letters, digits, '_' and '.'
 * only, does not start with a digit and cannot be read as a cell reference.
 */
export function quoteSheetName(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !looksLikeReference(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

function looksLikeReference(name: string): boolean {
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(name)) return true; // A1-like
  if (/^[Rr]([0-9]+)?([Cc]([0-9]+)?)?$/.test(name)) return true; // R1C1-like
  return /^(TRUE|FALSE)$/i.test(name);
}

export function sheetAddress(sheetName: string, r: Rect, abs = false): string {
  return `${quoteSheetName(sheetName)}!${rectToA1(r, abs)}`;
}

export interface ParsedAddress {
  sheet?: string;
  rect: Rect;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;
const COL_RE = /^\$?([A-Za-z]{1,3})$/;
const ROW_RE = /^\$?([0-9]{1,7})$/;

function parsePart(
  p: string,
): { kind: 'cell'; r: number; c: number } | { kind: 'col'; c: number } | { kind: 'row'; r: number } | null {
  let m = CELL_RE.exec(p);
  if (m) return { kind: 'cell', c: lettersToCol(m[1]), r: Number(m[2]) - 1 };
  m = COL_RE.exec(p);
  if (m) return { kind: 'col', c: lettersToCol(m[1]) };
  m = ROW_RE.exec(p);
  if (m) return { kind: 'row', r: Number(m[1]) - 1 };
  return null;
}

/** Split "Sheet1!A1" / "'My ''x'' sheet'!A1:B2" into sheet and local part. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const s = address.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = '';
    while (i < s.length) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += s[i];
      i++;
    }
    if (s[i] !== "'" || s[i + 1] !== '!') return { local: s };
    return { sheet: name, local: s.slice(i + 2) };
  }
  const bang = s.lastIndexOf('!');
  if (bang > 0) return { sheet: s.slice(0, bang), local: s.slice(bang + 1) };
  return { local: s };
}

/** Parse an A1 address (optionally with a sheet). Returns null when it is not an address. */
export function parseAddress(address: string): ParsedAddress | null {
  if (typeof address !== 'string') return null;
  const { sheet, local } = splitSheet(address);
  const parts = local.split(':');
  if (parts.length < 1 || parts.length > 2) return null;
  const a = parsePart(parts[0]);
  const b = parts.length === 2 ? parsePart(parts[1]) : a;
  if (!a || !b) return null;
  let r: Rect;
  if (a.kind === 'cell' && b.kind === 'cell') {
    r = { r0: Math.min(a.r, b.r), c0: Math.min(a.c, b.c), r1: Math.max(a.r, b.r), c1: Math.max(a.c, b.c) };
  } else if (a.kind === 'col' && b.kind === 'col' && parts.length === 2) {
    r = { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(a.c, b.c), c1: Math.max(a.c, b.c) };
  } else if (a.kind === 'row' && b.kind === 'row' && parts.length === 2) {
    r = { c0: 0, c1: MAX_COLS - 1, r0: Math.min(a.r, b.r), r1: Math.max(a.r, b.r) };
  } else {
    return null;
  }
  if (!isValidRect(r)) return null;
  return sheet === undefined ? { rect: r } : { sheet, rect: r };
}

/** Key of a cell in sparse maps. */
export const cellKey = (r: number, c: number): number => r * MAX_COLS + c;
export const keyRow = (k: number): number => Math.floor(k / MAX_COLS);
export const keyCol = (k: number): number => k % MAX_COLS;
