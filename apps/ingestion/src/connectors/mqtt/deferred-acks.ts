import type { IPublishPacket, MqttClient, Packet } from 'mqtt';

export type MessageHandler = (topic: string, payload: Buffer, packet: IPublishPacket) => Promise<void>;

type SendPacket = (packet: Packet, cb?: (error?: Error) => void, cbStorePut?: () => void, noStore?: boolean) => void;

export interface DeferredAcksHooks {
  /** A message was left unacknowledged (its store failed, or it belonged to a connection that dropped). */
  unacked(error: unknown, packet: Packet): void;
  /** A QoS 0 message was dropped because the parking lot was full (QoS 0 promises at most once). */
  overflow?(packet: IPublishPacket): void;
}

interface Parked {
  packet: IPublishPacket;
  connection: number;
  /** Hands the handler's outcome to the PUBACK that mqtt.js already asked to send (QoS 1). */
  settle: (work: Promise<void>) => void;
}

/**
 * Acknowledge-after-store for mqtt.js. mqtt.js sends PUBACK as soon as `handleMessage` calls back, and parses the
 * next packet only then, so awaiting the store inside it would serialise every message behind a database write.
 * Instead we call back at once (the next message is parsed and can join the same batch) and hold the PUBACK
 * until the handler's promise resolves; a rejected handler sends no PUBACK, so the broker redelivers.
 *
 * Flow control never stops mqtt.js from reading: a callback held back would also hold PINGRESP, and the client
 * would drop the connection for a keepalive timeout. At most `maxInFlight` handlers run; later messages are parked
 * and run as handlers finish. QoS 1 messages are bounded by the broker (MQTT 5 receive maximum = `maxInFlight`,
 * unacknowledged messages count against it); QoS 0 ones have no such window, so beyond `maxInFlight` parked
 * they are dropped and counted.
 *
 * An ack belongs to its connection: once that connection closed, the broker redelivers every unacknowledged
 * message on the next one, so acks still pending are discarded (sending them would queue them offline in mqtt.js,
 * which flushes its offline queue recursively on reconnect) and parked QoS 1 messages of it are not run.
 */
export class DeferredAcks {
  private readonly pending = new Map<number, { work: Promise<void>; connection: number }>();
  private readonly running = new Set<Promise<void>>();
  /** Parked messages from `head` on; an index instead of shift(), which copies the whole array on every call. */
  private parked: Array<Parked | undefined> = [];
  private head = 0;
  private parkedQos0 = 0;
  private connection = 0;
  private accepting = true;

  constructor(
    private readonly client: MqttClient,
    private readonly handler: MessageHandler,
    private readonly maxInFlight: number,
    private readonly hooks: DeferredAcksHooks,
  ) {
    const internals = client as unknown as {
      _sendPacket: SendPacket;
      handleMessage: (packet: IPublishPacket, cb: (error?: Error) => void) => void;
    };
    const send = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, cb, cbStorePut, noStore) => {
      const id = packet.cmd === 'puback' ? packet.messageId : undefined;
      const held = id === undefined ? undefined : this.pending.get(id);
      if (id === undefined || held === undefined) return send(packet, cb, cbStorePut, noStore);
      this.pending.delete(id);
      cb?.();
      held.work.then(
        () => {
          if (held.connection === this.connection && client.connected) send(packet, undefined, cbStorePut, noStore);
          else
            hooks.unacked(
              new Error('connection closed before the message was stored; the broker redelivers it'),
              packet,
            );
        },
        (error: unknown) => hooks.unacked(error, packet),
      );
    };
    internals.handleMessage = (packet, cb) => this.receive(packet, cb);
    client.on('close', () => {
      this.connection += 1;
      this.pending.clear();
      this.forgetParkedQos1();
    });
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Messages received but waiting for a free handler. */
  get waiting(): number {
    return this.parked.length - this.head;
  }

  /** Stops taking messages (they stay unacknowledged for redelivery) and waits for those in flight. */
  async drain(): Promise<void> {
    this.accepting = false;
    await Promise.allSettled([...this.running]);
  }

  private receive(packet: IPublishPacket, cb: (error?: Error) => void): void {
    if (!this.accepting) {
      // Shutting down: no ack, so the persistent session redelivers it to the next run.
      this.holdAck(packet, Promise.reject(new Error('connector is stopping')));
    } else if (this.running.size < this.maxInFlight) {
      this.holdAck(packet, this.run(packet));
    } else if (packet.qos > 0 || this.parkedQos0 < this.maxInFlight) {
      let settle: (work: Promise<void>) => void = () => undefined;
      const outcome = new Promise<void>((resolve, reject) => {
        settle = (work) => {
          work.then(resolve, reject);
        };
      });
      this.holdAck(packet, outcome);
      if (packet.qos === 0) this.parkedQos0 += 1;
      this.parked.push({ packet, connection: this.connection, settle });
    } else {
      this.hooks.overflow?.(packet);
    }
    cb();
  }

  private run(packet: IPublishPacket): Promise<void> {
    const work = this.handler(packet.topic.toString(), packet.payload as Buffer, packet);
    const tracked = work
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(tracked);
        this.next();
      });
    this.running.add(tracked);
    return work;
  }

  private next(): void {
    while (this.head < this.parked.length && this.running.size < this.maxInFlight) {
      const { packet, connection, settle } = this.parked[this.head]!;
      this.parked[this.head++] = undefined; // no longer held by the queue
      if (packet.qos === 0) this.parkedQos0 -= 1;
      if (!this.accepting) {
        settle(Promise.reject(new Error('connector is stopping')));
      } else if (packet.qos > 0 && connection !== this.connection) {
        settle(Promise.reject(new Error('connection closed before the message was handled; the broker redelivers it')));
      } else {
        // QoS 0 runs even after its connection closed: nobody redelivers it.
        settle(this.run(packet));
      }
    }
    // Drop the consumed front once it is the larger part: each entry is copied at most once more (amortised O(1)).
    if (this.head > 0 && this.head * 2 >= this.parked.length) {
      this.parked = this.parked.slice(this.head);
      this.head = 0;
    }
  }

  /** Parked QoS 1 messages of a closed connection come again on the next one: holding them would only cost memory. */
  private forgetParkedQos1(): void {
    const waiting = this.parked.slice(this.head) as Parked[];
    const redelivered = new Error('connection closed before the message was handled; the broker redelivers it');
    for (const p of waiting) if (p.packet.qos > 0) p.settle(Promise.reject(redelivered));
    this.parked = waiting.filter((p) => p.packet.qos === 0);
    this.head = 0;
  }

  /** QoS 1: the PUBACK mqtt.js sends right after the callback waits for `work`; QoS 0 failures are reported. */
  private holdAck(packet: IPublishPacket, work: Promise<void>): void {
    if (packet.qos > 0 && packet.messageId !== undefined) {
      work.catch(() => undefined);
      this.pending.set(packet.messageId, { work, connection: this.connection });
    } else {
      work.catch((error: unknown) => this.hooks.unacked(error, packet));
    }
  }
}
