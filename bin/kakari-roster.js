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

// V8 tiers a function up to its optimising compiler (TurboFan, on background threads) once the
// function has used up its "interrupt budget" of executed bytecode a few times. The default
// (--interrupt-budget=67584 in Node 20's V8 11.3) suits a page that runs for minutes; a CLI run of
// a city roster lasts about a second, and most of those compilations finished too late to pay
// for themselves: ~0.35 s of the ~1.1 s CPU of a 1,000-doctor recalc were TurboFan on V8's helper
// threads (per-thread CPU, /proc/self/task/*/stat). With 8 times the budget only the code that
// really is hot gets compiled: 1,000 doctors 0.75–0.87 of the CPU with the default (medians of
// two series of interleaved whole processes), the prefecture roster (20,000 doctors) unchanged
// within the noise (docs/performance.md, "Fixed cost (session 4)"). A tiering threshold only: what runs, and its results, are the same. Measured on
// Node 20 only (V8 11; later engines tier through Maglev first), so set only there.
// https://nodejs.org/api/v8.html#v8setflagsfromstringflags
//
// Set after the modules every command uses are loaded: Node compiles its own modules from the code
// cache built into it only while V8's flags are the defaults (the cache records a hash of the
// flags), and loading crypto, zlib, streams and fs/promises after the change cost ~10 ms more.
function tierLater() {
  if (!/^11\./.test(process.versions.v8)) return;
  void process.stdout;
  void process.stderr;
  void require('fs').promises;
  void require('util').parseArgs;
  try {
    require('v8').setFlagsFromString('--interrupt-budget=540672');
  } catch {
    /* default tiering */
  }
}

const cli = load();
tierLater();
cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`エラー: 内部エラー / Error: internal error (${e && e.message})\n`);
    process.exit(3);
  },
);
