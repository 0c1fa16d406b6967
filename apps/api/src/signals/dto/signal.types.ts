import { Field, Float, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { SampleQuality } from '@bsc/common';
import type { SignalKind } from '@bsc/twin';
import { SampleQualityEnum, SignalKindEnum } from '../../graphql/graphql-enums';
import { Connection } from '../../graphql/pagination/connection.types';

@ObjectType('SignalSample')
export class SignalSampleType {
  @Field() ts: Date;
  @Field(() => Float, {
    nullable: true,
    description: 'The number; null for a text signal and for a Bad or Uncertain status that came without a value.',
  })
  value: number | null;
  @Field(() => String, { nullable: true, description: 'The value of a `string` signal (dates as ISO 8601).' })
  text: string | null;
  @Field(() => SampleQualityEnum) quality: SampleQuality;
  @Field(() => String, {
    nullable: true,
    description:
      "The source's status code when not Good, as 0x-prefixed hex (OPC UA StatusCode, e.g. 0x80340000 BadNodeIdUnknown).",
  })
  statusCode: string | null;
  @Field() source: string;
}

@ObjectType('SignalBinding', { description: 'Where a signal is read from; the fields of other protocols are null.' })
export class SignalBindingType {
  @Field({ description: 'opcua, mqtt, sparkplug, http or manual.' }) protocol: string;
  @Field(() => String, { nullable: true, description: 'OPC UA server id.' }) server: string | null;
  @Field(() => String, { nullable: true, description: 'OPC UA node id, e.g. ns=2;s=Line1.Speed.' }) nodeId:
    string | null;
  @Field(() => String, { nullable: true, description: 'MQTT topic.' }) topic: string | null;
  @Field(() => String, { nullable: true, description: 'MQTT: JSON path of the value in the payload.' }) jsonPath:
    string | null;
  @Field(() => String, { nullable: true, description: 'Sparkplug group/edge node[/device].' }) sparkplugNode:
    string | null;
  @Field(() => String, { nullable: true, description: 'Sparkplug metric name.' }) metric: string | null;
}

@ObjectType('Signal')
export class SignalType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() unit: string;
  @Field() dataType: string;
  @Field(() => ID, { nullable: true, description: 'Asset or process the signal measures.' }) measures: string | null;
  @Field(() => ID, { nullable: true }) orgUnit: string | null;
  @Field({ description: 'Binding: opcua, mqtt, sparkplug, http or manual, with its address.' }) source: string;
  @Field(() => SignalBindingType, { description: 'The binding field by field.' }) binding: SignalBindingType;
  @Field(() => SignalKindEnum, { description: 'Aggregation semantics (gauge when the model does not say).' })
  kind: SignalKind;
  @Field(() => SignalSampleType, { nullable: true }) lastSample: SignalSampleType | null;
  @Field(() => SampleQualityEnum, { nullable: true, description: 'Quality of the last sample.' })
  quality: SampleQuality | null;
}

@ObjectType()
export class SignalConnection extends Connection(SignalType) {}

@InputType()
export class SignalFilterInput {
  @Field(() => ID, { nullable: true, description: 'Org unit; includes its subtree.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  unit?: string;

  @Field({ nullable: true, description: 'Binding kind: opcua, mqtt, sparkplug, http, manual.' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  sourceKind?: string;

  @Field({ nullable: true, description: 'Case-insensitive match on id or name.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
