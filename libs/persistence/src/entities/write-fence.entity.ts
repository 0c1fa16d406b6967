import { Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableNumberTransformer } from './column-transformers';

/**
 * The highest fencing token that has written under a name (e.g. a KPI partition's lease): a write carrying a lower
 * token comes from a holder that lost its lease meanwhile, and is refused.
 */
@Entity({ name: 'write_fence' })
export class WriteFenceEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'token', type: 'bigint', transformer: nullableNumberTransformer })
  token: number;
}
