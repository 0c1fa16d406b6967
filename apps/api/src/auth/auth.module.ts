import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { API_CONFIG, JWT_SECRET } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import { ApiKeyResolver } from './api-key.resolver';
import { ApiKeyService } from './api-key.service';
import { Authenticator } from './authenticator.service';
import { EmbeddedAdminKeyBootstrap } from './embedded-admin-key.bootstrap';
import { GqlAuthGuard } from './gql-auth.guard';
import { resolveJwtSecret } from './jwt-secret';

@Module({
  providers: [
    { provide: JWT_SECRET, useFactory: (config: ApiConfig) => resolveJwtSecret(config), inject: [API_CONFIG] },
    { provide: APP_GUARD, useClass: GqlAuthGuard },
    ApiKeyService,
    Authenticator,
    EmbeddedAdminKeyBootstrap,
    ApiKeyResolver,
  ],
  exports: [Authenticator, ApiKeyService, JWT_SECRET],
})
export class AuthModule {}
