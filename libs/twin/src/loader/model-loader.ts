import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { BscError, BscErrorCode } from '@bsc/common';
import { LineCounter, parseDocument } from 'yaml';
import { nestingProblem } from './nesting-depth';
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
  const tooDeep = nestingProblem(text, format);
  if (tooDeep) return { issues: [{ path: '', message: `model refused: ${tooDeep}` }], source, format };
  const parsed = format === 'json' ? parseJson(text) : parseYaml(text);
  if ('issues' in parsed) return { issues: parsed.issues, source, format };
  return { ...validateModel(parsed.data), source, format };
}

/** For apps that cannot start without a valid model: the model, or a ModelValidationError listing every issue. */
export async function loadValidModelFromFile(path: string): Promise<TwinModel> {
  const result = await loadModelFromFile(path);
  if (!result.model) throw new ModelValidationError(result.issues, result.source);
  return result.model;
}

function parseYaml(text: string): { data: unknown } | { issues: ModelIssue[] } {
  // Duplicate keys are errors (YAML would silently keep the last one).
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return { path: '', message: `YAML syntax error at line ${at.line}, column ${at.col}: ${firstLine(e.message)}` };
      }),
    };
  }
  return { data: doc.toJS({ maxAliasCount: 100 }) };
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
