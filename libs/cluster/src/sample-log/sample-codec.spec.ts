import {
  decodeRebuild,
  decodeSample,
  encodeRebuild,
  encodeSample,
  forwardedMessageId,
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

  it('identifies a sample by signal and timestamp, as the samples table does', () => {
    expect(sampleMessageId({ signalId: 'line1.good', ts: 1_000, value: 1, quality: 'good', source: 'x' })).toBe(
      'line1.good@1000',
    );
  });

  it('names the target partition in the id of a forwarded sample, so it is not taken for the intake message', () => {
    const s = { signalId: 'line1.good', ts: 1_000, value: 1, quality: 'good' as const, source: 'x' };
    expect(forwardedMessageId(s, 3)).toBe('line1.good@1000>3');
  });

  it('writes a rebuild request as [signal, from, version] and reads it back in its partition', () => {
    const marker = { partition: 2, signalId: 'line1.good', fromTs: 1_000, version: 7 };
    expect(encodeRebuild(marker)).toBe('["line1.good",1000,7]');
    expect(decodeRebuild('["line1.good",1000,7]', 2)).toEqual(marker);
    expect(rebuildMessageId(marker)).toBe('rebuild:line1.good@1000>2/v7');
  });
});
