import { Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator';
import { DataSourceHealthService } from './data-source-health.service';
import { DataSourcesType } from './dto/data-source.types';

@Resolver()
export class DataSourcesResolver {
  constructor(private readonly health: DataSourceHealthService) {}

  @Query(() => DataSourcesType, {
    description: 'Connectors and endpoints with state, rate, last sample, lag, reconnects; dead letters by reason.',
  })
  @Roles('engineer')
  dataSources(): Promise<DataSourcesType> {
    return this.health.current();
  }
}
