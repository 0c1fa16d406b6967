import { FixedActiveModel } from '@bsc/app-kit';
import type { LoggedSample } from '@bsc/cluster';
import { testSample } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { TwinModelBuilder } from '@bsc/twin';
import { PartitionKpiWorker } from './partition-kpi-worker';
import { PartitionWorkerHarness } from './testing/partition-worker-harness';

/** output = sum(line1.good, period), monthly; one partition holds every KPI. */
const activeModel = new FixedActiveModel(TwinModelBuilder.minimal().buildValid());
const good = (day: number, value: number): LoggedSample => ({
  ...testSample('line1.good', Date.UTC(2026, 10, day, 12), value),
  receivedAt: Date.UTC(2026, 10, day, 12),
});
/** The writers' wall clocks: the first runs a minute ahead of the second. */
const WALL = Date.UTC(2026, 10, 20);
const AHEAD = WALL + 60_000;

describe(`${PartitionKpiWorker.name} handover`, () => {
  const harness = new PartitionWorkerHarness();
  beforeEach(() => harness.open());
  afterEach(async () => {
    jest.restoreAllMocks();
    await harness.close();
  });

  it("a successor whose clock is behind its predecessor's still writes the newest revision: 10 + 20 = 30", async () => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(AHEAD);
    const first = harness.worker(activeModel, new InProcessEventBus(), { partitions: 1, fence: () => 1 });
    await first.start(0);
    await first.handle(0, [good(4, 10)]);
    expect(await harness.stored('output', '2026-11')).toBe(10);

    clock.mockReturnValue(WALL);
    const second = harness.worker(activeModel, new InProcessEventBus(), { partitions: 1, fence: () => 2 });
    await second.start(0);
    await second.handle(0, [good(5, 20)]);

    expect(await harness.stored('output', '2026-11')).toBe(30);
    // recorded right after the predecessor's revision, not at the successor's earlier clock
    const trail = await harness.revisions.revisions('output', '2026-11');
    expect(trail.map((r) => [r.value, r.recordedAt])).toEqual([
      [10, AHEAD],
      [30, AHEAD + 1],
    ]);
  });
});
