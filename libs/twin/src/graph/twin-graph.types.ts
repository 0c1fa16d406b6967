import { EDGE_TYPES } from '../model/twin-model.types';
import type {
  AssetDef,
  EdgeType,
  Id,
  InitiativeDef,
  KpiDef,
  ObjectiveDef,
  OpcUaServerDef,
  OrgUnitDef,
  PerspectiveDef,
  ProcessDef,
  SignalDef,
  SignalSourceDef,
} from '../model/twin-model.types';

export const TWIN_NODE_KINDS = [
  'unit',
  'perspective',
  'objective',
  'kpi',
  'signal',
  'process',
  'asset',
  'initiative',
  'opcua_server',
] as const;
export type TwinNodeKind = (typeof TWIN_NODE_KINDS)[number];

interface NodeOf<K extends TwinNodeKind, D> {
  id: Id;
  kind: K;
  name: string;
  def: D;
}

/** A node of the twin graph with its definition from the model. */
export type TwinNode =
  | NodeOf<'unit', OrgUnitDef>
  | NodeOf<'perspective', PerspectiveDef>
  | NodeOf<'objective', ObjectiveDef>
  | NodeOf<'kpi', KpiDef>
  | NodeOf<'signal', SignalDef>
  | NodeOf<'process', ProcessDef>
  | NodeOf<'asset', AssetDef>
  | NodeOf<'initiative', InitiativeDef>
  | NodeOf<'opcua_server', OpcUaServerDef>;

/**
 * Model edge types plus the relations derived from definitions:
 * computed_from (kpi -> signal|kpi), contributes_to (kpi -> objective), belongs_to (objective -> perspective),
 * owned_by (objective|kpi|initiative -> unit), cause_effect (objective -> objective), supports
 * (initiative -> objective|kpi), sourced_from (signal -> opcua_server).
 */
export const DERIVED_EDGE_TYPES = [
  'computed_from',
  'contributes_to',
  'belongs_to',
  'owned_by',
  'cause_effect',
  'supports',
  'sourced_from',
] as const;
export type TwinEdgeType = EdgeType | (typeof DERIVED_EDGE_TYPES)[number];
/** The one edge vocabulary: what the graph holds, what persistence stores and what the API exposes. */
export const TWIN_EDGE_TYPES: readonly TwinEdgeType[] = [...EDGE_TYPES, ...DERIVED_EDGE_TYPES];

export interface TwinEdge {
  from: Id;
  to: Id;
  type: TwinEdgeType;
  /** False for edges written in the model's `edges` list. */
  derived: boolean;
  /** contributes_to: the KPI's weight in the objective. */
  weight?: number;
  /** cause_effect: the hypothesised lag, as written and in ms. */
  lag?: string;
  lagMs?: number;
  polarity?: 'positive' | 'negative';
  /** cause_effect: the hypothesis behind the link, when the model states one. */
  hypothesis?: string;
}

export interface TwinSubgraph {
  nodes: TwinNode[];
  edges: TwinEdge[];
}

export interface SubgraphOptions {
  /** False for nodes the walk may neither return nor pass through (e.g. outside the caller's org units). */
  canEnter?: (node: TwinNode) => boolean;
  /** Stop once this many nodes are collected. */
  maxNodes?: number;
}

export interface SignalLineage {
  signalId: Id;
  source: SignalSourceDef;
  /** Asset or process the signal measures. */
  measures?: Id;
}

/** Where a KPI's value comes from and what it feeds. */
export interface KpiLineage extends TwinSubgraph {
  kpiId: Id;
  /** KPIs it is computed from, directly or transitively (dependencies first). */
  upstreamKpis: Id[];
  signals: SignalLineage[];
  objectives: Id[];
  perspectives: Id[];
}
