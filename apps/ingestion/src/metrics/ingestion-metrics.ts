import { Injectable } from '@nestjs/common';
import type { KpiEngineStats } from '@bsc/kpi';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ConnectorStatusRegistry, type ConnectorState } from '../connectors/connector-status.registry';

const CONNECTOR_STATES: readonly ConnectorState[] = [
  'connecting',
  'connected',
  'reconnecting',
  'disconnected',
  'failed',
  'stopped',
];

/** Lag buckets (seconds) from a few ms (live path) to minutes (a broker's backlog after an outage). */
/** Seconds; finer from 1 to 5 s, where the lag target (p99 ≤ 2 s) is judged: a quantile is interpolated within a bucket. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 10, 30, 60, 300];

/** Rows per write: one sample (idle) up to the batch bound (group commit under load). */
const ROW_BUCKETS = [1, 10, 100, 500, 1_000, 2_000, 5_000, 10_000];

/** The ingestion path's Prometheus metrics, registered once on the process registry served at /metrics. */
@Injectable()
export class IngestionMetrics {
  readonly received: Counter<'source'>;
  readonly rejected: Counter<'reason'>;
  readonly stored: Counter;
  readonly duplicates: Counter;
  readonly filtered: Counter;
  readonly dropped: Counter;
  readonly writeRetries: Counter;
  readonly bufferDepth: Gauge;
  /** Stored samples the KPI engine's last start read (replay or checkpoint restore, and what came after). */
  readonly kpiStartSamples: Gauge;
  readonly lag: Histogram;
  readonly sourceLag: Histogram;
  /** One sample batch's write to the database, and its rows: with the lag, where a backlog forms. */
  readonly writeSeconds: Histogram;
  readonly writeRows: Histogram;
  /** The KPI engine's work on one stored batch (ingest and publish), which runs before the next batch is written. */
  readonly kpiBatchSeconds: Histogram;
  readonly kpiUpdates: Counter;
  readonly quarantined: Counter;
  readonly overflowDropped: Counter<'connector'>;
  readonly idempotencyKeysEvicted: Counter;
  /** Set by the KPI feed: the counts of the engine in use, read at scrape time (undefined: no engine yet). */
  kpiEngineProbe: (() => KpiEngineStats | undefined) | undefined;
  /** Set by the pipeline: how long waiting work has seen no write complete, read at scrape time. */
  stallProbe: (() => { stalled: boolean; sinceProgressMs: number }) | undefined;
  private readonly connectorState: Gauge<'connector' | 'state'>;

  constructor(registry: Registry, statuses: ConnectorStatusRegistry) {
    const registers = [registry];
    this.received = counter(registry, 'bsc_samples_received_total', 'Samples decoded by the connectors, per source', [
      'source',
    ]);
    this.rejected = counter(
      registry,
      'bsc_samples_rejected_total',
      'Samples or messages rejected and dead-lettered, per reason code',
      ['reason'],
    );
    this.stored = counter(registry, 'bsc_samples_stored_total', 'Samples newly written to the database');
    this.duplicates = counter(
      registry,
      'bsc_samples_duplicate_total',
      'Re-delivered samples (same signal and timestamp) that were ignored',
    );
    this.filtered = counter(
      registry,
      'bsc_samples_deadband_filtered_total',
      'Samples within their signal deadband, not stored',
    );
    this.dropped = counter(
      registry,
      'bsc_samples_dropped_total',
      'Accepted samples that could not be written (only at a shutdown past its deadline)',
    );
    this.writeRetries = counter(registry, 'bsc_pipeline_write_retries_total', 'Failed batch writes that were retried');
    this.kpiUpdates = counter(registry, 'bsc_kpi_updates_total', 'KPI values recomputed from ingested samples');
    this.quarantined = counter(
      registry,
      'bsc_pipeline_quarantined_total',
      'Dead letters the database refused for good, kept in the bounded in-memory quarantine and logged',
    );
    this.overflowDropped = counter(
      registry,
      'bsc_mqtt_qos0_overflow_dropped_total',
      'QoS 0 messages dropped because the in-flight window and its parking lot were full (QoS 1 is bounded by the broker)',
      ['connector'],
    );
    this.idempotencyKeysEvicted = counter(
      registry,
      'bsc_intake_idempotency_keys_evicted_total',
      'Idempotency-Key entries of the HTTP intake forgotten before their day was over, to bound memory',
    );
    const probe = (): { stalled: boolean; sinceProgressMs: number } =>
      this.stallProbe?.() ?? { stalled: false, sinceProgressMs: 0 };
    if (!existing(registry, 'bsc_pipeline_stalled')) {
      new Gauge({
        name: 'bsc_pipeline_stalled',
        help: '1 while samples (or dead letters) wait and none of their kind was written for INGEST_STALL_AFTER_S, else 0',
        registers,
        collect(this: Gauge) {
          this.set(probe().stalled ? 1 : 0);
        },
      });
      new Gauge({
        name: 'bsc_pipeline_seconds_since_progress',
        help: 'Seconds waiting work has seen no write complete (0 when nothing waits)',
        registers,
        collect(this: Gauge) {
          this.set(probe().sinceProgressMs / 1000);
        },
      });
    }
    this.registerKpiEngineGauges(registry);
    this.bufferDepth =
      existing<Gauge>(registry, 'bsc_pipeline_buffer_depth') ??
      new Gauge({ name: 'bsc_pipeline_buffer_depth', help: 'Accepted samples waiting to be written', registers });
    this.kpiStartSamples =
      existing<Gauge>(registry, 'bsc_kpi_start_samples') ??
      new Gauge({
        name: 'bsc_kpi_start_samples',
        help: 'Stored samples the KPI engine read at its last start (replay or checkpoint restore)',
        registers,
      });
    this.lag = histogram(
      registry,
      'bsc_ingest_lag_seconds',
      'Time from receipt of a sample to the KPI update it caused',
      LAG_BUCKETS,
    );
    this.sourceLag = histogram(
      registry,
      'bsc_ingest_source_lag_seconds',
      "Time from the newest timestamp of a received message to the KPI update it caused: with the wait before receipt (a broker's queue) that the receipt lag leaves out; a source clock's offset and sent history count too",
      LAG_BUCKETS,
    );
    this.writeSeconds = histogram(
      registry,
      'bsc_sample_write_seconds',
      'Time one batch of samples took to be written to the database',
      LAG_BUCKETS,
    );
    this.writeRows = histogram(registry, 'bsc_sample_write_rows', 'Samples in one database write', ROW_BUCKETS);
    this.kpiBatchSeconds = histogram(
      registry,
      'bsc_kpi_batch_seconds',
      "The KPI engine's time on one stored batch (ingest and publish)",
      LAG_BUCKETS,
    );
    this.connectorState =
      existing<Gauge<'connector' | 'state'>>(registry, 'bsc_connector_state') ??
      new Gauge({
        name: 'bsc_connector_state',
        help: 'Connector state: 1 for the current state, 0 otherwise',
        labelNames: ['connector', 'state'],
        registers,
        // Read from the registry at scrape time, so the gauges never lag the connectors.
        collect(this: Gauge<'connector' | 'state'>) {
          this.reset();
          for (const s of statuses.all()) {
            for (const state of CONNECTOR_STATES) this.set({ connector: s.id, state }, s.state === state ? 1 : 0);
          }
        },
      });
  }

  /**
   * Lag to the KPI update once per received message (a message's samples share the receipt time and arrive together):
   * from its receipt, and from its newest timestamp (a timestamp ahead of the update counts as no lag).
   */
  observeKpiLag(samples: readonly { receivedAt: number; ts: number }[], now: number): void {
    for (let i = 0; i < samples.length;) {
      const receivedAt = samples[i].receivedAt;
      let newest = -Infinity;
      for (; i < samples.length && samples[i].receivedAt === receivedAt; i++) newest = Math.max(newest, samples[i].ts);
      this.lag.observe(Math.max(0, now - receivedAt) / 1000);
      if (Number.isFinite(newest)) this.sourceLag.observe(Math.max(0, now - newest) / 1000);
    }
  }

  /** Late data the KPI engine could not treat exactly: gauges, since the engine in use was built (a model change or a rebuild starts a new one). */
  private registerKpiEngineGauges(registry: Registry): void {
    const figures: Array<[string, string, (stats: KpiEngineStats) => number]> = [
      [
        'bsc_kpi_samples_beyond_horizon',
        'Samples older than their fine-bucket horizon (KPI_FINE_HORIZON_S): in period windows, not in sliding windows',
        (stats) => stats.beyondRetention,
      ],
      [
        'bsc_kpi_windows_unheld',
        'Closed periods not re-evaluated for a late sample because a sliding window they read left the buckets',
        (stats) => stats.unheldWindows,
      ],
      [
        'bsc_kpi_samples_unjoined',
        'Late gauge or counter samples whose neighbours were no longer known (no time weight or counter step)',
        (stats) => stats.unjoined,
      ],
    ];
    for (const [name, help, read] of figures) {
      if (existing(registry, name)) continue;
      const probe = (): KpiEngineStats | undefined => this.kpiEngineProbe?.();
      new Gauge({
        name,
        help,
        registers: [registry],
        collect(this: Gauge) {
          const stats = probe();
          this.set(stats ? read(stats) : 0);
        },
      });
    }
  }
}

function histogram(registry: Registry, name: string, help: string, buckets: number[]): Histogram {
  return existing<Histogram>(registry, name) ?? new Histogram({ name, help, buckets, registers: [registry] });
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[] = []): Counter<L> {
  return existing<Counter<L>>(registry, name) ?? new Counter<L>({ name, help, labelNames, registers: [registry] });
}

/** The platform process builds ingestion and API in one registry: reuse a metric registered by a sibling. */
function existing<M>(registry: Registry, name: string): M | undefined {
  return registry.getSingleMetric(name) as M | undefined;
}
