import Ajv, { type ValidateFunction } from 'ajv';
import { schemaIssues, type ModelIssue } from '@bsc/twin';
import { alertRuleIssues } from './alert-rule.validation';
import alertRulesSchema from './alert-rules.schema.json';
import type { AlertRuleDef } from './alert.types';

/** The committed JSON Schema of an alert rules file (for editors and other tools). */
export const ALERT_RULES_JSON_SCHEMA: Readonly<Record<string, unknown>> = alertRulesSchema;

let compiled: ValidateFunction | undefined;

export interface AlertRulesResult {
  /** Present only when there are no issues. */
  rules?: AlertRuleDef[];
  /** Path-precise problems (`rules[2].window: ...`), structure (JSON Schema) first, then values. */
  issues: ModelIssue[];
}

/** Validates a parsed alert rules document `{ rules: [...] }` as the twin model is validated: schema, then values. */
export function validateAlertRules(document: unknown): AlertRulesResult {
  compiled ??= new Ajv({ allErrors: true, strict: true, discriminator: true }).compile(alertRulesSchema);
  // A missing or unknown kind is reported by `required` / `enum` at rules[i].kind; the discriminator's own error
  // would only repeat it one level up.
  if (!compiled(document))
    return { issues: schemaIssues(compiled.errors?.filter((e) => e.keyword !== 'discriminator')) };
  const rules = (document as { rules: AlertRuleDef[] }).rules;
  const issues = alertRuleIssues(rules);
  return issues.length === 0 ? { rules, issues: [] } : { issues };
}
