import type { CalendarDef } from '@bsc/twin';
import { FiscalCalendar } from './fiscal-calendar';

const HOUR = 3_600_000;
const calendarIn = (timezone: string): FiscalCalendar =>
  new FiscalCalendar({ fiscalYearStartMonth: 1, timezone, weekStart: 1 } satisfies CalendarDef);

/** The date after `key` (YYYY-MM-DD) on the proleptic calendar. */
const nextDate = (key: string): string =>
  new Date(Date.parse(`${key}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);

describe(`${FiscalCalendar.name} days across clock changes`, () => {
  it('starts a day at the first of two local midnights (Amman, clocks back from 01:00 to 00:00 on 29 Oct 2021)', () => {
    const sut = calendarIn('Asia/Amman');
    // 00:30 local at +03:00, the first time round
    const ts = Date.UTC(2021, 9, 28, 21, 30);
    const day = sut.periodOf(ts, 'day');
    expect(day).toMatchObject({ key: '2021-10-29', start: Date.UTC(2021, 9, 28, 21), end: Date.UTC(2021, 9, 29, 22) });
    expect(day.start <= ts && ts < day.end).toBe(true);
    const before = sut.previousPeriod(day);
    expect([before.key, before.end - before.start]).toEqual(['2021-10-28', 24 * HOUR]);
    expect(day.end - day.start).toBe(25 * HOUR);
  });

  // Zones with one-hour, half-hour (Lord Howe) and three-hour (Casey) changes, southern summers (Santiago) and a
  // skipped date (Apia left out 30 Dec 2011 when it crossed the date line).
  const zones = [
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Amman',
    'Antarctica/Casey',
    'America/Santiago',
    'Pacific/Apia',
  ];
  const skipped = new Set(['Pacific/Apia 2011-12-30']);

  it.each(zones)('tiles 2010-2027 in %s with days that hold their first and last instants', (zone) => {
    const sut = calendarIn(zone);
    const wrong: string[] = [];
    const lasts = (p: { start: number; end: number }): number => (p.end - p.start) / HOUR;
    let before = sut.periodOf(Date.UTC(2009, 11, 31, 12), 'day');
    let day = sut.nextPeriod(before);
    while (day.key < '2028') {
      const next = sut.nextPeriod(day);
      if (next.start !== day.end) wrong.push(`${next.key} does not start where ${day.key} ends`);
      const expected = skipped.has(`${zone} ${nextDate(day.key)}`) ? nextDate(nextDate(day.key)) : nextDate(day.key);
      if (next.key !== expected) wrong.push(`${next.key} follows ${day.key}`);
      // no clock change in these zones moves by more than three hours
      if (lasts(day) < 21 || lasts(day) > 27) wrong.push(`${day.key} lasts ${lasts(day)} h`);
      // a day far from a clock change is 24 h of one offset; the ones next to a change are where edges go wrong
      if ([before, day, next].some((p) => lasts(p) !== 24)) {
        if (sut.periodOf(day.start, 'day').key !== day.key) wrong.push(`${day.key} does not hold its start`);
        if (sut.periodOf(day.end - 1, 'day').key !== day.key) wrong.push(`${day.key} does not hold its last instant`);
      }
      before = day;
      day = next;
    }
    expect(wrong).toEqual([]);
  });
});
