import { randomUUID } from 'node:crypto';
import { NatsEventBus } from '@bsc/events';
import { NatsCluster } from '../../scripts/rig/nats-cluster';
import { until } from '../../scripts/rig/wait';

/**
 * The events stream on a 3-node NATS cluster of the test's own: the node a replica is connected to is killed, the
 * replica reconnects to another, and its consumer must go on right after the last event it read.
 */
describe('event bus when its NATS node dies', () => {
  let nats: NatsCluster;
  const buses: NatsEventBus[] = [];

  beforeAll(async () => {
    nats = await NatsCluster.start(3);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close().catch(() => undefined)));
    nats?.destroy();
  });

  it('a replica whose node was killed reads every event once and in order, those published meanwhile too', async () => {
    const prefix = `faults.${randomUUID()}`;
    const [first, , third] = nats.urls.split(',');
    const publisher = await NatsEventBus.connect(third, { prefix, replicas: 3, retentionS: 60 });
    const replica = await NatsEventBus.connect(first, { prefix, replicas: 3, retentionS: 60 });
    buses.push(publisher, replica);
    const seen: string[] = [];
    replica.subscribe('scorecard.changed', (e) => seen.push(e.unitId));
    const units = Array.from({ length: 300 }, (_, i) => `unit-${i}`);
    const publish = async (from: number, to: number) => {
      for (const unitId of units.slice(from, to)) publisher.publish('scorecard.changed', { unitId, at: 1 });
      await publisher.flush();
    };

    await publish(0, 100);
    await until(() => Promise.resolve(seen.length === 100), 10_000);
    nats.kill(0);
    await publish(100, 200);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await publish(200, 300);

    await until(
      () => Promise.resolve(seen.length >= units.length),
      30_000,
      () => `seen ${seen.length}`,
    ).catch(() => undefined);
    expect(seen).toEqual(units);
  }, 90_000);
});
