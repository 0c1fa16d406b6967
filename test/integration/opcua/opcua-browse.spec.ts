import { Command } from 'commander';
import { OPCUA_BROWSE_EXIT, registerOpcuaBrowseCommand } from '../../../apps/cli/src/commands/opcua-browse.command';
import { browseOpcUa, type OpcuaBrowseOptions } from '../../../apps/cli/src/commands/opcua-address-space.reader';
import type { SimulatorOpcUaServer } from '../../../apps/ingestion/src/simulator/transports/simulator-opcua-server';
import { freePort, startTestServer, tempDir } from './opcua-test-kit';

jest.setTimeout(60_000);

describe('bsc opcua browse', () => {
  const serverPki = tempDir('opcua-browse-server-pki');
  const clientPki = tempDir('opcua-browse-client-pki');
  let server: SimulatorOpcUaServer;
  const options: OpcuaBrowseOptions = {
    depth: 4,
    securityMode: 'None',
    securityPolicy: 'None',
    timeout: 5_000,
    pki: clientPki.path,
  };

  const run = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const result = { code: -1, out: '', err: '' };
    const program = new Command().exitOverride();
    registerOpcuaBrowseCommand(program, {
      stdout: { write: (t: string) => (result.out += t) },
      stderr: { write: (t: string) => (result.err += t) },
      setExitCode: (c) => (result.code = c),
    });
    await program.parseAsync(['node', 'bsc', 'opcua', 'browse', ...args]);
    return result;
  };

  beforeAll(async () => {
    server = await startTestServer({ resourcePath: '/UA/Browse', pkiDir: serverPki.path, rootName: 'ACME' });
    server.setValue('Line1.Speed', 480.5);
  });

  afterAll(async () => {
    await server.stop();
    serverPki.remove();
    clientPki.remove();
  });

  // From the plant folder: reading the standard Server object's typed arrays trips a realm check under Jest.
  it('lists the nodes below a folder with data types and current values', async () => {
    const sut = await browseOpcUa(server.endpointUrl, 'ns=1;s=ACME', options);

    expect(sut).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'ns=1;s=Line1', browseName: '1:Line1', nodeClass: 'Object', depth: 1 }),
        expect.objectContaining({
          nodeId: 'ns=1;s=Line1.Speed',
          browseName: '1:Speed',
          nodeClass: 'Variable',
          dataType: 'Double',
          value: 480.5,
          statusCode: 'Good',
        }),
        expect.objectContaining({
          nodeId: 'ns=1;s=Line2.Oven.Temperature',
          nodeClass: 'Variable',
          dataType: 'Double',
          value: 180,
          depth: 3,
        }),
      ]),
    );
  });

  it('starts at a given node and honours --depth, printing JSON', async () => {
    const sut = await run(server.endpointUrl, 'ns=1;s=Line2', '--depth', '1', '--json');

    expect(sut.code).toBe(OPCUA_BROWSE_EXIT.ok);
    const body = JSON.parse(sut.out) as { root: string; nodes: Array<{ nodeId: string }> };
    expect(body.root).toBe('ns=1;s=Line2');
    expect(body.nodes.map((n) => n.nodeId)).toEqual(['ns=1;s=Line2.Oven']);
  });

  it('prints a table by default', async () => {
    const sut = await run(server.endpointUrl, 'ns=1;s=Line1', '--depth', '1');

    expect(sut.code).toBe(OPCUA_BROWSE_EXIT.ok);
    expect(sut.out.split('\n')[0]).toMatch(/^BROWSE NAME\s+NODE ID\s+CLASS\s+DATA TYPE\s+VALUE$/);
    expect(sut.out).toMatch(/1:Speed\s+ns=1;s=Line1\.Speed\s+Variable\s+Double\s+480\.5/);
  });

  it('fails fast with exit code 2 when the endpoint is unreachable', async () => {
    const port = await freePort();

    const sut = await run(`opc.tcp://127.0.0.1:${port}/UA/None`, '--timeout', '3000');

    expect(sut.code).toBe(OPCUA_BROWSE_EXIT.unreachable);
    expect(sut.err).toMatch(/cannot connect to opc\.tcp:\/\/127\.0\.0\.1:\d+\/UA\/None/);
  });
});
