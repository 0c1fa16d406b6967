import { BscError, BscErrorCode } from '@bsc/common';
import type { DeadbandDef, ModelIssue, SignalDataType, TwinModel } from '../model/twin-model.types';
import { unitConverter, type UnitConverter } from './unit-conversion';

/** What the pipeline needs to know about one signal, resolved once per model version. */
export interface CatalogSignal {
  id: string;
  dataType: SignalDataType;
  min: number;
  max: number;
  convert?: UnitConverter;
  deadband?: DeadbandDef;
}

/** The signals of one model version, looked up per sample. */
export interface SignalCatalog {
  readonly modelVersion: number;
  get(signalId: string): CatalogSignal | undefined;
  readonly size: number;
}

/** Unit pairs the pipeline cannot convert; a model with any of them is refused at load. */
export function findUnitIssues(model: TwinModel): ModelIssue[] {
  const issues: ModelIssue[] = [];
  model.signals.forEach((s, i) => {
    if (unitConverter(s.sourceUnit, s.unit) === null) {
      issues.push({
        path: `signals[${i}].sourceUnit`,
        message: `no conversion from '${s.sourceUnit}' to '${s.unit}' for signal '${s.id}'`,
      });
    }
  });
  return issues;
}

export function compileSignalCatalog(model: TwinModel, modelVersion: number): SignalCatalog {
  const issues = findUnitIssues(model);
  if (issues.length > 0) {
    throw new BscError(
      BscErrorCode.ModelInvalid,
      `model '${model.id}' has unit conversions the pipeline cannot make`,
      issues[0].path,
      issues,
    );
  }
  const signals = new Map<string, CatalogSignal>();
  for (const s of model.signals) {
    signals.set(s.id, {
      id: s.id,
      dataType: s.dataType,
      min: s.range?.min ?? Number.NEGATIVE_INFINITY,
      max: s.range?.max ?? Number.POSITIVE_INFINITY,
      convert: unitConverter(s.sourceUnit, s.unit) ?? undefined,
      deadband: s.deadband,
    });
  }
  return { modelVersion, size: signals.size, get: (id) => signals.get(id) };
}
