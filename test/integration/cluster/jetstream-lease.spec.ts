import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { JetStreamLeaseStore, LeaseConflictError, LeaseKeeper } from '@bsc/cluster';
import { until } from '../../../scripts/rig/wait';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TTL = 1_500;
/**
 * For the holder that must keep its lease while another contends: a holder gives up at 3/4 of the lease time without
 * a renewal and renews every third, so a pause of 5/12 of it (625 ms of 1.5 s, 2.5 s of 6 s) drops the lease.
 */
const LONG_TTL = 6_000;

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs: number) =>
  void (await until(async () => condition(), timeoutMs));

describe(JetStreamLeaseStore.name, () => {
  const connections: NatsConnection[] = [];
  let admin: NatsConnection;
  let bucket: string;

  const open = async (ttlMs = TTL): Promise<JetStreamLeaseStore> => {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    return JetStreamLeaseStore.open(nc, { bucket, ttlMs });
  };

  beforeAll(async () => {
    admin = await connect({ servers: NATS_URL });
  });

  beforeEach(() => {
    bucket = `test_leases_${randomUUID().replace(/-/g, '')}`;
  });

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.close()));
    await (await admin.jetstream().views.kv(bucket)).destroy();
  });

  afterAll(() => admin.close());

  it('creates once, updates by revision, and lets the entry expire after the lease time', async () => {
    const sut = await open();

    const revision = await sut.create('singleton', 'a');
    await expect(sut.create('singleton', 'b')).rejects.toBeInstanceOf(LeaseConflictError);
    await expect(sut.update('singleton', 'b', revision + 100)).rejects.toBeInstanceOf(LeaseConflictError);
    const renewed = await sut.update('singleton', 'a', revision);
    expect(await sut.get('singleton')).toEqual({ holder: 'a', revision: renewed });

    // the server drops it TTL after the last write, on its own expiry timer: late on a busy machine, never early
    await waitFor(async () => (await sut.get('singleton')) === null, 10_000);
    expect(await sut.get('singleton')).toBeNull();
    expect(await sut.create('singleton', 'b')).toBeGreaterThan(renewed);
  });

  it('lists live keys under a prefix, and none once they are deleted', async () => {
    const sut = await open();
    expect(await sut.keys('member.')).toEqual([]);
    const a = await sut.create('member.a', 'a');
    await sut.create('member.b', 'b');
    await sut.create('partition.0', 'a');
    expect((await sut.keys('member.')).sort()).toEqual(['member.a', 'member.b']);

    await sut.delete('member.a', a);
    expect(await sut.keys('member.')).toEqual(['member.b']);
  });

  it('moves a lease to the second holder after the first stops renewing, and never has both hold it', async () => {
    const owners = new Set<string>();
    const acquiredAt = new Map<string, number>();
    let overlaps = 0;
    const handlers = (holder: string) => ({
      onAcquired: () => {
        if (owners.size > 0) overlaps += 1;
        owners.add(holder);
        acquiredAt.set(holder, Date.now());
      },
      onLost: () => {
        owners.delete(holder);
      },
    });
    // when a's last write that the store confirmed began: the server keeps the entry a lease time from then
    const store = await open(LONG_TTL);
    let lastWriteStartedAt = 0;
    const timed =
      <A extends unknown[]>(write: (...args: A) => Promise<number>) =>
      async (...args: A): Promise<number> => {
        const startedAt = Date.now();
        const revision = await write(...args);
        lastWriteStartedAt = Math.max(lastWriteStartedAt, startedAt);
        return revision;
      };
    store.create = timed(store.create.bind(store));
    store.update = timed(store.update.bind(store));
    const a = new LeaseKeeper(store, { holder: `a-${randomUUID()}` });
    a.hold('singleton', handlers('a'));
    await waitFor(() => owners.has('a'), 10_000);
    const b = new LeaseKeeper(await open(LONG_TTL), { holder: `b-${randomUUID()}` });
    b.hold('singleton', handlers('b'));
    // past a's own deadline (3/4 of the lease time), and past the entry's expiry plus one of b's retries (every third
    // of it): a still holds only by renewing
    await new Promise((r) => setTimeout(r, 1.5 * LONG_TTL));
    expect([...owners]).toEqual(['a']);

    // a's process dies: its connection goes, nothing is released
    await connections[0].close();
    owners.delete('a');
    await waitFor(() => owners.has('b'), 3 * LONG_TTL);

    // b could only get it once a's last write aged out (measured from its start, so a slow reply cannot eat the margin)
    expect(acquiredAt.get('b')! - lastWriteStartedAt).toBeGreaterThanOrEqual(LONG_TTL);
    expect(overlaps).toBe(0);
    await b.close();
    await a.close().catch(() => undefined);
  }, 60_000);
});
