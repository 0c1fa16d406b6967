import { createHash } from 'node:crypto';
import { ExpiringMap } from '@bsc/common';
import type { Principal } from './principal';

/** The digest a presented key is cached under: the cache never holds the key itself. */
export function apiKeyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64');
}

/**
 * Verified API keys of this process, so a dashboard polling with a key costs no database round trip per request.
 * An entry is trusted for `ttlMs` after its lookup: the bound on how long a key revoked elsewhere (another API
 * instance whose event did not arrive, the CLI writing to the database directly) keeps working here. A revocation
 * seen here drops the key at once, and a lookup that started before it is never cached (the generation).
 * Unknown keys are not cached, so a key issued on another instance works here at once.
 */
export class ApiKeyCache {
  private readonly entries: ExpiringMap<string, { id: string; principal: Principal }>;
  private generation = 0;

  constructor(ttlMs: number, maxEntries = 1_000) {
    this.entries = new ExpiringMap(ttlMs, maxEntries);
  }

  get(digest: string, now = Date.now()): Principal | undefined {
    return this.entries.get(digest, now)?.principal;
  }

  /** Taken before a database lookup and handed to `set`: a revocation in between voids the lookup. */
  begin(): number {
    return this.generation;
  }

  set(digest: string, id: string, principal: Principal, startedAt: number, now = Date.now()): void {
    if (startedAt === this.generation) this.entries.set(digest, { id, principal }, now);
  }

  /** The key with this id stops working here now. */
  revoked(id: string): void {
    this.generation += 1;
    this.entries.deleteWhere((entry) => entry.id === id);
  }

  /** Everything is looked up again (events may have been missed). */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
