import { BinaryStream } from 'node-opcua-binary-stream';
import { DataType, Variant, VariantArrayType } from 'node-opcua-variant';
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
      [
        'the server timestamp without a source timestamp',
        { sourceTimestamp: null, serverTimestamp: server },
        server.getTime(),
      ],
      ['arrival time without any timestamp', { sourceTimestamp: null, serverTimestamp: null }, arrived],
      [
        'the server timestamp when the source one is the OPC UA minimum date',
        { sourceTimestamp: new Date(0), serverTimestamp: server },
        server.getTime(),
      ],
    ])('uses %s', (_case, dataValue, expected) => {
      expect(sampleTimestamp(dataValue, arrived)).toBe(expected);
    });
  });

  describe(variantToValue.name, () => {
    it.each([
      ['a double', 12.5, 12.5],
      ['true as 1', true, 1],
      ['false as 0', false, 0],
      ['a bigint as it is (the pipeline stores it if a double holds it)', 42n, 42n],
      ['a pair of numbers that is no 64-bit integer unchanged', [1, 5], [1, 5]],
      ['a string unchanged (the pipeline validates it)', 'RUN', 'RUN'],
      ['null', null, null],
      ['undefined as null', undefined, null],
    ])('maps %s', (_case, input, expected) => {
      expect(variantToValue(input)).toEqual(expected);
    });
  });

  describe(`${variantToValue.name} of 64-bit integers as node-opcua decodes them`, () => {
    /** The value as it comes off the wire: encoded and decoded again, so the `[high, low]` pair is node-opcua's. */
    function roundTrip(dataType: DataType, value: number | [number, number]): { value: unknown; dataType: number } {
      const sent = new Variant({ dataType, arrayType: VariantArrayType.Scalar, value });
      const stream = new BinaryStream(sent.binaryStoreSize());
      sent.encode(stream);
      stream.rewind();
      const received = new Variant();
      received.decode(stream);
      return { value: received.value, dataType: received.dataType };
    }

    // node-opcua cannot build -2^40 from a number; it is written as its words, 0xFFFFFF00_00000000.
    it.each<[string, DataType, number | [number, number], number | bigint]>([
      ['Int64 -5', DataType.Int64, -5, -5],
      ['Int64 -1', DataType.Int64, -1, -1],
      ['Int64 5', DataType.Int64, 5, 5],
      ['Int64 -2^40', DataType.Int64, [0xffffff00, 0], -1_099_511_627_776],
      ['UInt64 5', DataType.UInt64, 5, 5],
      ['UInt64 2^40', DataType.UInt64, 2 ** 40, 1_099_511_627_776],
      ['UInt64 2^32 - 1 (a low word above 2^31)', DataType.UInt64, [0, 0xffffffff], 4_294_967_295],
      ['Int64 2^53 + 1 as a bigint', DataType.Int64, [0x200000, 1], 9_007_199_254_740_993n],
      ['UInt64 2^64 - 1 as a bigint', DataType.UInt64, [0xffffffff, 0xffffffff], 2n ** 64n - 1n],
    ])('reads %s', (_, dataType, sent, expected) => {
      const { value, dataType: received } = roundTrip(dataType, sent);
      expect(variantToValue(value, received)).toBe(expected);
    });

    // A Float travels as a float32: 0.1 comes off the wire as 0.10000000149011612, which a "> 0.1" limit exceeds.
    it.each([
      ['Float 0.1', 0.1, 0.1],
      ['Float -273.15', -273.15, -273.15],
      ['Float 16777217 (2^24 + 1 has no float32; 2^24 is what was sent)', 16_777_217, 16_777_216],
    ])('reads %s as the decimal that was sent', (_, sent, expected) => {
      const { value, dataType } = roundTrip(DataType.Float, sent);
      expect(variantToValue(value, dataType)).toBe(expected);
    });

    it('gives a string signal an Int64 as its number, which the pipeline writes as text', () => {
      const sut = dataValueToSample({ signalId: 'batch', dataType: 'string' }, 'n', { value: roundTrip(8, -5) }, 0);
      expect(sut.value).toBe(-5);
    });
  });

  describe(dataValueToSample.name, () => {
    const speed = { signalId: 'line1.speed', dataType: 'double' } as const;

    it('builds a raw sample bound to the signal with the server as source and the status code kept', () => {
      const sut = dataValueToSample(
        speed,
        'plant-north-opc',
        {
          value: { value: 480 },
          statusCode: { value: 0x40900000 },
          sourceTimestamp: new Date(1_000),
          serverTimestamp: new Date(2_000),
        },
        3_000,
      );

      expect(sut).toEqual({
        signalId: 'line1.speed',
        ts: 1_000,
        value: 480,
        quality: 'uncertain',
        statusCode: 0x40900000,
        source: 'opcua:plant-north-opc',
      });
    });

    it('keeps a Bad status without a value (a deleted node) as a bad sample with its code', () => {
      // BadNodeIdUnknown = 0x80340000; no timestamps: arrival time
      const sut = dataValueToSample(speed, 'n', { value: null, statusCode: { value: 0x80340000 } }, 3_000);
      expect(sut).toEqual({
        signalId: 'line1.speed',
        ts: 3_000,
        value: null,
        quality: 'bad',
        statusCode: 0x80340000,
        source: 'opcua:n',
      });
    });

    it('leaves Good samples without a status code', () => {
      expect(
        dataValueToSample(speed, 'n', { value: { value: 1 }, statusCode: { value: 0 } }, 3_000),
      ).not.toHaveProperty('statusCode');
    });

    it.each([
      ['a String as it is', 'IPA-330', 'IPA-330'],
      ['a LocalizedText by its text', { locale: 'en', text: 'Running' }, 'Running'],
      ['a DateTime as the Date (the pipeline writes ISO 8601)', new Date(5_000), new Date(5_000)],
      ['a Boolean as it is (not 0/1)', true, true],
    ])('gives a string signal %s', (_case, input, expected) => {
      const sut = dataValueToSample(
        { signalId: 'recipe', dataType: 'string' },
        'n',
        { value: { value: input } },
        3_000,
      );
      expect(sut.value).toEqual(expected);
    });
  });
});
