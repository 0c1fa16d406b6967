import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { BscError, BscErrorCode } from '@bsc/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity';
import type { ApiKeyRecord, CreatedApiKey, NewApiKey } from './api-key.types';

const KEY_PREFIX = 'bsc_';
/** 256 bits of entropy: long enough that a fast unsalted hash is safe to store. */
const KEY_BYTES = 32;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function toApiKeyRecord(e: ApiKeyEntity): ApiKeyRecord {
  return {
    id: e.id,
    name: e.name,
    role: e.role,
    unitScope: e.unitScope,
    createdAt: e.createdAt,
    revokedAt: e.revokedAt,
    lastUsedAt: e.lastUsedAt,
  };
}

/** API keys: stored as sha256 hashes, looked up by hash, revoked rather than deleted. */
export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewApiKey): Promise<CreatedApiKey> {
    const key = `${KEY_PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
    const row: ApiKeyEntity = {
      id: randomUUID(),
      name: input.name,
      hashedKey: hashApiKey(key),
      role: input.role,
      unitScope: input.unitScope ?? null,
      createdAt: input.createdAt ?? Date.now(),
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.dataSource.getRepository(ApiKeyEntity).insert(row);
    return { record: toApiKeyRecord(row), key };
  }

  /** The key's record when it exists and is not revoked. */
  async findActiveByKey(key: string): Promise<ApiKeyRecord | null> {
    const row = await this.dataSource
      .getRepository(ApiKeyEntity)
      .findOneBy({ hashedKey: hashApiKey(key), revokedAt: IsNull() });
    return row ? toApiKeyRecord(row) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toApiKeyRecord);
  }

  async touch(id: string, at: number = Date.now()): Promise<void> {
    await this.dataSource.getRepository(ApiKeyEntity).update({ id }, { lastUsedAt: at });
  }

  /** Idempotent; NotFound for an unknown id. */
  async revoke(id: string, at: number = Date.now()): Promise<ApiKeyRecord> {
    const keys = this.dataSource.getRepository(ApiKeyEntity);
    await keys.update({ id, revokedAt: IsNull() }, { revokedAt: at });
    const row = await keys.findOneBy({ id });
    if (!row) throw new BscError(BscErrorCode.NotFound, `API key ${id} does not exist`, 'id');
    return toApiKeyRecord(row);
  }
}
