import type { KpiValue } from '@bsc/common';
import { FiscalCalendar } from '@bsc/kpi';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

type Outcome = 'hit' | 'stale' | 'coalesced' | 'miss' | 'bypass';

/** Counts of bsc_graphql_response_cache_requests_total by outcome. */
async function outcomes(sut: ApiTestApp): Promise<Record<Outcome, number>> {
  const text = await (await fetch(sut.url.replace(/\/graphql$/, '/metrics'))).text();
  const counts: Record<Outcome, number> = { hit: 0, stale: 0, coalesced: 0, miss: 0, bypass: 0 };
  for (const match of text.matchAll(/^bsc_graphql_response_cache_requests_total\{outcome="(\w+)"\} (\d+)/gm))
    counts[match[1] as Outcome] = Number(match[2]);
  return counts;
}

async function delta(sut: ApiTestApp, action: () => Promise<unknown>): Promise<Record<Outcome, number>> {
  const before = await outcomes(sut);
  await action();
  const after = await outcomes(sut);
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as Outcome]])) as Record<
    Outcome,
    number
  >;
}

interface RawResponse {
  status: number;
  contentType: string | null;
  etag: string | null;
  body: string;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<RawResponse> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const [contentType, etag] = [res.headers.get('content-type'), res.headers.get('etag')];
  return { status: res.status, contentType, etag, body: await res.text() };
}

describe('GraphQL response cache (repeated queries answered before Express and Apollo)', () => {
  let sut: ApiTestApp;
  let uncached: ApiTestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    [sut, uncached] = await Promise.all([startApiTestApp(), startApiTestApp({ GRAPHQL_RESPONSE_CACHE_TTL_MS: '0' })]);
    admin = bearer(sut.token('admin'));
  });
  afterAll(async () => {
    await sut?.close();
    await uncached?.close();
  });

  it('answers a repeated query from the cache, byte for byte', async () => {
    const query = JSON.stringify({ query: '{ scorecard(unit: "acme") { score status perspectives { id score } } }' });
    let first!: RawResponse;
    let second!: RawResponse;
    const counts = await delta(sut, async () => {
      first = await post(sut.url, query, admin);
      second = await post(sut.url, query, admin);
    });
    expect(first.status).toBe(200);
    // Express's weak ETag of the body, which the hit carries too
    expect(first.etag).toMatch(/^W\/"/);
    expect(second).toEqual(first);
    expect(counts).toMatchObject({ miss: 1, hit: 1 });
  });

  it('answers GET queries too', async () => {
    const url = `${sut.url}?query=${encodeURIComponent('{ modelVersions { version } }')}`;
    const counts = await delta(sut, async () => {
      for (let i = 0; i < 2; i++) expect((await fetch(url, { headers: admin })).status).toBe(200);
    });
    expect(counts).toMatchObject({ miss: 1, hit: 1 });
  });

  it("never gives one grant's cached answer to another", async () => {
    const query = '{ scorecard(unit: "plant-south") { score } }';
    expect((await gql(sut.url, query, {}, admin)).errors).toBeUndefined();
    const north = await gql(sut.url, query, {}, bearer(sut.token('viewer', ['plant-north'])));
    expect(north.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    const anonymous = await gql(sut.url, query);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows a mutation to the next query (read your writes)', async () => {
    const strategist = bearer(sut.token('strategist'));
    const read = async () =>
      (
        await gql<{ kpi: { target: number; periodKey: string } }>(
          sut.url,
          '{ kpi(id: "oee_group") { target periodKey } }',
          {},
          strategist,
        )
      ).data!.kpi;
    const before = await read();
    await read();
    const set = await gql(
      sut.url,
      'mutation($p: String!) { setTarget(input: { kpiId: "oee_group", periodKey: $p, value: 77.5 }) { value } }',
      { p: before.periodKey },
      strategist,
    );
    expect(set.errors).toBeUndefined();
    expect((await read()).target).toBe(77.5);
  });

  it('drops entries when data changes (an event on the bus)', async () => {
    const read = async () =>
      (await gql<{ kpi: { value: number | null } }>(sut.url, '{ kpi(id: "throughput") { value } }', {}, admin)).data!
        .kpi;
    await read();
    await read();
    const now = Date.now();
    const { model, version } = sut.activeModel.current();
    const period = new FiscalCalendar(model.calendar).periodOf(
      now,
      model.kpis.find((k) => k.id === 'throughput')!.period,
    );
    const value: KpiValue = {
      kpiId: 'throughput',
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      value: 4321,
      asOf: now,
      computedAt: now,
      quality: { coverage: 1, stale: false, quality: 'good' },
      origin: 'computed',
    };
    await sut.kpiValues.appendRevisions([value], version, now);
    sut.bus.publish('kpi.updated', { value, modelVersion: version });
    expect((await read()).value).toBe(4321);
  });

  it('refuses a revoked API key although its answer is cached', async () => {
    const issued = await gql<{ issueApiKey: { key: string; apiKey: { id: string } } }>(
      sut.url,
      'mutation { issueApiKey(input: { name: "cache-test", role: viewer }) { key apiKey { id } } }',
      {},
      admin,
    );
    const key = { authorization: `ApiKey ${issued.data!.issueApiKey.key}` };
    const query = '{ modelVersions { version } }';
    expect((await gql(sut.url, query, {}, key)).errors).toBeUndefined();
    expect((await gql(sut.url, query, {}, key)).errors).toBeUndefined();
    await gql(
      sut.url,
      'mutation($id: ID!) { revokeApiKey(id: $id) { id } }',
      { id: issued.data!.issueApiKey.apiKey.id },
      admin,
    );
    expect((await gql(sut.url, query, {}, key)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('computes a burst of identical queries once after a change', async () => {
    const query = JSON.stringify({
      query: '{ scorecard(unit: "plant-north") { score objectives: perspectives { objectives { id score } } } }',
    });
    sut.bus.publish('scorecard.changed', { unitId: 'plant-north', at: Date.now() });
    let bodies: string[] = [];
    const counts = await delta(sut, async () => {
      bodies = (await Promise.all(Array.from({ length: 20 }, () => post(sut.url, query, admin)))).map((r) => r.body);
    });
    expect(new Set(bodies).size).toBe(1);
    expect(counts.miss).toBe(1);
    expect(counts.coalesced + counts.hit).toBe(19);
  });

  it.each([
    ['malformed JSON', '{"query": "{ __typename }"'],
    ['a body that is not an object', '"{ __typename }"'],
    [
      'a large body (not looked up)',
      JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(70_000) } }),
    ],
    ['a query with errors (not kept)', JSON.stringify({ query: '{ kpi(id: "no-such-kpi") { id } nope }' })],
  ])('answers %s exactly as without the cache', async (_case, body) => {
    const expected = await post(uncached.url, body, bearer(uncached.token('admin')));
    for (let i = 0; i < 2; i++) {
      const actual = await post(sut.url, body, bearer(sut.token('admin')));
      expect(actual).toEqual(expected);
    }
  });
});
