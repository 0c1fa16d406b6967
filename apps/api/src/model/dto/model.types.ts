import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

@ObjectType('ModelIssue', { description: 'One validation problem, e.g. path "kpis[3].formula".' })
export class ModelIssueType {
  @Field() path: string;
  @Field() message: string;
}

@ObjectType('ModelChangeResult', {
  description: 'Validation problems are returned as data, one per path; nothing is stored unless ok.',
})
export class ModelChangeResult {
  @Field() ok: boolean;
  @Field(() => Int, { nullable: true, description: 'The new model version when ok.' }) version: number | null;
  @Field(() => [ModelIssueType]) issues: ModelIssueType[];
}

@ObjectType('ModelVersion')
export class ModelVersionType {
  @Field(() => ID) modelId: string;
  @Field(() => Int) version: number;
  @Field() importedAt: Date;
  @Field() importedBy: string;
  @Field() active: boolean;
}

export const MODEL_COLLECTIONS = [
  'units',
  'perspectives',
  'objectives',
  'kpis',
  'processes',
  'assets',
  'signals',
  'initiatives',
  'opcuaServers',
] as const;
export type ModelCollection = (typeof MODEL_COLLECTIONS)[number];
export const ModelCollectionEnum = Object.fromEntries(MODEL_COLLECTIONS.map((c) => [c, c])) as Record<
  ModelCollection,
  ModelCollection
>;
registerEnumType(ModelCollectionEnum, {
  name: 'ModelCollection',
  description: 'A list of the twin model whose entries have an id.',
});

@InputType()
export class UpsertModelNodeInput {
  @Field(() => ModelCollectionEnum)
  @IsIn(MODEL_COLLECTIONS)
  collection: ModelCollection;

  @Field({
    description: "The entry as JSON, in the model file's shape (e.g. a KPI with id, name, unit, orgUnit, ...).",
  })
  @IsString()
  @Length(2, 100_000)
  definition: string;
}

@InputType()
export class LinkInput {
  @Field(() => ID) @IsString() @MaxLength(256) from: string;
  @Field(() => ID) @IsString() @MaxLength(256) to: string;
  @Field({ nullable: true, description: 'Hypothesised lag, e.g. "30d".' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  lag?: string;
  @Field({ nullable: true, description: 'positive or negative' })
  @IsOptional()
  @IsIn(['positive', 'negative'])
  polarity?: 'positive' | 'negative';
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) hypothesis?: string;
  @Field({ nullable: true, description: 'Twin edge type (part_of, feeds, measured_by) instead of a strategy link.' })
  @IsOptional()
  @IsIn(['part_of', 'feeds', 'measured_by'])
  edgeType?: 'part_of' | 'feeds' | 'measured_by';
}
