import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { insertVersionWithOldEdges } from '../testing/old-twin-edges.fixture';
import { revertThrough } from '../testing/revert-migrations';
import { TwinGraphEdgesFromTwinGraph1796700000000 } from './1796700000000-TwinGraphEdgesFromTwinGraph';

describe(TwinGraphEdgesFromTwinGraph1796700000000.name, () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    // back to the schema before this migration, with a version stored the old way
    await revertThrough(dataSource, TwinGraphEdgesFromTwinGraph1796700000000);
    await insertVersionWithOldEdges(dataSource, () => '?');
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('rebuilds the edge rows of every stored version from its document with the TwinGraph', async () => {
    await dataSource.runMigrations({ transaction: 'each' });

    const edges: Array<{ from_node: string; to_node: string; type: string; props: string }> = await dataSource.query(
      'SELECT from_node, to_node, type, props FROM twin_edge WHERE version_id = 1 ORDER BY id',
    );
    const rows = edges.map((e) => [`${e.from_node} ${e.type} ${e.to_node}`, JSON.parse(e.props) as unknown]);

    // 16 = the model edge + 15 derived ones, as in ModelVersionRepository's spec
    expect(rows).toHaveLength(16);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['oee computed_from line1.speed', { derived: true }],
        ['oee owned_by plant-north', { derived: true }],
        // 1w = 7 × 86 400 000 ms
        [
          'obj.efficiency cause_effect obj.margin',
          { derived: true, lag: '1w', lagMs: 604_800_000, polarity: 'positive' },
        ],
        ['line1.filler part_of line1', { derived: false }],
      ]),
    );
    const nodes: Array<{ node_id: string; name: string }> = await dataSource.query(
      "SELECT node_id, name FROM twin_node WHERE version_id = 1 AND kind = 'kpi'",
    );
    expect(nodes).toEqual([{ node_id: 'oee', name: 'Overall equipment effectiveness' }]);
  });
});
