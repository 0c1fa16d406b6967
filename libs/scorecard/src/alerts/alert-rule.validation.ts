import { BscError, BscErrorCode, parseDuration } from '@bsc/common';
import type { AlertRuleDef } from './alert.types';

export interface RuleIssue {
  path: string;
  message: string;
}

/** Problems in a rule set (config or API input), with paths like "rules[2].window"; empty when valid. */
export function alertRuleIssues(rules: readonly AlertRuleDef[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const at = (field: string) => `rules[${i}].${field}`;
    const duration = (field: string, text: string | undefined) => {
      if (text !== undefined && !(Number(parseDuration(text)) > 0)) {
        issues.push({ path: at(field), message: `'${text}' is not a positive duration (e.g. 15m, 1h, 1d)` });
      }
    };
    const nonNegative = (field: string, x: number | undefined) => {
      if (x !== undefined && !(Number.isFinite(x) && x >= 0))
        issues.push({ path: at(field), message: 'must be a number >= 0' });
    };
    if (!rule.id) issues.push({ path: at('id'), message: 'is required' });
    else if (seen.has(rule.id)) issues.push({ path: at('id'), message: `duplicate alert rule id '${rule.id}'` });
    seen.add(rule.id);
    duration('escalateAfter', rule.escalateAfter);
    switch (rule.kind) {
      case 'threshold':
        if (!Number.isFinite(rule.value)) issues.push({ path: at('value'), message: 'must be a finite number' });
        nonNegative('hysteresis', rule.hysteresis);
        break;
      case 'rate_of_change':
        duration('window', rule.window);
        nonNegative('maxDelta', rule.maxDelta);
        break;
      case 'stale':
        duration('after', rule.after);
        break;
      case 'forecast':
        if (!(rule.minProbability >= 0 && rule.minProbability <= 1)) {
          issues.push({ path: at('minProbability'), message: 'must be between 0 and 1' });
        }
        nonNegative('hysteresis', rule.hysteresis);
        break;
      case 'anomaly':
        if (rule.minScore !== undefined && !(rule.minScore > 0 && rule.minScore <= 1)) {
          issues.push({ path: at('minScore'), message: 'must be in (0, 1]' });
        }
        duration('hold', rule.hold);
        break;
      case 'status_change':
        break;
    }
  });
  return issues;
}

export function assertValidAlertRules(rules: readonly AlertRuleDef[]): void {
  const issues = alertRuleIssues(rules);
  if (issues.length > 0) {
    throw new BscError(
      BscErrorCode.BadInput,
      `invalid alert rules: ${issues[0].path} ${issues[0].message}`,
      issues[0].path,
      issues,
    );
  }
}
