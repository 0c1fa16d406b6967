import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { chunk, maxRowsPerStatement } from '../data-source/sql-dialect';
import { TwinEdgeEntity } from '../entities/twin-edge.entity';
import { TwinNodeEntity } from '../entities/twin-node.entity';
import type { TwinGraphSnapshot } from './model-version.types';

const GRAPH_COLUMNS_PER_ROW = 5;

/** Inserts the node and edge rows of one version's graph (used by imports and by the migration that rebuilds them). */
export async function writeTwinGraph(
  manager: EntityManager,
  versionId: number,
  graph: TwinGraphSnapshot,
): Promise<void> {
  const rowsPerStatement = maxRowsPerStatement(manager.connection, GRAPH_COLUMNS_PER_ROW);
  // JSON props are opaque to TypeORM's deep-partial typing, hence the explicit row types.
  const nodes: QueryDeepPartialEntity<TwinNodeEntity>[] = graph.nodes.map((n) => ({
    versionId,
    kind: n.kind,
    nodeId: n.id,
    name: n.name,
    props: n.props as QueryDeepPartialEntity<Record<string, unknown>>,
  }));
  for (const part of chunk(nodes, rowsPerStatement)) {
    await manager.createQueryBuilder().insert().into(TwinNodeEntity).values(part).updateEntity(false).execute();
  }
  const edges = graph.edges.map((e): QueryDeepPartialEntity<TwinEdgeEntity> => ({
    versionId,
    fromNode: e.from,
    toNode: e.to,
    type: e.type,
    props: (e.props ?? null) as QueryDeepPartialEntity<Record<string, unknown>> | null,
  }));
  for (const part of chunk(edges, rowsPerStatement)) {
    await manager.createQueryBuilder().insert().into(TwinEdgeEntity).values(part).updateEntity(false).execute();
  }
}
