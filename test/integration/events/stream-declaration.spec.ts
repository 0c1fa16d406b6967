import { randomUUID } from 'node:crypto';
import { connect, nanos, RetentionPolicy, StorageType, type JetStreamManager, type NatsConnection } from 'nats';
import { declareStream, type StreamDeclaration } from '@bsc/events';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

describe(declareStream.name, () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let declared: StreamDeclaration;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    jsm = await nc.jetstreamManager();
  });
  beforeEach(() => {
    const id = randomUUID().replace(/-/g, '');
    declared = {
      name: `TEST_DECLARED_${id}`,
      subjects: [`test.${id}.declared`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_bytes: 1024 * 1024,
    };
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await jsm.streams.delete(declared.name).catch(() => false);
  });
  afterAll(() => nc.close());

  it('creates a missing stream with the declared settings', async () => {
    const info = await declareStream(jsm, declared);

    // 1024 × 1024 = 1,048,576 bytes
    expect(info.config).toMatchObject({ name: declared.name, retention: 'limits', max_bytes: 1_048_576 });
    expect((await jsm.streams.info(declared.name)).config.max_bytes).toBe(1_048_576);
  });

  it('brings an existing stream to a setting that changed', async () => {
    await declareStream(jsm, declared);

    const info = await declareStream(jsm, { ...declared, max_bytes: 2 * 1024 * 1024 });

    // 2 × 1024 × 1024 = 2,097,152 bytes
    expect(info.config.max_bytes).toBe(2_097_152);
    expect((await jsm.streams.info(declared.name)).config.max_bytes).toBe(2_097_152);
  });

  it('derives an undeclared duplicate window from a shorter max age, as a creation would', async () => {
    // created with a 600 s max age: the server's default duplicate window, 2 min, is within it
    await declareStream(jsm, { ...declared, max_age: nanos(600_000) });
    expect((await jsm.streams.info(declared.name)).config.duplicate_window).toBe(120_000_000_000);

    const info = await declareStream(jsm, { ...declared, max_age: nanos(60_000) });

    // nats-server: the default window is 2 min, or the max age when that is shorter: min(120 s, 60 s) = 60 s
    // = 60,000 ms × 1,000,000 ns/ms = 60,000,000,000 ns (keeping 2 min is refused: "larger then max age")
    expect(info.config).toMatchObject({ max_age: 60_000_000_000, duplicate_window: 60_000_000_000 });
  });

  it('leaves a stream that already has the declared settings as it is', async () => {
    await declareStream(jsm, declared);
    const update = jest.spyOn(jsm.streams, 'update');
    const add = jest.spyOn(jsm.streams, 'add');

    const info = await declareStream(jsm, declared);

    expect(info.config.max_bytes).toBe(1_048_576);
    expect(update).not.toHaveBeenCalled();
    expect(add).not.toHaveBeenCalled();
  });

  it('fails, naming the stream, on a setting JetStream cannot change in place', async () => {
    await declareStream(jsm, declared);

    // nats-server refuses a retention change on update: "stream configuration update can not change retention policy"
    await expect(declareStream(jsm, { ...declared, retention: RetentionPolicy.Workqueue })).rejects.toThrow(
      `stream ${declared.name} cannot take the declared settings: stream configuration update can not change retention`,
    );
    expect((await jsm.streams.info(declared.name)).config.retention).toBe('limits');
  });
});
