#!/usr/bin/env node
'use strict';
// Entry point of the command line; the compiled code lives in build/ (npm run build:cli).
const { main } = require('../build/cli/main.js');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`エラー: 内部エラー / Error: internal error (${e && e.message})\n`);
    process.exit(3);
  },
);
