import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { API_KEY_STORE, type ApiKeyRecord, type ApiKeyStore } from '../stores/api-key.store';
import { decodeUnitScope, encodeUnitScope, generateApiKey, hashApiKey } from './api-key-codec';
import { isRole, type Principal, type Role } from './principal';

export interface IssuedApiKey {
  record: ApiKeyRecord;
  /** The key itself: shown once, never stored. */
  key: string;
}

@Injectable()
export class ApiKeyService {
  constructor(@Inject(API_KEY_STORE) private readonly store: ApiKeyStore) {}

  async issue(name: string, role: Role, units: readonly string[] | null, at = Date.now()): Promise<IssuedApiKey> {
    const { id, key, hashedKey } = generateApiKey();
    const record: ApiKeyRecord = { id, name, hashedKey, role, unitScope: encodeUnitScope(units), createdAt: at, revokedAt: null, lastUsedAt: null };
    await this.store.insert(record);
    return { record, key };
  }

  async revoke(id: string, at = Date.now()): Promise<ApiKeyRecord> {
    if (!(await this.store.revoke(id, at))) throw new BscError(BscErrorCode.NotFound, `id: no active API key '${id}'`, 'id');
    const found = (await this.store.list()).find((r) => r.id === id);
    return found as ApiKeyRecord;
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  async hasActiveAdminKey(): Promise<boolean> {
    return (await this.store.list()).some((r) => r.role === 'admin' && r.revokedAt === null);
  }

  /** The principal of a presented key, null when unknown or revoked. */
  async verify(key: string): Promise<Principal | null> {
    const record = await this.store.findByHash(hashApiKey(key));
    if (!record || record.revokedAt !== null || !isRole(record.role)) return null;
    return { subject: `apikey:${record.id}`, role: record.role, units: decodeUnitScope(record.unitScope), via: 'api_key' };
  }
}
