/**
 * Finds the system tools some tests need, the usual ways, without downloading anything:
 * - a Chromium-family browser for the browser tests: $CHROMIUM_PATH, a browser Playwright installed
 *   itself (`npx playwright install chromium`), then system Chromium / Chrome / Edge;
 * - LibreOffice (soffice) and poppler (pdfinfo, pdftotext, pdftoppm) for the print renderings;
 * - a Japanese font (Noto CJK) so rendered pages and screenshots show Japanese text.
 * Shared by scripts/ensure-test-tools.js (run by `npm test`) and the test harnesses.
 */
'use strict';
const fs = require('fs');
const path = require('path');

function onPath(cmd) {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT || '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, cmd + ext);
      try {
        if (fs.statSync(file).isFile()) return file;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

function playwrightChromium() {
  try {
    // playwright-core knows where its own installer puts browsers; the file exists only when installed.
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const SYSTEM_BROWSERS = {
  linux: [
    'chromium',
    'chromium-browser',
    'google-chrome',
    'google-chrome-stable',
    'microsoft-edge',
    'microsoft-edge-stable',
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    path.join(
      process.env['PROGRAMFILES(X86)'] || 'C:\\Program Files (x86)',
      'Microsoft\\Edge\\Application\\msedge.exe',
    ),
    path.join(process.env.PROGRAMFILES || 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
  ],
};

/** Path of a usable Chromium-family browser, or null. */
function findBrowser() {
  if (process.env.CHROMIUM_PATH)
    return fs.existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  const pw = playwrightChromium();
  if (pw) return pw;
  for (const c of SYSTEM_BROWSERS[process.platform] || SYSTEM_BROWSERS.linux) {
    const p = path.isAbsolute(c) ? (fs.existsSync(c) ? c : null) : onPath(c);
    if (p) return p;
  }
  return null;
}

const RENDER_TOOLS = ['soffice', 'pdfinfo', 'pdftotext', 'pdftoppm'];

/** Render tools (LibreOffice, poppler) not on PATH. */
function missingRenderTools() {
  return RENDER_TOOLS.filter((t) => !onPath(t));
}

/** True when a Noto CJK (or other Japanese) font is installed where fontconfig looks on Linux. */
function hasJapaneseFont() {
  if (process.platform !== 'linux') return true; // macOS and Windows ship Japanese fonts
  const dirs = [
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    path.join(process.env.HOME || '/root', '.fonts'),
  ];
  const seen = (dir, depth) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (e.isFile() && /noto.*cjk|ipa|takao|vl-gothic/i.test(e.name)) return true;
      if (e.isDirectory() && depth < 4 && seen(path.join(dir, e.name), depth + 1)) return true;
    }
    return false;
  };
  return dirs.some((d) => seen(d, 0));
}

/** The Debian/Ubuntu packages that provide what is missing. */
const DEBIAN_PACKAGES = {
  browser: ['chromium'],
  render: ['libreoffice-calc', 'poppler-utils'],
  font: ['fonts-noto-cjk'],
};

module.exports = { findBrowser, missingRenderTools, hasJapaneseFont, onPath, DEBIAN_PACKAGES, RENDER_TOOLS };
