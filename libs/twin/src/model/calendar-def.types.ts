import type { DurationText, Id } from './model-primitives.types';

// The model's fiscal calendar: period boundaries, working time, planned stops.

export interface CalendarDef {
  /** 1 = January. A fiscal year starting in April has fiscalYearStartMonth 4. */
  fiscalYearStartMonth: number;
  /** IANA zone name; period boundaries are computed in this zone. Only 'UTC' and fixed offsets are guaranteed. */
  timezone: string;
  /** ISO weekday the week starts on (1 = Monday). */
  weekStart: number;
  /** ISO weekdays that are working days, for `working_days` target phasing; default Monday to Friday. */
  workingDays?: number[];
  /** Non-working dates (YYYY-MM-DD, local to `timezone`) for `working_days` target phasing. */
  holidays?: string[];
  /** Weekly windows in which processes or assets are stopped on purpose (no shift, cleaning, changeover). */
  plannedDowntime?: PlannedDowntimeDef[];
}

/**
 * A planned stop that repeats every week: it starts at `start` (HH:MM, local to the calendar's zone) on each of
 * `weekdays` and lasts `duration` (it may run past midnight, e.g. a weekend). Anomalies of the signals that measure
 * a process or asset in `scope` (or one inside it, or the process it is part of) are then expected, and do not
 * alert; nor do they during `restart` after the window (run-up after the stop).
 */
export interface PlannedDowntimeDef {
  /** Process or asset ids; a process covers its sub-processes and assets. */
  scope: Id[];
  /** ISO weekdays (1 = Monday) the window starts on. */
  weekdays: number[];
  start: string;
  duration: DurationText;
  restart?: DurationText;
  reason?: string;
}
