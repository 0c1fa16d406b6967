import type { LoggerService } from '@nestjs/common';
import {
  ClientSubscription,
  OPCUAClient,
  TimestampsToReturn,
  type ClientMonitoredItemGroup,
  type ClientSession,
  type DataValue,
  type OPCUACertificateManager,
  type UserIdentityInfo,
} from 'node-opcua';
import type { OpcUaServerDef } from '@bsc/twin';
import type { ConnectorState } from '../connector-status.registry';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';
import { batchBindings, bindingIdentity, diffBindings, type OpcUaBinding } from './opcua-binding';
import { dataValueToSample } from './opcua-data-value.mapper';
import { itemToMonitor, monitoringParametersFor } from './opcua-monitoring-parameters';
import { assertSecurityPair, toMessageSecurityMode, toSecurityPolicy } from './opcua-security';

/** A first connection that keeps failing is logged on its first attempt and then every this many. */
const FIRST_CONNECT_LOG_EVERY = 10;

export interface OpcUaReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface OpcUaEndpointOptions {
  server: OpcUaServerDef;
  certificateManager: OPCUACertificateManager;
  userIdentity: UserIdentityInfo;
  applicationName: string;
  maxItemsPerSubscription: number;
  reconnect: OpcUaReconnectPolicy;
  onSamples: (samples: RawSampleInput[]) => void;
  onState: (state: ConnectorState, detail?: string) => void;
  logger: LoggerService;
}

interface SubscriptionSlot {
  subscription: ClientSubscription;
  items: number;
}

interface MonitoredBatch {
  bindings: OpcUaBinding[];
  group: ClientMonitoredItemGroup;
  slot: SubscriptionSlot;
}

const LIFETIME_COUNT = 60;
const MAX_KEEP_ALIVE_COUNT = 10;
const MAX_NOTIFICATIONS_PER_PUBLISH = 1_000;

/**
 * One OPC UA server: client, session, subscriptions split by size, monitored items batched by equal parameters.
 * node-opcua reconnects the channel with backoff and, after a server restart, recreates the session, its
 * subscriptions and monitored items itself (verified by test/integration/opcua); this class supervises the
 * first connection (retrying with backoff when it is refused) and applies model changes incrementally.
 */
export class OpcUaEndpointConnection {
  private client?: OPCUAClient;
  private session?: ClientSession;
  private readonly slots: SubscriptionSlot[] = [];
  private batches: MonitoredBatch[] = [];
  private bindings: OpcUaBinding[] = [];
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private attempts = 0;
  /** Serialises connect, re-binding and stop, which all touch the same subscriptions. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: OpcUaEndpointOptions) {}

  get endpoint(): string {
    return this.options.server.endpoint;
  }

  start(bindings: readonly OpcUaBinding[]): void {
    this.bindings = [...bindings];
    this.enqueue(() => this.connect());
  }

  /** Applies a new set of bindings for this server: only the batches that changed are recreated. */
  updateBindings(next: readonly OpcUaBinding[]): Promise<void> {
    return this.enqueue(async () => {
      const { added, removed } = diffBindings(this.bindings, next);
      this.bindings = [...next];
      if (!this.session || (added.length === 0 && removed.length === 0)) return;
      await this.removeBindings(removed);
      await this.monitor(added);
      this.options.logger.log?.(`OPC UA ${this.endpoint}: ${added.length} item(s) added, ${removed.length} removed`);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    // Disconnecting aborts a pending connect backoff, so stop never waits for a server that is down.
    await client?.disconnect().catch(() => undefined);
    await this.enqueue(() => this.teardown());
    this.options.onState('stopped');
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { server, reconnect } = this.options;
    this.options.onState('connecting', server.endpoint);
    try {
      assertSecurityPair(server.securityMode, server.securityPolicy);
      const client = OPCUAClient.create({
        applicationName: this.options.applicationName,
        clientName: `${this.options.applicationName}:${server.id}`,
        endpointMustExist: false,
        keepSessionAlive: true,
        securityMode: toMessageSecurityMode(server.securityMode),
        securityPolicy: toSecurityPolicy(server.securityPolicy),
        clientCertificateManager: this.options.certificateManager,
        // maxRetry -1: retry forever while the server is down; errors that cannot heal (untrusted certificate) abort.
        connectionStrategy: { initialDelay: reconnect.initialDelayMs, maxDelay: reconnect.maxDelayMs, maxRetry: -1 },
      });
      this.client = client;
      this.watchClient(client);
      await client.connect(server.endpoint);
      if (this.stopped) return;
      const session = await client.createSession(this.options.userIdentity);
      this.session = session;
      session.on('session_restored', () => this.options.logger.log?.(`OPC UA ${server.endpoint}: session restored`));
      await this.monitor(this.bindings);
      this.attempts = 0;
      this.options.onState('connected', server.endpoint);
      this.options.logger.log?.(`OPC UA ${server.endpoint}: connected, ${this.bindings.length} item(s) monitored`);
    } catch (error) {
      await this.teardown();
      if (this.stopped) return;
      this.scheduleRetry(error as Error);
    }
  }

  private scheduleRetry(error: Error): void {
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(this.attempts, 16));
    this.attempts += 1;
    this.options.onState('failed', `${this.endpoint}: ${error.message}`);
    this.options.logger.warn(`OPC UA ${this.endpoint}: connection failed (${error.message}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => this.enqueue(() => this.connect()), delay);
  }

  private watchClient(client: OPCUAClient): void {
    const endpoint = this.endpoint;
    client.on('connection_lost', () => {
      if (this.stopped) return;
      this.options.onState('reconnecting', `${endpoint}: connection lost`);
      this.options.logger.warn(`OPC UA ${endpoint}: connection lost, reconnecting`);
    });
    client.on('backoff', (retry: number, delay: number) => {
      if (this.session) this.options.onState('reconnecting', `${endpoint}: retry ${retry + 1} in ${delay} ms`);
      else this.options.onState('connecting', `${endpoint}: retry ${retry + 1} in ${delay} ms`);
      // node-opcua retries the first connect itself and never throws: without this a wrong endpoint stays silent
      if (!this.session && retry % FIRST_CONNECT_LOG_EVERY === 0) {
        this.options.logger.warn(`OPC UA ${endpoint}: cannot connect (attempt ${retry + 1}); retrying in ${delay} ms`);
      }
    });
    client.on('connection_reestablished', () => {
      this.options.onState('connected', endpoint);
      this.options.logger.log?.(`OPC UA ${endpoint}: connection re-established`);
    });
  }

  private async monitor(bindings: readonly OpcUaBinding[]): Promise<void> {
    if (!this.session || bindings.length === 0) return;
    for (const batch of batchBindings(bindings, this.options.maxItemsPerSubscription)) {
      const slot = await this.slotWithRoom(batch.length);
      const group = await slot.subscription.monitorItems(
        batch.map(itemToMonitor),
        monitoringParametersFor(batch[0]),
        TimestampsToReturn.Both,
      );
      slot.items += batch.length;
      group.on('changed', (_item, dataValue: DataValue, index: number) => this.onChanged(batch[index], dataValue));
      this.batches.push({ bindings: batch, group, slot });
      this.reportRefusedItems(batch, group);
    }
  }

  private onChanged(binding: OpcUaBinding | undefined, dataValue: DataValue): void {
    if (!binding) return;
    this.options.onSamples([dataValueToSample(binding.signalId, this.options.server.id, dataValue, Date.now())]);
  }

  private reportRefusedItems(batch: readonly OpcUaBinding[], group: ClientMonitoredItemGroup): void {
    group.monitoredItems.forEach((item, index) => {
      if (item.statusCode && item.statusCode.isNotGood()) {
        this.options.logger.warn(
          `OPC UA ${this.endpoint}: node ${batch[index].nodeId} (signal ${batch[index].signalId}) refused: ${item.statusCode.name}`,
        );
      }
    });
  }

  private async removeBindings(removed: readonly OpcUaBinding[]): Promise<void> {
    if (removed.length === 0) return;
    const gone = new Set(removed.map(bindingIdentity));
    const affected = this.batches.filter((b) => b.bindings.some((binding) => gone.has(bindingIdentity(binding))));
    this.batches = this.batches.filter((b) => !affected.includes(b));
    const survivors: OpcUaBinding[] = [];
    for (const batch of affected) {
      await batch.group.terminate().catch(() => undefined);
      batch.slot.items -= batch.bindings.length;
      survivors.push(...batch.bindings.filter((binding) => !gone.has(bindingIdentity(binding))));
    }
    await this.monitor(survivors);
  }

  private async slotWithRoom(size: number): Promise<SubscriptionSlot> {
    const existing = this.slots.find((s) => s.items + size <= this.options.maxItemsPerSubscription);
    if (existing) return existing;
    const session = this.session;
    if (!session) throw new Error('no session');
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: this.options.server.publishingInterval ?? 1_000,
      requestedLifetimeCount: LIFETIME_COUNT,
      requestedMaxKeepAliveCount: MAX_KEEP_ALIVE_COUNT,
      maxNotificationsPerPublish: MAX_NOTIFICATIONS_PER_PUBLISH,
      publishingEnabled: true,
      priority: 1,
    });
    const slot = { subscription, items: 0 };
    this.slots.push(slot);
    subscription.on('terminated', () => this.onSubscriptionLost(slot));
    return slot;
  }

  /**
   * A subscription the server ended (lifetime expired while publish requests could not reach it) and node-opcua
   * did not restore: its items move to a new subscription. Our own teardown removes the slot first, so it is ignored.
   */
  private onSubscriptionLost(slot: SubscriptionSlot): void {
    if (this.stopped || !this.slots.includes(slot)) return;
    this.options.logger.warn(`OPC UA ${this.endpoint}: subscription terminated by the server, recreating its items`);
    void this.enqueue(async () => {
      if (this.stopped || !this.slots.includes(slot)) return;
      this.slots.splice(this.slots.indexOf(slot), 1);
      const orphans = this.batches.filter((b) => b.slot === slot);
      this.batches = this.batches.filter((b) => b.slot !== slot);
      await this.monitor(orphans.flatMap((b) => b.bindings)).catch((error: Error) =>
        this.options.logger.error(`OPC UA ${this.endpoint}: items not recreated: ${error.message}`),
      );
    });
  }

  private async teardown(): Promise<void> {
    const session = this.session;
    const client = this.client;
    this.session = undefined;
    this.client = undefined;
    this.batches = [];
    this.slots.length = 0;
    // Closing the session deletes its subscriptions on the server.
    if (session) await session.close(true).catch(() => undefined);
    if (client) await client.disconnect().catch(() => undefined);
  }
}
