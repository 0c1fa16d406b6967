import { SamplePartitionRepository, SampleRepository } from '@bsc/persistence';
import { testSample as sample, type SignalSample } from '@bsc/common';
import { PgTestSchema } from './pg-test-schema';

// 2026-11-18T11:06:40Z: with 40 days added, 2026-12-28, the next month's partition
const T0 = 1_795_000_000_000;
const DAY = 86_400_000;
const bySignal = (a: SignalSample, b: SignalSample) => a.signalId.localeCompare(b.signalId);

describe('SampleRepository.latest on PostgreSQL', () => {
  let db: PgTestSchema;
  let sut: SampleRepository;

  beforeAll(async () => {
    db = await PgTestSchema.create();
    await new SamplePartitionRepository(db.dataSource).maintain(T0);
    sut = new SampleRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('the newest sample of each signal, across partitions, equal times of two signals each kept, none for a signal without samples', async () => {
    // a: its newest (T0 + 40 days, December) stored first, then two older ones (November)
    await sut.insertBatch([sample('a', T0 + 40 * DAY, 3)]);
    await sut.insertBatch([sample('a', T0, 1), sample('a', T0 + 5, 2)]);
    // b and c: both newest at T0 + 5; c's is bad and has no number, still its newest
    const cBad = { ...sample('c', T0 + 5, Number.NaN), quality: 'bad' as const, statusCode: 0x80340000 };
    await sut.insertBatch([sample('b', T0 + 4, 4), sample('b', T0 + 5, 5), sample('c', T0, 6), cBad]);

    // 'none' has no sample; a repeated id gives one row
    const latest = await sut.latest(['c', 'none', 'a', 'b', 'a']);

    expect(latest.sort(bySignal)).toEqual([sample('a', T0 + 40 * DAY, 3), sample('b', T0 + 5, 5), cBad]);
    await expect(sut.latest(['none'])).resolves.toEqual([]);
    await expect(sut.latest([])).resolves.toEqual([]);
  });

  it('more ids than one statement takes (400): 401 ids, 400 + 1', async () => {
    // id m<i>: samples at T0 + i (value i) and T0 + 1,000 + i (value i + 0.5); the second is the newest
    const ids = Array.from({ length: 401 }, (_, i) => `m${i}`);
    await sut.insertBatch(ids.flatMap((id, i) => [sample(id, T0 + i, i), sample(id, T0 + 1_000 + i, i + 0.5)]));

    const latest = await sut.latest([...ids, 'none']);

    expect(latest.sort((x, y) => x.ts - y.ts)).toEqual(ids.map((id, i) => sample(id, T0 + 1_000 + i, i + 0.5)));
  });
});
