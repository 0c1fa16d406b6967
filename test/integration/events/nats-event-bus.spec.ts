import { randomUUID } from 'node:crypto';
import { NatsEventBus } from '@bsc/events';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

describe(NatsEventBus.name, () => {
  const buses: NatsEventBus[] = [];
  const connect = async (prefix: string): Promise<NatsEventBus> => {
    const bus = await NatsEventBus.connect(NATS_URL, { prefix });
    buses.push(bus);
    return bus;
  };

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });

  it('carries events between two processes and serves local subscribers once', async () => {
    const prefix = `test.${randomUUID()}`;
    const ingestion = await connect(prefix);
    const api = await connect(prefix);
    const seenByApi: string[] = [];
    const seenLocally: string[] = [];
    const received = new Promise<void>((resolve) =>
      api.subscribe('scorecard.changed', (e) => {
        seenByApi.push(e.unitId);
        resolve();
      }),
    );
    ingestion.subscribe('scorecard.changed', (e) => seenLocally.push(e.unitId));
    // the server must know the api's subscription before the event is published (core NATS has no replay)
    await api.flush();

    ingestion.publish('scorecard.changed', { unitId: 'plant-north', at: 1 });
    await ingestion.flush();
    await received;
    await api.flush();
    await ingestion.flush();

    expect(seenByApi).toEqual(['plant-north']);
    expect(seenLocally).toEqual(['plant-north']);
  });

  it('keeps separate prefixes apart', async () => {
    const a = await connect(`test.${randomUUID()}`);
    const b = await connect(`test.${randomUUID()}`);
    const seen: unknown[] = [];
    b.subscribe('model.imported', (e) => seen.push(e));

    a.publish('model.imported', { modelId: 'm', version: 2 });
    await a.flush();
    await b.flush();

    expect(seen).toEqual([]);
  });
});
