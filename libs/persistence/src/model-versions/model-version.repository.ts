import { BscError, BscErrorCode } from '@bsc/common';
import { TwinGraph, type TwinModel } from '@bsc/twin';
import { DataSource, FindOptionsSelect, QueryFailedError } from 'typeorm';
import { TwinEdgeEntity } from '../entities/twin-edge.entity';
import { TwinModelVersionEntity } from '../entities/twin-model-version.entity';
import { TwinNodeEntity } from '../entities/twin-node.entity';
import { canonicalChecksum } from './canonical-checksum';
import { toGraphEdge, toGraphNode, toModelVersion, toModelVersionSummary } from './model-version.mapper';
import type { ImportVersionResult, ModelVersion, ModelVersionSummary, TwinGraphSnapshot } from './model-version.types';
import { toGraphSnapshot } from './twin-graph-snapshot.mapper';
import { writeTwinGraph } from './twin-graph.writer';

export interface ImportVersionOptions {
  importedAt?: number;
  /** The model's TwinGraph when the caller built it already (saves building it twice); built here otherwise. */
  graph?: TwinGraph;
}

/** Without the document, for listings. */
const SUMMARY_COLUMNS: FindOptionsSelect<TwinModelVersionEntity> = {
  id: true,
  modelId: true,
  version: true,
  importedAt: true,
  importedBy: true,
  checksum: true,
  active: true,
};

/**
 * Twin model versions: every import that changes the model appends a version (old ones are kept, with their graph),
 * so the model in force at any past instant can be found.
 */
export class ModelVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores the model as the new active version of its model id, unless it equals the active version already.
   * The one import path: every caller (apps, CLI) stores the version and its TwinGraph through here.
   */
  async importVersion(
    model: TwinModel,
    importedBy: string,
    options: ImportVersionOptions = {},
  ): Promise<ImportVersionResult> {
    const checksum = canonicalChecksum(model);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const versions = manager.getRepository(TwinModelVersionEntity);
        const active = await versions.findOne({ where: { modelId: model.id, active: true } });
        if (active?.checksum === checksum) return { version: toModelVersion(active), created: false };

        const newest = await versions.findOne({
          where: { modelId: model.id },
          order: { version: 'DESC' },
          select: SUMMARY_COLUMNS,
        });
        await versions.update({ modelId: model.id, active: true }, { active: false });
        const saved = await versions.save(
          versions.create({
            modelId: model.id,
            version: (newest?.version ?? 0) + 1,
            importedAt: options.importedAt ?? Date.now(),
            importedBy,
            checksum,
            document: model,
            active: true,
          }),
        );
        await writeTwinGraph(manager, saved.id, toGraphSnapshot(options.graph ?? TwinGraph.fromModel(model)));
        return { version: toModelVersion(saved), created: true };
      });
    } catch (error) {
      // Two concurrent imports computed the same next version; the unique index let only one through.
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) {
        throw new BscError(BscErrorCode.Conflict, `model '${model.id}' was imported concurrently; retry the import`);
      }
      throw error;
    }
  }

  /** The active version of the model (default: of the most recently imported model). */
  async active(modelId?: string): Promise<ModelVersion | null> {
    const row = await this.dataSource.getRepository(TwinModelVersionEntity).findOne({
      where: modelId === undefined ? { active: true } : { modelId, active: true },
      order: { importedAt: 'DESC', id: 'DESC' },
    });
    return row ? toModelVersion(row) : null;
  }

  /** The number of the version in force (no model document read): cheap enough to poll. */
  async activeVersionNumber(modelId?: string): Promise<number | null> {
    const row = await this.dataSource.getRepository(TwinModelVersionEntity).findOne({
      select: { version: true, importedAt: true, id: true },
      where: modelId === undefined ? { active: true } : { modelId, active: true },
      order: { importedAt: 'DESC', id: 'DESC' },
    });
    return row ? row.version : null;
  }

  /** The version in force at `instant`: the newest imported at or before it. */
  async inForceAt(instant: number, modelId?: string): Promise<ModelVersion | null> {
    const qb = this.dataSource
      .getRepository(TwinModelVersionEntity)
      .createQueryBuilder('v')
      .where('v.importedAt <= :instant', { instant })
      .orderBy('v.importedAt', 'DESC')
      .addOrderBy('v.id', 'DESC')
      .limit(1);
    const resolved = modelId ?? (await this.defaultModelId());
    if (resolved !== undefined) qb.andWhere('v.modelId = :modelId', { modelId: resolved });
    const row = await qb.getOne();
    return row ? toModelVersion(row) : null;
  }

  /** Every version (without documents), newest first. */
  async list(modelId?: string): Promise<ModelVersionSummary[]> {
    const rows = await this.dataSource.getRepository(TwinModelVersionEntity).find({
      select: SUMMARY_COLUMNS,
      where: modelId === undefined ? {} : { modelId },
      order: { importedAt: 'DESC', id: 'DESC' },
    });
    return rows.map(toModelVersionSummary);
  }

  /** A version by its number (model default: the active model). */
  async get(version: number, modelId?: string): Promise<ModelVersion | null> {
    const resolved = modelId ?? (await this.defaultModelId());
    if (resolved === undefined) return null;
    const row = await this.dataSource
      .getRepository(TwinModelVersionEntity)
      .findOne({ where: { modelId: resolved, version } });
    return row ? toModelVersion(row) : null;
  }

  /** The stored graph of a version; NotFound when the version does not exist. */
  async graph(version: number, modelId?: string): Promise<TwinGraphSnapshot> {
    const resolved = modelId ?? (await this.defaultModelId());
    const row =
      resolved === undefined
        ? null
        : await this.dataSource
            .getRepository(TwinModelVersionEntity)
            .findOne({ where: { modelId: resolved, version }, select: { id: true } });
    if (!row) throw new BscError(BscErrorCode.NotFound, `model version ${version} does not exist`, 'version');
    const [nodes, edges] = await Promise.all([
      this.dataSource
        .getRepository(TwinNodeEntity)
        .find({ where: { versionId: row.id }, order: { kind: 'ASC', nodeId: 'ASC' } }),
      this.dataSource.getRepository(TwinEdgeEntity).find({ where: { versionId: row.id }, order: { id: 'ASC' } }),
    ]);
    return { nodes: nodes.map(toGraphNode), edges: edges.map(toGraphEdge) };
  }

  private async defaultModelId(): Promise<string | undefined> {
    const row = await this.dataSource.getRepository(TwinModelVersionEntity).findOne({
      where: { active: true },
      order: { importedAt: 'DESC', id: 'DESC' },
      select: { modelId: true },
    });
    return row?.modelId;
  }
}
