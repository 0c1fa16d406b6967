import { Logger, OnModuleDestroy, type Provider } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { ModelVersionRepository, type ModelVersion } from '@bsc/persistence';
import { loadValidModelFromFile, TwinGraph, type TwinModel } from '@bsc/twin';
import { SINGLETONS, type Singletons } from '../cluster/singletons.port';
import { ACTIVE_MODEL, type ActiveModel, type ActiveModelSnapshot, type ImportModelOutcome } from './active-model.port';

/**
 * Holds the model version in force. On first start it imports the configured model file; afterwards the database
 * is the source of truth: a `model.imported` event from another process makes it reload, and so does a version
 * number in the database that differs from the one held (polled every `pollIntervalMs`; `bsc model import` runs
 * without the bus). Scaled out, only the elected process polls and announces a new version on the bus.
 * Created by an async provider (see `activeModelProviders`) so it is loaded before any consumer's constructor runs.
 */
export class ActiveModelService implements ActiveModel, OnModuleDestroy {
  private readonly logger = new Logger(ActiveModelService.name);
  private readonly listeners = new Set<(snapshot: ActiveModelSnapshot) => void>();
  private snapshot?: ActiveModelSnapshot;
  private readonly unsubscribe: Array<() => void> = [];
  private poller?: NodeJS.Timeout;
  private polling = false;
  private releaseWatch?: () => Promise<void>;

  constructor(
    private readonly versions: ModelVersionRepository,
    private readonly bus: EventBus,
    private readonly modelFile: string,
    /** 0 = no polling (the bus only). */
    private readonly pollIntervalMs = 0,
    private readonly singletons?: Singletons,
    /** Build each version's twin graph on first use instead of at once (a process that rarely reads it). */
    private readonly lazyGraph = false,
  ) {}

  async load(): Promise<this> {
    const stored = await this.versions.active();
    if (stored) {
      this.snapshot = toSnapshot(stored, undefined, this.lazyGraph);
    } else {
      const model = await loadValidModelFromFile(this.modelFile);
      const graph = TwinGraph.fromModel(model);
      const { version } = await this.versions.importVersion(model, `bootstrap:${this.modelFile}`, { graph });
      this.snapshot = toSnapshot(version, graph, this.lazyGraph);
      this.logger.log(
        { modelId: model.id, version: version.version, file: this.modelFile },
        'imported the initial twin model',
      );
    }
    this.unsubscribe.push(
      this.bus.subscribe('model.imported', (event) => {
        if (this.snapshot && event.modelId === this.snapshot.model.id && event.version > this.snapshot.version)
          void this.reload();
      }),
      // a `model.imported` may have been missed while the broker was away
      this.bus.subscribe('events.resync', () => void this.poll()),
    );
    if (this.pollIntervalMs > 0) {
      if (this.singletons?.elected) this.releaseWatch = this.singletons.run('model-watch', () => this.startPolling());
      else this.startPolling();
    }
    return this;
  }

  async onModuleDestroy(): Promise<void> {
    for (const off of this.unsubscribe) off();
    clearInterval(this.poller);
    await this.releaseWatch?.();
  }

  private startPolling(): () => void {
    this.poller = setInterval(() => void this.poll(), this.pollIntervalMs);
    this.poller.unref();
    return () => clearInterval(this.poller);
  }

  /** One cheap look at the version number in force; the model itself is read only when it changed. */
  async poll(): Promise<void> {
    if (this.polling || !this.snapshot) return;
    this.polling = true;
    try {
      const version = await this.versions.activeVersionNumber(this.snapshot.model.id);
      if (version !== null && version !== this.snapshot.version) {
        await this.reload();
        // the other replicas do not poll: they follow this announcement
        if (this.singletons?.elected) this.bus.publish('model.imported', { modelId: this.snapshot.model.id, version });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'model version poll failed; retrying at the next interval');
    } finally {
      this.polling = false;
    }
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
    const graph = TwinGraph.fromModel(model);
    const { version, created } = await this.versions.importVersion(model, importedBy, { graph });
    if (!created) return { snapshot: this.current(), created };
    this.apply(toSnapshot(version, graph, this.lazyGraph));
    this.bus.publish('model.imported', { modelId: model.id, version: version.version });
    return { snapshot: this.current(), created };
  }

  private async reload(): Promise<void> {
    const stored = await this.versions.active(this.snapshot?.model.id);
    if (stored && (!this.snapshot || stored.version !== this.snapshot.version))
      this.apply(toSnapshot(stored, undefined, this.lazyGraph));
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

/** Providers for ActiveModelService and the ACTIVE_MODEL port, loaded before their consumers are built. */
export function activeModelProviders(modelFile: string, pollIntervalMs = 0, lazyGraph = false): Provider[] {
  return [
    {
      provide: ActiveModelService,
      useFactory: (versions: ModelVersionRepository, bus: EventBus, singletons: Singletons) =>
        new ActiveModelService(versions, bus, modelFile, pollIntervalMs, singletons, lazyGraph).load(),
      inject: [ModelVersionRepository, EVENT_BUS, SINGLETONS],
    },
    { provide: ACTIVE_MODEL, useExisting: ActiveModelService },
  ];
}

/**
 * `graph` when the caller already built it from this very model. Lazy, the graph is built at its first read, and one
 * built for an import is not kept (the ingestion reads it only for planned downtime and KPI partitions; at 100k
 * signals it holds about 100 MB).
 */
function toSnapshot(version: ModelVersion, graph: TwinGraph | undefined, lazy: boolean): ActiveModelSnapshot {
  let built = lazy ? undefined : (graph ?? TwinGraph.fromModel(version.model));
  return {
    model: version.model,
    get graph(): TwinGraph {
      return (built ??= TwinGraph.fromModel(version.model));
    },
    version: version.version,
    importedAt: version.importedAt,
  };
}
