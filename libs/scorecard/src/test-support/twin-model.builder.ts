// Test-only builders (not exported from the library barrel).
import type { InitiativeDef, KpiDef, ObjectiveDef, OrgUnitDef, PerspectiveDef, TwinModel } from '@bsc/twin';
import { DEFAULT_PERSPECTIVES } from '@bsc/twin';
import type { KpiValue } from '@bsc/common';

export function aKpi(overrides: Partial<KpiDef> & Record<string, unknown> = {}): KpiDef {
  return {
    id: 'kpi',
    name: 'A KPI',
    unit: '%',
    orgUnit: 'plant',
    direction: 'higher_is_better',
    aggregation: 'avg',
    period: 'month',
    target: 100,
    targets: [],
    thresholds: { mode: 'absolute', atRisk: 5, offTarget: 10 },
    indicator: 'lag',
    updateFrequency: '1h',
    manualEntry: false,
    rollup: 'weighted_average',
    formula: 'x',
    ...overrides,
  };
}

export function aKpiValue(kpiId: string, value: number | null, overrides: Partial<KpiValue> = {}): KpiValue {
  return {
    kpiId,
    periodKey: '2026-11',
    periodStart: Date.UTC(2026, 10, 1),
    periodEnd: Date.UTC(2026, 11, 1),
    value,
    asOf: Date.UTC(2026, 10, 20),
    computedAt: Date.UTC(2026, 10, 20),
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
    ...overrides,
  };
}

/** Fluent builder for small, valid twin models. */
export class TwinModelBuilder {
  private readonly model: TwinModel = {
    apiVersion: 'bsc.twin/v1',
    id: 'test-model',
    name: 'Test model',
    calendar: { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 },
    units: [],
    perspectives: DEFAULT_PERSPECTIVES.map((p) => ({ ...p })),
    objectives: [],
    links: [],
    kpis: [],
    processes: [],
    assets: [],
    edges: [],
    opcuaServers: [],
    signals: [],
    initiatives: [],
  };

  static create(): TwinModelBuilder {
    return new TwinModelBuilder();
  }

  unit(id: string, parent?: string, extra: Partial<OrgUnitDef> = {}): this {
    this.model.units.push({ id, name: id, parent, owner: `${id}-owner`, ...extra });
    return this;
  }

  perspectives(perspectives: PerspectiveDef[]): this {
    this.model.perspectives = perspectives;
    return this;
  }

  kpi(id: string, unit: string, extra: Partial<KpiDef> & Record<string, unknown> = {}): this {
    this.model.kpis.push(aKpi({ id, name: id, orgUnit: unit, ...extra }));
    return this;
  }

  /** Objective with KPIs given as [id, weight] pairs. */
  objective(
    id: string,
    unit: string,
    perspective: string,
    kpis: Array<[string, number]>,
    extra: Partial<ObjectiveDef> = {},
  ): this {
    this.model.objectives.push({
      id,
      name: id,
      unit,
      perspective,
      weight: 1,
      kpis: kpis.map(([kpi, weight]) => ({ kpi, weight })),
      ...extra,
    });
    return this;
  }

  initiative(id: string, unit: string, objectives: string[], extra: Partial<InitiativeDef> = {}): this {
    this.model.initiatives.push({
      id,
      name: id,
      unit,
      objectives,
      kpis: [],
      milestones: [],
      status: 'on_track',
      ...extra,
    });
    return this;
  }

  build(): TwinModel {
    return structuredClone(this.model);
  }
}
