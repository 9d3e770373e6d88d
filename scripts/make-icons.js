#!/usr/bin/env node
/*
 * Generates the add-in's PNG icons deterministically, using only Node's zlib.
 *
 *   node scripts/make-icons.js          # (re)writes assets/*.png
 *   node scripts/make-icons.js --check  # exits 1 if assets/*.png differ from what this script renders
 *
 * Two designs, both a green rounded square:
 *   icon-<size>.png     white check mark  (app icon, ribbon group, 「パネルを開く」)
 *   recalc-<size>.png   white circular arrow (「再計算」)
 *
 * Only +, -, *, / and Math.sqrt are used for geometry (all exactly rounded in IEEE 754),
 * so the output bytes do not depend on the platform's sin/cos/atan2 implementation.
 * The PNGs are committed; re-run this script only when the design changes.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ICON_SIZES = [16, 32, 64, 80, 128];
const RECALC_SIZES = [16, 32, 80];
const SUPERSAMPLE = 5; // 5x5 samples per pixel for anti-aliasing

const GREEN = [0x10, 0x7c, 0x41]; // Excel-like green
const WHITE = [0xff, 0xff, 0xff];

// ---------------------------------------------------------------------------
// PNG encoding (RGBA, 8 bit, no interlace)
// ---------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

/** Encodes width*height RGBA pixels (Uint8Array, row-major) as a PNG file. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  const idat = zlib.deflateSync(raw, { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------
// Geometry (unit square coordinates, y pointing down)
// ---------------------------------------------------------------------------

function insideRoundedSquare(x, y, margin, radius) {
  const lo = margin;
  const hi = 1 - margin;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = x < lo + radius ? lo + radius : x > hi - radius ? hi - radius : x;
  const cy = y < lo + radius ? lo + radius : y > hi - radius ? hi - radius : y;
  const dx = x - cx;
  const dy = y - cy;
  return dx * dx + dy * dy <= radius * radius;
}

function distanceToSegment(px, py, ax, ay, bx, by) {
  const vx = bx - ax;
  const vy = by - ay;
  let t = ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy);
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const dx = px - (ax + t * vx);
  const dy = py - (ay + t * vy);
  return Math.sqrt(dx * dx + dy * dy);
}

function normalize(x, y) {
  const l = Math.sqrt(x * x + y * y);
  return [x / l, y / l];
}

function cross(ax, ay, bx, by) {
  return ax * by - ay * bx;
}

function insideTriangle(px, py, a, b, c) {
  const d1 = cross(b[0] - a[0], b[1] - a[1], px - a[0], py - a[1]);
  const d2 = cross(c[0] - b[0], c[1] - b[1], px - b[0], py - b[1]);
  const d3 = cross(a[0] - c[0], a[1] - c[1], px - c[0], py - c[1]);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

/** Stroke width in unit coordinates, at least ~1.6 device pixels so 16 px icons stay legible. */
function strokeWidth(size, relative) {
  return Math.max(relative, 1.6 / size);
}

function checkMark(size) {
  const half = strokeWidth(size, 0.115) / 2;
  const p = [
    [0.27, 0.52],
    [0.43, 0.68],
    [0.74, 0.35],
  ];
  return (x, y) =>
    distanceToSegment(x, y, p[0][0], p[0][1], p[1][0], p[1][1]) <= half ||
    distanceToSegment(x, y, p[1][0], p[1][1], p[2][0], p[2][1]) <= half;
}

function circularArrow(size) {
  const small = size <= 16;
  const stroke = strokeWidth(size, small ? 0.12 : 0.1);
  const half = stroke / 2;
  const cx = 0.5;
  const cy = 0.52;
  const r = small ? 0.24 : 0.22;
  // The ring is open between two directions (measured from the centre, y down):
  // the arrow's tail at "gapStart" (right, slightly up) and its head at "gapEnd" (top, slightly right).
  const gapStart = small ? normalize(1, 0.05) : normalize(0.94, -0.34);
  const gapEnd = small ? normalize(0.2, -1) : normalize(0.34, -0.94);
  // Arrowhead at the gapEnd end of the ring, pointing clockwise on screen (towards gapStart).
  const ex = cx + r * gapEnd[0];
  const ey = cy + r * gapEnd[1];
  const tangent = [-gapEnd[1], gapEnd[0]]; // clockwise tangent in y-down coordinates
  const headLength = stroke * (small ? 1.9 : 1.7);
  const headHalfWidth = stroke * (small ? 1.45 : 1.25);
  const tip = [ex + tangent[0] * headLength, ey + tangent[1] * headLength];
  const baseA = [ex + gapEnd[0] * headHalfWidth, ey + gapEnd[1] * headHalfWidth];
  const baseB = [ex - gapEnd[0] * headHalfWidth, ey - gapEnd[1] * headHalfWidth];
  return (x, y) => {
    const dx = x - cx;
    const dy = y - cy;
    const d = Math.sqrt(dx * dx + dy * dy);
    let onRing = Math.abs(d - r) <= half;
    if (onRing) {
      // Inside the gap = clockwise from gapEnd and counter-clockwise from gapStart (the short way round).
      const afterEnd = cross(gapEnd[0], gapEnd[1], dx, dy) > 0;
      const beforeStart = cross(dx, dy, gapStart[0], gapStart[1]) > 0;
      if (afterEnd && beforeStart) onRing = false;
    }
    return onRing || insideTriangle(x, y, tip, baseA, baseB);
  };
}

function render(size, glyphFactory) {
  const margin = 1 / 16; // 1 px at 16, 2 px at 32, 5 px at 80: whole pixels at every size
  const radius = 0.2;
  const glyph = glyphFactory(size);
  const out = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          if (!insideRoundedSquare(x, y, margin, radius)) continue;
          const c = glyph(x, y) ? WHITE : GREEN;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        // Average of the covered samples (colour), alpha = coverage.
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
        out[i + 3] = Math.round((255 * a) / (n * n));
      }
    }
  }
  return encodePng(size, size, out);
}

/** Returns { 'icon-16.png': Buffer, … } for every icon this project ships. */
function renderIcons() {
  const files = {};
  for (const size of ICON_SIZES) files[`icon-${size}.png`] = render(size, checkMark);
  for (const size of RECALC_SIZES) files[`recalc-${size}.png`] = render(size, circularArrow);
  return files;
}

function main() {
  const assetsDir = path.resolve(__dirname, '..', 'assets');
  const check = process.argv.includes('--check');
  const files = renderIcons();
  let stale = 0;
  fs.mkdirSync(assetsDir, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const target = path.join(assetsDir, name);
    if (check) {
      const current = fs.existsSync(target) ? fs.readFileSync(target) : null;
      if (!current || !current.equals(data)) {
        console.error(`stale: assets/${name}`);
        stale++;
      }
    } else {
      fs.writeFileSync(target, data);
      console.log(`wrote assets/${name} (${data.length} bytes)`);
    }
  }
  if (check && stale > 0) process.exitCode = 1;
}

module.exports = { renderIcons, encodePng, crc32, ICON_SIZES, RECALC_SIZES };

if (require.main === module) main();
