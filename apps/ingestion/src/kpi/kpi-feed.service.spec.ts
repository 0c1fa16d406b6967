import type { SignalSample } from '@bsc/common';
import { IMPORTED_SAMPLE_SOURCE } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiFeedService } from './kpi-feed.service';
import { KpiFeedHarness, lineGoodSample } from './testing/kpi-feed-harness';

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);
const good = lineGoodSample;

/**
 * output = sum(line1.good, period), monthly (TwinModelBuilder.minimal); scrap_rate reads output's period value (a bare
 * `output` would be its latest value, which reaches back a period further).
 */
const model = TwinModelBuilder.minimal()
  .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(output, period)) * 100')
  .buildValid();
describe(KpiFeedService.name, () => {
  const harness = new KpiFeedHarness(model);
  const { published, history } = harness;
  /** Sample times of every `samples.ingested`, by source. */
  let ingested: Array<[string, number]>;

  beforeEach(async () => {
    await harness.open();
    ingested = [];
    harness.bus.subscribe('samples.ingested', ({ samples: batch }) =>
      ingested.push(...batch.map((s): [string, number] => [s.source, s.ts])),
    );
  });

  afterEach(() => harness.close());

  const start = (replayHistory = 'bounded'): Promise<KpiFeedService> =>
    harness.start({ KPI_REPLAY_HISTORY: replayHistory });

  /** A live sample as the pipeline hands it over once stored. */
  async function live(feed: KpiFeedService, sample: SignalSample): Promise<void> {
    await harness.samples.insertBatch([sample], Date.now());
    feed.samplesStored([{ ...sample, receivedAt: Date.now() }]);
  }

  /** Stores samples and publishes their KPI periods (a first run), then stops. */
  async function storeAndPublish(earlier: SignalSample[]): Promise<void> {
    const first = await start();
    await harness.samples.insertBatch(earlier, Date.now());
    first.samplesStored(earlier.map((s) => ({ ...s, receivedAt: Date.now() })));
    await harness.stop(first);
    published.length = 0;
    history.rows = 0;
  }

  async function stored(kpiId: string, periodKey: string): Promise<number | null | undefined> {
    return (await harness.revisions.asOf([kpiId], [periodKey])).find((r) => r.periodKey === periodKey)?.value;
  }

  it('times the engine once per stored batch it is handed', async () => {
    const sut = await start();
    await live(sut, good(at(11, 5), 10));
    await live(sut, good(at(11, 6), 20));
    expect(await harness.registry.metrics()).toMatch(/^bsc_kpi_batch_seconds_count 2$/m);
  });

  it('recomputes exactly the periods a CLI import touches, through the live path, once', async () => {
    const sut = await start();
    await live(sut, good(at(11, 5), 10));
    published.length = 0;

    // what `bsc import samples` writes from another process: a November and an October row
    await harness.samples.insertBatch([
      good(at(11, 3), 5, IMPORTED_SAMPLE_SOURCE),
      good(at(10, 20), 7, IMPORTED_SAMPLE_SOURCE),
    ]);
    await sut.pollImports();
    const afterImport = [...published];
    const announced = ingested.filter(([source]) => source === IMPORTED_SAMPLE_SOURCE);
    await sut.pollImports();
    await sut.close();

    // both imported samples announced once, as every stored sample is (forecasts see history arriving)
    expect(announced.map(([, ts]) => ts).sort()).toEqual([at(10, 20), at(11, 3)]);
    expect(ingested.filter(([source]) => source === IMPORTED_SAMPLE_SOURCE)).toHaveLength(2);

    // November 10 (live) + 5 (imported) = 15; October only the imported 7
    expect(afterImport.sort()).toEqual([
      ['2026-10', 7],
      ['2026-11', 15],
    ]);
    // nothing new: the second poll publishes nothing
    expect(published).toHaveLength(2);
    expect(await stored('output', '2026-11')).toBe(15);
    expect(await stored('output', '2026-10')).toBe(7);
  });

  it('publishes at start the periods of samples imported while it was down', async () => {
    const first = await start();
    await live(first, good(at(11, 5), 10));
    await harness.stop(first);
    expect(await stored('output', '2026-11')).toBe(10);

    // received after the newest published revision, before the restart
    const importedAt = (await harness.revisions.newestRecordedAt())! + 1;
    await harness.samples.insertBatch([good(at(11, 6), 4, IMPORTED_SAMPLE_SOURCE)], importedAt);
    while (Date.now() <= importedAt) await new Promise((resolve) => setImmediate(resolve));
    published.length = 0;
    const second = await start();
    await second.close();

    // 10 replayed as state + 4 imported meanwhile = 14, published for November only
    expect(published).toEqual([['2026-11', 14]]);
    expect(await stored('output', '2026-11')).toBe(14);
  });

  describe('bounded replay', () => {
    // October: 7 + 1 + 2 = 10 (published before the restart); November: 10 + 20 = 30
    const october = [good(at(10, 2), 7), good(at(10, 9), 1), good(at(10, 20), 2)];
    const november = [good(at(11, 4), 10), good(at(11, 5), 20)];

    it('reads only the open period and the value carried into it; older history does not count', async () => {
      await storeAndPublish([...october, ...november]);
      expect(await stored('output', '2026-10')).toBe(10);

      const sut = await start();
      // November's two samples and October's last (carried in): not October's other two
      expect(history.rows).toBe(3);
      await live(sut, good(at(11, 6), 5));
      // 10 + 20 + 5, the carried-in October 2 not counted
      expect(published).toEqual([['2026-11', 35]]);
    });

    it('gives the values of a full replay', async () => {
      await storeAndPublish([...october, ...november]);
      const full = await start('full');
      expect(history.rows).toBe(5);
      await live(full, good(at(11, 6), 5));
      expect(published).toEqual([['2026-11', 35]]);
    });

    it('a live sample older than the replayed history recomputes its period from all of it', async () => {
      await storeAndPublish([...october, ...november]);
      const sut = await start();
      await live(sut, good(at(10, 25), 4));
      await sut.settled();

      // October 7 + 1 + 2 + 4 = 14 (not 2 + 4 from the carried-in sample alone); November unchanged, republished
      expect(published.sort()).toEqual([
        ['2026-10', 14],
        ['2026-11', 30],
      ]);
      // and a later live sample continues from that state
      published.length = 0;
      await live(sut, good(at(11, 7), 1));
      expect(published).toEqual([['2026-11', 31]]);
      await sut.close();
      expect(await stored('output', '2026-10')).toBe(14);
    });

    it('an import older than the replayed history recomputes its period from all of it', async () => {
      await storeAndPublish([...october, ...november]);
      const sut = await start();
      await harness.samples.insertBatch([good(at(10, 11), 3, IMPORTED_SAMPLE_SOURCE)]);
      await sut.pollImports();

      // announced on this path too, once
      expect(ingested.filter(([source]) => source === IMPORTED_SAMPLE_SOURCE)).toEqual([
        [IMPORTED_SAMPLE_SOURCE, at(10, 11)],
      ]);

      expect(published.sort()).toEqual([
        ['2026-10', 13],
        ['2026-11', 30],
      ]);
      await sut.close();
      expect(await stored('output', '2026-10')).toBe(13);
    });
  });
});
