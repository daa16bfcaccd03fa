import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/**', 'dist.*/**', 'node_modules/**', 'release/**', 'coverage/**', 'oclif.manifest.json']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The cores and the API layer never import the CLI, the commands or the UI (DESIGN.md): they
    // run under any front end, and a one-shot command loads only what it uses.
    files: ['src/kube/**', 'src/kubeconfig/**', 'src/diagnose/**', 'src/tail/**', 'src/capacity/**', 'src/print/**', 'src/util/**', 'src/errors.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {group: ['**/cli/*', '**/commands/*', '**/commands/**', '**/ui/*', '**/ui/**'], message: 'a core never imports the CLI, the commands or the UI; pass what it needs in as data'},
            {group: ['@oclif/*', 'ink', 'ink-*', 'react'], message: 'a core never imports the CLI or UI frameworks'},
          ],
        },
      ],
      // The same for a dynamic import(), which no-restricted-imports does not see.
      'no-restricted-syntax': [
        'error',
        {selector: 'ImportExpression[source.value=/(^|\\/)(cli|commands|ui)\\//]', message: 'a core never imports the CLI, the commands or the UI, not even lazily; let the front end pass it in'},
        {selector: 'ImportExpression[source.value=/^(@oclif\\/|ink$|ink-|react$)/]', message: 'a core never imports the CLI or UI frameworks, not even lazily'},
      ],
    },
  },
  {
    files: ['bin/*', 'scripts/**/*.mjs', 'bench/**/*.mjs', '**/*.js'],
    languageOptions: {globals: {process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly'}},
  },
)
