import { encodeSparkplugPayload } from '../../../apps/ingestion/src/connectors/sparkplug/sparkplug-codec';
import { SeededRandom } from '../../../apps/ingestion/src/simulator/random/seeded-random';
import { SPARKPLUG_GROUP, valueOf } from './fault-rig';

export interface FloodMessage {
  topic: string;
  payload: Buffer;
  /** The good sample index it carries, or the reason code its dead letter must have ('sparkplug' when the reason varies). */
  expect: { good: number } | { reason: string };
}

/**
 * One kind of bad payload: how many, and the dead-letter reason each must get. The reasons follow from the
 * contract: JSON that does not parse is invalid_json, a number the JSON parser reads as Infinity is not_a_number,
 * a value outside the signal's range [-1e6, 1e6] is out_of_range, and so on.
 */
interface BadKind {
  count: number;
  reason: string;
  make(random: SeededRandom, ts: number): Buffer;
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');

function randomBytes(random: SeededRandom, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random.next() * 256);
  return bytes;
}

const BAD_KINDS: Record<string, BadKind> = {
  // A raw 0x00 is never valid JSON; the parser's message quotes it into the dead letter's detail.
  randomWithNul: {
    count: 400,
    reason: 'invalid_json',
    make: (random) => {
      const bytes = randomBytes(random, 1 + Math.floor(random.next() * 200));
      bytes[Math.floor(random.next() * bytes.length)] = 0;
      return bytes;
    },
  },
  invalidUtf8: {
    count: 150,
    reason: 'invalid_json',
    make: (_r, ts) => Buffer.concat([text('{"v":'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), text(`,"ts":${ts}}`)]),
  },
  notJson: { count: 150, reason: 'invalid_json', make: (_r, ts) => text(`{"v": 1, "ts": ${ts}`) },
  nan: { count: 100, reason: 'invalid_json', make: (_r, ts) => text(`{"v":NaN,"ts":${ts}}`) },
  infinity: { count: 100, reason: 'not_a_number', make: (_r, ts) => text(`{"v":1e999,"ts":${ts}}`) },
  huge: { count: 100, reason: 'out_of_range', make: (_r, ts) => text(`{"v":1e300,"ts":${ts}}`) },
  nulInString: { count: 100, reason: 'wrong_type', make: (_r, ts) => text(`{"v":"a\\u0000\\ud800b","ts":${ts}}`) },
  unreadableTs: { count: 100, reason: 'invalid_timestamp', make: () => text('{"v":1,"ts":"yesterday"}') },
  extremeTs: { count: 50, reason: 'invalid_timestamp', make: () => text('{"v":1,"ts":1e20}') },
  ancientTs: { count: 50, reason: 'ts_too_old', make: () => text('{"v":1,"ts":1}') },
  futureTs: { count: 50, reason: 'ts_in_future', make: (_r, ts) => text(`{"v":1,"ts":${ts + 10 * 365 * 86_400_000}}`) },
  noValue: { count: 50, reason: 'no_values', make: (_r, ts) => text(`{"w":1,"ts":${ts}}`) },
};

/** Garbage on a Sparkplug edge node the model does not bind: random bytes, truncated and alias-only payloads. */
function sparkplugGarbage(random: SeededRandom, ts: number): Buffer {
  const pick = random.next();
  if (pick < 0.5) return randomBytes(random, Math.floor(random.next() * 120));
  const valid = encodeSparkplugPayload({
    timestamp: ts,
    seq: 0,
    metrics: [
      { alias: 7, type: 'Double', value: random.next() },
      { name: 'X', type: 'Double', value: NaN },
    ],
  });
  return pick < 0.75 ? valid.subarray(0, Math.floor(random.next() * valid.length)) : valid;
}

export const SPARKPLUG_GARBAGE = 600;
export const TEN_MB = 10 * 1024 * 1024;

/**
 * `good` good samples mixed with every kind of bad payload, in a seeded random order: the same run every time.
 * The expected dead letters per reason are the kinds' counts (plus one payload_too_large for the 10 MB message).
 */
export function malformedFlood(
  seed: number,
  topic: string,
  good: number,
  base: number,
): { messages: FloodMessage[]; expectedReasons: Record<string, number> } {
  const random = new SeededRandom(seed);
  const messages: FloodMessage[] = [];
  for (let i = 0; i < good; i++)
    messages.push({ topic, payload: text(JSON.stringify({ v: valueOf(i), ts: base + i })), expect: { good: i } });
  const expectedReasons: Record<string, number> = {};
  for (const kind of Object.values(BAD_KINDS)) {
    for (let n = 0; n < kind.count; n++)
      messages.push({ topic, payload: kind.make(random, base + good + n), expect: { reason: kind.reason } });
    expectedReasons[kind.reason] = (expectedReasons[kind.reason] ?? 0) + kind.count;
  }
  const sparkplugTopic = `spBv1.0/${SPARKPLUG_GROUP}/DDATA/garbage-node/dev`;
  for (let n = 0; n < SPARKPLUG_GARBAGE; n++)
    messages.push({ topic: sparkplugTopic, payload: sparkplugGarbage(random, base), expect: { reason: 'sparkplug' } });
  const big = Buffer.alloc(TEN_MB, 0x20);
  big.write(`{"v":1,"ts":${base},"pad":"`);
  messages.push({ topic, payload: big, expect: { reason: 'payload_too_large' } });
  expectedReasons.payload_too_large = (expectedReasons.payload_too_large ?? 0) + 1;
  // Fisher-Yates with the seeded stream.
  for (let i = messages.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [messages[i], messages[j]] = [messages[j], messages[i]];
  }
  return { messages, expectedReasons };
}
