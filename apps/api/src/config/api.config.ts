import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { BaseAppConfig, toBoolean } from '@bsc/app-kit';

/** Configuration of the API app (GraphQL, auth, limits). */
export class ApiConfig extends BaseAppConfig {
  /** HMAC secret for JWT bearer tokens; required in production (the embedded profile generates one per data dir). */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Issuer expected in (and written to) JWTs; tokens from another issuer are refused. */
  @IsString()
  JWT_ISSUER: string = 'bsc-twin';

  /** GraphQL introspection; off in production unless enabled here. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  /** HTTP path of the GraphQL endpoint (also the graphql-ws path). */
  @IsString()
  @Matches(/^\/[\w\-/]*$/, { message: 'must be an absolute path like /graphql' })
  GRAPHQL_PATH: string = '/graphql';

  /** Deepest field nesting a query may have (introspection excluded). */
  @IsInt()
  @Min(1)
  @Max(50)
  GRAPHQL_MAX_DEPTH: number = 12;

  /** Highest estimated cost of one operation: fields, with list fields multiplied by their page size. */
  @IsInt()
  @Min(1)
  GRAPHQL_MAX_COST: number = 20_000;

  /** Largest `first` a connection accepts, and the page size assumed in cost estimates. */
  @IsInt()
  @Min(1)
  @Max(1000)
  GRAPHQL_MAX_PAGE_SIZE: number = 200;

  /** Size assumed for plain (unpaginated) list fields in the cost estimate. */
  @IsInt()
  @Min(1)
  @Max(1000)
  GRAPHQL_LIST_COST_FACTOR: number = 5;

  /** Aliases allowed in one document (alias batching multiplies work). */
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES: number = 30;

  /**
   * Largest JSON request body in bytes (GraphQL documents and variables, string arguments included); larger ones
   * get 413. Raise it to import a large model through GraphQL, or use `bsc model import`.
   */
  @IsInt()
  @Min(1_024)
  @Max(64 * 1024 * 1024)
  GRAPHQL_MAX_BODY_BYTES: number = 256 * 1024;

  /**
   * Longest string, in characters, of any GraphQL argument or input field (literal or variable); longer ones are
   * refused with BAD_USER_INPUT naming the argument. Model documents (`importModel`, `upsertModelNode`) are bounded
   * by GRAPHQL_MAX_BODY_BYTES instead.
   */
  @IsInt()
  @Min(1)
  @Max(64 * 1024 * 1024)
  GRAPHQL_MAX_STRING_CHARS: number = 10_000;

  /** Lexical tokens allowed in one document; the parser stops early beyond it. */
  @IsInt()
  @Min(100)
  @Max(100_000)
  GRAPHQL_MAX_TOKENS: number = 5_000;

  /** Serve the offline GraphiQL page at /graphiql (default: on, except in production). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  GRAPHIQL_ENABLED?: boolean;

  /**
   * Milliseconds a verified API key is trusted without asking the database again (0: every request asks). A key
   * revoked through this instance stops at once, through another instance as soon as its `api-key.revoked` event
   * arrives; this bounds how long a revocation the event bus did not carry (the CLI, a lost event) takes.
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  API_KEY_CACHE_TTL_MS: number = 30_000;

  /** Seconds an assembled scorecard stays cached when nothing invalidates it first. */
  @IsInt()
  @Min(0)
  @Max(3600)
  SCORECARD_CACHE_TTL_S: number = 60;

  /**
   * Serve the live scorecard from a roll-up kept up to date per changed KPI (true), or assemble it again from all
   * stored values after each change (false: the earlier way, kept as a baseline for bench:scale).
   */
  @Transform(toBoolean)
  @IsBoolean()
  SCORECARD_LIVE_ROLLUP: boolean = true;

  /**
   * Milliseconds a cached GraphQL query response is served before one request refreshes it (0: no response
   * cache). Data changes (events, mutations, model switches) drop the cache at once; this only bounds how old
   * time-dependent fields (staleness, "now") may get.
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  GRAPHQL_RESPONSE_CACHE_TTL_MS: number = 5_000;

  /**
   * Nice value of the forecast worker thread (0-19; 0: the API's own priority). On a machine shared with the
   * ingestion a forecast cycle then takes the cores left over, so it cannot hold up samples or queries; idle cores
   * it still takes whole. Linux only (elsewhere a nice value is the whole process's, so it is left).
   */
  @IsInt()
  @Min(0)
  @Max(19)
  FORECAST_WORKER_NICE: number = 10;

  /**
   * Seconds from the API's start to its first forecast cycle (a fresh embedded start backfills history first) and
   * between regular cycles after it. Closed periods and settled late history still start a cycle on their own.
   */
  @IsInt()
  @Min(0)
  @Max(86_400)
  FORECAST_INITIAL_DELAY_S: number = 45;

  @IsInt()
  @Min(10)
  @Max(86_400)
  FORECAST_INTERVAL_S: number = 600;

  /**
   * Seconds after which the API's `forecasts` health check degrades: a cycle running longer (a hung job is only
   * ended after 30 minutes), or no forecasts stored for longer than this past the time a cycle was due.
   */
  @IsInt()
  @Min(60)
  @Max(86_400)
  FORECAST_STALL_AFTER_S: number = 900;

  /**
   * Days a stored forecast is kept: every cycle stores each KPI's forecast (10,000 KPIs every 10 minutes are 1.44
   * million rows a day), and those older than this are deleted after each stored batch. The latest stays served
   * from the cache either way.
   */
  @IsInt()
  @Min(1)
  @Max(3650)
  FORECAST_RETENTION_DAYS: number = 30;

  /** Megabytes of cached GraphQL responses at most; the oldest entries go first. */
  @IsInt()
  @Min(1)
  @Max(4096)
  GRAPHQL_RESPONSE_CACHE_MAX_MB: number = 64;

  /** Chromium executable that renders briefing-book PDFs from the dashboard's print page (headless). */
  @IsString()
  CHROMIUM_PATH: string = '/usr/bin/chromium';
}
