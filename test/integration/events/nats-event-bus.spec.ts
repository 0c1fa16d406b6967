import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { eventStreamName, NatsEventBus } from '@bsc/events';
import { until } from '../../../scripts/rig/wait';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

// a reconnect waits reconnectTimeWait (1 s) before it tries again
jest.setTimeout(20_000);

describe(NatsEventBus.name, () => {
  const buses: NatsEventBus[] = [];
  const prefixes: string[] = [];
  const connectBus = async (prefix: string): Promise<NatsEventBus> => {
    const bus = await NatsEventBus.connect(NATS_URL, { prefix, retentionS: 60 });
    buses.push(bus);
    if (!prefixes.includes(prefix)) prefixes.push(prefix);
    return bus;
  };
  const newPrefix = (): string => `test.${randomUUID()}`;

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    // each test's stream goes with it, so the shared server does not collect them
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    for (const prefix of prefixes.splice(0)) await jsm.streams.delete(eventStreamName(prefix)).catch(() => false);
    await nc.close();
  });

  /** Resolves when `count` events of the name arrived, with their unit ids in arrival order. */
  const collect = (bus: NatsEventBus, count: number): { seen: string[]; done: Promise<void> } => {
    const seen: string[] = [];
    const done = new Promise<void>((resolve) =>
      bus.subscribe('scorecard.changed', (e) => {
        seen.push(e.unitId);
        if (seen.length === count) resolve();
      }),
    );
    return { seen, done };
  };

  it('carries events between two processes and serves local subscribers once', async () => {
    const prefix = newPrefix();
    const ingestion = await connectBus(prefix);
    const api = await connectBus(prefix);
    const byApi = collect(api, 1);
    const seenLocally: string[] = [];
    ingestion.subscribe('scorecard.changed', (e) => seenLocally.push(e.unitId));

    ingestion.publish('scorecard.changed', { unitId: 'plant-north', at: 1 });
    await ingestion.flush();
    await byApi.done;
    await api.flush();

    expect(byApi.seen).toEqual(['plant-north']);
    expect(seenLocally).toEqual(['plant-north']);
  });

  it("serves local subscribers the payload and other processes the publish's remote form, or nothing for null", async () => {
    const prefix = newPrefix();
    const ingestion = await connectBus(prefix);
    const api = await connectBus(prefix);
    const byApi = collect(api, 2);
    const seenLocally: string[] = [];
    const origins: string[] = [];
    ingestion.subscribe('scorecard.changed', (e, origin) => seenLocally.push(e.unitId) && origins.push(origin));
    api.subscribe('scorecard.changed', (_, origin) => origins.push(origin));

    ingestion.publish('scorecard.changed', { unitId: 'line-1', at: 1 }, { remote: { unitId: 'plant', at: 1 } });
    ingestion.publish('scorecard.changed', { unitId: 'line-2', at: 2 }, { remote: null });
    ingestion.publish('scorecard.changed', { unitId: 'line-3', at: 3 });
    await ingestion.flush();
    await byApi.done;
    await api.flush();

    expect(seenLocally).toEqual(['line-1', 'line-2', 'line-3']);
    expect(byApi.seen).toEqual(['plant', 'line-3']);
    // each subscriber is told where an event was published
    expect(origins.sort()).toEqual(['local', 'local', 'local', 'remote', 'remote']);
  });

  it("skips its own events read back from the stream before decoding them; another process's are decoded", async () => {
    const prefix = newPrefix();
    const errors: string[] = [];
    const bus = await NatsEventBus.connect(NATS_URL, { prefix, retentionS: 60, onError: (name) => errors.push(name) });
    buses.push(bus);
    prefixes.push(prefix);
    const nc = await connect({ servers: NATS_URL });
    const js = nc.jetstream();
    const garbage = new TextEncoder().encode('not json');
    // the same undecodable bytes: under this bus's message id, then under another origin's
    await js.publish(`${prefix}.scorecard.changed`, garbage, { msgID: `${bus.origin}.1` });
    await js.publish(`${prefix}.scorecard.changed`, garbage, { msgID: `${randomUUID()}.1` });
    await nc.close();

    await until(() => Promise.resolve(errors.length > 0), 5_000);
    // only the foreign one was decoded (and refused)
    expect(errors).toEqual(['scorecard.changed']);
  });

  it('keeps separate prefixes apart', async () => {
    const a = await connectBus(newPrefix());
    const b = await connectBus(newPrefix());
    const seen: unknown[] = [];
    b.subscribe('model.imported', (e) => seen.push(e));

    a.publish('model.imported', { modelId: 'm', version: 2 });
    await a.flush();
    await b.flush();

    expect(seen).toEqual([]);
  });

  it('delivers to every replica, each seeing every event once and in order', async () => {
    const prefix = newPrefix();
    const publisher = await connectBus(prefix);
    const replicas = [await connectBus(prefix), await connectBus(prefix)];
    const received = replicas.map((r) => collect(r, 50));
    const units = Array.from({ length: 50 }, (_, i) => `unit-${i}`);

    for (const unitId of units) publisher.publish('scorecard.changed', { unitId, at: 1 });
    await publisher.flush();
    await Promise.all(received.map((r) => r.done));

    for (const r of received) expect(r.seen).toEqual(units);
  });

  it('keeps the order of events of different names published in a burst (batched per name on the stream)', async () => {
    const prefix = newPrefix();
    const publisher = await connectBus(prefix);
    const replica = await connectBus(prefix);
    const seen: string[] = [];
    replica.subscribe('scorecard.changed', (e) => seen.push(e.unitId));
    replica.subscribe('model.imported', (e) => seen.push(`v${e.version}`));
    // 3 scorecard events, then 1 model event, 500 times: runs of one name alternate
    const expected: string[] = [];
    for (let i = 0; i < 500; i++) {
      for (const unitId of [`a${i}`, `b${i}`, `c${i}`]) {
        publisher.publish('scorecard.changed', { unitId, at: 1 });
        expected.push(unitId);
      }
      publisher.publish('model.imported', { modelId: 'm', version: i });
      expected.push(`v${i}`);
    }
    await publisher.flush();

    await until(() => Promise.resolve(seen.length >= expected.length), 10_000);
    expect(seen).toEqual(expected);
  });

  it('tells local caches to resync after a reconnect', async () => {
    const replica = await connectBus(newPrefix());
    const resynced = new Promise<string>((resolve) => replica.subscribe('events.resync', (e) => resolve(e.reason)));

    await replica.reconnect();

    expect(await resynced).toBe('reconnect');
  });

  it('resumes right after the last event it read when it reconnects: every event once and in order, those published while it was away too', async () => {
    const prefix = newPrefix();
    const publisher = await connectBus(prefix);
    const replica = await connectBus(prefix);
    const units = Array.from({ length: 60 }, (_, i) => `unit-${i}`);
    const received = collect(replica, units.length);
    const resynced = new Promise<void>((resolve) => replica.subscribe('events.resync', () => resolve()));

    for (const unitId of units.slice(0, 20)) publisher.publish('scorecard.changed', { unitId, at: 1 });
    await publisher.flush();
    const reconnected = replica.reconnect();
    // while the replica is away (a reconnect waits 1 s first)
    for (const unitId of units.slice(20, 40)) publisher.publish('scorecard.changed', { unitId, at: 1 });
    await publisher.flush();
    await reconnected;
    await resynced;
    for (const unitId of units.slice(40)) publisher.publish('scorecard.changed', { unitId, at: 1 });
    await publisher.flush();

    // within the test's 20 s: the stall seen before lasted over 90 s
    await received.done;
    expect(received.seen).toEqual(units);
    // and nothing comes twice later
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(received.seen).toHaveLength(units.length);
  });
});
