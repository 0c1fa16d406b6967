import { Module } from '@nestjs/common';
import { KpiValuesLoader } from './kpi-values.loader';
import { KpiWriteResolver } from './kpi-write.resolver';
import { KpiWriteService } from './kpi-write.service';
import { KpiResolver } from './kpi.resolver';
import { KpiService } from './kpi.service';

@Module({
  providers: [KpiValuesLoader, KpiService, KpiResolver, KpiWriteService, KpiWriteResolver],
  exports: [KpiValuesLoader, KpiService],
})
export class KpisModule {}
