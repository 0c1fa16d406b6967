import { BscError, BscErrorCode } from '@bsc/common';
import { FiscalCalendar } from '@bsc/kpi';
import type { KpiDef, ObjectiveDef, ObjectiveKpiRef, PerspectiveDef, TwinModel } from '@bsc/twin';
import { scoreKpi, staleDeadline } from '../scoring/kpi-scorer';
import { DEFAULT_SCORE_BANDS, statusFromScore } from '../scoring/score-bands';
import { KpiCascade } from './kpi-cascade';
import { ModelIndex } from './model-index';
import { actualOf, EMPTY, initiativeCardOf, kpiCardOf, predictedOf, type KpiScoringPair } from './scorecard-cards';
import type {
  BuildScorecardOptions,
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

/** What a build learnt about how its KPI scores move with time alone (for keeping a built scorecard current). */
export interface TimeDependence {
  /** A KPI's score uses a target phased to `asOf`: it moves whenever `asOf` does. */
  phased(kpiId: string): void;
  /** A KPI's value turns stale once `asOf` passes this instant. */
  staleAfter(kpiId: string, at: number): void;
}

/**
 * Reusable across several units of the same model and inputs: KPI scorings, objective and unit cards are computed
 * once. `forget` and `moveTo` drop only what a changed value or a new instant affects, so the next build
 * recomputes the path from those KPIs up to the root and reuses the rest.
 */
export class ScorecardBuilder {
  private readonly index: ModelIndex;
  private readonly cascade: KpiCascade;
  private readonly scorings = new Map<string, KpiScoringPair>();
  private readonly objectiveCards = new Map<string, ObjectiveCard>();
  private readonly unitCards = new Map<string, Scorecard>();
  private readonly withPrediction: boolean;
  private readonly calendar: FiscalCalendar;
  private options: BuildScorecardOptions;

  constructor(
    model: TwinModel,
    values: KpiValues,
    options: BuildScorecardOptions,
    private readonly time?: TimeDependence,
  ) {
    this.options = options;
    this.index = new ModelIndex(model);
    this.calendar = new FiscalCalendar(model.calendar);
    this.cascade = new KpiCascade(this.index, values, options);
    this.withPrediction = options.predicted !== undefined;
  }

  /** The values of these KPIs changed (in the map given to the constructor): drops what depends on them. */
  forget(kpiIds: Iterable<string>): void {
    for (const id of this.cascade.forget(kpiIds)) {
      this.scorings.delete(id);
      for (const objective of this.index.objectivesOfKpi(id)) {
        this.objectiveCards.delete(objective.id);
        for (const unit of this.index.ancestry(objective.unit)) this.unitCards.delete(unit.id);
      }
    }
  }

  /** Describes another instant; `rescore` are the KPIs whose scores move with it (see TimeDependence). */
  moveTo(asOf: number, rescore: Iterable<string>): void {
    this.options = { ...this.options, asOf };
    this.forget(rescore);
    // every unit card states its instant
    this.unitCards.clear();
  }

  build(unitId: string): Scorecard {
    const cached = this.unitCards.get(unitId);
    if (cached) return cached;
    const unit = this.index.unit(unitId);
    const children = this.index.children(unit.id).map((child) => this.build(child.id));
    // ownWeight only matters next to children; a leaf unit is its own objectives.
    const ownWeight = children.length > 0 ? (this.options.ownWeight ?? 1) : 1;
    const perspectives = this.index.perspectives.map((p) => this.perspectiveCard(p, unit.id, ownWeight, children));
    this.assertObjectivesPlaced(unit.id);
    const asParts = (pick: (p: PerspectiveCard) => WeightedResult) =>
      perspectives.map((p) => ({ weight: p.weight, ...pick(p) }));
    const card: Scorecard = {
      unit: { id: unit.id, name: unit.name, owner: unit.owner, weight: unit.weight ?? 1 },
      asOf: this.options.asOf,
      modelVersion: this.options.modelVersion ?? null,
      ...this.summarise(asParts(actualOf), asParts(predictedOf)),
      own: combineWeighted(asParts((p) => p.own)),
      perspectives,
      children,
    };
    this.unitCards.set(unit.id, card);
    return card;
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
    const cached = this.objectiveCards.get(objective.id);
    if (cached) return cached;
    const kpis = objective.kpis.map((ref, i) => this.kpiCard(ref, () => `objectives.${objective.id}.kpis[${i}]`));
    const parts = kpis.map((k) => leafPart(k.weight, k.score));
    const predictedParts = kpis.map((k) => ({ ...leafPart(k.weight, k.score), score: k.predictedScore ?? null }));
    const card: ObjectiveCard = {
      id: objective.id,
      name: objective.name,
      owner: objective.owner,
      weight: objective.weight,
      ...this.summarise(parts, predictedParts),
      kpis,
      initiatives: this.index.initiatives(objective.id).map((i) => initiativeCardOf(i, this.options)),
    };
    this.objectiveCards.set(objective.id, card);
    return card;
  }

  private kpiCard(ref: ObjectiveKpiRef, path: () => string): KpiCard {
    const def = this.index.kpi(ref.kpi, path);
    const scoring = this.scoringOf(def);
    // kept with the KPI's scoring (forgotten with it): an objective assembled again for one changed KPI reuses
    // the cards of the others
    if (scoring.card && scoring.cardRef === ref) return scoring.card;
    const card = kpiCardOf(ref, def, scoring, this.options);
    scoring.card = card;
    scoring.cardRef = ref;
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
    const context = {
      periodKey,
      targetsOverride,
      now,
      lastUpdate: value?.asOf,
      stale: value?.quality.stale,
      staleAfterPeriods,
      calendar: this.calendar,
    };
    const actual = scoreKpi(def, value?.value ?? null, context);
    if (this.time) {
      if (actual.phasing !== 'none') this.time.phased(def.id);
      const deadline = staleDeadline(def, context);
      if (deadline !== null) this.time.staleAfter(def.id, deadline);
    }
    const expected = this.withPrediction ? this.cascade.expectedOf(def) : null;
    const predicted = this.withPrediction
      ? scoreKpi(def, expected, { periodKey, targetsOverride, now, atPeriodEnd: true })
      : undefined;
    const pair = { actual, resolved, predicted, expected };
    this.scorings.set(def.id, pair);
    return pair;
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
