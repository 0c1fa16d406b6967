import { Module } from '@nestjs/common';
import { KpisModule } from '../kpis/kpis.module';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { KpiAttributionResolver } from './kpi-attribution.resolver';
import { KpiAttributionService } from './kpi-attribution.service';

@Module({
  imports: [KpisModule, ScorecardModule],
  providers: [KpiAttributionService, KpiAttributionResolver],
})
export class AttributionModule {}
