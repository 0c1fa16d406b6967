import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { JetStreamLeaseStore, LeaseConflictError, LeaseKeeper } from '@bsc/cluster';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TTL = 1_500;

const waitFor = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe(JetStreamLeaseStore.name, () => {
  const connections: NatsConnection[] = [];
  let admin: NatsConnection;
  let bucket: string;

  const open = async (): Promise<JetStreamLeaseStore> => {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    return JetStreamLeaseStore.open(nc, { bucket, ttlMs: TTL });
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

    await new Promise((r) => setTimeout(r, TTL + 500));
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
    let overlaps = 0;
    const handlers = (holder: string) => ({
      onAcquired: () => {
        if (owners.size > 0) overlaps += 1;
        owners.add(holder);
      },
      onLost: () => {
        owners.delete(holder);
      },
    });
    const a = new LeaseKeeper(await open(), { holder: `a-${randomUUID()}` });
    a.hold('singleton', handlers('a'));
    await waitFor(() => owners.has('a'), 2_000);
    const b = new LeaseKeeper(await open(), { holder: `b-${randomUUID()}` });
    b.hold('singleton', handlers('b'));
    await new Promise((r) => setTimeout(r, 2 * TTL));
    expect([...owners]).toEqual(['a']);

    // a's process dies: its connection goes, nothing is released
    const stoppedAt = Date.now();
    await connections[0].close();
    owners.delete('a');
    await waitFor(() => owners.has('b'), 3 * TTL);

    // b could only get it after a's last renewal aged out (a renewed at most TTL/3 before it stopped)
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual((2 / 3) * TTL);
    expect(overlaps).toBe(0);
    await b.close();
    await a.close().catch(() => undefined);
  });
});
