import type { ActiveModel, ActiveModelSnapshot, ImportModelOutcome } from '@bsc/app-kit';
import { TwinGraph, type TwinModel } from '@bsc/twin';

export interface ModelVersionInfo {
  modelId: string;
  version: number;
  importedAt: number;
  importedBy: string;
  active: boolean;
}

/** Model versions over time (the history behind ACTIVE_MODEL): listing and time travel. */
export interface ModelCatalog {
  list(): Promise<ModelVersionInfo[]>;
  /** The version in force at `at` (epoch ms), null before the first import. */
  inForceAt(at: number): Promise<ActiveModelSnapshot | null>;
}

export const MODEL_CATALOG = Symbol('MODEL_CATALOG');

interface StoredVersion extends ActiveModelSnapshot {
  importedBy: string;
}

/** Both ports in memory: for tests and until the integrator's persistence-backed ones are wired. */
export class InMemoryModelCatalog implements ModelCatalog, ActiveModel {
  private readonly versions: StoredVersion[] = [];
  private readonly listeners = new Set<(snapshot: ActiveModelSnapshot) => void>();

  constructor(initial: TwinModel, importedAt = 0, private readonly clock: () => number = Date.now) {
    this.versions.push({ model: initial, graph: TwinGraph.fromModel(initial), version: 1, importedAt, importedBy: 'system' });
  }

  current(): ActiveModelSnapshot {
    return strip(this.versions[this.versions.length - 1]);
  }

  onChange(listener: (snapshot: ActiveModelSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async import(model: TwinModel, importedBy: string): Promise<ImportModelOutcome> {
    const version = this.versions[this.versions.length - 1].version + 1;
    this.versions.push({ model, graph: TwinGraph.fromModel(model), version, importedAt: this.clock(), importedBy });
    const snapshot = this.current();
    for (const listener of this.listeners) listener(snapshot);
    return { snapshot, created: true };
  }

  async list(): Promise<ModelVersionInfo[]> {
    const last = this.versions.length - 1;
    return this.versions.map((v, i) => ({ modelId: v.model.id, version: v.version, importedAt: v.importedAt, importedBy: v.importedBy, active: i === last }));
  }

  async inForceAt(at: number): Promise<ActiveModelSnapshot | null> {
    const found = [...this.versions].reverse().find((v) => v.importedAt <= at);
    return found ? strip(found) : null;
  }
}

function strip({ importedBy: _by, ...snapshot }: StoredVersion): ActiveModelSnapshot {
  return snapshot;
}
