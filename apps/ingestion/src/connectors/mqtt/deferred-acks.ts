import type { IPublishPacket, MqttClient, Packet } from 'mqtt';

export type MessageHandler = (topic: string, payload: Buffer, packet: IPublishPacket) => Promise<void>;

type SendPacket = (packet: Packet, cb?: (error?: Error) => void, cbStorePut?: () => void, noStore?: boolean) => void;

/**
 * Acknowledge-after-store for mqtt.js. mqtt.js sends PUBACK as soon as `handleMessage` calls back, and parses the
 * next packet only then, so awaiting the store inside it would serialise every message behind a database write.
 * Instead we call back at once (the next message is parsed and can join the same batch) and hold the PUBACK
 * until the handler's promise resolves; a rejected handler sends no PUBACK, so the broker redelivers.
 * At most `maxInFlight` handlers run at once (for QoS 0 too, which has no broker-side window).
 */
export class DeferredAcks {
  private readonly pending = new Map<number, Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  private readonly parked: Array<() => void> = [];
  private accepting = true;

  constructor(
    private readonly client: MqttClient,
    private readonly handler: MessageHandler,
    private readonly maxInFlight: number,
    private readonly onUnacked: (error: unknown, packet: Packet) => void,
  ) {
    const internals = client as unknown as { _sendPacket: SendPacket; handleMessage: (packet: IPublishPacket, cb: (error?: Error) => void) => void };
    const send = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, cb, cbStorePut, noStore) => {
      const id = packet.cmd === 'puback' ? packet.messageId : undefined;
      const stored = id === undefined ? undefined : this.pending.get(id);
      if (id === undefined || stored === undefined) return send(packet, cb, cbStorePut, noStore);
      this.pending.delete(id);
      cb?.();
      stored.then(
        () => send(packet, undefined, cbStorePut, noStore),
        (error: unknown) => this.onUnacked(error, packet),
      );
    };
    internals.handleMessage = (packet, cb) => this.receive(packet, cb);
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Stops taking messages (they stay unacknowledged for redelivery) and waits for those in flight. */
  async drain(): Promise<void> {
    this.accepting = false;
    await Promise.allSettled([...this.running]);
  }

  private receive(packet: IPublishPacket, cb: (error?: Error) => void): void {
    if (!this.accepting) {
      // Shutting down: no ack, so the persistent session redelivers it to the next run.
      if (packet.qos > 0 && packet.messageId !== undefined) {
        const refused = Promise.reject(new Error('connector is stopping'));
        refused.catch(() => undefined);
        this.pending.set(packet.messageId, refused);
      }
      cb();
      return;
    }
    if (this.running.size >= this.maxInFlight) {
      this.parked.push(() => this.receive(packet, cb));
      return;
    }
    const work = this.handler(packet.topic.toString(), packet.payload as Buffer, packet);
    const tracked = work.catch(() => undefined).finally(() => {
      this.running.delete(tracked);
      this.parked.shift()?.();
    });
    this.running.add(tracked);
    if (packet.qos > 0 && packet.messageId !== undefined) this.pending.set(packet.messageId, work);
    else work.catch((error: unknown) => this.onUnacked(error, packet));
    cb();
  }
}
