import type { ClientSession } from 'node-opcua';
import { readItemLimits } from './opcua-server-limits';

// node-opcua at load starts an RSA self-check that logs after a quick spec has ended; the enums read here come from
// the parts that define them.
jest.mock('node-opcua', () => ({
  ...jest.requireActual<object>('node-opcua-constants'),
  ...jest.requireActual<object>('node-opcua-data-model'),
}));

/** A status as node-opcua gives it: `isGood()` compares the whole 32 bits with 0, flag bits included. */
const status = (value: number) => ({ value, isGood: () => value === 0 });

/** A session whose Read answers the three limits with these values and statuses, in order. */
function sessionReading(answers: ReadonlyArray<[number, number]>): ClientSession {
  const read = () => Promise.resolve(answers.map(([value, code]) => ({ value: { value }, statusCode: status(code) })));
  return { read } as unknown as ClientSession;
}

describe(readItemLimits.name, () => {
  it('takes a limit read with a Good status that carries flag bits, and ignores one read with a Bad status', async () => {
    // Part 4 7.34.1: severity is bits 31-30, bits 15-0 are flags.
    // 0x00004000 (Good with SemanticsChanged) >>> 30 = 0: Good, the limit 500 holds.
    // 0x00000400 (Good, InfoType DataValue) >>> 30 = 0: Good, the limit 2000 holds.
    // 0x80000400 (Bad with the same flag) >>> 30 = 2: Bad, its 7 is no limit.
    const sut = await readItemLimits(
      sessionReading([
        [500, 0x00004000],
        [2_000, 0x00000400],
        [7, 0x80000400],
      ]),
    );

    expect(sut).toEqual({
      maxMonitoredItemsPerCall: 500,
      maxMonitoredItemsPerSubscription: 2_000,
      maxSubscriptionsPerSession: undefined,
    });
  });
});
