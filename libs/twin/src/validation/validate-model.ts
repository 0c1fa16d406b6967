import { normalizeModel, isObject } from '../loader/model-normalizer';
import type { ModelIssue, TwinModel } from '../model/twin-model.types';
import { validateStructure } from '../schema/schema-validator';
import { IssueCollector } from './issue-path';
import { bindingRule, opcuaServerRule } from './rules/binding-rules';
import { formulaRule } from './rules/formula-rules';
import { hierarchyRule } from './rules/hierarchy-rules';
import { kpiRule, objectiveRule } from './rules/kpi-rules';
import { valueRule } from './rules/misc-rules';
import { indexNodes } from './rules/node-index';
import { referenceRule } from './rules/reference-rules';
import type { ModelRule } from './rules/rule-context';

const SEMANTIC_RULES: readonly ModelRule[] = [
  referenceRule,
  hierarchyRule,
  formulaRule,
  kpiRule,
  objectiveRule,
  bindingRule,
  opcuaServerRule,
  valueRule,
];

export interface ValidationResult {
  /** Present only when there are no issues. */
  model?: TwinModel;
  issues: ModelIssue[];
}

/**
 * Validates a parsed model (YAML/JSON data) and applies defaults. Structural (schema) and semantic problems are
 * all reported in one pass, so a user fixes a file in one round.
 */
export function validateModel(raw: unknown): ValidationResult {
  if (!isObject(raw)) return { issues: [{ path: '', message: 'a twin model must be a mapping (object) at the top level' }] };
  const issues = new IssueCollector();
  const structural = validateStructure(raw);
  issues.addAll(structural);
  const model = normalizeModel(raw);
  const ctx = { model, nodes: indexNodes(model, issues), issues };
  for (const rule of SEMANTIC_RULES) {
    try {
      rule(ctx);
    } catch (error) {
      // Rules assume the structure is sound; when it is not, the structural issues already explain the file.
      if (structural.length === 0) throw error;
    }
  }
  return issues.issues.length === 0 ? { model, issues: [] } : { issues: issues.issues };
}
