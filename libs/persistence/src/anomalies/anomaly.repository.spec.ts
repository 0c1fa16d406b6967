import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { AnomalyRepository } from './anomaly.repository';
import {
  anAnomaly,
  ANOMALY_T0,
  checkAnomalyPaging,
  checkAnomalyRepository,
  checkNewestDetected,
} from './test-support/anomaly-cases';

describe(AnomalyRepository.name, () => {
  let dataSource: DataSource;
  let sut: AnomalyRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new AnomalyRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('stores a batch once, filters by time, unit, KPI, signal and score, and removes old ones', async () => {
    await checkAnomalyRepository(sut);
  });

  it('pages through ties on a keyset, each finding once, in order', async () => {
    await checkAnomalyPaging(sut);
  });

  it('tells when each KPI and unit last had a finding at or above a score, by detection time', async () => {
    await checkNewestDetected(sut);
  });

  it('writes a batch larger than one statement', async () => {
    // 2,500 findings one second apart: three statements of at most 1,000 rows in one transaction
    const many = Array.from({ length: 2_500 }, (_, i) => anAnomaly({ ts: ANOMALY_T0 + i * 1_000 }));

    expect(await sut.record(many)).toBe(2_500);
    expect(await sut.record(many)).toBe(0);
    const newest = await sut.list({ from: ANOMALY_T0, to: ANOMALY_T0 + 3_600_000, limit: 2 });
    expect(newest.map((a) => a.ts)).toEqual([ANOMALY_T0 + 2_499_000, ANOMALY_T0 + 2_498_000]);
  });
});
