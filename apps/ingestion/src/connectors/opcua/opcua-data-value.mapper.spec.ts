import { decodeDataValue } from 'node-opcua-data-value';
import { encodeDateTime } from 'node-opcua-date-time';
import { BinaryStream } from 'node-opcua-binary-stream';
import { DataType, Variant, VariantArrayType } from 'node-opcua-variant';
import { statusCodeToQuality } from '@bsc/common';
import { dataValueToSample, sampleTimestamp, variantToValue } from './opcua-data-value.mapper';

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
        'the server timestamp when the source one is 1970-01-01 (0 ms, no epoch time after it)',
        { sourceTimestamp: new Date(0), serverTimestamp: server },
        server.getTime(),
      ],
    ])('uses %s', (_case, dataValue, expected) => {
      expect(sampleTimestamp(dataValue, arrived)).toBe(expected);
    });
  });

  describe(`${sampleTimestamp.name} of DateTimes as they come off the wire`, () => {
    /**
     * OPC UA Part 6 5.2.2.5: "A date/time is encoded as the maximum value for an Int64 if ... the value is equal to
     * or greater than 9999-12-31 11:59:59PM UTC" and "a date/time value is encoded as 0 if ... the value is equal to
     * or earlier than 1601-01-01 12:00AM UTC"; "the earliest and latest times that can be represented on a given
     * platform are invalid date/time values and should be treated that way by Applications".
     */
    const MIN_DATE_TIME: [number, number] = [0, 0];
    const MAX_DATE_TIME: [number, number] = [0x7fffffff, 0xffffffff];
    const server = new Date('2026-11-20T08:00:01Z');
    const arrived = Date.UTC(2026, 10, 20, 8, 0, 2);

    /** A DataValue with only timestamps (encoding byte 0x04 source, 0x08 server), the source one as raw Int64 words. */
    function decoded(source: [number, number], serverTimestamp: [number, number] | Date) {
      const stream = new BinaryStream(32);
      stream.writeUInt8(0x04 | 0x08);
      const writeWords = ([high, low]: [number, number]) => {
        stream.writeUInt32(low);
        stream.writeUInt32(high);
      };
      writeWords(source);
      if (serverTimestamp instanceof Date) encodeDateTime(serverTimestamp, stream);
      else writeWords(serverTimestamp);
      stream.rewind();
      return decodeDataValue(stream);
    }

    // MaxInt64 100 ns ticks: 922,337,203,685,477 ms after 1601, less 11,644,473,600,000 ms to 1970 =
    // 910,692,730,085,477 ms, a date in the year 30828 that node-opcua decodes as it is: no time a device measured.
    it.each([
      ['the latest DateTime (MaxInt64)', MAX_DATE_TIME],
      ['the earliest DateTime (0, 1601-01-01)', MIN_DATE_TIME],
    ])('takes the server timestamp when the source one is %s', (_case, source) => {
      expect(sampleTimestamp(decoded(source, server), arrived)).toBe(server.getTime());
    });

    it('takes the arrival time when both timestamps are the latest DateTime', () => {
      expect(sampleTimestamp(decoded(MAX_DATE_TIME, MAX_DATE_TIME), arrived)).toBe(arrived);
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

    /**
     * OPC UA Part 4 7.34.1: bit 7 Overflow (InfoType DataValue, bits 11-10 = 01) is set when "the Server's queue
     * buffer for the MonitoredItem reached its limit and had to purge out data": it describes the delivery, not the
     * value. "NotUsed (00): the info bits are not used and shall be set to zero", so with no info bit left the
     * InfoType says nothing either. A reading first delivered with Overflow and re-sent after a reconnect without
     * it is the same reading: UncertainLastUsableValue 0x40900000 | InfoType 0x400 | Overflow 0x80 = 0x40900480,
     * kept as 0x40900000; with the LimitLow bit (0x100) kept: 0x40900580 -> 0x40900500.
     */
    it.each([
      ['an Uncertain code with only the Overflow bit', 0x40900480, 0x40900000],
      ['an Uncertain code with the Overflow and the LimitLow bits', 0x40900580, 0x40900500],
      ['a Bad code with the Overflow bit', 0x808c0480, 0x808c0000],
    ])('keeps %s without the Overflow bit', (_case, sent, kept) => {
      const sut = dataValueToSample(speed, 'n', { value: { value: 1 }, statusCode: { value: sent } }, 3_000);
      expect(sut.statusCode).toBe(kept);
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
