/** Longest error message kept in a dead letter's detail. */
const MAX_DETAIL = 200;

export type Guarded<T> = { ok: true; value: T } | { ok: false; detail: string };

/**
 * Runs a connector's decoding of one message. What it throws (input no rule foresaw) comes back as a dead letter's
 * detail: a handler that rejected would leave the message unacknowledged, holding a slot of the receive window.
 */
export function tryDecode<T>(decode: () => T): Guarded<T> {
  try {
    return { ok: true, value: decode() };
  } catch (error) {
    // Only an Error's message or a string: String() of a thrown deep array would throw again.
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'a non-error value';
    return { ok: false, detail: `decoding threw: ${message.slice(0, MAX_DETAIL)}` };
  }
}
