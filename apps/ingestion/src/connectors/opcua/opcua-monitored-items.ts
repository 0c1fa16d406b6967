import { statusCodeToQuality } from '@bsc/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import {
  TimestampsToReturn,
  type ClientMonitoredItemGroup,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
} from 'node-opcua';
import { batchBindings, bindingIdentity, type OpcUaBinding } from './opcua-binding';
import { refusalProblemOf, type OpcUaItemHealth } from './opcua-item-health';
import {
  itemToMonitor,
  MAX_KEEP_ALIVE_COUNT,
  monitoringParametersFor,
  subscriptionLifetimeCount,
} from './opcua-monitoring-parameters';

export interface OpcUaMonitoredItemsOptions {
  endpoint: string;
  /** Requested publishing interval of every subscription (ms). */
  publishingInterval: number;
  maxItemsPerSubscription: number;
  items: OpcUaItemHealth;
  logger: LoggerService;
  onChanged: (binding: OpcUaBinding | undefined, dataValue: DataValue) => void;
  /** Runs a task in the connection's queue (subscriptions are only touched from there). */
  enqueue: (task: () => Promise<void>) => Promise<void>;
  stopped: () => boolean;
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

const MAX_NOTIFICATIONS_PER_PUBLISH = 1_000;

/**
 * The subscriptions and monitored items of one session: items split into subscriptions of the size the server
 * accepts, created in batches of equal monitoring parameters, one CreateMonitoredItems call per event-loop turn.
 */
export class OpcUaMonitoredItems {
  private session?: ClientSession;
  private readonly slots: SubscriptionSlot[] = [];
  private batches: MonitoredBatch[] = [];
  private limits = { perCall: 0, perSubscription: 0 };

  constructor(private readonly options: OpcUaMonitoredItemsOptions) {}

  /** A new session: items go into its subscriptions, at most `limits` per call and per subscription. */
  attach(session: ClientSession, limits: { perCall: number; perSubscription: number }): void {
    this.session = session;
    this.limits = limits;
  }

  /** The session is gone (closing it deleted its subscriptions on the server). */
  detach(): void {
    this.session = undefined;
    this.batches = [];
    this.slots.length = 0;
  }

  /**
   * Every subscription the items need is created first, while the server does not yet sample them: a server busy
   * sampling the items of earlier calls answered CreateSubscription ever later (past the request timeout at 45,000).
   */
  async monitor(bindings: readonly OpcUaBinding[]): Promise<void> {
    if (!this.session || bindings.length === 0) return;
    const planned: Array<{ batch: OpcUaBinding[]; slot: SubscriptionSlot }> = [];
    try {
      for (const batch of batchBindings(bindings, this.limits.perCall || this.options.maxItemsPerSubscription)) {
        const slot = await this.slotWithRoom(batch.length);
        // room is reserved now, so the next batch's slot is chosen knowing this one's
        slot.items += batch.length;
        planned.push({ batch, slot });
      }
      while (planned.length > 0) {
        const { batch, slot } = planned[0];
        // one CreateMonitoredItems call per turn of the event loop: tens of thousands of items never block it
        await nextTurn();
        const group = await slot.subscription.monitorItems(
          batch.map(itemToMonitor),
          monitoringParametersFor(batch[0]),
          TimestampsToReturn.Both,
        );
        planned.shift();
        keepRequestedParameters(batch, group);
        group.on('changed', (_item, dataValue: DataValue, index: number) =>
          this.options.onChanged(batch[index], dataValue),
        );
        this.batches.push({ bindings: batch, group, slot });
        this.reportRefusedItems(batch, group);
      }
    } finally {
      // a failed call: the room reserved for batches not monitored is free again
      for (const { batch, slot } of planned) slot.items -= batch.length;
    }
  }

  /** Removes the bindings; the other items of their batches are monitored again in new batches. */
  async remove(removed: readonly OpcUaBinding[]): Promise<void> {
    if (removed.length === 0) return;
    const gone = new Set(removed.map(bindingIdentity));
    const affected = new Set(
      this.batches.filter((b) => b.bindings.some((binding) => gone.has(bindingIdentity(binding)))),
    );
    this.batches = this.batches.filter((b) => !affected.has(b));
    const survivors: OpcUaBinding[] = [];
    for (const batch of affected) {
      await batch.group.terminate().catch(() => undefined);
      batch.slot.items -= batch.bindings.length;
      survivors.push(...batch.bindings.filter((binding) => !gone.has(bindingIdentity(binding))));
    }
    await this.monitor(survivors);
  }

  /**
   * After node-opcua repaired a session (re-created the items if the server restarted): the items ask for the requested
   * parameters again, and those the server refused this time are reported.
   */
  review(): void {
    for (const batch of this.batches) {
      keepRequestedParameters(batch.bindings, batch.group);
      this.reportRefusedItems(batch.bindings, batch.group);
    }
  }

  private reportRefusedItems(batch: readonly OpcUaBinding[], group: ClientMonitoredItemGroup): void {
    const now = Date.now();
    group.monitoredItems.forEach((item, index) => {
      // by severity: node-opcua's isNotGood() counts a Good code with flag bits as refused
      if (item.statusCode && statusCodeToQuality(item.statusCode.value) !== 'good')
        this.options.items.observe(batch[index], refusalProblemOf(item.statusCode), now);
    });
  }

  private async slotWithRoom(size: number): Promise<SubscriptionSlot> {
    const perSubscription = this.limits.perSubscription || this.options.maxItemsPerSubscription;
    const existing = this.slots.find((s) => s.items + size <= perSubscription);
    if (existing) return existing;
    const session = this.session;
    if (!session) throw new Error('no session');
    const subscription = await session
      .createSubscription2({
        requestedPublishingInterval: this.options.publishingInterval,
        requestedLifetimeCount: subscriptionLifetimeCount(this.options.publishingInterval, session.timeout),
        requestedMaxKeepAliveCount: MAX_KEEP_ALIVE_COUNT,
        // one publish per interval carries a full subscription's changes
        maxNotificationsPerPublish: Math.max(MAX_NOTIFICATIONS_PER_PUBLISH, 2 * perSubscription),
        publishingEnabled: true,
        priority: 1,
      })
      .catch((error: Error) => {
        // A server that caps subscriptions per session without announcing it: our per-subscription size is a
        // preference, so the items share the emptiest subscription instead of failing the whole connection.
        if (this.slots.length === 0 || !/BadTooManySubscriptions/.test(error.message)) throw error;
        return undefined;
      });
    if (!subscription) {
      this.limits = { ...this.limits, perSubscription: Number.MAX_SAFE_INTEGER };
      return this.slots.reduce((a, b) => (b.items < a.items ? b : a));
    }
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
    const { stopped, logger, endpoint } = this.options;
    if (stopped() || !this.slots.includes(slot)) return;
    logger.warn(`OPC UA ${endpoint}: subscription terminated by the server, recreating its items`);
    void this.options.enqueue(async () => {
      if (stopped() || !this.slots.includes(slot)) return;
      this.slots.splice(this.slots.indexOf(slot), 1);
      const orphans = this.batches.filter((b) => b.slot === slot);
      this.batches = this.batches.filter((b) => b.slot !== slot);
      await this.monitor(orphans.flatMap((b) => b.bindings)).catch((error: Error) => {
        logger.error(`OPC UA ${endpoint}: items not recreated: ${error.message}`);
      });
    });
  }
}

/**
 * node-opcua keeps the server's revised sampling interval and queue size as the item's parameters and re-creates the
 * items of a restarted server from them. A requested 0 (every change, exception-based) revised to the server's
 * fastest sampling would come back as a periodic sampling at that rate, which misses values when a sample runs late:
 * each creation puts the requested values back, so a re-creation asks for what the model asks for.
 */
function keepRequestedParameters(batch: readonly OpcUaBinding[], group: ClientMonitoredItemGroup): void {
  const { samplingInterval, queueSize } = monitoringParametersFor(batch[0]);
  for (const item of group.monitoredItems) {
    if (samplingInterval !== undefined) item.monitoringParameters.samplingInterval = samplingInterval;
    if (queueSize !== undefined) item.monitoringParameters.queueSize = queueSize;
  }
}
