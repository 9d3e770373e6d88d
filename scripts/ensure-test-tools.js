#!/usr/bin/env node
/**
 * Part of `npm test`: makes sure the system tools the full test suite needs are there.
 * - Found the usual ways (scripts/find-tools.js): a Chromium-family browser, LibreOffice + poppler,
 *   a Japanese font.
 * - Missing on a Debian/Ubuntu machine where we are root: installs Debian's packages with apt-get
 *   (never a browser download from a CDN).
 * - Missing elsewhere: prints one line saying exactly what to install, and exits 1.
 * `npm run test:unit` (the fast lane) needs none of these tools and does not run this script.
 */
'use strict';
const fs = require('fs');
const { spawnSync } = require('child_process');
const { findBrowser, missingRenderTools, hasJapaneseFont, DEBIAN_PACKAGES } = require('./find-tools');

function missingPackages() {
  const pkgs = [];
  if (!findBrowser()) pkgs.push(...DEBIAN_PACKAGES.browser);
  if (missingRenderTools().length > 0) pkgs.push(...DEBIAN_PACKAGES.render);
  if (!hasJapaneseFont()) pkgs.push(...DEBIAN_PACKAGES.font);
  return pkgs;
}

function canApt() {
  return (
    process.platform === 'linux' &&
    fs.existsSync('/etc/debian_version') &&
    typeof process.getuid === 'function' &&
    process.getuid() === 0 &&
    spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0
  );
}

function run(cmd, args) {
  const res = spawnSync(cmd, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return res.status === 0;
}

const need = missingPackages();
if (need.length === 0) process.exit(0);

if (canApt()) {
  // Fonts come with the browser and LibreOffice installs so that Japanese text renders.
  const pkgs = [...new Set([...need, ...DEBIAN_PACKAGES.font])];
  console.error(`Installing test tools with apt-get: ${pkgs.join(' ')} …`);
  const ok =
    run('apt-get', ['update', '-qq']) &&
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs]);
  const still = missingPackages();
  if (ok && still.length === 0) process.exit(0);
  console.error(
    `Could not install ${still.join(' ')} with apt-get; install them by hand and run npm test again.`,
  );
  process.exit(1);
}

console.error(
  `The full test suite needs: ${need.join(', ')} — install them (Debian/Ubuntu: sudo apt-get install -y ` +
    `${need.join(' ')}; macOS: brew install --cask chromium libreoffice && brew install poppler; or set ` +
    'CHROMIUM_PATH to a Chrome/Edge binary), then run npm test again. `npm run test:unit` needs none of them.',
);
process.exit(1);
