import { BscError, BscErrorCode } from '@bsc/common';
import { FiscalCalendar } from '@bsc/kpi';
import type { InitiativeDef, KpiDef, ObjectiveDef, ObjectiveKpiRef, PerspectiveDef, TwinModel } from '@bsc/twin';
import { scoreKpi } from '../scoring/kpi-scorer';
import { DEFAULT_SCORE_BANDS, statusFromScore } from '../scoring/score-bands';
import type { KpiScoring } from '../scoring/scoring.types';
import { KpiCascade, type ResolvedValue } from './kpi-cascade';
import { ModelIndex } from './model-index';
import type {
  BuildScorecardOptions,
  InitiativeCard,
  KpiCard,
  KpiValues,
  ObjectiveCard,
  PerspectiveCard,
  ScoreSummary,
  Scorecard,
} from './scorecard.types';
import { combineWeighted, leafPart, type WeightedPart, type WeightedResult } from './weighted-score';

/**
 * Builds the scorecard tree of one org unit: KPI -> objective -> perspective -> unit, and cascades up the unit
 * hierarchy. Per perspective, a unit combines its own objectives (weight `ownWeight`) with each child's score in
 * that perspective (weight OrgUnitDef.weight, default 1); the unit score is the perspectives' weighted mean, so the
 * numbers shown always add up. Children are always included (the whole subtree).
 */
export function buildScorecard(
  model: TwinModel,
  unitId: string,
  values: KpiValues,
  options: BuildScorecardOptions,
): Scorecard {
  return new ScorecardBuilder(model, values, options).build(unitId);
}

/** Reusable across several units of the same model and inputs (KPI scorings are computed once). */
export class ScorecardBuilder {
  private readonly index: ModelIndex;
  private readonly cascade: KpiCascade;
  private readonly scorings = new Map<string, KpiScoringPair>();
  private readonly withPrediction: boolean;
  private readonly calendar: FiscalCalendar;

  constructor(
    model: TwinModel,
    values: KpiValues,
    private readonly options: BuildScorecardOptions,
  ) {
    this.index = new ModelIndex(model);
    this.calendar = new FiscalCalendar(model.calendar);
    this.cascade = new KpiCascade(this.index, values, options);
    this.withPrediction = options.predicted !== undefined;
  }

  build(unitId: string): Scorecard {
    const unit = this.index.unit(unitId);
    const children = this.index.children(unit.id).map((child) => this.build(child.id));
    // ownWeight only matters next to children; a leaf unit is its own objectives.
    const ownWeight = children.length > 0 ? (this.options.ownWeight ?? 1) : 1;
    const perspectives = this.index.perspectives.map((p) => this.perspectiveCard(p, unit.id, ownWeight, children));
    this.assertObjectivesPlaced(unit.id);
    const asParts = (pick: (p: PerspectiveCard) => WeightedResult) =>
      perspectives.map((p) => ({ weight: p.weight, ...pick(p) }));
    return {
      unit: { id: unit.id, name: unit.name, owner: unit.owner, weight: unit.weight ?? 1 },
      asOf: this.options.asOf,
      modelVersion: this.options.modelVersion ?? null,
      ...this.summarise(asParts(actualOf), asParts(predictedOf)),
      own: combineWeighted(asParts((p) => p.own)),
      perspectives,
      children,
    };
  }

  private perspectiveCard(
    perspective: PerspectiveDef,
    unitId: string,
    ownWeight: number,
    children: readonly Scorecard[],
  ): PerspectiveCard {
    const objectives = this.index
      .objectives(unitId)
      .filter((o) => o.perspective === perspective.id)
      .map((o) => this.objectiveCard(o));
    const own = combineWeighted(objectives.map((o) => ({ weight: o.weight, ...actualOf(o) })));
    const ownPredicted = combineWeighted(objectives.map((o) => ({ weight: o.weight, ...predictedOf(o) })));
    const fromChildren = children.map((child) => ({
      weight: child.unit.weight,
      card: child.perspectives.find((p) => p.id === perspective.id),
    }));
    const parts: WeightedPart[] = [
      { weight: ownWeight, ...own },
      ...fromChildren.map(({ weight, card }) => ({ weight, ...(card ? actualOf(card) : EMPTY) })),
    ];
    const predictedParts: WeightedPart[] = [
      { weight: ownWeight, score: ownPredicted.score, coverage: own.coverage },
      ...fromChildren.map(({ weight, card }) => ({ weight, ...(card ? predictedOf(card) : EMPTY) })),
    ];
    return {
      id: perspective.id,
      name: perspective.name,
      order: perspective.order,
      weight: perspective.weight,
      ...this.summarise(parts, predictedParts),
      own,
      objectives,
    };
  }

  private objectiveCard(objective: ObjectiveDef): ObjectiveCard {
    const kpis = objective.kpis.map((ref, i) => this.kpiCard(ref, () => `objectives.${objective.id}.kpis[${i}]`));
    const parts = kpis.map((k) => leafPart(k.weight, k.score));
    const predictedParts = kpis.map((k) => ({ ...leafPart(k.weight, k.score), score: k.predictedScore ?? null }));
    return {
      id: objective.id,
      name: objective.name,
      owner: objective.owner,
      weight: objective.weight,
      ...this.summarise(parts, predictedParts),
      kpis,
      initiatives: this.index.initiatives(objective.id).map((i) => this.initiativeCard(i)),
    };
  }

  private kpiCard(ref: ObjectiveKpiRef, path: () => string): KpiCard {
    const def = this.index.kpi(ref.kpi, path);
    const { actual, resolved, predicted, expected } = this.scoringOf(def);
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
      periodKey: this.options.periodKeyFor(def),
      updatedAt: value?.asOf ?? null,
      derived: resolved.derived,
    };
    if (predicted) {
      card.expected = expected;
      card.probability = this.options.predicted?.get(def.id)?.probability ?? null;
      card.predictedStatus = predicted.status;
      card.predictedScore = predicted.score;
    }
    return card;
  }

  private scoringOf(def: KpiDef): KpiScoringPair {
    const memo = this.scorings.get(def.id);
    if (memo) return memo;
    const resolved = this.cascade.valueOf(def);
    const periodKey = this.options.periodKeyFor(def);
    const { targetsOverride, asOf: now, staleAfterPeriods } = this.options;
    const value = resolved.value;
    // The value so far meets the target due so far; the period-end expectation meets the full target.
    const actual = scoreKpi(def, value?.value ?? null, {
      periodKey,
      targetsOverride,
      now,
      lastUpdate: value?.asOf,
      stale: value?.quality.stale,
      staleAfterPeriods,
      calendar: this.calendar,
    });
    const expected = this.withPrediction ? this.cascade.expectedOf(def) : null;
    const predicted = this.withPrediction
      ? scoreKpi(def, expected, { periodKey, targetsOverride, now, atPeriodEnd: true })
      : undefined;
    const pair = { actual, resolved, predicted, expected };
    this.scorings.set(def.id, pair);
    return pair;
  }

  private initiativeCard(def: InitiativeDef): InitiativeCard {
    const state = this.options.initiativeState?.get(def.id);
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

  private summarise(parts: WeightedPart[], predictedParts: WeightedPart[]): ScoreSummary {
    const bands = this.options.scoreBands ?? DEFAULT_SCORE_BANDS;
    const { score, coverage } = combineWeighted(parts);
    const summary: ScoreSummary = { score, status: statusFromScore(score, bands), coverage };
    if (this.withPrediction) {
      const predictedScore = combineWeighted(predictedParts).score;
      summary.predictedScore = predictedScore;
      summary.predictedStatus = statusFromScore(predictedScore, bands);
    }
    return summary;
  }

  private assertObjectivesPlaced(unitId: string): void {
    for (const objective of this.index.objectives(unitId)) {
      if (!this.index.perspectives.some((p) => p.id === objective.perspective)) {
        throw new BscError(
          BscErrorCode.ModelInvalid,
          `objective '${objective.id}' names unknown perspective '${objective.perspective}'`,
          `objectives.${objective.id}.perspective`,
        );
      }
    }
  }
}

interface KpiScoringPair {
  actual: KpiScoring;
  resolved: ResolvedValue;
  predicted?: KpiScoring;
  expected: number | null;
}

const EMPTY: WeightedResult = { score: null, coverage: null };

function actualOf(card: ScoreSummary): WeightedResult {
  return { score: card.score, coverage: card.coverage };
}

function predictedOf(card: ScoreSummary): WeightedResult {
  return { score: card.predictedScore ?? null, coverage: card.coverage };
}
