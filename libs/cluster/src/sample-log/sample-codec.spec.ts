import {
  decodeRebuild,
  decodeSample,
  encodeRebuild,
  encodeSample,
  forwardedMessageId,
  LogEntryError,
  rebuildMessageId,
  sampleMessageId,
  type LoggedSample,
} from './sample-codec';

describe(encodeSample.name, () => {
  it.each<[string, LoggedSample, string]>([
    [
      'a plain numeric sample',
      { signalId: 'line1.good', ts: 1_000, value: 2.5, quality: 'good', source: 'mqtt', receivedAt: 1_005 },
      '["line1.good",1000,2.5,"good","mqtt",1005]',
    ],
    [
      'a bad sample without a value, with its status code',
      {
        signalId: 'line1.scrap',
        ts: 1_000,
        value: Number.NaN,
        quality: 'bad',
        source: 'opcua:plant',
        statusCode: 2150891520,
        receivedAt: 1_005,
      },
      '["line1.scrap",1000,null,"bad","opcua:plant",1005,null,2150891520]',
    ],
    [
      'a text sample of simulated history',
      {
        signalId: 'shift.lead',
        ts: 1_000,
        value: Number.NaN,
        quality: 'good',
        source: 'simulator',
        text: 'Ada',
        receivedAt: 9_000,
        knownAt: 1_000,
      },
      '["shift.lead",1000,null,"good","simulator",9000,"Ada",null,1000]',
    ],
  ])('writes %s positionally and reads it back unchanged', (_, sample, wire) => {
    expect(encodeSample(sample)).toBe(wire);
    expect(decodeSample(wire)).toEqual(sample);
  });

  describe(sampleMessageId.name, () => {
    const first: LoggedSample = {
      signalId: 'line1.good',
      ts: 1_000,
      value: 1,
      quality: 'good',
      source: 'mqtt',
      receivedAt: 5,
    };

    it('names the signal and timestamp, as the samples table keys a sample', () => {
      expect(sampleMessageId(first)).toMatch(/^line1\.good@1000#/);
    });

    it('gives an exact repeat the same id, whoever sent it and when, so JetStream drops it', () => {
      // same reading (value 1, good, no text, no status) from another intake 2 s later
      const repeat: LoggedSample = { ...first, source: 'http', receivedAt: 2_005 };
      expect(sampleMessageId(repeat)).toBe(sampleMessageId(first));
      // "no value" equals itself, as sameReading has it
      const empty = { ...first, value: Number.NaN, quality: 'bad' as const };
      expect(sampleMessageId({ ...empty })).toBe(sampleMessageId(empty));
    });

    it.each<[string, Partial<LoggedSample>]>([
      ['value', { value: 5 }],
      ['quality', { quality: 'uncertain' }],
      ['text', { text: 'Ada' }],
      ['status code', { statusCode: 0x408f0000 }],
    ])('gives another %s at the same signal and time another id, so it reaches a worker', (_, change) => {
      // {line1.good, 1000, 1, good} stored; {line1.good, 1000, 5, good} offered: JetStream must not take it for a
      // re-publish, the worker tells it is a conflicting_duplicate
      expect(sampleMessageId({ ...first, ...change })).not.toBe(sampleMessageId(first));
    });
  });

  it('names the target partition in the id of a forwarded sample, so it is not taken for the intake message', () => {
    const s = { signalId: 'line1.good', ts: 1_000, value: 1, quality: 'good' as const, source: 'x' };
    expect(forwardedMessageId(s, 3)).toBe(`${sampleMessageId(s)}>3`);
  });

  it('writes a rebuild request as [signal, from, version] and reads it back in its partition', () => {
    const marker = { partition: 2, signalId: 'line1.good', fromTs: 1_000, version: 7 };
    expect(encodeRebuild(marker)).toBe('["line1.good",1000,7]');
    expect(decodeRebuild('["line1.good",1000,7]', 2)).toEqual(marker);
    expect(rebuildMessageId(marker)).toBe('rebuild:line1.good@1000>2/v7');
  });
});

describe(decodeSample.name, () => {
  it.each<[string, string, string]>([
    ['text that is not JSON', '["s1",1000', 'not JSON'],
    ['JSON that is not an array', '{"signalId":"s1"}', 'not an array of 6 to 9 fields'],
    ['too few fields', '["s1",1000,1,"good","mqtt"]', 'not an array of 6 to 9 fields'],
    ['too many fields', '["s1",1000,1,"good","mqtt",1005,null,null,1000,4]', 'not an array of 6 to 9 fields'],
    ['an empty signal id', '["",1000,1,"good","mqtt",1005]', 'invalid signal id: ""'],
    ['a numeric signal id', '[7,1000,1,"good","mqtt",1005]', 'invalid signal id: 7'],
    ['a fractional timestamp', '["s1",1000.5,1,"good","mqtt",1005]', 'invalid timestamp: 1000.5'],
    ['a timestamp as text', '["s1","1000",1,"good","mqtt",1005]', 'invalid timestamp: "1000"'],
    ['a value as text', '["s1",1000,"1","good","mqtt",1005]', 'invalid value: "1"'],
    ['a value beyond a double', '["s1",1000,1e999,"good","mqtt",1005]', 'invalid value: null'],
    ['an unknown quality', '["s1",1000,1,"fine","mqtt",1005]', 'invalid quality: "fine"'],
    ['a missing source', '["s1",1000,1,"good",null,1005]', 'invalid source: null'],
    ['no receipt time', '["s1",1000,1,"good","mqtt",null]', 'invalid receipt time: null'],
    ['a text that is a number', '["s1",1000,null,"good","mqtt",1005,5]', 'invalid text: 5'],
    ['a fractional status code', '["s1",1000,1,"bad","mqtt",1005,null,2.5]', 'invalid status code: 2.5'],
    ['a known-at time as text', '["s1",1000,1,"good","mqtt",1005,null,null,"x"]', 'invalid known-at time: "x"'],
  ])('refuses %s with a LogEntryError saying what is wrong', (_, wire, message) => {
    expect(() => decodeSample(wire)).toThrow(LogEntryError);
    expect(() => decodeSample(wire)).toThrow(message);
  });

  it('refuses a rebuild request that is not [signal, from, version]', () => {
    expect(() => decodeRebuild('["s1",1000]', 0)).toThrow('not an array of 3 fields');
    expect(() => decodeRebuild('["s1",1000,"v2"]', 0)).toThrow('invalid model version: "v2"');
    expect(() => decodeRebuild('[null,1000,2]', 0)).toThrow('invalid signal id: null');
  });
});
