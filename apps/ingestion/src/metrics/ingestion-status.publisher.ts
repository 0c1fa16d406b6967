import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  EVENT_BUS,
  INGESTION_STATUS_INTERVAL_MS,
  type ConnectorReport,
  type EventBus,
  type IngestionStatus,
} from '@bsc/events';
import { ConnectorActivity } from '../connectors/connector-activity';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { SignalPipeline } from '../pipeline/signal-pipeline.service';

/** Sources without a session (HTTP intake, CSV import): "receiving" once they have sent anything. */
const SESSIONLESS_STATE = 'receiving';

/**
 * Publishes `ingestion.status`: the connector status registry joined with what each source delivered, and the
 * pipeline's stall figures, so the API (in this process or another) can show data-source health.
 */
@Injectable()
export class IngestionStatusPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = Date.now();

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly statuses: ConnectorStatusRegistry,
    private readonly activity: ConnectorActivity,
    private readonly pipeline: SignalPipeline,
  ) {}

  onApplicationBootstrap(): void {
    this.publish();
    this.timer = setInterval(() => this.publish(), INGESTION_STATUS_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  publish(now: number = Date.now()): void {
    this.bus.publish('ingestion.status', this.snapshot(now));
  }

  snapshot(now: number = Date.now()): IngestionStatus {
    const connectors: ConnectorReport[] = [];
    const seen = new Set<string>();
    for (const s of this.statuses.all()) {
      seen.add(s.id);
      const activity = this.activity.of(s.id);
      connectors.push({
        id: s.id,
        kind: s.kind,
        state: s.state,
        since: s.since,
        detail: s.detail ?? null,
        reconnects: s.reconnects,
        samples: activity?.samples ?? 0,
        lastSampleAt: activity?.lastSampleAt ?? null,
        lagMs: activity?.lagMs ?? null,
      });
    }
    for (const source of this.activity.sources()) {
      if (seen.has(source)) continue;
      const activity = this.activity.of(source)!;
      const colon = source.indexOf(':');
      connectors.push({
        id: source,
        kind: colon < 0 ? source : source.slice(0, colon),
        state: SESSIONLESS_STATE,
        since: this.startedAt,
        detail: null,
        reconnects: 0,
        ...activity,
      });
    }
    connectors.sort((a, b) => a.id.localeCompare(b.id));
    return { at: now, startedAt: this.startedAt, connectors, pipeline: this.pipeline.healthSnapshot() };
  }
}
