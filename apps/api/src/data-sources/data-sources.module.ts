import { Module } from '@nestjs/common';
import { DataSourceHealthService } from './data-source-health.service';
import { DataSourcesResolver } from './data-sources.resolver';

/** Data-source health for engineers: ingestion's `ingestion.status` reports and the stored dead letters. */
@Module({ providers: [DataSourceHealthService, DataSourcesResolver] })
export class DataSourcesModule {}
