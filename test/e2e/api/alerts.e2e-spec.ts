import { ApiKeyService } from '../../../apps/api/src/auth/api-key.service';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

interface AlertPage {
  alerts: {
    nodes: Array<{ id: string; unitId: string; status: string }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('alerts', () => {
  let sut: ApiTestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    sut = await startApiTestApp();
    for (const [name, unitId, kpiId, at] of [
      ['north-old', 'plant-north', 'oee_line1', 1_000],
      ['south', 'plant-south', 'oee_line3', 2_000],
      ['north-new', 'plant-north', 'scrap_rate_north', 3_000],
    ] as const) {
      const { alert } = await sut.alerts.raise({
        rule: 'off_target',
        unitId,
        kpiId,
        severity: 'warning',
        message: `${kpiId} off target`,
        dedupKey: name,
        raisedAt: at,
      });
      ids[name] = alert.id;
    }
  });
  afterAll(() => sut?.close());

  it('lists the alerts of the granted units only, newest first, page by page', async () => {
    const north = bearer(sut.token('viewer', ['plant-north']));
    const first = await gql<AlertPage>(
      sut.url,
      '{ alerts(first: 1) { nodes { id unitId status } pageInfo { hasNextPage endCursor } } }',
      {},
      north,
    );
    const second = await gql<AlertPage>(
      sut.url,
      'query($after: String) { alerts(first: 1, after: $after) { nodes { id unitId status } pageInfo { hasNextPage endCursor } } }',
      { after: first.data?.alerts.pageInfo.endCursor },
      north,
    );
    expect([...first.data!.alerts.nodes, ...second.data!.alerts.nodes].map((a) => a.id)).toEqual([
      ids['north-new'],
      ids['north-old'],
    ]);
    expect(second.data?.alerts.pageInfo.hasNextPage).toBe(false);
  });

  it('counts every matching alert in totalCount, not just the page', async () => {
    const res = await gql<{ alerts: { totalCount: number; nodes: unknown[] } }>(
      sut.url,
      '{ alerts(first: 1) { totalCount nodes { id } } }',
      {},
      bearer(sut.token('viewer')),
    );

    // three alerts raised above, one on the page
    expect(res.data?.alerts).toEqual({ totalCount: 3, nodes: [expect.anything()] });
  });

  it.each([
    // plant-north: north-old and north-new; acme is the root, so all three
    ['plant-north', ['north-new', 'north-old']],
    ['plant-south', ['south']],
    ['acme', ['north-new', 'south', 'north-old']],
  ])('lists the alerts of the selected unit %s and the units below it', async (unit, expected) => {
    const res = await gql<{ alerts: { totalCount: number; nodes: Array<{ id: string }> } }>(
      sut.url,
      'query($unit: ID) { alerts(unit: $unit) { totalCount nodes { id } } }',
      { unit },
      bearer(sut.token('viewer')),
    );

    expect(res.data?.alerts.nodes.map((a) => a.id)).toEqual(expected.map((name) => ids[name]));
    expect(res.data?.alerts.totalCount).toBe(expected.length);
  });

  it("refuses a unit outside the caller's grant", async () => {
    const res = await gql(
      sut.url,
      '{ alerts(unit: "plant-south") { totalCount } }',
      {},
      bearer(sut.token('viewer', ['plant-north'])),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'unit' });
  });

  it("records the API key's name, not its id, as who acknowledged", async () => {
    const { key } = await sut.app.get(ApiKeyService).issue('Ada Lovelace', 'engineer', null);
    const res = await gql<{ acknowledgeAlert: { acknowledgedBy: string } }>(
      sut.url,
      'mutation($id: ID!) { acknowledgeAlert(id: $id) { acknowledgedBy } }',
      { id: ids['north-old'] },
      { 'x-api-key': key },
    );

    expect(res.data?.acknowledgeAlert.acknowledgedBy).toBe('Ada Lovelace');
  });

  it('acknowledges and resolves with who and when, announcing the resolution', async () => {
    const strategist = bearer(sut.token('strategist'));
    const resolved = new Promise((resolve) => sut.bus.subscribe('alert.resolved', resolve));

    const ack = await gql<{ acknowledgeAlert: { status: string; acknowledgedBy: string } }>(
      sut.url,
      'mutation($id: ID!) { acknowledgeAlert(id: $id) { status acknowledgedBy } }',
      { id: ids['south'] },
      strategist,
    );
    const res = await gql<{ resolveAlert: { status: string; resolvedAt: string } }>(
      sut.url,
      'mutation($id: ID!) { resolveAlert(id: $id) { status resolvedAt } }',
      { id: ids['south'] },
      strategist,
    );

    expect(ack.data?.acknowledgeAlert).toEqual({ status: 'acknowledged', acknowledgedBy: 'strategist-user' });
    expect(res.data?.resolveAlert.status).toBe('resolved');
    await expect(resolved).resolves.toMatchObject({ alertId: ids['south'], unitId: 'plant-south' });
  });

  it('refuses to acknowledge a resolved alert', async () => {
    const res = await gql(
      sut.url,
      'mutation($id: ID!) { acknowledgeAlert(id: $id) { status } }',
      { id: ids['south'] },
      bearer(sut.token('engineer')),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('hides alerts of other units from scoped writers', async () => {
    const res = await gql(
      sut.url,
      'mutation($id: ID!) { resolveAlert(id: $id) { status } }',
      { id: ids['north-old'] },
      bearer(sut.token('engineer', ['plant-south'])),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
