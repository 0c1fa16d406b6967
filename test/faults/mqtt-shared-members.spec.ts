import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { MosquittoBroker } from '../../scripts/rig/mosquitto-broker';

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
  /** A member that takes messages and never acknowledges them (its store never answers), then dies. */
  const stuckMember = async (clientId: string, sessionExpiry: number) => {
    const client = await member(clientId, sessionExpiry);
    client.handleMessage = () => undefined;
    await subscribe(client);
    return client;
  };
  const publishAll = async (from: number, to: number) => {
    const publisher = await member(`publisher-${from}`, 0);
    for (let i = from; i < to; i++) await publisher.publishAsync(TOPIC, String(i), { qos: 1 });
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

  it('with session expiry 0, drops what it had routed to the dead member instead of handing it to the other', async () => {
    const a = await stuckMember('intake-a0', 0);
    const b = await member('intake-b0', 0);
    const atB = new Set<number>();
    b.on('message', (_t, payload) => atB.add(Number(payload.toString())));
    await subscribe(b);
    await publishAll(0, 20);
    await settle();

    a.stream.destroy();
    await settle();
    await publishAll(20, 30);
    await settle();

    // round robin gave a every other message of the first 20; after its death b gets every new one
    const missing = Array.from({ length: 30 }, (_, i) => i).filter((i) => !atB.has(i));
    expect(missing).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  }, 30_000);

  it('with a persistent session under a fixed client id, the restarted member receives everything routed to it', async () => {
    const a = await stuckMember('intake-a1', 3_600);
    const b = await member('intake-b1', 3_600);
    const received = new Set<number>();
    b.on('message', (_t, payload) => received.add(Number(payload.toString())));
    await subscribe(b);
    await publishAll(0, 20);
    await settle();

    a.stream.destroy();
    await settle();
    await publishAll(20, 30);
    await settle();
    const beforeRestart = received.size;

    // the supervisor starts the member again under the same client id, without a clean start
    await member('intake-a1', 3_600, { clean: false }, (n) => received.add(n));
    await settle();

    expect(beforeRestart).toBe(15);
    expect([...received].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  }, 30_000);
});
