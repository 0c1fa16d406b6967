import type { TwinEdgeEntity } from '../entities/twin-edge.entity';
import type { TwinModelVersionEntity } from '../entities/twin-model-version.entity';
import type { TwinNodeEntity } from '../entities/twin-node.entity';
import type {
  ModelVersion,
  ModelVersionSummary,
  TwinGraphEdgeRecord,
  TwinGraphNodeRecord,
} from './model-version.types';

export function toModelVersionSummary(entity: TwinModelVersionEntity): ModelVersionSummary {
  return {
    id: entity.id,
    modelId: entity.modelId,
    version: entity.version,
    importedAt: entity.importedAt,
    importedBy: entity.importedBy,
    checksum: entity.checksum,
    active: entity.active,
  };
}

export function toModelVersion(entity: TwinModelVersionEntity): ModelVersion {
  return { ...toModelVersionSummary(entity), model: entity.document };
}

export function toGraphNode(entity: TwinNodeEntity): TwinGraphNodeRecord {
  return { id: entity.nodeId, kind: entity.kind, name: entity.name, props: entity.props };
}

export function toGraphEdge(entity: TwinEdgeEntity): TwinGraphEdgeRecord {
  return entity.props
    ? { from: entity.fromNode, to: entity.toNode, type: entity.type, props: entity.props }
    : { from: entity.fromNode, to: entity.toNode, type: entity.type };
}
