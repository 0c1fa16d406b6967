import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TwinModel } from '@bsc/twin';
import { epochMsTransformer } from './column-transformers';

/** One imported revision of a twin model; importing never overwrites, it appends. */
@Entity({ name: 'twin_model_version' })
@Index('UQ_twin_model_version_model_version', ['modelId', 'version'], { unique: true })
@Index('IDX_twin_model_version_imported_at', ['importedAt'])
export class TwinModelVersionEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'model_id', type: 'varchar', length: 128 })
  modelId: string;

  /** Increases by one per model_id. */
  @Column({ name: 'version', type: 'integer' })
  version: number;

  @Column({ name: 'imported_at', type: 'bigint', transformer: epochMsTransformer })
  importedAt: number;

  @Column({ name: 'imported_by', type: 'varchar', length: 128 })
  importedBy: string;

  /** sha256 (hex) of the canonical JSON of the document. */
  @Column({ name: 'checksum', type: 'varchar', length: 64 })
  checksum: string;

  @Column({ name: 'document', type: 'simple-json' })
  document: TwinModel;

  @Column({ name: 'active', type: 'boolean' })
  active: boolean;
}
