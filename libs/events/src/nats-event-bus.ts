import { randomUUID } from 'node:crypto';
import type { Codec, NatsConnection, Subscription } from 'nats';
import type { BscEventHandler, BscEventMap, BscEventName, EventBus } from './bsc-events.types';
import { InProcessEventBus } from './in-process-event-bus';

interface Envelope {
  origin: string;
  payload: unknown;
}

export const DEFAULT_SUBJECT_PREFIX = 'bsc.events';

/**
 * The bus across processes (ingestion and API deployed apart). Local subscribers are served synchronously as with
 * the in-process bus; every event is also published on NATS, and events from other processes are replayed locally.
 * An origin id keeps a process from receiving its own events twice.
 */
export class NatsEventBus implements EventBus {
  private readonly local: InProcessEventBus;
  private readonly origin = randomUUID();
  private subscription?: Subscription;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly onError: (name: string, error: unknown) => void,
    private readonly codec: Codec<Envelope>,
  ) {
    this.local = new InProcessEventBus(onError);
  }

  static async connect(
    url: string,
    options: { prefix?: string; name?: string; onError?: (name: string, error: unknown) => void } = {},
  ): Promise<NatsEventBus> {
    // loaded here: a process on the in-process bus (no EVENT_BUS_URL) never pays for the NATS client's code
    const { connect, JSONCodec } = await import('nats');
    const nc = await connect({
      servers: url,
      name: options.name ?? 'bsc',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    const bus = new NatsEventBus(
      nc,
      options.prefix ?? DEFAULT_SUBJECT_PREFIX,
      options.onError ?? (() => undefined),
      JSONCodec<Envelope>(),
    );
    bus.listen();
    return bus;
  }

  publish<K extends BscEventName>(name: K, payload: BscEventMap[K]): void {
    this.local.publish(name, payload);
    try {
      this.nc.publish(`${this.prefix}.${name}`, this.codec.encode({ origin: this.origin, payload }));
    } catch (error) {
      // A closed or draining connection must not break the local path.
      this.onError(name, error);
    }
  }

  subscribe<K extends BscEventName>(name: K, handler: BscEventHandler<K>): () => void {
    return this.local.subscribe(name, handler);
  }

  /** Resolves once everything published so far reached the server. */
  flush(): Promise<void> {
    return this.nc.flush();
  }

  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private listen(): void {
    const subscription = this.nc.subscribe(`${this.prefix}.>`);
    this.subscription = subscription;
    void (async () => {
      for await (const message of subscription) {
        const name = message.subject.slice(this.prefix.length + 1) as BscEventName;
        try {
          const envelope = this.codec.decode(message.data);
          if (envelope.origin !== this.origin) this.local.publish(name, envelope.payload as BscEventMap[typeof name]);
        } catch (error) {
          this.onError(name, error);
        }
      }
    })();
  }
}
