import type { TwinModel } from '../../model/twin-model.types';
import { issuePath, type IssueCollector } from '../issue-path';
import { NODE_KIND_LABEL, type IndexedNode, type NodeKind } from './rule-context';

const COLLECTIONS: ReadonlyArray<readonly [keyof TwinModel, NodeKind]> = [
  ['units', 'unit'],
  ['perspectives', 'perspective'],
  ['objectives', 'objective'],
  ['kpis', 'kpi'],
  ['processes', 'process'],
  ['assets', 'asset'],
  ['signals', 'signal'],
  ['opcuaServers', 'opcua_server'],
  ['initiatives', 'initiative'],
];

// Words of the formula language: a signal or KPI with such an id could never be referenced.
const RESERVED_IDS = new Set(['period', 'true', 'false', 'and', 'or', 'not', 'if']);

/** Indexes every node id of the twin (one namespace) and reports duplicates and reserved ids. */
export function indexNodes(model: TwinModel, issues: IssueCollector): Map<string, IndexedNode> {
  const nodes = new Map<string, IndexedNode>();
  for (const [collection, kind] of COLLECTIONS) {
    const defs = model[collection] as ReadonlyArray<{ id?: unknown }>;
    defs.forEach((def, index) => {
      if (typeof def.id !== 'string') return;
      const path = issuePath(collection, index);
      const first = nodes.get(def.id);
      if (first) {
        issues.add(
          issuePath(path, 'id'),
          `duplicate id '${def.id}' (already used by ${NODE_KIND_LABEL[first.kind]} at ${first.path})`,
        );
        return;
      }
      if ((kind === 'kpi' || kind === 'signal') && RESERVED_IDS.has(def.id)) {
        issues.add(issuePath(path, 'id'), `'${def.id}' is a reserved word of the formula language`);
      }
      nodes.set(def.id, { kind, path });
    });
  }
  return nodes;
}
