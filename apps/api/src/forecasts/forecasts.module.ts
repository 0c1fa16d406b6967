import { DynamicModule, Module } from '@nestjs/common';
import type { PersistenceConfig } from '@bsc/persistence';
import { TwinModule } from '../twin/twin.module';
import { FORECAST_PROVIDER } from './forecast-provider.port';
import { ForecastRefreshResolver } from './forecast-refresh.resolver';
import { DEFAULT_FORECAST_SCHEDULE, type ForecastSchedule } from './runtime/forecast-schedule';
import { FORECAST_QUEUE, ForecastQueue, type ForecastQueueOptions } from './runtime/forecast-queue';
import { FORECAST_OPTIONS, ForecastService } from './runtime/forecast.service';

export interface ForecastsModuleOptions {
  database: PersistenceConfig;
  schedule?: Partial<ForecastSchedule>;
  autoStart?: boolean;
  /** Nice value of the forecast worker thread (see FORECAST_WORKER_NICE); 0 when absent. */
  workerNice?: number;
  /** Scaled out: forecast jobs go through this JetStream work queue to every replica. */
  queue?: ForecastQueueOptions;
}

/**
 * The forecasting runtime behind FORECAST_PROVIDER (needs ACTIVE_MODEL and the persistence repositories). Global,
 * since the KPI, scorecard and strategy-map features all read forecasts.
 */
@Module({ imports: [TwinModule] })
export class ForecastsModule {
  static register(options: ForecastsModuleOptions): DynamicModule {
    return {
      module: ForecastsModule,
      global: true,
      providers: [
        {
          provide: FORECAST_OPTIONS,
          useValue: {
            database: options.database,
            schedule: { ...DEFAULT_FORECAST_SCHEDULE, ...options.schedule },
            autoStart: options.autoStart ?? true,
            workerNice: options.workerNice ?? 0,
          },
        },
        {
          provide: FORECAST_QUEUE,
          useFactory: () => (options.queue ? ForecastQueue.connect(options.queue) : null),
        },
        ForecastService,
        { provide: FORECAST_PROVIDER, useExisting: ForecastService },
        ForecastRefreshResolver,
      ],
      exports: [FORECAST_PROVIDER, ForecastService],
    };
  }
}
