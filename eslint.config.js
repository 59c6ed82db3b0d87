import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/*
 * Layers (ARCHITECTURE.md). Each folder may import only from the layers below it:
 *
 *   renderer/ ......... its own code + preload's types (never main/, Node or electron)
 *   main/electron ..... everything in main/ (the app); main/electron/workers: core + training
 *   main/cli .......... core, training, workers (never electron)
 *   main/workers ...... thread entry files: core (+ training)
 *   main/training ..... core
 *   main/core ......... nothing above it
 *
 * A rule is a regex over the import specifier; `into(...)` matches a relative import with a folder
 * of that name on its path (no folder of main/core or main/training carries one of these names).
 * Static imports and re-exports are checked by no-restricted-imports, `import('...')` with a string
 * literal by no-restricted-syntax (the CLI loads most of the app lazily).
 */
const into = (dirs) => `^\\.{1,2}/(?:.*/)?(?:${dirs.join('|')})(?:/|$)`;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ELECTRON = { regex: '^electron(?:/.*)?$', message: 'Only main/electron and preload may import electron.' };
const NODE_BUILTINS = {
  regex: `^(?:node:.*|(?:${builtinModules.filter((m) => !m.startsWith('_')).map(escape).join('|')})(?:/.*)?)$`,
  message: 'The renderer never imports Node modules; use window.api.',
};
/** A `*.worker.ts` file is a thread entry (it calls serveWorker when loaded): start it through a WorkerPool by URL, import only its types. */
const WORKER_ENTRY = {
  regex: '\\.worker(?:\\.[cm]?[jt]s)?$',
  allowTypeImports: true,
  message: 'A *.worker.ts file is a thread entry: start it by URL through a WorkerPool (core/threads), import only its types.',
};

/** The rules of one layer: each forbidden pattern, for static and for dynamic imports. */
function forbid(...patterns) {
  const slash = (re) => re.replaceAll('/', '\\/');
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: patterns.map(({ regex, message, allowTypeImports }) => ({ regex, message, ...(allowTypeImports ? { allowTypeImports } : {}) })) },
    ],
    'no-restricted-syntax': [
      'error',
      ...patterns.map(({ regex, message }) => ({ selector: `ImportExpression[source.value=/${slash(regex)}/]`, message })),
    ],
  };
}

const LAYERS = [
  {
    files: ['main/core/**'],
    rules: forbid(ELECTRON, {
      regex: into(['workers', 'electron', 'cli', 'training', 'tools']),
      message: 'main/core is the bottom layer: it imports nothing from main/workers, main/electron, main/cli, main/training or main/tools (ARCHITECTURE.md).',
    }),
  },
  {
    files: ['main/training/**'],
    rules: forbid(ELECTRON, WORKER_ENTRY, {
      regex: into(['workers', 'electron', 'cli', 'tools']),
      message: 'main/training imports only main/core (ARCHITECTURE.md).',
    }),
  },
  {
    files: ['main/cli/**'],
    rules: forbid(ELECTRON, WORKER_ENTRY, {
      regex: into(['electron']),
      message: 'main/cli may import core, training and workers, never the Electron app (ARCHITECTURE.md).',
    }),
  },
  {
    files: ['main/workers/**'],
    rules: forbid(ELECTRON, WORKER_ENTRY, {
      regex: into(['electron', 'cli', 'tools']),
      message: 'A worker entry (main/workers) imports only main/core and main/training (ARCHITECTURE.md).',
    }),
  },
  {
    files: ['main/electron/workers/**'],
    rules: forbid(ELECTRON, WORKER_ENTRY, {
      // one level up from main/electron/workers is the Electron app itself; ../../ reaches main/
      regex: `^\\.\\./(?!\\.\\./)|${into(['cli', 'tools'])}`,
      message: 'A worker entry (main/electron/workers) runs in its own thread: it imports main/core, main/training and its own folder, never the Electron app (ARCHITECTURE.md).',
    }),
  },
  {
    files: ['main/electron/**'],
    ignores: ['main/electron/workers/**'],
    rules: forbid(WORKER_ENTRY),
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(
      NODE_BUILTINS,
      { ...ELECTRON, message: 'The renderer never imports electron; use window.api.' },
      { regex: into(['main']), message: 'The renderer talks to main only through window.api, typed by preload/contract.ts (ARCHITECTURE.md).' },
      { regex: '(?:^|/)preload/', allowTypeImports: true, message: 'The renderer imports only types from preload/ (use import type); the API itself is window.api.' },
    ),
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', '.devcarry/', '.gl/', 'dist/', 'out/', 'release/', 'test-results/', 'models/', 'assets/', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...LAYERS,
);
