import { DEFAULT_PERSPECTIVES, type KpiDef, type ObjectiveDef, type OrgUnitDef, type TwinModel } from '@bsc/twin';

/** A model of units, objectives and KPIs only (no twin of assets or signals): what scoring and roll-up read. */
export function scorecardOnlyModel(units: OrgUnitDef[], objectives: ObjectiveDef[], kpis: KpiDef[]): TwinModel {
  return {
    apiVersion: 'bsc.twin/v1',
    id: 'bench',
    name: 'bench',
    calendar: { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 },
    units,
    perspectives: [...DEFAULT_PERSPECTIVES],
    objectives,
    links: [],
    kpis,
    processes: [],
    assets: [],
    edges: [],
    opcuaServers: [],
    signals: [],
    initiatives: [],
  };
}
