#!/usr/bin/env node
/**
 * Writes the playground's sample workbook: `node src/playground/make-sample.cjs <out.xlsx>
 * [--doctors N] [--seed S]` — the same generator and writer as `kakari-roster sample`
 * (src/sample/generate.ts generateRoster + src/sample/writeSample.ts writeRosterXlsx), run from the
 * TypeScript sources so the playground needs no prior `npm run build:cli`.
 *
 * The TypeScript files are transpiled on the fly with the project's own `typescript` package
 * (transpile only, CommonJS), for files under src/ only. Used by webpack.config.js in playground
 * mode (a child process, so the hook never touches webpack's own process).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const SRC = path.resolve(__dirname, '..');

function registerTypeScript() {
  const compile = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2021,
        esModuleInterop: true,
        jsx: ts.JsxEmit.ReactJSX,
        sourceMap: false,
      },
    });
    module._compile(out.outputText, filename);
  };
  for (const ext of ['.ts', '.tsx']) {
    require.extensions[ext] = (module, filename) => {
      if (!filename.startsWith(SRC + path.sep))
        throw new Error(`refusing to transpile outside src/: ${filename}`);
      compile(module, filename);
    };
  }
}

function option(args, name, dflt) {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a non-negative integer`);
  return v;
}

async function main() {
  const args = process.argv.slice(2);
  const out = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
  if (!out) throw new Error('usage: make-sample.cjs <out.xlsx> [--doctors N] [--seed S]');
  registerTypeScript();
  const { generateRoster } = require('../sample/generate.ts');
  const { writeRosterXlsx } = require('../sample/writeSample.ts');
  const data = generateRoster({ doctors: option(args, '--doctors', 1000), seed: option(args, '--seed', 1) });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  await writeRosterXlsx(data, path.resolve(out), { streaming: false });
}

main().catch((err) => {
  process.stderr.write(`make-sample: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
