import type { DurationText, Id } from './model-primitives.types';

// Signals and where their samples come from.

export const SIGNAL_DATA_TYPES = ['double', 'int', 'bool', 'string'] as const;
export type SignalDataType = (typeof SIGNAL_DATA_TYPES)[number];

/**
 * What a signal's values mean physically, which decides how windows aggregate them:
 * - gauge: a level held until the next sample (a speed, a temperature, a state); avg/min/max weigh time;
 * - counter: a monotone running total that may reset (a meter reading); sum/delta/rate give the increase;
 * - amount: a quantity since the previous sample (units made, kWh used, an invoice value); values add up;
 * - event: one discrete observation (a survey response); aggregated per sample, like an amount.
 */
export const SIGNAL_KINDS = ['gauge', 'counter', 'amount', 'event'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export interface OpcUaServerDef {
  id: Id;
  endpoint: string;
  securityMode: 'None' | 'Sign' | 'SignAndEncrypt';
  securityPolicy: 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
  /** Name of a credential set in config (never secrets in the model). */
  credentials?: string;
  publishingInterval?: number;
}

export interface DeadbandDef {
  type: 'absolute' | 'percent';
  value: number;
}

export type SignalSourceDef =
  | { kind: 'opcua'; server: Id; nodeId: string; samplingInterval?: number; queueSize?: number }
  | {
      kind: 'mqtt';
      topic: string;
      jsonPath: string;
      timestampPath?: string;
      qualityPath?: string;
      /** Values the topic's named wildcard segments must have for this signal (`{ line: '2' }` for `+line`). */
      segments?: Record<string, string>;
    }
  | { kind: 'sparkplug'; group: string; edgeNode: string; device?: string; metric: string }
  | { kind: 'http' }
  | { kind: 'manual' };

export interface SignalDef {
  id: Id;
  name: string;
  /** Asset or process the signal measures (measured_by edge). */
  measures?: Id;
  unit: string;
  /** Unit the source sends in, when it differs from `unit` (converted in the pipeline). */
  sourceUnit?: string;
  dataType: SignalDataType;
  /** Aggregation semantics; gauge when absent (see SIGNAL_KINDS). */
  kind?: SignalKind;
  /**
   * Gauges: how long a sample's value is held at most; a longer gap counts as missing time. When absent, the
   * staleness interval of the KPIs reading the signal (3 update intervals of the most frequent one).
   */
  maxHold?: DurationText;
  range?: { min?: number; max?: number };
  deadband?: DeadbandDef;
  source: SignalSourceDef;
}
