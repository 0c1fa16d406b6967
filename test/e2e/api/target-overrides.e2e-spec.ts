import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

interface Card {
  scorecard: { perspectives: Array<{ objectives: Array<{ kpis: Array<{ id: string; target: number | null }> }> }> };
}

const QUERY = `query($asOf: DateTime, $knownAt: DateTime) {
  scorecard(unit: "acme", asOf: $asOf, knownAt: $knownAt) { perspectives { objectives { kpis { id target } } } }
}`;

const iso = (ms: number) => new Date(ms).toISOString();
const asOf = Date.UTC(2025, 10, 10, 12); // in FY2025-Q4

describe('run-time targets: set, then cleared', () => {
  let sut: ApiTestApp;
  let strategist: Record<string, string>;

  beforeAll(async () => {
    sut = await startApiTestApp();
    strategist = bearer(sut.token('strategist'));
  });
  afterAll(() => sut?.close());

  const revenueTarget = async (knownAt: number): Promise<number | null> => {
    const res = await gql<Card>(sut.url, QUERY, { asOf: iso(asOf), knownAt: iso(knownAt) }, strategist);
    expect(res.errors).toBeUndefined();
    const kpis = res.data!.scorecard.perspectives.flatMap((p) => p.objectives).flatMap((o) => o.kpis);
    return kpis.find((k) => k.id === 'revenue')!.target;
  };
  const clear = (periodKey: string) =>
    gql<{ clearTarget: boolean }>(
      sut.url,
      `mutation { clearTarget(input: { kpiId: "revenue", periodKey: "${periodKey}" }) }`,
      {},
      strategist,
    );

  it("gives the model's target back, and the scorecard as known before the removal keeps the override", async () => {
    const set = await gql(
      sut.url,
      'mutation { setTarget(input: { kpiId: "revenue", periodKey: "2025-Q4", value: 9000000 }) { value } }',
      {},
      strategist,
    );
    expect(set.errors).toBeUndefined();
    const whileSet = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));

    const cleared = await clear('2025-Q4');

    expect(cleared.data?.clearTarget).toBe(true);
    // the demo model's target for a quarter without a listed one is 12 000 000
    expect(await revenueTarget(Date.now() + 60_000)).toBe(12_000_000);
    expect(await revenueTarget(whileSet)).toBe(9_000_000);
  });

  it('answers false when no override is in force, and refuses a key of another period type', async () => {
    expect((await clear('2025-Q3')).data?.clearTarget).toBe(false);

    const wrong = await clear('2025-11');

    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrong.errors?.[0]?.message).toContain('input.periodKey');
  });

  it('does not reveal or touch a KPI outside the caller’s units', async () => {
    const res = await gql(
      sut.url,
      'mutation { clearTarget(input: { kpiId: "oee_line3", periodKey: "2026-11" }) }',
      {},
      bearer(sut.token('strategist', ['plant-north'])),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
