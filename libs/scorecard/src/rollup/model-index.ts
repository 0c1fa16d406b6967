import { BscError, BscErrorCode } from '@bsc/common';
import type { InitiativeDef, KpiDef, ObjectiveDef, OrgUnitDef, PerspectiveDef, TwinModel } from '@bsc/twin';
import { DEFAULT_PERSPECTIVES } from '@bsc/twin';

/** Lookups over a twin model built once per scorecard build; also rejects unit cycles. */
export class ModelIndex {
  readonly units = new Map<string, OrgUnitDef>();
  readonly kpis = new Map<string, KpiDef>();
  readonly perspectives: readonly PerspectiveDef[];
  private readonly childrenOf = new Map<string, OrgUnitDef[]>();
  private readonly objectivesOf = new Map<string, ObjectiveDef[]>();
  private readonly initiativesOf = new Map<string, InitiativeDef[]>();
  private objectivesByKpi?: Map<string, ObjectiveDef[]>;

  constructor(readonly model: TwinModel) {
    for (const unit of model.units) this.units.set(unit.id, unit);
    for (const kpi of model.kpis) this.kpis.set(kpi.id, kpi);
    for (const unit of model.units) {
      if (unit.parent !== undefined) push(this.childrenOf, unit.parent, unit);
    }
    for (const objective of model.objectives) push(this.objectivesOf, objective.unit, objective);
    for (const initiative of model.initiatives) {
      for (const objectiveId of initiative.objectives) push(this.initiativesOf, objectiveId, initiative);
    }
    const perspectives = model.perspectives.length > 0 ? model.perspectives : DEFAULT_PERSPECTIVES;
    this.perspectives = [...perspectives].sort((a, b) => a.order - b.order);
    this.assertAcyclic();
  }

  unit(id: string): OrgUnitDef {
    const unit = this.units.get(id);
    if (!unit) throw new BscError(BscErrorCode.NotFound, `unknown org unit '${id}'`, 'unitId');
    return unit;
  }

  /** `path` is only evaluated on failure: this is on the hot path of every build. */
  kpi(id: string, path: () => string): KpiDef {
    const kpi = this.kpis.get(id);
    if (!kpi) throw new BscError(BscErrorCode.ModelInvalid, `unknown KPI '${id}'`, path());
    return kpi;
  }

  children(unitId: string): readonly OrgUnitDef[] {
    return this.childrenOf.get(unitId) ?? [];
  }

  objectives(unitId: string): readonly ObjectiveDef[] {
    return this.objectivesOf.get(unitId) ?? [];
  }

  initiatives(objectiveId: string): readonly InitiativeDef[] {
    return this.initiativesOf.get(objectiveId) ?? [];
  }

  /** Objectives that hold the KPI (built on first use: only a scorecard kept up to date asks). */
  objectivesOfKpi(kpiId: string): readonly ObjectiveDef[] {
    if (!this.objectivesByKpi) {
      this.objectivesByKpi = new Map();
      for (const objective of this.model.objectives)
        for (const ref of objective.kpis) push(this.objectivesByKpi, ref.kpi, objective);
    }
    return this.objectivesByKpi.get(kpiId) ?? [];
  }

  /** Owners from the unit up to the root, nearest first. */
  ancestry(unitId: string): OrgUnitDef[] {
    const chain: OrgUnitDef[] = [];
    for (let unit = this.units.get(unitId); unit; unit = unit.parent ? this.units.get(unit.parent) : undefined) {
      chain.push(unit);
    }
    return chain;
  }

  private assertAcyclic(): void {
    const done = new Set<string>();
    for (const start of this.units.values()) {
      const path = new Set<string>();
      for (let unit: OrgUnitDef | undefined = start; unit && !done.has(unit.id);) {
        if (path.has(unit.id)) {
          throw new BscError(BscErrorCode.ModelInvalid, `org unit hierarchy has a cycle through '${unit.id}'`, 'units');
        }
        path.add(unit.id);
        unit = unit.parent ? this.units.get(unit.parent) : undefined;
      }
      for (const id of path) done.add(id);
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
