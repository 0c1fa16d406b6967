import type { TwinModel } from '@bsc/twin';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { numericValue, asNumber, type SparkplugTopic } from './sparkplug-codec';
import {
  bdSeqOf,
  emptyScope,
  learnBirth,
  qualityOf,
  unboundOutcome,
  type Scope,
  type SparkplugOutcome,
} from './sparkplug-message';
import { SparkplugRestatements } from './sparkplug-restatements';
import { SequenceWatch } from './sparkplug-sequence';

export type { SparkplugOutcome } from './sparkplug-message';

/** Least time between two rebirth requests to one edge node (a burst of out-of-order data asks once). */
export const REBIRTH_MIN_INTERVAL_MS = 5_000;
const SOURCE = 'sparkplug';

export interface SparkplugHostOptions {
  /** Sparkplug 3.0 Reorder Timeout: how long a sequence gap may wait for its messages before a rebirth (0: none). */
  reorderTimeoutMs?: number;
}

interface NodeState {
  group: string;
  edgeNode: string;
  node: Scope;
  devices: Map<string, Scope>;
  seq: SequenceWatch;
  bdSeq: number | undefined;
  lastRebirthAt: number;
}

/**
 * Sparkplug B 3.0 host logic for the model's bindings: births, aliases, sequence numbers, deaths. Pure of I/O.
 * State is kept only for the nodes and devices the model binds (a new model builds new sessions), so senders under
 * ever new ids cannot grow it.
 */
export class SparkplugSessions {
  /** `group/node/device` (device '' for node metrics) → metric name → signal id. */
  private readonly bindings = new Map<string, Map<string, string>>();
  /** `group/node` of every edge node with a binding, on the node or on one of its devices. */
  private readonly boundNodes = new Set<string>();
  private readonly nodes = new Map<string, NodeState>();
  /** What a death restates: the samples taken per signal. */
  readonly restatements = new SparkplugRestatements();

  private readonly reorderTimeoutMs: number;

  constructor(model: TwinModel, options: SparkplugHostOptions = {}) {
    this.reorderTimeoutMs = options.reorderTimeoutMs ?? 0;
    for (const s of model.signals) {
      if (s.source.kind !== 'sparkplug') continue;
      const key = scopeKey(s.source.group, s.source.edgeNode, s.source.device);
      const metrics = this.bindings.get(key) ?? new Map<string, string>();
      metrics.set(s.source.metric, s.id);
      this.bindings.set(key, metrics);
      this.boundNodes.add(`${s.source.group}/${s.source.edgeNode}`);
    }
  }

  /** Sparkplug groups the model binds signals in. */
  groups(): string[] {
    return [...new Set([...this.bindings.keys()].map((k) => k.split('/')[0]))];
  }

  /** Whether the edge node's session is born (after NBIRTH, until its NDEATH); undefined if unheard or unbound. */
  nodeBorn(group: string, edgeNode: string): boolean | undefined {
    return this.nodes.get(`${group}/${edgeNode}`)?.node.born;
  }

  /** The edge nodes and devices state is held for: at most those the model binds. */
  tracked(): { nodes: number; devices: number } {
    let devices = 0;
    for (const state of this.nodes.values()) devices += state.devices.size;
    return { nodes: this.nodes.size, devices };
  }

  handle(topic: SparkplugTopic, payload: UPayload, receivedAt: number): SparkplugOutcome {
    const nodeKey = `${topic.group}/${topic.edgeNode}`;
    if (!this.boundNodes.has(nodeKey)) return unboundOutcome(topic, payload);
    let state = this.nodes.get(nodeKey);
    if (!state)
      this.nodes.set(
        nodeKey,
        (state = {
          group: topic.group,
          edgeNode: topic.edgeNode,
          node: emptyScope(),
          devices: new Map(),
          seq: new SequenceWatch(this.reorderTimeoutMs),
          bdSeq: undefined,
          lastRebirthAt: -Infinity,
        }),
      );
    const out: SparkplugOutcome = { samples: [] };
    const seq = asNumber(payload.seq);

    switch (topic.type) {
      case 'NBIRTH': {
        state.node = learnBirth(payload);
        state.devices.clear();
        state.seq.reset(seq);
        state.bdSeq = bdSeqOf(payload);
        break;
      }
      case 'NDEATH': {
        const bdSeq = bdSeqOf(payload);
        // A death from an older session (its bdSeq differs from the current birth's) is stale news.
        if (state.bdSeq !== undefined && bdSeq !== undefined && bdSeq !== state.bdSeq) return out;
        state.node.born = false;
        for (const d of state.devices.values()) d.born = false;
        state.seq.reset(undefined);
        // Sparkplug 3.0: by the host's clock, the will's timestamp being the one written at CONNECT
        this.die(topic, undefined, receivedAt, out);
        return out;
      }
      case 'NCMD':
      case 'DCMD':
        // Commands travel to the edge node, not from it: they carry no readings.
        return out;
      case 'DBIRTH':
      case 'DDEATH':
      case 'NDATA':
      case 'DDATA': {
        if (!state.node.born) {
          this.askRebirth(state, receivedAt, out, 'data before the node birth');
          if (seq !== undefined) state.seq.reset(seq);
        } else if (seq !== undefined) {
          const gap = state.seq.take(seq, receivedAt);
          if (gap) this.askRebirth(state, receivedAt, out, gap);
        }
        break;
      }
    }

    // An unbound device's data is dead-lettered whatever its birth said: its aliases need not be learnt.
    if (
      topic.type === 'DBIRTH' &&
      topic.device &&
      this.bindings.has(scopeKey(topic.group, topic.edgeNode, topic.device))
    )
      state.devices.set(topic.device, learnBirth(payload));
    if (topic.type === 'DDEATH' && topic.device) {
      const device = state.devices.get(topic.device);
      if (device) device.born = false;
      // Sparkplug 3.0 dates a device's stale marks by the DDEATH's payload timestamp (an NDEATH's by our clock)
      this.die(topic, topic.device, asNumber(payload.timestamp) ?? receivedAt, out);
      return out;
    }
    const scope = topic.device ? state.devices.get(topic.device) : state.node;
    const unknownAlias = this.readMetrics(topic, payload, scope, receivedAt, out);
    this.askRebirthForUnreadable(topic, state, scope, unknownAlias, receivedAt, out);
    return out;
  }

  /** Rebirth requests of the nodes whose Reorder Timeout window elapsed by `now` with messages still missing. */
  expireReorders(now: number): Array<NonNullable<SparkplugOutcome['rebirth']>> {
    const due: Array<NonNullable<SparkplugOutcome['rebirth']>> = [];
    for (const state of this.nodes.values()) {
      const reason = state.seq.due(now);
      const out: SparkplugOutcome = { samples: [] };
      if (reason) this.askRebirth(state, now, out, reason);
      if (out.rebirth) due.push(out.rebirth);
    }
    return due;
  }

  /** The earliest instant a Reorder Timeout window elapses (undefined: none open). */
  nextReorderDeadline(): number | undefined {
    let next: number | undefined;
    for (const state of this.nodes.values()) {
      const deadline = state.seq.deadline();
      if (deadline !== undefined && (next === undefined || deadline < next)) next = deadline;
    }
    return next;
  }

  /** Data of a bound device not born since the node's birth, or by an alias no birth named: only a rebirth helps. */
  private askRebirthForUnreadable(
    topic: SparkplugTopic,
    state: NodeState,
    scope: Scope | undefined,
    unknownAlias: string | undefined,
    now: number,
    out: SparkplugOutcome,
  ): void {
    if (topic.type !== 'DDATA' && topic.type !== 'NDATA') return;
    const where = `${topic.edgeNode}${topic.device ? `/${topic.device}` : ''}`;
    if (topic.device && !scope?.born && this.bindings.has(scopeKey(topic.group, topic.edgeNode, topic.device)))
      this.askRebirth(state, now, out, `data before the birth of ${where}`);
    else if (scope?.born && unknownAlias !== undefined)
      this.askRebirth(state, now, out, `unknown alias ${unknownAlias} from ${where}`);
  }

  /** Adds the message's samples (or why it gave none) to `out`; returns the first alias no birth named. */
  private readMetrics(
    topic: SparkplugTopic,
    payload: UPayload,
    scope: Scope | undefined,
    receivedAt: number,
    out: SparkplugOutcome,
  ): string | undefined {
    const bound = this.bindings.get(scopeKey(topic.group, topic.edgeNode, topic.device));
    if (!bound) {
      out.reject = unboundOutcome(topic, payload).reject;
      return undefined;
    }
    const defaultTs = asNumber(payload.timestamp) ?? receivedAt;
    const metrics = payload.metrics ?? [];
    let unresolved = 0;
    let unknownAlias: string | undefined;
    const unreadable: string[] = [];
    for (const metric of metrics) {
      const name =
        metric.name ??
        (metric.alias !== undefined && metric.alias !== null
          ? scope?.aliases.get(Number(numericValue(metric.alias)))
          : undefined);
      if (name === undefined) {
        unresolved += 1;
        unknownAlias ??= metric.alias === undefined || metric.alias === null ? undefined : String(metric.alias);
        continue;
      }
      const signalId = bound?.get(name);
      if (!signalId) continue;
      const stamped = asNumber(metric.timestamp) ?? defaultTs;
      const born = topic.type === 'NBIRTH' || topic.type === 'DBIRTH';
      const ts = born ? this.restatements.bornAt(signalId, stamped) : stamped;
      // is_null (the codec reads it as a null value): the node has no value, so neither is the last one current
      if (metric.isNull || metric.value === null) {
        const quality = qualityOf(metric) === 'uncertain' ? 'uncertain' : 'bad';
        this.restatements.took(signalId, ts);
        out.samples.push({ signalId, ts, value: null, quality, source: SOURCE });
        continue;
      }
      const value = numericValue(metric.value);
      if (value === undefined) {
        unreadable.push(name);
        continue;
      }
      this.restatements.took(signalId, ts, value);
      out.samples.push({
        signalId,
        ts,
        value,
        quality: qualityOf(metric),
        source: SOURCE,
      });
    }
    const where = `${topic.edgeNode}${topic.device ? `/${topic.device}` : ''}`;
    if (unreadable.length > 0) {
      out.reject = {
        reason: 'sparkplug_no_value',
        detail: `bound metric(s) without a readable value (unsupported type) from ${where}: ${unreadable.slice(0, 10).join(', ')}`,
      };
    }
    // Births are used whatever they carry (they teach aliases); data that gave no sample must not vanish.
    if (out.samples.length > 0 || out.reject || (topic.type !== 'NDATA' && topic.type !== 'DDATA')) return unknownAlias;
    if (unresolved > 0) {
      out.reject = {
        reason: scope?.born ? 'sparkplug_unknown_metric' : 'sparkplug_before_birth',
        detail: `${unresolved} metric(s) by alias without a known birth for ${where}`,
      };
    } else {
      out.reject = unboundOutcome(topic, payload).reject;
    }
    return unknownAlias;
  }

  /** Restates the last values of the bound signals of the node (or of its one device) bad at `at`. */
  private die(topic: SparkplugTopic, device: string | undefined, at: number, out: SparkplugOutcome): void {
    const prefix = `${topic.group}/${topic.edgeNode}/`;
    for (const [key, metrics] of this.bindings) {
      const matches =
        device === undefined ? key.startsWith(prefix) : key === scopeKey(topic.group, topic.edgeNode, device);
      if (!matches) continue;
      for (const signalId of metrics.values()) out.samples.push(this.restatements.restate(signalId, at));
    }
  }

  private askRebirth(state: NodeState, now: number, out: SparkplugOutcome, reason: string): void {
    if (now - state.lastRebirthAt < REBIRTH_MIN_INTERVAL_MS) return;
    state.lastRebirthAt = now;
    out.rebirth = { group: state.group, edgeNode: state.edgeNode, reason };
  }
}

function scopeKey(group: string, edgeNode: string, device: string | undefined): string {
  return `${group}/${edgeNode}/${device ?? ''}`;
}
