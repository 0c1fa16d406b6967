import { TwinGraph, type TwinModel } from '@bsc/twin';
import type { ActiveModel, ActiveModelSnapshot, ImportModelOutcome } from '../model/active-model.port';

/** Test double for ACTIVE_MODEL: the model in force, fixed for a test; `import` announces a new version like a real import. */
export class FixedActiveModel implements ActiveModel {
  private snapshot: ActiveModelSnapshot;
  private readonly listeners = new Set<(s: ActiveModelSnapshot) => void>();

  constructor(
    model: TwinModel,
    private readonly clock: () => number = () => 0,
  ) {
    this.snapshot = { model, graph: TwinGraph.fromModel(model), version: 1, importedAt: clock() };
  }

  current(): ActiveModelSnapshot {
    return this.snapshot;
  }

  onChange(listener: (s: ActiveModelSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  import(model: TwinModel): Promise<ImportModelOutcome> {
    const importedAt = Math.max(this.clock(), this.snapshot.importedAt + 1);
    this.snapshot = { model, graph: TwinGraph.fromModel(model), version: this.snapshot.version + 1, importedAt };
    for (const listener of this.listeners) listener(this.snapshot);
    return Promise.resolve({ snapshot: this.snapshot, created: true });
  }
}
