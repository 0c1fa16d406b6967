import type { RebuildMarker, SampleRelay } from '@bsc/cluster';
import type { KpiPartitioning } from '@bsc/twin';
import { MovedSignalMarkers } from './moved-signal-markers';

const partitioning = (signal: Record<string, number>): KpiPartitioning => ({
  partitions: 2,
  signal: new Map(Object.entries(signal)),
  kpi: new Map(),
});
/** v1: a in 0, b in 1; v2 moves b to 0. */
const v1 = partitioning({ a: 0, b: 1 });
const v2 = partitioning({ a: 0, b: 0 });
const at = (signalId: string, ts: number) => ({ signalId, ts });

class RecordingRelay implements SampleRelay {
  readonly sent: RebuildMarker[][] = [];
  failures = 0;

  forward(): Promise<void> {
    return Promise.reject(new Error('not expected'));
  }

  requestRebuild(markers: readonly RebuildMarker[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('stream away'));
    }
    this.sent.push([...markers]);
    return Promise.resolve();
  }
}

describe(MovedSignalMarkers.name, () => {
  let relay: RecordingRelay;
  let sut: MovedSignalMarkers;

  beforeEach(() => {
    relay = new RecordingRelay();
    sut = new MovedSignalMarkers(relay);
  });

  it('requests a rebuild of each moved signal in its new partition, from the oldest time stored, once', async () => {
    sut.record(1, v1, [at('b', 5), at('a', 4), at('b', 3)]);
    sut.record(1, v1, [at('b', 9)]);
    await sut.flush(2, v2);
    // a stayed in 0: nothing; b moved from 1 to 0, oldest of 5, 3, 9 is 3
    expect(relay.sent).toEqual([[{ partition: 0, signalId: 'b', fromTs: 3, version: 2 }]]);
    await sut.flush(2, v2);
    expect(relay.sent).toHaveLength(1);
  });

  it('keeps what it stored under the version in force until a newer one comes', async () => {
    sut.record(2, v2, [at('b', 7)]);
    await sut.flush(2, v2);
    expect(relay.sent).toEqual([]);
  });

  it('sends again, with what was stored meanwhile, what the stream did not take', async () => {
    relay.failures = 1;
    sut.record(1, v1, [at('b', 5)]);
    await expect(sut.flush(2, v2)).rejects.toThrow('stream away');
    // a batch handled under v1 ended after the failed send: its oldest b, 2, goes too
    sut.record(1, v1, [at('b', 2)]);
    await sut.flush(2, v2);
    expect(relay.sent).toEqual([[{ partition: 0, signalId: 'b', fromTs: 2, version: 2 }]]);
  });
});
