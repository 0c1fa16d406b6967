import type { DetectedAnomaly, KpiValue, SignalSample } from '@bsc/common';

/** Everything that crosses from ingestion to the API, in-process by default, a broker in production. */
export interface BscEventMap {
  'samples.ingested': { samples: SignalSample[] };
  /** One KPI period value changed (a manual entry). */
  'kpi.updated': { value: KpiValue; modelVersion: number };
  /** Every KPI period value one engine step changed, oldest change first (ingestion; chunked when very large). */
  'kpis.updated': { values: KpiValue[]; modelVersion: number };
  'scorecard.changed': { unitId: string; at: number };
  'alert.raised': {
    alertId: string;
    unitId: string;
    kpiId?: string;
    rule: string;
    severity: string;
    message: string;
    at: number;
  };
  'alert.resolved': { alertId: string; unitId: string; at: number };
  /** An unacknowledged alert moved to the next owner up the unit hierarchy. */
  'alert.escalated': { alertId: string; unitId: string; kpiId?: string; level: number; to: string; at: number };
  'model.imported': { modelId: string; version: number };
  /**
   * Fresh period-end projections (probability null when the KPI has no target), with the 95 % band of the
   * period-to-date path at each point (day ends), against which arriving KPI values are judged.
   */
  'forecast.updated': {
    forecasts: Array<{
      kpiId: string;
      periodKey: string;
      expected: number;
      probability: number | null;
      band?: Array<{ time: number; lower95: number; upper95: number }>;
    }>;
    /**
     * Every KPI whose forecast was stored, with a period end or not: other processes reload just these. Absent (an
     * older sender): reload them all.
     */
    kpiIds?: string[];
    /** Objective link estimates were stored too. */
    links?: boolean;
    at: number;
  };
  /** What the anomaly detectors found in one step (ingestion's alert runtime; the API's `anomalyDetected`). */
  'anomalies.detected': { anomalies: AnomalyEvent[]; at: number };
  /**
   * Emitted locally by a broker-backed bus after it lost and regained its broker: events may have been missed, so
   * every cache built from events starts over.
   */
  'events.resync': { at: number; reason: string };
  /** An API key was revoked: every API instance stops accepting it (they cache verified keys for a while). */
  'api-key.revoked': { id: string; at: number };
  /** Ingestion's connectors and pipeline, published every few seconds (the API's data-source health reads it). */
  'ingestion.status': IngestionStatus;
}

/** One anomaly of a KPI, as announced on `anomalies.detected`. */
export type AnomalyEvent = DetectedAnomaly;

/** One connector (or endpoint) as ingestion last saw it. */
export interface ConnectorReport {
  /** e.g. "mqtt", "opcua:plant-north-opc", "sparkplug", "sparkplug:acme/press-3", "http". */
  id: string;
  kind: string;
  /** connecting, connected, reconnecting, disconnected, failed, stopped or idle (seen samples, reports no session). */
  state: string;
  since: number;
  detail: string | null;
  reconnects: number;
  /** Samples received from it since ingestion started. */
  samples: number;
  lastSampleAt: number | null;
  /** Receipt time minus the newest sample's own timestamp, at the last receipt. */
  lagMs: number | null;
}

/** How often ingestion publishes `ingestion.status`; a report older than three of these is stale. */
export const INGESTION_STATUS_INTERVAL_MS = 2_000;

export interface IngestionStatus {
  at: number;
  startedAt: number;
  connectors: ConnectorReport[];
  pipeline: { bufferDepth: number; stalled: boolean; sinceProgressMs: number; quarantined: number };
}

export type BscEventName = keyof BscEventMap;
/** Where a delivered event was published: in this process, or in another one (a broker-backed bus). */
export type EventOrigin = 'local' | 'remote';
export type BscEventHandler<K extends BscEventName> = (payload: BscEventMap[K], origin: EventOrigin) => void;

/** How one event travels beyond this process. */
export interface PublishOptions<K extends BscEventName> {
  /**
   * What other processes receive instead of the payload (a broker-backed bus): the part they read, where this
   * process's own listeners need more (every stored sample, say). Null: nothing leaves the process.
   */
  remote?: BscEventMap[K] | null;
}

export interface EventBus {
  /** Local listeners receive `payload`; other processes `options.remote` when given, else the payload. */
  publish<K extends BscEventName>(name: K, payload: BscEventMap[K], options?: PublishOptions<K>): void;
  /** Returns an unsubscribe function. */
  subscribe<K extends BscEventName>(name: K, handler: BscEventHandler<K>): () => void;
}

/** Injection token for the EventBus. */
export const EVENT_BUS = Symbol('EVENT_BUS');
