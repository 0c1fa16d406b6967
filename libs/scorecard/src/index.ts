// Public API of @bsc/scorecard: scoring, roll-ups, time travel, alert rules. Curated: add names deliberately.
export { AGGREGATE_STATUSES, KPI_STATUSES } from './scoring/scoring.types';
export type {
  AggregateStatus,
  KpiScoring,
  KpiStatus,
  ResolvedTarget,
  ScoringContext,
  TargetOverride,
  TargetOverrides,
} from './scoring/scoring.types';
export { scoreKpi, MAX_SCORE, DEFAULT_STALE_AFTER_PERIODS } from './scoring/kpi-scorer';
export { canonicalPeriodKey, resolveTarget } from './scoring/target-resolver';
export { phasedShare } from './scoring/target-phasing';
export { DEFAULT_SCORE_BANDS, statusFromScore } from './scoring/score-bands';
export type { ScoreBands } from './scoring/score-bands';

export { buildScorecard, ScorecardBuilder } from './rollup/scorecard-builder';
export type {
  BuildScorecardOptions,
  InitiativeCard,
  InitiativeState,
  KpiCard,
  KpiValues,
  ObjectiveCard,
  PerspectiveCard,
  PredictedValue,
  ScoreSummary,
  Scorecard,
  ScorecardUnit,
} from './rollup/scorecard.types';
export { combineWeighted } from './rollup/weighted-score';
export type { WeightedPart, WeightedResult } from './rollup/weighted-score';
export { combineByRule } from './rollup/rollup-rule';
export { defaultFamilyOf } from './rollup/kpi-cascade';
export { cascadedKpiValues, cascadedValuesAbove, cascadeInputs } from './rollup/cascaded-values';
export type { KpiDefWithFamily } from './rollup/kpi-cascade';

export { AlertEvaluator, alertKey } from './alerts/alert-evaluator';
export type { AlertEvaluatorConfig } from './alerts/alert-evaluator';
export { DEFAULT_ALERT_RULES, DEFAULT_ESCALATE_AFTER } from './alerts/alert.types';
export { DEFAULT_ANOMALY_MIN_SCORE } from './alerts/alert-conditions';
export type {
  Alert,
  AlertEvent,
  AlertRuleDef,
  AlertRuleKind,
  AlertSeverity,
  AlertStatus,
  AnomalyHoldSubject,
  AnomalyRule,
  ForecastRule,
  KpiObservation,
  RateOfChangeRule,
  ObservedAnomaly,
  AnomalyKind,
  StaleRule,
  StatusChangeRule,
  StoredAlert,
  ThresholdRule,
} from './alerts/alert.types';
export { alertRuleIssues, assertValidAlertRules } from './alerts/alert-rule.validation';
export type { RuleIssue } from './alerts/alert-rule.validation';
export { ALERT_RULES_JSON_SCHEMA, validateAlertRules } from './alerts/alert-rules.document';
export type { AlertRulesResult } from './alerts/alert-rules.document';
export { ownerChain } from './alerts/owner-chain';
export { observationsFromScorecard } from './alerts/kpi-observations';
export { signWebhook, verifyWebhook } from './alerts/webhook-signature';

export type {
  KpiValueRevision,
  ModelVersion,
  ScorecardInputs,
  TimeTravelMode,
  TimeTravelQuery,
} from './history/history.types';
export { modelInForceAt, scorecardInputsAt, selectRevisions } from './history/time-travel';
export { periodKeysAt, previousPeriodKeysAt } from './history/period-keys';
export { compareScorecards } from './history/scorecard-delta';
export { lazyProperty } from './history/lazy-property';
export type {
  Change,
  KpiDelta,
  ObjectiveDelta,
  PerspectiveDelta,
  ScorecardDelta,
  Trend,
} from './history/scorecard-delta';
export { compareWithPreviousPeriod, scorecardAt } from './history/scorecard-at';
export { LiveScorecard } from './history/live-scorecard';
export type { ExtraScorecardOptions, PeriodComparison } from './history/scorecard-at';

export { attributeKpiChange } from './attribution/kpi-attribution';
export { OTHER_UNITS } from './attribution/kpi-attribution.types';
export { attributionInputs } from './attribution/attribution-inputs';
export type { AttributionInputs } from './attribution/attribution-inputs';
export type { AttributionRequest } from './attribution/kpi-attribution';
export type {
  AttributionData,
  AttributionEnd,
  AttributionGroup,
  AttributionPart,
  AttributionSource,
  KpiAttribution,
} from './attribution/kpi-attribution.types';

export { simulateWhatIf, DEFAULT_WHAT_IF_DRAWS, MAX_WHAT_IF_DRAWS } from './what-if/what-if-simulation';
export { driverCoverage } from './what-if/driver-coverage';
export { rollUpWhatIf } from './what-if/what-if-rollup';
export type {
  Approximation,
  DriverChange,
  EffectPath,
  KpiBaseline,
  KpiWhatIf,
  MeasuredLink,
  Outlook,
  RollupWhatIf,
  Scenario,
  ScenarioDriver,
  WhatIfInput,
  WhatIfResult,
} from './what-if/what-if.types';
