import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { JetStreamLeaseStore, LeaseKeeper } from '@bsc/cluster';
import type { Singletons, StopJob } from './singletons.port';

/** Lease names of singleton jobs, apart from the KPI partitions' leases in the same bucket. */
export const SINGLETON_LEASE_PREFIX = 'singleton.';

/**
 * Singletons elected through leases (see LeaseKeeper): a job starts when its lease is acquired and stops when the
 * lease is lost, expired or released; its stop finishes before the keeper frees the lease to a successor.
 */
export class LeasedSingletons implements Singletons, OnApplicationShutdown {
  readonly elected = true;
  private readonly logger = new Logger('Singletons');

  constructor(
    private readonly keeper: LeaseKeeper,
    private readonly nc?: NatsConnection,
  ) {}

  /** Its own connection, so the leases do not share flow control with the event traffic. */
  static async connect(url: string, options: { ttlMs: number; replicas?: number }): Promise<LeasedSingletons> {
    const servers = url.split(',').map((u) => u.trim());
    const nc = await connect({ servers, name: 'bsc-singletons', maxReconnectAttempts: -1 });
    const store = await JetStreamLeaseStore.open(nc, { ttlMs: options.ttlMs, replicas: options.replicas });
    const logger = new Logger('Singletons');
    const keeper = new LeaseKeeper(store, {
      holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      onError: (error) => logger.warn({ err: error }, 'lease round failed; retrying'),
    });
    return new LeasedSingletons(keeper, nc);
  }

  run(name: string, start: () => StopJob | Promise<StopJob>): () => Promise<void> {
    let running: Promise<StopJob | undefined> | undefined;
    const handle = this.keeper.hold(`${SINGLETON_LEASE_PREFIX}${name}`, {
      onAcquired: async () => {
        this.logger.log({ job: name, holder: this.keeper.holder }, 'singleton job started here');
        running = Promise.resolve(start()).catch((error: unknown) => {
          this.logger.error({ job: name, err: error }, 'singleton job failed to start');
          return undefined;
        });
        await running;
      },
      onLost: async (_lease, reason) => {
        const stop = await running;
        running = undefined;
        this.logger.log({ job: name, reason }, 'singleton job stopped here');
        await stop?.();
      },
    });
    return () => handle.release();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.keeper.close();
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
  }
}
