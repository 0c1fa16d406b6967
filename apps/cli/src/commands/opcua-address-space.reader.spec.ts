import { browseOpcUa } from './opcua-address-space.reader';

/** A Browse result status as node-opcua gives it: `isNotGood()` compares the whole 32 bits with 0, flags included. */
const status = (value: number, name: string) => ({ value, name, isNotGood: () => value !== 0 });

// One server whose root has a single folder; the status of the root's Browse result is set per test.
const server = { rootStatus: status(0, 'Good') };

// The parts of node-opcua the walk uses, without a server (the real package also starts an RSA self-check at load).
jest.mock('node-opcua', () => {
  const id = (text: string) => ({ toString: () => text });
  const session = {
    browse: (requests: unknown[]) =>
      Promise.resolve(
        requests.map(() => ({
          statusCode: server.rootStatus,
          references: [{ nodeId: id('ns=1;s=Line'), browseName: id('1:Line'), nodeClass: 1 }],
          continuationPoint: null,
        })),
      ),
    read: () => Promise.resolve([]),
    close: () => Promise.resolve(),
  };
  return {
    setWarningLogger: () => undefined,
    setErrorLogger: () => undefined,
    OPCUACertificateManager: class {
      dispose = () => Promise.resolve();
    },
    OPCUAClient: {
      create: () => ({
        connect: () => Promise.resolve(),
        createSession: () => Promise.resolve(session),
        disconnect: () => Promise.resolve(),
      }),
    },
    MessageSecurityMode: { None: 1 },
    UserTokenType: { Anonymous: 0 },
    BrowseDirection: { Forward: 0 },
    NodeClass: { 1: 'Object' },
    resolveNodeId: id,
  };
});

describe(browseOpcUa.name, () => {
  const options = { depth: 1, securityMode: 'None' as const, securityPolicy: 'None', timeout: 1_000, pki: 'unused' };

  it('browses a node whose result is Good with flag bits, and stops at a Bad one (Part 4 7.34.1 severity)', async () => {
    // Severity is bits 31-30, bits 15-0 are flags. 0x00000400 (Good, InfoType DataValue) >>> 30 = 0: Good, the
    // folder under the root is listed.
    server.rootStatus = status(0x00000400, 'Good#InfoTypeDataValue');
    const sut = await browseOpcUa('opc.tcp://plant:4840', 'i=85', options);
    expect(sut.map((n) => [n.nodeId, n.browseName, n.nodeClass, n.depth])).toEqual([
      ['ns=1;s=Line', '1:Line', 'Object', 1],
    ]);

    // 0x80340400 (BadNodeIdUnknown with the same flag) >>> 30 = 2: Bad, the root cannot be browsed.
    server.rootStatus = status(0x80340400, 'BadNodeIdUnknown#InfoTypeDataValue');
    await expect(browseOpcUa('opc.tcp://plant:4840', 'i=85', options)).rejects.toThrow(
      'cannot browse i=85: BadNodeIdUnknown#InfoTypeDataValue',
    );
  });
});
