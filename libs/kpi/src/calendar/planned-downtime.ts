import { durationMs } from '@bsc/common';
import type { TwinModel } from '@bsc/twin';
import { createTimeZone, type TimeZone } from './time-zone';

/** Inside a planned window, or in the restart time right after it. */
export type DowntimeState = 'stopped' | 'restarting';

interface Window {
  weekdays: ReadonlySet<number>;
  /** Minutes after local midnight. */
  startMinute: number;
  durationMs: number;
  restartMs: number;
  /** The processes and assets the window stops, those inside them, and the processes they are part of. */
  covers: ReadonlySet<string>;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The model's planned downtime (`calendar.plannedDowntime`): weekly windows on the local wall clock of the
 * calendar's zone. A window covers what it names, everything inside it (sub-processes, assets), and the processes
 * that contain it with their own assets: a plant's main meter sees a line's cleaning stop, and a line stops with
 * its plant's weekend. A sibling line is not covered.
 */
export class PlannedDowntime {
  private readonly windows: Window[];
  private readonly zone: TimeZone;
  private readonly measures = new Map<string, string>();

  constructor(model: Pick<TwinModel, 'calendar' | 'processes' | 'assets' | 'signals'>) {
    this.zone = createTimeZone(model.calendar.timezone);
    const parent = new Map<string, string>();
    for (const p of model.processes) if (p.parent) parent.set(p.id, p.parent);
    for (const a of model.assets) parent.set(a.id, a.process);
    for (const s of model.signals) if (s.measures) this.measures.set(s.id, s.measures);
    this.windows = (model.calendar.plannedDowntime ?? []).map((w) => {
      const covers = new Set<string>();
      for (const id of w.scope) {
        for (let up: string | undefined = id; up !== undefined && !covers.has(up); up = parent.get(up)) covers.add(up);
      }
      // inside a named node, and the plant-level assets (a main meter) of the processes containing one
      for (const a of model.assets) if (covers.has(a.process) && !w.scope.includes(a.process)) covers.add(a.id);
      for (const id of parent.keys()) {
        for (let up: string | undefined = parent.get(id); up !== undefined; up = parent.get(up)) {
          if (w.scope.includes(up)) {
            covers.add(id);
            break;
          }
        }
      }
      const [hours, minutes] = w.start.split(':').map(Number);
      return {
        weekdays: new Set(w.weekdays),
        startMinute: hours * 60 + minutes,
        durationMs: durationMs(w.duration),
        restartMs: w.restart ? durationMs(w.restart) : 0,
        covers,
      };
    });
  }

  get empty(): boolean {
    return this.windows.length === 0;
  }

  /** The state of a process or asset at `ts`: 'stopped' wins over another window's 'restarting'. */
  stateAt(nodeId: string, ts: number): DowntimeState | null {
    const local = ts + this.zone.offsetAt(ts);
    let state: DowntimeState | null = null;
    for (const w of this.windows) {
      if (!w.covers.has(nodeId)) continue;
      // the windows that may still reach `local` started on this day or up to (duration + restart) before
      const firstDay = Math.floor((local - w.durationMs - w.restartMs) / DAY_MS);
      for (let day = firstDay; day <= Math.floor(local / DAY_MS); day++) {
        if (!w.weekdays.has(isoWeekday(day))) continue;
        const start = day * DAY_MS + w.startMinute * MINUTE_MS;
        const end = start + w.durationMs;
        if (local >= start && local < end) return 'stopped';
        if (local >= end && local < end + w.restartMs) state = 'restarting';
      }
    }
    return state;
  }

  /** The state of what a signal measures (null for a signal that measures nothing declared). */
  signalStateAt(signalId: string, ts: number): DowntimeState | null {
    const node = this.measures.get(signalId);
    return node === undefined ? null : this.stateAt(node, ts);
  }
}

/** ISO weekday (1 = Monday) of a day counted from 1970-01-01, a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}
