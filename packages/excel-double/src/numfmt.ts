/**
 * A small number-format renderer for `Range.text`. It covers General, '@', fixed decimals
 * ('0', '0.0', '#,##0.00'), percent, scientific, literal text/quoted strings, up to four
 * sections, and date/time codes (yyyy yy m mm mmm mmmm d dd ddd dddd h hh m mm s ss AM/PM, [h]).
 * Colours and locale tags in brackets are ignored. Anything else renders like General.
 */

import { CellErrorValue, CellValue, ymdFromSerial } from './values';

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function formatText(value: CellValue | undefined, fmt: string, date1904 = false): string {
  if (value === undefined) return '';
  if (value instanceof CellErrorValue) return value.text;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const sections = splitSections(fmt);
  if (typeof value === 'string') {
    const textSection = sections.length >= 4 ? sections[3] : sections.find((s) => s.includes('@'));
    if (textSection && textSection.includes('@')) return renderLiteral(textSection).replace('@', value);
    return value;
  }
  if (isGeneral(fmt)) return formatGeneral(value);
  let section = sections[0];
  let v = value;
  if (value < 0 && sections.length >= 2) {
    section = sections[1];
    v = -value;
  } else if (value === 0 && sections.length >= 3) {
    section = sections[2];
  }
  const clean = section.replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  if (isGeneral(clean.trim())) return (v < 0 ? '-' : '') + formatGeneral(Math.abs(v));
  if (isDateFormat(clean)) return formatDate(v, clean, date1904);
  return formatNumber(v, clean);
}

function isGeneral(fmt: string): boolean {
  return fmt === '' || fmt.toLowerCase() === 'general';
}

function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '"') q = !q;
    if (ch === '\\' && i + 1 < fmt.length) {
      cur += ch + fmt[++i];
      continue;
    }
    if (ch === ';' && !q) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** Strip quotes and escapes, keeping literal text. */
function renderLiteral(section: string): string {
  let out = '';
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const j = section.indexOf('"', i + 1);
      out += section.slice(i + 1, j < 0 ? undefined : j);
      i = j < 0 ? section.length : j;
    } else if (ch === '\\') {
      out += section[++i] ?? '';
    } else if (ch === '_') {
      i++;
      out += ' ';
    } else if (ch === '*') {
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Excel's General: up to 11 characters, switching to scientific notation when needed. */
export function formatGeneral(n: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (Number.isInteger(n) && abs < 1e11) return String(n);
  if (abs >= 1e11 || abs < 1e-9) {
    const [m, e] = n.toExponential(5).split('e');
    const mant = m.replace(/\.?0+$/, '');
    const exp = Number(e);
    return `${mant}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const intLen = Math.max(1, Math.floor(Math.log10(abs)) + 1);
  const decimals = Math.max(0, 10 - intLen - (n < 0 ? 1 : 0));
  return String(Number(n.toFixed(decimals)));
}

function isDateFormat(section: string): boolean {
  const stripped = section.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return (
    /[ydhs]/i.test(stripped) ||
    /\[(h|m|s)+\]/i.test(stripped) ||
    (/(^|[^0#?])m/i.test(stripped) && !/[0#?]/.test(stripped))
  );
}

function formatNumber(v: number, section: string): string {
  const lit = section;
  const percent = (lit.replace(/"[^"]*"/g, '').match(/%/g) ?? []).length;
  let x = v * Math.pow(100, percent);
  const core = /[0#?][0#?,]*(\.[0#?]*)?(E[+-][0#]+)?/i.exec(
    lit.replace(/"[^"]*"/g, (m) => ' '.repeat(m.length)),
  );
  if (!core) return renderLiteral(section);
  const pattern = core[0];
  const decimals = core[1] ? core[1].length - 1 : 0;
  const exp = core[2];
  let body: string;
  if (exp) {
    const digits = exp.length - 2;
    const [m, e] = x.toExponential(decimals).split('e');
    const en = Number(e);
    body = `${m}E${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(digits, '0')}`;
  } else {
    const intPart = pattern.split('.')[0];
    const thousands = intPart.includes(',') && /[0#?],[0#?]/.test(intPart);
    const trailingCommas = /,+$/.exec(intPart)?.[0].length ?? 0;
    x = x / Math.pow(1000, trailingCommas);
    let s = Math.abs(x).toFixed(decimals);
    let [i, f] = s.split('.');
    const minInt = (intPart.replace(/,/g, '').match(/0/g) ?? []).length;
    if (i === '0' && minInt === 0) i = '';
    i = i.padStart(minInt, '0');
    if (thousands) i = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    if (f !== undefined) {
      const fracPattern = core[1]!.slice(1);
      const required = (fracPattern.match(/0/g) ?? []).length;
      while (f.length > required && f.endsWith('0') && fracPattern[f.length - 1] !== '0') f = f.slice(0, -1);
      s = f.length ? `${i}.${f}` : `${i}${fracPattern.length ? '.' : ''}`;
    } else {
      s = i;
    }
    body = (x < 0 ? '-' : '') + s;
  }
  const start = core.index;
  const before = renderLiteral(section.slice(0, start));
  const after = renderLiteral(section.slice(start + pattern.length));
  return before + body + after;
}

function formatDate(v: number, section: string, date1904: boolean): string {
  const { y, m, d } = ymdFromSerial(v, date1904);
  // Weekday (0 = Sunday) as Excel computes it: serial 1 (1900-01-01) counts as a Sunday.
  const dow = ((Math.floor(date1904 ? v + 1462 : v) % 7) + 6) % 7;
  let secs = Math.round((v - Math.floor(v)) * 86400);
  if (secs >= 86400) secs = 86399;
  const H = Math.floor(secs / 3600);
  const M = Math.floor((secs % 3600) / 60);
  const S = secs % 60;
  const ampm = /AM\/PM|A\/P/i.test(section);
  const tokens =
    section.match(
      /"[^"]*"|\\.|\[[hms]+\]|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM\/PM|A\/P|./gi,
    ) ?? [];
  let out = '';
  let prevWasHour = false;
  for (let i = 0; i < tokens.length; i++) {
    const tk = tokens[i];
    const lower = tk.toLowerCase();
    const nextTimeIsSecond = tokens
      .slice(i + 1)
      .find((t) => /^[a-z]/i.test(t))
      ?.toLowerCase()
      .startsWith('s');
    switch (lower) {
      case 'yyyy':
        out += String(y);
        break;
      case 'yy':
        out += String(y % 100).padStart(2, '0');
        break;
      case 'mmmmm':
        out += MONTH_SHORT[m - 1][0];
        break;
      case 'mmmm':
        out += MONTH_LONG[m - 1];
        break;
      case 'mmm':
        out += MONTH_SHORT[m - 1];
        break;
      case 'mm':
      case 'm':
        if (prevWasHour || nextTimeIsSecond) out += lower === 'mm' ? String(M).padStart(2, '0') : String(M);
        else out += lower === 'mm' ? String(m).padStart(2, '0') : String(m);
        break;
      case 'dddd':
        out += DAY_LONG[dow];
        break;
      case 'ddd':
        out += DAY_SHORT[dow];
        break;
      case 'dd':
        out += String(d).padStart(2, '0');
        break;
      case 'd':
        out += String(d);
        break;
      case 'hh':
      case 'h': {
        const h = ampm ? ((H + 11) % 12) + 1 : H;
        out += lower === 'hh' ? String(h).padStart(2, '0') : String(h);
        break;
      }
      case '[h]':
      case '[hh]':
        out += String(Math.floor(v * 24));
        break;
      case 'ss':
        out += String(S).padStart(2, '0');
        break;
      case 's':
        out += String(S);
        break;
      case 'am/pm':
        out += H < 12 ? 'AM' : 'PM';
        break;
      case 'a/p':
        out += H < 12 ? 'A' : 'P';
        break;
      default:
        if (tk.startsWith('"')) out += tk.slice(1, -1);
        else if (tk.startsWith('\\')) out += tk.slice(1);
        else out += tk;
    }
    if (/^[a-z[]/i.test(tk)) prevWasHour = lower === 'h' || lower === 'hh' || lower === '[h]';
  }
  return out;
}
