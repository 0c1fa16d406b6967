/** OPC UA-style quality that travels with every sample and every value computed from it. */
export type SampleQuality = 'good' | 'uncertain' | 'bad';

/** One observation of one signal, as it leaves the ingestion pipeline (validated, converted). */
export interface SignalSample {
  signalId: string;
  /** Source timestamp, epoch milliseconds (server timestamp for OPC UA, payload or arrival time for MQTT). */
  ts: number;
  /**
   * The number; NaN when the sample carries none (a Bad or Uncertain status without a value, a text signal).
   * Consumers that compute treat a non-finite value as bad data (the KPI engine does).
   */
  value: number;
  quality: SampleQuality;
  /** Where it came from, e.g. "mqtt", "opcua:plant-north", "sparkplug", "http", "csv", "simulator". */
  source: string;
  /** The value of a `string` signal (text, dates as ISO 8601). */
  text?: string;
  /** The source's status code when it is not Good (OPC UA StatusCode, unsigned 32 bits). */
  statusCode?: number;
}

/** A sample as a connector decoded it: bound to a signal, not yet validated or converted. */
export interface RawSampleInput {
  signalId: string;
  /** Epoch ms from the source (server timestamp, payload), or arrival time when the source has none. */
  ts: number;
  value: unknown;
  quality?: SampleQuality;
  /** The source's status code when not Good (OPC UA), kept with the stored sample. */
  statusCode?: number;
  /** e.g. "mqtt", "opcua:plant-north-opc", "sparkplug", "http", "csv", "simulator". */
  source: string;
  /**
   * When time travel counts the sample as known (stored as received_at); default: its receipt. Only simulated
   * history sets it (to its own ts): it stands for data a running platform would have received live.
   */
  knownAt?: number;
}

/** Data quality of a computed KPI value. */
export interface KpiQuality {
  /** Share (0..1) of expected inputs that were present and not Bad. */
  coverage: number;
  /** True when an input stopped updating (older than its expected update frequency) or its node died. */
  stale: boolean;
  /** Worst input quality that contributed. */
  quality: SampleQuality;
}

/** A KPI's value for one reporting period (period-to-date while the period is open). */
export interface KpiValue {
  kpiId: string;
  /** Period key, e.g. "2026-11", "FY2026-Q3", see the fiscal calendar in @bsc/kpi. */
  periodKey: string;
  periodStart: number;
  periodEnd: number;
  value: number | null;
  /** Event time of the newest input that contributed. */
  asOf: number;
  /** Wall-clock time the value was computed (or entered). */
  computedAt: number;
  quality: KpiQuality;
  origin: 'computed' | 'manual';
}
