import { Module } from '@nestjs/common';
import { PastKpiValues } from '../scorecard/past-kpi-values.service';
import { KpiValuesLoader } from './kpi-values.loader';
import { KpiWriteResolver } from './kpi-write.resolver';
import { KpiWriteService } from './kpi-write.service';
import { KpiResolver } from './kpi.resolver';
import { KpiService } from './kpi.service';

@Module({
  providers: [KpiValuesLoader, PastKpiValues, KpiService, KpiResolver, KpiWriteService, KpiWriteResolver],
  exports: [KpiValuesLoader, PastKpiValues, KpiService],
})
export class KpisModule {}
