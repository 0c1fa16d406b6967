import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { aSample } from '../testing/sample.builder';
import { receivedInBandQuery } from './received-in-band.query';
import { SampleRepository } from './sample.repository';

const T0 = 1_700_000_000_000;

describe(receivedInBandQuery.name, () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it('reads one receipt-time range of the (source, received_at) index per source, never the time index', async () => {
    const { sql, params } = receivedInBandQuery(dataSource, 5, 10, 20);
    const rows = await dataSource.query<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, params);
    const details = rows.map((r) => r.detail);

    const range =
      /^SEARCH s USING (COVERING )?INDEX IDX_signal_sample_source_received \(source=\? AND received_at>\?\)$/;
    expect(details.filter((d) => range.test(d))).toHaveLength(1);
    expect(details.filter((d) => d.includes('IDX_signal_sample_ts_signal'))).toEqual([]);
    // the only SCANs are of the few sources found (the recursion's step and the join)
    expect(details.filter((d) => d.startsWith('SCAN') && d !== 'SCAN sources')).toEqual([]);
  });

  it('returns the samples of every source received after the instant and dated in the band', async () => {
    const sut = new SampleRepository(dataSource);
    await sut.insertBatch([aSample({ signalId: 'old', ts: T0 + 5 })], T0);
    await sut.insertBatch(
      [
        aSample({ signalId: 'below', ts: T0 }),
        aSample({ signalId: 'in', ts: T0 + 5 }),
        aSample({ signalId: 'top', ts: T0 + 10 }),
        aSample({ signalId: 'above', ts: T0 + 11 }),
        aSample({ signalId: 'imported', ts: T0 + 7, source: 'import' }),
      ],
      T0 + 100,
    );
    // received after T0 (old was received at it), dated in (T0, T0 + 10]
    const found = await sut.receivedInBand(T0, T0, T0 + 10);

    expect(found.sort((x, y) => x.ts - y.ts)).toEqual([
      { signalId: 'in', ts: T0 + 5 },
      { signalId: 'imported', ts: T0 + 7 },
      { signalId: 'top', ts: T0 + 10 },
    ]);
  });
});
