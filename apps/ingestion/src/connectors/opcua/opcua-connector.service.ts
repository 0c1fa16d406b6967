import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ACTIVE_MODEL, HealthRegistry, type HealthCheckResult } from '@bsc/app-kit';
import type { TwinModel } from '@bsc/twin';
import type { OPCUACertificateManager } from 'node-opcua';
import { Counter, Registry } from 'prom-client';
import { ConnectorStatusRegistry, type ConnectorState } from '../connector-status.registry';
import { SAMPLE_INTAKE, type RawSampleInput, type SampleIntake } from '../../pipeline/sample-intake.port';
import { planOpcUaEndpoints, serverDefinitionChanged, type OpcUaEndpointPlan } from './opcua-binding';
import { OPCUA_CONNECTOR_OPTIONS, type OpcUaConnectorOptions } from './opcua-connector.options';
import { opcUaSource } from './opcua-data-value.mapper';
import type { OpcUaEndpointConnection } from './opcua-endpoint-connection';
import { SampleBatcher } from './opcua-sample-batcher';
import { userIdentityFor } from './opcua-security';
import { loadOpcUaStack } from './opcua-stack.loader';

/** The part of ACTIVE_MODEL the connector reads: the model in force and its changes. */
export interface OpcUaModelSource {
  current(): { model: TwinModel };
  onChange(listener: (snapshot: { model: TwinModel }) => void): () => void;
}

interface LiveEndpoint {
  plan: OpcUaEndpointPlan;
  connection: OpcUaEndpointConnection;
  state: ConnectorState;
  since: number;
  /** Data changes received and not yet added to the labelled counter. */
  uncounted: number;
}

/**
 * Connects to every OPC UA server of the active model that has bound signals and keeps the set of servers and
 * monitored items in line with the model as it changes. Samples go to the pipeline through SAMPLE_INTAKE.
 */
@Injectable()
export class OpcUaConnectorService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OpcUaConnectorService.name);
  private readonly endpoints = new Map<string, LiveEndpoint>();
  private readonly batcher: SampleBatcher;
  private readonly samplesCounter?: Counter<'server'>;
  private certificateManager?: Promise<OPCUACertificateManager>;
  private unsubscribe?: () => void;
  private reconciling: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Endpoints with data changes not yet counted (counted once per macrotask, see countSamples). */
  private readonly uncounted = new Set<LiveEndpoint>();

  constructor(
    @Inject(OPCUA_CONNECTOR_OPTIONS) private readonly options: OpcUaConnectorOptions,
    @Inject(SAMPLE_INTAKE) intake: SampleIntake,
    private readonly status: ConnectorStatusRegistry,
    @Inject(ACTIVE_MODEL) private readonly activeModel: OpcUaModelSource,
    @Optional() private readonly health?: HealthRegistry,
    @Optional() metrics?: Registry,
  ) {
    this.batcher = new SampleBatcher(
      intake,
      { maxBatchSize: options.maxBatchSize, maxPending: options.maxPendingSamples },
      (error, lost) => this.logger.error(`OPC UA samples lost: ${lost} (pipeline refused the batch: ${error.message})`),
    );
    if (metrics) {
      this.samplesCounter = new Counter({
        name: 'bsc_opcua_samples_total',
        help: 'OPC UA data changes received',
        labelNames: ['server'],
        registers: [metrics],
      });
    }
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  /**
   * Module destroy runs before the pipeline's beforeApplicationShutdown closes the write buffer, so every sample
   * received before the sessions closed is still accepted and flushed (application shutdown came too late).
   */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Starts in the background: the app does not wait for plant servers to answer. */
  start(): void {
    this.health?.register('opcua', () => this.healthCheck());
    this.unsubscribe = this.activeModel.onChange((snapshot) => void this.reconcile(snapshot.model));
    void this.reconcile(this.activeModel.current().model);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.reconciling;
    await Promise.all([...this.endpoints.keys()].map((id) => this.close(id)));
    this.countSamples();
    await this.batcher.drain();
  }

  /** Current state per server, for tests and diagnostics. */
  states(): Record<string, ConnectorState> {
    return Object.fromEntries([...this.endpoints].map(([id, e]) => [id, e.state]));
  }

  reconcile(model: TwinModel): Promise<void> {
    const run = this.reconciling.then(() => this.applyModel(model));
    this.reconciling = run.catch((error: Error) =>
      this.logger.error(`OPC UA model change not applied: ${error.message}`),
    );
    return this.reconciling;
  }

  private async applyModel(model: TwinModel): Promise<void> {
    if (this.stopped) return;
    const endpointFor = this.options.endpointFor ?? ((endpoint: string) => endpoint);
    const plans = new Map(
      planOpcUaEndpoints(model).map((plan) => [
        plan.server.id,
        { ...plan, server: { ...plan.server, endpoint: endpointFor(plan.server.endpoint) } },
      ]),
    );
    for (const [id, live] of this.endpoints) {
      const next = plans.get(id);
      if (!next || serverDefinitionChanged(live.plan.server, next.server)) await this.close(id);
    }
    for (const [id, plan] of plans) {
      const live = this.endpoints.get(id);
      if (live) {
        live.plan = plan;
        await live.connection.updateBindings(plan.bindings);
      } else {
        await this.open(plan);
      }
    }
  }

  private async open(plan: OpcUaEndpointPlan): Promise<void> {
    const id = plan.server.id;
    const statusId = opcUaSource(id);
    try {
      const userIdentity = userIdentityFor(plan.server, this.options.credentials);
      // node-opcua loads here, with the first server to connect to: a model without one never pays for it
      const { OpcUaEndpointConnection, openClientCertificateManager, routeNodeOpcuaLogs } = await loadOpcUaStack();
      routeNodeOpcuaLogs();
      this.certificateManager ??= openClientCertificateManager(this.options.pkiDir, this.options.trustUnknownServers);
      const certificateManager = await this.certificateManager;
      const live: LiveEndpoint = {
        plan,
        state: 'connecting',
        since: Date.now(),
        uncounted: 0,
        connection: undefined as unknown as OpcUaEndpointConnection,
      };
      live.connection = new OpcUaEndpointConnection({
        server: plan.server,
        certificateManager,
        pkiDir: this.options.pkiDir,
        userIdentity,
        applicationName: this.options.applicationName,
        maxItemsPerSubscription: this.options.maxItemsPerSubscription,
        reconnect: this.options.reconnect,
        logger: this.logger,
        onSamples: (samples) => this.onSamples(live, samples),
        onState: (state, detail) => {
          if (state !== live.state) live.since = Date.now();
          live.state = state;
          this.status.report(statusId, 'opcua', state, detail);
        },
      });
      this.endpoints.set(id, live);
      live.connection.start(plan.bindings);
    } catch (error) {
      this.status.report(statusId, 'opcua', 'failed', (error as Error).message);
      this.logger.error(`OPC UA ${plan.server.endpoint}: ${(error as Error).message}`);
    }
  }

  private async close(id: string): Promise<void> {
    const live = this.endpoints.get(id);
    this.endpoints.delete(id);
    await live?.connection.stop();
    this.status.remove(opcUaSource(id));
  }

  private onSamples(live: LiveEndpoint, samples: RawSampleInput[]): void {
    if (this.uncounted.size === 0) setImmediate(() => this.countSamples());
    if (live.uncounted === 0) this.uncounted.add(live);
    live.uncounted += samples.length;
    this.batcher.push(samples);
  }

  /**
   * One labelled increment per endpoint for all the data changes of a publish response (they arrive one by one in
   * the same macrotask): the label lookup cost more than the rest of a sample's way to the batcher.
   */
  private countSamples(): void {
    for (const live of this.uncounted) {
      this.samplesCounter?.inc({ server: live.plan.server.id }, live.uncounted);
      live.uncounted = 0;
    }
    this.uncounted.clear();
  }

  /**
   * Degraded from the first moment an endpoint is not connected (no grace period: data is not flowing, and saying
   * "ok" then hid outages), or an item vanished, was refused or changed type. Each says why.
   */
  private healthCheck(): HealthCheckResult {
    const detail: Record<string, unknown> = {};
    let ok = true;
    for (const [id, live] of this.endpoints) {
      const { items, trust } = live.connection.problems();
      if (live.state !== 'connected' || items.length > 0) ok = false;
      detail[id] = {
        state: live.state,
        since: new Date(live.since).toISOString(),
        endpoint: live.plan.server.endpoint,
        ...(trust && {
          trust: { refused: trust.kind, detail: trust.detail, since: new Date(trust.since).toISOString() },
        }),
        ...(items.length > 0 && {
          items: items.map((p) => ({
            signal: p.signalId,
            node: p.nodeId,
            problem: p.problem,
            since: new Date(p.since).toISOString(),
          })),
        }),
      };
    }
    detail.droppedSamples = this.batcher.stats.dropped;
    return { ok, detail };
  }
}
