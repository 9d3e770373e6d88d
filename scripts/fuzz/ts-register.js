'use strict';
/**
 * Loads TypeScript sources (src/**, test/trust/*.ts) in a plain Node process for the fuzz
 * campaign's workers: each .ts file is transpiled on require with the project's own compiler
 * (typescript.transpileModule, CommonJS, no type check — `npx tsc --noEmit` does that), the way
 * ts-jest runs them under jest. Only files inside the repository are handled.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..');
const OPTIONS = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2021,
  esModuleInterop: true,
  jsx: ts.JsxEmit.ReactJSX,
  sourceMap: false,
  inlineSourceMap: true,
};

require.extensions['.ts'] = function compileTs(module, filename) {
  if (!filename.startsWith(ROOT + path.sep) || filename.includes(`${path.sep}node_modules${path.sep}`))
    throw new Error(`ts-register: not a source of this repository: ${filename}`);
  const source = fs.readFileSync(filename, 'utf8');
  const out = ts.transpileModule(source, { compilerOptions: OPTIONS, fileName: filename });
  module._compile(out.outputText, filename);
};
