import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Layer rules (issue 13). The direction of docs/architecture.md, as lint errors:
//   domain ← sheets ← {excel, xlsx} ← {taskpane, commands, cli}
// (and none of the four lower layers uses the Excel double, @kakari-roster/excel-double)
// src/domain imports nothing outside itself; src/strings (every text) imports only types from
// outside itself; src/sheets, src/excel and src/xlsx import nothing above them (excel and xlsx not
// each other either). `@typescript-eslint/no-restricted-imports` so that `import type` can be told
// apart; the patterns match relative import paths by folder name.
// ---------------------------------------------------------------------------------------------
const folders = (...names) => `(^|/)(${names.join('|')})(/|$)`;
const layerRule = (files, pattern) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [pattern] }] },
});
/** Every folder an import path can name (src/* and the Excel double's package). */
const FOLDERS = [
  'domain',
  'strings',
  'sheets',
  'excel',
  'xlsx',
  'taskpane',
  'commands',
  'cli',
  'excel-double',
  'playground',
  'sample',
  'dialog',
];
/** What each checked layer may import besides itself; every other folder is an error. */
const LAYERS = {
  domain: {
    may: [],
    message:
      'src/domain holds pure rules and returns facts: it imports only src/domain (docs/architecture.md).',
  },
  sheets: {
    may: ['domain', 'strings'],
    message: 'src/sheets imports only src/domain, src/strings and src/sheets (docs/architecture.md).',
  },
  excel: {
    may: ['domain', 'strings', 'sheets'],
    message:
      'src/excel imports only src/domain, src/strings, src/sheets and src/excel (docs/architecture.md).',
  },
  xlsx: {
    may: ['domain', 'strings', 'sheets'],
    message: 'src/xlsx imports only src/domain, src/strings, src/sheets and src/xlsx (docs/architecture.md).',
  },
};
const layerRules = [
  ...Object.entries(LAYERS).map(([layer, { may, message }]) =>
    layerRule([`src/${layer}/**/*.{ts,tsx}`], {
      regex: folders(...FOLDERS.filter((f) => f !== layer && !may.includes(f))),
      message,
    }),
  ),
  layerRule(['src/strings/**/*.{ts,tsx}'], {
    regex: '^(?!\\./)',
    allowTypeImports: true,
    message: 'src/strings imports nothing but types from outside src/strings (docs/architecture.md).',
  }),
];
// End of the layer rules (issue 13).

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'node_modules/', 'coverage/', 'demo/', 'test-output/', 'bench/cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // Office adapter rules (issue 13): Office.js calls live in src/excel only; the ribbon
  // (src/commands) shares code with the pane through src/excel and src/sheets, never src/taskpane.
  // Type positions (Excel.Range, Office.AddinCommands.Event) stay allowed: only value uses of the
  // `Excel` / `Office` globals are errors.
  {
    files: ['src/taskpane/**/*.{ts,tsx}', 'src/commands/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'Excel', message: 'Office.js calls live in src/excel (issue 13): call a function there.' },
        { name: 'Office', message: 'Office.js calls live in src/excel (issue 13): call a function there.' },
      ],
    },
  },
  {
    files: ['src/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/taskpane', '**/taskpane/**'],
              message:
                'src/commands must not import src/taskpane (issue 13): shared code lives in src/excel or src/sheets.',
            },
          ],
        },
      ],
    },
  },
  // End of Office adapter rules (issue 13).
  // Layer rules (issue 13): see layerRules above.
  ...layerRules,
);
