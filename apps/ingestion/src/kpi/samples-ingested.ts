import type { SignalSample } from '@bsc/common';
import type { EventBus } from '@bsc/events';

/**
 * Stored samples announced as `samples.ingested`, after the KPI update of the same samples, so a listener sees KPIs
 * that already include them; what listens for history still arriving (the API's provisional forecasts) reads their
 * times. Nothing is announced for no samples.
 */
export function announceIngested(bus: EventBus, samples: readonly SignalSample[]): void {
  // not copied: the live path announces every stored batch, and listeners only read it
  if (samples.length > 0) bus.publish('samples.ingested', { samples: samples as SignalSample[] });
}

/**
 * The samples dated before `dayStart` (the start of the day they arrive on, in the model's calendar): history, as
 * the forecasts' HistoryArrival counts it.
 */
export function pastDays<T extends { ts: number }>(samples: readonly T[], dayStart: number): T[] {
  return samples.filter((s) => s.ts < dayStart);
}
