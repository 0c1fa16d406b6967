import type { RawSampleInput } from '../../pipeline/sample-intake.port';
import { BusinessSimulator } from '../business/business-simulator';
import { plantSamples } from '../demo/demo-samples';
import { PlantSimulator } from '../plant/plant-simulator';
import { DAY_MS } from '../plant/sim-time';

export interface BackfillPlan {
  seed: number;
  /** History ends here (exclusive of the live run, which starts at this instant). */
  end: number;
  days: number;
  /** Plant signals are sampled every `stepMs`; business signals keep their own event times. */
  stepMs: number;
  batchSize: number;
}

export const SIMULATOR_SOURCE = 'simulator';

/**
 * Simulated history counts as known at its own ts (`knownAt`), as if the platform had been running: time travel
 * then shows the demo's past as it would have stood.
 * History of every demo signal over (end - days, end] (start aligned to the step), day by day, as pipeline input batches. A generator, so
 * the caller controls the pace (one batch in flight) and memory stays at one day of samples.
 */
export function* historyBatches(plan: BackfillPlan): Generator<RawSampleInput[]> {
  const start = alignDown(plan.end - plan.days * DAY_MS, plan.stepMs);
  const plant = new PlantSimulator(plan.seed);
  const business = new BusinessSimulator(plan.seed, plant.incidents);
  const pending: RawSampleInput[] = [];
  for (let dayStart = start; dayStart < plan.end; dayStart += DAY_MS) {
    const dayEnd = Math.min(plan.end, dayStart + DAY_MS);
    for (let ts = dayStart + plan.stepMs; ts <= dayEnd; ts += plan.stepMs) {
      for (const s of plantSamples(plant.step(ts, plan.stepMs)))
        pending.push({
          signalId: s.signalId,
          ts: s.ts,
          value: s.value,
          quality: 'good',
          source: SIMULATOR_SOURCE,
          knownAt: s.ts,
        });
    }
    for (const s of business.eventsBetween(dayStart, dayEnd)) {
      if (s.ts <= plan.end)
        pending.push({
          signalId: s.signalId,
          ts: s.ts,
          value: s.value,
          quality: 'good',
          source: SIMULATOR_SOURCE,
          knownAt: s.ts,
        });
    }
    while (pending.length >= plan.batchSize) yield pending.splice(0, plan.batchSize);
  }
  if (pending.length > 0) yield pending;
}

export function alignDown(ts: number, stepMs: number): number {
  return Math.floor(ts / stepMs) * stepMs;
}

/**
 * How many days to generate: the full window on first start (nothing stored), only the gap since the newest
 * stored demo sample after a restart (so history stays continuous across downtime), nothing when up to date.
 */
export function backfillDays(
  windowDays: number,
  stepMs: number,
  end: number,
  newestStored: number | undefined,
): number {
  if (windowDays <= 0) return 0;
  if (newestStored === undefined) return windowDays;
  const gapMs = end - newestStored;
  if (gapMs <= stepMs) return 0;
  return Math.min(windowDays, gapMs / DAY_MS);
}
