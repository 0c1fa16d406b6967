import type { ActiveModelSnapshot } from '@bsc/app-kit';
import type { SignalSample } from '@bsc/common';
import type { EventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { DEFAULT_REPLAY_PAGE_SIZE, IMPORTED_SAMPLE_SOURCE } from '@bsc/persistence';

/**
 * Stored samples announced as `samples.ingested`, after the KPI update of the same samples, so a listener sees KPIs
 * that already include them. This process's listeners (the alert runtime's signal detectors) receive every sample;
 * given `dayStart`, other processes receive only those dated before it: what reads them there (the API's
 * HistoryArrival) looks at nothing else, and a live stream would otherwise cross the events stream sample by sample.
 * The notice itself leaves for every batch (data changed: caches drop). Nothing is announced for no samples.
 */
export function announceIngested(bus: EventBus, samples: readonly SignalSample[], dayStart?: number): void {
  if (samples.length === 0) return;
  // not copied: the live path announces every stored batch, and listeners only read it
  const options = dayStart === undefined ? undefined : { remote: { samples: pastDays(samples, dayStart) } };
  bus.publish('samples.ingested', { samples: samples as SignalSample[] }, options);
}

/** announceIngested with the start of today in the active model's calendar. */
export class IngestedAnnouncer {
  private readonly day = new ModelDay();

  constructor(private readonly bus: EventBus) {}

  announce(snapshot: ActiveModelSnapshot | undefined, samples: readonly SignalSample[], now = Date.now()): void {
    announceIngested(this.bus, samples, snapshot && this.day.startOf(snapshot, now));
  }
}

/**
 * The samples dated before `dayStart` (the start of the day they arrive on, in the model's calendar): history, as
 * the forecasts' HistoryArrival counts it.
 */
export function pastDays<T extends { ts: number }>(samples: readonly T[], dayStart: number): T[] {
  return samples.filter((s) => s.ts < dayStart);
}

/** The start of the day holding an instant, in the active model's calendar (built once per model version). */
export class ModelDay {
  private calendar: { version: number; value: FiscalCalendar } | undefined;

  startOf(snapshot: ActiveModelSnapshot, at: number): number {
    if (this.calendar?.version !== snapshot.version)
      this.calendar = { version: snapshot.version, value: new FiscalCalendar(snapshot.model.calendar) };
    return this.calendar.value.periodOf(at, 'day').start;
  }
}

/**
 * The past-day samples of many pages (history the start picked up) as one `samples.ingested`. It holds one replay
 * page at most, the oldest sample always among them: an event as large as the import poll's, and what HistoryArrival
 * reads of it (a past day arrived, and the oldest) is kept; only its count stops at the page size.
 */
export class PastDaySummary {
  private readonly kept: SignalSample[] = [];
  private oldest: SignalSample | undefined;

  constructor(
    private readonly dayStart: number,
    private readonly max = DEFAULT_REPLAY_PAGE_SIZE,
  ) {}

  /** The summary of the samples of past days in the model's calendar, as of `at`. */
  static today(snapshot: ActiveModelSnapshot, at: number): PastDaySummary {
    return new PastDaySummary(new ModelDay().startOf(snapshot, at));
  }

  /** A page in (bound: a page callback). */
  readonly add = (page: readonly SignalSample[]): void => {
    for (const sample of pastDays(page, this.dayStart)) {
      if (!this.oldest || sample.ts < this.oldest.ts) this.oldest = sample;
      if (this.kept.length < this.max) this.kept.push(sample);
    }
  };

  /**
   * Only the imported samples of a page (bound): of what was received after a stop's position, the live samples were
   * stored, and announced, by the run before the stop; only `bsc import samples` stores while the feed is stopped.
   */
  readonly addImported = (page: readonly SignalSample[]): void =>
    this.add(page.filter((s) => s.source === IMPORTED_SAMPLE_SOURCE));

  /** Publishes the summary (nothing when no past day arrived); returns how many samples it carries. */
  announce(bus: EventBus): number {
    const { kept, oldest } = this;
    if (oldest && !kept.includes(oldest)) kept[kept.length - 1] = oldest;
    announceIngested(bus, kept);
    return kept.length;
  }
}
