// ESLint (flat config) for the storefront: the browser modules in web/js, the browser tests in
// web/e2e and this tooling. Run from web/: tooling/node_modules/.bin/eslint -c tooling/eslint.config.js
import js from '@eslint/js';
import globals from 'globals';
import { fileURLToPath } from 'node:url';

// Patterns below are relative to web/ (the folder above this file), wherever eslint runs from.
const WEB = fileURLToPath(new URL('..', import.meta.url));

// User-provided text goes in with textContent (dom.js's h() does that); markup from strings never.
const NO_HTML_STRINGS = [
  { property: 'innerHTML', message: 'Build nodes with h() and set text with textContent.' },
  { property: 'outerHTML', message: 'Build nodes with h() and set text with textContent.' },
  { property: 'insertAdjacentHTML', message: 'Build nodes with h() and insert them as nodes.' },
  { object: 'document', property: 'write', message: 'Build nodes with h().' },
  { object: 'document', property: 'writeln', message: 'Build nodes with h().' },
];

export default [
  {
    basePath: WEB,
    ignores: ['**/node_modules/', 'e2e/output/'],
  },
  js.configs.recommended,
  {
    basePath: WEB,
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      'no-undef': 'error',
      eqeqeq: ['error', 'always'],
      'no-implicit-globals': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      'no-restricted-properties': ['error', ...NO_HTML_STRINGS],
      'no-restricted-syntax': ['error',
        {
          selector: "CallExpression[callee.property.name='createContextualFragment']",
          message: 'Build nodes with h(), not from markup strings.',
        },
      ],
    },
  },
  {
    // The pages' modules run in the browser.
    basePath: WEB,
    files: ['js/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // This tooling runs in Node.
    basePath: WEB,
    files: ['tooling/**/*.js', 'tooling/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The browser tests run in Node and hand functions to the page (page.evaluate), which run there.
    basePath: WEB,
    files: ['e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
