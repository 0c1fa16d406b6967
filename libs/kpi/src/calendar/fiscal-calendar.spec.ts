import { parsePeriodKey, type CalendarDef, type ReportingPeriod } from '@bsc/twin';
import fc from 'fast-check';
import { FiscalCalendar, isValidPeriodKey } from './fiscal-calendar';

const utc = (iso: string): number => Date.parse(iso.endsWith('Z') || /[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
const calendar = (over: Partial<CalendarDef> = {}): CalendarDef => ({
  fiscalYearStartMonth: 1,
  timezone: 'UTC',
  weekStart: 1,
  ...over,
});

describe(FiscalCalendar.name, () => {
  describe('periodOf', () => {
    const cases: Array<[string, Partial<CalendarDef>, string, ReportingPeriod, string, string, string]> = [
      ['day', {}, '2026-11-22T13:00:00', 'day', '2026-11-22', '2026-11-22T00:00:00', '2026-11-23T00:00:00'],
      ['ISO week 47', {}, '2026-11-22T13:00:00', 'week', '2026-W47', '2026-11-16T00:00:00', '2026-11-23T00:00:00'],
      [
        'ISO week 53 of 2026',
        {},
        '2027-01-01T00:00:00',
        'week',
        '2026-W53',
        '2026-12-28T00:00:00',
        '2027-01-04T00:00:00',
      ],
      [
        'ISO week 1 starting in December',
        {},
        '2024-12-31T00:00:00',
        'week',
        '2025-W01',
        '2024-12-30T00:00:00',
        '2025-01-06T00:00:00',
      ],
      [
        'Sunday weeks',
        { weekStart: 7 },
        '2026-11-22T13:00:00',
        'week',
        '2026-W47',
        '2026-11-22T00:00:00',
        '2026-11-29T00:00:00',
      ],
      ['month', {}, '2026-11-22T13:00:00', 'month', '2026-11', '2026-11-01T00:00:00', '2026-12-01T00:00:00'],
      ['leap February', {}, '2028-02-29T23:59:59', 'month', '2028-02', '2028-02-01T00:00:00', '2028-03-01T00:00:00'],
      ['leap day', {}, '2028-02-29T12:00:00', 'day', '2028-02-29', '2028-02-29T00:00:00', '2028-03-01T00:00:00'],
      [
        'calendar quarter',
        {},
        '2026-11-22T13:00:00',
        'quarter',
        'FY2026-Q4',
        '2026-10-01T00:00:00',
        '2027-01-01T00:00:00',
      ],
      ['calendar year', {}, '2026-11-22T13:00:00', 'year', 'FY2026', '2026-01-01T00:00:00', '2027-01-01T00:00:00'],
      [
        'April FY quarter',
        { fiscalYearStartMonth: 4 },
        '2026-11-22T13:00:00',
        'quarter',
        'FY2027-Q3',
        '2026-10-01T00:00:00',
        '2027-01-01T00:00:00',
      ],
      [
        'April FY Q4 in March',
        { fiscalYearStartMonth: 4 },
        '2027-03-31T23:00:00',
        'quarter',
        'FY2027-Q4',
        '2027-01-01T00:00:00',
        '2027-04-01T00:00:00',
      ],
      [
        'April FY first day',
        { fiscalYearStartMonth: 4 },
        '2026-04-01T00:00:00',
        'year',
        'FY2027',
        '2026-04-01T00:00:00',
        '2027-04-01T00:00:00',
      ],
      [
        'April FY last ms',
        { fiscalYearStartMonth: 4 },
        '2026-03-31T23:59:59.999',
        'year',
        'FY2026',
        '2025-04-01T00:00:00',
        '2026-04-01T00:00:00',
      ],
      [
        'October FY',
        { fiscalYearStartMonth: 10 },
        '2026-10-01T00:00:00',
        'quarter',
        'FY2027-Q1',
        '2026-10-01T00:00:00',
        '2027-01-01T00:00:00',
      ],
      [
        'leap fiscal year',
        { fiscalYearStartMonth: 3 },
        '2028-02-29T10:00:00',
        'year',
        'FY2028',
        '2027-03-01T00:00:00',
        '2028-03-01T00:00:00',
      ],
      [
        '+01:00 day',
        { timezone: '+01:00' },
        '2026-11-21T23:30:00',
        'day',
        '2026-11-22',
        '2026-11-21T23:00:00',
        '2026-11-22T23:00:00',
      ],
      [
        '-05:30 month',
        { timezone: 'UTC-05:30' },
        '2026-12-01T03:00:00',
        'month',
        '2026-11',
        '2026-11-01T05:30:00',
        '2026-12-01T05:30:00',
      ],
      [
        '+01:00 ISO week',
        { timezone: '+01:00' },
        '2026-11-22T23:30:00',
        'week',
        '2026-W48',
        '2026-11-22T23:00:00',
        '2026-11-29T23:00:00',
      ],
    ];
    it.each(cases)('%s', (_name, over, at, type, key, start, end) => {
      const sut = new FiscalCalendar(calendar(over));
      expect(sut.periodOf(utc(at), type)).toEqual({ type, key, start: utc(start), end: utc(end) });
    });
  });

  describe('parsePeriodKey', () => {
    const sut = new FiscalCalendar(calendar({ fiscalYearStartMonth: 4 }));
    const cases: Array<[string, ReportingPeriod, string, string]> = [
      ['2026-11-22', 'day', '2026-11-22', '2026-11-22T00:00:00'],
      ['2026-W47', 'week', '2026-W47', '2026-11-16T00:00:00'],
      ['2026-11', 'month', '2026-11', '2026-11-01T00:00:00'],
      ['FY2027-Q3', 'quarter', 'FY2027-Q3', '2026-10-01T00:00:00'],
      ['2027-Q3', 'quarter', 'FY2027-Q3', '2026-10-01T00:00:00'],
      ['FY2027', 'year', 'FY2027', '2026-04-01T00:00:00'],
      ['2027', 'year', 'FY2027', '2026-04-01T00:00:00'],
    ];
    it.each(cases)('%s', (key, type, canonical, start) => {
      const period = sut.parsePeriodKey(key);
      expect([period.type, period.key, period.start]).toEqual([type, canonical, utc(start)]);
      expect(sut.periodOf(period.start, type)).toEqual(period);
    });

    it.each(['2026-02-29', '2026-13', '2026-00', '2026-W54', '2025-W53', 'FY2026-Q5', '26-11', '2026/11', '', 'FY'])(
      'refuses %j',
      (key) => {
        expect(sut.tryParsePeriodKey(key)).toBeNull();
        expect(() => sut.parsePeriodKey(key)).toThrow(/invalid period key/);
      },
    );

    it.each([
      ['2026-W53', true],
      ['2028-02-29', true],
      ['2027-02-29', false],
    ])('validates %s: %p', (key, ok) => {
      expect(isValidPeriodKey(key, calendar())).toBe(ok);
    });

    it('checks the period type when asked', () => {
      expect(isValidPeriodKey('2026-11', calendar(), 'month')).toBe(true);
      expect(isValidPeriodKey('2026-11', calendar(), 'quarter')).toBe(false);
    });
  });

  describe('navigation', () => {
    const sut = new FiscalCalendar(calendar({ fiscalYearStartMonth: 4 }));

    it.each([
      ['2026-01', '2025-12', '2026-02'],
      ['2026-W01', '2025-W52', '2026-W02'],
      ['2028-03-01', '2028-02-29', '2028-03-02'],
      ['FY2027-Q1', 'FY2026-Q4', 'FY2027-Q2'],
      ['FY2027', 'FY2026', 'FY2028'],
    ])('%s: previous %s, next %s', (key, previous, next) => {
      const period = sut.parsePeriodKey(key);
      expect(sut.previousPeriod(period).key).toBe(previous);
      expect(sut.nextPeriod(period).key).toBe(next);
    });

    it('lists the periods between two instants, both ends included', () => {
      const keys = sut
        .periodsBetween(utc('2026-11-15T00:00:00'), utc('2027-02-01T00:00:00'), 'month')
        .map((p) => p.key);
      expect(keys).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
      expect(sut.periodsBetween(10, 5, 'day')).toEqual([]);
    });

    it.each([
      ['2026-11-01T00:00:00', 0],
      ['2026-11-16T00:00:00', 0.5],
      ['2026-12-01T00:00:00', 1],
      ['2027-01-01T00:00:00', 1],
    ])('elapsedFraction at %s = %p', (now, expected) => {
      expect(sut.elapsedFraction(sut.parsePeriodKey('2026-11'), utc(now))).toBe(expected);
    });

    it('weeks tile time without gaps across many years', () => {
      const weeks = sut.periodsBetween(utc('2019-12-01T00:00:00'), utc('2032-01-31T00:00:00'), 'week');
      for (let i = 1; i < weeks.length; i++) expect(weeks[i].start).toBe(weeks[i - 1].end);
      for (const week of weeks) expect(sut.parsePeriodKey(week.key)).toEqual(week);
    });
  });

  describe('daylight saving time (IANA zones)', () => {
    const sut = new FiscalCalendar(calendar({ timezone: 'Europe/Berlin' }));
    it.each<[string, string, ReportingPeriod, string, string, string]>([
      ['winter day', '2026-01-15T12:00:00Z', 'day', '2026-01-15', '2026-01-14T23:00:00Z', '2026-01-15T23:00:00Z'],
      ['23-hour day', '2026-03-29T12:00:00Z', 'day', '2026-03-29', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z'],
      ['25-hour day', '2026-10-25T12:00:00Z', 'day', '2026-10-25', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z'],
      [
        'local midnight after UTC midnight',
        '2026-07-01T22:30:00Z',
        'day',
        '2026-07-02',
        '2026-07-01T22:00:00Z',
        '2026-07-02T22:00:00Z',
      ],
      [
        'March across the change',
        '2026-03-31T21:59:59Z',
        'month',
        '2026-03',
        '2026-02-28T23:00:00Z',
        '2026-03-31T22:00:00Z',
      ],
      [
        'week across the change',
        '2026-03-29T12:00:00Z',
        'week',
        '2026-W13',
        '2026-03-22T23:00:00Z',
        '2026-03-29T22:00:00Z',
      ],
      [
        'summer quarter',
        '2026-08-01T00:00:00Z',
        'quarter',
        'FY2026-Q3',
        '2026-06-30T22:00:00Z',
        '2026-09-30T22:00:00Z',
      ],
    ])('%s', (_name, at, type, key, start, end) => {
      expect(sut.periodOf(utc(at), type)).toEqual({ type, key, start: utc(start), end: utc(end) });
      expect(sut.parsePeriodKey(key)).toEqual(sut.periodOf(utc(at), type));
    });

    it('days tile time without gaps through a year of changes', () => {
      const days = sut.periodsBetween(utc('2026-01-01T00:00:00Z'), utc('2026-12-31T00:00:00Z'), 'day');
      for (let i = 1; i < days.length; i++) expect(days[i].start).toBe(days[i - 1].end);
      expect(days.map((d) => (d.end - d.start) / 3_600_000).filter((h) => h !== 24)).toEqual([23, 25]);
    });
  });

  it.each(['Mars/Olympus_Mons', '+25:00', 'bogus'])('refuses timezone %s', (timezone) => {
    expect(() => new FiscalCalendar(calendar({ timezone }))).toThrow(/unsupported timezone/);
  });

  it("agrees with the twin validator's period-key check (ISO weeks)", () => {
    const n = (max: number, width: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(width, '0'));
    const key = fc.oneof(
      fc.tuple(n(2100, 4), n(13, 2), n(32, 2)).map(([y, m, d]) => `${y}-${m}-${d}`),
      fc.tuple(n(2100, 4), n(54, 2)).map(([y, w]) => `${y}-W${w}`),
      fc.tuple(n(2100, 4), n(13, 2)).map(([y, m]) => `${y}-${m}`),
      fc
        .tuple(fc.constantFrom('', 'FY'), n(2100, 4), fc.integer({ min: 0, max: 5 }))
        .map(([fy, y, q]) => `${fy}${y}-Q${q}`),
      fc.tuple(fc.constantFrom('', 'FY'), n(2100, 4)).map(([fy, y]) => `${fy}${y}`),
    );
    const sut = new FiscalCalendar(calendar());
    fc.assert(
      fc.property(
        key.filter((k) => !k.startsWith('00')),
        (k) => {
          expect(sut.isValidPeriodKey(k)).toBe(parsePeriodKey(k) !== null);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
