import type { SampleQuality } from '@bsc/common';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';
import { numericValue, type SparkplugTopic } from './sparkplug-codec';

// What a Sparkplug message says by itself, apart from the host's session state: the outcome type, what a birth
// teaches (aliases, bdSeq), a metric's quality, and the outcome of a message the model binds nothing of.

/** What one Sparkplug message means for the platform. */
export interface SparkplugOutcome {
  samples: RawSampleInput[];
  /** Ask this edge node to rebirth (NCMD Node Control/Rebirth). */
  rebirth?: { group: string; edgeNode: string; reason: string };
  /**
   * Dead-letter the message with this reason: a data message that gave no sample, or bound metrics without a
   * readable value (then next to the samples the message did give).
   */
  reject?: {
    reason: 'sparkplug_before_birth' | 'sparkplug_unknown_metric' | 'sparkplug_unbound' | 'sparkplug_no_value';
    detail: string;
  };
}

export interface Scope {
  born: boolean;
  /** alias → metric name, learned from the birth. */
  aliases: Map<number, string>;
}

/** A message of a node or device the model binds nothing of: its data is dead-lettered, the rest has no effect. */
export function unboundOutcome(topic: SparkplugTopic, payload: UPayload): SparkplugOutcome {
  const out: SparkplugOutcome = { samples: [] };
  if (topic.type !== 'NDATA' && topic.type !== 'DDATA') return out;
  const where = `${topic.edgeNode}${topic.device ? `/${topic.device}` : ''}`;
  out.reject = {
    reason: 'sparkplug_unbound',
    detail: `none of the ${payload.metrics?.length ?? 0} metric(s) from ${where} is bound to a signal`,
  };
  return out;
}

export function emptyScope(): Scope {
  return { born: false, aliases: new Map() };
}

export function learnBirth(payload: UPayload): Scope {
  const aliases = new Map<number, string>();
  for (const m of payload.metrics ?? []) {
    const alias = numericValue(m.alias);
    if (typeof alias === 'number' && m.name) aliases.set(alias, m.name);
  }
  return { born: true, aliases };
}

export function bdSeqOf(payload: UPayload): number | undefined {
  const metric = payload.metrics?.find((m) => m.name === 'bdSeq');
  const value = numericValue(metric?.value);
  return typeof value === 'number' ? value : undefined;
}

/** The OPC DA quality code Sparkplug devices carry in a `Quality` property: 192 good, 64 uncertain, 0 bad. */
export function qualityOf(metric: UMetric): SampleQuality | undefined {
  const raw = numericValue(metric.properties?.Quality?.value as UMetric['value']);
  if (typeof raw !== 'number') return undefined;
  return raw >= 192 ? 'good' : raw >= 64 ? 'uncertain' : 'bad';
}
