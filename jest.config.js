// One Jest config for the whole workspace; test kinds are told apart by file suffix.
// *.unit.spec.ts: pure logic, no infrastructure. *.int.spec.ts and test/e2e: real Kafka and Postgres,
// provisioned by scripts/test.sh before Jest starts (see deploy/infra.sh).
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const moduleNameMapper = {
  '^@hub/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  '^@hub/([a-z-]+)/([a-z-]+)$': '<rootDir>/libs/$1/src/$2.ts',
};
// jose is ESM-only: Node 24 require()s it natively, Jest's module system cannot, so Jest compiles it to CommonJS.
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }], '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { ...swc, swcrc: false }] };
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const common = { rootDir: __dirname, moduleNameMapper, transform, transformIgnorePatterns, testEnvironment: 'node' };
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,tools}/**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{libs,services,tools}/**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts'] },
  ],
};
