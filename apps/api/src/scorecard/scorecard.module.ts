import { Module } from '@nestjs/common';
import { KpisModule } from '../kpis/kpis.module';
import { ScorecardResolver } from './scorecard.resolver';
import { ScorecardService } from './scorecard.service';

@Module({ imports: [KpisModule], providers: [ScorecardService, ScorecardResolver], exports: [ScorecardService] })
export class ScorecardModule {}
