import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { DeadLetterType } from '../../signals/dto/dead-letter.types';

@ObjectType('DataSourceConnector', { description: 'One connector or endpoint of ingestion, as last reported.' })
export class DataSourceConnectorType {
  @Field({ description: 'e.g. mqtt, opcua:plant-north-opc, sparkplug, http.' }) id: string;
  @Field({ description: 'opcua, mqtt, sparkplug, http, simulator or csv.' }) kind: string;
  @Field({
    description: 'connecting, connected, reconnecting, disconnected, failed, stopped; receiving for HTTP and imports.',
  })
  state: string;
  @Field({ description: 'True when connected (or receiving) and ingestion reported recently.' }) healthy: boolean;
  @Field({ description: 'When it entered its state.' }) since: Date;
  @Field(() => String, { nullable: true, description: 'Endpoint or last error.' }) detail: string | null;
  @Field(() => Int) reconnects: number;
  @Field(() => Float, { nullable: true, description: 'Between the last two reports; null after the first.' })
  samplesPerSecond: number | null;
  @Field(() => Float, { description: 'Samples received since ingestion started.' }) samplesTotal: number;
  @Field(() => Date, { nullable: true, description: 'Receipt of the last sample.' }) lastSampleAt: Date | null;
  @Field(() => Float, { nullable: true, description: "Receipt minus the newest sample's own timestamp, in ms." })
  lagMs: number | null;
}

@ObjectType('DataSourcePipeline')
export class DataSourcePipelineType {
  @Field(() => Int, { description: 'Accepted samples waiting to be written.' }) bufferDepth: number;
  @Field({ description: 'Samples (or dead letters) wait and none of their kind was written for INGEST_STALL_AFTER_S.' })
  stalled: boolean;
  @Field(() => Float) secondsSinceProgress: number;
  @Field(() => Int, { description: 'Dead letters the database refused, held in memory.' }) quarantined: number;
}

@ObjectType('DeadLetterGroup', { description: 'Dead letters of one source and reason, with the newest few.' })
export class DeadLetterGroupType {
  @Field() source: string;
  @Field() reason: string;
  @Field(() => Int) count: number;
  @Field() lastAt: Date;
  @Field(() => [DeadLetterType], { description: 'The newest of the group, raw payload included.' })
  samples: DeadLetterType[];
}

@ObjectType('DataSources', { description: "Health of ingestion's data sources, from its periodic status reports." })
export class DataSourcesType {
  @Field(() => Date, { nullable: true, description: 'Time of the last ingestion report; null before the first.' })
  reportedAt: Date | null;
  @Field({ description: 'False when no report arrived for three report intervals (ingestion down or cut off).' })
  reporting: boolean;
  @Field(() => [DataSourceConnectorType]) connectors: DataSourceConnectorType[];
  @Field(() => DataSourcePipelineType, { nullable: true }) pipeline: DataSourcePipelineType | null;
  @Field(() => [DeadLetterGroupType]) deadLetters: DeadLetterGroupType[];
}
