import {
  DEFAULT_PERSPECTIVES,
  type CalendarDef,
  type InitiativeDef,
  type KpiDef,
  type ObjectiveDef,
  type OrgUnitDef,
  type PerspectiveDef,
  type SignalDef,
  type TwinModel,
} from '../model/twin-model.types';

/**
 * Twin models in their validated (typed) form for tests and benchmarks, each stating only what it uses: signals
 * and formula KPIs for the KPI engine, units, objectives and initiatives for scorecards. Without units it has
 * one, `plant`. For the written form and validation, see ModelBuilder.
 */
export class TwinModelBuilder {
  private calendarDef: CalendarDef = { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 };
  private readonly units: OrgUnitDef[] = [];
  private perspectiveDefs: PerspectiveDef[] = DEFAULT_PERSPECTIVES.map((p) => ({ ...p }));
  private readonly signals: SignalDef[] = [];
  private readonly kpis: KpiDef[] = [];
  private readonly objectives: ObjectiveDef[] = [];
  private readonly initiatives: InitiativeDef[] = [];

  private constructor(private readonly id: string) {}

  static model(id = 'test'): TwinModelBuilder {
    return new TwinModelBuilder(id);
  }

  calendar(over: Partial<CalendarDef>): this {
    this.calendarDef = { ...this.calendarDef, ...over };
    return this;
  }

  unit(id: string, parent?: string, extra: Partial<OrgUnitDef> = {}): this {
    this.units.push({ id, name: id, parent, owner: `${id}-owner`, ...extra });
    return this;
  }

  perspectives(perspectives: PerspectiveDef[]): this {
    this.perspectiveDefs = perspectives;
    return this;
  }

  signal(...ids: string[]): this {
    for (const id of ids) {
      this.signals.push({ id, name: id, unit: '', dataType: 'double', source: { kind: 'http' } });
    }
    return this;
  }

  /** Declares fields of signals added before, e.g. `.declare({ kind: 'counter' }, 'meter')`. */
  declare(over: Partial<SignalDef>, ...ids: string[]): this {
    for (const id of ids) {
      const i = this.signals.findIndex((s) => s.id === id);
      if (i < 0) throw new Error(`no signal '${id}' to declare`);
      this.signals[i] = { ...this.signals[i], ...over };
    }
    return this;
  }

  /** A KPI of the plant computed by `formula` (manually entered without one), daily, with validation's defaults. */
  kpi(id: string, formula: string | undefined, over: Partial<KpiDef> = {}): this {
    return this.addKpi({
      id,
      name: id,
      unit: '',
      orgUnit: 'plant',
      direction: 'higher_is_better',
      formula,
      aggregation: 'avg',
      period: 'day',
      targets: [],
      thresholds: { mode: 'percent', atRisk: 5, offTarget: 10 },
      indicator: 'lag',
      updateFrequency: '1m',
      manualEntry: formula === undefined,
      rollup: 'weighted_average',
      ...over,
    });
  }

  /** A KPI defined in full (a test's own defaults, e.g. scoring tests' `aKpi`). */
  addKpi(def: KpiDef): this {
    this.kpis.push(def);
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
    this.objectives.push({
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
    this.initiatives.push({
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

  /** A deep copy: safe to mutate, and the builder can go on. */
  build(): TwinModel {
    return structuredClone({
      apiVersion: 'bsc.twin/v1',
      id: this.id,
      name: this.id,
      calendar: this.calendarDef,
      units: this.units.length > 0 ? this.units : [{ id: 'plant', name: 'Plant' }],
      perspectives: this.perspectiveDefs,
      objectives: this.objectives,
      links: [],
      kpis: this.kpis,
      processes: [],
      assets: [],
      edges: [],
      opcuaServers: [],
      signals: this.signals,
      initiatives: this.initiatives,
    });
  }
}
