import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { verifyWebhook } from '@bsc/scorecard';
import { AlertMetrics } from '../alert-metrics';
import type { AlertNotification } from '../alert-notification';
import { WebhookNotifier, type WebhookNotifierOptions } from './webhook-notifier';
import type { WebhookResponse, WebhookSender } from './webhook-sender';

const SECRET = 'test-secret';

function aNotification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    type: 'raised',
    alert: {
      id: 'a1',
      dedupKey: 'status-change|oee|plant',
      rule: 'status-change',
      kind: 'status_change',
      severity: 'critical',
      status: 'open',
      message: 'OEE is off target',
      raisedAt: 1_000,
      resolvedAt: null,
      owner: 'line-lead',
      escalationLevel: 0,
    },
    unit: { id: 'plant', name: 'Plant', owner: 'plant-manager' },
    kpi: { id: 'oee', name: 'OEE', unit: '%', periodKey: '2026-11', value: 70, target: 85 },
    at: 1_000,
    ...overrides,
  };
}

interface Call {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** A receiver answering from a script: a status, or an Error for a network failure; the last answer repeats. */
function scripted(answers: Array<number | Error | WebhookResponse>): { send: WebhookSender; calls: Call[] } {
  const calls: Call[] = [];
  const send: WebhookSender = (url, body, headers) => {
    const answer = answers[Math.min(calls.length, answers.length - 1)];
    calls.push({ url, body, headers });
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve(typeof answer === 'number' ? { status: answer } : answer);
  };
  return { send, calls };
}

describe(WebhookNotifier.name, () => {
  let registry: Registry;
  let sleeps: number[];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    registry = new Registry();
    sleeps = [];
  });

  function notifier(send: WebhookSender, options: Partial<WebhookNotifierOptions> = {}): WebhookNotifier {
    return new WebhookNotifier(
      {
        urls: ['http://receiver.test/hook'],
        secret: SECRET,
        send,
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
        random: () => 1,
        policy: { jitter: 'none' },
        ...options,
      },
      new AlertMetrics(registry),
    );
  }

  async function outcomes(): Promise<Record<string, number>> {
    const metric = await registry.getSingleMetric('bsc_alert_webhook_deliveries_total')?.get();
    return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels.outcome), v.value]));
  }

  it('posts the notification as JSON with a verifiable signature, a delivery id and the event type', async () => {
    const { send, calls } = scripted([204]);
    const sut = notifier(send, { newDeliveryId: () => 'd-1' });

    sut.notify(aNotification());
    await sut.whenIdle();

    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0].body)).toEqual(aNotification());
    expect(calls[0].headers).toMatchObject({
      'content-type': 'application/json',
      'x-bsc-delivery': 'd-1',
      'x-bsc-event': 'raised',
    });
    expect(verifyWebhook(calls[0].body, SECRET, calls[0].headers['x-bsc-signature'])).toBe(true);
    expect(await outcomes()).toEqual({ delivered: 1 });
  });

  it.each<[string, Array<number | Error>, number, number[], Record<string, number>]>([
    [
      'retries 5xx with exponential backoff until it succeeds',
      [500, 503, 200],
      3,
      [1_000, 2_000],
      { retried: 2, delivered: 1 },
    ],
    ['retries 429', [429, 200], 2, [1_000], { retried: 1, delivered: 1 }],
    ['retries network errors', [new Error('ECONNREFUSED'), 200], 2, [1_000], { retried: 1, delivered: 1 }],
    ['does not retry other 4xx', [400], 1, [], { rejected: 1 }],
    ['gives up after the last attempt', [502], 5, [1_000, 2_000, 4_000, 8_000], { retried: 4, failed: 1 }],
  ])('%s', async (_name, answers, attempts, delays, expected) => {
    const { send, calls } = scripted(answers);
    const sut = notifier(send);

    sut.notify(aNotification());
    await sut.whenIdle();

    expect(calls).toHaveLength(attempts);
    expect(sleeps).toEqual(delays);
    expect(new Set(calls.map((c) => c.headers['x-bsc-delivery'])).size).toBe(1);
    expect(await outcomes()).toEqual(expected);
  });

  it('caps delays at the maximum and honours a longer Retry-After within it', async () => {
    const { send } = scripted([{ status: 503, retryAfterMs: 3_000 }, { status: 503, retryAfterMs: 999_000 }, 500, 200]);
    const sut = notifier(send, { policy: { jitter: 'none', baseDelayMs: 100, maxDelayMs: 5_000 } });

    sut.notify(aNotification());
    await sut.whenIdle();

    expect(sleeps).toEqual([3_000, 5_000, 400]);
  });

  it('jitters delays with the injected randomness', async () => {
    const { send } = scripted([500, 500, 200]);
    const sut = notifier(send, { policy: { jitter: 'full' }, random: () => 0.5 });

    sut.notify(aNotification());
    await sut.whenIdle();

    expect(sleeps).toEqual([500, 1_000]);
  });

  it('sends one delivery per URL, signed over the same bytes', async () => {
    const { send, calls } = scripted([200]);
    const sut = notifier(send, { urls: ['http://a.test/h', 'http://b.test/h'] });

    sut.notify(aNotification());
    await sut.whenIdle();

    expect(calls.map((c) => c.url).sort()).toEqual(['http://a.test/h', 'http://b.test/h']);
    expect(calls[0].body).toBe(calls[1].body);
    expect(calls[0].headers['x-bsc-delivery']).not.toBe(calls[1].headers['x-bsc-delivery']);
  });

  it('never blocks the caller: beyond the queue capacity deliveries are dropped and counted', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const slow: WebhookSender = async (_url, body) => {
      calls.push(body);
      await gate;
      return { status: 200 };
    };
    const sut = notifier(slow, { policy: { concurrency: 1, queueCapacity: 2 } });

    for (let i = 0; i < 5; i++) sut.notify(aNotification({ at: i }));
    const pendingWhileBlocked = sut.pending;
    release();
    await sut.whenIdle();

    expect(pendingWhileBlocked).toBe(3);
    expect(calls.map((b) => (JSON.parse(b) as AlertNotification).at)).toEqual([0, 1, 2]);
    expect(await outcomes()).toEqual({ delivered: 3, dropped: 2 });
  });

  it('lets a delivery in flight finish when closed within the grace period', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: WebhookSender = async () => {
      await gate;
      return { status: 200 };
    };
    const sut = notifier(slow, { policy: { shutdownGraceMs: 60_000 } });
    sut.notify(aNotification());

    const closing = sut.close();
    release();
    await closing;

    expect(await outcomes()).toEqual({ delivered: 1 });
  });

  it('drops what is still queued or backing off when closed', async () => {
    const { send } = scripted([500]);
    const sut = new WebhookNotifier(
      {
        urls: ['http://receiver.test/hook'],
        secret: SECRET,
        send,
        policy: { baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: 'none', shutdownGraceMs: 0 },
      },
      new AlertMetrics(registry),
    );
    sut.notify(aNotification());
    await new Promise((r) => setImmediate(r));

    await sut.close();
    sut.notify(aNotification());

    expect(await outcomes()).toEqual({ retried: 1, dropped: 2 });
  });
});
