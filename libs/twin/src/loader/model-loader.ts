import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { BscError, BscErrorCode } from '@bsc/common';
import { YAMLException, load as loadYaml } from 'js-yaml';
import { MAX_MODEL_NESTING, nestingProblem } from './nesting-depth';
import type { ModelIssue, TwinModel } from '../model/twin-model.types';
import { ModelValidationError } from '../validation/model-validation.error';
import { validateModel } from '../validation/validate-model';

export type ModelFormat = 'yaml' | 'json';

export interface LoadResult {
  /** Present only when the model is valid. */
  model?: TwinModel;
  issues: ModelIssue[];
  /** File name or other label of where the text came from. */
  source: string;
  format: ModelFormat;
}

/** Format from the file extension: .json is JSON, anything else (.yaml, .yml) YAML. */
export function modelFormatOf(path: string): ModelFormat {
  return extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/**
 * Reads and validates a model file. Rejects with BscError NOT_FOUND when the file cannot be read; problems in
 * the file itself are returned as issues.
 */
export async function loadModelFromFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BscError(BscErrorCode.NotFound, `cannot read model file '${path}': ${reason}`);
  }
  return loadModelFromText(text, modelFormatOf(path), path);
}

/** Parses and validates model text; syntax errors are issues with an empty path and the line in the message. */
export function loadModelFromText(text: string, format: ModelFormat, source = `<${format}>`): LoadResult {
  const parsed = parseModelText(text, format);
  if ('issues' in parsed) return { issues: parsed.issues, source, format };
  return { ...validateModel(parsed.data), source, format };
}

/**
 * Parses model text into plain data without validating it, refusing hostile nesting and alias bombs; syntax
 * errors are issues with an empty path and the line in the message.
 */
export function parseModelText(text: string, format: ModelFormat): { data: unknown } | { issues: ModelIssue[] } {
  const tooDeep = nestingProblem(text, format);
  if (tooDeep) return { issues: [{ path: '', message: `model refused: ${tooDeep}` }] };
  return format === 'json' ? parseJson(text) : parseYaml(text);
}

/** For apps that cannot start without a valid model: the model, or a ModelValidationError listing every issue. */
export async function loadValidModelFromFile(path: string): Promise<TwinModel> {
  const result = await loadModelFromFile(path);
  if (!result.model) throw new ModelValidationError(result.issues, result.source);
  return result.model;
}

/** Anchors may be reused this often; more is a billion-laughs document, not a model. */
const MAX_ALIASES = 100;

function parseYaml(text: string): { data: unknown } | { issues: ModelIssue[] } {
  // js-yaml refuses duplicate keys (YAML would silently keep the last one) and reads the YAML 1.2 core schema, so
  // dates and yes/no stay strings. It is an order of magnitude leaner than a full document model on 100k signals.
  try {
    const data = loadYaml(text, { maxAliases: MAX_ALIASES, maxDepth: MAX_MODEL_NESTING + 1 });
    if (expandsBeyond(data, text.length)) {
      return {
        issues: [{ path: '', message: 'model refused: its aliases expand to more values than the text holds' }],
      };
    }
    return { data };
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const at = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : '';
    return { issues: [{ path: '', message: `YAML syntax error${at}: ${firstLine(error.reason ?? error.message)}` }] };
  }
}

/**
 * Aliases share one value, so a few of them can make a document whose walk never ends (billion laughs). Without
 * aliases every value takes at least one character of the text, so more values than characters means expansion.
 */
function expandsBeyond(data: unknown, budget: number): boolean {
  const stack: unknown[] = [data];
  let visits = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (++visits > budget) return true;
    if (value !== null && typeof value === 'object') stack.push(...(Object.values(value) as unknown[]));
  }
  return false;
}

function parseJson(text: string): { data: unknown } | { issues: ModelIssue[] } {
  try {
    return { data: JSON.parse(text) };
  } catch (error) {
    return {
      issues: [{ path: '', message: `JSON syntax error: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
