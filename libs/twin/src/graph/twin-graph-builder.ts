import { parseDuration } from '@bsc/common';
import { formulaReferences } from '../model/formula-references';
import type { TwinModel } from '../model/twin-model.types';
import type { TwinEdge, TwinNode } from './twin-graph.types';

/** Every node of the model and every model and derived edge. */
export function buildGraphElements(model: TwinModel): { nodes: TwinNode[]; edges: TwinEdge[] } {
  const nodes: TwinNode[] = [
    ...model.units.map((def): TwinNode => ({ id: def.id, kind: 'unit', name: def.name, def })),
    ...model.perspectives.map((def): TwinNode => ({ id: def.id, kind: 'perspective', name: def.name, def })),
    ...model.objectives.map((def): TwinNode => ({ id: def.id, kind: 'objective', name: def.name, def })),
    ...model.kpis.map((def): TwinNode => ({ id: def.id, kind: 'kpi', name: def.name, def })),
    ...model.signals.map((def): TwinNode => ({ id: def.id, kind: 'signal', name: def.name, def })),
    ...model.processes.map((def): TwinNode => ({ id: def.id, kind: 'process', name: def.name, def })),
    ...model.assets.map((def): TwinNode => ({ id: def.id, kind: 'asset', name: def.name, def })),
    ...model.initiatives.map((def): TwinNode => ({ id: def.id, kind: 'initiative', name: def.name, def })),
    ...model.opcuaServers.map((def): TwinNode => ({ id: def.id, kind: 'opcua_server', name: def.endpoint, def })),
  ];

  const edges: TwinEdge[] = model.edges.map((e) => ({ from: e.from, to: e.to, type: e.type, derived: false }));
  const derive = (edge: Omit<TwinEdge, 'derived'>): void => void edges.push({ ...edge, derived: true });

  for (const u of model.units) if (u.parent) derive({ from: u.id, to: u.parent, type: 'part_of' });
  for (const p of model.processes) {
    derive({ from: p.id, to: p.unit, type: 'part_of' });
    if (p.parent) derive({ from: p.id, to: p.parent, type: 'part_of' });
  }
  for (const a of model.assets) derive({ from: a.id, to: a.process, type: 'part_of' });
  for (const s of model.signals) {
    if (s.measures) derive({ from: s.id, to: s.measures, type: 'measured_by' });
    if (s.source.kind === 'opcua') derive({ from: s.id, to: s.source.server, type: 'sourced_from' });
  }
  for (const k of model.kpis) {
    derive({ from: k.id, to: k.orgUnit, type: 'owned_by' });
    const refs = k.formula === undefined ? undefined : formulaReferences(k.formula);
    if (refs?.ok) for (const id of refs.identifiers) derive({ from: k.id, to: id, type: 'computed_from' });
  }
  for (const o of model.objectives) {
    derive({ from: o.id, to: o.perspective, type: 'belongs_to' });
    derive({ from: o.id, to: o.unit, type: 'owned_by' });
    for (const ref of o.kpis) derive({ from: ref.kpi, to: o.id, type: 'contributes_to', weight: ref.weight });
  }
  for (const l of model.links) {
    const hypothesis = l.hypothesis === undefined ? {} : { hypothesis: l.hypothesis };
    derive({
      from: l.from,
      to: l.to,
      type: 'cause_effect',
      lag: l.lag,
      lagMs: parseDuration(l.lag) ?? 0,
      polarity: l.polarity,
      ...hypothesis,
    });
  }
  for (const i of model.initiatives) {
    derive({ from: i.id, to: i.unit, type: 'owned_by' });
    for (const o of i.objectives) derive({ from: i.id, to: o, type: 'supports' });
    for (const k of i.kpis) derive({ from: i.id, to: k, type: 'supports' });
  }
  return { nodes, edges };
}
