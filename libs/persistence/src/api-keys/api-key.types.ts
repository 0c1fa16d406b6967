export interface ApiKeyRecord {
  id: string;
  name: string;
  role: string;
  /** Org unit the key is limited to (with its descendants); null = every unit. */
  unitScope: string | null;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface NewApiKey {
  name: string;
  role: string;
  unitScope?: string | null;
  createdAt?: number;
}

export interface CreatedApiKey {
  record: ApiKeyRecord;
  /** The secret; shown once, only its hash is stored. */
  key: string;
}
