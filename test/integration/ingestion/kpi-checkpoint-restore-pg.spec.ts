import type { SignalSample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiFeedHarness } from '../../../apps/ingestion/src/kpi/testing/kpi-feed-harness';
import { PgTestSchema } from '../persistence/pg-test-schema';

const at = (day: number) => Date.UTC(2026, 10, day, 12);
const good = (day: number, value: number): SignalSample => ({
  signalId: 'line1.good',
  ts: at(day),
  value,
  quality: 'good',
  source: 'opcua:opc',
});
/** output = sum(line1.good, period), monthly. */
const model = TwinModelBuilder.minimal().buildValid();

describe('a KPI restart from a checkpoint on PostgreSQL (its stored samples read a key range per signal)', () => {
  let pg: PgTestSchema;
  let harness: KpiFeedHarness;

  beforeEach(async () => {
    pg = await PgTestSchema.create();
    harness = new KpiFeedHarness(model, 'output', () => Promise.resolve(pg.dataSource));
    await harness.open();
  });
  afterEach(async () => {
    await harness.close();
    await pg.drop();
  });

  it('continues with the values of an uninterrupted run, reading only what came after the cut', async () => {
    const start = () => harness.start({ KPI_CHECKPOINT_INTERVAL_S: '60' }, harness.checkpoints);
    const first = await start();
    for (const s of [good(2, 1), good(3, 2), good(4, 10), good(5, 20)]) await harness.live(first, s);
    await first.writeCheckpoint();
    await harness.live(first, good(6, 5));
    // a stop without the stop's own checkpoint, as a kill leaves it
    const save = jest.spyOn(harness.checkpoints, 'save').mockRejectedValue(new Error('killed'));
    await harness.stop(first);
    save.mockRestore();

    harness.history.rows = 0;
    const sut = await start();
    // Nov 4 (carried into the cut, 5 minutes before Nov 5), Nov 5 (from the cut on), Nov 6 (received after it)
    expect(harness.history.rows).toBe(3);
    harness.published.length = 0;
    await harness.live(sut, good(7, 1));
    // 1 + 2 + 10 + 20 + 5 + 1: Nov 2 and 3 from the checkpoint's summary, the rest read again or live
    expect(harness.published).toEqual([['2026-11', 39]]);
  });
});
