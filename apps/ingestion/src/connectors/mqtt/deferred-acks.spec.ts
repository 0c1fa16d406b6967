import type { IPublishPacket, MqttClient, Packet } from 'mqtt';
import { DeferredAcks } from './deferred-acks';

/** The two mqtt.js internals DeferredAcks hooks, and what mqtt.js does with them for a QoS 1 PUBLISH. */
class FakeClient {
  readonly sent: Packet[] = [];
  parsedNext = 0;
  handleMessage: (packet: IPublishPacket, cb: (error?: Error) => void) => void = (_p, cb) => cb();

  _sendPacket(packet: Packet, cb?: () => void): void {
    this.sent.push(packet);
    cb?.();
  }

  /** mqtt.js handlePublish: handleMessage, then PUBACK, then the next packet is parsed. */
  deliver(messageId: number, qos: 0 | 1 = 1): void {
    const packet = { cmd: 'publish', topic: 't', payload: Buffer.from(String(messageId)), qos, messageId, dup: false, retain: false } as IPublishPacket;
    this.handleMessage(packet, () => {
      if (qos === 0) return void (this.parsedNext += 1);
      this._sendPacket({ cmd: 'puback', messageId } as Packet, () => (this.parsedNext += 1));
    });
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

describe(DeferredAcks.name, () => {
  it('keeps parsing but withholds each PUBACK until its message is stored, in order', async () => {
    const client = new FakeClient();
    const stores = [deferred(), deferred()];
    let n = 0;
    new DeferredAcks(client as unknown as MqttClient, () => stores[n++].promise, 10, () => undefined);
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
    new DeferredAcks(client as unknown as MqttClient, () => Promise.reject(new Error('db down')), 10, (e) => unacked.push(e));
    client.deliver(7);
    await tick();
    expect(client.pubacks).toEqual([]);
    expect(unacked).toHaveLength(1);
  });

  it('parks messages beyond the in-flight bound (no parsing until one finishes)', async () => {
    const client = new FakeClient();
    const store = deferred();
    const sut = new DeferredAcks(client as unknown as MqttClient, () => store.promise, 1, () => undefined);
    client.deliver(1);
    client.deliver(2, 0);
    expect(sut.inFlight).toBe(1);
    expect(client.parsedNext).toBe(1);
    store.resolve();
    await tick();
    await tick();
    expect(client.parsedNext).toBe(2);
    expect(client.pubacks).toEqual([1]);
  });

  it('leaves messages unacknowledged once draining', async () => {
    const client = new FakeClient();
    const sut = new DeferredAcks(client as unknown as MqttClient, () => Promise.resolve(), 10, () => undefined);
    await sut.drain();
    client.deliver(3);
    await tick();
    expect(client.pubacks).toEqual([]);
  });
});
