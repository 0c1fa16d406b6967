import { insertVersionWithOldEdges } from '../../../libs/persistence/src/testing/old-twin-edges.fixture';
import { revertThrough } from '../../../libs/persistence/src/testing/revert-migrations';
import { TwinGraphEdgesFromTwinGraph1796700000000 } from '../../../libs/persistence/src/migrations/1796700000000-TwinGraphEdgesFromTwinGraph';
import { PgTestSchema } from './pg-test-schema';

describe('twin graph rows rebuilt from the TwinGraph on PostgreSQL', () => {
  let db: PgTestSchema;

  beforeAll(async () => {
    db = await PgTestSchema.create();
    await revertThrough(db.dataSource, TwinGraphEdgesFromTwinGraph1796700000000);
    await insertVersionWithOldEdges(
      db.dataSource,
      (i) => `$${i}`,
      (name) => `"${db.schema}".${name}`,
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it('replaces the old rows with the TwinGraph edges of the stored document', async () => {
    await db.dataSource.runMigrations({ transaction: 'each' });

    const edges: Array<{ from_node: string; to_node: string; type: string; props: string }> = await db.dataSource.query(
      `SELECT from_node, to_node, type, props FROM "${db.schema}".twin_edge WHERE version_id = 1 ORDER BY id`,
    );
    const rows = edges.map((e) => [`${e.from_node} ${e.type} ${e.to_node}`, JSON.parse(e.props) as unknown]);

    // the model edge + 15 derived ones (see ModelVersionRepository's spec)
    expect(rows).toHaveLength(16);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['oee computed_from line1.speed', { derived: true }],
        ['init.smed owned_by plant-north', { derived: true }],
        ['obj.efficiency belongs_to internal_process', { derived: true }],
      ]),
    );
  });
});
