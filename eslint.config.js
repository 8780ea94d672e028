// ESLint: the TypeScript and React mistakes a reviewer should not have to look for, the few
// type-aware rules that catch real bugs here (promises and exhaustive switches), and the
// architecture's import rules (no cycles; the core stays pure). Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

// What the pure core may not reach: the server, the web, the database and the network.
const impureForCore = ['pg', '@electric-sql/pglite', '@electric-sql/pglite/*', 'drizzle-orm', 'drizzle-orm/*'];
const impureForCoreNames = ['fastify', 'react', 'react-dom', 'antd', 'exceljs', 'node:fs', 'node:net', 'node:http'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'tmp/', 'test-results/', 'src/server/db/migrations/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // Web files are checked against their own project (DOM, bundler resolution).
        project: ['./tsconfig.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads only .js files and cannot see a cycle through .ts ones.
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'tsconfig.web.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // React and antd ignore what an event handler returns, so an async handler is fine there;
      // main.tsx shows any rejection that escapes one as an error message.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Printed forms pad Chinese text with full-width spaces on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
    },
  },
  {
    // The core holds the rules and nothing else: no server, no web, no database, no I/O.
    files: ['src/core/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/core', from: './src/server', message: 'core 必须保持纯净：不得依赖服务端代码' },
            { target: './src/core', from: './src/web', message: 'core 必须保持纯净：不得依赖网页代码' },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: impureForCoreNames.map((name) => ({ name, message: 'core 必须保持纯净：不做输入输出' })),
          patterns: [{ group: impureForCore, message: 'core 必须保持纯净：不访问数据库' }],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
