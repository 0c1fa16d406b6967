import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { AuthModule } from '../auth/auth.module';
import { Authenticator } from '../auth/authenticator.service';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import { createGraphqlOptions } from './graphql-options.factory';
import { GraphqlResponseCacheService } from './response-cache/graphql-response-cache.service';
import { ResponseCacheModule } from './response-cache/response-cache.module';
import { SubscriptionSocketsModule } from './subscriptions/subscription-sockets.module';
import { SubscriptionSocketsService } from './subscriptions/subscription-sockets.service';

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [AuthModule, ResponseCacheModule, SubscriptionSocketsModule],
      inject: [API_CONFIG, Authenticator, SubscriptionSocketsService, GraphqlResponseCacheService],
      useFactory: (
        config: ApiConfig,
        auth: Authenticator,
        sockets: SubscriptionSocketsService,
        responseCache: GraphqlResponseCacheService,
      ) => createGraphqlOptions(config, auth, sockets, responseCache),
    }),
  ],
})
export class ApiGraphqlModule {}
