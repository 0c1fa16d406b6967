import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/** A message the ingestion pipeline could not turn into samples, kept with its raw payload for diagnosis. */
@Entity({ name: 'dead_letter' })
@Index('IDX_dead_letter_received_at', ['receivedAt'])
@Index('IDX_dead_letter_reason', ['reason', 'receivedAt'])
export class DeadLetterEntity {
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

  /** Raw payload as text; binary payloads (Sparkplug protobuf) are base64 (see payload_encoding). */
  @Column({ name: 'payload', type: 'text', nullable: true })
  payload: string | null;

  @Column({ name: 'payload_encoding', type: 'varchar', length: 8 })
  payloadEncoding: 'utf8' | 'base64';

  @Column({ name: 'signal_id', type: 'varchar', length: 256, nullable: true })
  signalId: string | null;
}
