import { DEAD_LETTER_PAYLOAD_LIMIT } from './pipeline-stores.port';
import { DEAD_LETTER_DETAIL_LIMIT, toDeadLetterRecord } from './dead-letter-record';

describe(toDeadLetterRecord.name, () => {
  const entry = (detail: string, raw: string) => ({
    source: 'mqtt',
    channel: 't/line1',
    reason: 'invalid_quality',
    detail,
    raw,
    receivedAt: 1,
  });

  it.each([
    // [case, detail length, payload length, detail kept]
    ['a short detail and payload, kept whole', 20, 10, 'd'.repeat(20)],
    ['a detail at the limit, kept whole', DEAD_LETTER_DETAIL_LIMIT, 10, 'd'.repeat(DEAD_LETTER_DETAIL_LIMIT)],
    ['a detail one longer, cut', DEAD_LETTER_DETAIL_LIMIT + 1, 10, `${'d'.repeat(DEAD_LETTER_DETAIL_LIMIT)}…`],
    [
      'both cut, the payload said so after the cut detail',
      8_000,
      DEAD_LETTER_PAYLOAD_LIMIT + 1,
      `${'d'.repeat(DEAD_LETTER_DETAIL_LIMIT)}… (payload cut to ${DEAD_LETTER_PAYLOAD_LIMIT} bytes)`,
    ],
  ])('%s', (_case, detailLength, payloadLength, detail) => {
    const sut = toDeadLetterRecord(entry('d'.repeat(detailLength), 'p'.repeat(payloadLength)));

    expect(sut.detail).toBe(detail);
    expect(sut.payload?.length).toBe(Math.min(payloadLength, DEAD_LETTER_PAYLOAD_LIMIT));
  });
});
