import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ModelIssue } from '../model/twin-model.types';
import { issuePath, pointerToPath } from '../validation/issue-path';
import twinModelSchema from './twin-model.schema.json';

/** The committed JSON Schema of the YAML/JSON model format (for editors and other tools). */
export const TWIN_MODEL_JSON_SCHEMA: Readonly<Record<string, unknown>> = twinModelSchema;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Compiled once per process: compiling the schema costs far more than validating a model.
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(twinModelSchema);
  return compiled;
}

/** Structural validation against the JSON Schema; every problem becomes one issue with our path syntax. */
export function validateStructure(raw: unknown): ModelIssue[] {
  const validate = validator();
  if (validate(raw)) return [];
  return schemaIssues(validate.errors);
}

/**
 * Ajv errors as path-precise issues (`kpis[3].direction: must be one of ...`), the twin model's wording; other
 * JSON Schema documents (alert rules) report through it too.
 */
export function schemaIssues(errors: readonly ErrorObject[] | null | undefined): ModelIssue[] {
  return (errors ?? []).filter((error) => error.keyword !== 'if').map(toIssue);
}

function toIssue(error: ErrorObject): ModelIssue {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: issuePath(path, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: issuePath(path, String(params.additionalProperty)), message: 'unknown property' };
    case 'enum':
      return {
        path,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ')}`,
      };
    case 'const':
      return { path, message: `must be '${String(params.allowedValue)}'` };
    case 'pattern':
      return { path, message: patternMessage(String(params.pattern)) };
    case 'minProperties':
    case 'maxProperties':
      return { path, message: sourceMessage(path) ?? error.message ?? 'invalid' };
    default:
      return { path, message: error.message ?? 'invalid' };
  }
}

/** The schema's pattern of a local time of day (planned downtime `start`). */
const TIME_OF_DAY_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';

function patternMessage(pattern: string): string {
  if (pattern === TIME_OF_DAY_PATTERN) return 'must be local time HH:MM, 00:00–23:59 (two digits each, e.g. 07:05)';
  if (pattern.includes('A-Za-z_][A-Za-z0-9_]*(')) {
    return "must be an id usable in formulas: letters, digits and '_' in dot-separated segments (e.g. line1.speed)";
  }
  if (pattern.includes('A-Za-z_][A-Za-z0-9_-]*('))
    return "must be an id: letters, digits, '_' and '-' in dot-separated segments";
  if (pattern === '^[A-Z]{3}$') return 'must be an ISO 4217 currency code (e.g. EUR)';
  return `must match ${pattern}`;
}

function sourceMessage(path: string): string | undefined {
  return path.endsWith('.source') ? 'must name exactly one of opcua, mqtt, sparkplug, http, manual' : undefined;
}
