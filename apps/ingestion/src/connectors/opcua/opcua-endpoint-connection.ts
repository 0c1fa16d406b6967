import type { LoggerService } from '@nestjs/common';
import {
  OPCUAClient,
  type ClientSession,
  type DataValue,
  type OPCUACertificateManager,
  type UserIdentityInfo,
} from 'node-opcua';
import { backoffDelay } from '@bsc/common';
import type { OpcUaServerDef } from '@bsc/twin';
import type { ConnectorState } from '../connector-status.registry';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';
import { diffBindings, itemLimits, type OpcUaBinding } from './opcua-binding';
import { dataValueToSample, hasSourceTime } from './opcua-data-value.mapper';
import { readItemLimits } from './opcua-server-limits';
import { itemProblemOf, OpcUaItemHealth, type OpcUaItemProblem } from './opcua-item-health';
import { OpcUaMonitoredItems } from './opcua-monitored-items';
import { UndatedRepeats } from './opcua-undated-repeats';
import { assertSecurityPair, toMessageSecurityMode, toSecurityPolicy } from './opcua-security';
import { TrustChangeWatch, trustAdvice, trustRefusalOf, type TrustRefusalKind } from './opcua-trust';

export interface OpcUaReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** After a certificate or user-token refusal: how often the PKI folder is checked for a change... */
  trustPollMs: number;
  /** ...and after how long one probe is made anyway (the server's side may have changed). */
  trustRecheckMs: number;
}

/** A refusal that stopped the retries, until the trust situation changes. */
export interface OpcUaTrustProblem {
  kind: TrustRefusalKind;
  detail: string;
  since: number;
}

export interface OpcUaEndpointOptions {
  server: OpcUaServerDef;
  certificateManager: OPCUACertificateManager;
  pkiDir: string;
  userIdentity: UserIdentityInfo;
  applicationName: string;
  maxItemsPerSubscription: number;
  reconnect: OpcUaReconnectPolicy;
  onSamples: (samples: RawSampleInput[]) => void;
  onState: (state: ConnectorState, detail?: string) => void;
  logger: LoggerService;
}

/**
 * One OPC UA server: client, session, subscriptions split by size, monitored items batched by equal parameters.
 * node-opcua reconnects the channel with backoff and, after a server restart, recreates the session, its
 * subscriptions and monitored items itself (verified by test/integration/opcua). This class runs every other
 * connection attempt: each failure is logged with its backoff delay, and a certificate or user-token refusal
 * (first connect or reconnect alike) stops the retries until the PKI folder changes. It applies model changes
 * incrementally and keeps per-item problems (vanished, refused, retyped nodes) for health.
 */
export class OpcUaEndpointConnection {
  private client?: OPCUAClient;
  private session?: ClientSession;
  private readonly monitored: OpcUaMonitoredItems;
  private bindings: OpcUaBinding[] = [];
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private attempts = 0;
  private trustProblem?: OpcUaTrustProblem;
  private readonly trustWatch: TrustChangeWatch;
  private readonly items: OpcUaItemHealth;
  private readonly undatedRepeats = new UndatedRepeats();
  /** Serialises connect, re-binding and stop, which all touch the same subscriptions. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: OpcUaEndpointOptions) {
    const { reconnect, pkiDir, logger } = options;
    this.trustWatch = new TrustChangeWatch(pkiDir, reconnect.trustPollMs, reconnect.trustRecheckMs);
    this.items = new OpcUaItemHealth((message, recovered) => {
      if (recovered) logger.log?.(`OPC UA ${this.endpoint}: ${message}`);
      else logger.warn(`OPC UA ${this.endpoint}: ${message}`);
    });
    this.monitored = new OpcUaMonitoredItems({
      endpoint: options.server.endpoint,
      publishingInterval: options.server.publishingInterval ?? 1_000,
      maxItemsPerSubscription: options.maxItemsPerSubscription,
      items: this.items,
      logger,
      onChanged: (binding, dataValue) => this.onChanged(binding, dataValue),
      enqueue: (task) => this.enqueue(task),
      stopped: () => this.stopped,
    });
  }

  get endpoint(): string {
    return this.options.server.endpoint;
  }

  /** Items that vanished, were refused or changed type; the trust refusal that stopped the retries, if any. */
  problems(): { items: OpcUaItemProblem[]; trust?: OpcUaTrustProblem } {
    return { items: this.items.list(), trust: this.trustProblem };
  }

  start(bindings: readonly OpcUaBinding[]): void {
    this.bindings = [...bindings];
    // connect() handles its own failures; this only catches one of the teardown after a failure
    void this.enqueue(() => this.connect()).catch((error: Error) => {
      this.options.logger.error(`OPC UA ${this.endpoint}: first connection not set up: ${error.message}`);
    });
  }

  /** Applies a new set of bindings for this server: only the batches that changed are recreated. */
  updateBindings(next: readonly OpcUaBinding[]): Promise<void> {
    return this.enqueue(async () => {
      const { added, removed } = diffBindings(this.bindings, next);
      this.bindings = [...next];
      if (!this.session || (added.length === 0 && removed.length === 0)) return;
      this.items.forget(removed.map((b) => b.signalId));
      this.undatedRepeats.forget(removed.map((b) => b.signalId));
      await this.monitored.remove(removed);
      await this.monitored.monitor(added);
      this.options.logger.log?.(`OPC UA ${this.endpoint}: ${added.length} item(s) added, ${removed.length} removed`);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.trustWatch.cancel();
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
        // A short first connect (maxRetry 1: two tries; 0 would also turn off node-opcua's reconnection): our loop
        // retries with a logged backoff, or waits after a trust refusal. Reconnects of an established session are
        // node-opcua's (infinite, it restores the session and subscriptions) until one fails for a reason.
        connectionStrategy: { initialDelay: reconnect.initialDelayMs, maxDelay: reconnect.maxDelayMs, maxRetry: 1 },
      });
      this.client = client;
      this.watchClient(client);
      await client.connect(server.endpoint);
      if (this.stopped) return;
      const session = await client.createSession(this.options.userIdentity);
      this.session = session;
      session.on('session_restored', () => {
        this.options.logger.log?.(`OPC UA ${server.endpoint}: session restored`);
      });
      // node-opcua recreates the items after a server restart without an event for those the server refused
      session.on('session_repaired', () => this.monitored.review());
      session.on('session_repaired_failed', (error: Error) => this.abandonReconnection(client, error));
      const limits = itemLimits(
        this.options.maxItemsPerSubscription,
        await readItemLimits(session),
        this.bindings.length,
      );
      this.monitored.attach(session, limits);
      await this.monitored.monitor(this.bindings);
      this.attempts = 0;
      this.trustProblem = undefined;
      this.options.onState('connected', server.endpoint);
      this.options.logger.log?.(`OPC UA ${server.endpoint}: connected, ${this.bindings.length} item(s) monitored`);
    } catch (error) {
      await this.teardown();
      if (this.stopped) return;
      this.afterFailure(error as Error);
    }
  }

  /** A refusal of trust waits for the trust situation to change; anything else retries with backoff. */
  private afterFailure(error: Error): void {
    const refusal = trustRefusalOf(error);
    if (refusal) this.waitForTrust(refusal, error);
    else this.scheduleRetry(error);
  }

  private scheduleRetry(error: Error): void {
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    this.attempts += 1;
    // the project's backoff: base * 2^(n-1) capped, with equal jitter so many endpoints do not retry in step
    const delay = backoffDelay(this.attempts - 1, initialDelayMs, maxDelayMs, { jitter: 'equal' });
    const reason = firstLine(error);
    this.options.onState('failed', `${this.endpoint}: ${reason}`);
    this.options.logger.warn(
      `OPC UA ${this.endpoint}: connection attempt ${this.attempts} failed (${reason}); retrying in ${delay} ms`,
    );
    this.retryTimer = setTimeout(() => void this.enqueue(() => this.connect()), delay);
  }

  private waitForTrust(kind: TrustRefusalKind, error: Error): void {
    const detail = `${firstLine(error)}; ${trustAdvice(kind, this.options.pkiDir)}`;
    const repeated = this.trustProblem?.detail === detail;
    this.trustProblem = { kind, detail, since: repeated && this.trustProblem ? this.trustProblem.since : Date.now() };
    this.options.onState('failed', `${this.endpoint}: ${detail}`);
    if (!repeated) this.options.logger.error(`OPC UA ${this.endpoint}: retries stopped: ${detail}`);
    void this.trustWatch.start((reason) => {
      if (this.stopped) return;
      this.options.logger.log?.(`OPC UA ${this.endpoint}: ${reason}; connecting again`);
      void this.enqueue(async () => {
        // the manager's index follows file events that may lag or be missed: read the stores afresh
        await this.options.certificateManager.reloadCertificates().catch(() => undefined);
        await this.connect();
      });
    });
  }

  /**
   * node-opcua retries a failed reconnect at once (setImmediate), which spins when the cause is a refusal. The
   * first such failure hands the endpoint back to our own loop: the client is dropped and the cause decides.
   */
  private abandonReconnection(client: OPCUAClient, error: Error): void {
    void this.enqueue(async () => {
      if (this.stopped || this.client !== client) return;
      this.options.logger.warn(`OPC UA ${this.endpoint}: reconnection failed (${firstLine(error)})`);
      await this.teardown();
      this.afterFailure(error);
    });
  }

  private watchClient(client: OPCUAClient): void {
    const endpoint = this.endpoint;
    client.on('connection_lost', () => {
      if (this.stopped) return;
      this.options.onState('reconnecting', `${endpoint}: connection lost`);
      this.options.logger.warn(`OPC UA ${endpoint}: connection lost, reconnecting`);
    });
    client.on('backoff', (retry: number, delay: number) => {
      // during a first connect our own loop logs the outcome; this is node-opcua's reconnection of a session
      if (!this.session) return;
      this.options.onState('reconnecting', `${endpoint}: retry ${retry + 1} in ${delay} ms`);
      this.options.logger.warn(`OPC UA ${endpoint}: reconnect attempt ${retry + 1} failed; retrying in ${delay} ms`);
    });
    client.on('reconnection_attempt_has_failed', (error: Error) => this.abandonReconnection(client, error));
    client.on('connection_reestablished', () => {
      this.options.onState('connected', endpoint);
      this.options.logger.log?.(`OPC UA ${endpoint}: connection re-established`);
    });
  }

  private onChanged(binding: OpcUaBinding | undefined, dataValue: DataValue): void {
    if (!binding) return;
    const now = Date.now();
    this.items.observe(binding, itemProblemOf(binding.dataType, dataValue), now);
    const sample = dataValueToSample(binding, this.options.server.id, dataValue, now);
    if (this.undatedRepeats.isRepeat(sample, hasSourceTime(dataValue))) return;
    this.options.onSamples([sample]);
  }

  private async teardown(): Promise<void> {
    const session = this.session;
    const client = this.client;
    this.session = undefined;
    this.client = undefined;
    this.monitored.detach();
    // Closing the session deletes its subscriptions on the server.
    if (session) await session.close(true).catch(() => undefined);
    if (client) await client.disconnect().catch(() => undefined);
  }
}

/** node-opcua messages run over several lines (with advice and the cause last); a log line takes the first. */
function firstLine(error: Error): string {
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const cause = lines.find((line) => /^Err = /.test(line));
  return cause ? `${lines[0]} ${cause}` : (lines[0] ?? error.name);
}
