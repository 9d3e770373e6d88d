'use strict';
// `--help` of the fuzz scripts: prints the script's first /** … */ comment (its usage) and exits.
const fs = require('fs');

function printUsage(file) {
  process.stdout.write(
    fs
      .readFileSync(file, 'utf8')
      .split('*/')[0]
      .replace(/^[\s\S]*?\/\*\*/, '')
      .replace(/^ \* ?/gm, ''),
  );
  process.exit(0);
}

module.exports = { printUsage };
