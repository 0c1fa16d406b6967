import type { UMetric } from 'sparkplug-payload/lib/sparkplugbpayload';
import { decodeSparkplugPayload, encodeSparkplugPayload, numericValue } from './sparkplug-codec';

/** The metric's value as a host receives it: through the real protobuf encoding and decoding. */
function roundTrip(type: UMetric['type'], value: UMetric['value']): UMetric['value'] {
  const decoded = decodeSparkplugPayload(
    encodeSparkplugPayload({ timestamp: 1, metrics: [{ name: 'm', type, value }] }),
  );
  if (!decoded.ok) throw new Error(decoded.detail);
  return decoded.payload.metrics![0].value;
}

/** A 64-bit integer beyond what a number states exactly, written as its 32-bit words (protobufjs reads these). */
const words = (high: number, low: number, unsigned: boolean) =>
  ({ high, low, unsigned }) as unknown as UMetric['value'];

describe(numericValue.name, () => {
  it.each<[string, UMetric['type'], UMetric['value'], number | bigint | boolean | string]>([
    ['Int32 -5', 'Int32', -5, -5],
    ['UInt32 3,000,000,000', 'UInt32', 3_000_000_000, 3_000_000_000],
    ['Int64 -5', 'Int64', -5, -5],
    ['Int64 -1', 'Int64', -1, -1],
    ['Int64 5', 'Int64', 5, 5],
    ['Int64 -2^40', 'Int64', -(2 ** 40), -1_099_511_627_776],
    ['UInt64 5', 'UInt64', 5, 5],
    ['UInt64 2^40', 'UInt64', 2 ** 40, 1_099_511_627_776],
    // beyond ±2^53 as bigints: the pipeline stores those a double holds exactly and dead-letters the rest
    ['Int64 2^53 + 1', 'Int64', words(0x200000, 1, false), 9_007_199_254_740_993n],
    ['Int64 -2^53 - 1', 'Int64', words(0xffdfffff, 0xffffffff, false), -9_007_199_254_740_993n],
    ['UInt64 2^64 - 1', 'UInt64', words(0xffffffff, 0xffffffff, true), 2n ** 64n - 1n],
    ['Double 1.5', 'Double', 1.5, 1.5],
    ['Boolean true', 'Boolean', true, true],
    ['String RUN', 'String', 'RUN', 'RUN'],
  ])('reads %s', (_, type, sent, expected) => {
    expect(numericValue(roundTrip(type, sent))).toBe(expected);
  });

  it('reads no value from a missing one', () => {
    expect(numericValue(undefined)).toBeUndefined();
    expect(numericValue(null)).toBeUndefined();
  });
});
