// Lint rules for the whole repository (`npm run lint`). Formatting is
// Prettier's job, so no rule here is about layout.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

// Written out rather than taken from the `globals` package, which is not a
// dependency; only what the code here actually uses needs to be listed.
const sharedGlobals = {
  AbortController: 'readonly',
  AbortSignal: 'readonly',
  TextDecoder: 'readonly',
  TextEncoder: 'readonly',
  URL: 'readonly',
  URLSearchParams: 'readonly',
  clearInterval: 'readonly',
  clearTimeout: 'readonly',
  console: 'readonly',
  crypto: 'readonly',
  fetch: 'readonly',
  globalThis: 'readonly',
  performance: 'readonly',
  queueMicrotask: 'readonly',
  setInterval: 'readonly',
  setTimeout: 'readonly',
  structuredClone: 'readonly',
};

const nodeGlobals = {
  ...sharedGlobals,
  Buffer: 'readonly',
  __dirname: 'readonly',
  __filename: 'readonly',
  clearImmediate: 'readonly',
  exports: 'writable',
  module: 'writable',
  process: 'readonly',
  require: 'readonly',
  setImmediate: 'readonly',
};

const browserGlobals = {
  ...sharedGlobals,
  Blob: 'readonly',
  CustomEvent: 'readonly',
  DOMException: 'readonly',
  Event: 'readonly',
  EventTarget: 'readonly',
  HTMLElement: 'readonly',
  HTMLVideoElement: 'readonly',
  MediaStream: 'readonly',
  MediaStreamTrack: 'readonly',
  RTCPeerConnection: 'readonly',
  cancelAnimationFrame: 'readonly',
  document: 'readonly',
  localStorage: 'readonly',
  location: 'readonly',
  navigator: 'readonly',
  requestAnimationFrame: 'readonly',
  sessionStorage: 'readonly',
  window: 'readonly',
};

const vueFiles = ['renderer/**/*.vue'];

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'tests/bench/results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // The Vue rules apply to single-file components only.
  ...pluginVue.configs['flat/recommended'].map((config) => ({ ...config, files: vueFiles })),
  { ...pluginVue.configs['no-layout-rules'], files: vueFiles },
  {
    files: vueFiles,
    languageOptions: {
      parserOptions: {
        // `<script lang="ts">` blocks go through the TypeScript parser.
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
    rules: {
      // vue-tsc type-checks names in components; no-undef cannot see TS globals.
      'no-undef': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // A leading underscore marks a parameter a callback signature requires but this code does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['main/**', 'preload/**', 'tests/**', '**/*.mjs', '*.config.ts', '*.config.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: browserGlobals },
  },
);
