/*
 * webpack configuration for the command line (`npm run build:cli`): src/cli/main.ts and
 * everything it imports in ONE file, build/cli/kakari-roster.js, which bin/kakari-roster.js loads.
 *
 * Why a bundle: `kakari-roster recalc` on a city roster (1,000 doctors) is mostly fixed cost, and
 * resolving, reading and compiling ~40 separate modules was a large part of it (see
 * docs/performance.md, "Fixed cost of the command line"). One file is one read and one compile,
 * and bin/kakari-roster.js gives V8 a code cache for it.
 *
 *   - Modules are concatenated where webpack can (scope hoisting); the code is not minified, so
 *     stack traces (`--debug`) stay readable.
 *   - Commands load what they need: the sample generator and the `export` command are reached
 *     through import() in main.ts; they are in the same file (one chunk) but evaluated only when
 *     called.
 *   - exceljs (only `sample` uses it) and iconv-lite (only `export --csv --encoding sjis`) stay
 *     external: required from node_modules when those commands run, never parsed otherwise.
 *   - __dirname stays the bundle's directory (the sample generator finds data/ from it).
 *   - fflate is evaluated only when something uses it (scripts/build-cli-fflate-lazy.js).
 */
'use strict';

const path = require('path');
const webpack = require('webpack');

const ROOT = __dirname;

module.exports = {
  mode: 'production',
  target: 'node20',
  context: ROOT,
  entry: { 'kakari-roster': './src/cli/main.ts' },
  output: {
    path: path.resolve(ROOT, 'build', 'cli'),
    filename: '[name].js',
    library: { type: 'commonjs2' },
    clean: false,
  },
  devtool: false,
  node: { __dirname: false, __filename: false },
  externals: {
    exceljs: 'commonjs exceljs',
    'iconv-lite': 'commonjs iconv-lite',
  },
  resolve: { extensions: ['.ts', '.js', '.json'] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        // The sources' `fflate` is a facade that loads fflate on first use (scripts/
        // build-cli-fflate-lazy.js: fflate's entry builds tables and requires worker_threads at
        // load, which `recalc` does not need). Only imports from .ts files are redirected, so the
        // facade's own require('fflate') is fflate itself.
        resolve: { alias: { fflate$: path.resolve(ROOT, 'scripts', 'build-cli-fflate-lazy.js') } },
        use: {
          loader: 'ts-loader',
          options: {
            configFile: path.resolve(ROOT, 'tsconfig.json'),
            transpileOnly: true,
            // ES modules let webpack hoist scopes and keep import() lazy (see webpack.config.js).
            compilerOptions: { module: 'esnext', sourceMap: false },
          },
        },
      },
    ],
  },
  optimization: {
    minimize: false,
    concatenateModules: true,
  },
  plugins: [new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
  performance: { hints: false },
  stats: 'errors-warnings',
};
