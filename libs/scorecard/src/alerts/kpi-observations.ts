import type { Scorecard } from '../rollup/scorecard.types';
import type { KpiObservation } from './alert.types';

/**
 * Every KPI of a scorecard tree (children included) as an observation for the AlertEvaluator, once per KPI even
 * when several objectives share it. Lets the API feed alerts from the same scoring it shows.
 */
export function observationsFromScorecard(scorecard: Scorecard, at: number): KpiObservation[] {
  const seen = new Set<string>();
  const out: KpiObservation[] = [];
  const visit = (card: Scorecard) => {
    for (const perspective of card.perspectives) {
      for (const objective of perspective.objectives) {
        for (const kpi of objective.kpis) {
          if (seen.has(kpi.id)) continue;
          seen.add(kpi.id);
          out.push({
            kpiId: kpi.id,
            at,
            value: kpi.value,
            status: kpi.status,
            // the target the status was judged against (to date for phased targets)
            target: kpi.toDateTarget,
            probability: kpi.probability,
            updatedAt: kpi.updatedAt ?? undefined,
          });
        }
      }
    }
    card.children.forEach(visit);
  };
  visit(scorecard);
  return out;
}
