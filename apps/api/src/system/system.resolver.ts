import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { displayName, type Principal } from '../auth/principal';
import { AnyRole, Public } from '../auth/roles.decorator';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import { ApiInfo, Viewer } from './system.types';

@Resolver()
export class SystemResolver {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  @Query(() => ApiInfo)
  @Public()
  apiInfo(): ApiInfo {
    return {
      name: 'bsc-twin',
      apiVersion: '1',
      maxPageSize: this.config.GRAPHQL_MAX_PAGE_SIZE,
      maxDepth: this.config.GRAPHQL_MAX_DEPTH,
      maxCost: this.config.GRAPHQL_MAX_COST,
    };
  }

  @Query(() => Viewer)
  @AnyRole()
  viewer(@CurrentPrincipal() principal: Principal): Viewer {
    return {
      subject: principal.subject,
      displayName: displayName(principal),
      role: principal.role,
      units: principal.units ? [...principal.units] : null,
      via: principal.via,
    };
  }
}
