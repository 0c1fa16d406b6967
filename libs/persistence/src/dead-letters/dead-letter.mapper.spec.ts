import { toStorableDeadLetter } from './dead-letter.mapper';
import type { DeadLetter } from './dead-letter.types';

const aRecord = (overrides: Partial<Omit<DeadLetter, 'id'>> = {}): Omit<DeadLetter, 'id'> => ({
  receivedAt: 1,
  source: 'mqtt',
  channel: 't',
  reason: 'invalid_json',
  detail: 'd',
  payload: '{}',
  payloadEncoding: 'utf8',
  signalId: null,
  ...overrides,
});

describe(toStorableDeadLetter.name, () => {
  it('replaces 0x00 and lone surrogates in text fields and keeps a well-formed pair', () => {
    const sut = toStorableDeadLetter(
      aRecord({ detail: "token '\u0000' \ud800 😀 \udc00", channel: 'a\u0000', signalId: 'x\ud83d' }),
    );

    expect(sut).toMatchObject({ detail: "token '\uFFFD' \uFFFD 😀 \uFFFD", channel: 'a\uFFFD', signalId: 'x\uFFFD' });
  });

  it('keeps a text payload holding 0x00 byte for byte, as base64 of its UTF-8', () => {
    const sut = toStorableDeadLetter(aRecord({ payload: 'a\u0000b' }));

    // 61 00 62 → "YQBi"
    expect(sut).toMatchObject({ payload: 'YQBi', payloadEncoding: 'base64' });
  });

  it('cuts text to its column, repairing a surrogate pair the cut split', () => {
    const sut = toStorableDeadLetter(aRecord({ reason: `${'r'.repeat(63)}😀`, detail: 'd'.repeat(10_000) }));

    // 63 r + the high half of the emoji = 64 UTF-16 units; the half becomes U+FFFD.
    expect(sut.reason).toBe(`${'r'.repeat(63)}\uFFFD`);
    expect(sut.detail).toHaveLength(4 * 1024);
  });
});
