import type { Client } from 'graphql-ws';
import { Authenticator } from '../../../apps/api/src/auth/authenticator.service';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { connect, subscribe, untilAttached } from './graphql-ws-client';

const computed = (kpiId: string, value: number) => {
  const at = Date.now();
  return {
    kpiId,
    periodKey: '2026-11',
    periodStart: at,
    periodEnd: at + 1,
    value,
    asOf: at,
    computedAt: at,
    quality: { coverage: 1, stale: false, quality: 'good' as const },
    origin: 'computed' as const,
  };
};

describe('subscriptions over graphql-ws', () => {
  let sut: ApiTestApp;
  const clients: Client[] = [];
  beforeAll(async () => {
    sut = await startApiTestApp();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await sut?.close();
  });

  it('delivers a recorded KPI value to a subscriber of that KPI', async () => {
    const client = connect(sut.wsUrl, { authorization: `Bearer ${sut.token('viewer')}` });
    clients.push(client);
    const stream = subscribe<{ kpiUpdated: { kpiId: string; value: number; origin: string; unitId: string } }>(
      client,
      'subscription { kpiUpdated(ids: ["employee_engagement"]) { kpiId value origin unitId } }',
    );
    await untilAttached(stream, () =>
      sut.bus.publish('kpi.updated', { value: computed('employee_engagement', -1), modelVersion: 1 }),
    );

    await gql(
      sut.url,
      'mutation { recordKpiValue(input: { kpiId: "employee_engagement", value: 64 }) { id } }',
      {},
      bearer(sut.token('strategist')),
    );

    let event = await stream.next();
    while (event.kpiUpdated.origin !== 'manual') event = await stream.next(); // probes still in flight
    expect(event.kpiUpdated).toEqual({ kpiId: 'employee_engagement', value: 64, origin: 'manual', unitId: 'acme' });
    stream.dispose();
  });

  it("delivers the anomalies of the KPIs the subscriber's grant covers, signal and KPI kinds alike", async () => {
    const client = connect(sut.wsUrl, { authorization: `Bearer ${sut.token('viewer', ['plant-north'])}` });
    clients.push(client);
    const stream = subscribe<{ anomalyDetected: { kind: string; kpiId: string; signalId: string | null; at: string } }>(
      client,
      'subscription { anomalyDetected { kind kpiId signalId at } }',
    );
    const anomaly = (kind: 'signal' | 'kpi_change_point', kpiId: string, signalId: string | null) => ({
      kind,
      kpiId,
      signalId,
      ts: Date.UTC(2026, 10, 3),
      score: 0.6,
      value: 1,
      expected: 0,
      lower: null,
      upper: null,
      periodKey: null,
    });
    const first = await untilAttached(stream, () =>
      sut.bus.publish('anomalies.detected', {
        // line 3: plant-south, not granted
        anomalies: [anomaly('signal', 'oee_line3', 'line3.speed'), anomaly('kpi_change_point', 'oee_line1', null)],
        at: Date.now(),
      }),
    );

    expect(first.anomalyDetected).toEqual({
      kind: 'kpi_change_point',
      kpiId: 'oee_line1',
      signalId: null,
      at: new Date(Date.UTC(2026, 10, 3)).toISOString(),
    });
    stream.dispose();
  });

  it("filters events by the subscriber's unit grant", async () => {
    const client = connect(sut.wsUrl, { authorization: `Bearer ${sut.token('viewer', ['plant-north'])}` });
    clients.push(client);
    const stream = subscribe<{ kpiUpdated: { kpiId: string } }>(client, 'subscription { kpiUpdated { kpiId } }');
    const received = await untilAttached(stream, () => {
      sut.bus.publish('kpi.updated', { value: computed('oee_line3', 1), modelVersion: 1 }); // plant-south: not granted
      sut.bus.publish('kpi.updated', { value: computed('oee_line1', 1), modelVersion: 1 }); // plant-north
    });

    expect(received.kpiUpdated.kpiId).toBe('oee_line1');
    stream.dispose();
  });

  it('delivers each value of a kpis.updated batch the subscriber may see, in order', async () => {
    const client = connect(sut.wsUrl, { authorization: `Bearer ${sut.token('viewer', ['plant-north'])}` });
    clients.push(client);
    const stream = subscribe<{ kpiUpdated: { kpiId: string; value: number } }>(
      client,
      'subscription { kpiUpdated { kpiId value } }',
    );
    const batch = () =>
      sut.bus.publish('kpis.updated', {
        values: [computed('oee_line1', 1), computed('oee_line3', 2), computed('oee_line1', 3)], // line 3: plant-south, not granted
        modelVersion: 1,
      });
    const first = await untilAttached(stream, batch);
    let second = await stream.next();
    // Probes repeat the batch until the subscription is attached: skip to the end of a batch.
    while (second.kpiUpdated.value !== 3) second = await stream.next();
    expect([first.kpiUpdated, second.kpiUpdated]).toEqual([
      { kpiId: 'oee_line1', value: 1 },
      { kpiId: 'oee_line1', value: 3 },
    ]);
    stream.dispose();
  });

  it('refuses a subscription to a unit outside the grant', async () => {
    const client = connect(sut.wsUrl, { authorization: `Bearer ${sut.token('viewer', ['plant-north'])}` });
    clients.push(client);
    const stream = subscribe(client, 'subscription { scorecardChanged(unit: "plant-south") { unitId } }');
    const errors = (await stream.error) as Array<{ extensions?: { code?: string } }>;
    expect(errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a subscription argument over GRAPHQL_MAX_STRING_CHARS (10,000), naming it', async () => {
    const client = connect(sut.wsUrl, { authorization: `Bearer ${sut.token('viewer')}` });
    clients.push(client);
    const stream = subscribe(client, 'subscription($ids: [ID!]) { kpiUpdated(ids: $ids) { kpiId } }', {
      ids: ['employee_engagement', 'k'.repeat(10_001)],
    });
    const errors = (await stream.error) as Array<{ extensions?: { code?: string; field?: string } }>;
    expect(errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kpiUpdated(ids[1])' });
  });

  it('closes connections without valid credentials', async () => {
    const client = connect(sut.wsUrl, { authorization: 'Bearer forged' });
    clients.push(client);
    const stream = subscribe(client, 'subscription { kpiUpdated { kpiId } }');
    const closed = (await stream.error) as { code?: number };
    expect(closed.code).toBe(4403);
  });

  it('ends the subscriptions of an API key when it is revoked, as HTTP refuses it at once', async () => {
    const admin = bearer(sut.token('admin'));
    const issued = await gql<{ issueApiKey: { key: string; apiKey: { id: string } } }>(
      sut.url,
      'mutation { issueApiKey(input: { name: "wallboard", role: viewer }) { key apiKey { id } } }',
      {},
      admin,
    );
    const { key, apiKey } = issued.data!.issueApiKey;
    const client = connect(sut.wsUrl, { 'x-api-key': key });
    clients.push(client);
    const stream = subscribe<{ kpiUpdated: { kpiId: string } }>(
      client,
      'subscription { kpiUpdated(ids: ["employee_engagement"]) { kpiId } }',
    );
    await untilAttached(stream, () =>
      sut.bus.publish('kpi.updated', { value: computed('employee_engagement', -1), modelVersion: 1 }),
    );

    await gql(sut.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id }, admin);

    // the socket is closed as a connection with these credentials would be refused (4403 Forbidden)
    const closed = (await stream.error) as { code?: number; reason?: string };
    expect({ code: closed.code, reason: closed.reason }).toEqual({
      code: 4403,
      reason: 'Forbidden: API key: unknown or revoked',
    });
    // a new subscription with the key (a new socket) is refused too
    const again = subscribe(client, 'subscription { kpiUpdated { kpiId } }');
    expect(((await again.error) as { code?: number }).code).toBe(4403);
  });

  it('ends the subscriptions of a bearer token when the token expires', async () => {
    const auth = sut.app.get(Authenticator);
    const client = connect(sut.wsUrl, { authorization: `Bearer ${auth.signToken('kiosk', 'viewer', null, 2)}` });
    clients.push(client);
    const stream = subscribe(client, 'subscription { kpiUpdated { kpiId } }');

    // expires in 1 to 2 s (jsonwebtoken counts whole seconds): the connection is admitted, then closed
    const closed = (await stream.error) as { code?: number; reason?: string };
    expect({ code: closed.code, reason: closed.reason }).toEqual({
      code: 4403,
      reason: 'Forbidden: bearer token: jwt expired',
    });
  });

  it('applies the query limits to subscriptions too', async () => {
    const client = connect(sut.wsUrl, { authorization: `Bearer ${sut.token('viewer')}` });
    clients.push(client);
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: kpiId`).join(' ');
    const stream = subscribe(client, `subscription { kpiUpdated { ${aliases} } }`);
    const errors = (await stream.error) as Array<{ message: string }>;
    expect(errors[0]?.message).toMatch(/aliases exceed the limit/);
  });

  it("delivers raised alerts of the subscribed unit's subtree only", async () => {
    const client = connect(sut.wsUrl, { authorization: `Bearer ${sut.token('viewer')}` });
    clients.push(client);
    const stream = subscribe<{ alertRaised: { alertId: string; unitId: string } }>(
      client,
      'subscription { alertRaised(unit: "plant-north") { alertId unitId } }',
    );
    const raise = (alertId: string, unitId: string) =>
      sut.bus.publish('alert.raised', {
        alertId,
        unitId,
        rule: 'off_target',
        severity: 'warning',
        message: 'm',
        at: Date.now(),
      });

    const received = await untilAttached(stream, () => {
      raise('s1', 'plant-south');
      raise('n1', 'plant-north');
    });

    expect(received.alertRaised).toEqual({ alertId: 'n1', unitId: 'plant-north' });
    stream.dispose();
  });
});
