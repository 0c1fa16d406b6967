import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TwinModelVersionEntity } from './twin-model-version.entity';

/** A typed edge of the normalised twin graph of one model version. */
@Entity({ name: 'twin_edge' })
@Index('IDX_twin_edge_from', ['versionId', 'fromNode'])
@Index('IDX_twin_edge_to', ['versionId', 'toNode'])
export class TwinEdgeEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'version_id', type: 'integer' })
  versionId: number;

  @Column({ name: 'from_node', type: 'varchar', length: 256 })
  fromNode: string;

  @Column({ name: 'to_node', type: 'varchar', length: 256 })
  toNode: string;

  @Column({ name: 'type', type: 'varchar', length: 32 })
  type: string;

  @Column({ name: 'props', type: 'simple-json', nullable: true })
  props: Record<string, unknown> | null;

  @ManyToOne(() => TwinModelVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  modelVersion?: TwinModelVersionEntity;
}
