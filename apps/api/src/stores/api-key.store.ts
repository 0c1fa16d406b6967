import type { ApiKeyRecord } from '@bsc/persistence';

/** An API key as stored (the key itself is never stored, only its sha256); unitScope lists granted units, comma-separated. */
export type { ApiKeyRecord };

/** What the API needs from the API key table; persistence's ApiKeyRepository satisfies it. */
export interface ApiKeyStore {
  /** Generates the key, stores its hash, returns the key once. */
  create(input: {
    name: string;
    role: string;
    unitScope?: string | null;
    createdAt?: number;
  }): Promise<{ record: ApiKeyRecord; key: string }>;
  /** The record of a presented key when it exists and is not revoked. */
  findActiveByKey(key: string): Promise<ApiKeyRecord | null>;
  list(): Promise<ApiKeyRecord[]>;
  /** Idempotent; BscError NOT_FOUND for an unknown id. */
  revoke(id: string, at?: number): Promise<ApiKeyRecord>;
}

export const API_KEY_STORE = Symbol('API_KEY_STORE');
