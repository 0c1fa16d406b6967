import type { KpiQuality, KpiValue } from '@bsc/common';
import type { InitiativeStatus, KpiDef, KpiDirection, TargetPhasing } from '@bsc/twin';
import type { ScoreBands } from '../scoring/score-bands';
import type { AggregateStatus, KpiStatus, TargetOverrides } from '../scoring/scoring.types';

/**
 * Score of an aggregate. `coverage` is the share of weight (0..1) whose parts had a score; parts without data are
 * left out of `score`, never counted as zero. `coverage` is null when the aggregate has nothing in it at all (e.g.
 * a perspective without objectives), so that empty parts do not dilute coverage higher up.
 */
export interface ScoreSummary {
  score: number | null;
  status: AggregateStatus;
  coverage: number | null;
  /** Present when predictions were supplied: the same roll-up over period-end expectations. */
  predictedScore?: number | null;
  predictedStatus?: AggregateStatus;
}

export interface KpiCard {
  id: string;
  name: string;
  unit: string;
  direction: KpiDirection;
  /** Weight of the KPI in its objective. */
  weight: number;
  /** The KPI's value for the period so far (period to date). */
  value: number | null;
  /** The full target of the period (what the period-end expectation is judged against). */
  target: number | null;
  /** The target due so far by the KPI's phasing: what `value`, `status` and `score` are judged against. */
  toDateTarget: number | null;
  /** Phasing applied to the to-date target ('none': the full target applies to date). */
  phasing: TargetPhasing;
  band?: { lower: number; upper: number };
  status: KpiStatus;
  score: number | null;
  deviation: number | null;
  quality: KpiQuality | null;
  periodKey: string;
  /** Event time of the newest input (KpiValue.asOf), null without a value. */
  updatedAt: number | null;
  /** True when the value was cascaded from child units' KPIs of the same family. */
  derived: boolean;
  expected?: number | null;
  probability?: number | null;
  predictedStatus?: KpiStatus;
  predictedScore?: number | null;
}

export interface InitiativeCard {
  id: string;
  name: string;
  owner?: string;
  status: InitiativeStatus;
  /** 0..1: supplied progress, else the share of milestones done; null without milestones. */
  progress: number | null;
  budget?: { amount: number; currency: string };
}

export interface ObjectiveCard extends ScoreSummary {
  id: string;
  name: string;
  owner?: string;
  weight: number;
  kpis: KpiCard[];
  initiatives: InitiativeCard[];
}

export interface PerspectiveCard extends ScoreSummary {
  id: string;
  name: string;
  order: number;
  weight: number;
  /** Only this unit's own objectives; the summary fields also include the children's perspective scores. */
  objectives: ObjectiveCard[];
  /** The unit's own objectives alone, before children are combined in. */
  own: Pick<ScoreSummary, 'score' | 'coverage'>;
}

export interface ScorecardUnit {
  id: string;
  name: string;
  owner?: string;
  weight: number;
}

export interface Scorecard extends ScoreSummary {
  unit: ScorecardUnit;
  asOf: number;
  modelVersion: number | null;
  perspectives: PerspectiveCard[];
  /** The unit's own objectives alone, before children are combined in. */
  own: Pick<ScoreSummary, 'score' | 'coverage'>;
  children: Scorecard[];
}

export interface PredictedValue {
  /** Expected period-end value. */
  expected: number;
  /** Probability (0..1) of meeting the target at period end, when known. */
  probability?: number | null;
}

export interface InitiativeState {
  status?: InitiativeStatus;
  progress?: number;
}

export interface BuildScorecardOptions {
  /** The instant the scorecard describes, epoch ms (also "now" for staleness). */
  asOf: number;
  /** Period key each KPI is scored for; values with another period key count as missing. */
  periodKeyFor: (kpi: KpiDef) => string;
  modelVersion?: number | null;
  targetsOverride?: TargetOverrides;
  predicted?: ReadonlyMap<string, PredictedValue>;
  initiativeState?: ReadonlyMap<string, InitiativeState>;
  scoreBands?: ScoreBands;
  /** Weight of a unit's own objectives next to its children (each weighted by OrgUnitDef.weight). Default 1. */
  ownWeight?: number;
  staleAfterPeriods?: number;
  /** Family of a KPI for cascading; defaults to the KPI's `family` field. */
  familyOf?: (kpi: KpiDef) => string | undefined;
}

export type KpiValues = ReadonlyMap<string, KpiValue>;
