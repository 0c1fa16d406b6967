import { DataType, Variant, VariantArrayType } from 'node-opcua-variant';
import { itemProblemOf, OpcUaItemHealth, variantFits } from './opcua-item-health';

describe('OPC UA item health', () => {
  describe(variantFits.name, () => {
    it.each([
      ['double', 11, true], // Double
      ['double', 6, true], // Int32
      ['double', 12, false], // String: the node was retyped
      ['int', 13, false], // DateTime
      ['bool', 1, true], // Boolean
      ['string', 12, true],
      ['string', 13, true], // DateTime as text
      ['string', 11, true], // numbers as text
      ['string', 0, false], // Null
      // text the pipeline can write (toText): strings, numbers, booleans, dates; XmlElement and Guid decode as strings
      ['string', 16, true], // XmlElement
      ['string', 14, true], // Guid
      ['string', 21, true], // LocalizedText, by its text
      // no text: node-opcua gives a Buffer, objects; the pipeline dead-letters each value wrong_type
      ['string', 15, false], // ByteString
      ['string', 17, false], // NodeId
      ['string', 20, false], // QualifiedName
      ['string', 22, false], // ExtensionObject
      ['double', 15, false], // ByteString
    ] as const)('%s signal, variant type %i -> %s', (declared, variant, expected) => {
      expect(variantFits(declared, variant)).toBe(expected);
    });
  });

  describe(itemProblemOf.name, () => {
    it.each([
      ['a good double', 'double', { value: { dataType: 11 }, statusCode: { value: 0 } }, undefined],
      [
        'a deleted node',
        'double',
        { value: null, statusCode: { value: 0x80340000, name: 'BadNodeIdUnknown' } },
        'vanished from the server (BadNodeIdUnknown)',
      ],
      [
        'an invalid node id, named by its code',
        'double',
        { statusCode: { value: 0x80330000 } },
        'vanished from the server (0x80330000)',
      ],
      // Part 4 7.34.1: bits 15-0 are flags (StructureChanged is bit 15); the code is bits 31-16, 0x8034 here
      [
        'a deleted node whose code carries the StructureChanged flag',
        'double',
        { value: null, statusCode: { value: 0x80348000, name: 'BadNodeIdUnknown#StructureChanged' } },
        'vanished from the server (BadNodeIdUnknown#StructureChanged)',
      ],
      [
        'a retyped node',
        'double',
        { value: { dataType: 12 }, statusCode: { value: 0 } },
        'changed type: String values for a double signal',
      ],
      [
        'an uncertain retyped node',
        'int',
        { value: { dataType: 13 }, statusCode: { value: 0x40000000 } },
        'changed type: DateTime values for a int signal',
      ],
      [
        'a sensor failure (data, not an item problem)',
        'double',
        { value: { dataType: 11 }, statusCode: { value: 0x808c0000 } },
        undefined,
      ],
    ] as const)('%s', (_case, declared, dataValue, expected) => {
      expect(itemProblemOf(declared, dataValue)).toBe(expected);
    });
  });

  describe(`${itemProblemOf.name} of arrays`, () => {
    /**
     * OPC UA Part 6 5.2.2.16: a Variant's encoding byte says whether it holds one value or an array (bit 7) and an
     * array's dimensions (bit 6). A signal holds one value per sample, so a node that sends arrays (ValueRank >= 1)
     * is a node of another type: a Double[3] for a double signal is as unusable as a String.
     */
    const good = (variant: Variant) => ({ value: variant, statusCode: { value: 0 } });

    it.each([
      [
        'a Double array',
        'double',
        new Variant({ dataType: DataType.Double, arrayType: VariantArrayType.Array, value: [1, 2, 3] }),
        'changed type: Double array values for a double signal',
      ],
      [
        'a String array',
        'string',
        new Variant({ dataType: DataType.String, arrayType: VariantArrayType.Array, value: ['a', 'b'] }),
        'changed type: String array values for a string signal',
      ],
      [
        'a 2x2 Int32 matrix',
        'int',
        new Variant({
          dataType: DataType.Int32,
          arrayType: VariantArrayType.Matrix,
          dimensions: [2, 2],
          value: [1, 2, 3, 4],
        }),
        'changed type: Int32 matrix values for a int signal',
      ],
      ['a scalar Double', 'double', new Variant({ dataType: DataType.Double, value: 4 }), undefined],
    ] as const)('%s', (_case, declared, variant, expected) => {
      expect(itemProblemOf(declared, good(variant))).toBe(expected);
    });
  });

  describe(OpcUaItemHealth.name, () => {
    it('logs a problem once however often it repeats, lists it, and logs its end once', () => {
      const lines: Array<[string, boolean]> = [];
      const sut = new OpcUaItemHealth((message, recovered) => lines.push([message, recovered]));
      const item = { signalId: 'speed', nodeId: 'ns=1;s=Speed' };

      sut.observe(item, 'vanished from the server (BadNodeIdUnknown)', 1_000);
      sut.observe(item, 'vanished from the server (BadNodeIdUnknown)', 2_000);
      sut.observe(item, 'vanished from the server (BadNodeIdInvalid)', 2_500);
      expect(sut.list()).toEqual([{ ...item, problem: 'vanished from the server (BadNodeIdUnknown)', since: 1_000 }]);

      sut.observe(item, 'changed type: String values for a double signal', 3_000);
      sut.observe(item, undefined, 4_000);
      sut.observe(item, undefined, 5_000);

      expect(lines).toEqual([
        ['node ns=1;s=Speed (signal speed) vanished from the server (BadNodeIdUnknown)', false],
        ['node ns=1;s=Speed (signal speed) changed type: String values for a double signal', false],
        [
          'node ns=1;s=Speed (signal speed) delivers again after: changed type: String values for a double signal',
          true,
        ],
      ]);
      expect(sut.list()).toEqual([]);
    });
  });
});
