import type { KpiDef, ObjectiveDef, TwinModel } from '@bsc/twin';
import type { MeasuredLink } from './what-if.types';

/** A shift of an objective (standardised units) that came along a chain of links. */
export interface ObjectiveShift {
  objective: string;
  /** Objectives passed, cause first. */
  via: string[];
  lagMs: number;
  z: number;
}

/** +1 when higher is better, -1 when lower is; band KPIs have no direction to move along (0). */
export function orientation(def: KpiDef): number {
  return def.direction === 'higher_is_better' ? 1 : def.direction === 'lower_is_better' ? -1 : 0;
}

/**
 * An objective's standardised shift from its KPIs' changes: the weighted mean of each KPI's change over its daily
 * standard deviation, turned so that up is better (how the link estimates build an objective's series). A KPI without
 * a daily scale had no history, so the series the slopes were measured on leaves its weight out; so does the shift.
 */
export function objectiveShift(
  objective: ObjectiveDef,
  kpis: ReadonlyMap<string, KpiDef>,
  change: ReadonlyMap<string, number>,
  scales: ReadonlyMap<string, number>,
): number {
  let total = 0;
  let shift = 0;
  for (const ref of objective.kpis) {
    const def = kpis.get(ref.kpi);
    const scale = scales.get(ref.kpi);
    if (!def || !scale) continue;
    total += ref.weight;
    shift += (ref.weight * orientation(def) * (change.get(ref.kpi) ?? 0)) / scale;
  }
  return total > 0 ? shift / total : 0;
}

/**
 * Follows the shifts of the driven objectives along the usable links, breadth first, one draw of the slopes at a
 * time; every chain is kept apart (its lag and path), and no chain visits an objective twice.
 */
export function propagateAlongLinks(
  model: TwinModel,
  sources: ReadonlyMap<string, number>,
  links: readonly MeasuredLink[],
  slopes: readonly number[],
): ObjectiveShift[] {
  const out: ObjectiveShift[] = [];
  let frontier: ObjectiveShift[] = [...sources].map(([objective, z]) => ({ objective, via: [objective], lagMs: 0, z }));
  for (let depth = 0; depth < model.objectives.length && frontier.length > 0; depth++) {
    const next: ObjectiveShift[] = [];
    for (const shift of frontier) {
      links.forEach((link, i) => {
        if (link.from !== shift.objective || shift.via.includes(link.to)) return;
        const moved = {
          objective: link.to,
          via: [...shift.via, link.to],
          lagMs: shift.lagMs + link.lagMs,
          z: shift.z * slopes[i],
        };
        next.push(moved);
        out.push(moved);
      });
    }
    frontier = next;
  }
  return out;
}
