import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InitiativeStatus, MilestoneDef } from '@bsc/twin';
import { epochMsTransformer } from './column-transformers';

/** Runtime edits of an initiative (status, progress, milestones) layered over the model's definition. */
@Entity({ name: 'initiative_state' })
export class InitiativeStateEntity {
  @PrimaryColumn({ name: 'initiative_id', type: 'varchar', length: 256 })
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
}
