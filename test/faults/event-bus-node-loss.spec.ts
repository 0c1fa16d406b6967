import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { eventStreamName, NatsEventBus } from '@bsc/events';
import { NatsCluster } from '../../scripts/rig/nats-cluster';
import { sleep, until } from '../../scripts/rig/wait';

/**
 * The events stream (3 replicas) on a 3-node NATS cluster of each test's own. A node dies: the one a replica is
 * connected to and the stream's leader, or the one holding the replica's consumer while the replica stays connected
 * elsewhere. Events are published before, right after (while a new leader is elected) and a while after the kill;
 * the replica must read every one once and in order.
 */
describe('event bus when a NATS node dies', () => {
  let nats: NatsCluster;
  let monitor: NatsConnection;
  const buses: NatsEventBus[] = [];
  const units = Array.from({ length: 300 }, (_, i) => `unit-${i}`);

  beforeEach(async () => {
    nats = await NatsCluster.start(3);
    monitor = await connect({ servers: nats.urls });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close().catch(() => undefined)));
    await monitor?.close();
    nats?.destroy();
  });

  const urls = (): string[] => nats.urls.split(',');
  /** Index of a node by the name the cluster gives it (n1, n2, n3). */
  const nodeIndex = (name: string | undefined): number => Number(name?.slice(1)) - 1;
  const bus = async (url: string, prefix: string, name: string): Promise<NatsEventBus> => {
    const b = await NatsEventBus.connect(url, { prefix, name, replicas: 3, retentionS: 60 });
    buses.push(b);
    return b;
  };
  /** A node index from the monitor's view, asked again while the cluster does not know it yet (a new stream). */
  const known = (ask: () => Promise<number>, what: string): Promise<number> =>
    until(
      async () => {
        const index = await ask();
        return Number.isInteger(index) ? index : undefined;
      },
      10_000,
      () => what,
    );
  const streamLeader = (prefix: string): Promise<number> =>
    known(async () => {
      const info = await (await monitor.jetstreamManager()).streams.info(eventStreamName(prefix));
      return nodeIndex(info.cluster?.leader);
    }, 'stream leader');
  /** The node holding the replica's current consumer (named after its client name). */
  const consumerNode = (prefix: string, client: string): Promise<number> =>
    known(async () => {
      const jsm = await monitor.jetstreamManager();
      const consumers = await jsm.consumers.list(eventStreamName(prefix)).next();
      return nodeIndex(consumers.find((c) => c.name.startsWith(`${client}_`))?.cluster?.leader);
    }, `consumer of ${client}`);

  /** Publishes 100 events, kills `victim`, publishes 100 at once and 100 three seconds later; all must arrive. */
  const survives = async (publisher: NatsEventBus, seen: string[], victim: number): Promise<void> => {
    const publish = async (from: number, to: number) => {
      for (const unitId of units.slice(from, to)) publisher.publish('scorecard.changed', { unitId, at: 1 });
      await publisher.flush();
    };
    await publish(0, 100);
    await until(
      () => Promise.resolve(seen.length === 100),
      10_000,
      () => `seen ${seen.length}`,
    );
    nats.kill(victim);
    await publish(100, 200);
    await sleep(3_000);
    await publish(200, 300);
    await until(
      () => Promise.resolve(seen.length >= units.length),
      30_000,
      () => `seen ${seen.length}`,
    ).catch(() => undefined);
    // and nothing comes twice later
    await sleep(1_000);
    expect(seen).toEqual(units);
  };

  it('a replica connected to the stream leader that died reads every event once and in order', async () => {
    const prefix = `faults.${randomUUID()}`;
    // the first bus creates the stream; then the publisher connects to a node that stays, the replica to the leader
    await bus(urls()[0], prefix, 'creator');
    const leader = await streamLeader(prefix);
    const publisher = await bus(urls()[(leader + 1) % 3], prefix, 'publisher');
    const replica = await bus(urls()[leader], prefix, 'replica');
    const seen: string[] = [];
    replica.subscribe('scorecard.changed', (e) => seen.push(e.unitId));

    await survives(publisher, seen, leader);
  }, 90_000);

  it('a replica whose consumer was on the node that died, itself connected elsewhere, reads every event once and in order', async () => {
    const prefix = `faults.${randomUUID()}`;
    // connect until the replica's consumer lands on a node other than the replica's own (2 in 3 placements)
    let replica: NatsEventBus | undefined;
    let at = 0;
    let victim = 0;
    for (let attempt = 0; attempt < 10 && !replica; attempt++) {
      at = attempt % 3;
      const candidate = await bus(urls()[at], prefix, `replica${attempt}`);
      victim = await consumerNode(prefix, `replica${attempt}`);
      if (victim !== at) replica = candidate;
    }
    if (!replica) throw new Error('the replica consumer stayed on the replica node in 10 placements');
    const publisher = await bus(urls()[3 - at - victim], prefix, 'publisher');
    const seen: string[] = [];
    replica.subscribe('scorecard.changed', (e) => seen.push(e.unitId));

    await survives(publisher, seen, victim);
  }, 90_000);
});
