import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/**
 * The web dashboard: a static page at / talking to the GraphQL API of the same origin. Needs API_CONFIG (global,
 * from ApiFeaturesModule) for the GraphQL path.
 */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
