import type { KpiDef, TwinModel } from '@bsc/twin';
import { buildScorecard } from '../rollup/scorecard-builder';
import type { BuildScorecardOptions, Scorecard } from '../rollup/scorecard.types';
import type { ScorecardInputs, TimeTravelQuery } from './history.types';
import { previousPeriodKeysAt } from './period-keys';
import { compareScorecards, type ScorecardDelta } from './scorecard-delta';
import { scorecardInputsAt } from './time-travel';

export type ExtraScorecardOptions = Omit<BuildScorecardOptions, 'asOf' | 'periodKeyFor' | 'modelVersion'>;

/** The scorecard of `unitId` as of query.at, as known then or as corrected since. */
export function scorecardAt(unitId: string, query: TimeTravelQuery, extra: ExtraScorecardOptions = {}): Scorecard {
  return fromInputs(unitId, scorecardInputsAt(query), extra);
}

export interface PeriodComparison {
  current: Scorecard;
  previous: Scorecard;
  delta: ScorecardDelta;
}

/**
 * The scorecard as of query.at against each KPI's previous reporting period, seen the same way (as known at
 * query.at, or as corrected). Closed periods are not judged stale by age: their values are final, not late.
 */
export function compareWithPreviousPeriod(
  unitId: string,
  query: TimeTravelQuery,
  extra: ExtraScorecardOptions = {},
): PeriodComparison {
  const current = scorecardAt(unitId, query, extra);
  const perModel = new WeakMap<TwinModel, (kpi: KpiDef) => string>();
  const previousInputs = scorecardInputsAt({
    ...query,
    periodKeyFor: (kpi, model) => {
      let keyOf = perModel.get(model);
      if (!keyOf) perModel.set(model, (keyOf = previousPeriodKeysAt(model, query.at)));
      return keyOf(kpi);
    },
  });
  // Predictions describe the current period only.
  const previous = fromInputs(unitId, previousInputs, { ...extra, predicted: undefined, staleAfterPeriods: Infinity });
  return { current, previous, delta: compareScorecards(current, previous) };
}

function fromInputs(unitId: string, inputs: ScorecardInputs, extra: ExtraScorecardOptions): Scorecard {
  return buildScorecard(inputs.model, unitId, inputs.values, {
    ...extra,
    asOf: inputs.asOf,
    periodKeyFor: inputs.periodKeyFor,
    modelVersion: inputs.modelVersion,
  });
}
