import { ArgsType, Field } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

// period keys as the calendar writes them: 2026, FY2026, 2026-Q3, 2026-11, 2026-W47, 2026-11-22
const PERIOD_KEY = /^(FY)?\d{4}(-(Q[1-4]|W\d{2}|\d{2}(-\d{2})?))?$/;

@ArgsType()
export class KpiAttributionArgs {
  @Field({ nullable: true, description: "Period key of the KPI's period to compare from, e.g. 2026-Q2." })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  @Matches(PERIOD_KEY, { message: 'from must be a period key such as 2026-Q2' })
  from?: string;

  @Field({ nullable: true, description: 'Period key of the later period, e.g. 2026-Q3.' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  @Matches(PERIOD_KEY, { message: 'to must be a period key such as 2026-Q3' })
  to?: string;

  @Field({
    nullable: true,
    description: "Instead of periods, two instants: the value to date of the KPI's period at each (with toAt).",
  })
  @IsOptional()
  @IsDate()
  fromAt?: Date;

  @Field({ nullable: true, description: 'The later instant (with fromAt).' })
  @IsOptional()
  @IsDate()
  toAt?: Date;

  @Field({
    nullable: true,
    description:
      'When the `from` value counts as reported (default: the end of that period; fromAt itself for instants); sets `corrections`.',
  })
  @IsOptional()
  @IsDate()
  reportedAt?: Date;
}
