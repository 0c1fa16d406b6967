import { NatsError, StringCodec, type KV, type NatsConnection } from 'nats';
import { LeaseConflictError, type LeaseEntry, type LeaseStore } from './lease-store';

/** JetStream's "wrong last sequence" API error: the compare-and-set lost. */
const WRONG_LAST_SEQUENCE = 10071;

export interface JetStreamLeaseStoreOptions {
  /** KV bucket name; every process that competes for the same leases must use the same bucket. */
  bucket?: string;
  /** Entry lifetime, used when the bucket is created; an existing bucket keeps (and reports) its own. */
  ttlMs: number;
  /** Stream replicas of the bucket (1 or 3 or 5); a clustered deployment uses 3. */
  replicas?: number;
}

export const DEFAULT_LEASE_BUCKET = 'bsc_leases';

/**
 * Leases on a JetStream KV bucket whose max age is the lease time (NATS 2.9 has no per-key TTL): `create` fails when
 * the key holds a value, `update` and `delete` compare the key's last revision, and the server drops an entry
 * `ttl` after its last write.
 */
export class JetStreamLeaseStore implements LeaseStore {
  private readonly codec = StringCodec();

  private constructor(
    private readonly kv: KV,
    readonly ttlMs: number,
  ) {}

  static async open(nc: NatsConnection, options: JetStreamLeaseStoreOptions): Promise<JetStreamLeaseStore> {
    const kv = await nc.jetstream().views.kv(options.bucket ?? DEFAULT_LEASE_BUCKET, {
      ttl: options.ttlMs,
      history: 1,
      replicas: options.replicas ?? 1,
    });
    // the bucket may predate us with another lease time: time renewals by what the server enforces
    const status = await kv.status();
    return new JetStreamLeaseStore(kv, status.ttl > 0 ? status.ttl : options.ttlMs);
  }

  create(key: string, holder: string): Promise<number> {
    return this.guard(key, () => this.kv.create(key, this.codec.encode(holder)));
  }

  update(key: string, holder: string, revision: number): Promise<number> {
    return this.guard(key, () => this.kv.update(key, this.codec.encode(holder), revision));
  }

  async get(key: string): Promise<LeaseEntry | null> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return null;
    return { holder: this.codec.decode(entry.value), revision: entry.revision };
  }

  delete(key: string, revision: number): Promise<void> {
    return this.guard(key, () => this.kv.delete(key, { previousSeq: revision }));
  }

  async keys(prefix: string): Promise<string[]> {
    const found: string[] = [];
    for await (const key of await this.kv.keys(`${prefix}>`)) found.push(key);
    return found;
  }

  private async guard<T>(key: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof NatsError && error.api_error?.err_code === WRONG_LAST_SEQUENCE) {
        throw new LeaseConflictError(key);
      }
      throw error;
    }
  }
}
