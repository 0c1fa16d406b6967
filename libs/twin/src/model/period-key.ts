import type { ReportingPeriod } from './twin-model.types';

export interface ParsedPeriodKey {
  granularity: ReportingPeriod;
  /** Fiscal year for 'year' and 'quarter' keys, calendar year otherwise (ISO week-year for 'week'). */
  year: number;
  /** Quarter 1-4, month 1-12 or ISO week 1-53; absent for 'year'. */
  index?: number;
  /** Day of month, for 'day' keys. */
  day?: number;
}

const PATTERNS: ReadonlyArray<readonly [RegExp, ReportingPeriod]> = [
  [/^(?:FY)?(\d{4})$/, 'year'],
  [/^(?:FY)?(\d{4})-Q(\d)$/, 'quarter'],
  [/^(\d{4})-(\d{2})$/, 'month'],
  [/^(\d{4})-W(\d{2})$/, 'week'],
  [/^(\d{4})-(\d{2})-(\d{2})$/, 'day'],
];

/**
 * Parses a target period key: "2026" / "FY2026", "2026-Q3" / "FY2026-Q3", "2026-11", "2026-W47", "2026-11-22".
 * Returns null for malformed keys and impossible dates.
 */
export function parsePeriodKey(key: string): ParsedPeriodKey | null {
  for (const [pattern, granularity] of PATTERNS) {
    const match = pattern.exec(key);
    if (!match) continue;
    const year = Number(match[1]);
    const index = match[2] === undefined ? undefined : Number(match[2]);
    if (granularity === 'year') return { granularity, year };
    if (granularity === 'quarter') return index! >= 1 && index! <= 4 ? { granularity, year, index } : null;
    if (granularity === 'month') return index! >= 1 && index! <= 12 ? { granularity, year, index } : null;
    if (granularity === 'week')
      return index! >= 1 && index! <= isoWeeksInYear(year) ? { granularity, year, index } : null;
    const day = Number(match[3]);
    return isValidDate(year, index!, day) ? { granularity, year, index, day } : null;
  }
  return null;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isoWeeksInYear(year: number): number {
  // A year has 53 ISO weeks when 28 December falls in week 53, i.e. when 1 Jan or 31 Dec is a Thursday.
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const dec31 = new Date(Date.UTC(year, 11, 31)).getUTCDay();
  return jan1 === 4 || dec31 === 4 ? 53 : 52;
}
