import { DynamicModule, Module } from '@nestjs/common';
import type { ApiConfig } from './config/api.config';

export const API_CONFIG = Symbol('API_CONFIG');

/** GraphQL API features; imported alone (api app) or beside ingestion (platform). */
@Module({})
export class ApiFeaturesModule {
  static register(config: ApiConfig): DynamicModule {
    return { module: ApiFeaturesModule, providers: [{ provide: API_CONFIG, useValue: config }], exports: [API_CONFIG] };
  }
}
