import { BscError, BscErrorCode } from '@bsc/common';
import { assertValidAlertRules, DEFAULT_ALERT_RULES, type AlertRuleDef, type AlertRuleKind } from '@bsc/scorecard';
import type { KpiDef } from '@bsc/twin';

/** "Likely to miss this period's target": the period-end probability of meeting it is below this. */
export const FORECAST_MISS_PROBABILITY = 0.3;
/** The forecast alert clears only once the probability is back above 0.35, so it does not flap. */
export const FORECAST_MISS_HYSTERESIS = 0.05;

/** Used when ALERT_RULES is empty: status changes and stale data for every KPI, and forecast misses. */
export const RUNTIME_DEFAULT_ALERT_RULES: readonly AlertRuleDef[] = Object.freeze([
  ...DEFAULT_ALERT_RULES,
  { id: 'forecast-miss', kind: 'forecast', minProbability: FORECAST_MISS_PROBABILITY, hysteresis: FORECAST_MISS_HYSTERESIS },
]);

/**
 * A period-to-date sum that should grow (revenue, output) sits below its full-period target for most of the period
 * by construction; its status says nothing until the period ends. Whether it will make it is the forecast rule's
 * question, so the default status rule leaves such KPIs alone. (Sums that should stay low, like incidents, are
 * already missed once above target: they keep their status alerts.)
 */
export function isAccumulating(kpi: Pick<KpiDef, 'aggregation' | 'direction'>): boolean {
  return kpi.aggregation === 'sum' && kpi.direction === 'higher_is_better';
}

/** The rules for a model: configured rules as they are; the defaults without status alerts on accumulating KPIs. */
export function rulesForModel(rules: readonly AlertRuleDef[], kpis: readonly KpiDef[]): readonly AlertRuleDef[] {
  if (rules !== RUNTIME_DEFAULT_ALERT_RULES) return rules;
  const judgedByStatus = kpis.filter((k) => !isAccumulating(k)).map((k) => k.id);
  return rules.map((rule) => (rule.kind === 'status_change' ? { ...rule, kpis: judgedByStatus } : rule));
}

/** ALERT_RULES (a JSON array of rules) or the defaults; invalid rules stop the app with the field path. */
export function alertRulesFromConfig(text: string | undefined): readonly AlertRuleDef[] {
  if (!text || text.trim() === '') return RUNTIME_DEFAULT_ALERT_RULES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BscError(BscErrorCode.BadInput, `ALERT_RULES: not JSON (${(error as Error).message})`, 'ALERT_RULES');
  }
  if (!Array.isArray(parsed)) throw new BscError(BscErrorCode.BadInput, 'ALERT_RULES: must be a JSON array of rules', 'ALERT_RULES');
  parsed.forEach(assertKnownShape);
  assertValidAlertRules(parsed as AlertRuleDef[]);
  return parsed as AlertRuleDef[];
}

const RULE_KINDS: ReadonlySet<string> = new Set<AlertRuleKind>(['status_change', 'threshold', 'rate_of_change', 'stale', 'forecast', 'anomaly']);

// The scorecard validator checks values, not the shape of untyped JSON: kind and direction are checked here.
function assertKnownShape(rule: unknown, i: number): void {
  const r = (typeof rule === 'object' && rule !== null ? rule : {}) as Record<string, unknown>;
  if (typeof r.kind !== 'string' || !RULE_KINDS.has(r.kind)) {
    throw new BscError(BscErrorCode.BadInput, `ALERT_RULES: rules[${i}].kind must be one of ${[...RULE_KINDS].join(', ')}`, `rules[${i}].kind`);
  }
  if (r.kind === 'threshold' && r.direction !== 'above' && r.direction !== 'below') {
    throw new BscError(BscErrorCode.BadInput, `ALERT_RULES: rules[${i}].direction must be 'above' or 'below'`, `rules[${i}].direction`);
  }
}
