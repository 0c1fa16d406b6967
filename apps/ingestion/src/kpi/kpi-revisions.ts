import type { Logger } from '@nestjs/common';
import type { HealthCheckResult } from '@bsc/app-kit';
import type { KpiValue } from '@bsc/common';
import type { EventBus } from '@bsc/events';
import type { IngestionMetrics } from '../metrics/ingestion-metrics';
import { PipelineProgress } from '../pipeline/pipeline-progress';
import { WriteBuffer } from '../pipeline/write-buffer';
import { WRITE_POLICY } from '../pipeline/write-policy';
import type { KpiRevisionStore, WriteFence } from './kpi-engine.port';

export interface Revision {
  value: KpiValue;
  modelVersion: number;
}

/**
 * KPI revisions are gathered for up to a second and only the newest per KPI period is written: the revision log's
 * time axis needs no finer grain, and one small transaction per sample batch would double the database work.
 */
export const REVISION_POLICY = { ...WRITE_POLICY, flushIntervalMs: 1_000, batchSize: 10_000 };

/**
 * Changed values per `kpis.updated` event: one event per engine step, split only when a step changes more (e.g.
 * a day closing on a large model) so that one message stays well under a broker's payload limit (NATS: 1 MB).
 */
export const KPI_EVENT_BATCH = 1_000;

/**
 * A batch may hold several updates of one KPI period: only the newest becomes a revision, except that the one a
 * period was closed with (current when the KPI's next period began, as the live path and the change-point history
 * take it) is kept too: the batch is written in parts, in order (see closingParts). Within a part a KPI's periods
 * are written in the order they began, so a late revision of a period is always written after the next period's
 * first number, which is how latestPeriods tells it from the closing one (same millisecond or not).
 */
export async function appendLatest(
  store: KpiRevisionStore,
  batch: readonly Revision[],
  fence?: WriteFence,
): Promise<void> {
  for (const part of closingParts(batch)) {
    const byVersion = new Map<number, Map<string, KpiValue>>();
    for (const { value, modelVersion } of part) {
      let latest = byVersion.get(modelVersion);
      if (!latest) byVersion.set(modelVersion, (latest = new Map<string, KpiValue>()));
      latest.set(`${value.kpiId}\u0000${value.periodKey}`, value);
    }
    for (const [modelVersion, latest] of byVersion)
      await store.appendRevisions([...latest.values()], modelVersion, undefined, { fence });
  }
}

/**
 * The batch cut before a KPI's value of a period it already updated in the part with another period since (the
 * newest of the part would replace the number that period was closed with); one part when none is.
 */
function closingParts(batch: readonly Revision[]): Revision[][] {
  const parts: Revision[][] = [[]];
  let seen = new Map<string, { periods: Set<string>; last: string }>();
  for (const revision of batch) {
    const { kpiId, periodKey } = revision.value;
    const kpi = seen.get(kpiId);
    if (kpi && kpi.last !== periodKey && kpi.periods.has(periodKey)) {
      parts.push([]);
      seen = new Map();
    }
    const now = seen.get(kpiId) ?? { periods: new Set<string>(), last: periodKey };
    now.periods.add(periodKey);
    now.last = periodKey;
    seen.set(kpiId, now);
    parts[parts.length - 1].push(revision);
  }
  return parts;
}

/**
 * Changed KPI values out: `kpis.updated` on the bus in batches, and the newest per period as revisions. Its health
 * degrades when revisions wait and none were written for the stall bound (their writes fail or hang while samples
 * may still be stored: the pipeline's check would not see it).
 */
export class KpiPublisher {
  private readonly revisions: WriteBuffer<Revision>;
  private readonly progress: PipelineProgress;

  constructor(
    store: KpiRevisionStore,
    private readonly bus: EventBus,
    private readonly metrics: IngestionMetrics,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.progress = new PipelineProgress(now);
    const write = async (batch: Revision[]) => {
      await appendLatest(store, batch);
      this.progress.progressed();
    };
    this.revisions = new WriteBuffer(write, REVISION_POLICY, {
      retry: (error, attempt) => logger.warn({ err: error, attempt }, 'KPI revision write failed; retrying'),
      dropped: (count) => logger.error({ count }, 'KPI revisions dropped at shutdown'),
    });
  }

  publish(values: readonly KpiValue[], modelVersion: number, now: number): void {
    if (values.length === 0) return;
    this.metrics.kpiUpdates.inc(values.length);
    for (let i = 0; i < values.length; i += KPI_EVENT_BATCH) {
      this.bus.publish('kpis.updated', { values: values.slice(i, i + KPI_EVENT_BATCH), modelVersion });
    }
    this.progress
      .track(() => this.revisions.push(values.map((value) => ({ value, modelVersion }))))
      .catch((error: unknown) => {
        this.logger.error({ err: error, at: now }, 'KPI revisions not stored');
      });
  }

  health(stallAfterMs: number): HealthCheckResult {
    const report = this.progress.report(stallAfterMs);
    const detail = { ...report, bufferDepth: this.revisions.depth };
    if (!report.stalled) return { ok: true, detail };
    const reason = `${report.waiting} update(s) of KPI revisions waiting and none written for ${Math.round(report.sinceProgressMs / 1000)} s`;
    return { ok: false, detail: { ...detail, reason } };
  }

  /** Writes what it still holds. */
  close(): Promise<void> {
    return this.revisions.close();
  }
}
