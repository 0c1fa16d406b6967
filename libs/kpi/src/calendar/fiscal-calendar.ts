import { BscError, BscErrorCode } from '@bsc/common';
import type { CalendarDef, ReportingPeriod } from '@bsc/twin';
import { createTimeZone, TimeZone } from './time-zone';

/** One reporting period on the fiscal calendar; `end` is exclusive. */
export interface FiscalPeriod {
  type: ReportingPeriod;
  /** Canonical key: "2026-11-22", "2026-W47", "2026-11", "FY2026-Q3", "FY2026". */
  key: string;
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;
/** periodsBetween refuses ranges that would list more periods than this. */
export const MAX_PERIODS_BETWEEN = 100_000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
// Quarter and year keys are fiscal; "2026-Q3" and "2026" are accepted as aliases of "FY2026-Q3" and "FY2026".
const QUARTER_RE = /^(?:FY)?(\d{4})-Q([1-4])$/;
const YEAR_RE = /^(?:FY)?(\d{4})$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');
/** Local day number (days since 1970-01-01 local) of a calendar date. */
const dayNumber = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY_MS;
/** ISO weekday (1 = Monday) of a local day number; day 0 was a Thursday. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/**
 * Reporting periods on an organisation's fiscal calendar, in its time zone (UTC, a fixed offset, or an IANA
 * zone with daylight saving time: days are then 23 or 25 hours long twice a year).
 * Quarters and years are fiscal and named by the calendar year in which the fiscal year ENDS (start month 4:
 * FY2027 = 1 Apr 2026 .. 31 Mar 2027). Weeks are ISO-style, generalised to any start day: week 1 is the week
 * containing 4 January, and a week belongs to the year of its fourth day (weekStart = 1 is exactly ISO 8601).
 */
export class FiscalCalendar {
  readonly zone: TimeZone;
  readonly fiscalYearStartMonth: number;
  readonly weekStart: number;

  constructor(readonly def: CalendarDef) {
    if (!Number.isInteger(def.fiscalYearStartMonth) || def.fiscalYearStartMonth < 1 || def.fiscalYearStartMonth > 12) {
      throw new BscError(
        BscErrorCode.ModelInvalid,
        'fiscalYearStartMonth must be 1..12',
        'calendar.fiscalYearStartMonth',
      );
    }
    if (!Number.isInteger(def.weekStart) || def.weekStart < 1 || def.weekStart > 7) {
      throw new BscError(BscErrorCode.ModelInvalid, 'weekStart must be 1 (Monday) .. 7 (Sunday)', 'calendar.weekStart');
    }
    this.zone = createTimeZone(def.timezone);
    this.fiscalYearStartMonth = def.fiscalYearStartMonth;
    this.weekStart = def.weekStart;
  }

  periodOf(ts: number, type: ReportingPeriod): FiscalPeriod {
    const local = new Date(ts + this.zone.offsetAt(ts));
    const y = local.getUTCFullYear();
    const m = local.getUTCMonth() + 1;
    switch (type) {
      case 'day':
        return this.day(y, m, local.getUTCDate());
      case 'week':
        return this.weekStartingOn(this.weekStartDay(dayNumber(y, m, local.getUTCDate())));
      case 'month':
        return this.month(y, m);
      case 'quarter': {
        const monthInFy = (m - this.fiscalYearStartMonth + 12) % 12;
        return this.quarter(this.fiscalYearOf(y, m), Math.floor(monthInFy / 3) + 1);
      }
      case 'year':
        return this.fiscalYear(this.fiscalYearOf(y, m));
    }
  }

  /** Parses a period key (canonical or alias); throws BscError(BadInput) when malformed or impossible. */
  parsePeriodKey(key: string): FiscalPeriod {
    const period = this.tryParsePeriodKey(key);
    if (!period) {
      throw new BscError(
        BscErrorCode.BadInput,
        `invalid period key '${key}' (expected e.g. 2026-11-22, 2026-W47, 2026-11, FY2026-Q3, FY2026)`,
      );
    }
    return period;
  }

  tryParsePeriodKey(key: string): FiscalPeriod | null {
    let match = DAY_RE.exec(key);
    if (match) {
      const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      return isValidDate(y, m, d) ? this.day(y, m, d) : null;
    }
    match = WEEK_RE.exec(key);
    if (match) {
      const [y, w] = [Number(match[1]), Number(match[2])];
      return w >= 1 && w <= this.weeksInYear(y) ? this.weekStartingOn(this.week1StartDay(y) + (w - 1) * 7) : null;
    }
    match = MONTH_RE.exec(key);
    if (match) {
      const [y, m] = [Number(match[1]), Number(match[2])];
      return m >= 1 && m <= 12 ? this.month(y, m) : null;
    }
    match = QUARTER_RE.exec(key);
    if (match) return this.quarter(Number(match[1]), Number(match[2]));
    match = YEAR_RE.exec(key);
    if (match) return this.fiscalYear(Number(match[1]));
    return null;
  }

  isValidPeriodKey(key: string, type?: ReportingPeriod): boolean {
    const period = this.tryParsePeriodKey(key);
    return period !== null && (type === undefined || period.type === type);
  }

  previousPeriod(period: FiscalPeriod): FiscalPeriod {
    return this.periodOf(period.start - 1, period.type);
  }

  nextPeriod(period: FiscalPeriod): FiscalPeriod {
    return this.periodOf(period.end, period.type);
  }

  /** Share of the period elapsed at `now`, clamped to 0..1. */
  elapsedFraction(period: FiscalPeriod, now: number): number {
    if (now <= period.start) return 0;
    if (now >= period.end) return 1;
    return (now - period.start) / (period.end - period.start);
  }

  /** Periods of `type` from the one containing `from` to the one containing `to`, both included. */
  periodsBetween(from: number, to: number, type: ReportingPeriod): FiscalPeriod[] {
    const periods: FiscalPeriod[] = [];
    if (to < from) return periods;
    for (let p = this.periodOf(from, type); p.start <= to; p = this.nextPeriod(p)) {
      if (periods.length >= MAX_PERIODS_BETWEEN) {
        throw new BscError(BscErrorCode.BadInput, `range spans more than ${MAX_PERIODS_BETWEEN} ${type} periods`);
      }
      periods.push(p);
    }
    return periods;
  }

  private fiscalYearOf(calendarYear: number, month: number): number {
    const startYear = month >= this.fiscalYearStartMonth ? calendarYear : calendarYear - 1;
    return this.fiscalYearStartMonth === 1 ? startYear : startYear + 1;
  }

  private fiscalYearStartYear(fy: number): number {
    return this.fiscalYearStartMonth === 1 ? fy : fy - 1;
  }

  /** The instant local midnight begins on a date (months and days may overflow, as in Date.UTC). */
  private midnight(y: number, m: number, d: number): number {
    return this.zone.instantOf(Date.UTC(y, m - 1, d));
  }

  private day(y: number, m: number, d: number): FiscalPeriod {
    return {
      type: 'day',
      key: `${pad4(y)}-${pad2(m)}-${pad2(d)}`,
      start: this.midnight(y, m, d),
      end: this.midnight(y, m, d + 1),
    };
  }

  private month(y: number, m: number): FiscalPeriod {
    return {
      type: 'month',
      key: `${pad4(y)}-${pad2(m)}`,
      start: this.midnight(y, m, 1),
      end: this.midnight(y, m + 1, 1),
    };
  }

  private quarter(fy: number, q: number): FiscalPeriod {
    const startMonth = this.fiscalYearStartMonth + (q - 1) * 3;
    const y = this.fiscalYearStartYear(fy);
    return {
      type: 'quarter',
      key: `FY${pad4(fy)}-Q${q}`,
      start: this.midnight(y, startMonth, 1),
      end: this.midnight(y, startMonth + 3, 1),
    };
  }

  private fiscalYear(fy: number): FiscalPeriod {
    const y = this.fiscalYearStartYear(fy);
    const m = this.fiscalYearStartMonth;
    return { type: 'year', key: `FY${pad4(fy)}`, start: this.midnight(y, m, 1), end: this.midnight(y + 1, m, 1) };
  }

  /** Local day number on which the week containing `day` starts. */
  private weekStartDay(day: number): number {
    return day - ((isoWeekday(day) - this.weekStart + 7) % 7);
  }

  /** Local day number on which week 1 of `weekYear` starts: the week that contains 4 January. */
  private week1StartDay(weekYear: number): number {
    return this.weekStartDay(dayNumber(weekYear, 1, 4));
  }

  private weeksInYear(weekYear: number): number {
    return (this.week1StartDay(weekYear + 1) - this.week1StartDay(weekYear)) / 7;
  }

  private weekStartingOn(startDay: number): FiscalPeriod {
    const weekYear = new Date((startDay + 3) * DAY_MS).getUTCFullYear();
    const w = (startDay - this.week1StartDay(weekYear)) / 7 + 1;
    return {
      type: 'week',
      key: `${pad4(weekYear)}-W${pad2(w)}`,
      start: this.zone.instantOf(startDay * DAY_MS),
      end: this.zone.instantOf((startDay + 7) * DAY_MS),
    };
  }
}

/** For the twin validator: is `key` a period key this calendar understands (optionally of one type)? */
export function isValidPeriodKey(key: string, calendar: CalendarDef, type?: ReportingPeriod): boolean {
  return new FiscalCalendar(calendar).isValidPeriodKey(key, type);
}

function isValidDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
