import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/**
 * Append-only: each save of a period commentary (on a KPI or an objective) is a new version, so time travel shows
 * the commentary as it stood then (newest recorded_at <= T per subject and period).
 */
@Entity({ name: 'period_commentary' })
@Index('IDX_period_commentary_lookup', ['subjectKind', 'subjectId', 'periodKey', 'recordedAt'])
export class PeriodCommentaryEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  /** kpi | objective */
  @Column({ name: 'subject_kind', type: 'varchar', length: 16 })
  subjectKind: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 256 })
  subjectId: string;

  @Column({ name: 'period_key', type: 'varchar', length: 32 })
  periodKey: string;

  @Column({ name: 'analysis', type: 'text' })
  analysis: string;

  @Column({ name: 'actions', type: 'text' })
  actions: string;

  /** Display name of the author (API key name or token name claim). */
  @Column({ name: 'author', type: 'varchar', length: 128 })
  author: string;

  @Column({ name: 'recorded_at', type: 'bigint', transformer: epochMsTransformer })
  recordedAt: number;
}
