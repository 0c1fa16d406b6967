import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CONFIG_PROFILES, parseBooleanSpelling, type ConfigProfile } from './config-loader';
import { HeapConfig } from './heap.config';

/** Strict: an unknown spelling stays text so @IsBoolean refuses it (never read as false, nor as true). */
export const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (parseBooleanSpelling(value) ?? value) : value;

/** One or more nats:// (or tls://) URLs, comma-separated. */
export const NATS_URLS = /^(nats|tls):\/\/[^\s,]+(\s*,\s*(nats|tls):\/\/[^\s,]+)*$/;

/** Variables every app shares. Each app's config class extends this one. */
export class BaseAppConfig extends HeapConfig {
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

  /**
   * NATS server(s), comma-separated for a cluster (nats://n1:4222,nats://n2:4222): the one NATS every scale-out
   * part uses (events, leases, forecast jobs, the sample log). Empty = in-process bus, every job in this process.
   */
  @IsOptional()
  @Matches(NATS_URLS, { message: 'must be comma-separated nats:// URLs' })
  EVENT_BUS_URL?: string;

  /** Seconds the JetStream events stream keeps an event, so a replica that reconnects misses none (with EVENT_BUS_URL). */
  @IsInt()
  @Min(10)
  @Max(86400)
  EVENT_BUS_RETENTION_S: number = 600;

  /**
   * Copies a NATS cluster keeps of every stream and bucket of ours (events, leases, forecast jobs, the sample log):
   * 1 on a single server; 3 on a 3-node cluster, which then survives losing one node.
   */
  @IsInt()
  @Min(1)
  @Max(5)
  EVENT_BUS_REPLICAS: number = 1;

  /**
   * Seconds every lease (singleton jobs: alert evaluation, forecast scheduling, model watching; KPI workers'
   * partitions) outlives its holder's last renewal, with EVENT_BUS_URL: the longest a job or a partition stands
   * still after its process dies. One value, since all leases live in one bucket whose entries share one lifetime.
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

  /** EVENT_BUS_URL's servers, one URL each; empty without a bus URL. */
  get natsServers(): string[] {
    return (this.EVENT_BUS_URL ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== '');
  }

  get sqlitePath(): string {
    return `${this.DATA_DIR}/bsc.sqlite`;
  }
}

export { Transform };
