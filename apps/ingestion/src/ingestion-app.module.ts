import { DynamicModule, Module } from '@nestjs/common';
import { CoreInfraModule } from '@bsc/app-kit';
import type { IngestionConfig } from './config/ingestion.config';
import { IngestionFeaturesModule } from './ingestion-features.module';

@Module({})
export class IngestionAppModule {
  static register(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionAppModule,
      imports: [CoreInfraModule.forRoot(config, { lazyGraph: true }), IngestionFeaturesModule.register(config)],
    };
  }
}
