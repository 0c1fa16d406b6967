import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CONFIG_PROFILES, parseBooleanSpelling, type ConfigProfile } from './config-loader';

/** Strict: an unknown spelling stays text so @IsBoolean refuses it (never read as false, nor as true). */
export const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (parseBooleanSpelling(value) ?? value) : value;

/** Variables every app shares. Each app's config class extends this one. */
export class BaseAppConfig {
  /** embedded (SQLite, in-process broker, simulator), production, or test. */
  @IsIn(CONFIG_PROFILES)
  BSC_PROFILE: ConfigProfile = 'embedded';

  /** HTTP port for GraphQL, /health and /metrics. */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** Interface to listen on. */
  @IsString()
  HOST: string = '0.0.0.0';

  /** pino level: fatal, error, warn, info, debug, trace. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** PostgreSQL URL (postgres://user:pass@host:5432/db); when empty, the embedded SQLite file is used. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** NATS URL (nats://host:4222) for events between separately deployed apps; empty = in-process bus. */
  @IsOptional()
  @Matches(/^(nats|tls):\/\//, { message: 'must be a nats:// URL' })
  EVENT_BUS_URL?: string;

  /** Seconds the JetStream events stream keeps an event, so a replica that reconnects misses none (with EVENT_BUS_URL). */
  @IsInt()
  @Min(10)
  @Max(86400)
  EVENT_BUS_RETENTION_S: number = 600;

  /** Copies of the events stream kept by a NATS cluster (1 on a single server; 3 on a 3-node cluster). */
  @IsInt()
  @Min(1)
  @Max(5)
  EVENT_BUS_REPLICAS: number = 1;

  /**
   * Seconds a singleton job's lease (alert evaluation, forecast scheduling, model watching) outlives its holder's
   * last renewal, with EVENT_BUS_URL: the longest a job stands still after its process dies.
   */
  @IsInt()
  @Min(2)
  @Max(300)
  LEASE_TTL_S: number = 10;

  /** Folder for the SQLite file and other local state. */
  @IsString()
  DATA_DIR: string = 'data';

  /** Twin model imported at start when the database holds none yet. */
  @IsString()
  MODEL_FILE: string = 'models/demo/acme-manufacturing.yaml';

  /** Seconds between looks at the model version in force, so an import by another process (`bsc model import`) is picked up; 0 = off. */
  @IsInt()
  @Min(0)
  @Max(3600)
  MODEL_POLL_INTERVAL_S: number = 5;

  /** Seconds to wait for in-flight work on SIGTERM before exiting anyway. */
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_TIMEOUT_S: number = 20;

  get sqlitePath(): string {
    return `${this.DATA_DIR}/bsc.sqlite`;
  }
}

export { Transform };
