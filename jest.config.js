// One jest config, three tiers selected by path: unit specs live beside the code,
// integration specs need the machine's PostgreSQL and Mosquitto, e2e specs boot the apps, golden specs check
// hand-worked scorecards through the apps, fault specs start their own broker and database and break them,
// scale-out specs run many processes on a NATS cluster of their own.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const libs = [
  'twin',
  'formula',
  'kpi',
  'scorecard',
  'forecasting',
  'persistence',
  'events',
  'common',
  'app-kit',
  'cluster',
];
const moduleNameMapper = Object.fromEntries(libs.map((l) => [`^@bsc/${l}$`, `<rootDir>/libs/${l}/src/index.ts`]));
const base = {
  rootDir: __dirname,
  setupFiles: ['reflect-metadata', '<rootDir>/test/fast-check.setup.ts', '<rootDir>/test/opcua-log.setup.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/exit-code.setup.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  // closes what a start that outlived its hook brought up, so jest can exit (see the file)
  testEnvironment: '<rootDir>/test/open-resources.environment.ts',
};

module.exports = {
  // jest's 5 s default is a wall-time assertion in disguise: on a busy machine a test on a real database or a child
  // process takes longer without being wrong. A test that hangs still fails, later; tests that time something
  // bound it themselves. A run-wide option: set in a project it is ignored (jest-circus reads the global config).
  testTimeout: 30_000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs,scripts}/**/*.spec.ts',
        '<rootDir>/test/*.spec.ts',
        '<rootDir>/test/support/**/*.spec.ts',
      ],
    },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...base, displayName: 'golden', testMatch: ['<rootDir>/test/golden/**/*.spec.ts'] },
    { ...base, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.spec.ts'] },
    { ...base, displayName: 'scale-out', testMatch: ['<rootDir>/test/scale-out/**/*.spec.ts'] },
  ],
};
