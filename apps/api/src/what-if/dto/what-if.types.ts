import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('WhatIfOutlook', { description: "A KPI's period-end expectation with its 80 % interval." })
export class WhatIfOutlookType {
  @Field(() => Float) expected: number;
  @Field(() => Float) lower80: number;
  @Field(() => Float) upper80: number;
  @Field(() => Float, { nullable: true }) probabilityOfMeetingTarget: number | null;
  @Field(() => Float, { nullable: true }) target: number | null;
}

@ObjectType('WhatIfEffect')
export class WhatIfEffectType {
  @Field(() => Float) mean: number;
  @Field(() => Float) lower80: number;
  @Field(() => Float) upper80: number;
}

@ObjectType('WhatIfPath', { description: 'The way one effect reached a KPI.' })
export class WhatIfPathType {
  @Field({ description: 'exact (formula lineage) or statistical (measured strategy-map links).' }) kind: string;
  @Field(() => [String], {
    description:
      "Driver or driven objective first, the KPI last; a stretch through other units than the caller's reads 'other units'.",
  })
  via: string[];
  @Field(() => Float, { description: 'Sum of the measured link lags along the path, in ms.' }) lagMs: number;
  @Field(() => Float, { description: "Mean effect on the KPI's period-end value." }) effect: number;
}

@ObjectType('KpiWhatIf')
export class KpiWhatIfType {
  @Field() kpiId: string;
  @Field() periodKey: string;
  @Field(() => Int, { description: "0 for the KPI's current period, 1 for its next one, and so on (horizonPeriods)." })
  periodsAhead: number;
  @Field(() => WhatIfOutlookType) baseline: WhatIfOutlookType;
  @Field(() => WhatIfOutlookType) scenario: WhatIfOutlookType;
  @Field(() => Float, { description: 'Change through formula lineage (deterministic).' }) exactEffect: number;
  @Field(() => String, {
    nullable: true,
    description:
      "Period whose formula term values the exact effect was recomputed with: this one, or the current period where a later period's terms were not projected (their mix at today stands in); null without terms.",
  })
  termsPeriodKey: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Why the exact effect is approximate, naming the input it comes from: a KPI of a longer period read to date at this one's end (a daily KPI reading a monthly total reads the month to date at the day's end) whose value there its forecast does not give, so its period-end value stands in; null when exact.",
  })
  approximate: string | null;
  @Field(() => WhatIfEffectType, { description: 'Change through measured links within the period.' })
  statisticalEffect: WhatIfEffectType;
  @Field(() => WhatIfEffectType, { description: 'The whole change once every lag and ramp has passed.' })
  steadyStateEffect: WhatIfEffectType;
  @Field(() => [WhatIfPathType]) paths: WhatIfPathType[];
}

@ObjectType('WhatIfRollup', { description: 'Weighted mean probability of meeting target of the affected KPIs below.' })
export class WhatIfRollupType {
  @Field() id: string;
  @Field(() => Int, { description: 'The KPI periods rolled up: 0 the current ones, 1 the next ones, and so on.' })
  periodsAhead: number;
  @Field(() => Float, { nullable: true }) baseline: number | null;
  @Field(() => Float, { nullable: true }) scenario: number | null;
}

@ObjectType('WhatIfUnavailable', {
  description: 'A KPI the scenario reaches that a later period has no forecast for: not shown in that period.',
})
export class WhatIfUnavailableType {
  @Field() kpiId: string;
  @Field(() => Int) periodsAhead: number;
}

@ObjectType('WhatIfResult', {
  description:
    "A scenario's predicted scorecard next to the baseline: each affected KPI's period-end expectation, interval and probability of meeting target, with the exact and statistical effects apart and the path each took.",
})
export class WhatIfResultType {
  @Field(() => [KpiWhatIfType]) kpis: KpiWhatIfType[];
  @Field(() => [WhatIfRollupType]) objectives: WhatIfRollupType[];
  @Field(() => [WhatIfRollupType]) perspectives: WhatIfRollupType[];
  @Field(() => [WhatIfRollupType]) units: WhatIfRollupType[];
  @Field(() => [String], { description: "Strategy-map links followed (from->to) between the caller's objectives." })
  linksUsed: string[];
  @Field(() => [String], { description: "Measured links left out (not significant) between the caller's objectives." })
  linksExcluded: string[];
  @Field(() => Int) draws: number;
  @Field(() => [WhatIfUnavailableType], { description: 'Reached KPIs left out of a later period (no forecast).' })
  unavailable: WhatIfUnavailableType[];
}
