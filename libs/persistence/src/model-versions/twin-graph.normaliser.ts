import type { TwinModel } from '@bsc/twin';
import type { TwinGraphEdgeRecord, TwinGraphNodeRecord, TwinGraphSnapshot } from './model-version.types';

interface Named {
  id: string;
  name?: string;
}

/**
 * The structural graph of a model: its nodes and the edges that follow from the definitions (same kinds and edge
 * types as @bsc/twin's TwinGraph). Formula dependencies (computed_from) need the formula parser, so callers that
 * have a TwinGraph pass its snapshot to importVersion instead.
 */
export function normaliseTwinGraph(model: TwinModel): TwinGraphSnapshot {
  const nodes = new Map<string, TwinGraphNodeRecord>();
  const addNodes = (kind: string, defs: readonly Named[]) => {
    for (const def of defs) {
      const { id, name, ...props } = def as Named & Record<string, unknown>;
      const key = `${kind}\u0000${id}`;
      if (!nodes.has(key)) nodes.set(key, { id, kind, name: name ?? id, props });
    }
  };
  addNodes('unit', model.units);
  addNodes('perspective', model.perspectives);
  addNodes('objective', model.objectives);
  addNodes('kpi', model.kpis);
  addNodes('process', model.processes);
  addNodes('asset', model.assets);
  addNodes('signal', model.signals);
  addNodes('initiative', model.initiatives);
  addNodes('opcua_server', model.opcuaServers.map((s) => ({ ...s, name: s.id })));

  const edges = new Map<string, TwinGraphEdgeRecord>();
  const addEdge = (from: string, to: string, type: string, props?: Record<string, unknown>) => {
    const key = `${from}\u0000${to}\u0000${type}`;
    if (!edges.has(key)) edges.set(key, props ? { from, to, type, props } : { from, to, type });
  };
  for (const e of model.edges) addEdge(e.from, e.to, e.type);
  for (const u of model.units) if (u.parent) addEdge(u.id, u.parent, 'part_of');
  for (const p of model.processes) addEdge(p.id, p.parent ?? p.unit, 'part_of');
  for (const a of model.assets) addEdge(a.id, a.process, 'part_of');
  for (const s of model.signals) if (s.measures) addEdge(s.id, s.measures, 'measured_by');
  for (const o of model.objectives) {
    addEdge(o.id, o.perspective, 'belongs_to');
    addEdge(o.id, o.unit, 'owned_by');
    for (const ref of o.kpis) addEdge(ref.kpi, o.id, 'contributes_to', { weight: ref.weight });
  }
  for (const l of model.links) {
    addEdge(l.from, l.to, 'cause_effect', { lag: l.lag, polarity: l.polarity, ...(l.hypothesis ? { hypothesis: l.hypothesis } : {}) });
  }
  for (const i of model.initiatives) {
    for (const target of [...i.objectives, ...i.kpis]) addEdge(i.id, target, 'supports');
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
