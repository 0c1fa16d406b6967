import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BaseAppConfig, toBoolean } from '@bsc/app-kit';

/** Configuration of the ingestion app (connectors, pipeline, simulator). */
export class IngestionConfig extends BaseAppConfig {
  /** Broker URL (mqtt://, mqtts://, ws://); empty in the embedded profile = the in-process broker. */
  @IsOptional() @Matches(/^(mqtts?|wss?|tcp|tls):\/\//, { message: 'must be an mqtt://, mqtts:// or ws:// URL' })
  MQTT_URL?: string;

  /** Port of the in-process MQTT broker (used when MQTT_URL is empty); 1884 so it never clashes with a local 1883. */
  @IsInt() @Min(0) @Max(65535)
  MQTT_EMBEDDED_PORT: number = 1884;

  /** Fixed client id: with clean start off, the broker keeps our session and queued QoS 1 messages. */
  @IsString()
  MQTT_CLIENT_ID: string = 'bsc-ingestion';

  @IsOptional() @IsString()
  MQTT_USERNAME?: string;

  @IsOptional() @IsString()
  MQTT_PASSWORD?: string;

  /** MQTT 5 shared-subscription group; set it when several ingestion instances split one stream. */
  @IsOptional() @Matches(/^[^/#+$]+$/, { message: 'must be a plain group name' })
  MQTT_SHARE_GROUP?: string;

  /** CA file for mqtts:// brokers with a private CA. */
  @IsOptional() @IsString()
  MQTT_CA_FILE?: string;

  /** Start the built-in plant simulator (OPC UA server + MQTT publisher + history backfill). */
  @Transform(toBoolean) @IsBoolean()
  SIMULATOR_ENABLED: boolean = false;

  @IsInt()
  SIMULATOR_SEED: number = 42;

  /** Days of history the simulator backfills on first start, so forecasts have data at once. */
  @IsInt() @Min(0) @Max(3650)
  SIMULATOR_BACKFILL_DAYS: number = 180;

  /** Port of the simulator's OPC UA server. */
  @IsInt() @Min(1) @Max(65535)
  SIMULATOR_OPCUA_PORT: number = 4840;

  /** Accept OPC UA server certificates that are not in the trusted store (never in production). */
  @Transform(toBoolean) @IsBoolean()
  OPCUA_TRUST_UNKNOWN_SERVERS: boolean = false;

  /** Folder of the OPC UA client's PKI (application certificate, trusted/rejected server certificates). */
  @IsString()
  OPCUA_PKI_DIR: string = 'data/pki';

  /** JSON map of credential sets named by the model's opcuaServers[].credentials: {"name":{"user":"..","password":".."}}. */
  @IsOptional() @IsString()
  OPCUA_CREDENTIALS?: string;

  /** Bearer token required by the HTTP sample intake; empty = intake disabled. */
  @IsOptional() @IsString()
  INTAKE_TOKEN?: string;
}
