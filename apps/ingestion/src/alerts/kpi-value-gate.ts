import type { KpiValue } from '@bsc/common';
import type { EventBus } from '@bsc/events';

/**
 * The KPI values on the bus (`kpi.updated`, `kpis.updated`) for the alert evaluation, listened for from the
 * runtime's onModuleInit on. While the evaluation does not run here (before it starts; scaled out, until this
 * replica wins it, or after it lost it) the newest value of each KPI is held and handed over first when it starts:
 * the KPI feed publishes what its start recomputed (periods whose revisions the stop lost) once, at application
 * bootstrap, before an elected evaluation can start, and a KPI off target would wait for its next value to be
 * judged. One value per KPI, as the evaluation keeps: one of an older period than the held one is not its state.
 */
export class KpiValueGate {
  private readonly held = new Map<string, KpiValue>();
  private deliver: ((values: readonly KpiValue[]) => void) | undefined;
  private readonly unsubscribe: Array<() => void> = [];

  listen(bus: EventBus): void {
    this.unsubscribe.push(
      bus.subscribe('kpi.updated', ({ value }) => this.receive([value])),
      bus.subscribe('kpis.updated', ({ values }) => this.receive(values)),
    );
  }

  /** From now on values go to `deliver`, the held ones first. */
  open(deliver: (values: readonly KpiValue[]) => void): void {
    const held = [...this.held.values()];
    this.held.clear();
    this.deliver = deliver;
    if (held.length > 0) deliver(held);
  }

  /** Values are held again. */
  close(): void {
    this.deliver = undefined;
  }

  stop(): void {
    this.close();
    for (const off of this.unsubscribe.splice(0)) off();
    this.held.clear();
  }

  private receive(values: readonly KpiValue[]): void {
    if (this.deliver) {
      this.deliver(values);
      return;
    }
    for (const value of values) {
      const held = this.held.get(value.kpiId);
      if (!held || value.periodStart >= held.periodStart) this.held.set(value.kpiId, value);
    }
  }
}
