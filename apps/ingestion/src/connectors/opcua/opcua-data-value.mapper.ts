import type { SampleQuality } from '@bsc/common';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';

/** The parts of a node-opcua DataValue the mapping reads (structural, so tests need no server). */
export interface DataValueLike {
  value?: { value: unknown; dataType?: number } | null;
  statusCode?: { value: number } | null;
  sourceTimestamp?: Date | null;
  serverTimestamp?: Date | null;
}

const SEVERITY_MASK = 0xc0000000;
const SEVERITY_UNCERTAIN = 0x40000000;
const TWO_POW_32 = 2 ** 32;

/** OPC UA Part 4 7.34: the two top bits of a StatusCode are its severity (00 good, 01 uncertain, 1x bad). */
export function statusCodeToQuality(statusCode: number): SampleQuality {
  const severity = (statusCode & SEVERITY_MASK) >>> 0;
  if (severity === 0) return 'good';
  if (severity === SEVERITY_UNCERTAIN) return 'uncertain';
  return 'bad';
}

/**
 * The sample's time is the source timestamp (when the device measured it), else the server's, else arrival:
 * KPI windows are event-time, so a value delivered late after a reconnect still lands in its own window.
 */
export function sampleTimestamp(dataValue: DataValueLike, arrivedAt: number): number {
  const source = dataValue.sourceTimestamp?.getTime();
  if (source !== undefined && Number.isFinite(source) && source > 0) return source;
  const server = dataValue.serverTimestamp?.getTime();
  if (server !== undefined && Number.isFinite(server) && server > 0) return server;
  return arrivedAt;
}

/** Variant payloads to plain values: booleans as 0/1, node-opcua's [high, low] 64-bit pairs as numbers. */
export function variantToValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'number')) {
    const [high, low] = value as [number, number];
    return high * TWO_POW_32 + (low >>> 0);
  }
  return value ?? null;
}

export function dataValueToSample(signalId: string, serverId: string, dataValue: DataValueLike, arrivedAt: number): RawSampleInput {
  const quality = statusCodeToQuality(dataValue.statusCode?.value ?? 0);
  return {
    signalId,
    ts: sampleTimestamp(dataValue, arrivedAt),
    value: variantToValue(dataValue.value?.value),
    quality,
    source: opcUaSource(serverId),
  };
}

export function opcUaSource(serverId: string): string {
  return `opcua:${serverId}`;
}
