import { connect } from 'nats';
import { DEFAULT_SUBJECT_PREFIX, eventStreamName } from '@bsc/events';

/** What crossed between the processes on the events stream while samples streamed in. */
export interface EventStreamFigures {
  messages: number;
  bytes: number;
  /** Stream bytes per published sample. */
  bytesPerSample: number;
}

/** The apps' events stream (default prefix) as it stands: messages and bytes stored so far; null without a bus. */
export async function eventStreamTotals(urls: string): Promise<{ messages: number; bytes: number } | null> {
  if (!urls) return null;
  const nc = await connect({ servers: urls.split(',') });
  try {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(eventStreamName(DEFAULT_SUBJECT_PREFIX));
    return { messages: state.messages, bytes: state.bytes };
  } catch {
    return null;
  } finally {
    await nc.close();
  }
}

/** The stream's growth between two readings, per published sample (null when either reading is missing). */
export function eventStreamFigures(
  before: { messages: number; bytes: number } | null,
  after: { messages: number; bytes: number } | null,
  published: number,
): EventStreamFigures | null {
  if (!before || !after || published === 0) return null;
  const bytes = after.bytes - before.bytes;
  return {
    messages: after.messages - before.messages,
    bytes,
    bytesPerSample: Math.round((bytes / published) * 10) / 10,
  };
}
