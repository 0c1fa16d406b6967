import { FixedActiveModel } from '@bsc/app-kit';
import type { LoggedSample } from '@bsc/cluster';
import { testSample } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { kpiPartitions, TwinGraph, TwinModelBuilder } from '@bsc/twin';
import { PartitionKpiWorker } from './partition-kpi-worker';
import { PartitionWorkerHarness } from './testing/partition-worker-harness';

const at = (day: number, h: number) => Date.UTC(2026, 10, day, h);
const sample = (signalId: string, ts: number, value: number): LoggedSample => ({
  ...testSample(signalId, ts, value),
  receivedAt: ts,
});

/**
 * Two independent groups: ka = time-weighted daily average of the gauge a (held up to a day), kb = daily sum and
 * kc = daily count of the amount b; d is a signal no KPI reads. With 2 partitions a's group is on 0 and b's on 1
 * (FNV-1a, see partition-kpi-worker.moves.spec.ts), d and zz (a signal the model does not know) hash to 1.
 */
const twin = TwinModelBuilder.model()
  .signal('a', 'b', 'd')
  .declare({ kind: 'gauge', maxHold: '1d' }, 'a')
  .declare({ kind: 'amount' }, 'b', 'd')
  .kpi('ka', 'avg(a, period)')
  .kpi('kb', 'sum(b, period)')
  .kpi('kc', 'count(b, period)')
  .build();
const model = new FixedActiveModel(twin);

describe(`${PartitionKpiWorker.name} event time`, () => {
  const harness = new PartitionWorkerHarness();
  beforeEach(() => harness.open());
  afterEach(() => harness.close());

  const a = [sample('a', at(4, 0), 10), sample('a', at(4, 6), 20)];
  const b = [sample('b', at(5, 1), 1)];
  const partitions = () => {
    const partitioning = kpiPartitions(TwinGraph.fromModel(twin), 2);
    expect([partitioning.signal.get('a'), partitioning.signal.get('b')]).toEqual([0, 1]);
  };

  it('one partition (the single process): Nov 4 closes at (10 × 6 h + 20 × 18 h) / 24 h = 17.5', async () => {
    const sut = harness.worker(model, new InProcessEventBus(), { partitions: 1 });
    await sut.start(0);
    await sut.handle(0, a);
    await sut.handle(0, b);
    expect(await harness.stored('ka', '2026-11-04')).toBe(17.5);
  });

  it("two partitions: another partition's newer sample closes Nov 4 of ka at the next tick, 17.5 too", async () => {
    partitions();
    const p0 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
    const p1 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
    await p0.start(0);
    await p1.start(1);
    await p0.handle(0, a);
    // open at a's 06:00: 10 for 6 h then 20 for the instant of 06:00 itself
    expect(await harness.stored('ka', '2026-11-04')).toBeCloseTo(10, 3);
    await p1.handle(1, b);
    await p0.tick(at(5, 2));
    expect(await harness.stored('ka', '2026-11-04')).toBe(17.5);
    // Nov 5 up to b's 01:00: 20 held for the hour
    expect(await harness.stored('ka', '2026-11-05')).toBe(20);
  });

  it('a takeover replays up to the newest sample of the whole log, not only its partition', async () => {
    partitions();
    const p1 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
    await p1.start(1);
    await p1.handle(1, b);
    const p0 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
    await p0.start(0);
    // a@04:00 = 10 stored after b's Nov 5 01:00: a late sample, rebuilt and valued at the log's clock
    await p0.handle(0, a);
    expect(await harness.stored('ka', '2026-11-04')).toBe(17.5);
  });

  it('a worker that has held no partition yet asks nothing at its tick (no signal to walk the log for)', async () => {
    const walk = jest.spyOn(harness.samples, 'edgeTsOf');
    await harness.samples.insertBatch([sample('zz', at(9, 0), 1)]);
    await harness.worker(model, new InProcessEventBus(), { partitions: 2 }).tick(at(9, 1));
    expect(walk).not.toHaveBeenCalled();
  });

  describe.each(['zz', 'd'])('a far-ahead sample of %s, which no KPI reads', (signal) => {
    const ahead = sample(signal, at(9, 0), 1);
    // the single process's engine ignores it: Nov 4 stays open at a's 06:00, 10 for 6 h (20 only at the instant)
    const single = () => new KpiEngine(twin).replay([...a, ahead]).find((v) => v.periodKey === '2026-11-04');

    it("in the partition's own batch moves no event time: Nov 4 of ka stays open at 10", async () => {
      expect(single()?.value).toBeCloseTo(10, 3);
      const sut = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
      await sut.start(0);
      await sut.handle(0, a);
      await sut.handle(0, [ahead]);
      expect(await harness.stored('ka', '2026-11-04')).toBeCloseTo(10, 3);
      expect(await harness.stored('ka', '2026-11-05')).toBeUndefined();
    });

    it('stored by another worker moves no event time at the tick or at a takeover', async () => {
      partitions();
      const p0 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
      const p1 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
      await p0.start(0);
      await p1.start(1);
      await p0.handle(0, a);
      await p1.handle(1, [ahead]);
      await p0.tick(at(9, 1));
      await harness.worker(model, new InProcessEventBus(), { partitions: 2 }).start(0);
      expect(await harness.stored('ka', '2026-11-04')).toBeCloseTo(10, 3);
      expect(await harness.stored('ka', '2026-11-05')).toBeUndefined();
    });
  });

  describe("a partition whose signals have not sampled since the log's first sample", () => {
    // a up to Nov 5 01:00: the single process values kc = count(b) of Nov 4 (closed) and Nov 5 (open) at 0 samples
    const later = sample('a', at(5, 1), 30);
    const single = new KpiEngine(twin);
    single.replay([...a, later]);

    it.each([
      ['none of its signals has sampled', [], 0],
      ['its signal first sampled on Nov 5 01:00 (Nov 5: 1 sample)', b, 1],
    ])('%s: counts like the single process', async (_, own, nov5) => {
      expect([single.valueOf('kc', '2026-11-04')?.value, single.valueOf('kc', '2026-11-05')?.value]).toEqual([0, 0]);
      partitions();
      const p0 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
      const p1 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
      await p0.start(0);
      await p1.start(1);
      await p0.handle(0, [...a, later]);
      if (own.length > 0) await p1.handle(1, own);
      await p1.tick(at(5, 2));
      expect(await harness.stored('kc', '2026-11-04')).toBe(0);
      expect(await harness.stored('kc', '2026-11-05')).toBe(nov5);
    });
  });

  it('a read sample dated inside a spell of unread samples, stored later by another worker, moves event time', async () => {
    partitions();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(at(5, 2));
    try {
      const p0 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
      const p1 = harness.worker(model, new InProcessEventBus(), { partitions: 2 });
      await p0.start(0);
      await p1.start(1);
      await p0.handle(0, a);
      // only d (read by no KPI) samples up to Nov 5 01:00: the tick walks past it, event time stays at a's 06:00
      await p1.handle(1, [sample('d', at(5, 0), 1), sample('d', at(5, 1), 1)]);
      await p0.tick(at(5, 2));
      expect(await harness.stored('ka', '2026-11-04')).toBeCloseTo(10, 3);
      // b dated Nov 4 12:00, below the times walked, received by the intake at the tick's clock
      await p1.handle(1, [{ ...sample('b', at(4, 12), 1), receivedAt: at(5, 2) }]);
      clock.mockReturnValue(at(5, 2) + 5_000);
      await p0.tick(at(5, 2) + 5_000);
      // open up to 12:00: 10 for 6 h and 20 for 6 h, (10 × 6 + 20 × 6) / 12 = 15 (and the instant of 12:00 itself)
      expect(await harness.stored('ka', '2026-11-04')).toBeCloseTo(15, 3);
    } finally {
      clock.mockRestore();
    }
  });
});
