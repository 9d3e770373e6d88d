#!/usr/bin/env node
/*
 * Renders the meeting handout for the README:
 *
 *   sample roster ──kakari-roster sample──▶ sample.xlsx
 *                 ──kakari-roster export──▶ meeting.xlsx (会議資料 + 集計_地区, chart)
 *                 ──soffice --convert-to pdf──▶ meeting.pdf
 *                 ──pdftoppm──▶ docs/images/meeting-handout.png (page 1 = 会議資料)
 *
 *   node scripts/render-handout.js [--input roster.xlsx] [--as-of 2026-01-31] [--dpi 110] [--keep]
 *
 * Needs the compiled CLI (this script runs `npm run build:cli`'s two steps first), LibreOffice
 * (soffice), poppler (pdfinfo, pdftoppm) and a Japanese font:
 *   apt-get install -y libreoffice-calc poppler-utils fonts-noto-cjk
 * The 計算日時 on the image is the time of the run.
 */
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const asOf = opt('--as-of', '2026-01-31');
const dpi = opt('--dpi', '110');
const keep = args.includes('--keep');

function run(cmd, argv, options = {}) {
  return execFileSync(cmd, argv, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    ...options,
  });
}

function need(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
  } catch {
    console.error(
      `${cmd} が見つかりません / ${cmd} not found. Install: apt-get install -y libreoffice-calc poppler-utils fonts-noto-cjk`,
    );
    process.exit(1);
  }
}

['soffice', 'pdfinfo', 'pdftoppm'].forEach(need);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kr-handout-'));
try {
  console.error('build: npm run build:cli');
  run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.cli.json']);
  run(process.execPath, [
    path.join(root, 'node_modules/webpack-cli/bin/cli.js'),
    '--config',
    'webpack.cli.config.js',
  ]);
  const cli = path.join(root, 'bin/kakari-roster.js');

  let input = opt('--input', null);
  if (!input) {
    input = path.join(work, 'sample.xlsx');
    run(process.execPath, [cli, 'sample', '-o', input]);
  }
  const meeting = path.join(work, 'meeting.xlsx');
  process.stdout.write(run(process.execPath, [cli, 'export', input, '-o', meeting, '--as-of', asOf]));

  run('soffice', [
    `-env:UserInstallation=file://${path.join(work, 'profile')}`,
    '--headless',
    '--convert-to',
    'pdf',
    '--outdir',
    work,
    meeting,
  ]);
  const pdf = path.join(work, 'meeting.pdf');
  const info = run('pdfinfo', [pdf]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  const size = /^Page size:\s+(.*)$/m.exec(info)[1];
  console.error(`pdf: ${pages} page(s), ${size}`);

  const outDir = path.join(root, 'docs/images');
  fs.mkdirSync(outDir, { recursive: true });
  run('pdftoppm', [
    '-png',
    '-r',
    dpi,
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    pdf,
    path.join(outDir, 'meeting-handout'),
  ]);
  console.error(`wrote ${path.relative(root, path.join(outDir, 'meeting-handout.png'))}`);
  if (keep) console.error(`kept ${work}`);
} finally {
  if (!keep) fs.rmSync(work, { recursive: true, force: true });
}
