import { readFileSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import { BscError, BscErrorCode } from '@bsc/common';
import { DEFAULT_ALERT_RULES, validateAlertRules, type AlertRuleDef } from '@bsc/scorecard';
import type { KpiDef } from '@bsc/twin';

/** "Likely to miss this period's target": the period-end probability of meeting it is below this. */
export const FORECAST_MISS_PROBABILITY = 0.3;
/** The forecast alert clears only once the probability is back above 0.35, so it does not flap. */
export const FORECAST_MISS_HYSTERESIS = 0.05;

/** Used when ALERT_RULES is empty: status changes and stale data for every KPI, and forecast misses. */
export const RUNTIME_DEFAULT_ALERT_RULES: readonly AlertRuleDef[] = Object.freeze([
  ...DEFAULT_ALERT_RULES,
  {
    id: 'forecast-miss',
    kind: 'forecast',
    minProbability: FORECAST_MISS_PROBABILITY,
    hysteresis: FORECAST_MISS_HYSTERESIS,
  },
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

export interface AlertRulesSource {
  /** Inline JSON array of rules. */
  ALERT_RULES?: string;
  /** A YAML or JSON file `{ rules: [...] }`, checked against alert-rules.schema.json. */
  ALERT_RULES_FILE?: string;
}

/**
 * The rules from ALERT_RULES_FILE or the inline ALERT_RULES (one of them), or the defaults. Both go through the
 * same JSON Schema and value checks; invalid rules stop the app with every path-precise problem.
 */
export function alertRulesFromConfig(source: AlertRulesSource): readonly AlertRuleDef[] {
  const file = source.ALERT_RULES_FILE?.trim() || undefined;
  const inline = source.ALERT_RULES?.trim() || undefined;
  if (file && inline)
    throw new BscError(
      BscErrorCode.BadInput,
      'ALERT_RULES and ALERT_RULES_FILE: set one of them, not both',
      'ALERT_RULES',
    );
  if (!file && !inline) return RUNTIME_DEFAULT_ALERT_RULES;
  const origin = file ? `ALERT_RULES_FILE ${file}` : 'ALERT_RULES';
  const document = file
    ? parseDocument(origin, () => parseYaml(readFileSync(file, 'utf8')))
    : { rules: parseDocument(origin, () => JSON.parse(inline!) as unknown) };
  const { rules, issues } = validateAlertRules(document);
  if (!rules) {
    const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new BscError(
      BscErrorCode.BadInput,
      `${origin}: invalid alert rules: ${listed}`,
      issues[0]?.path ?? origin,
      issues,
    );
  }
  return rules;
}

function parseDocument(origin: string, parse: () => unknown): unknown {
  try {
    return parse();
  } catch (error) {
    throw new BscError(BscErrorCode.BadInput, `${origin}: not readable (${(error as Error).message})`, origin);
  }
}
