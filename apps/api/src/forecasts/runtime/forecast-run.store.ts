import type { EventBus } from '@bsc/events';
import type { ForecastRepository } from '@bsc/persistence';
import type { ForecastCache } from './forecast-cache';
import type { ForecastRunOutput } from './forecast-session';
import { projectedPeriodEnds } from './projected-period-ends';

/**
 * What a run's output becomes: this process's cache, the stored forecasts and link estimates (those older than the
 * retention purged), then `forecast.updated` for the other replicas and listeners.
 */
export class ForecastRunStore {
  constructor(
    private readonly cache: ForecastCache,
    private readonly results: ForecastRepository,
    private readonly bus: EventBus,
    private readonly retentionMs: number,
  ) {}

  async save(output: ForecastRunOutput): Promise<void> {
    this.cache.set(output.forecasts, output.links);
    const projected = projectedPeriodEnds(output.forecasts);
    await this.results.saveForecasts(
      output.forecasts.map((v) => ({
        kpiId: v.kpiId,
        computedAt: v.computedAt,
        method: v.method,
        horizon: v.points.length,
        periodKey: v.periodEnd?.periodKey ?? null,
        probability: v.periodEnd?.probabilityOfMeetingTarget ?? null,
        payload: v,
      })),
    );
    if (output.links.length > 0) {
      await this.results.saveLinkEstimates(
        output.links.map((l) => ({ fromObjective: l.from, toObjective: l.to, computedAt: l.computedAt, payload: l })),
      );
    }
    await this.results.purgeComputedBefore(Date.now() - this.retentionMs);
    // after the writes: a replica that reloads on this event finds them stored
    this.bus.publish('forecast.updated', {
      forecasts: projected,
      kpiIds: output.forecasts.map((v) => v.kpiId),
      links: output.links.length > 0,
      at: Date.now(),
    });
  }
}
