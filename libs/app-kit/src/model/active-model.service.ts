import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { ModelVersionRepository, type ModelVersion } from '@bsc/persistence';
import { loadValidModelFromFile, TwinGraph, type TwinModel } from '@bsc/twin';
import type { ActiveModel, ActiveModelSnapshot, ImportModelOutcome } from './active-model.port';

export const ACTIVE_MODEL_FILE = Symbol('ACTIVE_MODEL_FILE');

/**
 * Holds the model version in force. On first start it imports the configured model file; afterwards the database
 * is the source of truth, and a `model.imported` event from another process makes it reload.
 */
@Injectable()
export class ActiveModelService implements ActiveModel, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ActiveModelService.name);
  private readonly listeners = new Set<(snapshot: ActiveModelSnapshot) => void>();
  private snapshot?: ActiveModelSnapshot;
  private unsubscribe?: () => void;

  constructor(
    private readonly versions: ModelVersionRepository,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(ACTIVE_MODEL_FILE) private readonly modelFile: string,
  ) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.versions.active();
    if (stored) {
      this.snapshot = toSnapshot(stored);
    } else {
      const model = await loadValidModelFromFile(this.modelFile);
      const { version } = await this.versions.importVersion(model, `bootstrap:${this.modelFile}`);
      this.snapshot = toSnapshot(version);
      this.logger.log({ modelId: model.id, version: version.version, file: this.modelFile }, 'imported the initial twin model');
    }
    this.unsubscribe = this.bus.subscribe('model.imported', (event) => {
      if (this.snapshot && event.modelId === this.snapshot.model.id && event.version > this.snapshot.version) void this.reload();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  current(): ActiveModelSnapshot {
    if (!this.snapshot) throw new BscError(BscErrorCode.Unavailable, 'the twin model is not loaded yet');
    return this.snapshot;
  }

  onChange(listener: (snapshot: ActiveModelSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async import(model: TwinModel, importedBy: string): Promise<ImportModelOutcome> {
    const { version, created } = await this.versions.importVersion(model, importedBy);
    if (!created) return { snapshot: this.current(), created };
    this.apply(toSnapshot(version));
    this.bus.publish('model.imported', { modelId: model.id, version: version.version });
    return { snapshot: this.current(), created };
  }

  private async reload(): Promise<void> {
    const stored = await this.versions.active();
    if (stored && (!this.snapshot || stored.version !== this.snapshot.version)) this.apply(toSnapshot(stored));
  }

  private apply(snapshot: ActiveModelSnapshot): void {
    this.snapshot = snapshot;
    this.logger.log({ modelId: snapshot.model.id, version: snapshot.version }, 'twin model version in force');
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.logger.error({ err: error }, 'model change listener failed');
      }
    }
  }
}

function toSnapshot(version: ModelVersion): ActiveModelSnapshot {
  return { model: version.model, graph: TwinGraph.fromModel(version.model), version: version.version, importedAt: version.importedAt };
}
