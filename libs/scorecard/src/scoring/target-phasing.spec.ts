import { FiscalCalendar } from '@bsc/kpi';
import type { CalendarDef, TargetPhasingDef } from '@bsc/twin';
import { phasedShare } from './target-phasing';

const UTC: CalendarDef = { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 };
const calendar = new FiscalCalendar(UTC);
const Q4 = calendar.parsePeriodKey('2026-Q4'); // 1 Oct 2026 .. 1 Jan 2027: 31 + 30 + 31 = 92 days
const NOV = calendar.parsePeriodKey('2026-11');
const MID_NOV = Date.UTC(2026, 10, 16); // 16 Nov 00:00: 31 (Oct) + 15 (Nov) = 46 days into Q4

describe(phasedShare.name, () => {
  it.each<[string, TargetPhasingDef, number, number]>([
    ['none: the full target at any time', { mode: 'none' }, MID_NOV, 1],
    ['calendar: 46 of 92 days', { mode: 'calendar' }, MID_NOV, 46 / 92],
    ['calendar: nothing due at the start', { mode: 'calendar' }, Q4.start, 0],
    ['calendar: all due at the end', { mode: 'calendar' }, Q4.end, 1],
    // Oct complete (2) + half of Nov (15 of 30 days x 3 = 1.5) = 3.5 of 2 + 3 + 5 = 10
    ['profile 2/3/5: Oct done, half of Nov', { mode: 'profile', weights: [2, 3, 5] }, MID_NOV, 0.35],
    ['profile with a zero month: nothing due in it', { mode: 'profile', weights: [0, 1, 1] }, Date.UTC(2026, 9, 20), 0],
    ['profile of the wrong length falls back to calendar time', { mode: 'profile', weights: [1, 1] }, MID_NOV, 46 / 92],
  ])('%s', (_name, phasing, at, expected) => {
    expect(phasedShare(phasing, calendar, Q4, at)).toBeCloseTo(expected, 12);
  });

  it('working days: weekends and holidays carry no target, the running day counts in proportion', () => {
    // November 2026 starts on a Sunday: 30 days - 9 weekend days (Sat 7,14,21,28; Sun 1,8,15,22,29) = 21 working
    // days, minus the holiday on Thu 26 Nov = 20. By Wed 11 Nov 12:00: Nov 2-6 and 9-10 (7 days) + half of the 11th.
    const sut = new FiscalCalendar({ ...UTC, holidays: ['2026-11-26'] });

    expect(phasedShare({ mode: 'working_days' }, sut, NOV, Date.UTC(2026, 10, 11, 12))).toBeCloseTo(7.5 / 20, 12);
    // A weekend adds nothing: Sat 7 Nov 18:00 and Mon 9 Nov 00:00 both stand at 5 of 20.
    expect(phasedShare({ mode: 'working_days' }, sut, NOV, Date.UTC(2026, 10, 7, 18))).toBeCloseTo(5 / 20, 12);
    expect(phasedShare({ mode: 'working_days' }, sut, NOV, Date.UTC(2026, 10, 9))).toBeCloseTo(5 / 20, 12);
  });

  it('working days of the calendar: a six-day week', () => {
    // Mon-Sat in Nov 2026: 30 - 5 Sundays = 25 days; by 8 Nov 00:00 (after Sun 1 .. Sat 7): Mon 2 .. Sat 7 = 6.
    const sut = new FiscalCalendar({ ...UTC, workingDays: [1, 2, 3, 4, 5, 6] });

    expect(phasedShare({ mode: 'working_days' }, sut, NOV, Date.UTC(2026, 10, 8))).toBeCloseTo(6 / 25, 12);
  });

  it('a week profile weighs days', () => {
    // ISO week 2026-W47 = Mon 16 .. Sun 22 Nov; weights Mon-Fri 2, Sat-Sun 0 (sum 10); by Wed 18 Nov 06:00:
    // Mon + Tue (4) + a quarter of Wednesday (0.5) = 4.5 of 10.
    const week = calendar.parsePeriodKey('2026-W47');
    const sut = phasedShare(
      { mode: 'profile', weights: [2, 2, 2, 2, 2, 0, 0] },
      calendar,
      week,
      Date.UTC(2026, 10, 18, 6),
    );

    expect(sut).toBeCloseTo(0.45, 12);
  });
});
