import type { DataSource } from 'typeorm';
import { TwinModelBuilder } from '@bsc/twin';

/** Rows as the persistence-side normaliser stored them before (no formula, owner or source edges; other props). */
export async function insertVersionWithOldEdges(
  dataSource: DataSource,
  param: (i: number) => string,
  table: (name: string) => string = (name) => name,
): Promise<void> {
  const model = TwinModelBuilder.acme().set('kpis[0].formula', 'avg(line1.speed, period) / 100').build();
  await dataSource.query(
    `INSERT INTO ${table('twin_model_version')} (id, model_id, version, imported_at, imported_by, checksum, document, active) VALUES (${[1, 2, 3, 4, 5, 6, 7].map(param).join(', ')}, TRUE)`,
    [1, 'acme', 1, 0, 'cli', 'x'.repeat(64), JSON.stringify(model)],
  );
  const old: Array<[string, string, string, string | null]> = [
    ['line1.filler', 'line1', 'part_of', null],
    ['obj.efficiency', 'internal_process', 'belongs_to', null],
    ['obj.efficiency', 'obj.margin', 'cause_effect', JSON.stringify({ lag: '1w', polarity: 'positive' })],
  ];
  for (const [from, to, type, props] of old) {
    await dataSource.query(
      `INSERT INTO ${table('twin_edge')} (version_id, from_node, to_node, type, props) VALUES (${[1, 2, 3, 4, 5].map(param).join(', ')})`,
      [1, from, to, type, props],
    );
  }
  await dataSource.query(
    `INSERT INTO ${table('twin_node')} (version_id, kind, node_id, name, props) VALUES (${[1, 2, 3, 4, 5].map(param).join(', ')})`,
    [1, 'kpi', 'oee', 'OEE', '{}'],
  );
}
