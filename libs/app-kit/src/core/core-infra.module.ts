import { DynamicModule, Module } from '@nestjs/common';
import { EventsModule, type BscEventName } from '@bsc/events';
import { PersistenceModule } from '@bsc/persistence';
import type { BaseAppConfig } from '../config/base-app.config';
import { singletonsProviders } from '../cluster/singletons.providers';
import { SINGLETONS } from '../cluster/singletons.port';
import { DatabaseHealth } from '../database/database-health';
import { EventsHealth } from '../health/events-health';
import { ACTIVE_MODEL } from '../model/active-model.port';
import { activeModelProviders } from '../model/active-model.service';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';

/** Infrastructure every process has exactly once: logs, health, metrics, the event bus, the database, the model in force. */
@Module({})
export class CoreInfraModule {
  /**
   * `lazyGraph`: the twin graph of the model in force is built on first read (see ActiveModelService). `replay`:
   * events still in the events stream when the process connects that it hears too (NatsEventBusOptions.replay).
   */
  static forRoot(config: BaseAppConfig, options: { lazyGraph?: boolean; replay?: BscEventName[] } = {}): DynamicModule {
    return {
      module: CoreInfraModule,
      global: true,
      imports: [
        LoggingModule.forRoot(config.LOG_LEVEL),
        HealthModule,
        MetricsModule,
        EventsModule.forRoot({
          natsUrl: config.EVENT_BUS_URL,
          retentionS: config.EVENT_BUS_RETENTION_S,
          replicas: config.EVENT_BUS_REPLICAS,
          replay: options.replay,
        }),
        PersistenceModule.forRoot({ databaseUrl: config.DATABASE_URL, sqlitePath: config.sqlitePath }),
      ],
      providers: [
        DatabaseHealth,
        EventsHealth,
        ...singletonsProviders(config),
        ...activeModelProviders(config.MODEL_FILE, config.MODEL_POLL_INTERVAL_S * 1000, options.lazyGraph),
      ],
      exports: [HealthModule, MetricsModule, EventsModule, ACTIVE_MODEL, SINGLETONS],
    };
  }
}
