import type { ActiveModelSnapshot } from '@bsc/app-kit';
import type { ModelVersionRepository } from '@bsc/persistence';
import { TwinGraph } from '@bsc/twin';

export interface ModelVersionInfo {
  modelId: string;
  version: number;
  importedAt: number;
  importedBy: string;
  active: boolean;
}

/** Model versions over time (the history behind ACTIVE_MODEL): listing and time travel. */
export interface ModelCatalog {
  /** Newest first. */
  list(): Promise<ModelVersionInfo[]>;
  /**
   * The version in force at `at` (epoch ms). Before the first import, the first version: data may predate it
   * (backfills, imported history), and its structure is the best description of that time there is.
   */
  inForceAt(at: number): Promise<ActiveModelSnapshot | null>;
}

export const MODEL_CATALOG = Symbol('MODEL_CATALOG');

/** Past versions are rebuilt into graphs on demand; a few stay cached (time travel revisits the same ones). */
const GRAPH_CACHE = 8;

export class PersistentModelCatalog implements ModelCatalog {
  private readonly graphs = new Map<string, TwinGraph>();

  constructor(private readonly versions: Pick<ModelVersionRepository, 'list' | 'inForceAt' | 'get'>) {}

  async list(): Promise<ModelVersionInfo[]> {
    return (await this.versions.list()).map(({ modelId, version, importedAt, importedBy, active }) => ({
      modelId,
      version,
      importedAt,
      importedBy,
      active,
    }));
  }

  async inForceAt(at: number): Promise<ActiveModelSnapshot | null> {
    const found = (await this.versions.inForceAt(at)) ?? (await this.first());
    if (!found) return null;
    const key = `${found.modelId}@${found.version}`;
    let graph = this.graphs.get(key);
    if (!graph) {
      graph = TwinGraph.fromModel(found.model);
      if (this.graphs.size >= GRAPH_CACHE) this.graphs.delete(this.graphs.keys().next().value as string);
      this.graphs.set(key, graph);
    }
    return { model: found.model, graph, version: found.version, importedAt: found.importedAt };
  }

  private async first(): Promise<Awaited<ReturnType<ModelVersionRepository['get']>>> {
    const all = await this.versions.list();
    const oldest = all[all.length - 1];
    return oldest ? this.versions.get(oldest.version, oldest.modelId) : null;
  }
}
