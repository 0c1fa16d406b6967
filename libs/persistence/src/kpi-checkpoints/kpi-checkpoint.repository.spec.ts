import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { KpiCheckpointRepository, type StoredKpiCheckpoint } from './kpi-checkpoint.repository';

const checkpoint = (modelVersion: number, state: number[]): StoredKpiCheckpoint => ({
  modelVersion,
  takenAt: 1_800_000_000_000,
  receivedBy: 1_799_999_999_000,
  watermark: 1_799_999_998_000,
  cut: 1_799_999_700_000,
  format: 1,
  state: Buffer.from(state),
});

describe(KpiCheckpointRepository.name, () => {
  let dataSource: DataSource;
  let sut: KpiCheckpointRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new KpiCheckpointRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('keeps the bytes and the position of a checkpoint, one per model version', async () => {
    await sut.save(checkpoint(3, [0, 1, 255]));
    await sut.save({ ...checkpoint(3, [7]), receivedBy: 1_800_000_000_000 });

    await expect(sut.find(3)).resolves.toEqual({ ...checkpoint(3, [7]), receivedBy: 1_800_000_000_000 });
    await expect(sut.find(2)).resolves.toBeNull();
  });

  it('tells when the newest checkpoint was taken, null before the first', async () => {
    await expect(sut.newestTakenAt()).resolves.toBeNull();
    await sut.save(checkpoint(3, [1]));
    await sut.save({ ...checkpoint(3, [2]), takenAt: 1_800_000_060_000 });

    await expect(sut.newestTakenAt()).resolves.toBe(1_800_000_060_000);
  });

  it('drops the checkpoints of other model versions: a model change invalidates them', async () => {
    await sut.save(checkpoint(3, [1]));
    await sut.save(checkpoint(4, [2]));

    await expect(sut.find(3)).resolves.toBeNull();
    expect((await sut.find(4))?.state).toEqual(Buffer.from([2]));
  });
});
