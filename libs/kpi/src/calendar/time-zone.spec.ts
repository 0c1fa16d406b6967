import { createTimeZone, parseUtcOffset } from './time-zone';

const HOUR = 3_600_000;

describe(createTimeZone.name, () => {
  it.each<[string, number | null]>([
    ['UTC', 0],
    ['Z', 0],
    ['+01:00', HOUR],
    ['-05:30', -5.5 * HOUR],
    ['UTC+02:00', 2 * HOUR],
    ['+0100', HOUR],
    ['+15:00', null],
    ['+01:60', null],
    ['Europe/Berlin', null],
  ])('parseUtcOffset(%s) = %p', (text, expected) => {
    expect(parseUtcOffset(text)).toBe(expected);
  });

  it.each<[string, number]>([
    ['+05:30', 0.5 * HOUR],
    ['-05:30', 0.5 * HOUR],
    ['+05:45', 0.75 * HOUR],
    ['Europe/Berlin', 0],
    ['Asia/Kolkata', 0.5 * HOUR],
  ])('aligns hour buckets with local hours in %s', (name, alignment) => {
    expect(createTimeZone(name).hourAlignmentMs).toBe(alignment);
  });

  it.each<[string, boolean]>([
    ['+05:30', false],
    ['Europe/Berlin', false],
    ['Australia/Adelaide', false],
    ['America/St_Johns', false],
    ['Australia/Lord_Howe', true],
  ])('says whether local hours start at another minute in winter in %s: %p', (name, changes) => {
    expect(createTimeZone(name).hourAlignmentChanges).toBe(changes);
  });

  it('knows the offset on both sides of a daylight saving change', () => {
    const sut = createTimeZone('Europe/Berlin');
    expect(sut.offsetAt(Date.UTC(2026, 2, 29, 0, 59))).toBe(HOUR);
    expect(sut.offsetAt(Date.UTC(2026, 2, 29, 1, 0))).toBe(2 * HOUR);
    expect(sut.instantOf(Date.UTC(2026, 6, 1))).toBe(Date.UTC(2026, 5, 30, 22));
    expect(sut.instantOf(Date.UTC(2026, 0, 1))).toBe(Date.UTC(2025, 11, 31, 23));
  });

  // Hand-checked against the tz rules (2026 dates):
  // - Adelaide: ACDT +10:30 ends Sun 5 Apr 03:00 local -> 02:00 ACST +09:30, i.e. at 03:00 - 10:30 = 4 Apr 16:30 UTC;
  //   ACST +09:30 ends Sun 4 Oct 02:00 local -> 03:00 ACDT, i.e. at 02:00 - 09:30 = 3 Oct 16:30 UTC.
  // - St John's: NST -03:30 ends Sun 8 Mar 02:00 local, i.e. at 02:00 + 03:30 = 05:30 UTC;
  //   NDT -02:30 ends Sun 1 Nov 02:00 local, i.e. at 02:00 + 02:30 = 04:30 UTC.
  // - Lord Howe (a 30-minute shift): LHST +10:30 ends Sun 4 Oct 02:00 local -> 02:30, i.e. at 3 Oct 15:30 UTC;
  //   LHDT +11:00 ends Sun 5 Apr 02:00 local -> 01:30, i.e. at 02:00 - 11:00 = 4 Apr 15:00 UTC.
  it.each<[string, number, number, number]>([
    ['Australia/Adelaide', Date.UTC(2026, 3, 4, 16, 30), 10.5 * HOUR, 9.5 * HOUR],
    ['Australia/Adelaide', Date.UTC(2026, 9, 3, 16, 30), 9.5 * HOUR, 10.5 * HOUR],
    ['America/St_Johns', Date.UTC(2026, 2, 8, 5, 30), -3.5 * HOUR, -2.5 * HOUR],
    ['America/St_Johns', Date.UTC(2026, 10, 1, 4, 30), -2.5 * HOUR, -3.5 * HOUR],
    ['Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15, 30), 10.5 * HOUR, 11 * HOUR],
    ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15, 0), 11 * HOUR, 10.5 * HOUR],
  ])('switches the offset of %s exactly at the transition %#', (name, transition, before, after) => {
    const sut = createTimeZone(name);

    // the hour before first, so the hour of the transition is cached from its start
    expect(sut.offsetAt(transition - HOUR)).toBe(before);
    expect(sut.offsetAt(transition - 1)).toBe(before);
    expect(sut.offsetAt(transition)).toBe(after);
    expect(sut.offsetAt(transition + 15 * 60_000)).toBe(after);
    expect(sut.offsetAt(transition + HOUR)).toBe(after);
  });

  it('finds local midnights next to half-hour transitions', () => {
    // Adelaide 3 Oct 2026 00:00 is still ACST (+09:30): 2 Oct 14:30 UTC; 4 Oct 00:00 is ACST too (the change is at 02:00).
    expect(createTimeZone('Australia/Adelaide').instantOf(Date.UTC(2026, 9, 4))).toBe(Date.UTC(2026, 9, 3, 14, 30));
    // St John's 8 Mar 2026 03:00 NDT (-02:30), right after the gap: 05:30 UTC.
    expect(createTimeZone('America/St_Johns').instantOf(Date.UTC(2026, 2, 8, 3))).toBe(Date.UTC(2026, 2, 8, 5, 30));
    // Lord Howe 4 Oct 2026 03:00 LHDT (+11:00): 3 Oct 16:00 UTC; 5 Oct 00:00 LHDT: 4 Oct 13:00 UTC.
    expect(createTimeZone('Australia/Lord_Howe').instantOf(Date.UTC(2026, 9, 4, 3))).toBe(Date.UTC(2026, 9, 3, 16));
    expect(createTimeZone('Australia/Lord_Howe').instantOf(Date.UTC(2026, 9, 5))).toBe(Date.UTC(2026, 9, 4, 13));
  });

  // Where clocks go back, the wall times of the repeated stretch happen twice: the first time is when they begin.
  // - Amman, 29 Oct 2021: +03:00 until 01:00 local, then 00:00 at +02:00 (at 28 Oct 22:00 UTC).
  // - Berlin, 25 Oct 2026: CEST +02:00 until 03:00 local, then 02:00 CET +01:00 (at 01:00 UTC).
  // - New York, 1 Nov 2026: EDT -04:00 until 02:00 local, then 01:00 EST -05:00 (at 06:00 UTC).
  // - Lord Howe, 5 Apr 2026: +11:00 until 02:00 local, then 01:30 at +10:30 (at 4 Apr 15:00 UTC).
  it.each<[string, number, number]>([
    ['Asia/Amman', Date.UTC(2021, 9, 29), Date.UTC(2021, 9, 28, 21)],
    ['Asia/Amman', Date.UTC(2021, 9, 29, 0, 30), Date.UTC(2021, 9, 28, 21, 30)],
    ['Asia/Amman', Date.UTC(2021, 9, 29, 1), Date.UTC(2021, 9, 28, 23)],
    ['Europe/Berlin', Date.UTC(2026, 9, 25, 2, 30), Date.UTC(2026, 9, 25, 0, 30)],
    ['America/New_York', Date.UTC(2026, 10, 1, 1, 30), Date.UTC(2026, 10, 1, 5, 30)],
    ['Australia/Lord_Howe', Date.UTC(2026, 3, 5, 1, 45), Date.UTC(2026, 3, 4, 14, 45)],
  ])('resolves a repeated wall time in %s to its first occurrence %#', (name, wall, instant) => {
    expect(createTimeZone(name).instantOf(wall)).toBe(instant);
  });

  it('resolves a wall time inside a spring-forward gap to after the gap', () => {
    const sut = createTimeZone('Europe/Berlin');
    // 02:30 local on 29 March 2026 does not exist (clocks jump from 02:00 to 03:00 = 01:00 UTC).
    expect(sut.instantOf(Date.UTC(2026, 2, 29, 2, 30))).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 29, 1));
  });

  it('refuses unknown zones', () => {
    expect(() => createTimeZone('Mars/Olympus_Mons')).toThrow(/unsupported timezone/);
  });
});
