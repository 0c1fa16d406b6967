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

  it('knows the offset on both sides of a daylight saving change', () => {
    const sut = createTimeZone('Europe/Berlin');
    expect(sut.offsetAt(Date.UTC(2026, 2, 29, 0, 59))).toBe(HOUR);
    expect(sut.offsetAt(Date.UTC(2026, 2, 29, 1, 0))).toBe(2 * HOUR);
    expect(sut.instantOf(Date.UTC(2026, 6, 1))).toBe(Date.UTC(2026, 5, 30, 22));
    expect(sut.instantOf(Date.UTC(2026, 0, 1))).toBe(Date.UTC(2025, 11, 31, 23));
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
