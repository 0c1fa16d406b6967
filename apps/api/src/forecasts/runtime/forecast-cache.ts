import { Logger } from '@nestjs/common';
import type { BscEventMap } from '@bsc/events';
import type { ForecastRepository } from '@bsc/persistence';
import type { KpiForecastView, LinkEstimateView } from '../forecast-provider.port';

/**
 * What forecast queries read: every KPI's newest forecast and the objective link estimates, warmed from the database
 * at start, set by this process's runs, and read again for what other replicas announce (`forecast.updated`).
 */
export class ForecastCache {
  private readonly logger = new Logger(ForecastCache.name);
  readonly views = new Map<string, KpiForecastView>();
  links: LinkEstimateView[] = [];
  private warming: Promise<void> | null = null;
  /** What events asked to read again since the last read began. */
  private due = { all: false, kpiIds: new Set<string>(), links: false };
  /** The warm-up's outcome, while its read is due or running. */
  private warmFailed: { error?: Error } | undefined;

  constructor(
    private readonly results: ForecastRepository,
    /** The KPIs of the model in force. */
    private readonly kpiIds: () => string[],
    /** Called whenever views change (what was derived from them is dropped). */
    private readonly changed: () => void,
  ) {}

  /**
   * Reads every KPI's newest stored forecast and the link estimates, in turn with the reads events ask for: an event
   * during this read (its forecasts stored after the read began) is read again after it. Rejects when it failed.
   */
  async warm(): Promise<void> {
    this.due.all = true;
    this.due.links = true;
    const failed: { error?: Error } = (this.warmFailed = {});
    await (this.warming ??= this.readWhileDue());
    if (failed.error !== undefined) throw failed.error;
  }

  /** A run of this process: its results, as stored. */
  set(views: readonly KpiForecastView[], links: readonly LinkEstimateView[]): void {
    for (const view of views) this.views.set(view.kpiId, view);
    if (links.length > 0) this.links = [...links];
    this.changed();
  }

  /**
   * Another replica stored forecasts: the KPIs it names are read again (all of them for an event naming none), one
   * read at a time, the next taking whatever events came meanwhile. A batch of 16 jobs reads 16 forecasts, not
   * every KPI's.
   */
  announced(event: BscEventMap['forecast.updated']): Promise<void> {
    if (event.kpiIds === undefined) this.due.all = true;
    else for (const id of event.kpiIds) this.due.kpiIds.add(id);
    this.due.links ||= event.links !== false;
    this.warming ??= this.readWhileDue();
    return this.warming;
  }

  private async readWhileDue(): Promise<void> {
    try {
      while (this.due.all || this.due.kpiIds.size > 0 || this.due.links) {
        const { all, kpiIds, links } = this.due;
        this.due = { all: false, kpiIds: new Set(), links: false };
        await this.reload(all ? this.kpiIds() : [...kpiIds], links).catch((error: unknown) => {
          if (all && this.warmFailed) this.warmFailed.error = error instanceof Error ? error : new Error(String(error));
          else this.logger.warn({ err: error }, 'forecast cache not reloaded');
        });
        if (all) this.warmFailed = undefined;
      }
    } finally {
      // no await between the last check and this: an event meanwhile starts a new read
      this.warming = null;
    }
  }

  private async reload(kpiIds: string[], links: boolean): Promise<void> {
    for (const record of await this.results.latest<KpiForecastView>(kpiIds))
      this.views.set(record.kpiId, record.payload);
    if (links) this.links = (await this.results.latestLinkEstimates<LinkEstimateView>()).map((r) => r.payload);
    this.changed();
  }
}
