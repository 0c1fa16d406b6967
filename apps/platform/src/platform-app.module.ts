import { DynamicModule, Module } from '@nestjs/common';
import { CoreInfraModule } from '@bsc/app-kit';
import { ApiFeaturesModule } from '../../api/src/api-features.module';
import type { ApiConfig } from '../../api/src/config/api.config';
import type { IngestionConfig } from '../../ingestion/src/config/ingestion.config';
import { IngestionFeaturesModule } from '../../ingestion/src/ingestion-features.module';

/** Both apps in one process over one set of infrastructure: the embedded way to run the platform. */
@Module({})
export class PlatformAppModule {
  static register(ingestion: IngestionConfig, api: ApiConfig): DynamicModule {
    return {
      module: PlatformAppModule,
      imports: [
        CoreInfraModule.forRoot(api),
        IngestionFeaturesModule.register(ingestion),
        ApiFeaturesModule.register(api),
      ],
    };
  }
}
