import fc from 'fast-check';
import { parseTimestamp } from './timestamp';

// 2026 starts 20,454 days after 1970 (56 years, 14 of them leap); 22 November is 325 days into it.
const DAY = 86_400_000;
const NOV_22_11H = (20_454 + 325) * DAY + 11 * 3_600_000;
const HOUR = 3_600_000;

describe(parseTimestamp.name, () => {
  it.each<[string, unknown, number | undefined]>([
    ['epoch ms', 1_700_000_000_000, 1_700_000_000_000],
    ['epoch ms as digits', '1700000000000', 1_700_000_000_000],
    ['a fractional epoch, rounded', 1_700_000_000_000.6, 1_700_000_000_001],
    ['nothing', undefined, undefined],
    ['UTC', '2026-11-22T11:00:00Z', NOV_22_11H],
    ['UTC with milliseconds', '2026-11-22T11:00:00.250Z', NOV_22_11H + 250],
    ['a fraction finer than milliseconds, cut', '2026-11-22T11:00:00.123999Z', NOV_22_11H + 123],
    ['one tenth of a second', '2026-11-22T11:00:00.1Z', NOV_22_11H + 100],
    ['an offset +01:00', '2026-11-22T12:00:00+01:00', NOV_22_11H],
    ['an offset +0100', '2026-11-22T12:00:00+0100', NOV_22_11H],
    ['an offset -01:30', '2026-11-22T09:30:00-01:30', NOV_22_11H],
    ['an offset -0130', '2026-11-22T09:30:00-0130', NOV_22_11H],
    ['hours and minutes only', '2026-11-22T11:00Z', NOV_22_11H],
    ['no offset, as UTC', '2026-11-22T11:00:00', NOV_22_11H],
    ['a space and no offset, as UTC', '2026-11-22 11:00:00', NOV_22_11H],
    ['a date alone, as UTC midnight', '2026-11-22', NOV_22_11H - 11 * HOUR],
    ['29 February of a leap year', '2028-02-29T00:00:00Z', (20_454 + 365 + 365 + 59) * DAY],
    ['24:00, the end of the day', '2026-11-22T24:00:00Z', NOV_22_11H + 13 * HOUR],
    ['an offset crossing into the previous day', '2026-11-22T00:30:00+01:00', NOV_22_11H - 11.5 * HOUR],
  ])('reads %s', (_, raw, expected) => {
    expect(parseTimestamp(raw)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['30 February', '2026-02-30T10:00:00Z'],
    ['29 February of a common year', '2026-02-29T10:00:00Z'],
    ['31 April', '2026-04-31'],
    ['31 November with an offset', '2026-11-31T00:00:00+01:00'],
    ['month 13', '2026-13-01'],
    ['day 0', '2026-11-00'],
    ['a second past 24:00', '2026-11-22T24:00:01Z'],
    ['a fraction past 24:00', '2026-11-22T24:00:00.5Z'],
    ['hour 25', '2026-11-22T25:00:00Z'],
    ['minute 60', '2026-11-22T10:60:00Z'],
    ['second 60', '2026-11-22T10:00:60Z'],
    ['an offset of 24 hours', '2026-11-22T10:00:00+24:00'],
    ['an offset minute 60', '2026-11-22T10:00:00+01:60'],
    ['an hour alone', '2026-11-22T10Z'],
    ['words', 'Nov 5'],
    ['NaN', Number.NaN],
    ['an object', {}],
  ])('refuses %s', (_, raw) => {
    expect(parseTimestamp(raw)).toBeNull();
  });

  it('agrees with the date arithmetic of the platform for every valid UTC text', () => {
    const instants = fc.integer({ min: 0, max: 4_102_444_799_999 }); // 1970 to the end of 2099
    fc.assert(
      fc.property(instants, (ms) => {
        expect(parseTimestamp(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });
});
