import { Module } from '@nestjs/common';
import { KpisModule } from '../kpis/kpis.module';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { WhatIfResolver } from './what-if.resolver';
import { WhatIfService } from './what-if.service';

@Module({
  imports: [KpisModule, ScorecardModule],
  providers: [WhatIfService, WhatIfResolver],
})
export class WhatIfModule {}
