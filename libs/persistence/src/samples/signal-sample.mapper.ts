import type { SignalSample } from '@bsc/common';
import type { SignalSampleEntity } from '../entities/signal-sample.entity';

export function toSignalSample(entity: SignalSampleEntity): SignalSample {
  return { signalId: entity.signalId, ts: entity.ts, value: entity.value, quality: entity.quality, source: entity.source };
}
