import { BscError, BscErrorCode } from '@bsc/common';
import { assertValidAlertRules, DEFAULT_ALERT_RULES, type AlertRuleDef, type AlertRuleKind } from '@bsc/scorecard';

/** "Likely to miss this period's target": the period-end probability of meeting it is below this. */
export const FORECAST_MISS_PROBABILITY = 0.3;
/** The forecast alert clears only once the probability is back above 0.35, so it does not flap. */
export const FORECAST_MISS_HYSTERESIS = 0.05;

/** Used when ALERT_RULES is empty: status changes and stale data for every KPI, and forecast misses. */
export const RUNTIME_DEFAULT_ALERT_RULES: readonly AlertRuleDef[] = Object.freeze([
  ...DEFAULT_ALERT_RULES,
  { id: 'forecast-miss', kind: 'forecast', minProbability: FORECAST_MISS_PROBABILITY, hysteresis: FORECAST_MISS_HYSTERESIS },
]);

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

const RULE_KINDS: ReadonlySet<string> = new Set<AlertRuleKind>(['status_change', 'threshold', 'rate_of_change', 'stale', 'forecast']);

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
