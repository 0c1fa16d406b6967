import type { SampleQuality, SignalSample } from '@bsc/common';
import type { SignalSampleEntity } from '../entities/signal-sample.entity';

export function toSignalSample(entity: SignalSampleEntity): SignalSample {
  return { signalId: entity.signalId, ts: entity.ts, value: entity.value, quality: entity.quality, source: entity.source };
}

/** A sample selected as plain columns; pg returns BIGINT as a string. */
export interface RawSampleRow {
  signalId: string;
  ts: string | number;
  value: number;
  quality: SampleQuality;
  source: string;
}

export function fromRawSampleRow(row: RawSampleRow): SignalSample {
  return { signalId: row.signalId, ts: Number(row.ts), value: row.value, quality: row.quality, source: row.source };
}
