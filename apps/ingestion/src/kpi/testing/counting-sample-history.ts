import type { SignalSample } from '@bsc/common';
import type { SampleRepository, SampleReplayOptions } from '@bsc/persistence';
import type { SampleHistory } from '../kpi-engine.port';

/** The stored sample history a KPI feed reads, counting the rows its replays and carried-in reads return. */
export class CountingSampleHistory implements SampleHistory {
  /** Rows read so far; tests reset it before the step they measure. */
  rows = 0;
  /** The rows themselves, in the order read (signal and sample time), for specs that check which rows were read. */
  readonly read: Array<{ signalId: string; ts: number }> = [];

  /** `samples`: a getter, since specs open a new repository per test. */
  constructor(private readonly samples: () => SampleRepository) {}

  newestReceived(source: string): Promise<number | null> {
    return this.samples().newestReceived(source);
  }

  newestTs(): Promise<number | null> {
    return this.samples().newestTs();
  }

  oldestReceivedAfter(after: number, options?: { receivedBy?: number; source?: string }): Promise<number | null> {
    return this.samples().oldestReceivedAfter(after, options);
  }

  async carriedIn(ids: readonly string[], before: number, receivedBy?: number): Promise<SignalSample[]> {
    const rows = await this.samples().carriedIn(ids, before, receivedBy);
    this.count(rows);
    return rows;
  }

  async *replay(options?: SampleReplayOptions): AsyncIterable<SignalSample[]> {
    for await (const page of this.samples().replay(options)) {
      this.count(page);
      yield page;
    }
  }

  private count(rows: readonly SignalSample[]): void {
    this.rows += rows.length;
    for (const { signalId, ts } of rows) this.read.push({ signalId, ts });
  }
}
