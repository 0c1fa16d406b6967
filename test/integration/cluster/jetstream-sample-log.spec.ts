import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { JetStreamSampleLog, type SampleLogOptions } from '@bsc/cluster';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const NS_PER_MS = 1_000_000;

/** The sample log's stream as every intake and worker declares it at its start. */
describe(`${JetStreamSampleLog.name} stream`, () => {
  const connections: NatsConnection[] = [];
  let admin: NatsConnection;
  let stream: string;
  let subjectPrefix: string;

  /** A process's own connection. */
  const connectProcess = async (): Promise<NatsConnection> => {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    return nc;
  };
  /** A process starting: the log opened with the settings it was given. */
  const start = (nc: NatsConnection, options: SampleLogOptions): Promise<JetStreamSampleLog> =>
    JetStreamSampleLog.open(nc, { stream, subjectPrefix, ...options });
  /**
   * The connection of a process whose first look for a stream is answered before `meanwhile` (another process
   * starting) is done: what that look found is stale by the time it acts on it.
   */
  const answeredBefore = (nc: NatsConnection, meanwhile: () => Promise<void>): NatsConnection => {
    let looked = false;
    return new Proxy(nc, {
      get: (target, key) => {
        if (key !== 'jetstreamManager') return Reflect.get(target, key, target) as unknown;
        return async () => {
          const jsm = await target.jetstreamManager();
          const info = jsm.streams.info.bind(jsm.streams);
          jsm.streams.info = async (...args) => {
            const first = !looked;
            looked = true;
            try {
              return await info(...args);
            } finally {
              if (first) await meanwhile();
            }
          };
          return jsm;
        };
      },
    });
  };
  const config = async () => (await (await admin.jetstreamManager()).streams.info(stream)).config;

  beforeAll(async () => {
    admin = await connect({ servers: NATS_URL });
  });
  beforeEach(() => {
    const id = randomUUID().replace(/-/g, '');
    stream = `TEST_SAMPLE_LOG_${id}`;
    subjectPrefix = `test.${id}.samples`;
  });
  afterEach(async () => {
    for (const c of connections.splice(0)) await c.close();
    await (await admin.jetstreamManager()).streams.delete(stream).catch(() => false);
  });
  afterAll(() => admin.close());

  it('follows a new duplicate window after a restart', async () => {
    await start(await connectProcess(), { duplicateWindowMs: 120_000 });
    // 120,000 ms × 1,000,000 ns/ms = 120,000,000,000 ns
    expect((await config()).duplicate_window).toBe(120_000_000_000);

    await start(await connectProcess(), { duplicateWindowMs: 30_000 });

    // the restart's setting, not the first start's: 30,000 ms × 1,000,000 ns/ms = 30,000,000,000 ns
    expect((await config()).duplicate_window).toBe(30_000 * NS_PER_MS);
  });

  it('starts a process whose creation finds the stream another process just made with other settings', async () => {
    // an old and a new version starting side by side: the new one looks for the stream and finds none, the old one
    // creates it (120 s window), then the new one's creation (30 s window) comes second
    const [old, next] = [await connectProcess(), await connectProcess()];
    const oldStart = async () => void (await start(old, { duplicateWindowMs: 120_000 }));

    const started = start(answeredBefore(next, oldStart), { duplicateWindowMs: 30_000 });

    await expect(started).resolves.toBeInstanceOf(JetStreamSampleLog);
    // the one that declared last wins: 30,000 ms × 1,000,000 ns/ms = 30,000,000,000 ns
    expect((await config()).duplicate_window).toBe(30_000 * NS_PER_MS);
  });
});
