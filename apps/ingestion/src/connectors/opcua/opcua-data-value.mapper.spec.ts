import { dataValueToSample, sampleTimestamp, statusCodeToQuality, variantToValue } from './opcua-data-value.mapper';

describe('OPC UA data value mapping', () => {
  describe(statusCodeToQuality.name, () => {
    it.each([
      ['Good', 0x00000000, 'good'],
      ['GoodClamped', 0x30000000, 'good'],
      ['Good with info bits', 0x00000400, 'good'],
      ['Uncertain', 0x40000000, 'uncertain'],
      ['UncertainLastUsableValue', 0x40900000, 'uncertain'],
      ['UncertainSensorNotAccurate', 0x40930000, 'uncertain'],
      ['Bad', 0x80000000, 'bad'],
      ['BadSensorFailure', 0x808c0000, 'bad'],
      ['BadNodeIdUnknown', 0x80340000, 'bad'],
      ['reserved severity 11', 0xc0000000, 'bad'],
    ])('maps %s to %s', (_name, code, quality) => {
      expect(statusCodeToQuality(code)).toBe(quality);
    });
  });

  describe(sampleTimestamp.name, () => {
    const source = new Date('2026-11-20T08:00:00Z');
    const server = new Date('2026-11-20T08:00:01Z');
    const arrived = Date.UTC(2026, 10, 20, 8, 0, 2);

    it.each([
      ['the source timestamp when present', { sourceTimestamp: source, serverTimestamp: server }, source.getTime()],
      ['the server timestamp without a source timestamp', { sourceTimestamp: null, serverTimestamp: server }, server.getTime()],
      ['arrival time without any timestamp', { sourceTimestamp: null, serverTimestamp: null }, arrived],
      ['the server timestamp when the source one is the OPC UA minimum date', { sourceTimestamp: new Date(0), serverTimestamp: server }, server.getTime()],
    ])('uses %s', (_case, dataValue, expected) => {
      expect(sampleTimestamp(dataValue, arrived)).toBe(expected);
    });
  });

  describe(variantToValue.name, () => {
    it.each([
      ['a double', 12.5, 12.5],
      ['true as 1', true, 1],
      ['false as 0', false, 0],
      ['an Int64 [high, low] pair', [1, 5], 2 ** 32 + 5],
      ['a UInt64 with the low word above 2^31', [0, 0xffffffff], 0xffffffff],
      ['a bigint', BigInt(42), 42],
      ['a string unchanged (the pipeline validates it)', 'RUN', 'RUN'],
      ['null', null, null],
      ['undefined as null', undefined, null],
    ])('maps %s', (_case, input, expected) => {
      expect(variantToValue(input)).toEqual(expected);
    });
  });

  describe(dataValueToSample.name, () => {
    it('builds a raw sample bound to the signal with the server as source', () => {
      const sut = dataValueToSample(
        'line1.speed',
        'plant-north-opc',
        { value: { value: 480 }, statusCode: { value: 0x40900000 }, sourceTimestamp: new Date(1_000), serverTimestamp: new Date(2_000) },
        3_000,
      );

      expect(sut).toEqual({ signalId: 'line1.speed', ts: 1_000, value: 480, quality: 'uncertain', source: 'opcua:plant-north-opc' });
    });
  });
});
