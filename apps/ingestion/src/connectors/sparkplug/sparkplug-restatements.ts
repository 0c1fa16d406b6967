import type { SignalSample } from '@bsc/common';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';

const SOURCE = 'sparkplug';

/**
 * What a death restates per signal: its last value, with quality bad, as the signal's newest sample. Downstream (the
 * KPI engine here, the KPI workers of a scale-out, a replay) reads a signal as stale while its newest sample is bad,
 * so this is the one way a death reaches the KPIs.
 */
export class SparkplugRestatements {
  /** Newest value per signal, so that a death can restate it with quality bad. */
  private readonly lastValue = new Map<string, number | bigint | boolean | string>();
  /** Newest timestamp of a sample taken per signal: a death's restatement goes after it. */
  private readonly newestTs = new Map<string, number>();

  /** A sample of the signal was taken (`value` undefined: one without a value). */
  took(signalId: string, ts: number, value?: number | bigint | boolean | string): void {
    if (ts > (this.newestTs.get(signalId) ?? -Infinity)) this.newestTs.set(signalId, ts);
    if (value !== undefined) this.lastValue.set(signalId, value);
  }

  /** The restatement of a signal's death dated `at` by Sparkplug's rules. */
  restate(signalId: string, at: number): RawSampleInput {
    // without a last value (none heard since this host started) a sample without one: the death is in the data
    const value = this.lastValue.get(signalId) ?? null;
    return { signalId, ts: restatedAt(at, this.newestTs.get(signalId)), value, quality: 'bad', source: SOURCE };
  }

  /**
   * Restatements moved after the newest stored sample of their signals: one this host did not take (stored before
   * its start or its model version) may be newer where the edge clock runs ahead of ours.
   */
  afterStored(restatements: readonly RawSampleInput[], stored: readonly SignalSample[]): RawSampleInput[] {
    const newest = new Map(stored.map((s) => [s.signalId, s.ts]));
    return restatements.map((r) => {
      const ts = restatedAt(r.ts, newest.get(r.signalId));
      return ts === r.ts ? r : { ...r, ts };
    });
  }
}

/** Its Sparkplug date, or 1 ms after the signal's newest sample where that is not older (an edge clock ahead). */
function restatedAt(at: number, newest: number | undefined): number {
  return Math.max(at, (newest ?? -Infinity) + 1);
}
