import { Field, Float, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_WHAT_IF_DRAWS, type DriverChange, type ScenarioDriver } from '@bsc/scorecard';
import { FORECAST_LATER_PERIODS, MAX_LATER_PERIODS } from '../../forecasts/forecast-provider.port';

const DRIVER_KINDS = ['kpi', 'signal', 'target'] as const;
const DRIVER_CHANGES = ['absolute', 'relative', 'set'] as const;
export const ScenarioDriverKindEnum = Object.fromEntries(DRIVER_KINDS.map((v) => [v, v])) as Record<
  ScenarioDriver['kind'],
  ScenarioDriver['kind']
>;
export const DriverChangeEnum = Object.fromEntries(DRIVER_CHANGES.map((v) => [v, v])) as Record<
  DriverChange,
  DriverChange
>;
registerEnumType(ScenarioDriverKindEnum, {
  name: 'ScenarioDriverKind',
  description:
    "kpi: a KPI's level; signal: a signal's level (its aggregates in formulas); target: a KPI's target. A level counts as the value it changes is read over each period: an average or a total for the share of its window it covers, a latest value or a closing level as it stands at the period end, a first reading as at the start of its window, a change over the window (delta, and a level's rate, that change per second) as it stands at the end less at the start; a target counts as it stands at each period's end, where the status is judged (a change from after a period's end retargets the next period, not that one; one stopped before the end does not count; a ramped one counts for the share of its ramp reached by then).",
});
registerEnumType(DriverChangeEnum, {
  name: 'DriverChange',
  description: 'absolute: add value; relative: add value times the level (0.05 = +5 %); set: replace the level.',
});

export const MAX_SCENARIO_DRIVERS = 20;
/** The current period and the later ones a scenario can ask the forecasts for: a year of a monthly KPI. */
export const MAX_HORIZON_PERIODS = 1 + MAX_LATER_PERIODS;
export const MAX_RAMP_DAYS = 366;

@InputType()
export class ScenarioDriverInput {
  @Field(() => ScenarioDriverKindEnum) @IsIn(DRIVER_KINDS) kind: ScenarioDriver['kind'];
  @Field(() => ID, { description: 'KPI id (kinds kpi and target) or signal id.' })
  @IsString()
  @MaxLength(256)
  id: string;
  @Field(() => DriverChangeEnum) @IsIn(DRIVER_CHANGES) change: DriverChange;
  @Field(() => Float) @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
  @Field({ nullable: true, description: 'When the change starts; default: already in force.' })
  @IsOptional()
  @IsDate()
  from?: Date;
  @Field({
    nullable: true,
    description:
      "When the change stops (after from), mid-ramp if the ramp has not ended; default: never. Lagged link effects stop as much later as they start, each driver with its own start, ramp and end. A target change until a period's end holds for that period.",
  })
  @IsOptional()
  @IsDate()
  until?: Date;
  @Field(() => Float, { defaultValue: 0, description: `Days over which it grows to full size, 0 to ${MAX_RAMP_DAYS}.` })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_RAMP_DAYS)
  rampDays: number = 0;
}

@InputType()
export class ScenarioInput {
  @Field(() => [ScenarioDriverInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SCENARIO_DRIVERS)
  @ValidateNested({ each: true })
  @Type(() => ScenarioDriverInput)
  drivers: ScenarioDriverInput[];

  @Field({ defaultValue: false, description: 'Also follow links the data does not support significantly.' })
  @IsBoolean()
  includeNonSignificant: boolean = false;

  @Field(() => Int, { defaultValue: 2000, description: `Monte Carlo draws, 100 to ${MAX_WHAT_IF_DRAWS}.` })
  @IsInt()
  @Min(100)
  @Max(MAX_WHAT_IF_DRAWS)
  draws: number = 2000;

  @Field(() => Int, {
    defaultValue: 1,
    description: `Periods shown, each KPI in its own period: 1 the current one only, up to ${MAX_HORIZON_PERIODS} (the current and the next ${MAX_LATER_PERIODS}). A later period shows only KPIs with a forecast for it: the forecasts project the next ${FORECAST_LATER_PERIODS}, and a longer horizon projects the periods after them on demand, each only as far ahead as the KPI's own history gives past errors for (origins spread over as many days as the period's end is ahead: about twice the distance in history).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_HORIZON_PERIODS)
  horizonPeriods: number = 1;

  @Field(() => Int, { defaultValue: 1, description: 'Seed of the draws: the same scenario gives the same answer.' })
  @IsInt()
  seed: number = 1;
}
