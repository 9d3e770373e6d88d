#!/usr/bin/env node
'use strict';
// `npm run bench`: compiles the CLI (build/; bin/kakari-roster.js runs its bundle) and the bench
// (build/bench/), then runs the benchmarks (bench/main.ts). Arguments are passed through, e.g.
//   npm run bench -- --only W1,W2 --skip-baseline
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
for (const project of ['tsconfig.cli.json', path.join('bench', 'tsconfig.json')]) {
  const r = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`bench: compiling ${project} failed\n`);
    process.exit(r.status || 1);
  }
}
// The one-file CLI that bin/kakari-roster.js runs (webpack.cli.config.js, as `npm run build:cli`).
const webpackCli = require.resolve('webpack-cli/bin/cli.js', { paths: [root] });
const wp = spawnSync(process.execPath, [webpackCli, '--config', 'webpack.cli.config.js'], {
  cwd: root,
  stdio: 'inherit',
});
if (wp.status !== 0) {
  process.stderr.write('bench: bundling the CLI failed\n');
  process.exit(wp.status || 1);
}
const { main } = require(path.join(root, 'build', 'bench', 'bench', 'notices.js')); // main.ts + W2 notices
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`bench: ${(e && e.stack) || e}\n`);
    process.exit(2);
  },
);
