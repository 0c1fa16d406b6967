import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { backoffDelays } from '@bsc/common';
import { signWebhook } from '@bsc/scorecard';
import type { AlertMetrics } from '../alert-metrics';
import type { AlertNotification } from '../alert-notification';
import type { AlertNotifier } from './alert-notifier.port';
import { isRetryableStatus, WEBHOOK_POLICY, type WebhookPolicy } from './webhook-policy';
import { fetchSender, type WebhookSender } from './webhook-sender';

/** Drops are logged at most this often (each one is counted in the metrics). */
const DROP_LOG_INTERVAL_MS = 10_000;

export interface WebhookNotifierOptions {
  urls: readonly string[];
  secret: string;
  policy?: Partial<WebhookPolicy>;
  send?: WebhookSender;
  /** Resolves after ms, rejects when the signal aborts (shutdown). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  newDeliveryId?: () => string;
}

interface Delivery {
  id: string;
  url: string;
  type: AlertNotification['type'];
  body: string;
}

/**
 * Signed JSON webhooks: one delivery per URL and notification, each with its own X-BSC-Delivery id (kept across
 * retries so receivers can de-duplicate). A bounded queue and a few workers keep the KPI stream from ever
 * waiting; network errors, 5xx and 429 are retried with jittered exponential backoff, other 4xx are final.
 */
export class WebhookNotifier implements AlertNotifier {
  readonly name = 'webhook';
  private readonly logger = new Logger(WebhookNotifier.name);
  private readonly policy: WebhookPolicy;
  private readonly send: WebhookSender;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly newDeliveryId: () => string;
  private readonly queue: Delivery[] = [];
  private readonly stop = new AbortController();
  private readonly idleWaiters: Array<() => void> = [];
  private active = 0;
  private closed = false;
  private lastDropLogAt = -Infinity;

  constructor(
    private readonly options: WebhookNotifierOptions,
    private readonly metrics: AlertMetrics,
  ) {
    this.policy = { ...WEBHOOK_POLICY, ...options.policy };
    this.send = options.send ?? fetchSender;
    this.sleep = options.sleep ?? abortableSleep;
    this.newDeliveryId = options.newDeliveryId ?? randomUUID;
  }

  notify(notification: AlertNotification): void {
    // Serialised once: the signature covers exactly these bytes for every receiver.
    const body = JSON.stringify(notification);
    for (const url of this.options.urls) {
      if (this.closed || this.queue.length >= this.policy.queueCapacity) {
        this.dropped(url, this.closed ? 'shutting down' : 'queue full');
        continue;
      }
      this.queue.push({ id: this.newDeliveryId(), url, type: notification.type, body });
    }
    this.pump();
  }

  /** Deliveries waiting or in flight. */
  get pending(): number {
    return this.queue.length + this.active;
  }

  /** Resolves once nothing is queued or in flight. */
  whenIdle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops what is queued, lets deliveries in flight finish within the grace period, then abandons them. */
  async close(): Promise<void> {
    this.closed = true;
    for (const d of this.queue.splice(0)) this.dropped(d.url, 'shutting down');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.policy.shutdownGraceMs)));
    await Promise.race([this.whenIdle(), grace]);
    clearTimeout(timer);
    this.stop.abort();
    await this.whenIdle();
  }

  private pump(): void {
    while (this.active < this.policy.concurrency && this.queue.length > 0) {
      const delivery = this.queue.shift() as Delivery;
      this.active++;
      void this.deliver(delivery).finally(() => {
        this.active--;
        this.pump();
        if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  private async deliver(d: Delivery): Promise<void> {
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'bsc-alerts/1',
      'x-bsc-event': d.type,
      'x-bsc-delivery': d.id,
      'x-bsc-signature': signWebhook(d.body, this.options.secret),
    };
    const { maxAttempts, baseDelayMs, maxDelayMs, jitter, timeoutMs } = this.policy;
    const delays = backoffDelays(maxAttempts - 1, baseDelayMs, maxDelayMs, { jitter, random: this.options.random });
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      let retryAfterMs: number | undefined;
      try {
        const response = await this.send(
          d.url,
          d.body,
          headers,
          AbortSignal.any([this.stop.signal, AbortSignal.timeout(timeoutMs)]),
        );
        if (response.status >= 200 && response.status < 300) {
          this.metrics.webhookDeliveries.inc({ outcome: 'delivered' });
          return;
        }
        if (!isRetryableStatus(response.status)) {
          this.metrics.webhookDeliveries.inc({ outcome: 'rejected' });
          this.logger.warn(
            { url: d.url, delivery: d.id, status: response.status },
            'alert webhook rejected by the receiver; not retried',
          );
          return;
        }
        problem = `HTTP ${response.status}`;
        retryAfterMs = response.retryAfterMs;
      } catch (error) {
        if (this.stop.signal.aborted) return this.dropped(d.url, 'shutting down');
        problem = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= maxAttempts) {
        this.metrics.webhookDeliveries.inc({ outcome: 'failed' });
        this.logger.warn({ url: d.url, delivery: d.id, attempts: attempt, problem }, 'alert webhook failed; giving up');
        return;
      }
      this.metrics.webhookDeliveries.inc({ outcome: 'retried' });
      // A receiver's Retry-After wins over a shorter backoff, within our own cap.
      const delay = Math.min(maxDelayMs, Math.max(delays[attempt - 1], retryAfterMs ?? 0));
      this.logger.debug(
        { url: d.url, delivery: d.id, attempt, problem, delay },
        'alert webhook attempt failed; retrying',
      );
      try {
        await this.sleep(delay, this.stop.signal);
      } catch {
        return this.dropped(d.url, 'shutting down');
      }
    }
  }

  private dropped(url: string, reason: string): void {
    this.metrics.webhookDeliveries.inc({ outcome: 'dropped' });
    const now = Date.now();
    if (now - this.lastDropLogAt >= DROP_LOG_INTERVAL_MS) {
      this.lastDropLogAt = now;
      this.logger.warn(
        { url, reason, queueCapacity: this.policy.queueCapacity },
        'alert webhook delivery dropped (see bsc_alert_webhook_deliveries_total{outcome="dropped"})',
      );
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** abort() without a reason sets a DOMException (an Error); a custom non-Error reason is wrapped. */
function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(`aborted: ${String(reason)}`);
}
