import type { SignalSample } from '@bsc/common';
import { HealthRegistry } from '@bsc/app-kit';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiFeedService } from './kpi-feed.service';
import { CountingSampleHistory } from './testing/counting-sample-history';
import { KpiFeedHarness, lineGoodSample as good } from './testing/kpi-feed-harness';

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);

/** The stored history, whose reads can be made to hang (a query stuck on a lock) until released. */
class StallableHistory extends CountingSampleHistory {
  private gate: Promise<void> | undefined;
  release: () => void = () => undefined;
  hang(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }
  override async newestTs(): Promise<number | null> {
    if (this.gate) await this.gate;
    return super.newestTs();
  }
}

/** output = sum(line1.good, period), monthly (TwinModelBuilder.minimal). */
const model = TwinModelBuilder.minimal()
  .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(output, period)) * 100')
  .buildValid();

// A sample older than the replayed history holds every later stored batch back while the engine is rebuilt: a
// rebuild that never ends freezes every KPI, and health must say so after INGEST_STALL_AFTER_S (30 s by default).
describe(`${KpiFeedService.name} health`, () => {
  const harness = new KpiFeedHarness(model);
  const T = at(11, 10);

  beforeEach(() => harness.open());
  afterEach(async () => {
    jest.restoreAllMocks();
    await harness.close();
  });

  /** Stored, then handed to the feed at the mocked clock's `now` (the feed reads only Date.now). */
  async function storeAt(sut: KpiFeedService, now: number, sample: SignalSample): Promise<void> {
    await harness.samples.insertBatch([sample], now);
    jest.spyOn(Date, 'now').mockReturnValue(now);
    sut.samplesStored([{ ...sample, receivedAt: now }]);
  }

  it('degrades once stored batches have been held back INGEST_STALL_AFTER_S behind a rebuild that hangs', async () => {
    // a first run stores and publishes October (7 + 2) and November (10), then stops
    const first = await harness.start();
    await harness.live(first, good(at(10, 2), 7), good(at(10, 20), 2), good(at(11, 4), 10));
    await harness.stop(first);
    const history = new StallableHistory(() => harness.samples);
    const health = new HealthRegistry();
    const sut = await harness.start({}, undefined, { history, health });
    harness.published.length = 0;

    history.hang();
    // older than the replayed history (from October 20 on, the value carried in): a rebuild starts and hangs
    await storeAt(sut, T, good(at(10, 9), 4));
    // the next live sample is stored 10 s later and held back behind the rebuild
    await storeAt(sut, T + 10_000, good(at(11, 7), 1));

    jest.spyOn(Date, 'now').mockReturnValue(T + 29_999);
    const before = await health.run();
    jest.spyOn(Date, 'now').mockReturnValue(T + 30_000);
    const after = await health.run();
    const frozen = [...harness.published];
    jest.restoreAllMocks();
    history.release();
    await sut.settled();

    expect(frozen).toEqual([]);
    expect(before.checks['kpi-feed']).toMatchObject({ ok: true, detail: { heldBatches: 2, heldSamples: 2 } });
    expect(after.ready).toBe(false);
    expect(after.checks['kpi-feed']).toEqual({
      ok: false,
      detail: {
        stalled: true,
        waiting: 1,
        sinceProgressMs: 30_000,
        heldBatches: 2,
        heldSamples: 2,
        heldForMs: 30_000,
        reason:
          '2 stored batch(es) (2 samples) held back for 30 s while the KPI engine is rebuilt; 1 KPI engine task(s) waiting and none finished for 30 s',
      },
    });
    // released: October 7 + 4 + 2 = 13, November 10 + 1 = 11, and the feed is healthy again
    expect(harness.published.sort()).toEqual([
      ['2026-10', 13],
      ['2026-11', 11],
    ]);
    expect((await health.run()).checks['kpi-feed']).toMatchObject({ ok: true, detail: { heldBatches: 0, waiting: 0 } });
  });
});
