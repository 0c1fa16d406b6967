/** A stored API key: only the sha256 of the key is kept. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  hashedKey: string;
  role: string;
  /** Comma-separated org units the key is limited to (with their subtrees); null = all units. */
  unitScope: string | null;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** What the API needs from the API key table (persistence's ApiKeyRepository satisfies it structurally). */
export interface ApiKeyStore {
  insert(record: ApiKeyRecord): Promise<void>;
  findByHash(hashedKey: string): Promise<ApiKeyRecord | null>;
  /** Marks the key revoked; false when unknown or already revoked. */
  revoke(id: string, at: number): Promise<boolean>;
  list(): Promise<ApiKeyRecord[]>;
}

export const API_KEY_STORE = Symbol('API_KEY_STORE');

export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly byId = new Map<string, ApiKeyRecord>();

  async insert(record: ApiKeyRecord): Promise<void> {
    this.byId.set(record.id, { ...record });
  }

  async findByHash(hashedKey: string): Promise<ApiKeyRecord | null> {
    for (const record of this.byId.values()) if (record.hashedKey === hashedKey) return { ...record };
    return null;
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const record = this.byId.get(id);
    if (!record || record.revokedAt !== null) return false;
    record.revokedAt = at;
    return true;
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.byId.values()].map((r) => ({ ...r })).sort((a, b) => a.createdAt - b.createdAt);
  }
}
