import type { IngestionConfig } from '../../config/ingestion.config';
import { WRITE_POLICY } from '../../pipeline/write-policy';
import type { OpcUaReconnectPolicy } from './opcua-endpoint-connection';
import { parseOpcUaCredentials, type OpcUaCredential } from './opcua-security';
import { followSimulator } from './simulator-endpoint';

export interface OpcUaConnectorOptions {
  pkiDir: string;
  trustUnknownServers: boolean;
  credentials: ReadonlyMap<string, OpcUaCredential>;
  applicationName: string;
  /** Larger endpoints are split over several subscriptions (servers cap items per subscription). */
  maxItemsPerSubscription: number;
  reconnect: OpcUaReconnectPolicy;
  /** Samples are handed to the pipeline in batches of at most this many... */
  maxBatchSize: number;
  /** ...and never more than this many wait in memory while the pipeline applies backpressure (the rest are dropped and counted). */
  maxPendingSamples: number;
  /** Maps a model endpoint to the one to connect to (the built-in simulator's port); default: as the model says. */
  endpointFor?: (endpoint: string) => string;
}

export const OPCUA_CONNECTOR_OPTIONS = Symbol('OPCUA_CONNECTOR_OPTIONS');

export const DEFAULT_OPCUA_CONNECTOR_OPTIONS: Omit<
  OpcUaConnectorOptions,
  'pkiDir' | 'trustUnknownServers' | 'credentials'
> = {
  applicationName: 'bsc-ingestion',
  maxItemsPerSubscription: 1_000,
  reconnect: { initialDelayMs: 1_000, maxDelayMs: 30_000, trustPollMs: 5_000, trustRecheckMs: 600_000 },
  // the pipeline's write batch: the batcher keeps one submit in flight, so a smaller one caps every transaction
  maxBatchSize: WRITE_POLICY.batchSize,
  maxPendingSamples: 100_000,
};

export function opcUaConnectorOptionsFromConfig(config: IngestionConfig): OpcUaConnectorOptions {
  return {
    ...DEFAULT_OPCUA_CONNECTOR_OPTIONS,
    pkiDir: config.OPCUA_PKI_DIR,
    trustUnknownServers: config.OPCUA_TRUST_UNKNOWN_SERVERS,
    credentials: parseOpcUaCredentials(config.OPCUA_CREDENTIALS),
    endpointFor: config.SIMULATOR_ENABLED ? followSimulator(config.SIMULATOR_OPCUA_PORT) : undefined,
  };
}
