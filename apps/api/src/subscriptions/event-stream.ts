import type { BscEventMap, BscEventName, EventBus } from '@bsc/events';

/** Events a slow subscriber may fall behind by before the oldest are dropped (a live view wants the newest). */
export const SUBSCRIBER_BUFFER = 1_000;

/**
 * An async iterator over bus events for one subscriber: `select` filters (scope, arguments) and maps each payload,
 * returning null to skip it, or an array for an event that carries several items (each is one element). Pushes synchronously from the bus, so delivery adds no polling delay. Unsubscribes
 * from the bus when the client stops (return/throw).
 */
export function eventStream<T>(
  bus: EventBus,
  names: readonly BscEventName[],
  select: <K extends BscEventName>(name: K, payload: BscEventMap[K]) => T | readonly T[] | null,
  bufferSize = SUBSCRIBER_BUFFER,
): AsyncIterableIterator<T> & { dropped: () => number } {
  const queue: T[] = [];
  const waiting: Array<(result: IteratorResult<T>) => void> = [];
  let done = false;
  let dropped = 0;
  const deliver = (item: T): void => {
    const next = waiting.shift();
    if (next) return next({ value: item, done: false });
    if (queue.length >= bufferSize) {
      queue.shift();
      dropped += 1;
    }
    queue.push(item);
  };
  const offs = names.map((name) =>
    bus.subscribe(name, (payload) => {
      if (done) return;
      const selected = select(name, payload);
      if (selected === null) return;
      for (const item of isMany(selected) ? selected : [selected]) deliver(item);
    }),
  );
  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      offs.forEach((off) => off());
      queue.length = 0;
      for (const w of waiting.splice(0)) w({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next: () => {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: finish,
    throw: async (error?: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    dropped: () => dropped,
  };
}

function isMany<T>(selected: T | readonly T[]): selected is readonly T[] {
  return Array.isArray(selected);
}
