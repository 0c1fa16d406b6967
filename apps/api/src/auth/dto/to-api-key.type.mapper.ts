import type { ApiKeyRecord } from '../../stores/api-key.store';
import { decodeUnitScope } from '../api-key-codec';
import type { Role } from '../principal';
import type { ApiKeyType } from './api-key.type';

export function toApiKeyType(record: ApiKeyRecord): ApiKeyType {
  return {
    id: record.id,
    name: record.name,
    role: record.role as Role,
    units: decodeUnitScope(record.unitScope),
    createdAt: new Date(record.createdAt),
    revokedAt: record.revokedAt === null ? null : new Date(record.revokedAt),
  };
}
