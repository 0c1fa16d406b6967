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
