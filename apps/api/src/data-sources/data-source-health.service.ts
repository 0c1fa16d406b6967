import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_BUS, INGESTION_STATUS_INTERVAL_MS, type EventBus, type IngestionStatus } from '@bsc/events';
import type { Principal } from '../auth/principal';
import { deadLetterVisibility } from '../signals/dead-letter-scope';
import { DEAD_LETTER_STORE, type DeadLetterStore, type DeadLetterVisibility } from '../stores/dead-letter.store';
import { TwinIndexService } from '../twin/twin-index.service';
import { connectorVisible } from './connector-scope';
import type { DataSourceConnectorType, DataSourcesType, DeadLetterGroupType } from './dto/data-source.types';

/** A report older than this many intervals means ingestion stopped reporting. */
const STALE_AFTER_INTERVALS = 3;
const HEALTHY_STATES: ReadonlySet<string> = new Set(['connected', 'receiving']);
/** Dead-letter groups shown, and raw payloads kept per group. */
const MAX_GROUPS = 20;
const SAMPLES_PER_GROUP = 3;

/** Keeps the last two `ingestion.status` reports (their difference gives samples per second). */
@Injectable()
export class DataSourceHealthService implements OnModuleDestroy {
  private last: IngestionStatus | undefined;
  private previous: IngestionStatus | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(DEAD_LETTER_STORE) private readonly deadLetters: DeadLetterStore,
    private readonly twin: TwinIndexService,
  ) {
    this.unsubscribe = bus.subscribe('ingestion.status', (status) => this.accept(status));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  accept(status: IngestionStatus): void {
    // a restarted ingestion counts from zero again: its first report has no predecessor
    this.previous = this.last?.startedAt === status.startedAt ? this.last : undefined;
    this.last = status;
  }

  /** What feeds the caller's units, and their dead letters (see connectorVisible, deadLetterVisibility). */
  async current(principal: Principal, now: number = Date.now()): Promise<DataSourcesType> {
    const last = this.last;
    const index = this.twin.current();
    const reporting = last !== undefined && now - last.at <= STALE_AFTER_INTERVALS * INGESTION_STATUS_INTERVAL_MS;
    return {
      reportedAt: last ? new Date(last.at) : null,
      reporting,
      connectors: last ? this.connectors(last, reporting).filter((c) => connectorVisible(principal, index, c)) : [],
      pipeline: last
        ? {
            bufferDepth: last.pipeline.bufferDepth,
            stalled: last.pipeline.stalled,
            secondsSinceProgress: last.pipeline.sinceProgressMs / 1000,
            quarantined: last.pipeline.quarantined,
          }
        : null,
      deadLetters: await this.deadLetterGroups(
        (await deadLetterVisibility(principal, index, this.deadLetters)) ?? undefined,
      ),
    };
  }

  private connectors(last: IngestionStatus, reporting: boolean): DataSourceConnectorType[] {
    const before = new Map((this.previous?.connectors ?? []).map((c) => [c.id, c]));
    const seconds = this.previous ? (last.at - this.previous.at) / 1000 : 0;
    return last.connectors.map((c) => {
      const earlier = before.get(c.id);
      return {
        id: c.id,
        kind: c.kind,
        state: c.state,
        healthy: reporting && HEALTHY_STATES.has(c.state),
        since: new Date(c.since),
        detail: c.detail,
        reconnects: c.reconnects,
        samplesPerSecond: seconds > 0 ? (c.samples - (earlier?.samples ?? 0)) / seconds : null,
        samplesTotal: c.samples,
        lastSampleAt: c.lastSampleAt === null ? null : new Date(c.lastSampleAt),
        lagMs: c.lagMs,
      };
    });
  }

  private async deadLetterGroups(visibleTo: DeadLetterVisibility | undefined): Promise<DeadLetterGroupType[]> {
    const groups = (await this.deadLetters.countsBySourceAndReason(visibleTo)).slice(0, MAX_GROUPS);
    return Promise.all(
      groups.map(async (g) => ({
        source: g.source,
        reason: g.reason,
        count: g.count,
        lastAt: new Date(g.lastAt),
        samples: (
          await this.deadLetters.list({ source: g.source, reason: g.reason, visibleTo, limit: SAMPLES_PER_GROUP })
        ).map((d) => ({ ...d, id: String(d.id), receivedAt: new Date(d.receivedAt) })),
      })),
    );
  }
}
