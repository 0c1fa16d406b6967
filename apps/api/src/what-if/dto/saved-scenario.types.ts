import { ArgsType, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { DriverChange, ScenarioDriver } from '@bsc/scorecard';
import { DriverChangeEnum, ScenarioDriverKindEnum, ScenarioInput } from './scenario.input';
import { WhatIfResultType } from './what-if.types';

export const MAX_COMPARED_SCENARIOS = 5;

@ObjectType('ScenarioDriver')
export class ScenarioDriverType {
  @Field(() => ScenarioDriverKindEnum) kind: ScenarioDriver['kind'];
  @Field(() => ID) id: string;
  @Field(() => DriverChangeEnum) change: DriverChange;
  @Field(() => Float) value: number;
  @Field(() => Date, { nullable: true }) from: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the change stops; null: never.' }) until: Date | null;
  @Field(() => Float) rampDays: number;
}

@ObjectType('SavedScenario')
export class SavedScenarioType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() createdBy: string;
  @Field() createdAt: Date;
  @Field(() => [ScenarioDriverType]) drivers: ScenarioDriverType[];
  @Field() includeNonSignificant: boolean;
  @Field(() => Int) draws: number;
  @Field(() => Int) seed: number;
  @Field(() => Int, { description: 'Periods the scenario shows (see ScenarioInput.horizonPeriods).' })
  horizonPeriods: number;
}

@ObjectType('ScenarioRun', { description: 'A saved scenario run now: its predicted scorecard next to the baseline.' })
export class ScenarioRunType {
  @Field(() => SavedScenarioType) scenario: SavedScenarioType;
  @Field(() => WhatIfResultType) result: WhatIfResultType;
}

@ArgsType()
export class SaveScenarioArgs {
  @Field() @IsString() @Length(1, 200) name: string;

  @Field(() => ScenarioInput)
  @ValidateNested()
  @Type(() => ScenarioInput)
  scenario: ScenarioInput;
}

@ArgsType()
export class ScenariosArgs {
  @Field(() => Int, { defaultValue: 25, description: 'Newest first, 1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 25;
}

@ArgsType()
export class CompareScenariosArgs {
  @Field(() => [ID], { description: `Saved scenarios to run side by side, 1 to ${MAX_COMPARED_SCENARIOS}.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_COMPARED_SCENARIOS)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  ids: string[];
}
