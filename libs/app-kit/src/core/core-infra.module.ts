import { DynamicModule, Module } from '@nestjs/common';
import { EventsModule } from '@bsc/events';
import type { BaseAppConfig } from '../config/base-app.config';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';

/** Infrastructure every process has exactly once: logs, health, metrics, the event bus. */
@Module({})
export class CoreInfraModule {
  static forRoot(config: BaseAppConfig): DynamicModule {
    return {
      module: CoreInfraModule,
      global: true,
      imports: [LoggingModule.forRoot(config.LOG_LEVEL), HealthModule, MetricsModule, EventsModule],
      exports: [HealthModule, MetricsModule, EventsModule],
    };
  }
}
