/** The HTTP answer a delivery needs. */
export interface WebhookResponse {
  status: number;
  /** Retry-After in ms when the receiver sent one (seconds or HTTP date). */
  retryAfterMs?: number;
}

/** One POST; rejects on network errors and timeouts. Injectable so tests can script receivers. */
export type WebhookSender = (
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<WebhookResponse>;

export const fetchSender: WebhookSender = async (url, body, headers, signal) => {
  // Redirects are not followed: a signed delivery goes only where it was configured to go.
  const response = await fetch(url, { method: 'POST', body, headers, signal, redirect: 'manual' });
  // Drain the body so the connection returns to the pool.
  await response.arrayBuffer().catch(() => undefined);
  return { status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()) };
};

export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
