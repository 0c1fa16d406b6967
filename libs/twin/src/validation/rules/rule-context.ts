import type { ModelIssue, TwinModel } from '../../model/twin-model.types';
import type { IssueCollector } from '../issue-path';

export type NodeKind =
  'unit' | 'perspective' | 'objective' | 'kpi' | 'signal' | 'process' | 'asset' | 'initiative' | 'opcua_server';

export const NODE_KIND_LABEL: Readonly<Record<NodeKind, string>> = {
  unit: 'org unit',
  perspective: 'perspective',
  objective: 'objective',
  kpi: 'KPI',
  signal: 'signal',
  process: 'process',
  asset: 'asset',
  initiative: 'initiative',
  opcua_server: 'OPC UA server',
};

export interface IndexedNode {
  kind: NodeKind;
  /** Path of the declaration, e.g. "kpis[3]". */
  path: string;
}

export interface RuleContext {
  model: TwinModel;
  /** First declaration of every id (duplicates are reported by the id rule). */
  nodes: ReadonlyMap<string, IndexedNode>;
  issues: IssueCollector;
}

/** A semantic rule: reads the normalised model, reports into the collector. */
export type ModelRule = (ctx: RuleContext) => void;

export type { ModelIssue };
