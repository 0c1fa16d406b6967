import type { CalendarDef, KpiDef, SignalDef, TwinModel } from '../model/twin-model.types';

/**
 * Twin models in their validated (typed) form, only what the KPI engine reads, with the defaults validation would
 * give: KPI engine tests and benchmarks. For the written form and validation, see ModelBuilder.
 */
export class TwinModelBuilder {
  private calendarDef: CalendarDef = { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 };
  private readonly signals: SignalDef[] = [];
  private readonly kpis: KpiDef[] = [];

  private constructor(private readonly id: string) {}

  static model(id = 'test'): TwinModelBuilder {
    return new TwinModelBuilder(id);
  }

  calendar(over: Partial<CalendarDef>): this {
    this.calendarDef = { ...this.calendarDef, ...over };
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

  kpi(id: string, formula: string | undefined, over: Partial<KpiDef> = {}): this {
    this.kpis.push({
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
    return this;
  }

  build(): TwinModel {
    return {
      apiVersion: 'bsc.twin/v1',
      id: this.id,
      name: this.id,
      calendar: this.calendarDef,
      units: [{ id: 'plant', name: 'Plant' }],
      perspectives: [],
      objectives: [],
      links: [],
      kpis: this.kpis,
      processes: [],
      assets: [],
      edges: [],
      opcuaServers: [],
      signals: this.signals,
      initiatives: [],
    };
  }
}
