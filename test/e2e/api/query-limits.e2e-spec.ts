import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

describe('query limits', () => {
  let sut: ApiTestApp;
  let viewer: Record<string, string>;
  beforeAll(async () => {
    sut = await startApiTestApp({
      GRAPHQL_MAX_DEPTH: '5',
      GRAPHQL_MAX_COST: '400',
      GRAPHQL_MAX_ALIASES: '3',
      GRAPHQL_MAX_TOKENS: '300',
      GRAPHQL_MAX_PAGE_SIZE: '50',
      GRAPHQL_MAX_STRING_CHARS: '80',
    });
    viewer = bearer(sut.token('viewer'));
  });
  afterAll(() => sut?.close());

  it.each([
    [
      'depth',
      '{ scorecard { children { children { children { perspectives { objectives { id } } } } } } }',
      /depth 7 exceeds the limit of 5/,
    ],
    [
      'cost',
      '{ kpis(first: 50) { nodes { id name value target status score revisions { id value } } } }',
      /cost \d+ exceeds the limit of 400/,
    ],
    [
      'aliases',
      '{ a: apiInfo { name } b: apiInfo { name } c: apiInfo { name } d: apiInfo { name } }',
      /4 aliases exceed the limit of 3/,
    ],
    ['tokens', `{ ${Array.from({ length: 200 }, () => 'apiInfo { name }').join(' ')} }`, /more that 300 tokens/],
  ])('refuses a query over the %s limit before running it', async (_limit, query, message) => {
    const res = await gql(sut.url, query, {}, viewer);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(res.status).toBe(400);
  });

  it('runs a query within every limit', async () => {
    const res = await gql(sut.url, '{ kpis(first: 5) { nodes { id status } } }', {}, viewer);
    expect(res.errors).toBeUndefined();
  });

  it('refuses a page larger than the maximum, naming the argument', async () => {
    const res = await gql(sut.url, '{ kpis(first: 51) { totalCount } }', {}, viewer);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    expect(res.errors?.[0]?.message).toMatch(/^first: must be between 1 and 50/);
  });

  it.each([
    ['deeper than 6', 7],
    ['negative', -1],
  ])('refuses a twin graph depth %s, naming the argument (TwinGraphArgs)', async (_name, depth) => {
    const res = await gql(
      sut.url,
      'query($d: Int!) { twinGraph(rootId: "acme", depth: $d) { truncated } }',
      { d: depth },
      viewer,
    );
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'depth' } });
  });

  it('reports invalid input with the field name (class-validator on inputs)', async () => {
    const res = await gql(
      sut.url,
      'mutation { issueApiKey(input: { name: "", role: viewer }) { key } }',
      {},
      bearer(sut.token('admin')),
    );
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'name' } });
  });

  // GRAPHQL_MAX_STRING_CHARS is 80 here (class-validator would allow a search of 100); bodies stay under the body cap.
  it.each([
    ['a variable', 'query($s: String) { kpis(filter: { search: $s }) { totalCount } }', { s: 'x'.repeat(81) }],
    ['a literal', `{ kpis(filter: { search: "${'x'.repeat(81)}" }) { totalCount } }`, {}],
  ])('refuses a string argument over the limit given as %s, naming the argument', async (_how, query, variables) => {
    const res = await gql(sut.url, query, variables, viewer);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]).toMatchObject({
      message: 'kpis(filter.search): a string of 81 characters exceeds the limit of 80 (GRAPHQL_MAX_STRING_CHARS)',
      extensions: { code: 'BAD_USER_INPUT', field: 'kpis(filter.search)' },
    });
    expect(res.status).toBe(400);
  });

  it('refuses a 100 KB string inside a list of an input (body under the cap), naming its position', async () => {
    const res = await gql(
      sut.url,
      'mutation($input: IssueApiKeyInput!) { issueApiKey(input: $input) { key } }',
      { input: { name: 'k', role: 'viewer', units: ['plant-north', 'u'.repeat(100_000)] } },
      bearer(sut.token('admin')),
    );
    expect(res.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'issueApiKey(input.units[1])' },
    });
  });

  it('runs a query whose string argument is exactly at the limit', async () => {
    const res = await gql<{ kpis: { totalCount: number } }>(
      sut.url,
      'query($s: String) { kpis(filter: { search: $s }) { totalCount } }',
      { s: 'x'.repeat(80) },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.kpis.totalCount).toBe(0);
  });

  it('pages with cursors through every KPI exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: Awaited<
        ReturnType<
          typeof gql<{
            kpis: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
          }>
        >
      > = await gql(
        sut.url,
        'query($after: String) { kpis(first: 7, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
        viewer,
      );
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.kpis.nodes.map((n) => n.id));
      if (!res.data!.kpis.pageInfo.hasNextPage) break;
      after = res.data!.kpis.pageInfo.endCursor;
    }
    const total = await gql<{ kpis: { totalCount: number } }>(sut.url, '{ kpis { totalCount } }', {}, viewer);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total.data!.kpis.totalCount);
  });
});
