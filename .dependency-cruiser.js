/** Architecture rules: apps -> libs (never app -> app), domain libs stay plain TypeScript, no cycles, libs entered via index.ts. */
const DOMAIN = '^libs/(common|twin|formula|kpi|scorecard|forecasting)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Cycles between modules make the libs inseparable.', from: {}, to: { circular: true } },
    { name: 'libs-not-to-apps', severity: 'error', comment: 'Libraries never depend on deployables.', from: { path: '^libs/' }, to: { path: '^apps/' } },
    {
      name: 'domain-stays-plain',
      severity: 'error',
      comment: 'Domain libs are plain TypeScript: no TypeORM, GraphQL, persistence or apps.',
      from: { path: DOMAIN, pathNot: '\\.spec\\.ts$' },
      to: { path: ['node_modules/(typeorm|@nestjs/typeorm|@nestjs/graphql|graphql|@apollo)/', '^libs/persistence/', '^apps/'] },
    },
    {
      name: 'libs-through-index',
      severity: 'error',
      comment: 'Another library is entered only through its index.ts (path alias @bsc/<lib>).',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'apps-through-index',
      severity: 'error',
      comment: 'Apps use libraries only through their index.ts.',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'apps-not-to-other-apps',
      severity: 'error',
      comment: 'An app never reaches into another app: what two apps share lives in a library.',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/platform/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'platform-composes-app-modules-only',
      severity: 'error',
      comment: 'apps/platform runs api and ingestion in one process: it imports their feature modules and config, nothing deeper.',
      from: { path: '^apps/platform/' },
      to: { path: '^apps/(api|ingestion)/', pathNot: '^apps/(api|ingestion)/src/((api|ingestion)-features\\.module|config/(api|ingestion)\\.config)\\.ts$' },
    },
    { name: 'not-to-test', severity: 'error', comment: 'Production code never imports tests.', from: { pathNot: '\\.spec\\.ts$|^test/' }, to: { path: '^test/|\\.spec\\.ts$' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
