import { loadConfig } from '@bsc/app-kit';
import type {
  AnomalyRepository,
  RetentionResult,
  SamplePartitionRepository,
  SampleRepository,
  SummaryResult,
} from '@bsc/persistence';
import { IngestionConfig } from '../config/ingestion.config';
import { SampleMaintenanceService } from './sample-maintenance.service';

const NOW = Date.UTC(2026, 11, 2, 12);

function setup(retentionDays: string, maintain: () => Promise<string[]> = () => Promise.resolve([])) {
  const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', SAMPLE_RETENTION_DAYS: retentionDays } });
  const result: RetentionResult = { droppedPartitions: [], deletedSamples: 0, deletedRollups: 0 };
  const summary: SummaryResult = { ranges: 0, skipped: [] };
  const partitions = {
    maintain: jest.fn(maintain),
    retain: jest.fn(() => Promise.resolve(result)),
    summarizeNewRanges: jest.fn(() => Promise.resolve(summary)),
    analyzeStale: jest.fn(() => Promise.resolve({ analysed: [], skipped: [] })),
  };
  const anomalies = { deleteBefore: jest.fn(() => Promise.resolve(0)) };
  const samples = { foldRollups: jest.fn((to: number) => Promise.resolve({ from: 0, to })) };
  const sut = new SampleMaintenanceService(
    config,
    partitions as unknown as SamplePartitionRepository,
    anomalies as unknown as AnomalyRepository,
    samples as unknown as SampleRepository,
  );
  return { sut, partitions, anomalies, samples };
}

describe(SampleMaintenanceService.name, () => {
  it('creates partitions and keeps everything when no retention is set', async () => {
    const { sut, partitions, anomalies } = setup('0');

    await sut.run(NOW);

    expect(partitions.maintain).toHaveBeenCalledWith(NOW);
    expect(partitions.retain).not.toHaveBeenCalled();
    expect(anomalies.deleteBefore).not.toHaveBeenCalled();
  });

  it('removes the samples and anomalies older than SAMPLE_RETENTION_DAYS, then summarises the new block ranges', async () => {
    const { sut, partitions, anomalies } = setup('30');

    await sut.run(NOW);

    expect(partitions.summarizeNewRanges).toHaveBeenCalledTimes(1);
    expect(partitions.retain.mock.invocationCallOrder[0]).toBeLessThan(
      partitions.summarizeNewRanges.mock.invocationCallOrder[0],
    );
    // 30 days of 86,400,000 ms before noon on 2 Dec 2026: noon on 2 Nov 2026
    expect(partitions.retain).toHaveBeenCalledWith(Date.UTC(2026, 10, 2, 12));
    expect(anomalies.deleteBefore).toHaveBeenCalledWith(Date.UTC(2026, 10, 2, 12));
  });

  it('folds the minute rollups of minutes that closed at least a minute before now', async () => {
    const { sut, samples } = setup('0');

    await sut.fold(NOW + 30_500);

    // now 12:00:30.5: the minute 12:00 is open, 11:59 closed under a minute ago, so minutes before 11:59
    expect(samples.foldRollups).toHaveBeenCalledWith(NOW - 60_000);
  });

  it('logs a failed summary instead of failing, so the next one retries', async () => {
    const { sut, partitions } = setup('0');
    partitions.summarizeNewRanges.mockRejectedValueOnce(new Error('permission denied'));

    await expect(sut.summarize()).resolves.toBeUndefined();
    await expect(sut.summarize()).resolves.toBeUndefined();
    expect(partitions.summarizeNewRanges).toHaveBeenCalledTimes(2);
  });

  it('gathers the statistics of stale partitions after each summary, even when the summary failed', async () => {
    const { sut, partitions } = setup('0');
    partitions.summarizeNewRanges.mockRejectedValueOnce(new Error('permission denied'));
    partitions.analyzeStale.mockRejectedValueOnce(new Error('permission denied'));

    await expect(sut.summarize()).resolves.toBeUndefined();
    await expect(sut.summarize()).resolves.toBeUndefined();
    expect(partitions.analyzeStale).toHaveBeenCalledTimes(2);
    expect(partitions.summarizeNewRanges.mock.invocationCallOrder[1]).toBeLessThan(
      partitions.analyzeStale.mock.invocationCallOrder[1],
    );
  });

  it('logs a failed pass instead of failing, so the next pass retries', async () => {
    const { sut, partitions } = setup('30', () => Promise.reject(new Error('lock timeout')));

    await expect(sut.run(NOW)).resolves.toBeUndefined();
    expect(partitions.retain).not.toHaveBeenCalled();
    expect(partitions.summarizeNewRanges).not.toHaveBeenCalled();
  });
});
