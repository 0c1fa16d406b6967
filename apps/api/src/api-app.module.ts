import { DynamicModule, Module } from '@nestjs/common';
import { CoreInfraModule } from '@bsc/app-kit';
import type { BscEventName } from '@bsc/events';
import { ApiFeaturesModule } from './api-features.module';
import type { ApiConfig } from './config/api.config';

/**
 * Started apart from the ingestion (over NATS), the API hears the `samples.ingested` the stream still holds when it
 * connects: the ingestion's start announces there the imports stored while it was stopped, which the forecasts count
 * as history still arriving, whichever process started first.
 */
const REPLAYED: BscEventName[] = ['samples.ingested'];

@Module({})
export class ApiAppModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: ApiAppModule,
      imports: [CoreInfraModule.forRoot(config, { replay: REPLAYED }), ApiFeaturesModule.register(config)],
    };
  }
}
