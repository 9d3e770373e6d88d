import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
);
