import { Module } from '@nestjs/common';
import { WhatIfScenarioRepository } from '@bsc/persistence';
import { KpisModule } from '../kpis/kpis.module';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { WhatIfScenarioResolver } from './what-if-scenario.resolver';
import { WhatIfScenarioService } from './what-if-scenario.service';
import { WHAT_IF_SCENARIO_STORE } from './what-if-scenario.store';
import { WhatIfResolver } from './what-if.resolver';
import { WhatIfService } from './what-if.service';

@Module({
  imports: [KpisModule, ScorecardModule],
  providers: [
    WhatIfService,
    WhatIfResolver,
    WhatIfScenarioService,
    WhatIfScenarioResolver,
    // persistence's repository (global PersistenceModule) behind the narrow port
    { provide: WHAT_IF_SCENARIO_STORE, useExisting: WhatIfScenarioRepository },
  ],
})
export class WhatIfModule {}
