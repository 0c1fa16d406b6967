import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

interface KpiPage {
  kpis: { totalCount: number; nodes: Array<{ id: string; orgUnit: string }> };
}

describe('unit scopes (a viewer of plant-north cannot read plant-south)', () => {
  let sut: ApiTestApp;
  let north: Record<string, string>;
  beforeAll(async () => {
    sut = await startApiTestApp();
    north = bearer(sut.token('viewer', ['plant-north']));
  });
  afterAll(() => sut?.close());

  it.each([
    ['scorecard of a sibling unit', '{ scorecard(unit: "plant-south") { score } }'],
    ['scorecard of the parent unit', '{ scorecard(unit: "acme") { score } }'],
    ['KPIs filtered on a sibling unit', '{ kpis(filter: { unit: "plant-south" }) { totalCount } }'],
    ['signals of a sibling unit', '{ signals(filter: { unit: "plant-south" }) { totalCount } }'],
    ['the twin graph around a sibling KPI', '{ twinGraph(rootId: "oee_line3") { nodes { id } } }'],
  ])('refuses %s', async (_case, query) => {
    const res = await gql(sut.url, query, {}, north);
    expect(res.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    expect(res.data?.[Object.keys(res.data ?? {})[0]] ?? null).toBeNull();
  });

  it('serves its own scorecard, defaulting to the granted unit', async () => {
    const res = await gql<{ scorecard: { unit: { id: string } } }>(sut.url, '{ scorecard { unit { id } } }', {}, north);
    expect(res.data?.scorecard.unit.id).toBe('plant-north');
  });

  it('lists only KPIs of its subtree', async () => {
    const scoped = await gql<KpiPage>(sut.url, '{ kpis(first: 100) { totalCount nodes { id orgUnit } } }', {}, north);
    const all = await gql<KpiPage>(
      sut.url,
      '{ kpis(first: 100) { totalCount nodes { id orgUnit } } }',
      {},
      bearer(sut.token('viewer')),
    );
    expect(new Set(scoped.data?.kpis.nodes.map((k) => k.orgUnit))).toEqual(new Set(['plant-north']));
    expect(scoped.data?.kpis.totalCount).toBeGreaterThan(0);
    expect(all.data!.kpis.totalCount).toBeGreaterThan(scoped.data!.kpis.totalCount);
  });

  it('answers a sibling node like a missing one', async () => {
    const res = await gql(sut.url, '{ kpi(id: "oee_line3") { id } twinNode(id: "plant-south") { id } }', {}, north);
    expect(res.data).toEqual({ kpi: null, twinNode: null });
  });

  it('prunes the lineage to visible nodes', async () => {
    const res = await gql<{ lineage: { nodes: Array<{ id: string; kind: string; unitId: string | null }> } }>(
      sut.url,
      '{ lineage(kpiId: "oee_plant_north") { nodes { id kind unitId } } }',
      {},
      north,
    );
    const units = new Set(res.data?.lineage.nodes.filter((n) => n.kind !== 'perspective').map((n) => n.unitId));
    expect(units).toEqual(new Set(['plant-north']));
  });

  it('refuses writes outside the grant even for a strategist', async () => {
    const res = await gql(
      sut.url,
      'mutation { setTarget(input: { kpiId: "oee_line3", periodKey: "2026-11", value: 80 }) { value } }',
      {},
      bearer(sut.token('strategist', ['plant-north'])),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps a scoped admin inside its units when issuing keys', async () => {
    const scopedAdmin = bearer(sut.token('admin', ['plant-north']));
    const outside = await gql(
      sut.url,
      'mutation { issueApiKey(input: { name: "x", role: viewer, units: ["plant-south"] }) { key } }',
      {},
      scopedAdmin,
    );
    const defaulted = await gql<{ issueApiKey: { apiKey: { units: string[] } } }>(
      sut.url,
      'mutation { issueApiKey(input: { name: "y", role: admin }) { apiKey { units } } }',
      {},
      scopedAdmin,
    );
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.units' });
    expect(defaulted.data?.issueApiKey.apiKey.units).toEqual(['plant-north']);
  });

  it('refuses an empty unit list, which would have been stored as every unit', async () => {
    const issue = (who: Record<string, string>) =>
      gql(sut.url, 'mutation { issueApiKey(input: { name: "z", role: admin, units: [] }) { key } }', {}, who);

    const scoped = await issue(bearer(sut.token('admin', ['plant-north'])));
    const unscoped = await issue(bearer(sut.token('admin')));

    expect(scoped.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unscoped.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(scoped.data?.issueApiKey ?? null).toBeNull();
  });

  it.each([
    // [case, mutation of a scoped caller, of an id that exists outside its units and of one that does not]
    ['a deletion', 'engineer', (id: string) => `mutation { deleteModelNode(collection: kpis, id: "${id}") { ok } }`],
    [
      'a new initiative',
      'strategist',
      (id: string) =>
        `mutation { createInitiative(input: { id: "${id}", name: "x", unit: "plant-north", objectives: ["north_reliability"] }) { id } }`,
    ],
  ] as const)('answers %s of an existing and a missing id alike: forbidden', async (_case, role, mutation) => {
    const who = bearer(sut.token(role, ['plant-north']));

    const existing = await gql(sut.url, mutation(role === 'engineer' ? 'oee_line3' : 'customer_first'), {}, who);
    const missing = await gql(sut.url, mutation('no_such_entry'), {}, who);

    expect(existing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(missing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses model changes to a scoped engineer (the model is one document)', async () => {
    const res = await gql(
      sut.url,
      'mutation { importModel(document: "{}", format: json) { ok } }',
      {},
      bearer(sut.token('engineer', ['plant-north'])),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
