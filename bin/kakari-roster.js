#!/usr/bin/env node
'use strict';
// Entry point of the command line. `npm run build:cli` (also run by `npm ci` through `prepare`,
// and by `npm run demo`) bundles src/cli into ONE file, build/cli/kakari-roster.js
// (webpack.cli.config.js): one read and one compile instead of ~40 modules. The per-module
// build of tsc (build/cli/main.js) is the fallback when the bundle is missing.
const path = require('path');

// V8's compile cache for the bundle where Node offers it (Node ≥ 22.1; a no-op elsewhere):
// https://nodejs.org/api/module.html#moduleenablecompilecachecachedir
const Module = require('module');
if (typeof Module.enableCompileCache === 'function') {
  try {
    Module.enableCompileCache();
  } catch {
    /* no cache: compile as usual */
  }
}

function load() {
  for (const file of ['kakari-roster.js', 'main.js']) {
    try {
      return require(path.join(__dirname, '..', 'build', 'cli', file));
    } catch (e) {
      if (!(e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(file))) throw e;
    }
  }
  process.stderr.write(
    'エラー: コマンドラインが未ビルドです。npm run build:cli を実行してください / Error: the command line is not built; run npm run build:cli\n',
  );
  process.exit(3);
}

load()
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`エラー: 内部エラー / Error: internal error (${e && e.message})\n`);
      process.exit(3);
    },
  );
