import type {
  BscEventHandler,
  BscEventMap,
  BscEventName,
  EventBus,
  EventOrigin,
  PublishOptions,
} from './bsc-events.types';

/**
 * Synchronous fan-out in the same process. A throwing handler is isolated (reported, not propagated)
 * so that one bad subscriber cannot stop ingestion. Nothing leaves the process, so a publish's `remote` form is
 * never used.
 */
export class InProcessEventBus implements EventBus {
  private readonly handlers = new Map<BscEventName, Set<BscEventHandler<BscEventName>>>();

  constructor(private readonly onHandlerError: (name: BscEventName, error: unknown) => void = () => undefined) {}

  publish<K extends BscEventName>(name: K, payload: BscEventMap[K], _options?: PublishOptions<K>): void {
    this.deliver(name, payload, 'local');
  }

  /** Serves this process's subscribers an event and where it was published (a broker-backed bus's own use). */
  deliver<K extends BscEventName>(name: K, payload: BscEventMap[K], origin: EventOrigin): void {
    const set = this.handlers.get(name);
    if (!set) return;
    for (const handler of set) {
      try {
        (handler as BscEventHandler<K>)(payload, origin);
      } catch (error) {
        this.onHandlerError(name, error);
      }
    }
  }

  subscribe<K extends BscEventName>(name: K, handler: BscEventHandler<K>): () => void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler as BscEventHandler<BscEventName>);
    return () => set.delete(handler as BscEventHandler<BscEventName>);
  }
}
