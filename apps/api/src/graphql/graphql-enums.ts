import { registerEnumType } from '@nestjs/graphql';
import { KPI_STATUSES } from '@bsc/scorecard';
import {
  INITIATIVE_STATUSES,
  KPI_DIRECTIONS,
  SIGNAL_KINDS,
  TARGET_PHASINGS,
  TWIN_EDGE_TYPES,
  TWIN_NODE_KINDS,
} from '@bsc/twin';
import { ROLES } from '../auth/principal';

/** GraphQL enums mirror the domain's string unions value for value (values stay lower_snake like the model). */
function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
}

export const RoleEnum = enumOf(ROLES);
export const KpiStatusEnum = enumOf(KPI_STATUSES);
export const AggregateStatusEnum = enumOf(['on_target', 'at_risk', 'off_target', 'no_data'] as const);
export const KpiDirectionEnum = enumOf(KPI_DIRECTIONS);
export const TargetPhasingEnum = enumOf(TARGET_PHASINGS);
export const KpiAccumulationEnum = enumOf(['cumulative', 'level'] as const);
export const InitiativeStatusEnum = enumOf(INITIATIVE_STATUSES);
export const SampleQualityEnum = enumOf(['good', 'uncertain', 'bad'] as const);
export const SignalKindEnum = enumOf(SIGNAL_KINDS);
export const TwinNodeKindEnum = enumOf(TWIN_NODE_KINDS);
export const TwinEdgeKindEnum = enumOf(TWIN_EDGE_TYPES);
export const AlertStatusEnum = enumOf(['open', 'acknowledged', 'resolved'] as const);
export const ModelFormatEnum = enumOf(['yaml', 'json'] as const);
export const HistoryIntervalEnum = enumOf(['period', 'day', 'week', 'month', 'quarter', 'year'] as const);

registerEnumType(RoleEnum, {
  name: 'Role',
  description:
    'admin: everything; engineer: twin model and signals; strategist: targets, initiatives, manual KPIs; viewer: reads',
});
registerEnumType(KpiStatusEnum, { name: 'KpiStatus' });
registerEnumType(AggregateStatusEnum, { name: 'AggregateStatus' });
registerEnumType(KpiDirectionEnum, { name: 'KpiDirection' });
registerEnumType(TargetPhasingEnum, {
  name: 'TargetPhasing',
  description:
    'How a period target is spread over the period: none (full target at any time), calendar (linear in time), working_days (linear over working days), profile (weights per sub-period).',
});
registerEnumType(KpiAccumulationEnum, {
  name: 'KpiAccumulation',
  description:
    'cumulative: the period value is a running total that grows through the period (revenue); level: an average, ratio or snapshot.',
});
registerEnumType(InitiativeStatusEnum, { name: 'InitiativeStatus' });
registerEnumType(SampleQualityEnum, { name: 'SampleQuality' });
registerEnumType(SignalKindEnum, {
  name: 'SignalKind',
  description: 'How samples aggregate: gauge (a level held until the next sample), counter, amount or event.',
});
registerEnumType(TwinNodeKindEnum, { name: 'TwinNodeKind' });
registerEnumType(TwinEdgeKindEnum, {
  name: 'TwinEdgeKind',
  description:
    "The edge types of @bsc/twin's graph. Formula inputs are `computed_from` (KPI -> signal or KPI; before: `feeds`, input -> KPI); " +
    '`in_perspective` is now `belongs_to`, `causes` is now `cause_effect`; `feeds` only names model edges between processes.',
  valuesMap: {
    computed_from: {
      description: 'KPI -> signal or KPI its formula reads (replaces the reversed `feeds` edge of formulas).',
    },
    belongs_to: { description: 'Objective -> perspective (was `in_perspective`).' },
    cause_effect: { description: 'Objective -> objective on the strategy map (was `causes`).' },
    sourced_from: { description: 'Signal -> OPC UA server it is read from.' },
    feeds: { description: 'A model edge (`edges` list), e.g. process -> process; no longer used for formula inputs.' },
  },
});
registerEnumType(AlertStatusEnum, { name: 'AlertStatus' });
registerEnumType(ModelFormatEnum, { name: 'ModelFormat' });
registerEnumType(HistoryIntervalEnum, {
  name: 'HistoryInterval',
  description: "period = the KPI's own reporting period; the others must be no finer than it",
});
