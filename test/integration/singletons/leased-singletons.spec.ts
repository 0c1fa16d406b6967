import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { LeasedSingletons } from '@bsc/app-kit';
import { JetStreamLeaseStore, LeaseKeeper } from '@bsc/cluster';
import { until } from '../../../scripts/rig/wait';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
/**
 * The keeper renews every third of the lease time and gives a lease up at 3/4 of it without a renewal, so a holder
 * survives a pause of 5/12 of it: 2.5 s here (625 ms at 1.5 s made a busy machine drop and retake the lease mid-test).
 * Short enough that a takeover after a death (one lease time after the last renewal) fits in the test.
 */
const TTL_MS = 6_000;

jest.setTimeout(30_000);

/** One replica: its own connection (killing it is the process dying), its singletons, and what ran where. */
interface Replica {
  name: string;
  nc: NatsConnection;
  sut: LeasedSingletons;
}

describe(LeasedSingletons.name, () => {
  const bucket = `test_singletons_${randomUUID().replace(/-/g, '')}`;
  const replicas: Replica[] = [];
  /** Every start and stop of the job, in order, by replica name. */
  const log: string[] = [];

  const replica = async (name: string): Promise<Replica> => {
    const nc = await connect({ servers: NATS_URL });
    const store = await JetStreamLeaseStore.open(nc, { bucket, ttlMs: TTL_MS });
    const sut = new LeasedSingletons(new LeaseKeeper(store, { holder: `${name}:${randomUUID()}` }), nc);
    const r = { name, nc, sut };
    replicas.push(r);
    return r;
  };
  const runJob = (r: Replica, job: string): void => {
    r.sut.run(job, () => {
      log.push(`${r.name}+`);
      return () => void log.push(`${r.name}-`);
    });
  };
  const waitFor = async (condition: () => boolean) =>
    void (await until(
      () => Promise.resolve(condition()),
      3 * TTL_MS,
      () => `log: ${log.join(' ')}`,
    ));
  const leaseTimes = (n: number) => new Promise((resolve) => setTimeout(resolve, n * TTL_MS));

  afterEach(async () => {
    // the dead replica's keeper still has timers: stop them too (its connection is already closed)
    for (const r of replicas.splice(0)) await r.sut.onApplicationShutdown();
    log.length = 0;
  });
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(async () => {
    const nc = await connect({ servers: NATS_URL });
    await (await nc.jetstreamManager()).streams.delete(`KV_${bucket}`).catch(() => false);
    await nc.close();
  });

  it('runs a job in exactly one of two replicas while its holder lives', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const job = `job-${randomUUID()}`;
    runJob(a, job);
    runJob(b, job);

    await waitFor(() => log.length > 0);
    // past the holder's own deadline (3/4 of the lease time), so it holds only by renewing (every third of it); the
    // other replica, retrying as often, must stay on stand-by throughout
    await leaseTimes(1);

    expect(log).toHaveLength(1);
    expect(['a+', 'b+']).toContain(log[0]);
  });

  it('moves the job to the other replica when its holder dies (stops renewing)', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const job = `job-${randomUUID()}`;
    runJob(a, job);
    await waitFor(() => log.includes('a+'));
    runJob(b, job);
    await leaseTimes(0.5); // a renewed, b refused twice
    expect(log).toEqual(['a+']);

    await a.nc.close(); // the holder's process is gone: no renewal, no release

    await waitFor(() => log.includes('b+'));
    // the dead holder also stopped its job once it could no longer be sure of the lease
    expect(log.filter((e) => e !== 'a-')).toEqual(['a+', 'b+']);
  });

  it('hands the job over at once when its holder shuts down cleanly', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const job = `job-${randomUUID()}`;
    runJob(a, job);
    await waitFor(() => log.includes('a+'));
    runJob(b, job);

    await a.sut.onApplicationShutdown();
    await waitFor(() => log.includes('b+'));

    expect(log).toEqual(['a+', 'a-', 'b+']);
  });
});
