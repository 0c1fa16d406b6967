import { testSample, type SignalSample } from '@bsc/common';
import { TwinModelBuilder, type SignalDef, type TwinModel } from '@bsc/twin';
import type { KpiEngine } from '../kpi-engine';

export interface GaugeClockOptions {
  /** k's formula over `signal`. */
  formula?: string;
  signal?: string;
  /** Fields of `signal`. */
  declare?: Partial<Omit<SignalDef, 'source'>>;
}

/**
 * One KPI `k` next to `ticks`, the only reader of `clock`: a sample of `clock` moves the watermark without touching
 * k's input, at the cost of one evaluation (of `ticks`) per batch. By default k = avg(g, 10m) of a gauge held 5 min.
 * Both update hourly, so neither turns stale within the minutes these models are fed.
 */
export function gaugeClockModel(options: GaugeClockOptions = {}): TwinModel {
  const { formula = 'avg(g, 10m)', signal = 'g', declare = { maxHold: '5m' } } = options;
  return TwinModelBuilder.model()
    .signal(signal, 'clock')
    .declare(declare, signal)
    .kpi('k', formula, { updateFrequency: '1h' })
    .kpi('ticks', 'sum(clock, period)', { updateFrequency: '1h' })
    .build();
}

/** A sample of `clock`: moves the watermark to `ts`. */
export const clockAt = (ts: number): SignalSample => testSample('clock', ts, 1);

/** Ingests a batch holding a clock sample; returns the evaluations besides the one of `ticks`. */
export function evaluationsBesidesTicks(sut: KpiEngine, samples: readonly SignalSample[]): number {
  const before = sut.stats().evaluations;
  sut.ingest(samples);
  return sut.stats().evaluations - before - 1;
}
