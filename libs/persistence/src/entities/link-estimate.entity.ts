import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/** An estimate of a strategy-map link (lagged correlation, effect size) computed from history. */
@Entity({ name: 'link_estimate' })
@Index('IDX_link_estimate_link_computed_at', ['fromObjective', 'toObjective', 'computedAt'])
@Index('IDX_link_estimate_computed_at', ['computedAt'])
export class LinkEstimateEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'from_objective', type: 'varchar', length: 256 })
  fromObjective: string;

  @Column({ name: 'to_objective', type: 'varchar', length: 256 })
  toObjective: string;

  @Column({ name: 'computed_at', type: 'bigint', transformer: epochMsTransformer })
  computedAt: number;

  @Column({ name: 'payload', type: 'simple-json' })
  payload: unknown;
}
