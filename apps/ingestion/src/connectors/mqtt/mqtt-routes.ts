import { parseTimestamp, type SampleQuality } from '@bsc/common';
import { TopicFilterTree, type ModelIssue, type TwinModel } from '@bsc/twin';
import { safeJson } from '../../pipeline/safe-json';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';
import { compileJsonPath, type JsonGetter } from './json-path';
import { compileTopic, type TopicPattern } from './mqtt-topic';

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

/** A binding's selection on the wire: the levels (by position) its named segments pick, and their values. */
export interface LevelSelection {
  levels: readonly number[];
  values: readonly string[];
}

/**
 * Translates a binding's named segments to level positions of its own pattern: routes merge bindings whose
 * topics differ only in their names (`p/+line/t`, `p/+cell/t`), so names cannot be read off the merged pattern.
 * A name that occurs on several levels selects each of them.
 */
export function levelSelection(pattern: TopicPattern, segments: Readonly<Record<string, string>>): LevelSelection {
  const named = pattern.source.split('/');
  const picked: [number, string][] = [];
  for (const [name, value] of Object.entries(segments)) {
    const before = picked.length;
    named.forEach((level, i) => {
      if (level === `+${name}` && name !== '') picked.push([i, value]);
    });
    if (picked.length === before) throw new Error(`topic '${pattern.source}' has no named wildcard segment '+${name}'`);
  }
  picked.sort((a, b) => a[0] - b[0]);
  return { levels: picked.map(([i]) => i), values: picked.map(([, value]) => value) };
}

/**
 * A wildcard route's bindings indexed by the levels they select: a message costs the bindings whose selection its
 * topic's levels satisfy, not every binding behind the wildcard.
 */
class SegmentIndex {
  /** Bindings that select no level: they read every message of the filter. */
  private readonly open: MqttBinding[] = [];
  /** Per set of selected positions: the bindings by the values those levels must hold (joined). */
  private readonly selections = new Map<string, { levels: readonly number[]; byValues: Map<string, MqttBinding[]> }>();

  constructor(readonly pattern: TopicPattern) {}

  add(binding: MqttBinding, { levels, values }: LevelSelection): void {
    if (levels.length === 0) {
      this.open.push(binding);
      return;
    }
    const key = levels.join(',');
    const selection = this.selections.get(key) ?? { levels, byValues: new Map<string, MqttBinding[]>() };
    this.selections.set(key, selection);
    // Selected values hold no NUL (validated), so a joined key cannot be forged from topic levels that do.
    const joined = values.join('\u0000');
    const list = selection.byValues.get(joined);
    if (list) list.push(binding);
    else selection.byValues.set(joined, [binding]);
  }

  /** The route as seen by one topic: the open bindings, then those whose selected levels it carries. */
  routeFor(topic: string): MqttRoute | undefined {
    if (this.selections.size === 0) return { pattern: this.pattern, bindings: this.open };
    const received = topic.split('/');
    const bindings = [...this.open];
    for (const { levels, byValues } of this.selections.values()) {
      const matched = byValues.get(levels.map((i) => received[i]).join('\u0000'));
      if (matched) bindings.push(...matched);
    }
    return bindings.length > 0 ? { pattern: this.pattern, bindings } : undefined;
  }
}

/** Routes of a model: exact topics by map lookup, wildcard filters through a tree of their levels. */
export class MqttRoutingTable {
  private readonly exact = new Map<string, MqttRoute>();
  private readonly wildcards = new TopicFilterTree<SegmentIndex>();
  private readonly wildcardFilters: string[] = [];

  constructor(
    routes: readonly MqttRouteDef[],
    readonly issues: readonly ModelIssue[] = [],
  ) {
    for (const route of routes) {
      if (!route.pattern.wildcard) {
        this.exact.set(route.pattern.filter, {
          pattern: route.pattern,
          bindings: route.bindings.map((b) => b.binding),
        });
        continue;
      }
      const index = new SegmentIndex(route.pattern);
      for (const { binding, selection } of route.bindings) index.add(binding, selection);
      this.wildcards.add(route.pattern.filter, index);
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
    const routes: MqttRoute[] = exact ? [exact] : [];
    for (const index of this.wildcards.match(topic)) {
      const route = index.routeFor(topic);
      if (route) routes.push(route);
    }
    return routes;
  }

  get size(): number {
    return this.exact.size + this.wildcardFilters.length;
  }
}

/** A wire filter's bindings, each with the levels it selects (see `levelSelection`). */
export interface MqttRouteDef {
  pattern: TopicPattern;
  bindings: { binding: MqttBinding; selection: LevelSelection }[];
}

/**
 * Groups the model's MQTT bindings by wire filter; bindings with a bad topic, JSON path or segment are reported,
 * not routed.
 */
export function buildMqttRoutes(model: TwinModel, topicPrefix = ''): MqttRoutingTable {
  const routes = new Map<string, MqttRouteDef>();
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
      const selection = levelSelection(pattern, source.segments ?? {});
      const route = routes.get(pattern.filter) ?? { pattern, bindings: [] };
      route.bindings.push({ binding, selection });
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
  | { ok: false; reason: 'invalid_json' | 'no_values' | 'invalid_timestamp' | 'retained_undated'; detail: string };

/**
 * Turns one message into samples of every binding of the matching routes. A JSON array payload is a list of
 * records, each read like a single message. Values are passed on as found: the pipeline judges their type.
 * A retained message (replayed by the broker on every subscribe) gives only the samples that carry their own time.
 */
export function decodeMqttMessage(
  routes: readonly MqttRoute[],
  payload: Buffer,
  receivedAt: number,
  { source = 'mqtt', retained = false }: { source?: string; retained?: boolean } = {},
): MqttDecodeResult {
  let document: unknown;
  try {
    document = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'invalid_json', detail: (error as Error).message };
  }
  const records = Array.isArray(document) ? document : [document];
  const samples: RawSampleInput[] = [];
  let undated = 0;
  for (const record of records) {
    for (const route of routes) {
      for (const b of route.bindings) {
        const value = b.value(record);
        if (value === undefined) continue;
        const ts = b.ts ? parseTimestamp(b.ts(record)) : undefined;
        if (ts === null)
          return {
            ok: false,
            reason: 'invalid_timestamp',
            detail: `timestamp of '${b.signalId}' is neither epoch ms nor ISO-8601`,
          };
        if (retained && ts === undefined) {
          undated += 1;
          continue;
        }
        samples.push({
          signalId: b.signalId,
          ts: ts ?? receivedAt,
          value,
          quality: b.quality ? parseQuality(b.quality(record)) : undefined,
          source,
        });
      }
    }
  }
  if (samples.length === 0 && undated > 0)
    return {
      ok: false,
      reason: 'retained_undated',
      detail: `retained message without a timestamp for ${undated} value(s): their age is unknown`,
    };
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
  // JSON text for objects and arrays (what a JSON payload can hold besides the above), not '[object Object]'; a
  // constant when nested too deep to write, refused like any other text
  return safeJson(raw) as SampleQuality;
}
