import type { SignalSample } from '@bsc/common';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';

const SOURCE = 'sparkplug';

/**
 * What a death restates per signal: its last value, with quality bad, as the signal's newest sample. Downstream (the
 * KPI engine here, the KPI workers of a scale-out, a replay) reads a signal as stale while its newest sample is bad,
 * so this is the one way a death reaches the KPIs; a birth after it ends it by being newer.
 */
export class SparkplugRestatements {
  /** Newest value per signal, so that a death can restate it with quality bad. */
  private readonly lastValue = new Map<string, number | bigint | boolean | string>();
  /** Newest timestamp of a sample taken per signal: a death's restatement goes after it. */
  private readonly newestTs = new Map<string, number>();
  /** Time of each signal's restatement while it is the signal's newest sample: a birth goes after it. */
  private readonly restatedTs = new Map<string, number>();

  /** A sample of the signal was taken (`value` undefined: one without a value). */
  took(signalId: string, ts: number, value?: number | bigint | boolean | string): void {
    if (ts > (this.newestTs.get(signalId) ?? -Infinity)) this.newestTs.set(signalId, ts);
    if (value !== undefined) this.lastValue.set(signalId, value);
    if (value !== undefined && ts > (this.restatedTs.get(signalId) ?? Infinity)) this.restatedTs.delete(signalId);
  }

  /**
   * When a birth's metric counts: the birth ends a death's staleness (it carries the metrics' current values),
   * but with the edge clock behind the host's its timestamp can be older than the restatement, dated by the host's
   * clock; it then goes 1 ms after the restatement, else the signal would stay stale until edge data passed it.
   */
  bornAt(signalId: string, ts: number): number {
    const restated = this.restatedTs.get(signalId);
    return restated !== undefined && ts <= restated ? restated + 1 : ts;
  }

  /**
   * Birth samples moved after a stored bad newest sample of their signals, as bornAt does after this host's own
   * restatements: one it did not make (before its start or its model version) may be newer.
   */
  bornAfterStored(births: readonly RawSampleInput[], stored: readonly SignalSample[]): RawSampleInput[] {
    const bad = new Map(stored.filter((s) => s.quality === 'bad').map((s) => [s.signalId, s.ts]));
    return births.map((b) => {
      const restated = bad.get(b.signalId);
      if (restated === undefined || b.ts > restated) return b;
      this.took(b.signalId, restated + 1);
      return { ...b, ts: restated + 1 };
    });
  }

  /** The restatement of a signal's death dated `at` by Sparkplug's rules. */
  restate(signalId: string, at: number): RawSampleInput {
    // without a last value (none heard since this host started) a sample without one: the death is in the data
    const value = this.lastValue.get(signalId) ?? null;
    const ts = restatedAt(at, this.newestTs.get(signalId));
    this.restatedTs.set(signalId, ts);
    return { signalId, ts, value, quality: 'bad', source: SOURCE };
  }

  /**
   * Restatements moved after the newest stored sample of their signals: one this host did not take (stored before
   * its start or its model version) may be newer where the edge clock runs ahead of ours.
   */
  afterStored(restatements: readonly RawSampleInput[], stored: readonly SignalSample[]): RawSampleInput[] {
    const newest = new Map(stored.map((s) => [s.signalId, s.ts]));
    return restatements.map((r) => {
      const ts = restatedAt(r.ts, newest.get(r.signalId));
      if (ts === r.ts) return r;
      if (this.restatedTs.get(r.signalId) === r.ts) this.restatedTs.set(r.signalId, ts);
      return { ...r, ts };
    });
  }
}

/** Its Sparkplug date, or 1 ms after the signal's newest sample where that is not older (an edge clock ahead). */
function restatedAt(at: number, newest: number | undefined): number {
  return Math.max(at, (newest ?? -Infinity) + 1);
}
