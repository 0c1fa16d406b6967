import { FixedActiveModel } from '@bsc/app-kit';
import type { BscEventMap } from '@bsc/events';
import { TwinModelBuilder } from '@bsc/twin';
import type { SampleHistory } from './kpi-engine.port';
import { KpiFeedService } from './kpi-feed.service';
import { KpiFeedHarness, lineGoodSample } from './testing/kpi-feed-harness';

const HOUR = 3_600_000;

/**
 * The feed builds its KPI state at start (a replay of stored samples can take minutes); a model version imported
 * meanwhile (through the API, announced on the bus) must reach it as one imported while it runs does.
 */
describe(`${KpiFeedService.name} start: a model version imported meanwhile`, () => {
  const model = TwinModelBuilder.minimal().buildValid();
  const harness = new KpiFeedHarness(model);

  beforeEach(() => harness.open());
  afterEach(() => harness.close());

  it('computes the KPIs of the version imported while its state was being built', async () => {
    const activeModel = new FixedActiveModel(model);
    const versions: number[] = [];
    harness.bus.subscribe('kpis.updated', ({ modelVersion }: BscEventMap['kpis.updated']) =>
      versions.push(modelVersion),
    );
    // version 1 in force at start; version 2 imported as the start reads the stored history (its first read)
    let imported: Promise<unknown> | undefined;
    const importOnce = () => (imported ??= activeModel.import(model));
    const stored = harness.history;
    const history: SampleHistory = {
      replay: async function* (options) {
        await importOnce();
        yield* stored.replay(options);
      },
      newestReceived: async (source) => (await importOnce(), stored.newestReceived(source)),
      newestTs: async () => (await importOnce(), stored.newestTs()),
      oldestReceivedAfter: async (after, options) => (await importOnce(), stored.oldestReceivedAfter(after, options)),
      carriedIn: async (ids, before, by) => (await importOnce(), stored.carriedIn(ids, before, by)),
    };
    const feed = await harness.start({}, undefined, { activeModel, history });
    expect(imported).toBeDefined();
    await feed.settled();
    versions.length = 0;

    await harness.live(feed, lineGoodSample(Math.floor(Date.now() / HOUR) * HOUR, 10));

    // the live sample's values are those of version 2, the model in force
    expect(activeModel.current().version).toBe(2);
    expect(new Set(versions)).toEqual(new Set([2]));
  });
});
