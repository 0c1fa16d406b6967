import { createHash } from 'node:crypto';
import type { Principal } from './principal';

interface Entry {
  id: string;
  principal: Principal;
  until: number;
}

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
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  get(digest: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (entry.until > now) return entry.principal;
    this.entries.delete(digest);
    return undefined;
  }

  /** Taken before a database lookup and handed to `set`: a revocation in between voids the lookup. */
  begin(): number {
    return this.generation;
  }

  set(digest: string, id: string, principal: Principal, startedAt: number, now = Date.now()): void {
    if (this.ttlMs <= 0 || startedAt !== this.generation) return;
    this.entries.delete(digest);
    // Map order is insertion order: the oldest lookup goes first
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(digest, { id, principal, until: now + this.ttlMs });
  }

  /** The key with this id stops working here now. */
  revoked(id: string): void {
    this.generation += 1;
    for (const [digest, entry] of this.entries) if (entry.id === id) this.entries.delete(digest);
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
