import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { InitiativeStatus, MilestoneDef } from '@bsc/twin';
import { epochMsTransformer } from './column-transformers';

/**
 * Runtime edits of an initiative (status, progress, milestones) layered over the model's definition. Rows are never
 * overwritten: a row is in force from updated_at until superseded_at (the next update), so time travel finds the
 * state in force then.
 */
@Entity({ name: 'initiative_state' })
@Index('IDX_initiative_state_initiative_updated_at', ['initiativeId', 'updatedAt'])
// one row in force per initiative; the live read walks only these, not the history
@Index('UQ_initiative_state_in_force', ['initiativeId'], { unique: true, where: `"superseded_at" IS NULL` })
export class InitiativeStateEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'initiative_id', type: 'varchar', length: 256 })
  initiativeId: string;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status: InitiativeStatus;

  /** 0..1 */
  @Column({ name: 'progress', type: 'double precision' })
  progress: number;

  /** Spent so far, in the currency of the model's budget; null = not reported. */
  @Column({ name: 'budget_actual', type: 'double precision', nullable: true })
  budgetActual: number | null;

  @Column({ name: 'milestones', type: 'simple-json' })
  milestones: MilestoneDef[];

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMsTransformer })
  updatedAt: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 128 })
  updatedBy: string;

  /** When the next update replaced this state; NULL while in force. */
  @Column({ name: 'superseded_at', type: 'bigint', nullable: true, transformer: epochMsTransformer })
  supersededAt: number | null;
}
