import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { MosquittoBroker } from '../../scripts/rig/mosquitto-broker';
import { until } from '../../scripts/rig/wait';

// Two intake members share `$share/intake/plant/#` on a broker of the test's own. One is killed (no DISCONNECT) while
// it holds QoS 1 messages it has not acknowledged. What happens to those, and to the messages published after, depends
// on the dead member's session: this pins the broker behaviour the README's member settings rest on.
const TOPIC = 'plant/line1';
const FILTER = `$share/intake/plant/#`;

describe('MQTT shared-subscription members on Mosquitto', () => {
  let broker: MosquittoBroker;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.end(true);
  });
  afterAll(async () => {
    await broker.destroy();
  });

  /** `onMessage` is attached before the connection: a resumed session's queue arrives right behind the CONNACK. */
  const member = async (
    clientId: string,
    sessionExpiry: number,
    options: Partial<IClientOptions> = {},
    onMessage?: (n: number) => void,
  ) => {
    const client = connect(broker.url, {
      clientId,
      protocolVersion: 5,
      clean: sessionExpiry === 0,
      reconnectPeriod: 0,
      properties: { sessionExpiryInterval: sessionExpiry },
      ...options,
    });
    clients.push(client);
    if (onMessage) client.on('message', (_t, payload) => onMessage(Number(payload.toString())));
    await new Promise((resolve) => client.once('connect', resolve));
    return client;
  };
  const subscribe = (client: MqttClient) => new Promise((resolve) => client.subscribe(FILTER, { qos: 1 }, resolve));
  /**
   * A member that takes messages and never acknowledges them (its store never answers), then dies. Its will is the
   * broker's word that it saw the death: Mosquitto publishes it as it drops the connection (no will delay).
   */
  const stuckMember = async (clientId: string, sessionExpiry: number) => {
    const client = await member(clientId, sessionExpiry, { will: { topic: `gone/${clientId}`, payload: 'gone' } });
    client.handleMessage = () => undefined;
    await subscribe(client);
    return client;
  };
  const publishAll = async (from: number, to: number) => {
    const publisher = await member(`publisher-${from}`, 0);
    for (let i = from; i < to; i++) await publisher.publishAsync(TOPIC, String(i), { qos: 1 });
  };
  /** Polls until `done`, for at most 15 s (a busy machine). */
  const waitFor = async (done: () => boolean, state?: () => string) =>
    void (await until(() => Promise.resolve(done()), 15_000, state));
  /** Who the broker has seen die: the wills it published. Watch before the death. */
  const watchDeaths = async () => {
    const gone = new Set<string>();
    const watcher = await member('watcher', 0);
    watcher.on('message', (topic) => gone.add(topic.slice('gone/'.length)));
    await watcher.subscribeAsync('gone/+', { qos: 1 });
    return gone;
  };
  let drains = 0;
  /**
   * Returns once `client` has all the broker routed to it so far: a QoS 1 message to it alone, published after those,
   * reaches it behind them on the same connection. Instead of a fixed wait, which a busy machine outlasts.
   */
  const drained = async (client: MqttClient) => {
    const topic = `drained/${client.options.clientId}/${++drains}`;
    let arrived = false;
    const onMessage = (t: string) => {
      if (t === topic) arrived = true;
    };
    client.on('message', onMessage);
    await client.subscribeAsync(topic, { qos: 1 });
    const publisher = await member(`drainer-${drains}`, 0);
    await publisher.publishAsync(topic, 'drained', { qos: 1 });
    await waitFor(() => arrived);
    client.off('message', onMessage);
    expect(arrived).toBe(true);
  };

  it('with session expiry 0, drops what it had routed to the dead member instead of handing it to the other', async () => {
    const gone = await watchDeaths();
    const a = await stuckMember('intake-a0', 0);
    const b = await member('intake-b0', 0);
    const atB = new Set<number>();
    b.on('message', (topic, payload) => {
      if (topic === TOPIC) atB.add(Number(payload.toString()));
    });
    await subscribe(b);
    await publishAll(0, 20);
    await drained(b);

    a.stream.destroy();
    // what comes next must be published once the broker knows a is dead
    await waitFor(() => gone.has('intake-a0'));
    expect(gone).toContain('intake-a0');
    await publishAll(20, 30);
    await drained(b);

    // round robin gave a every other message of the first 20; after its death b gets every new one
    const missing = Array.from({ length: 30 }, (_, i) => i).filter((i) => !atB.has(i));
    expect(missing).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  }, 30_000);

  it('with a persistent session under a fixed client id, the restarted member receives everything routed to it', async () => {
    const gone = await watchDeaths();
    const a = await stuckMember('intake-a1', 3_600);
    const b = await member('intake-b1', 3_600);
    const received = new Set<number>();
    b.on('message', (topic, payload) => {
      if (topic === TOPIC) received.add(Number(payload.toString()));
    });
    await subscribe(b);
    await publishAll(0, 20);
    await drained(b);

    a.stream.destroy();
    // what comes next must be published once the broker knows a is dead (an offline session, not a live member)
    await waitFor(() => gone.has('intake-a1'));
    expect(gone).toContain('intake-a1');
    await publishAll(20, 30);
    await drained(b);
    const beforeRestart = received.size;

    // the supervisor starts the member again under the same client id, without a clean start
    await member('intake-a1', 3_600, { clean: false }, (n) => received.add(n));
    await waitFor(
      () => received.size === 30,
      () => `received ${[...received].sort((x, y) => x - y).join(',')}`,
    );

    expect(beforeRestart).toBe(15);
    expect([...received].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  }, 30_000);
});
