import { Module } from '@nestjs/common';
import { ModelModule } from '../model/model.module';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { InitiativeResolver } from './initiative.resolver';
import { InitiativeService } from './initiative.service';

@Module({ imports: [ModelModule, ScorecardModule], providers: [InitiativeService, InitiativeResolver] })
export class InitiativesModule {}
