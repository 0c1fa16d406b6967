import { Module } from '@nestjs/common';
import { KpisModule } from '../kpis/kpis.module';
import { ScorecardResolver } from './scorecard.resolver';
import { ScorecardService } from './scorecard.service';
import { LiveScorecards } from './live-scorecards.service';

@Module({
  imports: [KpisModule],
  providers: [ScorecardService, ScorecardResolver, LiveScorecards],
  exports: [ScorecardService],
})
export class ScorecardModule {}
