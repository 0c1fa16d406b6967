import type { SampleQuality, SignalSample } from '@bsc/common';
import type { SignalSampleEntity } from '../entities/signal-sample.entity';

/** A sample without a number is stored as NULL and read back as NaN (the domain's "no value"). */
function withOptionals(
  sample: SignalSample,
  text: string | null | undefined,
  statusCode: string | number | null | undefined,
): SignalSample {
  if (text !== null && text !== undefined) sample.text = text;
  if (statusCode !== null && statusCode !== undefined) sample.statusCode = Number(statusCode);
  return sample;
}

export function toSignalSample(entity: SignalSampleEntity): SignalSample {
  const sample = {
    signalId: entity.signalId,
    ts: entity.ts,
    value: entity.value ?? NaN,
    quality: entity.quality,
    source: entity.source,
  };
  return withOptionals(sample, entity.textValue, entity.statusCode);
}

/** A sample selected as plain columns; pg returns BIGINT as a string. */
export interface RawSampleRow {
  signalId: string;
  ts: string | number;
  value: number | null;
  quality: SampleQuality;
  source: string;
  text?: string | null;
  statusCode?: string | number | null;
}

export function fromRawSampleRow(row: RawSampleRow): SignalSample {
  const sample = {
    signalId: row.signalId,
    ts: Number(row.ts),
    value: row.value ?? NaN,
    quality: row.quality,
    source: row.source,
  };
  return withOptionals(sample, row.text, row.statusCode);
}
