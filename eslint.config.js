// Lint: strict TypeScript, and the layers of DESIGN.md as errors.
// The arrows only point into src/. Do not relax these rules: a wrong import is
// a design change, and belongs in DESIGN.md first.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noNode = {
  paths: nodeBuiltins.map((name) => ({
    name,
    message: 'This layer is not Node: no node:* modules here.',
  })),
};

/** Patterns shared by every layer: no climbing out of a folder with ../ */
const noLadders = {
  group: ['../*', '../**'],
  message: 'Import through the package aliases (#src/…, #main/…, #server/…), not ../ ladders.',
};

// Patterns use gitignore syntax, where a leading # starts a comment: escape it,
// or `#main/*` would silently match nothing (test/layers.test.ts guards this).
const layer = (message, groups) =>
  groups.map((group) => ({ group: [group.replace(/^#/, '\\#')], message }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      '.vite/**',
      'test-results/**',
      'coverage/**',
      'schemas/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [noLadders] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noNode,
          patterns: [
            noLadders,
            ...layer('src/ is the pure core: it imports only src/ and pure libraries.', [
              'electron',
              'react',
              'react-dom',
              '#main/*',
              '#renderer/*',
              '#server/*',
              '#test/*',
            ]),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          ...noNode,
          patterns: [
            noLadders,
            ...layer('renderer/ imports only src/; it talks to main/ through the typed bridge.', [
              'electron',
              '#main/*',
              '#server/*',
              'better-sqlite3*',
              'keytar',
              '@electric-sql/*',
              'pg',
            ]),
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noLadders,
            ...layer('main/ may import src/ only (and never the UI or the server).', [
              '#renderer/*',
              '#server/*',
              'react',
              'react-dom',
            ]),
          ],
        },
      ],
    },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noLadders,
            ...layer('sync-server/ may import src/ only.', [
              'electron',
              '#main/*',
              '#renderer/*',
              'react',
              'react-dom',
              'better-sqlite3*',
              'keytar',
            ]),
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
