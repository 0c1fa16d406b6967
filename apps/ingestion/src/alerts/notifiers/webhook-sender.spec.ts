import { parseRetryAfter } from './webhook-sender';

describe(parseRetryAfter.name, () => {
  const now = Date.UTC(2026, 10, 22, 8);

  it.each<[string | null, number | undefined]>([
    [null, undefined],
    ['', undefined],
    ['7', 7_000],
    ['0', 0],
    [new Date(now + 30_000).toUTCString(), 30_000],
    [new Date(now - 30_000).toUTCString(), 0],
    ['soon', undefined],
  ])('reads %p as %p ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
});
