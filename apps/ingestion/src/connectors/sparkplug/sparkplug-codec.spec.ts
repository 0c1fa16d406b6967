import type { UMetric } from 'sparkplug-payload/lib/sparkplugbpayload';
import { org } from 'sparkplug-payload/lib/sparkplugPayloadProto';
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

/** A metric's value as a Sparkplug 3.0 edge node writes it: straight into its protobuf field, by the spec's rules. */
function specEncoded(datatype: number, field: 'intValue' | 'floatValue', wire: number): UMetric['value'] {
  const { Payload } = org.eclipse.tahu.protobuf;
  const bytes = Payload.encode(Payload.create({ timestamp: 1, metrics: [{ name: 'm', datatype, [field]: wire }] }));
  const decoded = decodeSparkplugPayload(bytes.finish());
  if (!decoded.ok) throw new Error(decoded.detail);
  return decoded.payload.metrics![0].value;
}

describe(decodeSparkplugPayload.name, () => {
  // Sparkplug 3.0 (6.4.16): Int8, Int16, Int32, UInt8, UInt16 and UInt32 travel in the uint32 int_value, negative
  // ones as two's complement of their own width: Int8 -23 as 256 - 23 = 233, Int16 -30000 as 65536 - 30000 = 35536,
  // Int32 -1 as 2^32 - 1. A Float is a float32: 1.1 arrives as 1.100000023841858 and means 1.1.
  it.each<[string, number, 'intValue' | 'floatValue', number, number]>([
    ['Int8 -23', 1, 'intValue', 233, -23],
    ['Int8 100', 1, 'intValue', 100, 100],
    ['Int16 -30000', 2, 'intValue', 35_536, -30_000],
    ['Int32 -1', 3, 'intValue', 4_294_967_295, -1],
    ['UInt8 200', 5, 'intValue', 200, 200],
    ['UInt16 60000', 6, 'intValue', 60_000, 60_000],
    ['UInt32 3,000,000,000', 7, 'intValue', 3_000_000_000, 3_000_000_000],
    ['Float 1.1', 9, 'floatValue', 1.1, 1.1],
    ['Float 0.1', 9, 'floatValue', 0.1, 0.1],
    // 2^24 + 1 has no float32: the nearest, 2^24 = 16777216, is what was sent
    ['Float 16777217', 9, 'floatValue', 16_777_217, 16_777_216],
  ])('reads %s as a spec 3.0 edge node encodes it', (_, datatype, field, wire, expected) => {
    expect(numericValue(specEncoded(datatype, field, wire))).toBe(expected);
  });

  it('reads no value from a UInt32 sent without one', () => {
    const { Payload } = org.eclipse.tahu.protobuf;
    const bytes = Payload.encode(Payload.create({ timestamp: 1, metrics: [{ name: 'm', datatype: 7 }] })).finish();
    const decoded = decodeSparkplugPayload(bytes);
    expect(decoded.ok && numericValue(decoded.payload.metrics![0].value)).toBeUndefined();
  });
});
