import type { EntityManager } from 'typeorm';
import { twinGraphInserts } from './twin-graph-insert.statements';
import type { TwinGraphSnapshot } from './model-version.types';

/** Inserts the node and edge rows of one version's graph (used by imports and by the migration that rebuilds them). */
export async function writeTwinGraph(
  manager: EntityManager,
  versionId: number,
  graph: TwinGraphSnapshot,
): Promise<void> {
  for (const { sql, params } of twinGraphInserts(manager.connection, versionId, graph))
    await manager.query(sql, params);
}
