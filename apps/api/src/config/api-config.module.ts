import { DynamicModule, Global, Module } from '@nestjs/common';
import { API_CONFIG } from './api-config.token';
import type { ApiConfig } from './api.config';

@Global()
@Module({})
export class ApiConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return { module: ApiConfigModule, providers: [{ provide: API_CONFIG, useValue: config }], exports: [API_CONFIG] };
  }
}
