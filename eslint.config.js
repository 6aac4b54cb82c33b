// Layering rules from ../shared/STYLE.md §1, enforced here so CI fails on a wrong import.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
})

const upward = (name) => ({
  group: [`**/${name}`, `**/${name}/**`],
  message: `this layer may not import src/${name} (see STYLE.md §1)`,
})

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  layer(
    ['src/core/**'],
    [
      {
        regex: '^(?!jose$|\\.{1,2}/)',
        message: 'core may import jose and Web globals only',
      },
      upward('tool'),
      upward('platform'),
      upward('store'),
      upward('web'),
      upward('bin'),
    ],
  ),
  layer(
    ['src/tool/**'],
    [
      upward('platform'),
      upward('store'),
      upward('web'),
      upward('bin'),
      {
        group: ['hono', 'hono/*', 'kysely', 'pg', 'better-sqlite3'],
        message: 'tool code is framework-free',
      },
    ],
  ),
  layer(
    ['src/platform/**'],
    [
      upward('tool'),
      upward('store'),
      upward('web'),
      upward('bin'),
      {
        group: ['hono', 'hono/*', 'kysely', 'pg', 'better-sqlite3'],
        message: 'platform code is framework-free',
      },
    ],
  ),
  // The store implements the tool's and platform's port types, so it may `import type` their
  // ports.js and nothing else from them: only typescript-eslint's variant of the rule tells type imports apart.
  {
    files: ['src/store/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // `./platform/` from src/store is the store's own src/store/platform, not src/platform.
              regex:
                '^(?!(\\.\\./)+(tool|platform)/ports\\.js$)(?!\\./platform/)(.*/)?(tool|platform)(/|$)',
              message:
                'store may import only the port types of src/tool and src/platform (STYLE.md §1)',
            },
            {
              regex: '^(\\.\\./)+(tool|platform)/ports\\.js$',
              allowTypeImports: true,
              message: 'store may only `import type` from the ports of src/tool and src/platform',
            },
            upward('web'),
            upward('bin'),
            { group: ['hono', 'hono/*'], message: 'store knows nothing of HTTP' },
          ],
        },
      ],
    },
  },
  layer(['src/web/**'], [upward('bin')]),
  {
    files: ['src/bin/**', 'bench/**', 'test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests may reach across layers (fakes, harnesses); the layering binds shipped code.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
)
