import type { SignalSeries } from '../series/signal-series';
import { writeHeader, writeSeries, type CheckpointLayout, type KeepFrom, type KpiCheckpoint } from './kpi-checkpoint';
import { NumberWriter } from './number-stream';

/** How a checkpoint taken in slices gives way between them. */
export interface CheckpointSlicing {
  /** Awaited between slices; default: the next turn of the event loop (setImmediate), where queued work runs. */
  pause?: () => Promise<void>;
  /**
   * A slice ends after this long. Default 5 ms: a sample arriving meanwhile waits at most about that long for the
   * engine, well below the second-scale receipt-to-KPI lag the feed reports.
   */
  sliceMs?: number;
  /** A slice ends after this many signals as well (tests cut after each signal). Default: no limit. */
  sliceSignals?: number;
}

const DEFAULT_SLICE_MS = 5;
/** Signals between looks at the clock: one signal's summaries take microseconds, a clock read a fraction of that. */
const CLOCK_EVERY = 16;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The checkpoint of one instant, written signal by signal while the engine goes on ingesting between slices.
 * Consistent by writing a signal before it changes: the engine calls beforeChange() ahead of every change to a
 * series, and a series no slice has reached yet is written there, as it stands. Every signal is thus written in
 * its state of the instant the checkpoint began, and the result equals a checkpoint taken at once at that instant.
 */
export class SlicedCheckpoint {
  /** Series written ahead of their slice (they were about to change). */
  private readonly early = new Map<SignalSeries, Float64Array>();
  private readonly written = new Set<SignalSeries>();
  private readonly parts: Float64Array[] = [];

  constructor(
    private readonly layout: CheckpointLayout,
    private readonly watermark: number,
    private readonly cut: number,
    private readonly series: readonly SignalSeries[],
    private readonly keepFrom: KeepFrom,
  ) {}

  /** The engine is about to change this series: write it first unless that is done. */
  beforeChange(series: SignalSeries): void {
    if (this.written.has(series)) return;
    const out = new NumberWriter(64);
    writeSeries(out, series, this.keepFrom);
    this.early.set(series, out.finish());
    this.written.add(series);
  }

  async run(slicing: CheckpointSlicing = {}): Promise<KpiCheckpoint> {
    const pause = slicing.pause ?? nextTurn;
    const sliceMs = slicing.sliceMs ?? DEFAULT_SLICE_MS;
    const sliceSignals = slicing.sliceSignals ?? Infinity;
    for (let at = 0; at < this.series.length;) {
      at = this.slice(at, sliceMs, sliceSignals);
      if (at < this.series.length) await pause();
    }
    return this.result();
  }

  /** Writes series from `from` on until the slice is used up; returns where the next slice starts. */
  private slice(from: number, sliceMs: number, sliceSignals: number): number {
    const to = this.series.length;
    const started = performance.now();
    let out = new NumberWriter();
    let i = from;
    while (i < to && i - from < sliceSignals) {
      const s = this.series[i++];
      const early = this.early.get(s);
      if (early) {
        this.flush(out);
        out = new NumberWriter();
        this.parts.push(early);
      } else {
        writeSeries(out, s, this.keepFrom);
        this.written.add(s);
      }
      if ((i - from) % CLOCK_EVERY === 0 && performance.now() - started >= sliceMs) break;
    }
    this.flush(out);
    return i;
  }

  private flush(out: NumberWriter): void {
    if (out.length > 0) this.parts.push(out.finish());
  }

  private result(): KpiCheckpoint {
    const header = new NumberWriter(8);
    writeHeader(header, this.layout, this.watermark, this.cut, this.series.length);
    const parts = [header.finish(), ...this.parts];
    const data = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      data.set(part, at);
      at += part.length;
    }
    return { watermark: this.watermark, cut: this.cut, data };
  }
}
