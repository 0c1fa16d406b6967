import type { SignalSample } from '@bsc/common';
import { HORIZON_IDS_PER_READ, readFromHorizons, type HorizonSampleSource } from './horizon-replay.reader';
import type { SampleReplayOptions } from './sample-replay.query';

/** Stored rows in time order (receipt ignored); records every call's arguments. */
class FakeSource implements HorizonSampleSource {
  readonly calls: Array<{ carriedIn: readonly string[]; before: number } | { replay: SampleReplayOptions }> = [];

  constructor(private readonly rows: readonly SignalSample[]) {}

  carriedIn(signalIds: readonly string[], before: number): Promise<SignalSample[]> {
    this.calls.push({ carriedIn: [...signalIds], before });
    const newest = new Map<string, SignalSample>();
    for (const r of this.rows) if (signalIds.includes(r.signalId) && r.ts < before) newest.set(r.signalId, r);
    return Promise.resolve([...newest.values()]);
  }

  async *replay(options: SampleReplayOptions = {}): AsyncIterable<SignalSample[]> {
    this.calls.push({ replay: options });
    yield await Promise.resolve(
      this.rows.filter((r) => options.signalIds?.includes(r.signalId) && r.ts >= (options.from ?? -Infinity)),
    );
  }
}

const row = (signalId: string, ts: number): SignalSample => ({
  signalId,
  ts,
  value: ts,
  quality: 'good',
  source: 'test',
});

describe(readFromHorizons.name, () => {
  it('reads each signal from its own horizon: its newest row before it, then its rows from it on', async () => {
    // a: rows at 1..5, horizon 4 → carried 3, then 4, 5; b: rows at 1..5, horizon 2 → carried 1, then 2..5
    const rows = [1, 2, 3, 4, 5].flatMap((ts) => [row('a', ts), row('b', ts), row('c', ts)]);
    const source = new FakeSource(rows);
    const seen: SignalSample[] = [];
    const read = await readFromHorizons(
      source,
      new Map([
        ['a', 4],
        ['b', 2],
      ]),
      10,
      (page) => seen.push(...page),
    );
    // 3 rows of a + 5 rows of b; c is in no horizon
    expect(read).toBe(8);
    expect(seen.map((s) => `${s.signalId}${s.ts}`)).toEqual(['a3', 'a4', 'a5', 'b1', 'b2', 'b3', 'b4', 'b5']);
    expect(source.calls).toEqual([
      { carriedIn: ['a'], before: 4 },
      { replay: { receivedBy: 10, from: 4, signalIds: ['a'], bySignal: true } },
      { carriedIn: ['b'], before: 2 },
      { replay: { receivedBy: 10, from: 2, signalIds: ['b'], bySignal: true } },
    ]);
  });

  it.each([
    { signals: HORIZON_IDS_PER_READ, reads: 1 },
    { signals: HORIZON_IDS_PER_READ + 1, reads: 2 },
  ])('signals sharing a horizon are read together, $signals in $reads reads', async ({ signals, reads }) => {
    const source = new FakeSource([]);
    const horizons = new Map(Array.from({ length: signals }, (_, i) => [`x${i}`, 7] as const));
    await readFromHorizons(source, horizons, 10, () => undefined);
    const replays = source.calls.flatMap((c) => ('replay' in c ? [c.replay] : []));
    expect(replays).toHaveLength(reads);
    expect(replays.every((r) => r.from === 7 && (r.signalIds?.length ?? 0) <= HORIZON_IDS_PER_READ)).toBe(true);
    expect(replays.flatMap((r) => r.signalIds)).toEqual([...horizons.keys()]);
  });
});
