import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';
import { layerBoundaries } from './eslint/layerBoundaries.mjs';

const DOM_AND_NODE_GLOBALS = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'self',
  'process',
  'Buffer',
  'require',
  '__dirname',
];

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/node_modules/',
      '**/coverage',
      '**/dist/',
      '**/dist-cli/',
      '**/artifacts/',
      '**/work/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  {
    // The scaffold's base config names only src/; tests, scripts and benchmarks are held to the same rules.
    files: ['tests/**/*.{ts,tsx}', 'scripts/**/*.{ts,mjs}', 'bench/**/*.ts', '*.ts'],
  },
  {
    files: ['src/engine/**/*.ts', 'src/alerting/**/*.ts'],
    plugins: { vigil: { rules: { 'layer-boundaries': layerBoundaries } } },
    rules: {
      'vigil/layer-boundaries': 'error',
      'no-restricted-globals': [
        'error',
        ...DOM_AND_NODE_GLOBALS.map((name) => ({
          name,
          message: 'src/engine and src/alerting must stay pure (no DOM or Node globals).',
        })),
      ],
    },
  },
]);
