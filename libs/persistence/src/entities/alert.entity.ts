import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AlertStatus } from '../alerts/alert.types';
import { epochMsTransformer } from './column-transformers';

/** An alert raised by a rule; at most one unresolved alert per dedup_key (partial unique index). */
@Entity({ name: 'alert' })
@Index('UQ_alert_unresolved_dedup_key', ['dedupKey'], { unique: true, where: `"status" <> 'resolved'` })
@Index('IDX_alert_status_raised_at', ['status', 'raisedAt'])
@Index('IDX_alert_unit_status', ['unitId', 'status'])
export class AlertEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'rule', type: 'varchar', length: 128 })
  rule: string;

  @Column({ name: 'kpi_id', type: 'varchar', length: 256, nullable: true })
  kpiId: string | null;

  @Column({ name: 'unit_id', type: 'varchar', length: 256 })
  unitId: string;

  @Column({ name: 'severity', type: 'varchar', length: 16 })
  severity: string;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: AlertStatus;

  @Column({ name: 'message', type: 'text' })
  message: string;

  @Column({ name: 'raised_at', type: 'bigint', transformer: epochMsTransformer })
  raisedAt: number;

  @Column({ name: 'acknowledged_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  acknowledgedAt: number | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 128, nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'resolved_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  resolvedAt: number | null;

  @Column({ name: 'escalation_level', type: 'integer' })
  escalationLevel: number;

  @Column({ name: 'last_notified_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  lastNotifiedAt: number | null;

  @Column({ name: 'dedup_key', type: 'varchar', length: 512 })
  dedupKey: string;
}
