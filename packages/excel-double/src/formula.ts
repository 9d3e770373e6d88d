/**
 * A deliberately small formula engine: enough to give formula cells a plausible value.
 *
 * Supported: number/string/boolean/error literals; A1 references and ranges (also 'Sheet'!A1,
 * A:A, 1:1); defined names that refer to a range; unary + - and @ (implicit intersection,
 * ignored), % ^ * / + - & = <> < > <= >=; functions SUM MIN MAX COUNT COUNTA AVERAGE IF IFERROR
 * AND OR NOT ROUND ABS LEN CONCATENATE CONCAT HYPERLINK. Any other function or unknown name gives
 * '#NAME?' (so `=SUMIFS(...)` shows '#NAME?' in the double, not Excel's result). A text that
 * does not parse as a formula is a syntax error (the caller reports InvalidArgument, as Excel
 * rejects such a formula).
 */

import { MAX_COLS, MAX_ROWS, Rect, lettersToCol, rectCells } from './address';
import { CellErrorValue, CellValue, ERROR_TEXTS } from './values';

export class FormulaSyntaxError extends Error {}

export type Ast =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'err'; v: CellErrorValue }
  | { t: 'ref'; sheet?: string; rect: Rect }
  | { t: 'name'; name: string }
  | { t: 'func'; name: string; args: Ast[] }
  | { t: 'unary'; op: '-' | '+'; x: Ast }
  | { t: 'pct'; x: Ast }
  | { t: 'bin'; op: string; a: Ast; b: Ast };

type Tok =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'err'; v: string }
  | { k: 'ref'; sheet?: string; rect: Rect }
  | { k: 'id'; v: string }
  | { k: 'op'; v: string };

const CELL = String.raw`\$?[A-Za-z]{1,3}\$?[0-9]{1,7}`;
const REF_RE = new RegExp(String.raw`^(${CELL})(?::(${CELL}))?(?![A-Za-z0-9_(])`);
const COLS_RE = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})(?![A-Za-z0-9_(])/;
const ROWS_RE = /^\$?([0-9]{1,7}):\$?([0-9]{1,7})(?![0-9])/;

function cellOf(s: string): { r: number; c: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(s)!;
  return { r: Number(m[2]) - 1, c: lettersToCol(m[1]) };
}

function refRect(a: string, b?: string): Rect {
  const p = cellOf(a);
  const q = b ? cellOf(b) : p;
  return { r0: Math.min(p.r, q.r), c0: Math.min(p.c, q.c), r1: Math.max(p.r, q.r), c1: Math.max(p.c, q.c) };
}

function tryLocalRef(s: string): { len: number; rect: Rect } | null {
  let m = REF_RE.exec(s);
  if (m) {
    const r = refRect(m[1], m[2]);
    if (r.r1 >= MAX_ROWS || r.c1 >= MAX_COLS) return null;
    return { len: m[0].length, rect: r };
  }
  m = COLS_RE.exec(s);
  if (m) {
    const a = lettersToCol(m[1]);
    const b = lettersToCol(m[2]);
    return { len: m[0].length, rect: { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(a, b), c1: Math.max(a, b) } };
  }
  m = ROWS_RE.exec(s);
  if (m) {
    const a = Number(m[1]) - 1;
    const b = Number(m[2]) - 1;
    return { len: m[0].length, rect: { c0: 0, c1: MAX_COLS - 1, r0: Math.min(a, b), r1: Math.max(a, b) } };
  }
  return null;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ' || ch === '\n' || ch === '\t') {
      i++;
      continue;
    }
    const rest = src.slice(i);
    if (ch === '"') {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= src.length) throw new FormulaSyntaxError('unterminated string');
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            v += '"';
            j += 2;
            continue;
          }
          break;
        }
        v += src[j++];
      }
      out.push({ k: 'str', v });
      i = j + 1;
      continue;
    }
    if (ch === '#') {
      const e = ERROR_TEXTS.find((t) => rest.toUpperCase().startsWith(t));
      if (!e) throw new FormulaSyntaxError('bad error literal');
      out.push({ k: 'err', v: e });
      i += e.length;
      continue;
    }
    if (ch === "'") {
      // 'Sheet name'!ref
      let j = i + 1;
      let name = '';
      for (;;) {
        if (j >= src.length) throw new FormulaSyntaxError('unterminated sheet name');
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            name += "'";
            j += 2;
            continue;
          }
          break;
        }
        name += src[j++];
      }
      if (src[j + 1] !== '!') throw new FormulaSyntaxError('sheet name without !');
      const ref = tryLocalRef(src.slice(j + 2));
      if (!ref) throw new FormulaSyntaxError('bad reference');
      out.push({ k: 'ref', sheet: name, rect: ref.rect });
      i = j + 2 + ref.len;
      continue;
    }
    const sheetRef = /^([\p{L}_][\p{L}\p{N}_.]*)!/u.exec(rest);
    if (sheetRef) {
      const ref = tryLocalRef(rest.slice(sheetRef[0].length));
      if (!ref) throw new FormulaSyntaxError('bad reference');
      out.push({ k: 'ref', sheet: sheetRef[1], rect: ref.rect });
      i += sheetRef[0].length + ref.len;
      continue;
    }
    const prev = out[out.length - 1];
    const operandExpected = !prev || (prev.k === 'op' && prev.v !== ')' && prev.v !== '%');
    if (operandExpected) {
      const ref = tryLocalRef(rest);
      if (ref) {
        out.push({ k: 'ref', rect: ref.rect });
        i += ref.len;
        continue;
      }
    }
    const num = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(rest);
    if (num) {
      out.push({ k: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = /^[\p{L}_\\][\p{L}\p{N}_.]*/u.exec(rest);
    if (id) {
      out.push({ k: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(<>|<=|>=|[-+*/^&=<>%(),:@])/.exec(rest);
    if (op) {
      out.push({ k: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    throw new FormulaSyntaxError(`unexpected '${ch}'`);
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): Ast {
    const e = this.comparison();
    if (this.i < this.toks.length) throw new FormulaSyntaxError('trailing tokens');
    return e;
  }
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return !!t && t.k === 'op' && t.v === v;
  }
  private comparison(): Ast {
    let a = this.concat();
    for (;;) {
      const t = this.peek();
      if (t && t.k === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes(t.v)) {
        this.i++;
        a = { t: 'bin', op: t.v, a, b: this.concat() };
      } else return a;
    }
  }
  private concat(): Ast {
    let a = this.additive();
    while (this.isOp('&')) {
      this.i++;
      a = { t: 'bin', op: '&', a, b: this.additive() };
    }
    return a;
  }
  private additive(): Ast {
    let a = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t && t.k === 'op' && (t.v === '+' || t.v === '-')) {
        this.i++;
        a = { t: 'bin', op: t.v, a, b: this.multiplicative() };
      } else return a;
    }
  }
  private multiplicative(): Ast {
    let a = this.power();
    for (;;) {
      const t = this.peek();
      if (t && t.k === 'op' && (t.v === '*' || t.v === '/')) {
        this.i++;
        a = { t: 'bin', op: t.v, a, b: this.power() };
      } else return a;
    }
  }
  private power(): Ast {
    let a = this.percent();
    while (this.isOp('^')) {
      this.i++;
      a = { t: 'bin', op: '^', a, b: this.percent() };
    }
    return a;
  }
  private percent(): Ast {
    let a = this.unary();
    while (this.isOp('%')) {
      this.i++;
      a = { t: 'pct', x: a };
    }
    return a;
  }
  private unary(): Ast {
    const t = this.peek();
    if (t && t.k === 'op' && (t.v === '-' || t.v === '+')) {
      this.i++;
      return { t: 'unary', op: t.v, x: this.unary() };
    }
    if (t && t.k === 'op' && t.v === '@') {
      this.i++;
      return this.unary();
    }
    return this.primary();
  }
  private primary(): Ast {
    const t = this.toks[this.i++];
    if (!t) throw new FormulaSyntaxError('unexpected end');
    switch (t.k) {
      case 'num':
        return { t: 'num', v: t.v };
      case 'str':
        return { t: 'str', v: t.v };
      case 'err':
        return { t: 'err', v: CellErrorValue.of(t.v) };
      case 'ref':
        return t.sheet === undefined
          ? { t: 'ref', rect: t.rect }
          : { t: 'ref', sheet: t.sheet, rect: t.rect };
      case 'id': {
        if (this.isOp('(')) {
          this.i++;
          const args: Ast[] = [];
          if (this.isOp(')')) {
            this.i++;
            return { t: 'func', name: t.v.toUpperCase(), args };
          }
          for (;;) {
            if (this.isOp(',') || this.isOp(')')) args.push({ t: 'str', v: '' });
            else args.push(this.comparison());
            if (this.isOp(',')) {
              this.i++;
              continue;
            }
            if (this.isOp(')')) {
              this.i++;
              break;
            }
            throw new FormulaSyntaxError('expected , or )');
          }
          return { t: 'func', name: t.v.toUpperCase(), args };
        }
        const u = t.v.toUpperCase();
        if (u === 'TRUE' || u === 'FALSE') return { t: 'bool', v: u === 'TRUE' };
        return { t: 'name', name: t.v };
      }
      case 'op':
        if (t.v === '(') {
          const e = this.comparison();
          if (!this.isOp(')')) throw new FormulaSyntaxError('missing )');
          this.i++;
          return e;
        }
        throw new FormulaSyntaxError(`unexpected '${t.v}'`);
    }
  }
}

const cache = new Map<string, { ast: Ast; hasRefs: boolean }>();

/** Parse a formula ("=..."); cached by text. Throws FormulaSyntaxError. */
export function parseFormula(formula: string): { ast: Ast; hasRefs: boolean } {
  let hit = cache.get(formula);
  if (hit) return hit;
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  if (body.trim() === '') throw new FormulaSyntaxError('empty formula');
  const ast = new Parser(tokenize(body)).parse();
  hit = { ast, hasRefs: hasRefs(ast) };
  if (cache.size > 200_000) cache.clear();
  cache.set(formula, hit);
  return hit;
}

function hasRefs(a: Ast): boolean {
  switch (a.t) {
    case 'ref':
    case 'name':
      return true;
    case 'func':
      return a.args.some(hasRefs);
    case 'unary':
    case 'pct':
      return hasRefs(a.x);
    case 'bin':
      return hasRefs(a.a) || hasRefs(a.b);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface FormulaEnv {
  /** Value of a cell; `sheet` undefined = the formula's own sheet. Unknown sheet → undefined + refError. */
  cell(sheet: string | undefined, r: number, c: number): CellValue | undefined;
  sheetExists(sheet: string | undefined): boolean;
  /** Range a defined name refers to, or null. */
  name(name: string): { sheet: string; rect: Rect } | null;
}

type RangeVal = { range: true; sheet: string | undefined; rect: Rect };
type Val = CellValue | undefined | RangeVal;

const NAME = CellErrorValue.of('#NAME?');
const VALUE = CellErrorValue.of('#VALUE!');
const DIV0 = CellErrorValue.of('#DIV/0!');
const REF = CellErrorValue.of('#REF!');
const NUM = CellErrorValue.of('#NUM!');

const isRange = (v: Val): v is RangeVal => typeof v === 'object' && v !== null && 'range' in v;

export function evaluate(ast: Ast, env: FormulaEnv): CellValue {
  const v = scalar(ev(ast, env), env);
  return v === undefined ? 0 : v;
}

function ev(a: Ast, env: FormulaEnv): Val {
  switch (a.t) {
    case 'num':
    case 'str':
    case 'bool':
    case 'err':
      return a.v;
    case 'ref':
      if (!env.sheetExists(a.sheet)) return REF;
      return { range: true, sheet: a.sheet, rect: a.rect };
    case 'name': {
      const n = env.name(a.name);
      return n ? { range: true, sheet: n.sheet, rect: n.rect } : NAME;
    }
    case 'unary': {
      const x = num(scalar(ev(a.x, env), env));
      if (x instanceof CellErrorValue) return x;
      return a.op === '-' ? -x : x;
    }
    case 'pct': {
      const x = num(scalar(ev(a.x, env), env));
      return x instanceof CellErrorValue ? x : x / 100;
    }
    case 'bin':
      return binary(a.op, scalar(ev(a.a, env), env), scalar(ev(a.b, env), env));
    case 'func':
      return call(a.name, a.args, env);
  }
}

function scalar(v: Val, env: FormulaEnv): CellValue | undefined {
  if (!isRange(v)) return v;
  if (rectCells(v.rect) !== 1) return VALUE;
  return env.cell(v.sheet, v.rect.r0, v.rect.c0);
}

function num(v: CellValue | undefined): number | CellErrorValue {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof CellErrorValue) return v;
  const t = v.trim();
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  return VALUE;
}

function str(v: CellValue | undefined): string | CellErrorValue {
  if (v === undefined) return '';
  if (v instanceof CellErrorValue) return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(Number(v.toPrecision(15)));
  return v;
}

function truthy(v: CellValue | undefined): boolean | CellErrorValue {
  if (v instanceof CellErrorValue) return v;
  if (typeof v === 'string') {
    const u = v.toUpperCase();
    if (u === 'TRUE') return true;
    if (u === 'FALSE') return false;
    return VALUE;
  }
  if (v === undefined) return false;
  return typeof v === 'boolean' ? v : v !== 0;
}

function binary(op: string, a: CellValue | undefined, b: CellValue | undefined): CellValue {
  if (a instanceof CellErrorValue) return a;
  if (b instanceof CellErrorValue) return b;
  if (op === '&') {
    return (str(a) as string) + (str(b) as string);
  }
  if (['=', '<>', '<', '>', '<=', '>='].includes(op)) {
    const cmp = compare(a, b);
    switch (op) {
      case '=':
        return cmp === 0;
      case '<>':
        return cmp !== 0;
      case '<':
        return cmp < 0;
      case '>':
        return cmp > 0;
      case '<=':
        return cmp <= 0;
      default:
        return cmp >= 0;
    }
  }
  const x = num(a);
  const y = num(b);
  if (x instanceof CellErrorValue) return x;
  if (y instanceof CellErrorValue) return y;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? DIV0 : x / y;
    case '^': {
      const r = Math.pow(x, y);
      return Number.isFinite(r) ? r : NUM;
    }
  }
  return VALUE;
}

/** Excel ordering: numbers < text < booleans; text compares case-insensitively. */
function compare(a: CellValue | undefined, b: CellValue | undefined): number {
  const rank = (v: CellValue | undefined): number =>
    v === undefined ? -1 : typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2;
  if (a === undefined) a = typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0;
  if (b === undefined) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** All cell values of the arguments, flattened (ranges expanded, literals kept). */
function flatten(
  args: Ast[],
  env: FormulaEnv,
  cb: (v: CellValue | undefined, fromRange: boolean) => void,
): void {
  for (const a of args) {
    const v = ev(a, env);
    if (isRange(v)) {
      const r = v.rect;
      // Whole-column/row references: only look at cells that can hold data (bounded scan).
      const r1 = Math.min(r.r1, r.r0 + 200_000);
      const c1 = Math.min(r.c1, r.c0 + 1_000);
      for (let i = r.r0; i <= r1; i++) for (let j = r.c0; j <= c1; j++) cb(env.cell(v.sheet, i, j), true);
    } else cb(v, false);
  }
}

function aggregate(name: string, args: Ast[], env: FormulaEnv): CellValue {
  let sum = 0;
  let count = 0;
  let counta = 0;
  let min = Infinity;
  let max = -Infinity;
  let error: CellErrorValue | null = null;
  flatten(args, env, (v, fromRange) => {
    if (v === undefined) return;
    counta++;
    if (v instanceof CellErrorValue) {
      if (name !== 'COUNT' && name !== 'COUNTA') error = error ?? v;
      return;
    }
    let n: number | null = null;
    if (typeof v === 'number') n = v;
    else if (!fromRange) {
      const x = num(v);
      if (x instanceof CellErrorValue) {
        if (name !== 'COUNT' && name !== 'COUNTA') error = error ?? x;
        return;
      }
      n = x;
    }
    if (n === null) return;
    sum += n;
    count++;
    min = Math.min(min, n);
    max = Math.max(max, n);
  });
  if (error && name !== 'COUNT' && name !== 'COUNTA') return error;
  switch (name) {
    case 'SUM':
      return sum;
    case 'COUNT':
      return count;
    case 'COUNTA':
      return counta;
    case 'MIN':
      return count ? min : 0;
    case 'MAX':
      return count ? max : 0;
    default:
      return count ? sum / count : DIV0;
  }
}

function call(name: string, args: Ast[], env: FormulaEnv): Val {
  const arg = (i: number): CellValue | undefined =>
    i < args.length ? scalar(ev(args[i], env), env) : undefined;
  switch (name) {
    case 'SUM':
    case 'COUNT':
    case 'COUNTA':
    case 'MIN':
    case 'MAX':
    case 'AVERAGE':
      return aggregate(name, args, env);
    case 'IF': {
      if (args.length < 2 || args.length > 3) return VALUE;
      const c = truthy(arg(0));
      if (c instanceof CellErrorValue) return c;
      if (c) return arg(1) ?? 0;
      return args.length === 3 ? (arg(2) ?? 0) : false;
    }
    case 'IFERROR': {
      const v = arg(0);
      return v instanceof CellErrorValue ? (arg(1) ?? 0) : v;
    }
    case 'AND':
    case 'OR': {
      let acc = name === 'AND';
      let seen = false;
      let err: CellErrorValue | null = null;
      flatten(args, env, (v) => {
        if (v === undefined || typeof v === 'string') return;
        const t = truthy(v);
        if (t instanceof CellErrorValue) {
          err = err ?? t;
          return;
        }
        seen = true;
        acc = name === 'AND' ? acc && t : acc || t;
      });
      if (err) return err;
      return seen ? acc : VALUE;
    }
    case 'NOT': {
      const t = truthy(arg(0));
      return t instanceof CellErrorValue ? t : !t;
    }
    case 'ROUND': {
      const x = num(arg(0));
      const d = num(arg(1));
      if (x instanceof CellErrorValue) return x;
      if (d instanceof CellErrorValue) return d;
      const f = Math.pow(10, Math.trunc(d));
      return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
    }
    case 'ABS': {
      const x = num(arg(0));
      return x instanceof CellErrorValue ? x : Math.abs(x);
    }
    case 'LEN': {
      const s = str(arg(0));
      return s instanceof CellErrorValue ? s : s.length;
    }
    case 'CONCATENATE':
    case 'CONCAT': {
      let out = '';
      let err: CellErrorValue | null = null;
      if (name === 'CONCAT') {
        flatten(args, env, (v) => {
          const s = str(v);
          if (s instanceof CellErrorValue) err = err ?? s;
          else out += s;
        });
      } else {
        for (let i = 0; i < args.length; i++) {
          const s = str(arg(i));
          if (s instanceof CellErrorValue) return s;
          out += s;
        }
      }
      return err ?? out;
    }
    case 'HYPERLINK': {
      if (args.length < 1 || args.length > 2) return VALUE;
      const v = args.length === 2 ? arg(1) : arg(0);
      return v === undefined ? 0 : v;
    }
    default:
      return NAME;
  }
}
