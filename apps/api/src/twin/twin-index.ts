import {
  TwinGraph,
  type KpiDef,
  type ObjectiveDef,
  type OrgUnitDef,
  type SignalDef,
  type TwinModel,
  type TwinNodeKind,
} from '@bsc/twin';

export type { TwinNodeKind } from '@bsc/twin';

export interface TwinNodeView {
  id: string;
  kind: TwinNodeKind;
  name: string;
  /** Org unit the node belongs to (itself for units); null for perspectives, servers and unplaced signals. */
  unitId: string | null;
}

/**
 * Lookups over one model version that the API needs on every request (unit subtrees for scopes, the unit of a
 * KPI or signal), read off the version's TwinGraph: the graph of @bsc/twin is the only graph, this only caches
 * what the API asks for most. Built once per model version.
 */
export class TwinIndex {
  readonly nodes = new Map<string, TwinNodeView>();
  readonly kpis = new Map<string, KpiDef>();
  readonly objectives = new Map<string, ObjectiveDef>();
  readonly signals = new Map<string, SignalDef>();
  readonly units = new Map<string, OrgUnitDef>();
  private readonly subtrees = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly model: TwinModel,
    readonly version: number,
    readonly graph: TwinGraph = TwinGraph.fromModel(model),
  ) {
    for (const u of model.units) this.units.set(u.id, u);
    for (const o of model.objectives) this.objectives.set(o.id, o);
    for (const k of model.kpis) this.kpis.set(k.id, k);
    for (const s of model.signals) this.signals.set(s.id, s);
    for (const n of graph.nodes())
      this.nodes.set(n.id, { id: n.id, kind: n.kind, name: n.name, unitId: graph.unitOf(n.id) ?? null });
  }

  /** The unit and all its descendants (empty for an id that is not a unit). */
  unitSubtree(unitId: string): ReadonlySet<string> {
    let found = this.subtrees.get(unitId);
    if (!found) {
      found = new Set(this.units.has(unitId) ? this.graph.unitSubtree(unitId) : []);
      this.subtrees.set(unitId, found);
    }
    return found;
  }

  rootUnits(): OrgUnitDef[] {
    return this.model.units.filter((u) => !u.parent || !this.units.has(u.parent));
  }

  /** Objectives a KPI contributes to. */
  objectivesOfKpi(kpiId: string): ObjectiveDef[] {
    return this.graph.edgesFrom(kpiId, 'contributes_to').flatMap((e) => this.objectives.get(e.to) ?? []);
  }

  /** Perspective of a KPI: its own, else its first objective's. */
  perspectiveOfKpi(kpi: KpiDef): string | null {
    return kpi.perspective ?? this.objectivesOfKpi(kpi.id)[0]?.perspective ?? null;
  }
}
