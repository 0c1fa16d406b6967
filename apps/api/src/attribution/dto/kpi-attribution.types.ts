import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AttributionEnd')
export class AttributionEndType {
  @Field() periodKey: string;
  @Field(() => Float, { description: 'Value as corrected now.' }) value: number;
  @Field(() => Float, {
    nullable: true,
    description:
      "The period's target; between instants, and for a period still open, the part of it due by the instant (now), as the scorecard judges a value to date.",
  })
  target: number | null;
  @Field(() => Float, { nullable: true, description: 'Value as known when the period was reported (`from` only).' })
  reportedValue: number | null;
}

@ObjectType('AttributionPart', { description: "One formula input's share of a KPI's change." })
export class AttributionPartType {
  @Field({ description: 'The formula term, e.g. sum(erp.order_value, period).' }) term: string;
  @Field({ description: "Signal or KPI the term reads; 'other units' for the inputs outside the caller's units." })
  inputId: string;
  @Field({
    description:
      "signal, kpi (split further in parts), manual, or other: the inputs outside the caller's units summed into one part, not split (term and inputId 'other units').",
  })
  source: string;
  @Field(() => Float, { nullable: true }) before: number | null;
  @Field(() => Float, { nullable: true }) after: number | null;
  @Field(() => Float, { description: "Share of the parent's change; the parts of a parent add up to it." })
  contribution: number;
  @Field(() => String, { nullable: true, description: 'The input KPI period compared from.' }) inputFrom: string | null;
  @Field(() => String, { nullable: true }) inputTo: string | null;
  @Field(() => [AttributionPartType], { description: 'An input KPI split over its own inputs.' })
  parts: AttributionPartType[];
}

@ObjectType('AttributionGroup')
export class AttributionGroupType {
  @Field({ description: "Signal (or KPI), asset or unit id; 'other units' for the inputs outside the caller's units." })
  id: string;
  @Field(() => Float) contribution: number;
}

@ObjectType('KpiAttribution', {
  description:
    "Why a KPI changed between two periods: the change split over its formula's inputs (exact for sums, Shapley for products and ratios, so the parts and the model's share add up to the change), down to signals, assets and units, with the shares of data corrections, target moves and model changes.",
})
export class KpiAttributionType {
  @Field(() => AttributionEndType) from: AttributionEndType;
  @Field(() => AttributionEndType) to: AttributionEndType;
  @Field(() => Float, { description: 'to.value - from.value, both as corrected now.' }) change: number;
  @Field({ description: 'False when Shapley values were sampled (many inputs); the parts still add up.' })
  exact: boolean;
  @Field(() => [AttributionPartType]) parts: AttributionPartType[];
  @Field(() => [AttributionGroupType], { description: 'Leaf inputs (signals, manual KPIs), largest first.' })
  bySignal: AttributionGroupType[];
  @Field(() => [AttributionGroupType], { description: 'By the asset or process a signal measures.' })
  byAsset: AttributionGroupType[];
  @Field(() => [AttributionGroupType]) byUnit: AttributionGroupType[];
  @Field(() => Float, {
    description:
      "The model's share: to.value under the model version in force at `to` minus under the one in force at " +
      '`from` (a formula changed between them); 0 when one version held. The parts split the formulas of `from`, ' +
      'so parts + modelChange = change.',
  })
  modelChange: number;
  @Field(() => Int, { nullable: true, description: 'Model version in force at `from` (null: no versions stored).' })
  fromModelVersion: number | null;
  @Field(() => Int, { nullable: true, description: 'Model version in force at `to`.' })
  toModelVersion: number | null;
  @Field(() => Float, { nullable: true, description: 'from.value now minus as reported: late or corrected data.' })
  corrections: number | null;
  @Field(() => Float, { nullable: true, description: 'change + corrections: against the from value as reported.' })
  reportedChange: number | null;
  @Field(() => Float, { nullable: true }) targetChange: number | null;
  @Field(() => Float, { nullable: true, description: 'Change of value minus target: change - targetChange.' })
  gapChange: number | null;
}
