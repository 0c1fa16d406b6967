import { Inject, Injectable } from '@nestjs/common';
import { API_KEY_STORE, type ApiKeyRecord, type ApiKeyStore } from '../stores/api-key.store';
import { decodeUnitScope, encodeUnitScope } from './api-key-codec';
import { isRole, type Principal, type Role } from './principal';

export interface IssuedApiKey {
  record: ApiKeyRecord;
  /** The key itself: shown once, never stored. */
  key: string;
}

@Injectable()
export class ApiKeyService {
  constructor(@Inject(API_KEY_STORE) private readonly store: ApiKeyStore) {}

  issue(name: string, role: Role, units: readonly string[] | null, at = Date.now()): Promise<IssuedApiKey> {
    return this.store.create({ name, role, unitScope: encodeUnitScope(units), createdAt: at });
  }

  revoke(id: string, at = Date.now()): Promise<ApiKeyRecord> {
    return this.store.revoke(id, at);
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  async hasActiveAdminKey(): Promise<boolean> {
    return (await this.store.list()).some((r) => r.role === 'admin' && r.revokedAt === null);
  }

  /** The principal of a presented key, null when unknown or revoked. */
  async verify(key: string): Promise<Principal | null> {
    const record = await this.store.findActiveByKey(key);
    if (!record || !isRole(record.role)) return null;
    return { subject: `apikey:${record.id}`, role: record.role, units: decodeUnitScope(record.unitScope), via: 'api_key' };
  }
}
