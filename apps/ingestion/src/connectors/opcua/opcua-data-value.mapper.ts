import { statusCodeToQuality } from '@bsc/common';
import type { SignalDataType } from '@bsc/twin';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';
import { float32Value } from '../float32-value';
import { int64Value } from '../int64-value';

/** The parts of a node-opcua DataValue the mapping reads (structural, so tests need no server). */
export interface DataValueLike {
  value?: { value: unknown; dataType?: number } | null;
  statusCode?: { value: number; name?: string } | null;
  sourceTimestamp?: Date | null;
  serverTimestamp?: Date | null;
}

/** OPC UA built-in type ids (Part 6 5.1.2) of the 64-bit integers node-opcua gives as `[high, low]`. */
const INT64 = 8;
const UINT64 = 9;
const FLOAT = 10;

/** Part 4 7.34.1: InfoType (bits 11-10) 01 means the info bits (9-0) describe a DataValue; bit 7 is Overflow. */
const INFO_TYPE_MASK = 0x00000c00;
const INFO_TYPE_DATA_VALUE = 0x00000400;
const INFO_BITS = 0x000003ff;
const OVERFLOW = 0x00000080;

/**
 * The status of the reading itself: Overflow says the server's queue dropped older values, a fact of that delivery,
 * not of this value; a re-delivery after a reconnect comes without it and must be the same reading. With no info bit
 * left the InfoType goes too (NotUsed: "the info bits ... shall be set to zero").
 */
function readingStatusCode(statusCode: number): number {
  if ((statusCode & INFO_TYPE_MASK) !== INFO_TYPE_DATA_VALUE) return statusCode >>> 0;
  const withoutOverflow = statusCode & ~OVERFLOW;
  return ((withoutOverflow & INFO_BITS) === 0 ? withoutOverflow & ~INFO_TYPE_MASK : withoutOverflow) >>> 0;
}

/**
 * OPC UA Part 6 5.2.2.5: the earliest and latest DateTimes (encoded 0 and MaxInt64, the latter anything from
 * 9999-12-31 23:59:59 UTC on) are invalid, a "no time". node-opcua decodes them as 1601-01-01 and a date in the year
 * 30828; times before 1970 are no epoch milliseconds either.
 */
const LATEST_DATE_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

function validTime(date: Date | null | undefined): number | undefined {
  const time = date?.getTime();
  return time !== undefined && Number.isFinite(time) && time > 0 && time < LATEST_DATE_TIME ? time : undefined;
}

/** True when the device dated the value (a source timestamp that is a time). */
export function hasSourceTime(dataValue: DataValueLike): boolean {
  return validTime(dataValue.sourceTimestamp) !== undefined;
}

/**
 * The sample's time is the source timestamp (when the device measured it), else the server's, else arrival:
 * KPI windows are event-time, so a value delivered late after a reconnect still lands in its own window.
 */
export function sampleTimestamp(dataValue: DataValueLike, arrivedAt: number): number {
  return validTime(dataValue.sourceTimestamp) ?? validTime(dataValue.serverTimestamp) ?? arrivedAt;
}

/**
 * Variant payloads to plain values: booleans as 0/1, Int64 and UInt64 `[high, low]` pairs by their type (Int64 is
 * two's complement) as numbers, or bigints where a double might not hold them (the pipeline judges those); a Float
 * as the decimal the server wrote, not its float32 widened.
 */
export function variantToValue(value: unknown, dataType?: number): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (dataType === FLOAT && typeof value === 'number') return float32Value(value);
  if ((dataType === INT64 || dataType === UINT64) && isWordPair(value))
    return int64Value(value[0], value[1], dataType === INT64);
  return value ?? null;
}

function isWordPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

/**
 * A text signal keeps what the node sends as text (LocalizedText by its text, DateTime as a Date the pipeline
 * writes as ISO 8601); numeric signals get numbers. Type mismatches are left to the pipeline, which dead-letters them.
 */
function valueFor(dataType: SignalDataType, variant: DataValueLike['value']): unknown {
  const value = variant?.value;
  if (dataType !== 'string') return variantToValue(value, variant?.dataType);
  if (value !== null && typeof value === 'object' && 'text' in value) return value.text ?? null;
  // a 64-bit integer as its exact decimal text
  if (isWordPair(value)) return variantToValue(value, variant?.dataType);
  return value ?? null;
}

/** Bad and Uncertain notifications keep their status code; a missing value stays missing (the pipeline stores it so). */
export function dataValueToSample(
  binding: { signalId: string; dataType: SignalDataType },
  serverId: string,
  dataValue: DataValueLike,
  arrivedAt: number,
): RawSampleInput {
  const status = (dataValue.statusCode?.value ?? 0) >>> 0;
  const quality = statusCodeToQuality(status);
  return {
    signalId: binding.signalId,
    ts: sampleTimestamp(dataValue, arrivedAt),
    value: valueFor(binding.dataType, dataValue.value),
    quality,
    ...(quality !== 'good' && { statusCode: readingStatusCode(status) }),
    source: opcUaSource(serverId),
  };
}

export function opcUaSource(serverId: string): string {
  return `opcua:${serverId}`;
}
