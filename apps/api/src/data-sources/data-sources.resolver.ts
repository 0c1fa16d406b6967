import { Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { DataSourceHealthService } from './data-source-health.service';
import { DataSourcesType } from './dto/data-source.types';

@Resolver()
export class DataSourcesResolver {
  constructor(private readonly health: DataSourceHealthService) {}

  @Query(() => DataSourcesType, {
    description:
      "Connectors and endpoints feeding the caller's org units with state, rate, last sample, lag, reconnects; their dead letters by reason.",
  })
  @Roles('engineer')
  dataSources(@CurrentPrincipal() principal: Principal): Promise<DataSourcesType> {
    return this.health.current(principal);
  }
}
