import { BscError, BscErrorCode } from '@bsc/common';
import type { CalendarDef, ReportingPeriod } from '@bsc/twin';
import { parseUtcOffset } from './utc-offset';

/** One reporting period on the fiscal calendar; `end` is exclusive. */
export interface FiscalPeriod {
  type: ReportingPeriod;
  /** Canonical key: "2026-11-22", "2026-W47", "2026-11", "FY2026-Q3", "FY2026". */
  key: string;
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
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

/**
 * Reporting periods on an organisation's fiscal calendar. Quarters and years are fiscal and named by the
 * calendar year in which the fiscal year ENDS (start month 4: FY2027 = 1 Apr 2026 .. 31 Mar 2027). Weeks are
 * numbered like ISO weeks generalised to any start day: week 1 is the week containing 4 January, and a week
 * belongs to the year of its fourth day (for weekStart = 1 this is exactly ISO 8601).
 */
export class FiscalCalendar {
  readonly offsetMs: number;
  readonly fiscalYearStartMonth: number;
  readonly weekStart: number;

  constructor(readonly def: CalendarDef) {
    if (!Number.isInteger(def.fiscalYearStartMonth) || def.fiscalYearStartMonth < 1 || def.fiscalYearStartMonth > 12) {
      throw new BscError(BscErrorCode.ModelInvalid, 'fiscalYearStartMonth must be 1..12', 'calendar.fiscalYearStartMonth');
    }
    if (!Number.isInteger(def.weekStart) || def.weekStart < 1 || def.weekStart > 7) {
      throw new BscError(BscErrorCode.ModelInvalid, 'weekStart must be 1 (Monday) .. 7 (Sunday)', 'calendar.weekStart');
    }
    this.offsetMs = parseUtcOffset(def.timezone);
    this.fiscalYearStartMonth = def.fiscalYearStartMonth;
    this.weekStart = def.weekStart;
  }

  periodOf(ts: number, type: ReportingPeriod): FiscalPeriod {
    const local = new Date(ts + this.offsetMs);
    const y = local.getUTCFullYear();
    const m = local.getUTCMonth() + 1;
    switch (type) {
      case 'day':
        return this.day(y, m, local.getUTCDate());
      case 'week':
        return this.weekContaining(ts);
      case 'month':
        return this.month(y, m);
      case 'quarter': {
        const fy = this.fiscalYearOf(y, m);
        const monthInFy = (m - this.fiscalYearStartMonth + 12) % 12;
        return this.quarter(fy, Math.floor(monthInFy / 3) + 1);
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
      return w >= 1 && w <= this.weeksInYear(y) ? this.week(y, w) : null;
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

  /** Local wall-clock midnight of a date, as epoch ms. */
  private localMidnight(y: number, m: number, d: number): number {
    return Date.UTC(y, m - 1, d) - this.offsetMs;
  }

  private day(y: number, m: number, d: number): FiscalPeriod {
    const start = this.localMidnight(y, m, d);
    return { type: 'day', key: `${pad4(y)}-${pad2(m)}-${pad2(d)}`, start, end: start + DAY_MS };
  }

  private month(y: number, m: number): FiscalPeriod {
    return { type: 'month', key: `${pad4(y)}-${pad2(m)}`, start: this.localMidnight(y, m, 1), end: this.localMidnight(y, m + 1, 1) };
  }

  private quarter(fy: number, q: number): FiscalPeriod {
    const startMonth = this.fiscalYearStartMonth + (q - 1) * 3;
    const y = this.fiscalYearStartYear(fy);
    return {
      type: 'quarter',
      key: `FY${pad4(fy)}-Q${q}`,
      start: this.localMidnight(y, startMonth, 1),
      end: this.localMidnight(y, startMonth + 3, 1),
    };
  }

  private fiscalYear(fy: number): FiscalPeriod {
    const y = this.fiscalYearStartYear(fy);
    const m = this.fiscalYearStartMonth;
    return { type: 'year', key: `FY${pad4(fy)}`, start: this.localMidnight(y, m, 1), end: this.localMidnight(y + 1, m, 1) };
  }

  private fiscalYearStartYear(fy: number): number {
    return this.fiscalYearStartMonth === 1 ? fy : fy - 1;
  }

  /** Local-midnight start of week 1 of `weekYear`: the week that contains 4 January. */
  private week1Start(weekYear: number): number {
    const jan4 = this.localMidnight(weekYear, 1, 4);
    return jan4 - this.daysSinceWeekStart(jan4) * DAY_MS;
  }

  /** Days (0..6) between the local week start and the local day at ts. */
  private daysSinceWeekStart(ts: number): number {
    const isoDay = ((new Date(ts + this.offsetMs).getUTCDay() + 6) % 7) + 1;
    return (isoDay - this.weekStart + 7) % 7;
  }

  private weeksInYear(weekYear: number): number {
    return Math.round((this.week1Start(weekYear + 1) - this.week1Start(weekYear)) / WEEK_MS);
  }

  private week(weekYear: number, w: number): FiscalPeriod {
    const start = this.week1Start(weekYear) + (w - 1) * WEEK_MS;
    return { type: 'week', key: `${pad4(weekYear)}-W${pad2(w)}`, start, end: start + WEEK_MS };
  }

  private weekContaining(ts: number): FiscalPeriod {
    const local = new Date(ts + this.offsetMs);
    const dayStart = this.localMidnight(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
    const start = dayStart - this.daysSinceWeekStart(dayStart) * DAY_MS;
    const weekYear = new Date(start + 3 * DAY_MS + this.offsetMs).getUTCFullYear();
    const w = Math.round((start - this.week1Start(weekYear)) / WEEK_MS) + 1;
    return { type: 'week', key: `${pad4(weekYear)}-W${pad2(w)}`, start, end: start + WEEK_MS };
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
