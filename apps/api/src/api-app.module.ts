import { DynamicModule, Module } from '@nestjs/common';
import { CoreInfraModule } from '@bsc/app-kit';
import { ApiFeaturesModule } from './api-features.module';
import type { ApiConfig } from './config/api.config';

@Module({})
export class ApiAppModule {
  static register(config: ApiConfig): DynamicModule {
    return { module: ApiAppModule, imports: [CoreInfraModule.forRoot(config), ApiFeaturesModule.register(config)] };
  }
}
