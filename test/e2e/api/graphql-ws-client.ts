import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received<T> {
  next: () => Promise<T>;
  error: Promise<unknown>;
  dispose: () => void;
}

/** Subscribes and exposes the stream as promises, so tests await events instead of sleeping. */
export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Received<T> {
  const queue: T[] = [];
  const waiting: Array<(value: T) => void> = [];
  let fail: (error: unknown) => void = () => undefined;
  const error = new Promise<unknown>((resolve) => (fail = resolve));
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) return fail(result.errors);
        const value = result.data as T;
        const w = waiting.shift();
        if (w) w(value);
        else queue.push(value);
      },
      error: fail,
      complete: () => undefined,
    },
  );
  return {
    next: () =>
      queue.length > 0 ? Promise.resolve(queue.shift() as T) : new Promise<T>((resolve) => waiting.push(resolve)),
    error,
    dispose,
  };
}

export const connect = (url: string, connectionParams: Record<string, unknown>): Client =>
  createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });

/**
 * graphql-ws gives no "subscribed" acknowledgement: publish a probe on the bus until the stream yields, so the test
 * waits exactly as long as the subscription takes to attach (no fixed sleeps).
 */
export async function untilAttached<T>(stream: Received<T>, probe: () => void): Promise<T> {
  const timer = setInterval(probe, 20);
  try {
    return await stream.next();
  } finally {
    clearInterval(timer);
  }
}
