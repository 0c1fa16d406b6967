import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

export const DEAD_LETTER_TABLE = 'dead_letter';

/**
 * A message the ingestion pipeline could not turn into samples, kept with its raw payload for diagnosis. The binary
 * column's type differs by database (bytea, blob), so each database maps its own subclass to the one table.
 */
@Index('IDX_dead_letter_received_at', ['receivedAt'])
@Index('IDX_dead_letter_reason', ['reason', 'receivedAt'])
@Index('UQ_dead_letter_origin_key', ['originKey'], { unique: true })
export abstract class DeadLetterEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'received_at', type: 'bigint', transformer: epochMsTransformer })
  receivedAt: number;

  @Column({ name: 'source', type: 'varchar', length: 128 })
  source: string;

  /** MQTT topic, OPC UA node id, HTTP route... */
  @Column({ name: 'channel', type: 'varchar', length: 512, nullable: true })
  channel: string | null;

  @Column({ name: 'reason', type: 'varchar', length: 64 })
  reason: string;

  @Column({ name: 'detail', type: 'text' })
  detail: string;

  /** Raw payload when it is text (`utf8`); rows written before payload_bytes existed may hold base64 (`base64`). */
  @Column({ name: 'payload', type: 'text', nullable: true })
  payload: string | null;

  /** `utf8`: text in payload; `bytes`: the raw bytes in payload_bytes; `base64`: an old row's bytes in payload. */
  @Column({ name: 'payload_encoding', type: 'varchar', length: 8 })
  payloadEncoding: 'utf8' | 'base64' | 'bytes';

  /** Raw payload as received when it is not clean text (binary protobuf, 0x00 bytes, invalid UTF-8). */
  payloadBytes: Buffer | null;

  @Column({ name: 'signal_id', type: 'varchar', length: 256, nullable: true })
  signalId: string | null;

  /** Names the input when it can come again as the same input (see DeadLetter.originKey); unique when present. */
  @Column({ name: 'origin_key', type: 'varchar', length: 128, nullable: true })
  originKey: string | null;
}

@Entity({ name: DEAD_LETTER_TABLE })
export class PostgresDeadLetterEntity extends DeadLetterEntity {
  @Column({ name: 'payload_bytes', type: 'bytea', nullable: true })
  declare payloadBytes: Buffer | null;
}

@Entity({ name: DEAD_LETTER_TABLE })
export class SqliteDeadLetterEntity extends DeadLetterEntity {
  @Column({ name: 'payload_bytes', type: 'blob', nullable: true })
  declare payloadBytes: Buffer | null;
}
