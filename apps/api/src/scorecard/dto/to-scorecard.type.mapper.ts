import {
  lazyProperty,
  type Change,
  type KpiCard,
  type KpiDelta,
  type ObjectiveCard,
  type ObjectiveDelta,
  type PerspectiveCard,
  type Scorecard,
  type ScorecardDelta,
} from '@bsc/scorecard';
import type {
  ChangeType,
  KpiChangeType,
  ScorecardKpi,
  ScorecardObjective,
  ScorecardPerspective,
  ScorecardType,
} from './scorecard.types';

function toChange<S extends string>(c: Change<S> | undefined): ChangeType | null {
  if (!c) return null;
  return {
    previousScore: c.previousScore,
    scoreDelta: c.scoreDelta,
    previousStatus: c.previousStatus,
    statusChanged: c.statusChanged,
    trend: c.trend,
  };
}

function toKpiChange(d: KpiDelta | undefined): KpiChangeType | null {
  const base = toChange(d);
  return base && d
    ? { ...base, previousValue: d.previousValue, valueDelta: d.valueDelta, previousPeriodKey: d.previousPeriodKey }
    : null;
}

function toKpi(k: KpiCard, delta: KpiDelta | undefined): ScorecardKpi {
  return {
    id: k.id,
    name: k.name,
    unit: k.unit,
    direction: k.direction,
    weight: k.weight,
    value: k.value,
    target: k.target,
    toDateTarget: k.toDateTarget,
    phasing: k.phasing,
    status: k.status,
    score: k.score,
    deviation: k.deviation,
    quality: k.quality ? { ...k.quality } : null,
    periodKey: k.periodKey,
    updatedAt: k.updatedAt === null ? null : new Date(k.updatedAt),
    derived: k.derived,
    predictedStatus: k.predictedStatus ?? null,
    predictedScore: k.predictedScore ?? null,
    expected: k.expected ?? null,
    probability: k.probability ?? null,
    delta: toKpiChange(delta),
  };
}

/**
 * Mapped nodes by the delta they were mapped with, for one knowledge time: a kept LiveScorecard hands out the same
 * card and delta objects until a node changes, so only changed nodes are mapped again.
 */
export class ScorecardTypeMemo {
  readonly units = new WeakMap<ScorecardDelta, ScorecardType>();
  readonly objectives = new WeakMap<ObjectiveDelta, ScorecardObjective>();
}

function toObjective(
  o: ObjectiveCard,
  delta: ObjectiveDelta | undefined,
  memo?: ScorecardTypeMemo,
): ScorecardObjective {
  const known = delta && memo?.objectives.get(delta);
  if (known) return known;
  const mapped: Omit<ScorecardObjective, 'kpis'> = {
    id: o.id,
    name: o.name,
    owner: o.owner ?? null,
    weight: o.weight,
    score: o.score,
    status: o.status,
    predictedStatus: o.predictedStatus ?? null,
    coverage: o.coverage,
    initiatives: o.initiatives.map((i) => ({
      id: i.id,
      name: i.name,
      owner: i.owner ?? null,
      status: i.status,
      progress: i.progress,
    })),
    delta: toChange(delta),
  };
  // mapped on first read (GraphQL reads `kpis` only when the query selects them): the KPIs are most of the nodes
  const withKpis = lazyProperty(mapped, 'kpis', () => {
    const deltas = new Map(delta?.kpis.map((d) => [d.id, d]));
    return o.kpis.map((k) => toKpi(k, deltas.get(k.id)));
  });
  if (delta) memo?.objectives.set(delta, withKpis);
  return withKpis;
}

function toPerspective(
  p: PerspectiveCard,
  delta: ScorecardDelta['perspectives'][number] | undefined,
  memo: ScorecardTypeMemo | undefined,
): ScorecardPerspective {
  return {
    id: p.id,
    name: p.name,
    weight: p.weight,
    score: p.score,
    status: p.status,
    predictedStatus: p.predictedStatus ?? null,
    coverage: p.coverage,
    objectives: p.objectives.map((o) =>
      toObjective(
        o,
        delta?.objectives.find((d) => d.id === o.id),
        memo,
      ),
    ),
    delta: toChange(delta),
  };
}

export function toScorecardType(
  card: Scorecard,
  delta: ScorecardDelta | undefined,
  knownAt: number | null,
  memo?: ScorecardTypeMemo,
): ScorecardType {
  const known = delta && memo?.units.get(delta);
  if (known) return known;
  const mapped: ScorecardType = {
    unit: { id: card.unit.id, name: card.unit.name, owner: card.unit.owner ?? null },
    score: card.score,
    status: card.status,
    predictedStatus: card.predictedStatus ?? null,
    coverage: card.coverage,
    asOf: new Date(card.asOf),
    knownAt: knownAt === null ? null : new Date(knownAt),
    modelVersion: card.modelVersion,
    perspectives: card.perspectives.map((p) =>
      toPerspective(
        p,
        delta?.perspectives.find((d) => d.id === p.id),
        memo,
      ),
    ),
    children: card.children.map((c) =>
      toScorecardType(
        c,
        delta?.children.find((d) => d.id === c.unit.id),
        knownAt,
        memo,
      ),
    ),
    delta: toChange(delta),
  };
  if (delta) memo?.units.set(delta, mapped);
  return mapped;
}
