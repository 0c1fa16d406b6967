import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { oldestReceivedAfterQuery } from './oldest-received.query';

describe(oldestReceivedAfterQuery.name, () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  const plan = async (options: { receivedBy?: number; source?: string }): Promise<string[]> => {
    const { sql, params } = oldestReceivedAfterQuery(dataSource, 5, options);
    const rows = await dataSource.query<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, params);
    return rows.map((r) => r.detail);
  };
  // one source's receipt-time range on the (source, received_at) index, not a scan of the table or of the index
  const range =
    /^SEARCH s USING (COVERING )?INDEX IDX_signal_sample_source_received \(source=\? AND received_at>\? AND received_at<\?\)$/;

  it('reads one range of the (source, received_at) index for one source', async () => {
    const details = await plan({ receivedBy: 10, source: 'csv' });

    expect(details.filter((d) => range.test(d))).toHaveLength(1);
    expect(details.filter((d) => d.startsWith('SCAN'))).toEqual([]);
  });

  it('reads one range of it per source for all sources, the sources found on the same index', async () => {
    const details = await plan({ receivedBy: 10 });

    expect(details.filter((d) => range.test(d))).toHaveLength(1);
    // the walk from source to source: a probe of the index each, the only SCAN is of the few sources found
    expect(details.filter((d) => /IDX_signal_sample_source_received \(source>\?\)/.test(d))).toHaveLength(1);
    expect(details.filter((d) => d.startsWith('SCAN'))).toEqual(['SCAN sources']);
  });
});
