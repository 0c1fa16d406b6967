import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/**
 * Where the fold of minute rollups into hour and day rollups stands, two rows: `folded` (every minute before it is in
 * its hour and day rows) and `closing` (the fold in progress or next runs up to it). Samples of a minute before
 * `folded` upsert their hour and day rows themselves.
 */
@Entity({ name: 'signal_rollup_fold' })
export class SignalRollupFoldEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 16 })
  name: string;

  /** Exclusive, a minute boundary in epoch ms. */
  @Column({ name: 'up_to', type: 'bigint', transformer: epochMsTransformer })
  upTo: number;
}
