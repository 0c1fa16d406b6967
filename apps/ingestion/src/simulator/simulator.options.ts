import type { IClientOptions } from 'mqtt';
import type { IngestionConfig } from '../config/ingestion.config';
import { mqttClientOptions, mqttUrl } from '../connectors/mqtt/mqtt-client-options';
import { SIMULATOR_OPCUA_RESOURCE_PATH } from '../connectors/opcua/simulator-endpoint';

export interface SimulatorOptions {
  enabled: boolean;
  seed: number;
  tickMs: number;
  opcua: { port: number; pkiDir: string; resourcePath: string };
  /** Broker the MQTT publisher and the Sparkplug edge node talk to. */
  mqttUrl: string;
  /** Their credentials, CA, protocol version and keepalive: the ingestion's own towards the same broker. */
  mqttConnection?: IClientOptions;
  backfill: { days: number; stepMs: number; batchSize: number; delayMs: number };
}

export const SIMULATOR_OPTIONS = Symbol('SIMULATOR_OPTIONS');

/** Large batches: the pipeline stores each in one transaction; 5 000 keeps one batch well under a second. */
const BACKFILL_BATCH_SIZE = 5_000;
/** Let the HTTP server start listening before the backfill takes CPU. */
const BACKFILL_DELAY_MS = 1_000;

export function simulatorOptionsFromConfig(config: IngestionConfig): SimulatorOptions {
  return {
    enabled: config.SIMULATOR_ENABLED,
    seed: config.SIMULATOR_SEED,
    tickMs: config.SIMULATOR_TICK_MS,
    opcua: {
      port: config.SIMULATOR_OPCUA_PORT,
      pkiDir: config.SIMULATOR_PKI_DIR,
      resourcePath: SIMULATOR_OPCUA_RESOURCE_PATH,
    },
    mqttUrl: mqttUrl(config),
    mqttConnection: mqttClientOptions(config),
    backfill: {
      days: config.SIMULATOR_BACKFILL_DAYS,
      stepMs: config.SIMULATOR_BACKFILL_STEP_S * 1000,
      batchSize: BACKFILL_BATCH_SIZE,
      delayMs: BACKFILL_DELAY_MS,
    },
  };
}
