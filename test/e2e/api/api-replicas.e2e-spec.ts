import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'graphql-ws';
import type { KpiValue } from '@bsc/common';
import { NatsEventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { connect, subscribe, untilAttached } from './graphql-ws-client';
import { NatsCluster } from '../../../scripts/rig/nats-cluster';

/**
 * Two API replicas on one database and one NATS: a KPI change published once by another process (the KPI worker)
 * must reach both, so a client served by either sees it in queries (caches dropped) and in its subscription.
 */
describe('API replicas behind a load balancer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bsc-api-replicas-'));
  const replicas: ApiTestApp[] = [];
  const clients: Client[] = [];
  let worker: NatsEventBus;
  // a NATS server of the test's own: any event another process publishes on a shared one clears the caches under test
  let nats: NatsCluster;

  beforeAll(async () => {
    nats = await NatsCluster.start(1);
    const env = { DATA_DIR: dataDir, EVENT_BUS_URL: nats.urls };
    // one after the other: the first migrates the shared database and imports the model
    replicas.push(await startApiTestApp(env));
    replicas.push(await startApiTestApp(env));
    worker = await NatsEventBus.connect(nats.urls, { name: 'kpi-worker-under-test' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await worker?.close();
    for (const replica of replicas) await replica.close();
    nats?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const throughput = (value: number): KpiValue => {
    const now = Date.now();
    const { model } = replicas[0].activeModel.current();
    const kpi = model.kpis.find((k) => k.id === 'throughput')!;
    const period = new FiscalCalendar(model.calendar).periodOf(now, kpi.period);
    return {
      kpiId: 'throughput',
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      value,
      asOf: now,
      computedAt: now,
      quality: { coverage: 1, stale: false, quality: 'good' },
      origin: 'computed',
    };
  };

  const read = async (replica: ApiTestApp): Promise<number | null> => {
    const res = await gql<{ kpi: { value: number | null } }>(
      replica.url,
      '{ kpi(id: "throughput") { value } }',
      {},
      bearer(replica.token('admin')),
    );
    return res.data!.kpi.value;
  };

  it('shows one published KPI change in both replicas’ queries and subscriptions', async () => {
    const streams = replicas.map((replica) => {
      const client = connect(replica.wsUrl, { authorization: `Bearer ${replica.token('viewer')}` });
      clients.push(client);
      return subscribe<{ kpiUpdated: { kpiId: string; value: number } }>(
        client,
        'subscription { kpiUpdated(ids: ["throughput"]) { kpiId value } }',
      );
    });
    // probes from the worker's process until each subscription is attached (no fixed sleeps)
    for (const stream of streams)
      await untilAttached(stream, () => worker.publish('kpis.updated', { values: [throughput(-1)], modelVersion: 1 }));
    // each replica answers and caches the value before the change
    const before = await Promise.all(replicas.map(read));
    expect(await Promise.all(replicas.map(read))).toEqual(before);

    const { version } = replicas[0].activeModel.current();
    const changed = throughput(4321);
    await replicas[0].kpiValues.appendRevisions([changed], version, changed.computedAt);
    worker.publish('kpis.updated', { values: [changed], modelVersion: version });
    await worker.flush();

    for (const stream of streams) {
      let event = await stream.next();
      while (event.kpiUpdated.value === -1) event = await stream.next(); // probes still in flight
      expect(event.kpiUpdated).toEqual({ kpiId: 'throughput', value: 4321 });
    }
    expect(await Promise.all(replicas.map(read))).toEqual([4321, 4321]);
    for (const stream of streams) stream.dispose();
  });

  it('ends a subscription on one replica when its API key is revoked through the other', async () => {
    const [revoker, holder] = replicas;
    const admin = bearer(revoker.token('admin'));
    const issued = await gql<{ issueApiKey: { key: string; apiKey: { id: string } } }>(
      revoker.url,
      'mutation { issueApiKey(input: { name: "wallboard", role: viewer }) { key apiKey { id } } }',
      {},
      admin,
    );
    const { key, apiKey } = issued.data!.issueApiKey;
    const client = connect(holder.wsUrl, { 'x-api-key': key });
    clients.push(client);
    const stream = subscribe<{ kpiUpdated: { kpiId: string } }>(
      client,
      'subscription { kpiUpdated(ids: ["throughput"]) { kpiId } }',
    );
    await untilAttached(stream, () => worker.publish('kpis.updated', { values: [throughput(-1)], modelVersion: 1 }));

    await gql(revoker.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: apiKey.id }, admin);

    // through the api-key.revoked event, long before the holder's key cache (30 s) would have asked the database
    const closed = (await stream.error) as { code?: number; reason?: string };
    expect({ code: closed.code, reason: closed.reason }).toEqual({
      code: 4403,
      reason: 'Forbidden: API key: unknown or revoked',
    });
  });

  it('drops its caches after a reconnect, since events may have been missed meanwhile', async () => {
    const [replica] = replicas;
    await read(replica);
    const { version } = replica.activeModel.current();
    // written while no event reached this replica (as if it had been cut off from NATS)
    const missed = throughput(8765);
    await replica.kpiValues.appendRevisions([missed], version, missed.computedAt);
    expect(await read(replica)).not.toBe(8765); // still the cached answer

    const resynced = new Promise<void>((resolve) => replica.bus.subscribe('events.resync', () => resolve()));
    await (replica.bus as NatsEventBus).reconnect();
    await resynced;

    expect(await read(replica)).toBe(8765);
  });
});
