import { TwinGraph } from '@bsc/twin';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TwinEdgeEntity } from '../entities/twin-edge.entity';
import { TwinModelVersionEntity } from '../entities/twin-model-version.entity';
import { TwinNodeEntity } from '../entities/twin-node.entity';
import { toGraphSnapshot } from '../model-versions/twin-graph-snapshot.mapper';
import { writeTwinGraph } from '../model-versions/twin-graph.writer';

/**
 * Stored graphs used to come from two builders (imports through the CLI lacked formula, KPI-owner and source
 * edges, kept one part_of per process and a different props shape). Rebuilds every version's node and edge rows
 * from its stored document with @bsc/twin's TwinGraph, the one definition of the graph, on SQLite and PostgreSQL.
 */
export class TwinGraphEdgesFromTwinGraph1796700000000 implements MigrationInterface {
  name = 'TwinGraphEdgesFromTwinGraph1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const manager = queryRunner.manager;
    const versions = await manager
      .getRepository(TwinModelVersionEntity)
      .find({ select: { id: true }, order: { id: 'ASC' } });
    for (const { id } of versions) {
      // one document at a time: a history of large models need not fit in memory at once
      const row = await manager
        .getRepository(TwinModelVersionEntity)
        .findOneOrFail({ where: { id }, select: { id: true, document: true } });
      await manager.getRepository(TwinEdgeEntity).delete({ versionId: id });
      await manager.getRepository(TwinNodeEntity).delete({ versionId: id });
      await writeTwinGraph(manager, id, toGraphSnapshot(TwinGraph.fromModel(row.document)));
    }
  }

  async down(): Promise<void> {
    // Nothing to undo: the rows of the two old builders cannot be told apart once rebuilt, and they were a subset.
  }
}
