import { durationMs, parseDuration } from './duration';

describe(parseDuration.name, () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
    ['2w', 1_209_600_000],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '15', 'm', '1y', '-1h', '1 h x'])('rejects %p', (text) => expect(parseDuration(text)).toBeNull());

  it('throws with the offending text', () => expect(() => durationMs('soon')).toThrow("invalid duration 'soon'"));
});
