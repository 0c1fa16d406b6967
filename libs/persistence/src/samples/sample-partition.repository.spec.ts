import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { SamplePartitionRepository, monthPartition } from './sample-partition.repository';
import { SampleRepository } from './sample.repository';
import { expectRetained, RETENTION_CUTOFF, RETENTION_SAMPLES } from './test-support/retention-cases';

describe(SamplePartitionRepository.name, () => {
  let dataSource: DataSource;
  let sut: SamplePartitionRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new SamplePartitionRepository(dataSource);
    await new SampleRepository(dataSource).insertNew(RETENTION_SAMPLES);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('deletes the samples before the cutoff and their minute rollups on SQLite, keeping hours and days', async () => {
    const result = await sut.retain(RETENTION_CUTOFF);

    // 10 Oct and 10 Nov are before 15 Nov: two samples, two minute rollups
    expect(result).toEqual({ droppedPartitions: [], deletedSamples: 2, deletedRollups: 2 });
    await expectRetained(dataSource);
  });

  it('has nothing to maintain on SQLite (one table)', async () => {
    await expect(sut.maintain(Date.UTC(2026, 11, 2))).resolves.toEqual([]);
  });
});

describe(monthPartition.name, () => {
  it.each([
    [Date.UTC(2026, 11, 31, 23, 59, 59, 999), 'signal_sample_p2026_12', Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)],
    [Date.UTC(2027, 0, 1), 'signal_sample_p2027_01', Date.UTC(2027, 0, 1), Date.UTC(2027, 1, 1)],
  ])('puts %d in %s', (ts, name, start, end) => {
    expect(monthPartition(ts)).toEqual({ name, start, end });
  });
});
