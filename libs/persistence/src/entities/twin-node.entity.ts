import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TwinModelVersionEntity } from './twin-model-version.entity';

/** A node of the normalised twin graph of one model version. */
@Entity({ name: 'twin_node' })
export class TwinNodeEntity {
  @PrimaryColumn({ name: 'version_id', type: 'integer' })
  versionId: number;

  /** unit, perspective, objective, kpi, process, asset, signal, initiative, opcua_server. */
  @PrimaryColumn({ name: 'kind', type: 'varchar', length: 32 })
  kind: string;

  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 256 })
  nodeId: string;

  @Column({ name: 'name', type: 'varchar', length: 512 })
  name: string;

  @Column({ name: 'props', type: 'simple-json' })
  props: Record<string, unknown>;

  @ManyToOne(() => TwinModelVersionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  modelVersion?: TwinModelVersionEntity;
}
