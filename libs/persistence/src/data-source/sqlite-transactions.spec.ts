import type { DataSource } from 'typeorm';
import { AlertRepository } from '../alerts/alert.repository';
import { SampleRepository } from '../samples/sample.repository';
import { aSample } from '../testing/sample.builder';
import { openDataSource } from './open-data-source';

describe('SQLite transactions under concurrency', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
  });
  afterEach(() => dataSource.destroy());

  it('lets concurrent writers on the one connection all commit', async () => {
    const samples = new SampleRepository(dataSource);
    const alerts = new AlertRepository(dataSource);

    const writes = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? samples.insertBatch([aSample({ signalId: `s${i}`, ts: i }), aSample({ signalId: `s${i}`, ts: i + 1 })])
        : alerts.raise({
            rule: 'r',
            kpiId: `k${i}`,
            unitId: 'u',
            severity: 'warning',
            message: 'm',
            dedupKey: `d${i}`,
            raisedAt: i,
          }),
    );

    await expect(Promise.all(writes)).resolves.toHaveLength(20);
    await expect(samples.count()).resolves.toBe(20);
    await expect(alerts.list({ limit: 100 })).resolves.toHaveLength(10);
  });

  it('keeps a failed transaction from blocking the ones behind it', async () => {
    const failing = dataSource.transaction(() => Promise.reject(new Error('boom')));
    const next = dataSource.transaction((manager) => manager.query<Array<{ one: number }>>('SELECT 1 AS one'));

    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toEqual([{ one: 1 }]);
  });
});
