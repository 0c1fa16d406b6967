import type { TwinModel } from '@bsc/twin';

export interface ModelVersionSummary {
  /** Row id (stable across models); `version` is the number users see, per model. */
  id: number;
  modelId: string;
  version: number;
  importedAt: number;
  importedBy: string;
  /** sha256 (hex) of the canonical JSON of the model. */
  checksum: string;
  active: boolean;
}

export interface ModelVersion extends ModelVersionSummary {
  model: TwinModel;
}

export interface ImportVersionResult {
  version: ModelVersion;
  /** False when the model was identical to the active version, which is then returned unchanged. */
  created: boolean;
}

export interface TwinGraphNodeRecord {
  id: string;
  /** unit | perspective | objective | kpi | signal | process | asset | initiative | opcua_server */
  kind: string;
  name: string;
  props: Record<string, unknown>;
}

export interface TwinGraphEdgeRecord {
  from: string;
  to: string;
  /** One of @bsc/twin's TWIN_EDGE_TYPES; props carry the edge's attributes (derived, weight, lag, lagMs, polarity). */
  type: string;
  props?: Record<string, unknown>;
}

/** The normalised graph of one model version, as stored for queries on past versions. */
export interface TwinGraphSnapshot {
  nodes: TwinGraphNodeRecord[];
  edges: TwinGraphEdgeRecord[];
}
