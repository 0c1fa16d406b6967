import type { AlertNotification } from '../alert-notification';

/**
 * A channel alerts are pushed to. `notify` must return at once: the KPI stream never waits for a receiver
 * (implementations queue, bound the queue and count what they drop).
 */
export interface AlertNotifier {
  readonly name: string;
  notify(notification: AlertNotification): void;
  /** Starts connections (called once the app is up). */
  start?(): void;
  /** Stops accepting, gives up pending work quickly. */
  close?(): Promise<void>;
}

export const ALERT_NOTIFIERS = Symbol('ALERT_NOTIFIERS');

/** Hands a notification to every notifier: one that throws is logged and keeps none of the others from it. */
export function notifyAll(
  notifiers: readonly AlertNotifier[],
  notification: AlertNotification,
  logger: { error(obj: object, message: string): void },
): void {
  for (const notifier of notifiers) {
    try {
      notifier.notify(notification);
    } catch (error) {
      logger.error({ err: error, notifier: notifier.name }, 'alert notifier failed');
    }
  }
}
