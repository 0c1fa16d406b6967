import type { InitiativeDef, KpiDef, ObjectiveKpiRef } from '@bsc/twin';
import type { KpiScoring } from '../scoring/scoring.types';
import type { ResolvedValue } from './kpi-cascade';
import type { BuildScorecardOptions, InitiativeCard, KpiCard, ScoreSummary } from './scorecard.types';
import type { WeightedResult } from './weighted-score';

/** A KPI's value and its scorings to date and at period end, as one build computed them. */
export interface KpiScoringPair {
  actual: KpiScoring;
  resolved: ResolvedValue;
  predicted?: KpiScoring;
  expected: number | null;
  /** The KPI's card for `cardRef` (a card carries the reference's weight; most KPIs have one objective). */
  card?: KpiCard;
  cardRef?: ObjectiveKpiRef;
}

/** The card of a KPI as an objective references it (`ref` carries its weight there). */
export function kpiCardOf(
  ref: ObjectiveKpiRef,
  def: KpiDef,
  scoring: KpiScoringPair,
  options: Pick<BuildScorecardOptions, 'periodKeyFor' | 'predicted'>,
): KpiCard {
  const { actual, resolved, predicted, expected } = scoring;
  const value = resolved.value;
  const card: KpiCard = {
    id: def.id,
    name: def.name,
    unit: def.unit,
    direction: def.direction,
    weight: ref.weight,
    value: value?.value ?? null,
    target: actual.target,
    toDateTarget: actual.toDateTarget,
    phasing: actual.phasing,
    band: actual.band,
    status: actual.status,
    score: actual.score,
    deviation: actual.deviation,
    quality: value?.quality ?? null,
    periodKey: options.periodKeyFor(def),
    updatedAt: value?.asOf ?? null,
    derived: resolved.derived,
  };
  if (predicted) {
    card.expected = expected;
    card.probability = options.predicted?.get(def.id)?.probability ?? null;
    card.predictedStatus = predicted.status;
    card.predictedScore = predicted.score;
  }
  return card;
}

export function initiativeCardOf(
  def: InitiativeDef,
  options: Pick<BuildScorecardOptions, 'initiativeState'>,
): InitiativeCard {
  const state = options.initiativeState?.get(def.id);
  const done = def.milestones.filter((m) => m.done).length;
  const progress = state?.progress ?? (def.milestones.length > 0 ? done / def.milestones.length : null);
  return {
    id: def.id,
    name: def.name,
    owner: def.owner,
    status: state?.status ?? def.status,
    progress,
    budget: def.budget,
  };
}

/** A part with nothing in it: left out of a roll-up. */
export const EMPTY: WeightedResult = { score: null, coverage: null };

export function actualOf(card: ScoreSummary): WeightedResult {
  return { score: card.score, coverage: card.coverage };
}

export function predictedOf(card: ScoreSummary): WeightedResult {
  return { score: card.predictedScore ?? null, coverage: card.coverage };
}
