import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Connection } from '../../graphql/pagination/connection.types';

@ObjectType('DeadLetter', { description: 'A message or sample the ingestion pipeline rejected, with why.' })
export class DeadLetterType {
  @Field(() => ID) id: string;
  @Field() receivedAt: Date;
  @Field() source: string;
  @Field(() => String, { nullable: true }) channel: string | null;
  @Field({ description: 'Stable reason code, e.g. invalid_json, unknown_topic, out_of_range.' }) reason: string;
  @Field() detail: string;
  @Field(() => String, { nullable: true, description: 'As received (base64 when payloadEncoding is base64).' })
  payload: string | null;
  @Field() payloadEncoding: string;
  @Field(() => ID, { nullable: true }) signalId: string | null;
}

@ObjectType()
export class DeadLetterConnection extends Connection(DeadLetterType) {}

@InputType()
export class DeadLetterFilterInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(64) reason?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(64) source?: string;
}
