import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Where code runs decides what it may import. The workflow sandbox (and the
// shared code it loads) has no Node APIs, no OpenTelemetry SDK and no model
// clients; host code never loads sandbox modules. Type-only imports are free.
const HOST_PACKAGES = [
  'node:*',
  '@opentelemetry/*',
  'openai',
  'openai/*',
  '@openai/agents',
  '@openai/agents-openai',
  '@pydantic/*',
  '@arizeai/openinference-core',
  '@arizeai/openinference-instrumentation-*',
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/activity',
  '@temporalio/testing',
  '@temporalio/envconfig',
  'fastify',
  '@fastify/*',
];
const HOST_FOLDERS = ['worker', 'client', 'host', 'telemetry', 'config', 'cost', 'ingest', 'history', 'http'];
const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: [{ group: patterns, allowTypeImports: true }] },
  ],
});
const inFolders = (folders) => folders.flatMap((f) => [`../${f}/*`, `./${f}/*`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // The workflow sandbox and its entry point.
  {
    files: ['src/workflow/**/*.ts', 'src/workflow.ts'],
    rules: restrict([...HOST_PACKAGES, ...inFolders(HOST_FOLDERS)]),
  },
  // Shared code runs in the sandbox too, and must not depend on workflow-only APIs.
  {
    files: ['src/common/**/*.ts'],
    rules: restrict([...HOST_PACKAGES, '@temporalio/workflow', ...inFolders([...HOST_FOLDERS, 'workflow'])]),
  },
  // One vocabulary: attribute names are spelled only in the vocabulary modules.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/common/semconv.ts', 'src/common/gen-ai.ts', 'src/common/rollup-attributes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Literal[value=/^(openinference|llm|gen_ai|input|output|tool|agent|temporal|exception|cost|rollup)\\.[a-z_]+(\\.[a-z_]+)*$/]',
          message:
            'Attribute names come from common/semconv.ts, common/gen-ai.ts or common/rollup-attributes.ts.',
        },
      ],
    },
  },
  // Host code never loads a sandbox module (it would call workflow-only APIs at load).
  {
    files: [
      ...HOST_FOLDERS.map((f) => `src/${f}/**/*.ts`),
      'src/index.ts',
      'src/plugin.ts',
      'src/cost.ts',
      'src/cli.ts',
      'src/runs.ts',
      'src/http.ts',
      'src/history.ts',
    ],
    rules: restrict([...inFolders(['workflow']), '@temporalio/workflow']),
  },
);
