import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layersRule } from './eslint/layersRule.js';

const MODULE_STATE_MESSAGE = 'Module-level mutable state (conventions.md): keep it in the object that owns its lifetime, or type a constant table Readonly*.';
/** Module-level `let`s and mutable collections, exported or not. */
const moduleStateSelectors = ['Program', 'Program > ExportNamedDeclaration'].flatMap((parent) => [
  { selector: `${parent} > VariableDeclaration[kind="let"]`, message: MODULE_STATE_MESSAGE },
  {
    selector: `${parent} > VariableDeclaration > VariableDeclarator[init.type="NewExpression"][init.callee.name=/^(Map|Set|WeakMap|WeakSet)$/]:not([id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly(Map|Set)$/])`,
    message: MODULE_STATE_MESSAGE,
  },
]);

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'playwright-report', 'bench/out'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { etwlab: { rules: { layers: layersRule } } },
    rules: { 'etwlab/layers': 'error' },
  },
  {
    // conventions.md: no module-level mutable state. State lives in the object that owns its
    // lifetime (a load's reader, a session); a constant table is typed Readonly*, and a realm-wide
    // resource (a lazily loaded module, a database connection) says why on its eslint-disable line.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/test-support/**'],
    rules: {
      'no-restricted-syntax': ['error', ...moduleStateSelectors],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
