// Lint as architecture: module boundaries between services, promise hygiene, exhaustive switches.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const services = ['consent', 'dispatch', 'intake', 'pseudonymisation', 'indicators'];

/**
 * Module boundaries: a service uses shared libraries and itself, never another service (they talk over
 * Kafka); layers point inwards. Specs may also use the testing library.
 */
function boundaries({ testing }) {
  const t = testing ? ['type:testing'] : [];
  return {
    // The contracts library embeds the JSON Schemas that live in /contracts (the published contract folder).
    allow: ['../../../contracts/events/*', '../../../contracts/events/defs/*'],
    depConstraints: [
      ...services.map((s) => ({ sourceTag: `scope:${s}`, onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'] })),
      // The auditor CLI reads logs through the shared libraries only; it never imports a service.
      { sourceTag: 'scope:auditor', onlyDependOnLibsWithTags: ['scope:auditor', 'scope:shared'] },
      { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:bench', 'scope:shared'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:contracts', ...t] },
      { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain', ...t] },
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', ...t] },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...t] },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:domain', 'type:testing'] },
    ],
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', '.run/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': ['error', boundaries({ testing: false })],
    },
  },
  {
    // Deciders are pure: time and ids arrive in the command.
    files: ['**/*.decider.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Deciders are pure: take time from the command.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Deciders are pure: take time from the command.' },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'Deciders are pure: take ids from the command.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries({ testing: true })],
    },
  },
);
