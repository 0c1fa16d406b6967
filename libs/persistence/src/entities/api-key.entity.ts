import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/** An API key; only its sha256 is stored, the key itself is shown once at creation. */
@Entity({ name: 'api_key' })
@Index('UQ_api_key_hashed_key', ['hashedKey'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'name', type: 'varchar', length: 128 })
  name: string;

  @Column({ name: 'hashed_key', type: 'varchar', length: 64 })
  hashedKey: string;

  @Column({ name: 'role', type: 'varchar', length: 32 })
  role: string;

  /** Org unit the key is limited to (and its descendants); null = all units. */
  @Column({ name: 'unit_scope', type: 'varchar', length: 256, nullable: true })
  unitScope: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMsTransformer })
  createdAt: number;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  revokedAt: number | null;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  lastUsedAt: number | null;
}
