// The twin model as written by users (YAML/JSON) after validation.
// Plain data only: this is the contract every other library builds on.

import type { CalendarDef } from './calendar-def.types';
import type { KpiDef } from './kpi-def.types';
import type { DurationText, Id } from './model-primitives.types';
import type { OpcUaServerDef, SignalDef } from './signal-def.types';

// Split by concern; every part is re-exported here (and so from the library's index).
export * from './model-primitives.types';
export * from './calendar-def.types';
export * from './kpi-def.types';
export * from './signal-def.types';

export const EDGE_TYPES = ['part_of', 'feeds', 'measured_by'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

export const INITIATIVE_STATUSES = ['planned', 'on_track', 'at_risk', 'off_track', 'done', 'cancelled'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

export const DEFAULT_PERSPECTIVES: readonly PerspectiveDef[] = [
  { id: 'financial', name: 'Financial', order: 1, weight: 1 },
  { id: 'customer', name: 'Customer', order: 2, weight: 1 },
  { id: 'internal_process', name: 'Internal Process', order: 3, weight: 1 },
  { id: 'learning_growth', name: 'Learning & Growth', order: 4, weight: 1 },
];

export interface OrgUnitDef {
  id: Id;
  name: string;
  parent?: Id;
  owner?: string;
  /** Weight of this unit when its parent combines children with weighted_average. */
  weight?: number;
}

export interface PerspectiveDef {
  id: Id;
  name: string;
  order: number;
  weight: number;
}

export interface ObjectiveKpiRef {
  kpi: Id;
  weight: number;
}

export interface ObjectiveDef {
  id: Id;
  name: string;
  description?: string;
  perspective: Id;
  unit: Id;
  owner?: string;
  weight: number;
  kpis: ObjectiveKpiRef[];
}

/** A cause→effect hypothesis on the strategy map: improving `from` moves `to` after `lag`. */
export interface StrategyLinkDef {
  from: Id;
  to: Id;
  lag: DurationText;
  hypothesis?: string;
  /** Expected sign of the relation. */
  polarity: 'positive' | 'negative';
}

export interface ProcessDef {
  id: Id;
  name: string;
  unit: Id;
  kind?: string;
  /** Parent process (part_of). */
  parent?: Id;
  description?: string;
}

export interface AssetDef {
  id: Id;
  name: string;
  /** The process the asset is part of. */
  process: Id;
  type?: string;
}

export interface EdgeDef {
  from: Id;
  to: Id;
  type: EdgeType;
}

export interface MilestoneDef {
  name: string;
  due: string;
  done: boolean;
}

export interface InitiativeDef {
  id: Id;
  name: string;
  owner?: string;
  unit: Id;
  objectives: Id[];
  kpis: Id[];
  budget?: { amount: number; currency: string };
  milestones: MilestoneDef[];
  status: InitiativeStatus;
  start?: string;
  end?: string;
}

export interface TwinModel {
  apiVersion: 'bsc.twin/v1';
  id: Id;
  name: string;
  description?: string;
  calendar: CalendarDef;
  units: OrgUnitDef[];
  perspectives: PerspectiveDef[];
  objectives: ObjectiveDef[];
  links: StrategyLinkDef[];
  kpis: KpiDef[];
  processes: ProcessDef[];
  assets: AssetDef[];
  edges: EdgeDef[];
  opcuaServers: OpcUaServerDef[];
  signals: SignalDef[];
  initiatives: InitiativeDef[];
}

/** One validation problem, e.g. { path: "kpis[3].formula", message: "unknown signal 'line1.scrap'" }. */
export interface ModelIssue {
  path: string;
  message: string;
}
