import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthRegistry } from '@bsc/app-kit';
import { SampleRepository } from '@bsc/persistence';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { loadOpcUaStack } from '../connectors/opcua/opcua-stack.loader';
import { SAMPLE_INTAKE, type SampleIntake } from '../pipeline/sample-intake.port';
import {
  DEMO_SIGNAL_IDS,
  SPARKPLUG_DEVICE,
  SPARKPLUG_EDGE_NODE,
  SPARKPLUG_GROUP,
  demoOpcUaVariables,
} from './demo/demo-signal-routes';
import type { SimSample } from './demo/demo-samples';
import { SIMULATOR_SOURCE, alignDown, backfillDays } from './history/history-backfill';
import { formatSpan, runBackfill, type BackfillProgress } from './history/history-backfill.runner';
import { SIMULATOR_OPTIONS, type SimulatorOptions } from './simulator.options';
import { SimulatorRuntime } from './simulator-runtime';
import { SimulatorMqttPublisher } from './transports/simulator-mqtt-publisher';
import type { SimulatorOpcUaServer } from './transports/simulator-opcua-server';
import { SparkplugEdgeNode } from './transports/sparkplug-edge-node';

const STATUS_ID = 'simulator';

/**
 * The built-in ACME plant: an OPC UA server for Plant North, MQTT JSON for Plant South and the business
 * systems, a Sparkplug B edge node for the line 3 cutter, HR/complaints straight into the pipeline; on first
 * start, months of history through the pipeline in the background. Everything starts without blocking the app.
 */
@Injectable()
export class SimulatorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SimulatorService.name);
  private opcua?: SimulatorOpcUaServer;
  private opcuaReady = false;
  private mqtt?: SimulatorMqttPublisher;
  private sparkplug?: SparkplugEdgeNode;
  private timer?: NodeJS.Timeout;
  private backfillTimer?: NodeJS.Timeout;
  private backfillRun?: Promise<unknown>;
  private stopping = false;
  readonly backfill: BackfillProgress = { state: 'pending', submitted: 0, accepted: 0, done: 0, elapsedMs: 0 };

  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: SimulatorOptions,
    @Inject(SAMPLE_INTAKE) private readonly intake: SampleIntake,
    private readonly status: ConnectorStatusRegistry,
    @Optional() private readonly health?: HealthRegistry,
    @Optional() private readonly samples?: SampleRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    const { seed, tickMs } = this.options;
    this.health?.register('simulator', () => ({ ok: true, detail: this.describe() }));
    this.status.report(STATUS_ID, 'simulator', 'connecting');
    void this.startOpcUa();
    this.startMqtt();
    // History ends where the live run begins, so the two never overlap.
    const liveStart = alignDown(Date.now(), tickMs);
    const runtime = new SimulatorRuntime(seed, liveStart, {
      opcua: (identifier, value, ts) => this.opcuaReady && this.opcua?.setValue(identifier, value, 0, new Date(ts)),
      mqtt: (topic, payload) => this.mqtt?.publish(topic, payload),
      sparkplug: (metric, value, ts) => this.sparkplug?.publish(metric, value, ts),
      intake: (samples) => void this.submit(samples),
    });
    this.timer = setInterval(() => this.safely(() => runtime.tick(alignDown(Date.now(), tickMs))), tickMs);
    this.backfillTimer = setTimeout(() => {
      this.backfillRun = this.maybeBackfill(liveStart).catch((error: Error) => {
        this.backfill.state = 'failed';
        this.backfill.detail = error.message;
        this.logger.error(`simulator backfill not started: ${error.message}`);
      });
    }, this.options.backfill.delayMs);
    this.status.report(STATUS_ID, 'simulator', 'connected', `seed ${seed}`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    clearTimeout(this.backfillTimer);
    await this.backfillRun;
    await Promise.all([this.mqtt?.stop(), this.sparkplug?.stop(), this.opcua?.stop().catch(() => undefined)]);
    this.opcuaReady = false;
    this.status.report(STATUS_ID, 'simulator', 'stopped');
  }

  describe(): Record<string, unknown> {
    return {
      opcua: this.opcuaReady ? this.opcua?.endpointUrl : 'starting',
      mqtt: this.mqtt?.connected ? 'connected' : 'connecting',
      sparkplug: this.sparkplug?.connected ? 'connected' : 'connecting',
      backfill: { ...this.backfill },
    };
  }

  private async startOpcUa(): Promise<void> {
    const { port, pkiDir, resourcePath } = this.options.opcua;
    try {
      // node-opcua loads only when the simulator runs (see loadOpcUaStack)
      const [{ routeNodeOpcuaLogs }, { SimulatorOpcUaServer }] = await Promise.all([
        loadOpcUaStack(),
        import('./transports/simulator-opcua-server'),
      ]);
      if (this.stopping) return;
      routeNodeOpcuaLogs();
      const server = new SimulatorOpcUaServer({
        port,
        resourcePath,
        pkiDir,
        variables: demoOpcUaVariables(),
        rootName: 'ACME',
      });
      this.opcua = server;
      await server.start();
      if (this.stopping) return;
      this.opcuaReady = true;
      this.logger.log(`simulator OPC UA server listening on ${server.endpointUrl}`);
    } catch (error) {
      this.logger.error(`simulator OPC UA server did not start on port ${port}: ${(error as Error).message}`);
      this.status.report(STATUS_ID, 'simulator', 'failed', `OPC UA server: ${(error as Error).message}`);
    }
  }

  private startMqtt(): void {
    const { mqttUrl, mqttConnection, seed } = this.options;
    this.mqtt = new SimulatorMqttPublisher(
      {
        url: mqttUrl,
        clientId: `bsc-simulator-${seed}`,
        connection: mqttConnection,
        eventTopicPrefixes: ['acme/erp/', 'acme/crm/'],
      },
      this.logger,
    );
    this.mqtt.start();
    this.sparkplug = new SparkplugEdgeNode(
      {
        url: mqttUrl,
        clientId: `bsc-simulator-sparkplug-${seed}`,
        group: SPARKPLUG_GROUP,
        edgeNode: SPARKPLUG_EDGE_NODE,
        device: SPARKPLUG_DEVICE,
        metrics: ['Vibration/RMS'],
        connection: mqttConnection,
      },
      this.logger,
      Math.floor(Date.now() / 1000),
    );
    this.sparkplug.start();
  }

  /** The full window on first start, the gap since the newest demo sample after a restart, nothing if up to date. */
  private async maybeBackfill(end: number): Promise<void> {
    const { days, stepMs, batchSize } = this.options.backfill;
    // Only history before the live run counts: live samples arrive before this runs and would hide a missing backfill.
    const newest = (await this.samples?.newestBefore(DEMO_SIGNAL_IDS, end).catch(() => null)) ?? undefined;
    const toGenerate = backfillDays(days, stepMs, end, newest);
    if (toGenerate === 0) {
      this.backfill.state = 'skipped';
      this.backfill.detail = newest === undefined ? 'SIMULATOR_BACKFILL_DAYS is 0' : 'history up to date';
      this.logger.log(`simulator backfill skipped: ${this.backfill.detail}`);
      return;
    }
    if (newest !== undefined)
      this.logger.log(`simulator catching up ${formatSpan(toGenerate)} since the newest stored sample`);
    await runBackfill(
      { seed: this.options.seed, end, days: toGenerate, stepMs, batchSize },
      this.intake,
      this.logger,
      this.backfill,
      () => this.stopping,
    );
  }

  private async submit(samples: readonly SimSample[]): Promise<void> {
    try {
      await this.intake.submit(samples.map((s) => ({ ...s, quality: 'good' as const, source: SIMULATOR_SOURCE })));
    } catch (error) {
      this.logger.warn(`simulator: ${samples.length} HR/CRM samples not accepted: ${(error as Error).message}`);
    }
  }

  private safely(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.logger.error(`simulator tick failed: ${(error as Error).message}`);
    }
  }
}
