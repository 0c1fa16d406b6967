import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('StrategyObjective')
export class StrategyObjectiveType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ID) perspective: string;
  @Field(() => ID) unit: string;
  @Field(() => [ID]) kpis: string[];
}

@ObjectType('StrategyLink', { description: 'A cause→effect hypothesis and what the data says about it.' })
export class StrategyLinkType {
  @Field(() => ID) from: string;
  @Field(() => ID) to: string;
  @Field({ description: 'positive or negative' }) polarity: string;
  @Field(() => String, { nullable: true }) hypothesis: string | null;
  @Field({ description: 'Hypothesised lag as written in the model, e.g. "30d".' }) hypothesisedLag: string;
  @Field(() => Float, { description: 'Hypothesised lag in ms.' }) hypothesisedLagMs: number;
  @Field(() => Float, { nullable: true, description: 'Lag that best explains the data, in ms.' }) measuredLagMs:
    number | null;
  @Field(() => Float, { nullable: true, description: 'Correlation at the measured lag (-1..1).' }) strength:
    number | null;
  @Field(() => Float, { nullable: true }) pValue: number | null;
  @Field({ description: "Significant at the runtime's level." }) significant: boolean;
  @Field(() => Int, { description: 'Paired points the estimate rests on (0 = not estimated yet).' }) points: number;
}

@ObjectType('StrategyMap')
export class StrategyMapType {
  @Field(() => [StrategyObjectiveType]) objectives: StrategyObjectiveType[];
  @Field(() => [StrategyLinkType]) links: StrategyLinkType[];
  @Field({
    description:
      "IANA time zone of the model's calendar (e.g. Europe/Berlin): periods begin and end at midnight there, and a what-if's days are its days.",
  })
  timeZone: string;
}
