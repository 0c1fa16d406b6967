import { DynamicModule, Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { AnomaliesModule } from './anomalies/anomalies.module';
import { AttributionModule } from './attribution/attribution.module';
import { AuthModule } from './auth/auth.module';
import { CommentaryModule } from './commentary/commentary.module';
import { ApiConfigModule } from './config/api-config.module';
import type { ApiConfig } from './config/api.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DataSourcesModule } from './data-sources/data-sources.module';
import { ForecastsModule } from './forecasts/forecasts.module';
import { ApiGraphqlModule } from './graphql/api-graphql.module';
import { GraphiqlController } from './graphql/graphiql/graphiql.controller';
import { InitiativesModule } from './initiatives/initiatives.module';
import { KpisModule } from './kpis/kpis.module';
import { ModelModule } from './model/model.module';
import { ReportsModule } from './reports/reports.module';
import { ScorecardModule } from './scorecard/scorecard.module';
import { SignalsModule } from './signals/signals.module';
import { StrategyModule } from './strategy/strategy.module';
import { ApiStoresModule } from './stores/api-stores.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { SystemResolver } from './system/system.resolver';
import { TwinModule } from './twin/twin.module';
import { WhatIfModule } from './what-if/what-if.module';

export { API_CONFIG } from './config/api-config.token';
export { graphqlResponseCacheFront } from './graphql/response-cache/graphql-response-cache.front';

/**
 * GraphQL API features; imported alone (api app) or beside ingestion (platform). Needs from the host: the
 * CoreInfraModule (EVENT_BUS, logs) and ACTIVE_MODEL (+ MODEL_CATALOG for imports and time travel).
 */
@Module({})
export class ApiFeaturesModule {
  static register(config: ApiConfig): DynamicModule {
    const graphiql = config.GRAPHIQL_ENABLED ?? config.BSC_PROFILE !== 'production';
    return {
      module: ApiFeaturesModule,
      imports: [
        ApiConfigModule.forRoot(config),
        ApiStoresModule,
        AuthModule,
        ApiGraphqlModule,
        TwinModule,
        ModelModule,
        SignalsModule,
        DataSourcesModule,
        KpisModule,
        ScorecardModule,
        AlertsModule,
        AnomaliesModule,
        InitiativesModule,
        CommentaryModule,
        StrategyModule,
        AttributionModule,
        WhatIfModule,
        SubscriptionsModule,
        ForecastsModule.register({
          database: { databaseUrl: config.DATABASE_URL, sqlitePath: config.sqlitePath },
          // Tests drive forecast runs themselves; the apps forecast on a schedule.
          autoStart: config.BSC_PROFILE !== 'test',
          workerNice: config.FORECAST_WORKER_NICE,
          schedule: {
            initialDelayMs: config.FORECAST_INITIAL_DELAY_S * 1000,
            intervalMs: config.FORECAST_INTERVAL_S * 1000,
            stallAfterMs: config.FORECAST_STALL_AFTER_S * 1000,
            retentionMs: config.FORECAST_RETENTION_DAYS * 86_400_000,
          },
          queue: config.EVENT_BUS_URL ? { url: config.EVENT_BUS_URL, replicas: config.EVENT_BUS_REPLICAS } : undefined,
        }),
        DashboardModule,
        ReportsModule,
      ],
      controllers: graphiql ? [GraphiqlController] : [],
      providers: [SystemResolver],
    };
  }
}
