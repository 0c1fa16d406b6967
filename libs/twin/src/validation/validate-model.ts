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
import { unitRule } from './rules/unit-rules';
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
  unitRule,
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
  if (!isObject(raw))
    return { issues: [{ path: '', message: 'a twin model must be a mapping (object) at the top level' }] };
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
  return issues.issues.length === 0 ? { model, issues: [] } : { issues: inFileOrder(issues.issues) };
}

// Sections in the order a model file is written; issues are listed top to bottom, rule order within one item.
const SECTION_ORDER = [
  '',
  'apiVersion',
  'id',
  'name',
  'description',
  'calendar',
  'units',
  'perspectives',
  'objectives',
  'links',
  'kpis',
  'processes',
  'assets',
  'edges',
  'opcuaServers',
  'signals',
  'initiatives',
];

function inFileOrder(issues: ModelIssue[]): ModelIssue[] {
  const rank = (path: string): [number, number] => {
    const match = /^([A-Za-z]*)(?:\[(\d+)\])?/.exec(path)!;
    const section = SECTION_ORDER.indexOf(match[1]);
    return [section === -1 ? SECTION_ORDER.length : section, match[2] === undefined ? -1 : Number(match[2])];
  };
  return issues
    .map((issue, i) => ({ issue, i, r: rank(issue.path) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map((x) => x.issue);
}
