import { LeaseConflictError, type LeaseStore } from './lease-store';

/** Why a held lease ended. `expired`: not renewed in time; `taken`: the store says someone else has it now. */
export type LeaseLossReason = 'expired' | 'taken' | 'shed' | 'released';

export interface LeaseHandlers {
  /** The lease is ours; `revision` is a fencing token that grows with every acquisition. */
  onAcquired?(name: string, revision: number): void | Promise<void>;
  /**
   * The lease is no longer ours. For `shed` and `released` the keeper waits for the handler before it frees the
   * key, so a worker can stop its work before a successor starts.
   */
  onLost?(name: string, reason: LeaseLossReason): void | Promise<void>;
}

export interface ContendOptions extends LeaseHandlers {
  /** Hold only a fair share, ceil(names / live keepers in the same store), and shed the surplus. */
  balance?: boolean;
}

export interface LeaseKeeperOptions {
  /** Unique per process (and per start): it is what the store records as holder. */
  holder: string;
  /** Where `balance` keepers announce themselves; must end with '.'. */
  memberPrefix?: string;
  onError?(error: unknown): void;
}

export interface LeaseHandle {
  readonly name: string;
  readonly held: boolean;
  /** Stops contending and frees the lease if held. */
  release(): Promise<void>;
}

export interface LeaseSet {
  /** Names held right now. */
  held(): string[];
  release(): Promise<void>;
}

/** Renew three times per lease time: one lost renewal is survivable. */
const RENEWALS_PER_TTL = 3;
/** A holder gives up at 3/4 of the lease time without a renewal, before the store can hand the key to anyone. */
const SAFE_FRACTION = 0.75;
const DEFAULT_MEMBER_PREFIX = 'member.';

class Slot implements LeaseHandle {
  revision = 0;
  /** Local time by which a renewal must have succeeded. */
  deadline = 0;
  deadlineTimer?: ReturnType<typeof setTimeout>;
  stopped = false;
  /** Being handed back: not renewed, not re-acquired until the key is freed. */
  shedding = false;

  constructor(
    readonly name: string,
    readonly handlers: LeaseHandlers,
    private readonly keeper: LeaseKeeper,
    readonly group?: SlotGroup,
  ) {}

  get held(): boolean {
    return this.revision > 0;
  }

  release(): Promise<void> {
    return this.keeper.releaseSlot(this, 'released');
  }
}

class SlotGroup implements LeaseSet {
  readonly slots: Slot[] = [];

  constructor(
    readonly balance: boolean,
    private readonly keeper: LeaseKeeper,
  ) {}

  held(): string[] {
    return this.slots.filter((s) => s.held).map((s) => s.name);
  }

  async release(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.keeper.releaseSlot(s, 'released')));
  }
}

/**
 * Holds named leases in a {@link LeaseStore}: acquires free ones, renews held ones every third of the lease time,
 * and reports a lease lost as soon as a renewal is refused or when it could no longer be sure of it. A process that
 * dies simply stops renewing; its leases expire and another keeper acquires them on its next round.
 */
export class LeaseKeeper {
  private readonly slots: Slot[] = [];
  private readonly groups: SlotGroup[] = [];
  private readonly memberPrefix: string;
  private member?: Slot;
  private members = 1;
  private timer?: ReturnType<typeof setTimeout>;
  private running?: Promise<void>;
  private closed = false;

  constructor(
    private readonly store: LeaseStore,
    private readonly options: LeaseKeeperOptions,
  ) {
    this.memberPrefix = options.memberPrefix ?? DEFAULT_MEMBER_PREFIX;
  }

  get holder(): string {
    return this.options.holder;
  }

  private get roundMs(): number {
    return this.store.ttlMs / RENEWALS_PER_TTL;
  }

  /** Contends for one lease until released: acquires it whenever it is free, keeps it while this process lives. */
  hold(name: string, handlers: LeaseHandlers = {}): LeaseHandle {
    const slot = new Slot(name, handlers, this);
    this.slots.push(slot);
    this.kick();
    return slot;
  }

  /** Contends for a set of leases (e.g. partitions); with `balance`, several keepers share the set evenly. */
  contend(names: readonly string[], options: ContendOptions = {}): LeaseSet {
    const group = new SlotGroup(options.balance ?? false, this);
    if (group.balance && !this.member) {
      this.member = new Slot(`${this.memberPrefix}${this.options.holder}`, {}, this);
      this.slots.push(this.member);
    }
    for (const name of names) {
      const slot = new Slot(name, options, this, group);
      group.slots.push(slot);
      this.slots.push(slot);
    }
    this.groups.push(group);
    this.kick();
    return group;
  }

  /** Frees every lease; the process can exit right after. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all(this.slots.map((s) => this.releaseSlot(s, 'released')));
  }

  async releaseSlot(slot: Slot, reason: 'released' | 'shed'): Promise<void> {
    if (reason === 'released') slot.stopped = true;
    if (!slot.held) return;
    const revision = slot.revision;
    this.drop(slot);
    slot.shedding = true;
    try {
      await this.notify(() => slot.handlers.onLost?.(slot.name, reason));
      await this.store.delete(slot.name, revision);
    } catch (error) {
      // already expired or taken: nothing of ours to free
      if (!(error instanceof LeaseConflictError)) this.options.onError?.(error);
    } finally {
      slot.shedding = false;
    }
  }

  /** Runs a round now (new contenders should not wait a whole round). */
  private kick(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const previous = this.running ?? Promise.resolve();
    this.running = previous.then(() => this.round());
  }

  private async round(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const live = this.slots.filter((s) => !s.stopped);
    await Promise.all(live.filter((s) => s.held).map((s) => this.renew(s)));
    if (this.member) await this.countMembers();
    for (const group of this.groups) this.balance(group);
    // one at a time: a balanced group must stop at its share
    for (const slot of live) if (!slot.held && this.wants(slot)) await this.acquire(slot);
    if (!this.closed) this.timer = setTimeout(() => this.kick(), this.roundMs);
  }

  private wants(slot: Slot): boolean {
    if (slot.stopped || slot.shedding) return false;
    const group = slot.group;
    if (!group?.balance) return true;
    return group.held().length < this.share(group);
  }

  private share(group: SlotGroup): number {
    return Math.ceil(group.slots.length / Math.max(1, this.members));
  }

  /** Hands back the surplus in the background: the worker's `onLost` may take a while, renewals must not wait. */
  private balance(group: SlotGroup): void {
    if (!group.balance) return;
    const held = group.slots.filter((s) => s.held);
    const surplus = held.length - this.share(group);
    if (surplus <= 0) return;
    // the last listed go first, so the split is predictable
    for (const slot of held.slice(held.length - surplus)) void this.releaseSlot(slot, 'shed');
  }

  private async countMembers(): Promise<void> {
    try {
      const keys = await this.store.keys(this.memberPrefix);
      // a joiner counts itself before its own key is written: counting only the others, its first round took
      // every free lease up to their share and shed the surplus a round later (work started and stopped again)
      const own = keys.includes(this.member!.name) ? 0 : 1;
      this.members = keys.length + own;
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async acquire(slot: Slot): Promise<void> {
    const started = Date.now();
    let revision: number;
    try {
      revision = await this.store.create(slot.name, this.options.holder);
    } catch (error) {
      if (!(error instanceof LeaseConflictError)) {
        this.options.onError?.(error);
        return;
      }
      // a create that timed out on our side may have landed: the entry is ours, take it back by revision
      const entry = await this.store.get(slot.name).catch(() => null);
      if (entry?.holder !== this.options.holder) return;
      try {
        revision = await this.store.update(slot.name, this.options.holder, entry.revision);
      } catch {
        return;
      }
    }
    if (slot.stopped || this.closed) {
      await this.store.delete(slot.name, revision).catch(() => undefined);
      return;
    }
    this.keep(slot, revision, started);
    // not awaited: a worker may rebuild state for seconds, renewals go on meanwhile
    void this.notify(() => slot.handlers.onAcquired?.(slot.name, revision));
  }

  private async renew(slot: Slot): Promise<void> {
    const started = Date.now();
    const revision = slot.revision;
    try {
      const next = await this.store.update(slot.name, this.options.holder, revision);
      // lost meanwhile (deadline passed while the write was in flight): the entry will expire unrenewed
      if (slot.revision !== revision) return;
      this.keep(slot, next, started);
    } catch (error) {
      if (slot.revision !== revision) return;
      if (error instanceof LeaseConflictError) this.lose(slot, 'taken');
      else this.options.onError?.(error);
    }
  }

  /** Records a successful write started at `started`: the store keeps it at least `ttl` from then. */
  private keep(slot: Slot, revision: number, started: number): void {
    slot.revision = revision;
    slot.deadline = started + this.store.ttlMs * SAFE_FRACTION;
    if (slot.deadlineTimer) clearTimeout(slot.deadlineTimer);
    slot.deadlineTimer = setTimeout(() => this.lose(slot, 'expired'), slot.deadline - Date.now());
  }

  private drop(slot: Slot): void {
    slot.revision = 0;
    if (slot.deadlineTimer) clearTimeout(slot.deadlineTimer);
    slot.deadlineTimer = undefined;
  }

  private lose(slot: Slot, reason: 'expired' | 'taken'): void {
    if (!slot.held) return;
    this.drop(slot);
    void this.notify(() => slot.handlers.onLost?.(slot.name, reason));
  }

  private async notify(handler: () => void | Promise<void>): Promise<void> {
    try {
      await handler();
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
