import { parseIntakeBody } from './intake-request';

const NOW = Date.UTC(2026, 10, 22, 12);

describe(parseIntakeBody.name, () => {
  it.each([
    ['null', null],
    ['an array', []],
    ['samples not an array', { samples: {} }],
    ['no samples', { samples: [] }],
    ['too many', { samples: [{}, {}, {}] }],
  ])('refuses %s as a whole', (_, body) => {
    const sut = parseIntakeBody(body, 2, NOW);
    expect(sut.ok).toBe(false);
    expect(!sut.ok && sut.message.length > 0).toBe(true);
  });

  it('keeps good items and reports bad ones by index', () => {
    const sut = parseIntakeBody(
      {
        samples: [
          { signal: 'a', ts: '2026-11-22T11:00:00Z', value: 1 },
          { signal: 'a', value: 2 },
          'x',
          { signal: 'a', ts: 'soon', value: 3 },
          { signal: 'b', ts: NOW, value: 4, quality: 'bad' },
        ],
      },
      10,
      NOW,
    );
    expect(sut).toMatchObject({
      ok: true,
      indices: [0, 1, 4],
      errors: [
        { index: 2, reason: 'malformed_item' },
        { index: 3, reason: 'invalid_timestamp' },
      ],
    });
    expect(sut.ok && sut.samples).toEqual([
      { signalId: 'a', ts: Date.UTC(2026, 10, 22, 11), value: 1, quality: undefined, source: 'http' },
      { signalId: 'a', ts: NOW, value: 2, quality: undefined, source: 'http' },
      { signalId: 'b', ts: NOW, value: 4, quality: 'bad', source: 'http' },
    ]);
    // Every refused item says why.
    expect(sut.ok && sut.errors.every((e) => e.detail.length > 0)).toBe(true);
  });

  // Samples are kept once per signal and time (the first): an exact repeat is a duplicate, counted; the same signal
  // and time with another value is a conflict, and the item that loses it is refused with its index, not dropped.
  it('refuses an item that repeats the signal and time of an earlier one with another value', () => {
    const sut = parseIntakeBody(
      {
        samples: [
          { signal: 'a', ts: NOW, value: 3 },
          { signal: 'a', ts: NOW, value: 3 },
          { signal: 'a', ts: new Date(NOW).toISOString(), value: 5 },
          { signal: 'b', ts: NOW, value: 5 },
        ],
      },
      10,
      NOW,
    );
    expect(sut).toMatchObject({
      ok: true,
      indices: [0, 1, 3],
      errors: [
        {
          index: 2,
          reason: 'conflicting_duplicate',
          detail: 'samples[2] has the signal and ts of samples[0] with another value',
        },
      ],
    });
  });
});
