import type { DeadbandDef, OpcUaServerDef, SignalDataType, SignalDef, TwinModel } from '@bsc/twin';

/** One monitored item: a signal bound to a node of an OPC UA server, with the sampling the model asks for. */
export interface OpcUaBinding {
  signalId: string;
  nodeId: string;
  /** What the model declares; values of another type mean the node was retyped (logged once, shown in health). */
  dataType: SignalDataType;
  samplingInterval: number;
  queueSize: number;
  deadband?: DeadbandDef;
}

/** An endpoint the connector must connect to, with the signals it serves. */
export interface OpcUaEndpointPlan {
  server: OpcUaServerDef;
  bindings: OpcUaBinding[];
}

export const DEFAULT_SAMPLING_INTERVAL_MS = 1_000;
export const DEFAULT_PUBLISHING_INTERVAL_MS = 1_000;
/** Bounds of the server-side queue per item; the queue only has to bridge one publishing interval (twice, for jitter). */
const MIN_QUEUE_SIZE = 2;
const MAX_QUEUE_SIZE = 100;

/** Endpoints of the model that have at least one bound signal; servers nobody reads from are not connected. */
export function planOpcUaEndpoints(model: TwinModel): OpcUaEndpointPlan[] {
  const servers = new Map(model.opcuaServers.map((server) => [server.id, server]));
  const byServer = new Map<string, OpcUaBinding[]>();
  for (const signal of model.signals) {
    if (signal.source.kind !== 'opcua') continue;
    let list = byServer.get(signal.source.server);
    if (!list) byServer.set(signal.source.server, (list = []));
    list.push(toBinding(signal, servers.get(signal.source.server)));
  }
  return model.opcuaServers
    .filter((server) => byServer.has(server.id))
    .map((server) => ({ server, bindings: byServer.get(server.id) ?? [] }));
}

function toBinding(signal: SignalDef, server: OpcUaServerDef | undefined): OpcUaBinding {
  if (signal.source.kind !== 'opcua') throw new Error(`signal ${signal.id} is not bound to OPC UA`);
  const samplingInterval = signal.source.samplingInterval ?? DEFAULT_SAMPLING_INTERVAL_MS;
  const publishingInterval = server?.publishingInterval ?? DEFAULT_PUBLISHING_INTERVAL_MS;
  const queueSize = signal.source.queueSize ?? defaultQueueSize(samplingInterval, publishingInterval);
  return {
    signalId: signal.id,
    nodeId: signal.source.nodeId,
    dataType: signal.dataType,
    samplingInterval,
    queueSize,
    deadband: signal.deadband,
  };
}

/** Enough queue for every sample taken during two publishing intervals, so a late publish loses nothing. */
export function defaultQueueSize(samplingInterval: number, publishingInterval: number): number {
  const perPublish = samplingInterval > 0 ? Math.ceil(publishingInterval / samplingInterval) : MAX_QUEUE_SIZE;
  return Math.min(MAX_QUEUE_SIZE, Math.max(MIN_QUEUE_SIZE, perPublish * 2));
}

/** Items with equal monitoring parameters can be created in one CreateMonitoredItems call. */
export function monitoringKey(binding: OpcUaBinding): string {
  const deadband = binding.deadband ? `${binding.deadband.type}:${binding.deadband.value}` : 'none';
  return `${binding.samplingInterval}|${binding.queueSize}|${deadband}`;
}

/** Identity of a binding: a change of any field means the item must be recreated. */
export function bindingIdentity(binding: OpcUaBinding): string {
  return `${binding.signalId}|${binding.nodeId}|${monitoringKey(binding)}`;
}

/** Splits bindings into batches of equal monitoring parameters, each at most `maxPerBatch` items. Linear. */
export function batchBindings(bindings: readonly OpcUaBinding[], maxPerBatch: number): OpcUaBinding[][] {
  const byKey = new Map<string, OpcUaBinding[]>();
  for (const binding of bindings) {
    const key = monitoringKey(binding);
    const group = byKey.get(key);
    if (group) group.push(binding);
    else byKey.set(key, [binding]);
  }
  const batches: OpcUaBinding[][] = [];
  for (const group of byKey.values()) {
    for (let i = 0; i < group.length; i += maxPerBatch) batches.push(group.slice(i, i + maxPerBatch));
  }
  return batches;
}

/** What a server announces in ServerCapabilities; 0 or absent means it sets no limit. */
export interface ServerItemLimits {
  maxMonitoredItemsPerCall?: number;
  maxMonitoredItemsPerSubscription?: number;
  maxSubscriptionsPerSession?: number;
}

/**
 * Items per CreateMonitoredItems call and per subscription: our own cap per subscription, raised when `items` would
 * otherwise need more subscriptions than the server allows a session, and lowered to the server's per-subscription
 * and per-call limits. Calls keep our cap when subscriptions grow: a server's time for one call grows with its items,
 * and a loaded server must answer each within the request timeout.
 */
export function itemLimits(
  ownMax: number,
  server: ServerItemLimits,
  items = 0,
): { perCall: number; perSubscription: number } {
  const capped = (limit: number | undefined, to: number) => (limit && limit > 0 ? Math.min(limit, to) : to);
  const maxSubscriptions = server.maxSubscriptionsPerSession ?? 0;
  const wanted = maxSubscriptions > 0 ? Math.max(ownMax, Math.ceil(items / maxSubscriptions)) : ownMax;
  const perSubscription = capped(server.maxMonitoredItemsPerSubscription, wanted);
  return { perSubscription, perCall: capped(server.maxMonitoredItemsPerCall, Math.min(ownMax, perSubscription)) };
}

/** Which bindings appear and disappear between two plans of the same endpoint. */
export function diffBindings(
  previous: readonly OpcUaBinding[],
  next: readonly OpcUaBinding[],
): { added: OpcUaBinding[]; removed: OpcUaBinding[] } {
  const before = new Set(previous.map(bindingIdentity));
  const after = new Set(next.map(bindingIdentity));
  return {
    added: next.filter((b) => !before.has(bindingIdentity(b))),
    removed: previous.filter((b) => !after.has(bindingIdentity(b))),
  };
}

/** True when the connection itself (not only its items) must be rebuilt. */
export function serverDefinitionChanged(a: OpcUaServerDef, b: OpcUaServerDef): boolean {
  return (
    a.endpoint !== b.endpoint ||
    a.securityMode !== b.securityMode ||
    a.securityPolicy !== b.securityPolicy ||
    a.credentials !== b.credentials ||
    a.publishingInterval !== b.publishingInterval
  );
}
