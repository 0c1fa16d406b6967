import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export const COMMENTARY_SUBJECTS = ['kpi', 'objective'] as const;
export type CommentarySubject = (typeof COMMENTARY_SUBJECTS)[number];
export const CommentarySubjectEnum = { kpi: 'kpi', objective: 'objective' } as const;
registerEnumType(CommentarySubjectEnum, { name: 'CommentarySubject', description: 'What a commentary is about.' });

@ObjectType('PeriodCommentary', {
  description: 'Analysis and actions on a KPI or objective for one period; each save is a new version.',
})
export class CommentaryType {
  @Field(() => ID, { description: 'Id of this version.' }) id: string;
  @Field(() => CommentarySubjectEnum) subjectKind: CommentarySubject;
  @Field(() => ID) subjectId: string;
  @Field() periodKey: string;
  @Field() analysis: string;
  @Field() actions: string;
  @Field({ description: 'Display name of the author (API key name, token name claim).' }) author: string;
  @Field({ description: 'When this version was saved.' }) recordedAt: Date;
}

@InputType()
export class WriteCommentaryInput {
  @Field(() => CommentarySubjectEnum) @IsIn(COMMENTARY_SUBJECTS) subjectKind: CommentarySubject;
  @Field(() => ID) @IsString() @MaxLength(256) subjectId: string;
  @Field({
    nullable: true,
    description: "Default: the current period (a KPI's own period type; a month for objectives).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  periodKey?: string;
  @Field({ description: 'What happened and why.' }) @IsString() @Length(1, 4000) analysis: string;
  @Field({ description: 'What is being done about it (may be empty).' }) @IsString() @MaxLength(4000) actions: string;
}
