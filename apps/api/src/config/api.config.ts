import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseAppConfig, toBoolean } from '@bsc/app-kit';

/** Configuration of the API app (GraphQL, auth, limits). */
export class ApiConfig extends BaseAppConfig {
  /** HMAC secret for JWT bearer tokens; required in production (the embedded profile generates one per data dir). */
  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  /** GraphQL introspection; off in production unless enabled here. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  @IsInt() @Min(1) @Max(50)
  GRAPHQL_MAX_DEPTH: number = 12;

  @IsInt() @Min(1)
  GRAPHQL_MAX_COST: number = 20_000;

  @IsInt() @Min(1) @Max(1000)
  GRAPHQL_MAX_PAGE_SIZE: number = 200;
}
