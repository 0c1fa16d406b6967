import { EventEmitter } from 'node:events';
import type { IPublishPacket, MqttClient, Packet } from 'mqtt';
import { DeferredAcks, type DeferredAcksHooks } from './deferred-acks';

/** The two mqtt.js internals DeferredAcks hooks, and what mqtt.js does with them for a QoS 1 PUBLISH. */
class FakeClient extends EventEmitter {
  readonly sent: Packet[] = [];
  readonly offline: Packet[] = [];
  connected = true;
  parsedNext = 0;
  handleMessage: (packet: IPublishPacket, cb: (error?: Error) => void) => void = (_p, cb) => cb();

  /** mqtt.js queues what is sent while disconnected and flushes it on reconnect. */
  _sendPacket(packet: Packet, cb?: () => void): void {
    (this.connected ? this.sent : this.offline).push(packet);
    cb?.();
  }

  /** mqtt.js handlePublish: handleMessage, then PUBACK, then the next packet is parsed. */
  deliver(messageId: number, qos: 0 | 1 = 1): void {
    const packet = {
      cmd: 'publish',
      topic: 't',
      payload: Buffer.from(String(messageId)),
      qos,
      messageId,
      dup: false,
      retain: false,
    } as IPublishPacket;
    this.handleMessage(packet, () => {
      if (qos === 0) return void (this.parsedNext += 1);
      this._sendPacket({ cmd: 'puback', messageId }, () => (this.parsedNext += 1));
    });
  }

  /** The socket closed (keepalive timeout, broker restart): mqtt.js emits 'close' and reconnects later. */
  drop(): void {
    this.connected = false;
    this.emit('close');
  }

  get pubacks(): number[] {
    return this.sent.filter((p) => p.cmd === 'puback').map((p) => (p as { messageId: number }).messageId);
  }
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(e: Error): void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const quiet: DeferredAcksHooks = { unacked: () => undefined };
const acksOn = (
  client: FakeClient,
  handler: (topic: string, payload: Buffer) => Promise<void>,
  maxInFlight: number,
  hooks = quiet,
) => new DeferredAcks(client as unknown as MqttClient, handler, maxInFlight, hooks);

describe(DeferredAcks.name, () => {
  it('keeps parsing but withholds each PUBACK until its message is stored, in order', async () => {
    const client = new FakeClient();
    const stores = [deferred(), deferred()];
    let n = 0;
    acksOn(client, () => stores[n++].promise, 10);
    client.deliver(1);
    client.deliver(2);
    expect(client.parsedNext).toBe(2);
    expect(client.pubacks).toEqual([]);
    stores[0].resolve();
    stores[1].resolve();
    await tick();
    expect(client.pubacks).toEqual([1, 2]);
  });

  it('sends no PUBACK when the store failed, so the broker redelivers', async () => {
    const client = new FakeClient();
    const unacked: unknown[] = [];
    acksOn(client, () => Promise.reject(new Error('db down')), 10, { unacked: (e) => unacked.push(e) });
    client.deliver(7);
    await tick();
    expect(client.pubacks).toEqual([]);
    expect(unacked).toHaveLength(1);
  });

  it('keeps reading beyond the in-flight bound (so keepalives are answered) and runs parked messages as handlers finish', async () => {
    const client = new FakeClient();
    const stores = [deferred(), deferred()];
    const handled: string[] = [];
    const sut = acksOn(
      client,
      (_t, payload) => (handled.push(payload.toString()), stores[handled.length - 1].promise),
      1,
    );
    client.deliver(1);
    client.deliver(2);
    expect(sut.inFlight).toBe(1);
    expect(sut.waiting).toBe(1);
    // Both callbacks returned: mqtt.js went on parsing (a PINGRESP behind them would be read).
    expect(client.parsedNext).toBe(2);
    expect(handled).toEqual(['1']);

    stores[0].resolve();
    await tick();
    expect(handled).toEqual(['1', '2']);
    expect(client.pubacks).toEqual([1]);
    stores[1].resolve();
    await tick();
    expect(client.pubacks).toEqual([1, 2]);
  });

  it('runs parked messages in arrival order while the queue is consumed and compacted', async () => {
    const client = new FakeClient();
    const handled: number[] = [];
    const stores = new Map<number, ReturnType<typeof deferred>>();
    const sut = acksOn(
      client,
      (_t, payload) => {
        const id = Number(payload.toString());
        handled.push(id);
        stores.set(id, deferred());
        return stores.get(id)!.promise;
      },
      2,
    );
    for (let id = 1; id <= 12; id++) client.deliver(id);
    // 2 run, 10 wait; each store that finishes lets the oldest waiting one run
    expect(sut.waiting).toBe(10);
    for (let id = 1; id <= 7; id++) {
      stores.get(id)!.resolve();
      await tick();
    }
    expect(handled).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sut.waiting).toBe(3);
    // parked after the front was dropped: still behind the three already waiting
    client.deliver(13);
    for (let id = 8; id <= 13; id++) {
      stores.get(id)!.resolve();
      await tick();
    }
    expect(handled).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(sut.waiting).toBe(0);
    expect(client.pubacks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('drops QoS 0 messages beyond maxInFlight parked, and counts them', () => {
    const client = new FakeClient();
    const overflow: number[] = [];
    const store = deferred();
    acksOn(client, () => store.promise, 1, { unacked: () => undefined, overflow: (p) => overflow.push(p.messageId!) });
    // 1 runs, 2 is parked (one QoS 0 fits next to one in flight), 3 does not fit.
    client.deliver(1, 0);
    client.deliver(2, 0);
    client.deliver(3, 0);
    expect(overflow).toEqual([3]);
    expect(client.parsedNext).toBe(3);
    store.resolve();
  });

  it('discards the acks of a connection that dropped: nothing is queued offline for the next one', async () => {
    const client = new FakeClient();
    const store = deferred();
    const unacked: unknown[] = [];
    acksOn(client, () => store.promise, 10, { unacked: (e) => unacked.push(e) });
    client.deliver(1);
    client.deliver(2);
    client.drop();
    store.resolve();
    await tick();
    expect(client.offline).toEqual([]);
    expect(client.sent).toEqual([]);
    expect(unacked).toHaveLength(2);

    // Reconnected: the broker redelivers with the same ids, and those acks go out normally.
    client.connected = true;
    client.deliver(1);
    await tick();
    expect(client.pubacks).toEqual([1]);
  });

  it('does not run parked QoS 1 messages of a connection that dropped (the broker redelivers them)', async () => {
    const client = new FakeClient();
    const store = deferred();
    const handled: string[] = [];
    const sut = acksOn(client, (_t, payload) => (handled.push(payload.toString()), store.promise), 1);
    client.deliver(1);
    client.deliver(2);
    client.drop();
    expect(sut.waiting).toBe(0);
    store.resolve();
    await tick();
    expect(handled).toEqual(['1']);
    expect(client.offline).toEqual([]);
  });

  it('leaves messages unacknowledged once draining', async () => {
    const client = new FakeClient();
    const sut = acksOn(client, () => Promise.resolve(), 10);
    await sut.drain();
    client.deliver(3);
    await tick();
    expect(client.pubacks).toEqual([]);
  });
});
