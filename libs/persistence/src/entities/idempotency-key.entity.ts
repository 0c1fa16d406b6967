import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/**
 * An HTTP `Idempotency-Key` and the request it names, kept in the shared database so every replica answers a retry
 * the same: while the request runs `response` is null and `claim` names the replica's attempt; once it succeeded the
 * response is kept until `expires_at`.
 */
@Entity({ name: 'idempotency_key' })
@Index('IDX_idempotency_key_expires_at', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of the request's payload, base64. */
  @Column({ name: 'fingerprint', type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ name: 'claim', type: 'varchar', length: 64 })
  claim: string;

  /** The response as JSON text; null while the request runs. */
  @Column({ name: 'response', type: 'text', nullable: true })
  response: string | null;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMsTransformer })
  expiresAt: number;
}
