import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AlertEntity } from './alert.entity';
import { epochMsTransformer } from './column-transformers';

/** The history of an alert: raised, notified, escalated, acknowledged, resolved. */
@Entity({ name: 'alert_event' })
@Index('IDX_alert_event_alert_at', ['alertId', 'at'])
export class AlertEventEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'alert_id', type: 'varchar', length: 64 })
  alertId: string;

  @Column({ name: 'at', type: 'bigint', transformer: epochMsTransformer })
  at: number;

  @Column({ name: 'type', type: 'varchar', length: 32 })
  type: string;

  @Column({ name: 'actor', type: 'varchar', length: 128, nullable: true })
  actor: string | null;

  @Column({ name: 'detail', type: 'text', nullable: true })
  detail: string | null;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id' })
  alert?: AlertEntity;
}
