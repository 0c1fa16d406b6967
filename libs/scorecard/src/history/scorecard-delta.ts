import type { KpiCard, ObjectiveCard, PerspectiveCard, Scorecard, ScoreSummary } from '../rollup/scorecard.types';
import { lazyProperty } from './lazy-property';

export type Trend = 'improved' | 'worsened' | 'unchanged';

/** How one node moved between two scorecards; previous fields are null when the node did not exist then. */
export interface Change<S extends string> {
  id: string;
  score: number | null;
  previousScore: number | null;
  /** score - previousScore; null unless both exist. */
  scoreDelta: number | null;
  status: S;
  previousStatus: S | null;
  statusChanged: boolean;
  /** From the score (higher is always better); null unless both scores exist. */
  trend: Trend | null;
}

export interface KpiDelta extends Change<KpiCard['status']> {
  value: number | null;
  previousValue: number | null;
  valueDelta: number | null;
  periodKey: string;
  previousPeriodKey: string | null;
}

export interface ObjectiveDelta extends Change<ObjectiveCard['status']> {
  kpis: KpiDelta[];
}

export interface PerspectiveDelta extends Change<PerspectiveCard['status']> {
  objectives: ObjectiveDelta[];
}

export interface ScorecardDelta extends Change<Scorecard['status']> {
  perspectives: PerspectiveDelta[];
  children: ScorecardDelta[];
}

// Score differences smaller than this are rounding noise, not a trend.
const TREND_EPSILON = 1e-9;

/**
 * Compares a scorecard with an earlier one (typically the previous period) node by node, matched by id. The
 * structure follows `current`: nodes that only exist in `previous` are left out.
 */
export function compareScorecards(
  current: Scorecard,
  previous: Scorecard | undefined,
  memo?: DeltaMemo,
): ScorecardDelta {
  const known = memo?.units.get(current);
  if (known && known.previous === previous) return known.delta;
  const delta: ScorecardDelta = {
    ...change(current.unit.id, current, previous),
    perspectives: current.perspectives.map((p) => {
      const prev = previous?.perspectives.find((x) => x.id === p.id);
      return {
        ...change(p.id, p, prev),
        objectives: p.objectives.map((o) =>
          objectiveDelta(
            o,
            prev?.objectives.find((x) => x.id === o.id),
            memo,
          ),
        ),
      };
    }),
    children: current.children.map((c) =>
      compareScorecards(
        c,
        previous?.children.find((x) => x.unit.id === c.unit.id),
        memo,
      ),
    ),
  };
  memo?.units.set(current, { previous, delta });
  return delta;
}

/**
 * Deltas already computed, by the node compared: reused while neither side of a node changed, which is what a
 * kept ScorecardBuilder gives (it returns the same card objects until their inputs change).
 */
export class DeltaMemo {
  readonly units = new WeakMap<Scorecard, { previous: Scorecard | undefined; delta: ScorecardDelta }>();
  readonly objectives = new WeakMap<ObjectiveCard, { previous: ObjectiveCard | undefined; delta: ObjectiveDelta }>();
}

function objectiveDelta(
  objective: ObjectiveCard,
  previous: ObjectiveCard | undefined,
  memo: DeltaMemo | undefined,
): ObjectiveDelta {
  const known = memo?.objectives.get(objective);
  if (known && known.previous === previous) return known.delta;
  // the KPIs' deltas on first read: most of a large scorecard's nodes, and an answer at objective level never reads them
  const delta = lazyProperty(change(objective.id, objective, previous), 'kpis', () => {
    const before = new Map(previous?.kpis.map((k) => [k.id, k]));
    return objective.kpis.map((k) => kpiDelta(k, before.get(k.id)));
  });
  memo?.objectives.set(objective, { previous, delta });
  return delta;
}

function kpiDelta(kpi: KpiCard, prev: KpiCard | undefined): KpiDelta {
  const previousValue = prev?.value ?? null;
  return {
    ...change(kpi.id, kpi, prev),
    value: kpi.value,
    previousValue,
    valueDelta: kpi.value !== null && previousValue !== null ? kpi.value - previousValue : null,
    periodKey: kpi.periodKey,
    previousPeriodKey: prev?.periodKey ?? null,
  };
}

function change<S extends string>(
  id: string,
  current: Pick<ScoreSummary, 'score'> & { status: S },
  previous: (Pick<ScoreSummary, 'score'> & { status: S }) | undefined,
): Change<S> {
  const previousScore = previous?.score ?? null;
  const scoreDelta = current.score !== null && previousScore !== null ? current.score - previousScore : null;
  return {
    id,
    score: current.score,
    previousScore,
    scoreDelta,
    status: current.status,
    previousStatus: previous?.status ?? null,
    statusChanged: previous !== undefined && previous.status !== current.status,
    trend:
      scoreDelta === null
        ? null
        : scoreDelta > TREND_EPSILON
          ? 'improved'
          : scoreDelta < -TREND_EPSILON
            ? 'worsened'
            : 'unchanged',
  };
}
