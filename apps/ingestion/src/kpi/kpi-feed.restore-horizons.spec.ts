import type { SignalSample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiFeedService } from './kpi-feed.service';
import { KpiFeedHarness } from './testing/kpi-feed-harness';
import { testSample as signalSample } from '@bsc/common';

const at = (day: number, hour = 12) => Date.UTC(2026, 10, day, hour);
const sample = (signalId: string, day: number, value: number, hour = 12): SignalSample =>
  signalSample(signalId, at(day, hour), value);
/**
 * Two signals with different restore horizons: `a` only in a period sum (read from the cut), `b` in a 2-day sliding
 * window too (read from two days before the cut); `c` is read by no KPI.
 */
const model = TwinModelBuilder.model()
  .signal('a', 'b', 'c')
  .kpi('total', 'sum(a, period) + sum(b, 2d)', { period: 'month' })
  .build();

describe(`${KpiFeedService.name} restore: each signal from its own horizon`, () => {
  const harness = new KpiFeedHarness(model, 'total');
  const { published, history } = harness;

  beforeEach(() => harness.open());
  afterEach(() => harness.close());

  const live = (feed: KpiFeedService, samples: SignalSample[]) => harness.live(feed, ...samples);

  it('reads no row before a signal’s own horizon and restores the hand-summed value', async () => {
    const first = await harness.start({ KPI_CHECKPOINT_INTERVAL_S: '60' }, harness.checkpoints);
    const values: Array<[number, number, number]> = [
      [2, 1, 100],
      [3, 2, 200],
      [4, 10, 300],
      [5, 20, 400],
    ];
    for (const [day, a, b] of values)
      await live(first, [sample('a', day, a), sample('b', day, b), sample('c', day, 7)]);
    await first.writeCheckpoint();
    // watermark Nov 5 12:00, cut five minutes before it
    const cut = at(5) - 5 * 60_000;
    expect(await harness.checkpoints.find(1)).toMatchObject({ watermark: at(5), cut });
    await harness.stop(first);

    history.rows = 0;
    history.read.length = 0;
    const sut = await harness.start({ KPI_CHECKPOINT_INTERVAL_S: '60' }, harness.checkpoints);
    const read = (id: string) =>
      history.read
        .filter((r) => r.signalId === id)
        .map((r) => r.ts)
        .sort((x, y) => x - y);
    // a: horizon = cut (Nov 5 11:55): Nov 4 carried in, Nov 5 after it; Nov 2 and 3 are never read
    expect(read('a')).toEqual([at(4), at(5)]);
    // b: horizon = cut − 2 d (Nov 3 11:55): Nov 2 carried in, Nov 3, 4, 5 after it
    expect(read('b')).toEqual([at(2), at(3), at(4), at(5)]);
    // c: read by no KPI, not read at all (the earliest-horizon read took all of its rows from Nov 3 11:55 on)
    expect(read('c')).toEqual([]);
    expect(history.rows).toBe(6);

    published.length = 0;
    // Nov 6 06:00: sum(a, Nov) = 1 + 2 + 10 + 20 + 5 = 38 (Nov 2 and 3 from the checkpoint's summary);
    // sum(b, 2d) over (Nov 4 06:00, Nov 6 06:00] = 300 + 400 = 700; total 738
    await live(sut, [sample('a', 6, 5, 6)]);
    expect(published).toEqual([['2026-11', 738]]);
  });
});
