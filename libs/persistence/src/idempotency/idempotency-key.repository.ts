import { DataSource, IsNull, LessThanOrEqual } from 'typeorm';
import { isPostgres, tableRef } from '../data-source/sql-dialect';
import { IdempotencyKeyEntity } from '../entities/idempotency-key.entity';

/** What a replica recorded under a key: the request's payload fingerprint, and its response once it succeeded. */
export interface IdempotencyRecord {
  fingerprint: string;
  response: string | null;
}

export type IdempotencyClaim = { claimed: true } | { claimed: false; known: IdempotencyRecord };

/** A claim and a read race only with a release or an expiry in between; past this the key is taken as held. */
const CLAIM_ATTEMPTS = 3;

/**
 * HTTP Idempotency-Keys shared by every replica: one row per key, taken by one attempt at a time (the insert is
 * atomic on the primary key), holding the response once the request succeeded.
 */
export class IdempotencyKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes `key` for the attempt `claim` until `holdUntil` when no live row holds it (none, or one expired by `now`:
   * a finished request's, or a claim whose replica died before it finished); else returns the live row.
   */
  async claim(
    key: string,
    fingerprint: string,
    claim: string,
    now: number,
    holdUntil: number,
  ): Promise<IdempotencyClaim> {
    const { sql, params } = this.claimStatement(key, fingerprint, claim, now, holdUntil);
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const taken = await this.dataSource.query<unknown[]>(sql, params);
      if (taken.length > 0) return { claimed: true };
      const known = await this.dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ key });
      // released or expired since the insert found it: claim again
      if (known && known.expiresAt > now)
        return { claimed: false, known: { fingerprint: known.fingerprint, response: known.response } };
    }
    return { claimed: false, known: { fingerprint, response: null } };
  }

  /** Keeps the response of the attempt `claim` until `expiresAt`; false when the key is no longer that attempt's. */
  async complete(key: string, claim: string, response: string, expiresAt: number): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(IdempotencyKeyEntity)
      .update({ key, claim, response: IsNull() }, { response, expiresAt });
    return (result.affected ?? 0) > 0;
  }

  /** Forgets the key if the attempt `claim` still holds it (its request failed, so a retry runs). */
  async release(key: string, claim: string): Promise<void> {
    await this.dataSource.getRepository(IdempotencyKeyEntity).delete({ key, claim, response: IsNull() });
  }

  /** Removes the rows expired by `now`; resolves with how many. */
  async deleteExpired(now: number): Promise<number> {
    const result = await this.dataSource
      .getRepository(IdempotencyKeyEntity)
      .delete({ expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }

  private claimStatement(
    key: string,
    fingerprint: string,
    claim: string,
    now: number,
    holdUntil: number,
  ): { sql: string; params: unknown[] } {
    const p = isPostgres(this.dataSource) ? (i: number) => `$${i}` : () => '?';
    // an expired row is taken over in place: the insert and the take-over are one atomic statement
    const sql =
      `INSERT INTO ${tableRef(this.dataSource, IdempotencyKeyEntity)} AS k ` +
      `("key", fingerprint, claim, response, expires_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, NULL, ${p(4)}) ` +
      `ON CONFLICT ("key") DO UPDATE SET fingerprint = excluded.fingerprint, claim = excluded.claim, ` +
      `response = NULL, expires_at = excluded.expires_at WHERE k.expires_at <= ${p(5)} RETURNING claim`;
    return { sql, params: [key, fingerprint, claim, holdUntil, now] };
  }
}
