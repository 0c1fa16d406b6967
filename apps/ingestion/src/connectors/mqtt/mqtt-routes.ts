import { parseTimestamp, type SampleQuality } from '@bsc/common';
import type { ModelIssue, TwinModel } from '@bsc/twin';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';
import { compileJsonPath, type JsonGetter } from './json-path';
import { compileTopic, type TopicPattern } from './mqtt-topic';
import { TopicFilterTree } from './topic-filter-tree';

/** One signal read out of the messages of one topic. */
export interface MqttBinding {
  signalId: string;
  value: JsonGetter;
  ts?: JsonGetter;
  quality?: JsonGetter;
}

/** All bindings that share a topic (filter): one subscription, one JSON.parse per message for all of them. */
export interface MqttRoute {
  pattern: TopicPattern;
  bindings: MqttBinding[];
}

/** Routes of a model: exact topics by map lookup, wildcard filters through a tree of their levels. */
export class MqttRoutingTable {
  private readonly exact = new Map<string, MqttRoute>();
  private readonly wildcards = new TopicFilterTree<MqttRoute>();
  private readonly wildcardFilters: string[] = [];

  constructor(
    routes: readonly MqttRoute[],
    readonly issues: readonly ModelIssue[] = [],
  ) {
    for (const route of routes) {
      if (!route.pattern.wildcard) {
        this.exact.set(route.pattern.filter, route);
        continue;
      }
      this.wildcards.add(route.pattern.filter, route);
      this.wildcardFilters.push(route.pattern.filter);
    }
  }

  /** Wire filters to subscribe to. */
  filters(): string[] {
    return [...this.exact.keys(), ...this.wildcardFilters];
  }

  /** Routes whose filter matches the topic: the exact one first, then wildcard routes in model order. */
  match(topic: string): MqttRoute[] {
    const exact = this.exact.get(topic);
    const routes = this.wildcards.match(topic);
    if (exact) routes.unshift(exact);
    return routes;
  }

  get size(): number {
    return this.exact.size + this.wildcardFilters.length;
  }
}

/** Groups the model's MQTT bindings by topic; bindings with a bad topic or JSON path are reported, not routed. */
export function buildMqttRoutes(model: TwinModel, topicPrefix = ''): MqttRoutingTable {
  const routes = new Map<string, MqttRoute>();
  const issues: ModelIssue[] = [];
  model.signals.forEach((signal, i) => {
    const source = signal.source;
    if (source.kind !== 'mqtt') return;
    try {
      const pattern = compileTopic(topicPrefix + source.topic);
      const binding: MqttBinding = {
        signalId: signal.id,
        value: compileJsonPath(source.jsonPath),
        ts: source.timestampPath ? compileJsonPath(source.timestampPath) : undefined,
        quality: source.qualityPath ? compileJsonPath(source.qualityPath) : undefined,
      };
      const route = routes.get(pattern.filter) ?? { pattern, bindings: [] };
      route.bindings.push(binding);
      routes.set(pattern.filter, route);
    } catch (error) {
      issues.push({ path: `signals[${i}].source`, message: (error as Error).message });
    }
  });
  return new MqttRoutingTable([...routes.values()], issues);
}

export { parseTimestamp };

export type MqttDecodeResult =
  | { ok: true; samples: RawSampleInput[] }
  | { ok: false; reason: 'invalid_json' | 'no_values' | 'invalid_timestamp'; detail: string };

/**
 * Turns one message into samples of every binding of the matching routes. A JSON array payload is a list of
 * records, each read like a single message. Values are passed on as found: the pipeline judges their type.
 */
export function decodeMqttMessage(
  routes: readonly MqttRoute[],
  payload: Buffer,
  receivedAt: number,
  source = 'mqtt',
): MqttDecodeResult {
  let document: unknown;
  try {
    document = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'invalid_json', detail: (error as Error).message };
  }
  const records = Array.isArray(document) ? document : [document];
  const samples: RawSampleInput[] = [];
  for (const record of records) {
    for (const route of routes) {
      for (const b of route.bindings) {
        const value = b.value(record);
        if (value === undefined) continue;
        let ts = receivedAt;
        if (b.ts) {
          const parsed = parseTimestamp(b.ts(record));
          if (parsed === null)
            return {
              ok: false,
              reason: 'invalid_timestamp',
              detail: `timestamp of '${b.signalId}' is neither epoch ms nor ISO-8601`,
            };
          ts = parsed ?? receivedAt;
        }
        samples.push({
          signalId: b.signalId,
          ts,
          value,
          quality: b.quality ? parseQuality(b.quality(record)) : undefined,
          source,
        });
      }
    }
  }
  if (samples.length === 0)
    return { ok: false, reason: 'no_values', detail: 'no bound JSON path was present in the payload' };
  return { ok: true, samples };
}

/** "good"/"bad"/"uncertain" (any case) or a boolean; anything else is passed on for the pipeline to refuse. */
export function parseQuality(raw: unknown): SampleQuality | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw ? 'good' : 'bad';
  if (typeof raw === 'string') return raw.toLowerCase() as SampleQuality;
  if (typeof raw === 'number') return String(raw) as SampleQuality;
  // JSON text for objects and arrays (what a JSON payload can hold besides the above), not '[object Object]'
  return JSON.stringify(raw) as SampleQuality;
}
