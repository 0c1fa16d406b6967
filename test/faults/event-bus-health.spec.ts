import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { eventStreamName, NatsEventBus } from '@bsc/events';
import { NatsCluster } from '../../scripts/rig/nats-cluster';
import { until } from '../../scripts/rig/wait';

/** The `events` health check of a process on a NATS server of the test's own, which the test stops and breaks. */
describe('event bus health', () => {
  let nats: NatsCluster;
  let bus: NatsEventBus | undefined;

  beforeEach(async () => {
    nats = await NatsCluster.start(1);
  }, 60_000);
  afterEach(async () => {
    await bus?.close().catch(() => undefined);
    bus = undefined;
    nats?.destroy();
  });

  const healthOf = (b: NatsEventBus, stallAfterMs?: number) => () => JSON.stringify(b.health(stallAfterMs));

  it('is degraded from the moment NATS is away, keeps what was published meanwhile, and is healthy again once it is back', async () => {
    const prefix = `faults.${randomUUID()}`;
    const b = (bus = await NatsEventBus.connect(nats.urls, { prefix, retentionS: 60 }));
    expect(b.health()).toEqual({ ok: true, detail: { connected: true, pending: 0, waitingMs: 0, unreadMs: 0 } });

    nats.kill(0);
    await until(() => Promise.resolve(!b.health().ok), 10_000, healthOf(b));
    b.publish('scorecard.changed', { unitId: 'plant', at: 1 });
    const away = b.health();
    expect(away.ok).toBe(false);
    expect(away.detail).toMatchObject({ connected: false, pending: 1 });
    expect(away.detail.reason).toMatch(/^not connected to NATS for \d+ s$/);

    await nats.restart(0);
    await until(() => Promise.resolve(b.health().ok), 30_000, healthOf(b));
    await b.flush();
    expect(b.health()).toEqual({ ok: true, detail: { connected: true, pending: 0, waitingMs: 0, unreadMs: 0 } });
    // the event written while NATS was away is in the stream
    const nc = await connect({ servers: nats.urls });
    const info = await (await nc.jetstreamManager()).streams.info(eventStreamName(prefix));
    await nc.close();
    expect(info.state.messages).toBe(1);
  }, 60_000);

  it('is degraded once events have waited for a stream that no longer takes them, and says why', async () => {
    const prefix = `faults.${randomUUID()}`;
    const b = (bus = await NatsEventBus.connect(nats.urls, { prefix, retentionS: 60 }));
    const nc = await connect({ servers: nats.urls });
    // an operator deleted the stream: connected, but nothing is stored and nothing can be read
    await (await nc.jetstreamManager()).streams.delete(eventStreamName(prefix));
    await nc.close();
    b.publish('scorecard.changed', { unitId: 'plant', at: 1 });

    // under the bound it is still healthy
    expect(b.health(60_000).ok).toBe(true);
    await until(() => Promise.resolve(!b.health(1_000).ok), 10_000, healthOf(b, 1_000));
    const broken = b.health(1_000);
    expect(broken.detail).toMatchObject({ connected: true, pending: 1 });
    expect(broken.detail.reason).toMatch(/^1 events not stored by the stream for \d+ s$/);
    expect(broken.detail.lastError).toEqual(expect.any(String));
  }, 60_000);
});
