import type { LoggedSample } from '@bsc/cluster';
import { DeadLetterRepository, SamplePartitionRepository, SampleRepository } from '@bsc/persistence';
import { storeWorkerBatch } from '../../../apps/ingestion/src/kpi-worker/worker-sample-store';
import { PgTestSchema } from '../persistence/pg-test-schema';

const T = Date.UTC(2026, 11, 7, 12, 0, 0);

const logged = (value: number): LoggedSample => ({
  signalId: 'line1.scrap',
  ts: T,
  value,
  quality: 'good',
  source: 'mqtt',
  receivedAt: T + 1_000,
});

describe(`${storeWorkerBatch.name} on PostgreSQL: a logged sample with another value for a stored signal and time`, () => {
  let db: PgTestSchema;

  beforeAll(async () => {
    db = await PgTestSchema.create();
    await new SamplePartitionRepository(db.dataSource).maintain(T);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores 3, sets 5 aside as conflicting_duplicate, takes 3 again as a re-delivery', async () => {
    const samples = new SampleRepository(db.dataSource);
    const deadLetters = new DeadLetterRepository(db.dataSource);
    const first = await storeWorkerBatch(samples, [logged(3)]);
    expect(first.fresh).toHaveLength(1);

    // (line1.scrap, T) holds 3: 5 ≠ 3 is set aside, 3 = 3 is a re-delivery → nothing fresh, storable 2 - 1 = 1
    const five = logged(5);
    const second = await storeWorkerBatch(samples, [five, logged(3)]);
    await deadLetters.insert(second.letters);
    // delivered again after its letters were kept: the same letter, not a second one
    await deadLetters.insert((await storeWorkerBatch(samples, [five, logged(3)])).letters);

    expect(second.fresh).toEqual([]);
    expect(second.storable).toBe(1);
    expect([...second.refused]).toEqual([five]);
    expect((await samples.range('line1.scrap', T, T + 1)).map((s) => s.value)).toEqual([3]);
    expect((await deadLetters.list()).map((l) => [l.reason, l.detail])).toEqual([
      ['conflicting_duplicate', 'line1.scrap at 2026-12-07T12:00:00.000Z is stored as 3 (good); refused 5 (good)'],
    ]);
  });
});
