import { DynamicModule, Module } from '@nestjs/common';
import type { IngestionConfig } from './config/ingestion.config';

export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');

/** Connectors → signal pipeline → KPI engine; imported alone (ingestion app) or beside the API (platform). */
@Module({})
export class IngestionFeaturesModule {
  static register(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionFeaturesModule,
      providers: [{ provide: INGESTION_CONFIG, useValue: config }],
      exports: [INGESTION_CONFIG],
    };
  }
}
