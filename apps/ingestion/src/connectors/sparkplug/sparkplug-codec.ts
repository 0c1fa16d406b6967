import { get } from 'sparkplug-payload';
import { org } from 'sparkplug-payload/lib/sparkplugPayloadProto';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { SPARKPLUG_NAMESPACE } from '@bsc/twin';
import { float32Value } from '../float32-value';
import { int64Value } from '../int64-value';

export { SPARKPLUG_NAMESPACE };
export const REBIRTH_METRIC = 'Node Control/Rebirth';

const codec = get(SPARKPLUG_NAMESPACE)!;

export type SparkplugMessageType = 'NBIRTH' | 'NDEATH' | 'DBIRTH' | 'DDEATH' | 'NDATA' | 'DDATA' | 'NCMD' | 'DCMD';
const MESSAGE_TYPES: ReadonlySet<string> = new Set<SparkplugMessageType>([
  'NBIRTH',
  'NDEATH',
  'DBIRTH',
  'DDEATH',
  'NDATA',
  'DDATA',
  'NCMD',
  'DCMD',
]);

export interface SparkplugTopic {
  group: string;
  type: SparkplugMessageType;
  edgeNode: string;
  device?: string;
}

/** `spBv1.0/<group>/<type>/<edge node>[/<device>]`; null for anything else (STATE, other namespaces). */
export function parseSparkplugTopic(topic: string): SparkplugTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE || parts.length < 4 || parts.length > 5) return null;
  const [, group, type, edgeNode, device] = parts;
  if (!MESSAGE_TYPES.has(type) || !group || !edgeNode) return null;
  return { group, type: type as SparkplugMessageType, edgeNode, device: device || undefined };
}

export type DecodeOutcome = { ok: true; payload: UPayload } | { ok: false; detail: string };

/** Protobuf decode that never throws (truncated or garbage payloads come back as a failure). */
export function decodeSparkplugPayload(bytes: Uint8Array): DecodeOutcome {
  try {
    const payload = codec.decodePayload(bytes);
    if (readSpecValues(payload.metrics ?? [])) readUInt32s(payload.metrics!, bytes);
    return { ok: true, payload };
  } catch (error) {
    return { ok: false, detail: `not a Sparkplug B payload: ${(error as Error).message}` };
  }
}

/**
 * Values as Sparkplug 3.0 (6.4.16) encodes them, which the codec reads by an older convention: Int8 and Int16 in
 * int_value as two's complement of their own width (Int8 -23 as 233), a Float as the decimal the sender wrote.
 * True when a UInt32 came without a value: 3.0 puts it in int_value, where the codec does not look.
 */
function readSpecValues(metrics: UMetric[]): boolean {
  let uint32Missing = false;
  for (const metric of metrics) {
    const value = metric.value;
    if (metric.type === 'UInt32' && value === null) uint32Missing = true;
    if (typeof value !== 'number') continue;
    if (metric.type === 'Int8') metric.value = (value << 24) >> 24;
    else if (metric.type === 'Int16') metric.value = (value << 16) >> 16;
    else if (metric.type === 'Float') metric.value = float32Value(value);
  }
  return uint32Missing;
}

/** UInt32s from int_value; rare (the codec's own encoder uses long_value), so the raw message is decoded only then. */
function readUInt32s(metrics: UMetric[], bytes: Uint8Array): void {
  const raw = org.eclipse.tahu.protobuf.Payload.decode(bytes).metrics;
  metrics.forEach((metric, i) => {
    const wire = raw[i];
    // protobufjs keeps absent fields on the prototype: only an own int_value was sent
    const sent = wire && !wire.isNull && Object.hasOwn(wire, 'intValue') ? wire.intValue : undefined;
    if (metric.type === 'UInt32' && metric.value === null && typeof sent === 'number') metric.value = sent >>> 0;
  });
}

export function encodeSparkplugPayload(payload: UPayload): Buffer {
  return Buffer.from(codec.encodePayload(payload));
}

/** NCMD asking an edge node to publish its births again (after a sequence gap or data before a birth). */
export function rebirthRequest(now: number): Buffer {
  return encodeSparkplugPayload({ timestamp: now, metrics: [{ name: REBIRTH_METRIC, type: 'Boolean', value: true }] });
}

/**
 * A number from a Sparkplug value, booleans and text as they are; a Long (64-bit integer) as a number, or a bigint
 * where a double might not hold it (the pipeline judges those). Undefined for anything else.
 */
export function numericValue(value: UMetric['value'] | undefined): number | bigint | boolean | string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (isLong(value)) return int64Value(value.high, value.low, !value.unsigned);
  return undefined;
}

function isLong(value: object): value is { high: number; low: number; unsigned: boolean } {
  const long = value as { high?: unknown; low?: unknown; unsigned?: unknown };
  return typeof long.high === 'number' && typeof long.low === 'number' && typeof long.unsigned === 'boolean';
}

/** A Sparkplug uint64 (timestamps, seq) as a number, whether protobufjs gave a number or a Long. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function')
    return (value as { toNumber(): number }).toNumber();
  return undefined;
}
