import { NatsError, type JetStreamManager, type StreamConfig, type StreamInfo } from 'nats';
import { untilStreamKnown } from './event-stream-reader';

/** JetStream API error codes (nats-server's errors.json). */
const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;

/**
 * The settings a process declares for a stream. Those it leaves out keep the stream's values, but for the duplicate
 * window: the server derives it from the max age, as at a creation.
 */
export type StreamDeclaration = Partial<StreamConfig> & { name: string };

/**
 * Makes the stream what this process declares: creates it when missing, brings it to these settings when it has
 * others (a setting changed between versions or restarts takes effect at the next start), leaves it alone when it has
 * them. Another process creating it at the same moment fails no start: the creation that finds it made updates it
 * instead, so the last to declare wins. A setting JetStream cannot change in place (retention, storage) fails the
 * start, naming the stream. Gives the stream's info as the call that made it so answered; on a cluster a stream just
 * created may not be found by the next request for a moment, which is waited out.
 */
export function declareStream(jsm: JetStreamManager, declared: StreamDeclaration): Promise<StreamInfo> {
  return untilStreamKnown(() => ensureStream(jsm, declared));
}

async function ensureStream(jsm: JetStreamManager, declared: StreamDeclaration): Promise<StreamInfo> {
  const existing = await jsm.streams.info(declared.name).catch((error: unknown) => {
    if (apiErrorCode(error) === STREAM_NOT_FOUND) return undefined;
    throw error;
  });
  if (!existing) {
    try {
      return await jsm.streams.add(declared);
    } catch (error) {
      // made by another process since we looked: the server accepts an identical creation, refuses another one
      if (apiErrorCode(error) !== STREAM_NAME_IN_USE) throw error;
    }
  } else if (!differs(declared, existing.config)) {
    return existing;
  }
  try {
    // the update starts from the stream's config: an undeclared duplicate window is left to the server (2 min, or
    // the max age when shorter) as at a creation, where the old one would be refused beside a shorter max age
    return await jsm.streams.update(declared.name, { duplicate_window: 0, ...declared });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`stream ${declared.name} cannot take the declared settings: ${reason}`, { cause: error });
  }
}

function differs(declared: StreamDeclaration, actual: StreamConfig): boolean {
  const has = actual as unknown as Record<string, unknown>;
  return Object.entries(declared).some(
    ([key, value]) => value !== undefined && JSON.stringify(has[key]) !== JSON.stringify(value),
  );
}

function apiErrorCode(error: unknown): number | undefined {
  return error instanceof NatsError ? error.api_error?.err_code : undefined;
}
