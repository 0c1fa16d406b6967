import { parseFormula, referencedIdentifiers } from '@bsc/formula';
import type { KpiDef, ObjectiveDef, OrgUnitDef, SignalDef, TwinModel } from '@bsc/twin';

export const TWIN_NODE_KINDS = ['unit', 'perspective', 'objective', 'kpi', 'signal', 'process', 'asset', 'initiative'] as const;
export type TwinNodeKind = (typeof TWIN_NODE_KINDS)[number];

export const TWIN_EDGE_KINDS = ['part_of', 'feeds', 'measured_by', 'contributes_to', 'in_perspective', 'causes', 'supports', 'owned_by'] as const;
export type TwinEdgeKind = (typeof TWIN_EDGE_KINDS)[number];

export interface TwinNodeView {
  id: string;
  kind: TwinNodeKind;
  name: string;
  /** Org unit the node belongs to (itself for units); null for perspectives. */
  unitId: string | null;
}

export interface TwinEdgeView {
  from: string;
  to: string;
  kind: TwinEdgeKind;
}

/**
 * Lookups over one model version that the API needs on every request (unit subtrees for scopes, the unit of
 * a KPI or signal, typed edges). Built once per model version.
 */
export class TwinIndex {
  readonly nodes = new Map<string, TwinNodeView>();
  readonly kpis = new Map<string, KpiDef>();
  readonly objectives = new Map<string, ObjectiveDef>();
  readonly signals = new Map<string, SignalDef>();
  readonly units = new Map<string, OrgUnitDef>();
  private readonly children = new Map<string, string[]>();
  private readonly out = new Map<string, TwinEdgeView[]>();
  private readonly in = new Map<string, TwinEdgeView[]>();
  private readonly subtrees = new Map<string, ReadonlySet<string>>();

  constructor(readonly model: TwinModel, readonly version: number) {
    for (const u of model.units) {
      this.units.set(u.id, u);
      this.addNode(u.id, 'unit', u.name, u.id);
      if (u.parent) this.children.set(u.parent, [...(this.children.get(u.parent) ?? []), u.id]);
    }
    for (const p of model.perspectives) this.addNode(p.id, 'perspective', p.name, null);
    for (const p of model.processes) this.addNode(p.id, 'process', p.name, p.unit);
    const processUnit = new Map(model.processes.map((p) => [p.id, p.unit]));
    for (const a of model.assets) this.addNode(a.id, 'asset', a.name, processUnit.get(a.process) ?? null);
    for (const o of model.objectives) {
      this.objectives.set(o.id, o);
      this.addNode(o.id, 'objective', o.name, o.unit);
    }
    for (const k of model.kpis) {
      this.kpis.set(k.id, k);
      this.addNode(k.id, 'kpi', k.name, k.orgUnit);
    }
    for (const s of model.signals) {
      this.signals.set(s.id, s);
      this.addNode(s.id, 'signal', s.name, s.measures ? this.nodes.get(s.measures)?.unitId ?? null : null);
    }
    for (const i of model.initiatives) this.addNode(i.id, 'initiative', i.name, i.unit);
    this.buildEdges(model);
  }

  /** The unit and all its descendants. */
  unitSubtree(unitId: string): ReadonlySet<string> {
    let found = this.subtrees.get(unitId);
    if (!found) {
      const set = new Set<string>();
      const stack = this.units.has(unitId) ? [unitId] : [];
      while (stack.length > 0) {
        const id = stack.pop() as string;
        if (set.has(id)) continue;
        set.add(id);
        stack.push(...(this.children.get(id) ?? []));
      }
      found = set;
      this.subtrees.set(unitId, found);
    }
    return found;
  }

  unitChildren(unitId: string): string[] {
    return this.children.get(unitId) ?? [];
  }

  rootUnits(): OrgUnitDef[] {
    return this.model.units.filter((u) => !u.parent || !this.units.has(u.parent));
  }

  edgesFrom(id: string): readonly TwinEdgeView[] {
    return this.out.get(id) ?? [];
  }

  edgesTo(id: string): readonly TwinEdgeView[] {
    return this.in.get(id) ?? [];
  }

  /** Objectives a KPI contributes to. */
  objectivesOfKpi(kpiId: string): ObjectiveDef[] {
    return this.model.objectives.filter((o) => o.kpis.some((r) => r.kpi === kpiId));
  }

  /** Perspective of a KPI: its own, else its first objective's. */
  perspectiveOfKpi(kpi: KpiDef): string | null {
    return kpi.perspective ?? this.objectivesOfKpi(kpi.id)[0]?.perspective ?? null;
  }

  private addNode(id: string, kind: TwinNodeKind, name: string, unitId: string | null): void {
    this.nodes.set(id, { id, kind, name, unitId });
  }

  private addEdge(from: string, to: string, kind: TwinEdgeKind): void {
    if (!this.nodes.has(from) || !this.nodes.has(to)) return;
    const edge = { from, to, kind };
    if ((this.out.get(from) ?? []).some((e) => e.to === to && e.kind === kind)) return;
    this.out.set(from, [...(this.out.get(from) ?? []), edge]);
    this.in.set(to, [...(this.in.get(to) ?? []), edge]);
  }

  private buildEdges(model: TwinModel): void {
    for (const u of model.units) if (u.parent) this.addEdge(u.id, u.parent, 'part_of');
    for (const p of model.processes) this.addEdge(p.id, p.parent ?? p.unit, 'part_of');
    for (const a of model.assets) this.addEdge(a.id, a.process, 'part_of');
    for (const s of model.signals) if (s.measures) this.addEdge(s.id, s.measures, 'measured_by');
    for (const e of model.edges) this.addEdge(e.from, e.to, e.type);
    for (const k of model.kpis) {
      this.addEdge(k.id, k.orgUnit, 'owned_by');
      for (const ref of formulaInputs(k.formula)) this.addEdge(ref, k.id, 'feeds');
    }
    for (const o of model.objectives) {
      this.addEdge(o.id, o.perspective, 'in_perspective');
      for (const ref of o.kpis) this.addEdge(ref.kpi, o.id, 'contributes_to');
    }
    for (const l of model.links) this.addEdge(l.from, l.to, 'causes');
    for (const i of model.initiatives) for (const o of i.objectives) this.addEdge(i.id, o, 'supports');
  }
}

function formulaInputs(formula: string | undefined): string[] {
  if (!formula) return [];
  try {
    return referencedIdentifiers(parseFormula(formula));
  } catch {
    // the model was validated on import; a formula that no longer parses simply contributes no edges here
    return [];
  }
}
