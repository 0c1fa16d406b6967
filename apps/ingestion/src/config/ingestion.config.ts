import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsJSON, IsOptional, IsString, Matches, Max, Min, Validate } from 'class-validator';
import { NeedsNats, SampleLogConfig, toBoolean } from '@bsc/app-kit';

/** Configuration of the ingestion app (connectors, pipeline, simulator). */
export class IngestionConfig extends SampleLogConfig {
  /** Broker URL (mqtt://, mqtts://, ws://); empty in the embedded profile = the in-process broker. */
  @IsOptional()
  @Matches(/^(mqtts?|wss?|tcp|tls):\/\//, { message: 'must be an mqtt://, mqtts:// or ws:// URL' })
  MQTT_URL?: string;

  /** Port of the in-process MQTT broker (used when MQTT_URL is empty); 1884 so it never clashes with a local 1883. */
  @IsInt()
  @Min(0)
  @Max(65535)
  MQTT_EMBEDDED_PORT: number = 1884;

  /** MQTT protocol towards MQTT_URL: 5 (default; session expiry, receive maximum, shared subscriptions) or 4 = 3.1.1. */
  @IsIn([4, 5])
  MQTT_PROTOCOL_VERSION: 4 | 5 = 5;

  /** Fixed client id: with clean start off, the broker keeps our session and queued QoS 1 messages. */
  @IsString()
  MQTT_CLIENT_ID: string = 'bsc-ingestion';

  @IsOptional()
  @IsString()
  MQTT_USERNAME?: string;

  @IsOptional()
  @IsString()
  MQTT_PASSWORD?: string;

  /** MQTT 5 shared-subscription group; set it when several ingestion instances split one stream. */
  @IsOptional()
  @Matches(/^[^/#+$]+$/, { message: 'must be a plain group name' })
  MQTT_SHARE_GROUP?: string;

  /** CA file for mqtts:// brokers with a private CA. */
  @IsOptional()
  @IsString()
  MQTT_CA_FILE?: string;

  /** Start the built-in plant simulator (OPC UA server + MQTT publisher + history backfill). */
  @Transform(toBoolean)
  @IsBoolean()
  SIMULATOR_ENABLED: boolean = false;

  @IsInt()
  SIMULATOR_SEED: number = 42;

  /** Days of history the simulator backfills on first start, so forecasts have data at once. */
  @IsInt()
  @Min(0)
  @Max(3650)
  SIMULATOR_BACKFILL_DAYS: number = 180;

  /** Port of the simulator's OPC UA server. */
  @IsInt()
  @Min(1)
  @Max(65535)
  SIMULATOR_OPCUA_PORT: number = 4840;

  /** Plant signals in the backfill are sampled this often (seconds); business events keep their own times. */
  @IsInt()
  @Min(60)
  @Max(3600)
  SIMULATOR_BACKFILL_STEP_S: number = 600;

  /** How often the live simulation advances and publishes (milliseconds). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  SIMULATOR_TICK_MS: number = 1_000;

  /** Folder of the simulator OPC UA server's PKI (its own certificate, client certificates it has seen). */
  @IsString()
  SIMULATOR_PKI_DIR: string = 'data/pki-simulator';

  /** Accept OPC UA server certificates that are not in the trusted store (never in production). */
  @Transform(toBoolean)
  @IsBoolean()
  OPCUA_TRUST_UNKNOWN_SERVERS: boolean = false;

  /** Folder of the OPC UA client's PKI (application certificate, trusted/rejected server certificates). */
  @IsString()
  OPCUA_PKI_DIR: string = 'data/pki';

  /** JSON map of credential sets named by the model's opcuaServers[].credentials: {"name":{"user":"..","password":".."}}. */
  @IsOptional()
  @IsString()
  @IsJSON({ message: 'must be a JSON object of credential sets' })
  OPCUA_CREDENTIALS?: string;

  /** Bearer token required by the HTTP sample intake; empty = intake disabled. */
  @IsOptional()
  @IsString()
  INTAKE_TOKEN?: string;

  /** Most samples one HTTP intake request may carry. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  INTAKE_MAX_SAMPLES: number = 10_000;

  /** Samples older than this many days are refused (ts_too_old); backfills of older history use the CLI with a larger value. */
  @IsInt()
  @Min(1)
  @Max(36_500)
  INGEST_MAX_PAST_DAYS: number = 400;

  /** MQTT payloads larger than this are refused and dead-lettered (payload_too_large). */
  @IsInt()
  @Min(1_024)
  @Max(268_435_455)
  MQTT_MAX_PAYLOAD_BYTES: number = 256 * 1024;

  /** MQTT 5 session expiry: how long the broker keeps our subscriptions and queued QoS 1 messages while we are away. */
  @IsInt()
  @Min(0)
  @Max(4_294_967_295)
  MQTT_SESSION_EXPIRY_S: number = 7 * 24 * 3600;

  /** MQTT keepalive: the client pings this often when idle and reconnects when 1.5 periods pass without a reply. */
  @IsInt()
  @Min(1)
  @Max(65_535)
  MQTT_KEEPALIVE_S: number = 30;

  /**
   * Sample batches written side by side when full batches queue up faster than one write takes them (PostgreSQL
   * only: SQLite writes one transaction at a time). 1 = one write at a time: on a 2-core machine two writes measured
   * no faster, the server's per-row index work being the limit; a server with cores to spare may gain from 2.
   */
  @IsInt()
  @Min(1)
  @Max(8)
  INGEST_WRITE_CONCURRENCY: number = 1;

  /**
   * Sparkplug 3.0 Reorder Timeout (5.9): a sequence gap waits this long for the messages it skipped (a broker cluster
   * may deliver QoS 0 out of order) before the edge node is asked to rebirth; 0 asks at once. The specification
   * names no value: 5000 is the one its reference host (Eclipse Tahu) uses.
   */
  @IsInt()
  @Min(0)
  @Max(600_000)
  SPARKPLUG_REORDER_TIMEOUT_MS: number = 5_000;

  /** MQTT 5 receive maximum: QoS 1 messages the broker may send before we acknowledge (acks wait for the store). */
  @IsInt()
  @Min(1)
  @Max(65_535)
  MQTT_RECEIVE_MAXIMUM: number = 2_000;

  /**
   * Health reports the pipeline degraded (and bsc_pipeline_stalled is 1) when samples wait to be written and no sample
   * write completed for this many seconds, or dead letters likewise: a database that is unreachable or a write that
   * never returns. Each kind on its own, so bad messages dead-lettered meanwhile do not hide hung sample writes.
   */
  @IsInt()
  @Min(1)
  @Max(3_600)
  INGEST_STALL_AFTER_S: number = 30;

  /**
   * Replay stored samples into the KPI engine at start, so KPI state survives restarts. Off, the engine starts empty,
   * yet imports stored while stopped still reach it: the import poll picks them up from the stop's position.
   */
  @Transform(toBoolean)
  @IsBoolean()
  KPI_REPLAY_ON_START: boolean = true;

  /**
   * What that replay reads: `bounded`, the history the open KPI periods need (from the earliest period start any
   * KPI still evaluates); `full`, every stored sample (the reference, slower as history grows). Values are the same.
   */
  @IsIn(['bounded', 'full'])
  KPI_REPLAY_HISTORY: 'bounded' | 'full' = 'bounded';

  /**
   * Seconds between KPI engine checkpoints (period summaries and the sample position they cover), so a restart
   * replays only the samples after the newest one; 0 = off (every start replays the history its open periods need).
   */
  @IsInt()
  @Min(0)
  @Max(86_400)
  KPI_CHECKPOINT_INTERVAL_S: number = 60;

  /**
   * Seconds of samples before a checkpoint's newest that a restore reads again (into the buckets): more costs
   * restart time (rate × this), less makes a sample older than that, arriving after a restart, need the replay.
   */
  @IsInt()
  @Min(0)
  @Max(86_400)
  KPI_CHECKPOINT_REPLAY_S: number = 120;

  /**
   * Milliseconds of event time between re-evaluations of an open KPI value that moves with time alone (a gauge's
   * time-weighted average while its level is still held) when no sample of its own arrives; 0 = on every batch.
   * Between refreshes such a value may trail the newest sample by up to this much; closed periods are exact.
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  KPI_MOVING_REFRESH_MS: number = 1000;

  /**
   * Seconds of minute buckets the KPI engine keeps behind each signal's newest sample: late samples within it revise
   * closed periods' sliding windows exactly, older ones update period windows only; sliding windows longer than it
   * are read from hour buckets (starting on an hour edge). Memory: up to 296 bytes a minute per signal a KPI reads.
   */
  @IsInt()
  @Min(60)
  @Max(604_800)
  KPI_FINE_HORIZON_S: number = 21_600;

  /** Seconds between looks for samples another process stored (`bsc import samples`), which then recompute their KPI periods; 0 = off. */
  @IsInt()
  @Min(0)
  @Max(3600)
  SAMPLE_IMPORT_POLL_INTERVAL_S: number = 5;

  /** Days of raw samples kept (older ones removed hourly, with their minute rollups and stored anomalies; hour and day rollups stay); 0 = keep all. */
  @IsInt()
  @Min(0)
  @Max(36_500)
  SAMPLE_RETENTION_DAYS: number = 0;

  /**
   * Seconds between folds of the stored samples of closed minutes into their minute, hour and day rollups (reads are
   * exact either way: they aggregate what is not folded yet on the fly, so a longer interval only makes long-range
   * reads read more raw samples); 0 = off (no rollups: reads aggregate the raw samples; retention still folds what
   * it removes).
   */
  @IsInt()
  @Min(0)
  @Max(86_400)
  SAMPLE_ROLLUP_FOLD_INTERVAL_S: number = 60;

  /**
   * `all` (default): this process runs the connectors and, unless SAMPLE_LOG=jetstream, computes the KPIs. `worker`:
   * a KPI worker: no connectors; it owns a balanced share of the sample log's partitions (leases on EVENT_BUS_URL, for LEASE_TTL_S),
   * stores their samples idempotently and computes and writes their KPIs.
   */
  @IsIn(['all', 'worker'])
  @Validate(NeedsNats)
  INGEST_ROLE: 'all' | 'worker' = 'all';

  /** Raise alerts from the KPI stream (persisted, published on the bus, notified). */
  @Transform(toBoolean)
  @IsBoolean()
  ALERTS_ENABLED: boolean = true;

  /**
   * Alert rules inline, a JSON array (see @bsc/scorecard AlertRuleDef); set this or ALERT_RULES_FILE, not both.
   * Neither = status changes, stale data and forecast < 30 %.
   */
  @IsOptional()
  @IsString()
  @IsJSON({ message: 'must be a JSON array of alert rules' })
  ALERT_RULES?: string;

  /** A YAML or JSON file `{ rules: [...] }` validated against libs/scorecard/src/alerts/alert-rules.schema.json. */
  @IsOptional()
  @IsString()
  ALERT_RULES_FILE?: string;

  /** Open alerts unacknowledged this long move one owner up the unit hierarchy (duration, e.g. 30m, 1h). */
  @Matches(/^\d+(ms|s|m|h|d|w)$/, { message: 'must be a duration such as 30m or 1h' })
  ALERT_ESCALATE_AFTER: string = '1h';

  /** Comma-separated http(s) URLs that receive signed alert webhooks; empty = no webhooks. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*$/, { message: 'must be comma-separated http(s) URLs' })
  ALERT_WEBHOOK_URLS?: string;

  /** HMAC-SHA256 secret for the X-BSC-Signature header of alert webhooks (required when URLs are set). */
  @IsOptional()
  @IsString()
  ALERT_WEBHOOK_SECRET?: string;

  /**
   * Alerts are published as JSON (QoS 1) to <prefix>/<unitId>/<kpiId> on the platform broker; `off` turns it off
   * (an empty environment variable counts as unset, like every other one, so it cannot).
   */
  @Transform(({ value }: { value: unknown }) => (value === 'off' ? '' : value))
  @IsString()
  @Matches(/^[^#+]*$/, { message: 'must not contain MQTT wildcards' })
  ALERT_MQTT_TOPIC_PREFIX: string = 'bsc/alerts';
}

/** Injection token of the validated ingestion config. */
export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');
