import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'devTools/**', 'appPackage/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Money is exact: the calculators never parse or round with JavaScript numbers.
    files: ['src/calculators/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Use decimal.js via calculators/money.ts' }],
      'no-restricted-properties': ['error',
        { object: 'Number', property: 'parseFloat', message: 'Use decimal.js via calculators/money.ts' },
        { property: 'toFixed', message: 'Round with Decimal.toDecimalPlaces(2, ROUND_HALF_UP)' }],
    },
  },
);
