import type { SignalKind } from '@bsc/twin';

/**
 * How one signal's samples join up in time; one object per signal, shared by all its summaries and windows.
 * Set while the engine builds its plans, before the first sample, and fixed afterwards.
 */
export interface SignalShape {
  kind: SignalKind;
  /** Gauges: longest time one sample's value is held (ms); a longer gap counts as missing. */
  maxHoldMs: number;
}

/** Per-sample semantics (amounts, events, and KPI values read through windows). */
export const SAMPLE_SHAPE: Readonly<SignalShape> = Object.freeze({ kind: 'amount', maxHoldMs: Infinity });

/** Whether summaries of this shape keep segments between consecutive samples (time weights, counter steps). */
export function joinsSamples(shape: Readonly<SignalShape>): boolean {
  return shape.kind === 'gauge' || shape.kind === 'counter';
}

/** The usable samples on either side of a late sample, when the series still holds them (else ±Infinity). */
export interface Neighbours {
  prevTs: number;
  prevValue: number;
  nextTs: number;
  nextValue: number;
}

/** A counter's increase from one reading to the next: a drop means it was reset, so the new reading counts. */
export function counterStep(from: number, to: number): number {
  return to >= from ? to - from : to;
}

/**
 * One counter's steps, reading by reading, as its anomalies are judged: each reading's `counterStep` from the one
 * before. The first reading has none (NaN): a total alone says nothing of the rate.
 */
export class CounterSteps {
  private last = Number.NaN;

  next(reading: number): number {
    const previous = this.last;
    this.last = reading;
    return Number.isNaN(previous) ? Number.NaN : counterStep(previous, reading);
  }
}
