import type { ActiveModelSnapshot } from '@bsc/app-kit';
import type { SignalSample } from '@bsc/common';
import type { EventBus } from '@bsc/events';
import { announceIngested, ModelDay, pastDays } from '../kpi/samples-ingested';

/**
 * A batch's new samples dated before today (late history: an import, a backfill, a connector catching up) as one
 * `samples.ingested`, sent after their KPI update, so the API's forecasts know history is still arriving. Live samples
 * are not announced: every batch would otherwise cross the events stream, for a listener that ignores them.
 */
export class LateHistoryAnnouncer {
  private readonly day = new ModelDay();

  constructor(private readonly bus: EventBus) {}

  announce(snapshot: ActiveModelSnapshot, fresh: readonly SignalSample[]): void {
    if (fresh.length === 0) return;
    announceIngested(this.bus, pastDays(fresh, this.day.startOf(snapshot, Date.now())));
  }
}
