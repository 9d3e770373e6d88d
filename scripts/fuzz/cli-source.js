#!/usr/bin/env node
'use strict';
/**
 * The command line run from its TypeScript sources (no build): what bin/kakari-roster.js does
 * with the bundle, for whole-process checks (peak memory, time, exit code) on the code as it is
 * in the working tree — test/trust/bounds.process.test.ts.
 */
require('./ts-register');
const path = require('path');

const { main } = require(path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts'));
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`エラー: 内部エラー / Error: internal error (${e && e.message})\n`);
    process.exit(3);
  },
);
